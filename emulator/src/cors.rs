//! CORS, so that pages on other origins (the SDK's browser tests, a demo
//! opened from a file) can call the emulator.
//!
//! The API is public and authenticated by a header rather than cookies, so
//! any origin may call it and a preflight needs no key.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What a preflight allows, per router.
struct Preflight {
    methods: &'static str,
    headers: &'static str,
}

/// The API's calls, as the contract lists them.
const API: Preflight = Preflight {
    methods: "GET, POST, PATCH, DELETE",
    headers: "Authorization, Content-Type, Idempotency-Key",
};

/// The test controls under `/__emulator`, which take JSON and no key.
const CONTROLS: Preflight = Preflight {
    methods: "GET, POST, DELETE",
    headers: "Content-Type",
};

const EXPOSE_HEADERS: &str =
    "X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";
/// Seconds a browser may cache a preflight answer.
const MAX_AGE: &str = "600";

/// Middleware for `/v2`: answers every `OPTIONS` request as a preflight,
/// before authentication, and adds the CORS headers to every other answer.
pub async fn allow_any_origin(request: Request, next: Next) -> Response {
    answer(&API, request, next).await
}

/// The same for the test controls, whose preflight allows what they use.
pub async fn allow_any_origin_to_controls(request: Request, next: Next) -> Response {
    answer(&CONTROLS, request, next).await
}

async fn answer(preflight: &Preflight, request: Request, next: Next) -> Response {
    let mut response = if request.method() == Method::OPTIONS {
        let mut answer = StatusCode::NO_CONTENT.into_response();
        let headers = answer.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(preflight.methods),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(preflight.headers),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
        answer
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
