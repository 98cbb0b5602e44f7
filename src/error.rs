//! The one error type every call returns, and the kinds a caller can branch
//! on.
//!
//! An [`Error`] never holds the API key, and its message never holds a
//! response body: a person reading a log line sees what happened and what to
//! do, not data that belongs to somebody else.

use std::fmt;

/// What went wrong, broadly enough to branch on.
///
/// In JavaScript this is the `kind` string of a `LegionEdgeError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered with a non-2xx status (`status` and, when the body
    /// was an API error, `code` say which).
    Api,
    /// The request never got an answer: the network, DNS, TLS or CORS failed.
    Network,
    /// The request took longer than the client allows.
    Timeout,
    /// The caller cancelled the call.
    Aborted,
    /// The caller passed something the API would refuse; nothing was sent.
    InvalidInput,
    /// The API answered 2xx with a body that is not what the contract says.
    Decode,
    /// The SDK itself failed: a bug panicked an earlier call, and this
    /// module cannot be trusted until the page reloads.
    Internal,
}

impl ErrorKind {
    /// The name JavaScript sees in `error.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Decode => "decode",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field that failed validation, locally or at the API.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct FieldError {
    /// The field's name as the caller wrote it (`perPage`), or as the API
    /// named it (`per_page`) when the API found the problem.
    pub field: String,
    /// What is wrong with it and, where it helps, how to fix it.
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The rate-limit headers of an answer, where it had them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the window resets, in Unix seconds.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Whether any of the three headers was present.
    pub fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.reset.is_none()
    }
}

/// The error of every LegionEdge call.
///
/// Branch on [`kind`](Error::kind); read [`status`](Error::status),
/// [`code`](Error::code) and [`request_id`](Error::request_id) when the API
/// answered, and [`details`](Error::details) for validation errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    // Boxed: an `Error` travels in every `Result` of the crate, and one
    // pointer keeps the happy path small.
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    code: Option<String>,
    request_id: Option<String>,
    details: Vec<FieldError>,
    retry_after: Option<f64>,
    rate_limit: RateLimit,
    body_preview: Option<String>,
    cause: Option<Cause>,
}

/// What the platform said when a request failed underneath us: the
/// browser's `TypeError` for a network or CORS failure, or what a
/// `getToken` threw. JavaScript callers get the original value as
/// `error.cause`.
#[derive(Debug, Clone)]
pub struct Cause {
    /// The platform error's message.
    pub message: String,
    #[cfg(target_arch = "wasm32")]
    pub(crate) value: wasm_bindgen::JsValue,
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
    }
}

impl Eq for Cause {}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                status: None,
                code: None,
                request_id: None,
                details: Vec::new(),
                retry_after: None,
                rate_limit: RateLimit::default(),
                body_preview: None,
                cause: None,
            }),
        }
    }

    /// Bad input, with one entry per field. The message leads with the first
    /// problem so that a one-line log says enough to fix it.
    pub(crate) fn invalid(details: Vec<FieldError>) -> Self {
        let mut message = match details.first() {
            Some(first) => format!("{} {}", first.field, first.message),
            None => "invalid input".to_owned(),
        };
        match details.len() {
            0 | 1 => {}
            2 => message.push_str(" (and 1 more problem)"),
            n => message.push_str(&format!(" (and {} more problems)", n - 1)),
        }
        Error::new(ErrorKind::InvalidInput, message).with_details(details)
    }

    // The JavaScript boundary's own checks use it; native builds do not.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Error::invalid(vec![FieldError::new(field, message)])
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    pub(crate) fn with_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code;
        self
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.inner.request_id = request_id;
        self
    }

    pub(crate) fn with_details(mut self, details: Vec<FieldError>) -> Self {
        self.inner.details = details;
        self
    }

    pub(crate) fn with_rate_limit(
        mut self,
        retry_after: Option<f64>,
        rate_limit: RateLimit,
    ) -> Self {
        self.inner.retry_after = retry_after;
        self.inner.rate_limit = rate_limit;
        self
    }

    pub(crate) fn with_body_preview(mut self, preview: Option<String>) -> Self {
        self.inner.body_preview = preview;
        self
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn with_cause(mut self, cause: Cause) -> Self {
        self.inner.cause = Some(cause);
        self
    }

    /// Notes how many attempts a failure took, when there were retries.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn after_attempts(mut self, attempts: u32) -> Self {
        if attempts > 1 {
            self.inner
                .message
                .push_str(&format!(" (after {attempts} attempts)"));
        }
        self
    }

    /// Removes every occurrence of `secret` from the text this error holds,
    /// so that a server or proxy echoing the key cannot leak it through us.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn redact(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let scrub = |text: &mut String| replace_all(text, secret, "[redacted]");
        scrub(&mut self.inner.message);
        for text in [&mut self.inner.code, &mut self.inner.request_id]
            .into_iter()
            .flatten()
        {
            scrub(text);
        }
        if let Some(preview) = &mut self.inner.body_preview {
            scrub(preview);
            // The preview was cut at 200 characters, maybe inside the key:
            // drop a tail that begins it.
            let cut = (4..secret.len())
                .rev()
                .filter(|&n| secret.is_char_boundary(n))
                .find(|&n| preview.ends_with(&secret[..n]));
            if let Some(n) = cut {
                preview.truncate(preview.len() - n);
                preview.push_str("[redacted]");
            }
        }
        if let Some(cause) = &mut self.inner.cause {
            let in_message = !matches(cause.message.as_bytes(), secret.as_bytes()).is_empty();
            if in_message {
                scrub(&mut cause.message);
            }
            // The platform's error object may hold the key too, in its
            // message or deeper (a cause of its own, a property): JavaScript
            // then gets the scrubbed message in a new Error, not the object.
            #[cfg(target_arch = "wasm32")]
            if in_message || mentions(&cause.value, secret) {
                cause.value = js_sys::Error::new(&cause.message).into();
            }
        }
        for detail in &mut self.inner.details {
            scrub(&mut detail.field);
            scrub(&mut detail.message);
        }
        self
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// A sentence a person can act on. Never contains the API key or a
    /// response body.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The API's error code (`not_found`, `conflict`, …), when the response
    /// was an API error body.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The `X-Request-Id` of the failed response, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// One entry per invalid field, for `invalid_input` and for the API's
    /// `validation_error`; empty otherwise.
    pub fn details(&self) -> &[FieldError] {
        &self.inner.details
    }

    /// For a 429 or 503 with `Retry-After`: the seconds the API asked to
    /// wait.
    pub fn retry_after(&self) -> Option<f64> {
        self.inner.retry_after
    }

    /// The answer's `X-RateLimit-*` headers, where it had them.
    pub fn rate_limit(&self) -> RateLimit {
        self.inner.rate_limit
    }

    /// For an answer that was not the API's JSON (a proxy's HTML page, say):
    /// its first 200 characters, to help tell where it came from.
    pub fn body_preview(&self) -> Option<&str> {
        self.inner.body_preview.as_deref()
    }

    /// The platform error underneath, for `network` failures.
    pub fn cause(&self) -> Option<&Cause> {
        self.inner.cause.as_ref()
    }

    /// Whether the API said the resource does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.inner.kind == ErrorKind::Api && self.inner.status == Some(404)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl std::error::Error for Error {}

