//! Faults: a test arms them, and the next matching `/v2` calls misbehave
//! (fail, stall, or lose their answer on the way), so that the SDK's
//! retries, timeouts and handling of hostile answers meet a real socket.
//!
//! # The control routes
//!
//! All under `/__emulator`, outside the API contract: no key, any origin
//! (a preflight allows `GET, POST, DELETE` and the header `Content-Type`).
//!
//! - `POST /__emulator/reset` → 204. The seeded data back; idempotency
//!   keys, faults and journal forgotten; fault ids from `fault_1` again.
//! - `POST /__emulator/faults` → 201 `{ "id": "fault_N" }`. Arms one fault;
//!   a bad one is 400 `validation_error`, its `details` naming each field.
//! - `GET /__emulator/faults` → 200 `[{ "id", "remaining", "hits", … }]`:
//!   every fault armed since the last reset or disarm, spent ones too,
//!   with its settings as they took effect (`method` in capitals, `times`
//!   filled in).
//! - `DELETE /__emulator/faults` → 204. Disarms them all.
//! - `GET /__emulator/requests` → 200 `[entry]`: the journal, every `/v2`
//!   call since the last reset, oldest first. `?path=` keeps the calls to
//!   one exact path.
//! - `DELETE /__emulator/requests` → 204. Empties the journal.
//!
//! # A fault
//!
//! The body of `POST /__emulator/faults` is a JSON object; every field is
//! optional, and `{}` is a fault that lets the next call through untouched.
//!
//! ```json
//! { "method": "GET", "path": "/v2/users/user_abc123", "times": 2,
//!   "status": 429, "headers": { "Retry-After": "2" } }
//! ```
//!
//! Which calls it hits:
//!
//! - `method`: only calls with this method (any case); all when absent.
//! - `path`: only this exact path, as sent: percent-encoded, no query.
//! - `pathPrefix`: only paths that start with this. With neither, any
//!   `/v2` path.
//! - `times`: how many calls it hits, 1 or more; default 1.
//!
//! What happens to them:
//!
//! - `delayMs`: holds the answer back this long (at most 600000 ms), or
//!   the close for `drop`. The handler, if it runs, runs first, so its
//!   work is done even when the client gives up waiting.
//! - `status`: answers this status (200 to 599) instead of running the
//!   handler.
//! - `body`: a string, the body of that answer; default empty.
//! - `bodySize`: or a body of this many `x` bytes, at most 64 MiB.
//! - `contentType`: the Content-Type of that answer; default none.
//! - `headers`: `{ "Name": "value" }` set on the answer, made up or the
//!   handler's.
//! - `cutAfterBytes`: sends the head with the full Content-Length, then
//!   this many body bytes, then closes the connection; on either answer.
//!   A body no longer than that goes out whole, then the connection closes.
//! - `hang`: `true` never answers, holding the connection until the client
//!   leaves, or for 10 minutes and then closing it.
//! - `drop`: closes the connection with no HTTP answer at all, `"before"`
//!   the handler runs or `"after"` it (its changes stick; the client never
//!   learns of them).
//!
//! `body`, `bodySize` and `contentType` need `status`; `hang` and `drop`
//! send no answer, so they take none of the answer's fields. `headers`
//! cannot set the framing (`Content-Length`, `Transfer-Encoding`,
//! `Connection`) nor what the emulator puts on every answer (`X-Request-Id`
//! and the CORS headers). An unknown field is an error, to catch typos, and
//! a null counts as absent.
//!
//! Faults are tried in the order they were armed, and the first that
//! matches a call and has uses left takes it, using one up. Preflights
//! (`OPTIONS`) are never faulted or journaled. Every answer a fault makes
//! or shapes carries `X-Request-Id` and the CORS headers of `/v2`, so a
//! browser can read it, and a faulted call's log line names the fault.
//!
//! `drop` and `cutAfterBytes` act on the connection itself, which
//! [`crate::Server`] (and so the binary) provides; see
//! [`crate::connection`]. A router served some other way answers those
//! faults 500 `internal_error`, saying so.
//!
//! Fault ids start again from `fault_1` at a reset, but not when the faults
//! are disarmed, since the journal, still there, refers to them.
//!
//! # The journal
//!
//! Each entry of `GET /__emulator/requests`:
//!
//! ```json
//! { "method": "POST", "path": "/v2/organizations/org_abc123/users",
//!   "query": null, "idempotencyKey": "k1", "authorized": true,
//!   "fault": "fault_1", "status": null }
//! ```
//!
//! `path` is as sent, percent-encoded; `query` is the query string as
//! sent, without `?`, or null; `authorized` says whether a `Bearer` key was
//! sent, and the key itself is never kept; `status` is null until the
//! answer goes out, and stays null when none does (drop, hang, or a client
//! that left first). The `path` filter is an exact match on that encoded
//! path, so encode it once more as a query value (`encodeURIComponent`).
//! The journal keeps the latest 10,000 calls.

