//! The demo page and the built npm package, served from disk.
//!
//! `/pkg/...` comes from the package directory and everything else outside
//! `/v2` and `/__emulator` from the page directory, `/` being its
//! `index.html`. Content types follow the file extension (`.wasm` is
//! `application/wasm`, which browsers insist on for streaming compilation).

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::{middleware, Router};
use tower_http::services::ServeDir;

/// Serves `www` at `/` and `pkg` at `/pkg`.
pub fn router(www: &Path, pkg: &Path) -> Router {
    Router::new()
        .nest_service("/pkg", ServeDir::new(pkg))
        .fallback_service(ServeDir::new(www))
        .layer(middleware::map_response(no_store))
}

/// Files change under the emulator whenever the package is rebuilt; a
/// cached copy would hide the change.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
