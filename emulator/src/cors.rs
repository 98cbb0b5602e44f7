//! CORS, so that pages on other origins (the SDK's browser tests, a demo
//! opened from a file) can call the emulator.
//!
//! The API is public and authenticated by a header rather than cookies, so
//! any origin may call it and a preflight needs no key.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const ALLOW_METHODS: &str = "GET, POST, PATCH, DELETE";
const ALLOW_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key";
const EXPOSE_HEADERS: &str =
    "X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";
/// Seconds a browser may cache a preflight answer.
const MAX_AGE: &str = "600";

/// Middleware: answers every `OPTIONS` request as a preflight, before
/// authentication, and adds the CORS headers to every other answer.
pub async fn allow_any_origin(request: Request, next: Next) -> Response {
    let mut response = if request.method() == Method::OPTIONS {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        let headers = preflight.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
        preflight
    } else {
        next.run(request).await
    };
    add_origin_headers(response.headers_mut());
    response
}

fn add_origin_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
}