use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::access_log::{NoAnswer, Note};
use crate::connection::Connection;
use crate::control::Controls;
use crate::errors::{ApiError, Detail};
use crate::journal::Entry;
use crate::routes::BODY_LIMIT;

/// The largest generated body, 64 MiB.
const MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// The longest delay, and how long a hang holds the connection.
const MAX_WAIT: Duration = Duration::from_secs(600);

/// Headers a fault may not set: hyper frames the message itself, and the
/// emulator's own go on every answer.
const RESERVED_HEADERS: [&str; 6] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "x-request-id",
    "access-control-allow-origin",
    "access-control-expose-headers",
];

/// The fields a fault may have, in the order the docs give them.
const FIELDS: [&str; 13] = [
    "method",
    "path",
    "pathPrefix",
    "times",
    "delayMs",
    "status",
    "body",
    "bodySize",
    "contentType",
    "headers",
    "cutAfterBytes",
    "hang",
    "drop",
];

/// One fault: which calls it hits and what it does to them.
#[derive(Clone, Debug)]
pub struct Fault {
    method: Option<Method>,
    path: PathMatch,
    times: u32,
    delay: Option<Duration>,
    effect: Effect,
    /// The settings as armed, for the listing.
    settings: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PathMatch {
    Any,
    Exact(String),
    Prefix(String),
}

#[derive(Clone, Debug)]
enum Effect {
    /// An answer goes out, the handler's or a made-up one, with extra
    /// headers and maybe cut short.
    Answer {
        made: Option<MadeAnswer>,
        headers: Vec<(HeaderName, HeaderValue)>,
        cut_after: Option<usize>,
    },
    Hang,
    Drop(DropPoint),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DropPoint {
    BeforeHandler,
    AfterHandler,
}

/// An answer that stands in for the handler's.
#[derive(Clone, Debug)]
struct MadeAnswer {
    status: StatusCode,
    body: MadeBody,
    content_type: Option<HeaderValue>,
}

#[derive(Clone, Debug)]
enum MadeBody {
    Text(Bytes),
    /// This many `x` bytes, made when needed rather than kept.
    Filler(usize),
}

impl Fault {
    /// Reads the body of `POST /__emulator/faults`.
    ///
    /// # Errors
    ///
    /// A `validation_error` naming every field that is wrong, of the wrong
    /// type, unknown, or at odds with another.
    pub fn from_json(body: &Value) -> Result<Fault, ApiError> {
        let Value::Object(given) = body else {
            return Err(ApiError::invalid("body", "must be a JSON object"));
        };
        // A null is what JSON.stringify makes of a variable left unset, so
        // it counts as absent.
        let settings: Map<String, Value> = given
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();

        let mut fields = Fields {
            settings: &settings,
            details: Vec::new(),
        };
        for name in settings.keys() {
            if !FIELDS.contains(&name.as_str()) {
                fields.complain(name, "is not a fault setting");
            }
        }
        let read = Settings::read(&mut fields);
        read.check_combinations(&mut fields);
        if !fields.details.is_empty() {
            return Err(ApiError::validation(fields.details));
        }

        // The listing shows the settings as they take effect.
        let mut settings = settings.clone();
        if let Some(method) = &read.method {
            settings.insert("method".to_owned(), Value::from(method.as_str()));
        }
        settings.insert("times".to_owned(), Value::from(read.times));
        Ok(read.into_fault(settings))
    }

