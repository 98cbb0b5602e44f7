//! The one module that touches the network and the clock: it sends one
//! attempt of an [`ApiRequest`] and reads the whole answer, and it sleeps
//! between attempts.
//!
//! An attempt is one call of `attempt` in `src/js/attempt.js`, which builds
//! a standard `Request`, sends it through the global `fetch` (which windows,
//! workers and Node all have) or the caller's, reads the body within the
//! timeout and until the caller's signal aborts, and for a clean 2xx parses
//! and shape-checks the JSON with the engine's own `JSON.parse`. It settles
//! with an outcome object, read here into an [`Answer`] or a [`Failure`]
//! with the words a person sees. Keeping the attempt in JavaScript makes it
//! one crossing and one Promise instead of a dozen; the JavaScript `Client`
//! goes further and runs a call's first attempt from JavaScript (`fast` in
//! the same file), coming back here only when it did not simply succeed.
//!
//! Every timer and listener belongs to the attempt or sleep that made it and
//! is removed when it ends, however it ends, so nothing outlives the call
//! that made it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::error::{Cause, Error, ErrorKind, RateLimit};
use crate::request::ApiRequest;
use crate::response::{ends_too_soon, ApiResponse, Malformed};

/// The largest answer read, in bytes. The biggest real one (a page of 100
/// users) is far smaller; anything this big is not the API. `attempt.js`
/// holds the same figure.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The longest delay timers take; a longer one would fire at once.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

#[wasm_bindgen(module = "/src/js/attempt.js")]
extern "C" {
    /// One attempt; the Promise resolves with an outcome and never rejects.
    fn attempt(
        fetch: &JsValue,
        url: &str,
        method: u8,
        authorization: &str,
        idempotency_key: Option<&str>,
        body: Option<&str>,
        signal: &JsValue,
        timeout_ms: f64,
        shape: u8,
    ) -> Promise;

    /// Resolves after `ms`, or as soon as `signal` aborts.
    fn wait(ms: f64, signal: &JsValue) -> Promise;

    /// A Promise that resolves when a signal aborts, and the means to stop
    /// listening.
    type Abortion;
    fn abortion(signal: &AbortSignal) -> Abortion;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Abortion) -> Promise;
    #[wasm_bindgen(method)]
    fn release(this: &Abortion);
}

/// Stops listening for the abort when dropped.
struct Listening(Abortion);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// Whichever of two futures ends first: the work, or the abort.
struct Race<F> {
    work: Pin<Box<F>>,
    aborted: JsFuture,
}

impl<F: Future> Future for Race<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(output) = self.work.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        match Pin::new(&mut self.aborted).poll(cx) {
            Poll::Ready(_) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Runs `work` until `signal` aborts: `None` when the signal aborted first
/// (or before). For waits the SDK does not control, like a token provider.
pub(crate) async fn until_aborted<F: Future>(
    work: F,
    signal: Option<&AbortSignal>,
) -> Option<F::Output> {
    let Some(signal) = signal else {
        return Some(work.await);
    };
    if signal.aborted() {
        return None;
    }
    let listening = Listening(abortion(signal));
    let aborted = JsFuture::from(listening.0.aborted());
    Race {
        work: Box::pin(work),
        aborted,
    }
    .await
}

/// What a 2xx body must be for `attempt.js` to parse and check it; the
/// numbers are the indexes it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Not checked in JavaScript: the answer comes back as text, for the
    /// Rust API's serde models.
    Text = 0,
    /// A user object.
    User = 1,
    /// A page of users.
    Page = 2,
    /// An invitation.
    Invitation = 3,
    /// Nothing: any 2xx is success (`delete`).
    Nothing = 4,
}

// The outcome kinds of attempt.js, and why one ended final.
const ANSWERED: u32 = 0;
const NETWORK: u32 = 1;
const TIMEOUT: u32 = 2;
const ABORTED: u32 = 3;
const NO_FETCH: u32 = 0;
const REFUSED: u32 = 1;
const NOT_RESPONSE: u32 = 2;
const TOO_BIG: u32 = 4;
const NO_ABORT_CONTROLLER: u32 = 5;

/// How one attempt failed without an answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The connection failed or broke; the platform's error is the cause.
    Network(Error),
    /// The attempt outlived its time.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
    /// The answer was refused unread (too big), or the request could not be
    /// built: final, not worth a retry.
    Final(Error),
}

