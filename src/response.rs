//! A response as data, and the one place that turns it into a value or an
//! [`Error`].
//!
//! Answers that do not come from the API itself (a proxy's HTML page, an
//! empty 503, a cut-off body) get an error that says so, instead of a JSON
//! parse message about "line 1 column 1".

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, ErrorKind, FieldError, RateLimit};
use crate::request::ApiRequest;
use crate::retry::retry_after_seconds;

/// The most characters of a foreign body an error keeps, as `body_preview`.
const PREVIEW_CHARS: usize = 200;

/// What came back from one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-Id` header, if the browser let us read it.
    pub request_id: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// The `X-RateLimit-*` headers.
    pub rate_limit: RateLimit,
    /// When the answer arrived, in Unix milliseconds: the clock an
    /// HTTP-date `Retry-After` is read against.
    pub received_at_ms: f64,
    /// The body as text.
    pub body: String,
}

/// The API's error body: `{ "error": { code, message, requestId, details } }`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorFields,
}

/// The fields of the API's error object.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorFields {
    pub(crate) code: String,
    pub(crate) message: String,
    #[serde(default)]
    pub(crate) request_id: Option<String>,
    #[serde(default)]
    pub(crate) details: Option<Vec<FieldError>>,
}

/// A serde message with the values it quotes (`invalid type: string "…"`)
/// cut out, so that a user's email or name never reaches an error message;
/// field names (in backticks) and positions stay.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push('…');
            }
            ('"', true) => quoted = false,
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// `word` after its indefinite article: "a text/html", "an untyped".
pub(crate) fn a_or_an(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    let mut out = String::from(if vowel { "an " } else { "a " });
    out.push_str(word);
    out
}

/// Whether `text`, which failed to parse, is JSON cut short: it stops inside
/// a string or with brackets still open, as a dropped connection leaves it.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn ends_too_soon(text: &str) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    in_string || depth > 0
}

/// Why a 2xx body is not the JSON the contract promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Malformed {
    /// Nothing at all.
    Empty,
    /// Not labelled `application/json`.
    NotJson,
    /// JSON that stops before it ends.
    CutOff,
    /// Not JSON.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Syntax,
    /// JSON, but not of the promised shape; the detail says where.
    Shape(String),
}