    fn hits(&self, method: &Method, path: &str) -> bool {
        let method_matches = self.method.as_ref().is_none_or(|wanted| wanted == method);
        method_matches
            && match &self.path {
                PathMatch::Any => true,
                PathMatch::Exact(wanted) => path == wanted,
                PathMatch::Prefix(prefix) => path.starts_with(prefix.as_str()),
            }
    }
}

/// A fault's settings, each read on its own.
struct Settings {
    method: Option<Method>,
    path: Option<String>,
    prefix: Option<String>,
    times: u32,
    delay: Option<Duration>,
    status: Option<StatusCode>,
    body: Option<String>,
    body_size: Option<usize>,
    content_type: Option<HeaderValue>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cut_after: Option<usize>,
    hang: bool,
    drop_point: Option<DropPoint>,
}

impl Settings {
    fn read(fields: &mut Fields<'_>) -> Settings {
        Settings {
            // Which calls.
            method: fields.method(),
            path: fields.path("path", |path| path == "/v2" || path.starts_with("/v2/")),
            prefix: fields.path("pathPrefix", |prefix| prefix.starts_with("/v2")),
            times: fields
                .whole("times", 1..=u64::from(u32::MAX))
                .map_or(1, |times| times as u32),

            // What happens to them.
            delay: fields
                .whole("delayMs", 0..=MAX_WAIT.as_millis() as u64)
                .map(Duration::from_millis),
            status: fields.status(),
            body: fields.text("body").map(str::to_owned),
            body_size: fields
                .whole("bodySize", 0..=MAX_BODY_SIZE)
                .map(|size| size as usize),
            content_type: fields.header_value("contentType"),
            headers: fields.headers(),
            cut_after: fields
                .whole("cutAfterBytes", 0..=MAX_BODY_SIZE)
                .map(|bytes| bytes as usize),
            hang: fields.flag("hang").unwrap_or(false),
            drop_point: fields.drop_point(),
        }
    }

    /// Complains about settings at odds with each other.
    fn check_combinations(&self, fields: &mut Fields<'_>) {
        if self.path.is_some() && self.prefix.is_some() {
            fields.complain("pathPrefix", "cannot be combined with path");
        }
        if self.body.is_some() && self.body_size.is_some() {
            fields.complain("bodySize", "cannot be combined with body");
        }

        // What only a made-up answer has, and what shapes any answer.
        let made_up = given(&[
            ("body", self.body.is_some()),
            ("bodySize", self.body_size.is_some()),
            ("contentType", self.content_type.is_some()),
        ]);
        let shaping = given(&[
            ("status", self.status.is_some()),
            ("headers", !self.headers.is_empty()),
            ("cutAfterBytes", self.cut_after.is_some()),
        ]);
        let silent = match (self.hang, self.drop_point) {
            (true, drop_point) => {
                if drop_point.is_some() {
                    fields.complain("drop", "cannot be combined with hang");
                }
                Some("hang")
            }
            (false, Some(_)) => Some("drop"),
            (false, None) => None,
        };
        if let Some(silent) = silent {
            for name in made_up.iter().chain(&shaping) {
                let message = format!("cannot be combined with {silent}, which sends no answer");
                fields.complain(name, message);
            }
        } else if self.status.is_none() {
            for name in &made_up {
                fields.complain(
                    name,
                    "needs status: without it the handler's answer goes out",
                );
            }
        }

        if let Some(status) = self
            .status
            .filter(|status| matches!(status.as_u16(), 204 | 304))
        {
            for name in made_up.iter().filter(|name| **name != "contentType") {
                fields.complain(name, format!("must be absent: a {status} has no body"));
            }
        }
        let content_type_twice = self.content_type.is_some()
            && self
                .headers
                .iter()
                .any(|(name, _)| name == header::CONTENT_TYPE);
        if content_type_twice {
            fields.complain("headers", "cannot set Content-Type as well as contentType");
        }
    }

