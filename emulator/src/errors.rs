//! The one error type of the API and the one place that writes its body.
//!
//! Every error body carries the request id, which only the request-id
//! middleware knows. So an `ApiError` turns into a response in two steps:
//! `into_response` sets the status and parks the error in the response's
//! extensions, and [`write_body`], called by that middleware, writes the JSON
//! with the id filled in.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One bad input in a `validation_error`: which field and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// The name as the client spelled it: a snake_case query parameter, a
    /// body field, or a header.
    pub field: String,
    /// What the value must be, e.g. "must be between 1 and 100".
    pub message: String,
}

impl Detail {
    /// A detail about `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Detail {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// An answer other than 2xx, as the contract shapes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    details: Vec<Detail>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// 400 `validation_error` listing every bad field; `details` must not be
    /// empty.
    pub fn validation(details: Vec<Detail>) -> Self {
        let summary: Vec<String> = details
            .iter()
            .map(|detail| format!("{} {}", detail.field, detail.message))
            .collect();
        ApiError {
            details,
            ..ApiError::new(
                StatusCode::BAD_REQUEST,
                "validation_error",
                format!("Invalid request: {}", summary.join("; ")),
            )
        }
    }

    /// 400 `validation_error` about a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::validation(vec![Detail::new(field, message)])
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413, which the contract has no code for; see [`crate::routes`].
    pub fn payload_too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("Request body is larger than the limit of {limit} bytes"),
        )
    }

    /// 422 `idempotency_key_reused`.
    pub fn idempotency_key_reused() -> Self {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request body",
        )
    }

    /// 500 `internal_error`.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }

    /// The contract's error code, e.g. `not_found`.
    #[cfg(test)]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The bad fields of a `validation_error`; empty for every other code.
    #[cfg(test)]
    pub fn details(&self) -> &[Detail] {
        &self.details
    }

    fn body<'a>(&'a self, request_id: &'a str) -> Body<'a> {
        Body {
            error: BodyError {
                code: self.code,
                message: &self.message,
                request_id,
                // Present, even if empty, exactly for validation errors.
                details: (self.code == "validation_error").then_some(self.details.as_slice()),
            },
        }
    }
}

// The wire shape of an error, fields in the contract's order.
#[derive(Serialize)]
struct Body<'a> {
    error: BodyError<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BodyError<'a> {
    code: &'a str,
    message: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a [Detail]>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Gives a response that came from an [`ApiError`] its JSON body, carrying
/// `request_id`; any other response passes through untouched.
pub fn write_body(response: Response, request_id: &str) -> Response {
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };

    let (mut parts, _) = response.into_parts();
    // Serializing plain strings and a Vec cannot fail.
    let body = serde_json::to_string(&error.body(request_id)).unwrap_or_default();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body.into())
}
