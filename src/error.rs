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

/// The error of every LegionEdge call.
///
/// Branch on [`kind`](Error::kind); read [`status`](Error::status),
/// [`code`](Error::code) and [`request_id`](Error::request_id) when the API
/// answered, and [`details`](Error::details) for validation errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    code: Option<String>,
    request_id: Option<String>,
    details: Vec<FieldError>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            code: None,
            request_id: None,
            details: Vec::new(),
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
        Error {
            details,
            ..Error::new(ErrorKind::InvalidInput, message)
        }
    }

    // The JavaScript boundary's own checks use it; native builds do not.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Error::invalid(vec![FieldError::new(field, message)])
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn with_code(mut self, code: Option<String>) -> Self {
        self.code = code;
        self
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    pub(crate) fn with_details(mut self, details: Vec<FieldError>) -> Self {
        self.details = details;
        self
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// A sentence a person can act on. Never contains the API key or a
    /// response body.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The API's error code (`not_found`, `conflict`, …), when the response
    /// was an API error body.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The `X-Request-Id` of the failed response, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// One entry per invalid field, for `invalid_input` and for the API's
    /// `validation_error`; empty otherwise.
    pub fn details(&self) -> &[FieldError] {
        &self.details
    }

    /// Whether the API said the resource does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::Api && self.status == Some(404)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

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