    fn into_fault(self, settings: Map<String, Value>) -> Fault {
        let effect = match (self.hang, self.drop_point) {
            (true, _) => Effect::Hang,
            (false, Some(point)) => Effect::Drop(point),
            (false, None) => Effect::Answer {
                made: self.status.map(|status| MadeAnswer {
                    status,
                    body: match (self.body, self.body_size) {
                        (_, Some(size)) => MadeBody::Filler(size),
                        (text, None) => MadeBody::Text(Bytes::from(text.unwrap_or_default())),
                    },
                    content_type: self.content_type,
                }),
                headers: self.headers,
                cut_after: self.cut_after,
            },
        };
        Fault {
            method: self.method,
            path: match (self.path, self.prefix) {
                (Some(path), _) => PathMatch::Exact(path),
                (None, Some(prefix)) => PathMatch::Prefix(prefix),
                (None, None) => PathMatch::Any,
            },
            times: self.times,
            delay: self.delay,
            effect,
            settings,
        }
    }
}

/// The names of the settings given, in order.
fn given(settings: &[(&'static str, bool)]) -> Vec<&'static str> {
    settings
        .iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| *name)
        .collect()
}

/// The settings of a fault being read, and what is wrong with them so far.
struct Fields<'a> {
    settings: &'a Map<String, Value>,
    details: Vec<Detail>,
}

impl<'a> Fields<'a> {
    fn complain(&mut self, field: &str, message: impl Into<String>) {
        self.details.push(Detail::new(field, message));
    }

    fn text(&mut self, field: &str) -> Option<&'a str> {
        match self.settings.get(field)? {
            Value::String(text) => Some(text),
            _ => {
                self.complain(field, "must be a string");
                None
            }
        }
    }

    fn whole(&mut self, field: &str, range: RangeInclusive<u64>) -> Option<u64> {
        let value = self.settings.get(field)?;
        match value.as_u64().filter(|number| range.contains(number)) {
            Some(number) => Some(number),
            None => {
                let message = format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                );
                self.complain(field, message);
                None
            }
        }
    }

    fn flag(&mut self, field: &str) -> Option<bool> {
        match self.settings.get(field)? {
            Value::Bool(flag) => Some(*flag),
            _ => {
                self.complain(field, "must be true or false");
                None
            }
        }
    }

    fn method(&mut self) -> Option<Method> {
        let text = self.text("method")?;
        match Method::from_bytes(text.to_ascii_uppercase().as_bytes()) {
            Ok(Method::OPTIONS) => {
                self.complain("method", "cannot be OPTIONS: preflights are never faulted");
                None
            }
            Ok(method) => Some(method),
            Err(_) => {
                self.complain("method", "must be an HTTP method such as GET");
                None
            }
        }
    }

    /// A path or prefix under `/v2`, which is all a fault sees.
    fn path(&mut self, field: &str, under_v2: impl Fn(&str) -> bool) -> Option<String> {
        let text = self.text(field)?;
        if under_v2(text) && !text.contains(['?', '#']) {
            Some(text.to_owned())
        } else {
            self.complain(
                field,
                "must be a path under /v2 as sent, without a query, e.g. /v2/users/user_abc123",
            );
            None
        }
    }

    fn status(&mut self) -> Option<StatusCode> {
        let code = self.whole("status", 200..=599)?;
        // Every number in the range is a valid status.
        StatusCode::from_u16(code as u16).ok()
    }

    fn header_value(&mut self, field: &str) -> Option<HeaderValue> {
        let text = self.text(field)?;
        match HeaderValue::from_str(text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.complain(field, "must be visible ASCII, fit for a header");
                None
            }
        }
    }