/// Where `needle` occurs in `haystack`, left to right and not overlapping:
/// Knuth-Morris-Pratt, in time linear in both, whatever a server sends.
/// `str`'s own searcher would do as well but adds 2 KB to the module.
fn matches(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    if needle.is_empty() || haystack.len() < needle.len() {
        return found;
    }
    // For each prefix of the needle, the longest proper prefix that is
    // also its suffix: where a partial match goes on after a mismatch.
    let mut fallback = vec![0; needle.len()];
    let mut length = 0;
    for at in 1..needle.len() {
        while length > 0 && needle[at] != needle[length] {
            length = fallback[length - 1];
        }
        if needle[at] == needle[length] {
            length += 1;
        }
        fallback[at] = length;
    }
    let mut matched = 0;
    for (at, &byte) in haystack.iter().enumerate() {
        while matched > 0 && byte != needle[matched] {
            matched = fallback[matched - 1];
        }
        if byte == needle[matched] {
            matched += 1;
        }
        if matched == needle.len() {
            found.push(at + 1 - needle.len());
            matched = 0;
        }
    }
    found
}

/// Replaces every `needle` in `text` with `with`.
fn replace_all(text: &mut String, needle: &str, with: &str) {
    let found = matches(text.as_bytes(), needle.as_bytes());
    if found.is_empty() {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for at in found {
        // A match of a whole UTF-8 string starts and ends on char
        // boundaries, so these slices cannot fail.
        out.push_str(text.get(copied..at).unwrap_or_default());
        out.push_str(with);
        copied = at + needle.len();
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    *text = out;
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/js/values.js")]
extern "C" {
    fn mentions(value: &wasm_bindgen::JsValue, secret: &str) -> bool;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_names_first_field_and_counts_the_rest() {
        let error = Error::invalid(vec![
            FieldError::new("perPage", "must be between 1 and 100 (got 0)"),
            FieldError::new("page", "must be 1 or more (got 0)"),
        ]);
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert_eq!(
            error.message(),
            "perPage must be between 1 and 100 (got 0) (and 1 more problem)"
        );
        assert_eq!(error.details().len(), 2);
        assert_eq!(error.status(), None);
    }

    #[test]
    fn redaction_replaces_every_copy_of_the_key_and_nothing_else() {
        let cases = [
            ("no key here", "no key here"),
            ("sk_1", "[redacted]"),
            ("sk_1sk_1 and sk_1.", "[redacted][redacted] and [redacted]."),
            ("é sk_1 漢字 sk_", "é [redacted] 漢字 sk_"),
        ];
        for (text, expected) in cases {
            let mut text = text.to_owned();
            replace_all(&mut text, "sk_1", "[redacted]");
            assert_eq!(text, expected);
        }
        let error = Error::invalid_field("apiKey", "sk_1 leaked twice: sk_1").redact("sk_1");
        assert!(!error.message().contains("sk_1"), "{error}");
        assert_eq!(matches(b"abc", b""), Vec::<usize>::new());
        assert_eq!(matches(b"ab", b"abc"), Vec::<usize>::new());
        // Partial matches that fall back, and matches that do not overlap.
        assert_eq!(matches(b"aabaabaaab", b"aab"), vec![0, 3, 7]);
        assert_eq!(matches(b"aaaa", b"aa"), vec![0, 2]);
        assert_eq!(matches(b"abababc", b"ababc"), vec![2]);
        // Linear: a near-miss text a hundred times the key's length.
        let key = format!("{}Z", "a".repeat(9_999));
        let text = format!("{}b", "a".repeat(9_999)).repeat(100);
        assert!(matches(text.as_bytes(), key.as_bytes()).is_empty());
    }

    #[test]
    fn kinds_have_the_contract_names() {
        let names: Vec<_> = [
            ErrorKind::Api,
            ErrorKind::Network,
            ErrorKind::Timeout,
            ErrorKind::Aborted,
            ErrorKind::InvalidInput,
            ErrorKind::Decode,
        ]
        .iter()
        .map(|k| k.as_str())
        .collect();
        assert_eq!(
            names,
            [
                "api",
                "network",
                "timeout",
                "aborted",
                "invalid_input",
                "decode"
            ]
        );
    }
}
