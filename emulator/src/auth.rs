//! API keys: which organization a `Bearer` key acts for.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;
use crate::seed::{ORG_ABC123, ORG_XYZ789};

/// The test keys the emulator accepts, and the organization of each.
pub const API_KEYS: [(&str, &str); 2] = [
    ("sk_test_abc123", ORG_ABC123),
    ("sk_test_xyz789", ORG_XYZ789),
];

/// Who is calling: the organization the request's key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub organization_id: &'static str,
}

/// Middleware for every `/v2` route: answers 401 unless the request carries
/// a known key, and otherwise hands the [`Caller`] to the handler.
pub async fn require_api_key(mut request: Request, next: Next) -> Response {
    match caller(request.headers()) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

/// Whether an `Authorization` header has the shape `Bearer <key>`, known
/// key or not.
pub fn has_bearer_key(authorization: Option<&HeaderValue>) -> bool {
    authorization
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .is_some_and(|(scheme, key)| scheme.eq_ignore_ascii_case("bearer") && !key.is_empty())
}

// Messages say what is wrong with the header but never repeat the key.
fn caller(headers: &HeaderMap) -> Result<Caller, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthenticated("Missing API key: send the header Authorization: Bearer <key>")
    })?;
    let malformed =
        || ApiError::unauthenticated("The Authorization header must be Bearer followed by a key");

    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, key) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || key.is_empty() {
        return Err(malformed());
    }

    API_KEYS
        .iter()
        .find(|(known, _)| *known == key)
        .map(|&(_, organization_id)| Caller { organization_id })
        .ok_or_else(|| ApiError::unauthenticated("Unknown API key"))
}
