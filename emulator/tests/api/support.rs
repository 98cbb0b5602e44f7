//! Drives the emulator's router in process, one request at a time, and
//! reads the answers.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use legionedge_emulator::{app, Config};
use serde_json::Value;
use tower::ServiceExt;

/// The key of `org_abc123`, Jane's organization.
pub const ABC_KEY: &str = "sk_test_abc123";
/// The key of `org_xyz789`, which holds the odd-id user.
pub const XYZ_KEY: &str = "sk_test_xyz789";

pub const ABC_USERS: &str = "/v2/organizations/org_abc123/users";
pub const XYZ_USERS: &str = "/v2/organizations/org_xyz789/users";

/// One emulator with its own seeded data.
#[derive(Clone)]
pub struct Emulator {
    router: Router,
}

impl Emulator {
    /// Seed 1, the default, with no static directories.
    pub fn new() -> Self {
        Emulator::with_seed(1)
    }

    pub fn with_seed(seed: u64) -> Self {
        Emulator::with_config(Config {
            seed,
            www: PathBuf::from("/nonexistent/www"),
            pkg: PathBuf::from("/nonexistent/pkg"),
            log_requests: false,
            ..Config::default()
        })
    }

    pub fn with_config(config: Config) -> Self {
        Emulator {
            router: app(&config),
        }
    }

    /// A request to build; `path` is sent exactly as written, so
    /// percent-encoding is the caller's business.
    pub fn call(&self, method: Method, path: &str) -> Call {
        Call {
            router: self.router.clone(),
            request: Request::builder().method(method).uri(path),
            body: Body::empty(),
        }
    }

    pub fn get(&self, path: &str) -> Call {
        self.call(Method::GET, path).key(ABC_KEY)
    }

    pub fn post(&self, path: &str) -> Call {
        self.call(Method::POST, path).key(ABC_KEY)
    }

    pub fn patch(&self, path: &str) -> Call {
        self.call(Method::PATCH, path).key(ABC_KEY)
    }

    pub fn delete(&self, path: &str) -> Call {
        self.call(Method::DELETE, path).key(ABC_KEY)
    }

    /// Every user of org_abc123 in the given order, in one page.
    pub async fn abc_users(&self, query: &str) -> Vec<Value> {
        let reply = self
            .get(format!("{ABC_USERS}?per_page=100&{query}").trim_end_matches('&'))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()["data"].as_array().unwrap().clone()
    }

    /// Arms `fault`; returns its id.
    pub async fn arm(&self, fault: &Value) -> String {
        let reply = self
            .call(Method::POST, "/__emulator/faults")
            .json(fault)
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()["id"].as_str().unwrap().to_owned()
    }

    /// The faults as `GET /__emulator/faults` lists them.
    pub async fn faults(&self) -> Vec<Value> {
        let reply = self.call(Method::GET, "/__emulator/faults").send().await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json().as_array().unwrap().clone()
    }

    /// The journal, after `query` (e.g. `?path=...`, or empty).
    pub async fn journal(&self, query: &str) -> Vec<Value> {
        let reply = self
            .call(Method::GET, &format!("/__emulator/requests{query}"))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json().as_array().unwrap().clone()
    }

    /// org_abc123's total as `list` reports it.
    pub async fn abc_total(&self) -> u64 {
        let reply = self.get(ABC_USERS).send().await;
        reply.json()["pagination"]["total"].as_u64().unwrap()
    }
}

/// A request being built.
pub struct Call {
    router: Router,
    request: axum::http::request::Builder,
    body: Body,
}

impl Call {
    /// Sends `Authorization: Bearer <key>` (replacing any earlier key).
    pub fn key(self, key: &str) -> Self {
        self.header("authorization", &format!("Bearer {key}"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Some(headers) = self.request.headers_mut() {
            headers.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        self
    }

    /// Drops the Authorization header.
    pub fn anonymous(mut self) -> Self {
        if let Some(headers) = self.request.headers_mut() {
            headers.remove("authorization");
        }
        self
    }

    pub fn json(self, body: &Value) -> Self {
        self.raw_body(body.to_string())
            .header("content-type", "application/json")
    }

    pub fn raw_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Body::from(body.into());
        self
    }

    pub async fn send(self) -> Reply {
        let request = self.request.body(self.body).unwrap();
        let response = self.router.oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: body.collect().await.unwrap().to_bytes(),
        }
    }
}

/// A response, read in full.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    /// `error.code`, after checking the error body's shape.
    pub fn error_code(&self) -> String {
        let body = self.json();
        let error = body["error"].as_object().expect("an error object");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(
            error["requestId"].as_str(),
            self.header("x-request-id"),
            "error.requestId must equal X-Request-Id"
        );
        error["code"].as_str().unwrap().to_owned()
    }

    /// `(field, message)` of each `error.details` entry.
    pub fn details(&self) -> Vec<(String, String)> {
        self.json()["error"]["details"]
            .as_array()
            .expect("details")
            .iter()
            .map(|detail| {
                (
                    detail["field"].as_str().unwrap().to_owned(),
                    detail["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Asserts a 400 `validation_error` whose details name `fields`, in
    /// order.
    pub fn assert_invalid(&self, fields: &[&str]) {
        assert_eq!(self.status, StatusCode::BAD_REQUEST, "{}", self.text());
        assert_eq!(self.error_code(), "validation_error");
        let named: Vec<String> = self.details().into_iter().map(|(f, _)| f).collect();
        assert_eq!(named, fields, "{}", self.text());
    }

    /// Asserts an error answer with this status and code.
    pub fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.error_code(), code);
        assert!(
            self.json()["error"].get("details").is_none(),
            "details only for validation_error"
        );
    }
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~`, as the
/// contract tells clients to encode path ids.
pub fn encode_segment(id: &str) -> String {
    id.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// The path of a user, its id encoded.
pub fn user_path(id: &str) -> String {
    format!("/v2/users/{}", encode_segment(id))
}

/// Seconds since the epoch of an RFC 3339 UTC timestamp such as
/// `2025-06-15T10:30:00Z`; panics on anything else.
pub fn unix_seconds(timestamp: &str) -> i64 {
    let digits = |range: std::ops::Range<usize>| -> i64 { timestamp[range].parse().unwrap() };
    assert_eq!(timestamp.len(), 20, "{timestamp}");
    assert!(timestamp.ends_with('Z'), "{timestamp}");
    let (year, month, day) = (digits(0..4), digits(5..7), digits(8..10));
    let (hour, minute, second) = (digits(11..13), digits(14..16), digits(17..19));

    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    days * 86_400 + hour * 3600 + minute * 60 + second
}

/// A fresh, empty directory under the system's temp dir, removed when
/// dropped.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "legionedge-emulator-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        ScratchDir(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