/// One attempt's answer: its status and headers as an [`ApiResponse`] whose
/// body is still empty, and the body as the engine's own string. Copying it
/// into wasm memory is left to the caller, which often does not need to.
pub(crate) struct Answer {
    pub(crate) head: ApiResponse,
    pub(crate) text: JsValue,
    /// The body as `JSON.parse` gave it, once it passed its shape check.
    pub(crate) value: Option<JsValue>,
    /// Why a 2xx body checked in JavaScript is not the API's JSON.
    pub(crate) problem: Option<Malformed>,
}

impl Answer {
    /// The body, copied into Rust.
    pub(crate) fn body(&self) -> String {
        self.text.as_string().unwrap_or_default()
    }

    /// The whole answer as data, the body copied into Rust.
    pub(crate) fn into_response(self) -> ApiResponse {
        ApiResponse {
            body: self.body(),
            ..self.head
        }
    }
}

/// One attempt's settings.
pub(crate) struct Attempt<'a> {
    pub(crate) request: &'a ApiRequest,
    pub(crate) base_url: &'a str,
    pub(crate) token: &'a str,
    pub(crate) timeout_ms: u32,
    pub(crate) signal: Option<&'a AbortSignal>,
    pub(crate) fetch: Option<&'a Function>,
    pub(crate) shape: Shape,
}

impl Attempt<'_> {
    /// Sends the request once and reads the whole answer, within
    /// `timeout_ms` and until the caller's signal aborts.
    pub(crate) async fn send(&self) -> Result<Answer, Failure> {
        let request = self.request;
        let url = request.url(self.base_url);
        let outcome = attempt(
            self.fetch
                .map_or(&JsValue::UNDEFINED, |fetch| fetch.as_ref()),
            &url,
            request.method as u8,
            &format!("Bearer {}", self.token),
            request.idempotency_key.as_deref(),
            request.body.as_deref(),
            self.signal
                .map_or(&JsValue::UNDEFINED, |signal| signal.as_ref()),
            f64::from(self.timeout_ms),
            self.shape as u8,
        );
        let outcome = JsFuture::from(outcome).await.unwrap_or(JsValue::UNDEFINED);
        read_outcome(&outcome, request, self.base_url)
    }
}

/// An outcome of `attempt.js` as an answer or a failure, in the words a
/// person sees.
pub(crate) fn read_outcome(
    outcome: &JsValue,
    request: &ApiRequest,
    base_url: &str,
) -> Result<Answer, Failure> {
    let field = |key: &str| Reflect::get(outcome, &JsValue::from_str(key)).unwrap_or_default();
    let number = |key: &str| field(key).as_f64().unwrap_or(-1.0);
    let text = |key: &str| field(key).as_string();
    let call = || request.call();
    let status = number("status").clamp(0.0, 599.0) as u16;
    let detail = number("detail") as u32;
    match number("kind") as u32 {
        ANSWERED => {
            let success = (200..300).contains(&status);
            let count = |key: &str| text(key).and_then(|v| v.trim().parse::<u64>().ok());
            let head = ApiResponse {
                status,
                request_id: text("requestId"),
                content_type: text("contentType"),
                retry_after: if success { None } else { text("retryAfter") },
                rate_limit: RateLimit {
                    limit: count("limit"),
                    remaining: count("remaining"),
                    reset: count("reset"),
                },
                received_at_ms: js_sys::Date::now(),
                body: String::new(),
            };
            let body = field("text");
            let value = field("done")
                .is_truthy()
                .then(|| field("value"))
                .filter(|value| !value.is_undefined());
            let problem = match number("problem") as u32 {
                1 => Some(Malformed::Empty),
                2 => Some(Malformed::NotJson),
                3 if ends_too_soon(&body.as_string().unwrap_or_default()) => {
                    Some(Malformed::CutOff)
                }
                3 => Some(Malformed::Syntax),
                4 => Some(Malformed::Shape(text("shapeProblem").unwrap_or_default())),
                _ => None,
            };
            Ok(Answer {
                head,
                text: body,
                value,
                problem,
            })
        }
        NETWORK if detail == 0 => {
            let platform = field("cause");
            Err(unreachable(base_url, &describe(&platform), platform))
        }
        NETWORK => {
            let platform = field("cause");
            let reason = describe(&platform);
            Err(Failure::Network(
                Error::new(
                    ErrorKind::Network,
                    format!(
                        "the connection broke while reading the answer to {} ({reason})",
                        call()
                    ),
                )
                .with_status(status)
                .with_cause(cause(&reason, platform)),
            ))
        }
        TIMEOUT => Err(Failure::Timeout),
        ABORTED => Err(Failure::Aborted),
        _ if detail == TOO_BIG => Err(Failure::Final(
            Error::new(
                ErrorKind::Decode,
                format!(
                    "{} answered {status} with a {}-byte body, more than the \
                     {MAX_BODY_BYTES} bytes an API answer can be; not read",
                    call(),
                    number("length") as u64
                ),
            )
            .with_status(status)
            .with_request_id(text("requestId")),
        )),
        _ => Err(Failure::Final(match detail {
            REFUSED => Error::new(
                ErrorKind::InvalidInput,
                "the browser refused to build the request; check the API key or token for stray characters",
            ),
            NO_FETCH => Error::new(
                ErrorKind::Network,
                "this JavaScript host has no global fetch; pass one as the fetch option",
            ),
            NOT_RESPONSE => Error::new(
                ErrorKind::Network,
                "the fetch option resolved to something that is not a Response",
            ),
            NO_ABORT_CONTROLLER => Error::new(
                ErrorKind::Network,
                "this JavaScript host has no AbortController",
            ),
            _ => Error::new(
                ErrorKind::Network,
                "the fetch option resolved to a Response that cannot be read",
            ),
        })),
    }
}

