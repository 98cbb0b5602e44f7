//! The one module that touches the network and the clock: it sends one
//! attempt of an [`ApiRequest`] through `fetch` and reads the whole answer
//! as an [`ApiResponse`], and it sleeps between attempts.
//!
//! It calls the global `fetch`, which windows, workers and Node all have,
//! with a `Request` built through web-sys. (It once went through gloo-net,
//! whose builder parses every URL again through `URL` and
//! `URLSearchParams`; the benchmark measured that as a tenth of a call.) A caller may inject their own `fetch` instead (a test double, an
//! instrumented wrapper); it gets a standard `Request` and must return a
//! `Response`.
//!
//! Every timer and listener made here belongs to a guard that removes it
//! when the attempt or the sleep ends, however it ends, so nothing outlives
//! the call that made it.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::error::{Cause, Error, ErrorKind, RateLimit};
use crate::request::ApiRequest;
use crate::response::ApiResponse;

/// The largest answer read, in bytes. The biggest real one (a page of 100
/// users) is far smaller; anything this big is not the API.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The longest delay timers take; a longer one would fire at once.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

#[wasm_bindgen(module = "/src/js/attempt.js")]
extern "C" {
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(controller: &AbortController, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = timedOut)]
    fn timed_out(signal: &AbortSignal) -> bool;
    fn follow(signal: &AbortSignal, controller: &AbortController) -> Function;
    #[wasm_bindgen(js_name = untilAborted)]
    fn until_aborted(promise: &JsValue, signal: &AbortSignal) -> Promise;
    #[wasm_bindgen(js_name = buildRequest, catch)]
    fn build_request(
        url: &str,
        method: &str,
        authorization: &str,
        idempotency_key: Option<&str>,
        body: Option<&str>,
        signal: &AbortSignal,
    ) -> Result<web_sys::Request, JsValue>;
}

/// An attempt's timeout, cleared when dropped.
struct AttemptTimer(JsValue);

impl Drop for AttemptTimer {
    fn drop(&mut self) {
        clear_timeout(&self.0);
    }
}

/// The link from the caller's signal to an attempt, undone when dropped.
struct Unlink(Function);

