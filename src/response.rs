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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorFields {
    code: String,
    message: String,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    details: Option<Vec<FieldError>>,
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

    /// Decodes a 2xx JSON body as `T`.
    ///
    /// # Errors
    ///
    /// The API's error for a non-2xx status; an [`ErrorKind::Decode`] error
    /// when the body is not the JSON the contract promises.
    pub fn decode<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T, Error> {
        self.check(request)?;
        let decoded = if self.body.trim().is_empty() || self.is_json() {
            serde_json::from_str(&self.body)
        } else {
            // JSON is only trusted when labelled so: an HTML page that
            // happens to parse is still not the API talking.
            Err(serde::de::Error::custom("not labelled as JSON"))
        };
        decoded.map_err(|error: serde_json::Error| {
            let what = if self.body.trim().is_empty() {
                "an empty body".to_owned()
            } else if !self.is_json() {
                format!(
                    "a {} body instead of JSON",
                    self.content_type.as_deref().unwrap_or("untyped")
                )
            } else if error.is_eof() {
                "JSON that ends too soon (the body was cut off)".to_owned()
            } else {
                format!("JSON of the wrong shape ({error})")
            };
            Error::new(
                ErrorKind::Decode,
                format!(
                    "{} {} answered {} with {what}",
                    request.method.as_str(),
                    request.path,
                    self.status
                ),
            )
            .with_status(self.status)
            .with_request_id(self.request_id.clone())
            .with_body_preview(self.preview())
        })
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
        self.content_type
            .as_deref()
            .is_some_and(|kind| kind.to_ascii_lowercase().contains("json"))
    }

    /// The error for a non-2xx answer.
    fn error(&self, request: &ApiRequest) -> Error {
        let call = format!("{} {}", request.method.as_str(), request.path);
        let retry_after = self
            .retry_after
            .as_deref()
            .and_then(|value| retry_after_seconds(value, self.received_at_ms));

        // The API's own error body: trust its code and message.
        if let Ok(ErrorBody { error }) = serde_json::from_str::<ErrorBody>(&self.body) {
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
                "a {} body, not a LegionEdge error (likely from a proxy or gateway)",
                self.content_type.as_deref().unwrap_or("untyped")
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