/// Waits `ms` milliseconds, or less if `signal` aborts first.
///
/// # Errors
///
/// [`Failure::Aborted`] when the signal aborted, before or during the wait.
pub(crate) async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<(), Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    let waited = wait(
        (ms as f64).min(MAX_TIMER_MS),
        signal.map_or(&JsValue::UNDEFINED, |signal| signal.as_ref()),
    );
    let _ = JsFuture::from(waited).await;
    if signal.is_some_and(AbortSignal::aborted) {
        Err(Failure::Aborted)
    } else {
        Ok(())
    }
}

/// A random idempotency key, from `crypto.randomUUID()` where the host has
/// it (every secure context, workers and Node), else from `Math.random`.
pub(crate) fn idempotency_key() -> String {
    let random_uuid = Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(|crypto| crypto.is_object())
        .and_then(|crypto| {
            let uuid = Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            let uuid: &Function = uuid.dyn_ref()?;
            uuid.call0(&crypto).ok()?.as_string()
        });
    let mut key = String::from("lek_");
    match random_uuid {
        Some(uuid) => key.push_str(&uuid),
        None => {
            // 128 random bits as 32 hex digits.
            for _ in 0..4 {
                let part = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
                for shift in (0..8).rev() {
                    key.push(crate::request::hex_digit((part >> (shift * 4)) as u8));
                }
            }
        }
    }
    key
}

/// A uniform random number in `[0, 1)`, for backoff jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

/// Wall-clock time in Unix milliseconds.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The failure for a request that got no answer. The message names the
/// origin (of the base URL, the same as of the request's) so a person can
/// see which server failed; it never holds the key.
fn unreachable(base_url: &str, reason: &str, platform: JsValue) -> Failure {
    let origin: String = base_url.split('/').take(3).collect::<Vec<_>>().join("/");
    Failure::Network(
        Error::new(
            ErrorKind::Network,
            format!(
                "could not reach {origin} ({reason}); check the network, the baseUrl, \
                 and that the server allows this page's origin (CORS)"
            ),
        )
        .with_cause(cause(reason, platform)),
    )
}

fn cause(message: &str, value: JsValue) -> Cause {
    Cause {
        message: message.to_owned(),
        value,
    }
}

/// A thrown JavaScript value as text, whatever it is.
fn describe(value: &JsValue) -> String {
    thrown_message(value).unwrap_or_else(|| "the fetch option failed".to_owned())
}

/// What a thrown JavaScript value says: its `message`, or the value itself
/// when it is a string. Read through Reflect, so that even a throwing
/// `message` getter cannot unwind through the module.
pub(crate) fn thrown_message(value: &JsValue) -> Option<String> {
    Reflect::get(value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
}
