//! `X-Request-Id`: one id per request, on the response and in its error
//! body, so a failure a client reports can be found in the emulator's log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::errors;
use crate::random::SplitMix64;

/// The response header that carries the id.
pub const HEADER: &str = "x-request-id";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh id, `req_` then a hex counter and four random characters.
///
/// The counter keeps ids unique and in order within a run; the random tail
/// keeps two runs from producing the same ids, so an id pasted from an old
/// log cannot be mistaken for a current one.
pub fn new_id() -> String {
    static RUN: OnceLock<u64> = OnceLock::new();
    let run = *RUN.get_or_init(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos() as u64)
            .unwrap_or(0)
    });

    let count = COUNTER.fetch_add(1, Ordering::Relaxed) + 1;
    let tail = SplitMix64::new(run ^ count).alphanumerics(4);
    format!("req_{count:06x}{tail}")
}

/// Middleware: gives the request an id, writes any error body with it, and
/// sends it back as `X-Request-Id`.
pub async fn assign(request: Request, next: Next) -> Response {
    let id = new_id();
    let response = next.run(request).await;

    let mut response = errors::write_body(response, &id);
    // The id is ASCII by construction, so the conversion cannot fail.
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}