    fn headers(&mut self) -> Vec<(HeaderName, HeaderValue)> {
        let given = match self.settings.get("headers") {
            None => return Vec::new(),
            Some(Value::Object(given)) => given,
            Some(_) => {
                self.complain("headers", "must be an object of header names to strings");
                return Vec::new();
            }
        };
        let mut headers = Vec::new();
        for (name, value) in given {
            let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
                self.complain("headers", format!("{name:?} is not a header name"));
                continue;
            };
            if RESERVED_HEADERS.contains(&header_name.as_str()) {
                self.complain("headers", format!("{name} is the emulator's to set"));
                continue;
            }
            match value.as_str().map(HeaderValue::from_str) {
                Some(Ok(value)) => headers.push((header_name, value)),
                _ => self.complain(
                    "headers",
                    format!("{name} must have a string value of visible ASCII"),
                ),
            }
        }
        headers
    }

    fn drop_point(&mut self) -> Option<DropPoint> {
        match self.settings.get("drop")? {
            Value::String(when) if when == "before" => Some(DropPoint::BeforeHandler),
            Value::String(when) if when == "after" => Some(DropPoint::AfterHandler),
            _ => {
                self.complain("drop", "must be \"before\" or \"after\"");
                None
            }
        }
    }
}

/// The armed faults, in the order they were armed.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Vec<Armed>,
    /// How many were ever armed, for the next id.
    count: u64,
}

#[derive(Debug)]
struct Armed {
    id: String,
    fault: Arc<Fault>,
    remaining: u32,
    hits: u32,
}

impl Faults {
    /// Arms `fault` behind the others; returns its id.
    pub fn arm(&mut self, fault: Fault) -> String {
        self.count += 1;
        let id = format!("fault_{}", self.count);
        self.armed.push(Armed {
            id: id.clone(),
            remaining: fault.times,
            hits: 0,
            fault: Arc::new(fault),
        });
        id
    }

    /// Uses up one hit of the first fault that matches the call, if any,
    /// and returns its id and the fault.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<(String, Arc<Fault>)> {
        let armed = self
            .armed
            .iter_mut()
            .find(|armed| armed.remaining > 0 && armed.fault.hits(method, path))?;
        armed.remaining -= 1;
        armed.hits += 1;
        Some((armed.id.clone(), Arc::clone(&armed.fault)))
    }

    /// What `GET /__emulator/faults` lists.
    pub fn listing(&self) -> Vec<Value> {
        self.armed
            .iter()
            .map(|armed| {
                let mut listed = armed.fault.settings.clone();
                listed.insert("id".to_owned(), Value::from(armed.id.as_str()));
                listed.insert("remaining".to_owned(), Value::from(armed.remaining));
                listed.insert("hits".to_owned(), Value::from(armed.hits));
                Value::Object(listed)
            })
            .collect()
    }

    /// Forgets every fault, but not how many there were.
    pub fn disarm_all(&mut self) {
        self.armed.clear();
    }
}

/// Middleware for every `/v2` call, inside CORS and outside the key check:
/// journals the call and, when an armed fault matches, applies it.
pub async fn intercept(State(controls): State<Controls>, request: Request, next: Next) -> Response {
    // The CORS layer outside answers every OPTIONS request itself, so what
    // gets here is a real call. One lock for both keeps the journal in the
    // order faults were taken.
    let mut entry = Entry::of(&request);
    let (fault, ticket) = {
        let mut controls = controls.lock();
        let fault = controls.faults.take(request.method(), &entry.path);
        entry.fault = fault.as_ref().map(|(id, _)| id.clone());
        (fault, controls.journal.record(entry))
    };

    let response = match fault {
        Some((id, fault)) => apply(&fault, &id, request, next).await,
        None => next.run(request).await,
    };

    let answered = response.extensions().get::<NoAnswer>().is_none();
    let status = answered.then(|| response.status().as_u16());
    controls.lock().journal.settle(ticket, status);
    response
}

