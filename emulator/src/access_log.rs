//! One line per request on stderr: method, path and query, status, time
//! taken and request id.
//!
//! Never headers (the Authorization header holds the key) and never bodies.
//! The one query value that may hold an email, `search`, is masked.

use std::io::Write;
use std::time::Instant;

use axum::extract::Request;
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::Response;

use crate::request_id;

/// Middleware: logs the request once its response is ready.
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let target = masked_target(request.uri());

    let response = next.run(request).await;

    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let request_id = response
        .headers()
        .get(request_id::HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    // A closed stderr must not turn into a failed request.
    let _ = writeln!(
        std::io::stderr(),
        "{method} {target} {} {elapsed_ms:.1}ms {request_id}",
        response.status().as_u16()
    );
    response
}

/// The path and query as sent, with the value of `search` replaced.
fn masked_target(uri: &Uri) -> String {
    let path = uri.path();
    let Some(query) = uri.query() else {
        return path.to_owned();
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("search", _)) => "search=***".to_owned(),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", masked.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_search_value_only() {
        let uri: Uri =
            "/v2/organizations/org_abc123/users?page=2&search=jane%40example.com&sort=name"
                .parse()
                .unwrap();
        assert_eq!(
            masked_target(&uri),
            "/v2/organizations/org_abc123/users?page=2&search=***&sort=name"
        );
    }

    #[test]
    fn keeps_a_bare_path() {
        let uri: Uri = "/v2/users/user_abc123".parse().unwrap();
        assert_eq!(masked_target(&uri), "/v2/users/user_abc123");
    }
}
