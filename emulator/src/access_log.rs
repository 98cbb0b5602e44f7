//! One line per request on stderr: method, path and query, status, time
//! taken and request id, then the fault that hit the call, if one did.
//!
//! Never headers (the Authorization header holds the key) and never bodies.
//! The one query value that may hold an email, `search`, is masked.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::Request;
use axum::http::{Extensions, Method, Uri};
use axum::middleware::Next;
use axum::response::Response;

use crate::request_id;

/// Words a layer further in adds to its request's line, such as the fault
/// that hit it. A no-op handle when the log is off.
#[derive(Clone, Debug, Default)]
pub struct Note(Option<Arc<Mutex<String>>>);

impl Note {
    /// The note of the request with these extensions.
    pub fn of(extensions: &Extensions) -> Note {
        extensions.get::<Note>().cloned().unwrap_or_default()
    }

    /// Replaces what the note says.
    pub fn set(&self, words: impl Into<String>) {
        if let Some(words_so_far) = &self.0 {
            *words_so_far.lock().unwrap_or_else(PoisonError::into_inner) = words.into();
        }
    }

    fn words(&self) -> String {
        self.0.as_ref().map_or_else(String::new, |words| {
            words.lock().unwrap_or_else(PoisonError::into_inner).clone()
        })
    }
}

/// Marks a response that never reaches the client (its connection was
/// dropped), so no status is logged for it.
#[derive(Clone, Copy, Debug)]
pub struct NoAnswer;

/// Middleware: logs the request once its response is ready, or once the
/// client has left without one.
pub async fn record(mut request: Request, next: Next) -> Response {
    let note = Note(Some(Arc::default()));
    request.extensions_mut().insert(note.clone());
    let mut pending = Pending {
        started: Instant::now(),
        method: request.method().clone(),
        target: masked_target(request.uri()),
        note,
        done: false,
    };

    let response = next.run(request).await;

    pending.done = true;
    let status = match response.extensions().get::<NoAnswer>() {
        Some(NoAnswer) => "-".to_owned(),
        None => response.status().as_u16().to_string(),
    };
    let request_id = response
        .headers()
        .get(request_id::HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    pending.write(&status, request_id, "");
    response
}

/// A request on its way, logged when dropped unanswered: hyper drops the
/// future when the client closes the connection first.
struct Pending {
    started: Instant,
    method: Method,
    target: String,
    note: Note,
    done: bool,
}

impl Pending {
    fn write(&self, status: &str, request_id: &str, afterword: &str) {
        let elapsed_ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let words = [self.note.words(), afterword.to_owned()]
            .into_iter()
            .filter(|words| !words.is_empty())
            .fold(String::new(), |line, words| line + " " + &words);
        // A closed stderr must not turn into a failed request.
        let _ = writeln!(
            std::io::stderr(),
            "{} {} {status} {elapsed_ms:.1}ms {request_id}{words}",
            self.method,
            self.target,
        );
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            self.write("-", "-", "(client went away)");
        }
    }
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