async fn apply(fault: &Fault, id: &str, request: Request, next: Next) -> Response {
    let connection = request
        .extensions()
        .get::<ConnectInfo<Connection>>()
        .map(|ConnectInfo(connection)| connection.clone());
    let note = Note::of(request.extensions());
    note.set(id);

    // A handler that runs does so first and the delay holds back only the
    // answer, as on a server slow to reply: the work is done even for a
    // client that gives up waiting, and that is the same for every call.
    // (Hyper notices a client leave only once the request body is read, so
    // a delay before the handler would cancel it for a GET but not a POST.)
    let delay = || async {
        if let Some(delay) = fault.delay {
            tokio::time::sleep(delay).await;
        }
    };

    match &fault.effect {
        Effect::Hang => {
            note.set(format!("{id} hang"));
            // With the body read, hyper watches the socket and drops this
            // future as soon as the client leaves.
            drain(request).await;
            tokio::time::sleep(MAX_WAIT).await;
            note.set(format!(
                "{id} hung for {} s, then dropped",
                MAX_WAIT.as_secs()
            ));
            drop_connection(connection.as_ref())
        }

        Effect::Drop(DropPoint::BeforeHandler) => {
            note.set(format!("{id} dropped before the handler"));
            // Severed first, so that not even a `100 Continue` goes out
            // while the body is read. A body left unread would make the
            // close a reset rather than the plain close asked for.
            if let Some(connection) = &connection {
                connection.sever();
            }
            drain(request).await;
            delay().await;
            drop_connection(connection.as_ref())
        }

        Effect::Drop(DropPoint::AfterHandler) => {
            note.set(format!("{id} dropped after the handler"));
            // The handler's changes stick; only its answer is lost.
            drop(next.run(request).await);
            delay().await;
            drop_connection(connection.as_ref())
        }

        Effect::Answer {
            made,
            headers,
            cut_after,
        } => {
            let mut response = match made {
                Some(made) => {
                    // The handler would have read the body; so does this,
                    // for the same clean close.
                    drain(request).await;
                    made.response()
                }
                None => next.run(request).await,
            };
            for (name, value) in headers {
                response.headers_mut().insert(name.clone(), value.clone());
            }
            delay().await;

            if let Some(body_bytes) = *cut_after {
                let Some(connection) = connection else {
                    return needs_connection();
                };
                note.set(format!("{id} cut after {body_bytes} body bytes"));
                connection.cut_after(body_bytes);
                // A body no longer than the cut goes out whole, and then the
                // connection closes all the same.
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
    }
}

impl MadeAnswer {
    fn response(&self) -> Response {
        let body = match &self.body {
            MadeBody::Text(text) => text.clone(),
            MadeBody::Filler(size) => Bytes::from(vec![b'x'; *size]),
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        if let Some(content_type) = &self.content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type.clone());
        }
        response
    }
}

/// Severs `connection` and returns a stand-in answer that hyper will fail
/// to send.
fn drop_connection(connection: Option<&Connection>) -> Response {
    let Some(connection) = connection else {
        return needs_connection();
    };
    connection.sever();
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.extensions_mut().insert(NoAnswer);
    response
}

fn needs_connection() -> Response {
    ApiError::internal(
        "This fault acts on the connection, which only legionedge_emulator::Server provides",
    )
    .into_response()
}

/// Reads and discards the request body, up to the API's limit.
async fn drain(request: Request) {
    let _ = axum::body::to_bytes(request.into_body(), BODY_LIMIT).await;
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fault(settings: Value) -> Fault {
        Fault::from_json(&settings).unwrap()
    }

    fn bad_fields(settings: Value) -> Vec<String> {
        let error = Fault::from_json(&settings).unwrap_err();
        error.details().iter().map(|d| d.field.clone()).collect()
    }

    #[test]
    fn an_empty_fault_hits_any_call_once_and_lets_it_through() {
        let fault = fault(json!({}));
        assert_eq!(fault.times, 1);
        assert_eq!(fault.path, PathMatch::Any);
        assert!(fault.hits(&Method::DELETE, "/v2/users/x"));
        assert!(matches!(
            fault.effect,
            Effect::Answer {
                made: None,
                cut_after: None,
                ..
            }
        ));
    }

    #[test]
    fn the_method_matches_in_any_case() {
        let fault = fault(json!({ "method": "post" }));
        assert!(fault.hits(&Method::POST, "/v2/users/x/suspend"));
        assert!(!fault.hits(&Method::GET, "/v2/users/x/suspend"));
        assert_eq!(fault.settings["method"], "POST");
    }

    #[test]
    fn a_path_matches_exactly_and_a_prefix_by_its_start() {
        let exact = fault(json!({ "path": "/v2/users/a%2Fb" }));
        assert!(exact.hits(&Method::GET, "/v2/users/a%2Fb"));
        assert!(!exact.hits(&Method::GET, "/v2/users/a%2Fb/suspend"));
        assert!(!exact.hits(&Method::GET, "/v2/users/a/b"));

        let prefix = fault(json!({ "pathPrefix": "/v2/organizations/" }));
        assert!(prefix.hits(&Method::GET, "/v2/organizations/org_abc123/users"));
        assert!(!prefix.hits(&Method::GET, "/v2/users/user_abc123"));
    }

    #[test]
    fn nulls_count_as_absent() {
        let fault = fault(json!({ "status": null, "body": null, "times": 2 }));
        assert!(matches!(fault.effect, Effect::Answer { made: None, .. }));
        assert!(!fault.settings.contains_key("status"));
    }

    #[test]
    fn every_bad_field_is_named() {
        assert_eq!(
            bad_fields(json!({
                "method": "GE T", "path": "/users/x", "times": 0, "status": 99,
                "bodySize": -1, "delayMs": 600_001, "hang": "yes", "drop": "later",
                "delay": 5,
            })),
            ["delay", "method", "path", "times", "delayMs", "status", "bodySize", "hang", "drop"]
        );
    }

    #[test]
    fn settings_at_odds_are_named() {
        let cases = [
            (
                json!({ "path": "/v2/a", "pathPrefix": "/v2/" }),
                vec!["pathPrefix"],
            ),
            (
                json!({ "status": 500, "body": "x", "bodySize": 3 }),
                vec!["bodySize"],
            ),
            (
                json!({ "body": "x", "contentType": "text/plain" }),
                vec!["body", "contentType"],
            ),
            (json!({ "hang": true, "status": 503 }), vec!["status"]),
            (
                json!({ "drop": "after", "cutAfterBytes": 3 }),
                vec!["cutAfterBytes"],
            ),
            (json!({ "hang": true, "drop": "before" }), vec!["drop"]),
            (json!({ "status": 204, "body": "x" }), vec!["body"]),
            (
                json!({ "status": 200, "contentType": "a/b", "headers": { "content-type": "c/d" } }),
                vec!["headers"],
            ),
        ];
        for (settings, fields) in cases {
            assert_eq!(bad_fields(settings.clone()), fields, "{settings}");
        }
    }

    #[test]
    fn reserved_and_malformed_headers_are_refused() {
        let error = Fault::from_json(&json!({ "headers": {
            "X-Request-Id": "req_x", "Content-Length": "1", "bad name": "x", "X-Ok": "fine",
            "X-Number": 2,
        } }))
        .unwrap_err();
        let messages: Vec<&str> = error.details().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("X-Request-Id")));
        assert!(messages.iter().any(|m| m.contains("X-Number")));
    }

    #[test]
    fn the_first_armed_match_with_hits_left_is_taken() {
        let mut faults = Faults::default();
        let users = faults.arm(fault(json!({ "pathPrefix": "/v2/users/", "times": 2 })));
        let any = faults.arm(fault(json!({})));
        let take = |faults: &mut Faults, path| faults.take(&Method::GET, path).map(|(id, _)| id);

        assert_eq!(
            take(&mut faults, "/v2/organizations/o/users"),
            Some(any.clone())
        );
        assert_eq!(take(&mut faults, "/v2/users/a"), Some(users.clone()));
        assert_eq!(take(&mut faults, "/v2/users/a"), Some(users));
        assert_eq!(take(&mut faults, "/v2/users/a"), None);

        let listing = faults.listing();
        assert_eq!(listing[0]["remaining"], 0);
        assert_eq!(listing[0]["hits"], 2);
        assert_eq!(listing[1]["id"], any);
    }

    #[test]
    fn ids_keep_counting_after_a_disarm() {
        let mut faults = Faults::default();
        faults.arm(fault(json!({})));
        faults.disarm_all();
        assert_eq!(faults.arm(fault(json!({}))), "fault_2");
        assert_eq!(faults.listing().len(), 1);
    }
}