impl Drop for Unlink {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

#[wasm_bindgen]
extern "C" {
    // The global timer functions, which windows, workers and Node share.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

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
/// into wasm memory is left to the caller, which often does not need to:
/// JavaScript gets `JSON.parse` of the string as it is.
pub(crate) struct Answer {
    pub(crate) head: ApiResponse,
    pub(crate) text: js_sys::JsString,
}

impl Answer {
    /// The whole answer as data, the body copied into Rust.
    pub(crate) fn into_response(self) -> ApiResponse {
        ApiResponse {
            body: String::from(self.text),
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
}

impl Attempt<'_> {
    /// Sends the request once and reads the whole answer, within
    /// `timeout_ms` and until the caller's signal aborts.
    pub(crate) async fn send(&self) -> Result<Answer, Failure> {
        if self.signal.is_some_and(AbortSignal::aborted) {
            return Err(Failure::Aborted);
        }

        // One controller aborts the fetch and the body read alike, fired by
        // the timer or by the caller's signal; its reason tells which.
        let controller = AbortController::new().map_err(|_| {
            Failure::Final(Error::new(
                ErrorKind::Network,
                "this JavaScript host has no AbortController",
            ))
        })?;
        let _timer = AttemptTimer(abort_after(
            &controller,
            f64::from(self.timeout_ms).min(MAX_TIMER_MS),
        ));
        let _link = self
            .signal
            .map(|signal| Unlink(follow(signal, &controller)));

        let abort = controller.signal();
        let result = self.fetch_and_read(&abort).await;
        result.map_err(|failure| {
            if self.signal.is_some_and(AbortSignal::aborted) {
                Failure::Aborted
            } else if abort.aborted() && timed_out(&abort) {
                Failure::Timeout
            } else {
                failure
            }
        })
    }

    async fn fetch_and_read(&self, abort: &AbortSignal) -> Result<Answer, Failure> {
        let request = self.request;

        // Build a standard Request: the same object whichever fetch runs it.
        // Only a header the browser refuses can fail here. The browser's
        // text may quote the header, key and all, so it is not repeated.
        let url = request.url(self.base_url);
        let refused = |_| {
            Failure::Final(Error::new(
                ErrorKind::InvalidInput,
                "the browser refused to build the request; check the API key or token for stray characters",
            ))
        };
        let authorization = format!("Bearer {}", self.token);
        let raw = build_request(
            &url,
            request.method.as_str(),
            &authorization,
            request.idempotency_key.as_deref(),
            request.body.as_deref(),
            abort,
        )
        .map_err(refused)?;

        // Send it, through the caller's fetch when there is one. Calling
        // fetch directly keeps the platform's own error object as the cause,
        // whatever a caller's fetch rejects with.
        let (fetch, this) = match self.fetch {
            Some(fetch) => (fetch.clone(), JsValue::UNDEFINED),
            None => (global_fetch()?, JsValue::from(js_sys::global())),
        };
        let returned = fetch
            .call1(&this, &raw)
            .map_err(|thrown| unreachable(&url, &describe(&thrown), thrown))?;
        let settled = JsFuture::from(until_aborted(&returned, abort))
            .await
            .map_err(|rejected| unreachable(&url, &describe(&rejected), rejected))?;
        let response: web_sys::Response = settled.dyn_into().map_err(|_| {
            Failure::Final(Error::new(
                ErrorKind::Network,
                "the fetch option resolved to something that is not a Response",
            ))
        })?;

        // Refuse a body too big to be the API's before reading it.
        // Read through Reflect: a `fetch` option may return a Response whose
        // getters throw, and a throw must not unwind through the module.
        let odd = || {
            Failure::Final(Error::new(
                ErrorKind::Network,
                "the fetch option resolved to a Response that cannot be read",
            ))
        };
        let status = Reflect::get(&response, &"status".into())
            .ok()
            .and_then(|s| s.as_f64())
            .filter(|s| (100.0..=599.0).contains(s))
            .ok_or_else(odd)? as u16;
        let headers: web_sys::Headers = Reflect::get(&response, &"headers".into())
            .ok()
            .and_then(|h| h.dyn_into().ok())
            .ok_or_else(odd)?;
        let header = |name: &str| headers.get(name).ok().flatten();
        let too_big = |length: usize| {
            Failure::Final(
                Error::new(
                    ErrorKind::Decode,
                    format!(
                        "{} {} answered {status} with a {length}-byte body, more than the \
                         {MAX_BODY_BYTES} bytes an API answer can be; not read",
                        request.method.as_str(),
                        request.path
                    ),
                )
                .with_status(status)
                .with_request_id(header("x-request-id")),
            )
        };
        let declared =
            header("content-length").and_then(|length| length.trim().parse::<usize>().ok());
        if let Some(length) = declared.filter(|length| *length > MAX_BODY_BYTES) {
            return Err(too_big(length));
        }

        // Read the whole body: every answer is small JSON or small trouble.
        let broke = |platform: JsValue| {
            let reason = describe(&platform);
            Failure::Network(
                Error::new(
                    ErrorKind::Network,
                    format!(
                        "the connection broke while reading the answer to {} {} ({reason})",
                        request.method.as_str(),
                        request.path
                    ),
                )
                .with_status(status)
                .with_cause(cause(&reason, platform)),
            )
        };
        let reading = response.text().map_err(&broke)?;
        let text: js_sys::JsString = JsFuture::from(until_aborted(&reading, abort))
            .await
            .map_err(&broke)?
            .dyn_into()
            .unwrap_or_else(|_| js_sys::JsString::from(""));
        // Length in UTF-16 units: at most 3 UTF-8 bytes each, at least one.
        if text.length() as usize > MAX_BODY_BYTES {
            return Err(too_big(text.length() as usize));
        }

        // The rate-limit headers matter only when something went wrong.
        let number = |name: &str| header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let success = (200..300).contains(&status);
        let head = ApiResponse {
            status,
            request_id: header("x-request-id"),
            content_type: header("content-type"),
            retry_after: if success { None } else { header("retry-after") },
            rate_limit: if success {
                RateLimit::default()
            } else {
                RateLimit {
                    limit: number("x-ratelimit-limit"),
                    remaining: number("x-ratelimit-remaining"),
                    reset: number("x-ratelimit-reset"),
                }
            },
            received_at_ms: js_sys::Date::now(),
            body: String::new(),
        };
        Ok(Answer { head, text })
    }
}

/// The host's global `fetch`.
fn global_fetch() -> Result<Function, Failure> {
    Reflect::get(&js_sys::global(), &"fetch".into())
        .ok()
        .and_then(|fetch| fetch.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            Failure::Final(Error::new(
                ErrorKind::Network,
                "this JavaScript host has no global fetch; pass one as the fetch option",
            ))
        })
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
    let mut wake = None;
    let promise = Promise::new(&mut |resolve, _reject| wake = Some(resolve));
    let Some(wake) = wake else {
        // The Promise constructor runs its executor at once; a host where
        // it did not would simply not wait.
        return Ok(());
    };
    let _timer = Timer::start(ms as f64, {
        let wake = wake.clone();
        move || {
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    });
    let _link = signal.map(|signal| {
        Listener::on_abort(signal, move || {
            let _ = wake.call0(&JsValue::UNDEFINED);
        })
    });
    let _ = JsFuture::from(promise).await;
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
    random_uuid.map_or_else(
        || {
            let part = || {
                format!(
                    "{:08x}",
                    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
                )
            };
            format!("lek_{}{}{}{}", part(), part(), part(), part())
        },
        |uuid| format!("lek_{uuid}"),
    )
}

/// A uniform random number in `[0, 1)`, for backoff jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

/// Wall-clock time in Unix milliseconds.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(ms: f64, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let ms = ms.clamp(0.0, MAX_TIMER_MS);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// An `abort` listener on a signal, removed when dropped.
struct Listener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    fn on_abort(signal: &AbortSignal, callback: impl FnMut() + 'static) -> Listener {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        Listener {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// The failure for a request that got no answer. The message names the
/// origin so a person can see which server failed; it never holds the key.
fn unreachable(url: &str, reason: &str, platform: JsValue) -> Failure {
    let origin: String = url.split('/').take(3).collect::<Vec<_>>().join("/");
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