impl ApiResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Fails with the API's error when the status is not 2xx.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Api`] error carrying the status and, when the body is
    /// an API error, its code, message, request id and details.
    pub fn check(&self, request: &ApiRequest) -> Result<(), Error> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.error(request))
        }
    }

    /// As [`check`](ApiResponse::check), with the body already read as the
    /// API's error object (or not one) by the caller.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn check_with(
        &self,
        request: &ApiRequest,
        parts: impl FnOnce() -> Option<ErrorFields>,
    ) -> Result<(), Error> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.error_from(request, parts()))
        }
    }

    /// Decodes a 2xx JSON body as `T`.
    ///
    /// # Errors
    ///
    /// The API's error for a non-2xx status; an [`ErrorKind::Decode`] error
    /// when the body is not the JSON the contract promises.
    pub fn decode<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T, Error> {
        self.check(request)?;
        if let Some(problem) = self.unlabelled() {
            return Err(self.decode_error(request, problem));
        }
        serde_json::from_str(&self.body).map_err(|error| {
            let problem = if error.is_eof() {
                Malformed::CutOff
            } else {
                Malformed::Shape(without_values(&error.to_string()))
            };
            self.decode_error(request, problem)
        })
    }

    /// Why a 2xx body cannot be the API's JSON before even parsing it: it is
    /// empty, or not labelled as JSON (an HTML page that happens to parse is
    /// still not the API talking).
    pub(crate) fn unlabelled(&self) -> Option<Malformed> {
        if self.body.trim().is_empty() {
            Some(Malformed::Empty)
        } else if !self.is_json() {
            Some(Malformed::NotJson)
        } else {
            None
        }
    }

    /// The `decode` error for a 2xx answer that is not what the contract
    /// promises.
    pub(crate) fn decode_error(&self, request: &ApiRequest, problem: Malformed) -> Error {
        let what = match problem {
            Malformed::Empty => "an empty body".to_owned(),
            Malformed::NotJson => format!(
                "{} body instead of JSON",
                a_or_an(self.content_type.as_deref().unwrap_or("untyped"))
            ),
            Malformed::CutOff => "JSON that ends too soon (the body was cut off)".to_owned(),
            Malformed::Syntax => "a body that is not valid JSON".to_owned(),
            Malformed::Shape(detail) => format!("JSON of the wrong shape ({detail})"),
        };
        Error::new(
            ErrorKind::Decode,
            format!("{} answered {} with {what}", request.call(), self.status),
        )
        .with_status(self.status)
        .with_request_id(self.request_id.clone())
        .with_body_preview(self.preview())
    }

    /// Expects the empty 2xx answer of a call like `delete`.
    ///
    /// # Errors
    ///
    /// The API's error for a non-2xx status.
    pub fn expect_empty(&self, request: &ApiRequest) -> Result<(), Error> {
        // A body on a 2xx is harmless here: the call has nothing to return.
        self.check(request)
    }

    /// The first characters of a body that is not the API's JSON.
    fn preview(&self) -> Option<String> {
        if self.body.trim().is_empty() {
            return None;
        }
        Some(self.body.chars().take(PREVIEW_CHARS).collect())
    }

    /// Whether the `Content-Type` says JSON.
    pub(crate) fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|kind| {
            kind.as_bytes()
                .windows(4)
                .any(|word| word.eq_ignore_ascii_case(b"json"))
        })
    }

    /// The error for a non-2xx answer.
    fn error(&self, request: &ApiRequest) -> Error {
        let parts = serde_json::from_str::<ErrorBody>(&self.body)
            .ok()
            .map(|ErrorBody { error }| error);
        self.error_from(request, parts)
    }

    /// The error for a non-2xx answer whose body was already read as the
    /// API's error object, if it was one.
    pub(crate) fn error_from(&self, request: &ApiRequest, parts: Option<ErrorFields>) -> Error {
        let call = request.call();
        let retry_after = self
            .retry_after
            .as_deref()
            .and_then(|value| retry_after_seconds(value, self.received_at_ms));

        // The API's own error body: trust its code and message.
        if let Some(error) = parts {
            let request_id = error.request_id.or_else(|| self.request_id.clone());
            return Error::new(
                ErrorKind::Api,
                format!("{} ({} {}, {call})", error.message, self.status, error.code),
            )
            .with_status(self.status)
            .with_code(Some(error.code))
            .with_request_id(request_id)
            .with_details(error.details.unwrap_or_default())
            .with_rate_limit(retry_after, self.rate_limit);
        }

        // Anything else came from something between us and the API, or from
        // an API that broke its contract; say what it looked like.
        let looks_like = if self.body.trim().is_empty() {
            "an empty body".to_owned()
        } else if self.is_json() {
            "JSON that is not a LegionEdge error".to_owned()
        } else {
            format!(
                "{} body, not a LegionEdge error (likely from a proxy or gateway)",
                a_or_an(self.content_type.as_deref().unwrap_or("untyped"))
            )
        };
        Error::new(
            ErrorKind::Api,
            format!("{call} failed with status {} and {looks_like}", self.status),
        )
        .with_status(self.status)
        .with_request_id(self.request_id.clone())
        .with_rate_limit(retry_after, self.rate_limit)
        .with_body_preview(if self.is_json() { None } else { self.preview() })
    }
}

#[cfg(test)]
mod tests {
    use super::ends_too_soon;

    #[test]
    fn serde_messages_lose_their_quoted_values() {
        assert_eq!(
            super::without_values(
                r#"invalid type: string "jane@example.com", expected a boolean at line 1 column 9"#
            ),
            "invalid type: string …, expected a boolean at line 1 column 9"
        );
        assert_eq!(
            super::without_values("missing field `email`"),
            "missing field `email`"
        );
    }

    #[test]
    fn a_cut_body_ends_too_soon_and_a_wrong_one_does_not() {
        assert!(ends_too_soon(r#"{"id": "user_abc123", "email": "ja"#));
        assert!(ends_too_soon(r#"{"data": [{"id": "u"}"#));
        assert!(ends_too_soon(r#"{"a": "quote \" inside"#));
        assert!(!ends_too_soon(r#"{"a": 1}}"#));
        assert!(!ends_too_soon("<html></html>"));
        assert!(!ends_too_soon(r#"{"a": tru}"#));
    }
}
