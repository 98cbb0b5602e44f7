//! The Rust face of the SDK: a [`Client`] and its [`Users`] handle, and the
//! one loop every call runs through.
//!
//! Each call validates, builds its request description, then attempts it:
//! a bearer token, one fetch within the timeout, and, when the answer or
//! failure is transient and the request repeatable, a wait and another try.
//! Bad input never reaches the network, and no error leaves with the key.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Once, OnceLock};

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use crate::error::{Error, ErrorKind};
use crate::models::{Invitation, Page, User};
use crate::params::{CallSettings, InviteUser, ListUsers, Settings, UpdateUser};
use crate::request::{ApiRequest, Method};
use crate::retry::{Decision, Outcome, RetryPolicy};
use crate::transport::{self, Answer, Attempt, Failure, Shape};
use crate::users;

/// What a token provider returns: the bearer token, or why there is none.
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<String, Error>>>>;

/// A hook the client calls around each attempt.
pub type Hook = Rc<dyn Fn(&Exchange)>;

/// What a hook sees of one attempt: never the key, a token, the query (it
/// may hold a searched email) or a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The URL path, percent-encoded, without the query.
    pub path: String,
    /// 1 for the first attempt of a call, 2 for its first retry, …
    pub attempt: u32,
    /// The answer's status; `None` before it, or when none came.
    pub status: Option<u16>,
    /// How long the attempt took, in milliseconds; `None` before it.
    pub duration_ms: Option<f64>,
    /// The answer's `X-Request-Id`.
    pub request_id: Option<String>,
    /// Why no answer came: `network`, `timeout` or `aborted`.
    pub failure: Option<ErrorKind>,
}

/// How to reach the API.
#[derive(Clone)]
pub struct ClientOptions {
    api_key: Option<String>,
    token: Option<Rc<dyn Fn() -> TokenFuture>>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    limits: CallSettings,
    fetch: Option<js_sys::Function>,
    hooks: Hooks,
}

/// The hooks of a client; none unless the caller passes them, so nothing is
/// observed or logged by default.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) on_request: Option<Hook>,
    pub(crate) on_response: Option<Hook>,
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is never printed, not even here.
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl ClientOptions {
    /// Options with the secret `api_key` and the default base URL.
    pub fn new(api_key: impl Into<String>) -> Self {
        ClientOptions {
            api_key: Some(api_key.into()),
            ..ClientOptions::blank()
        }
    }

    /// Options that ask `provider` for a bearer token before every request,
    /// and once more after a 401, instead of holding a fixed key.
    pub fn with_token_provider(provider: impl Fn() -> TokenFuture + 'static) -> Self {
        ClientOptions {
            token: Some(Rc::new(provider)),
            ..ClientOptions::blank()
        }
    }

    fn blank() -> Self {
        ClientOptions {
            api_key: None,
            token: None,
            base_url: None,
            allow_insecure_http: false,
            limits: CallSettings::default(),
            fetch: None,
            hooks: Hooks::default(),
        }
    }

    /// Sends requests to `base_url` instead of
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), e.g. a local emulator.
    /// Plain `http://` is refused for anything but this machine unless
    /// [`allow_insecure_http`](ClientOptions::allow_insecure_http) is set.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Allows a plain `http://` base URL to another machine, which sends the
    /// key in clear.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// How long one attempt may take, reading the body included (default
    /// 30 000 ms).
    pub fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.limits.timeout_ms = Some(timeout_ms);
        self
    }

    /// How many times a transient failure is retried (default 2).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.limits.max_retries = Some(max_retries);
        self
    }

    /// Sends requests through `fetch` (called as `fetch(request)`, returning
    /// a Promise of a `Response`) instead of the global one.
    pub fn fetch(mut self, fetch: js_sys::Function) -> Self {
        self.fetch = Some(fetch);
        self
    }

    /// Calls `hook` before every attempt, with its method, path and number.
    pub fn on_request(mut self, hook: impl Fn(&Exchange) + 'static) -> Self {
        self.hooks.on_request = Some(Rc::new(hook));
        self
    }

    /// Calls `hook` after every attempt, with its status (or why none came),
    /// duration and request id.
    pub fn on_response(mut self, hook: impl Fn(&Exchange) + 'static) -> Self {
        self.hooks.on_response = Some(Rc::new(hook));
        self
    }
}

/// Per-call options: a signal to cancel with, and limits that override the
/// client's for this call.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Aborting it cancels the request in flight or the wait before a retry;
    /// the call then fails at once with kind `aborted`.
    pub signal: Option<AbortSignal>,
    /// The time limits and idempotency key.
    pub settings: CallSettings,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Cancels the call when `signal` aborts.
    pub fn signal(mut self, signal: AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }

    /// Overrides the client's timeout for this call.
    pub fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.settings.timeout_ms = Some(timeout_ms);
        self
    }

    /// Overrides the client's retry count for this call.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.settings.max_retries = Some(max_retries);
        self
    }

    /// `invite` only: the idempotency key to send instead of a generated one.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.settings.idempotency_key = Some(key.into());
        self
    }
}

/// A LegionEdge API client. Cheap to clone; clones share one configuration.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

struct Inner {
    settings: Settings,
    token: Option<Rc<dyn Fn() -> TokenFuture>>,
    fetch: Option<js_sys::Function>,
    hooks: Hooks,
    /// `Bearer <key>` as a JavaScript string, made once, for a client with
    /// a fixed key.
    authorization: Option<JsValue>,
    /// The base URL as a JavaScript string, made once.
    base_url: JsValue,
}

/// What the JavaScript fast path sends a first attempt with.
pub(crate) struct FastPath<'a> {
    pub(crate) authorization: &'a JsValue,
    pub(crate) base_url: &'a JsValue,
    pub(crate) fetch: Option<&'a js_sys::Function>,
    pub(crate) timeout_ms: u32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.settings.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the given options.
    ///
    /// # Errors
    ///
    /// An `invalid_input` error when the key is empty, the base URL is not
    /// an http(s) URL (or plain http to another machine), or a limit is out
    /// of range.
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        let ClientOptions {
            api_key,
            token,
            base_url,
            allow_insecure_http,
            limits,
            fetch,
            hooks,
        } = options;
        limits.validate()?;
        let mut settings = Settings::new(
            api_key.as_deref(),
            token.is_some(),
            base_url.as_deref(),
            allow_insecure_http,
        )?;
        settings.timeout_ms = limits.timeout_ms.unwrap_or(settings.timeout_ms);
        settings.max_retries = limits.max_retries.unwrap_or(settings.max_retries);
        Ok(Client::from_parts(settings, token, fetch, hooks))
    }

    pub(crate) fn from_parts(
        settings: Settings,
        token: Option<Rc<dyn Fn() -> TokenFuture>>,
        fetch: Option<js_sys::Function>,
        hooks: Hooks,
    ) -> Self {
        install_panic_hook();
        let authorization = settings
            .api_key
            .as_ref()
            .map(|key| JsValue::from_str(&format!("Bearer {key}")));
        let base_url = JsValue::from_str(settings.base_url.trim_end_matches('/'));
        Client {
            inner: Rc::new(Inner {
                settings,
                token,
                fetch,
                hooks,
                authorization,
                base_url,
            }),
        }
    }

    /// The Users resource.
    pub fn users(&self) -> Users<'_> {
        Users {
            client: self,
            options: None,
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// Runs one call: attempts, retries and waits, then `decode`. Every error
    /// leaves with the key and any token scrubbed out.
    pub(crate) async fn run<T>(
        &self,
        request: Result<ApiRequest, Error>,
        options: &CallOptions,
        shape: Shape,
        decode: impl FnOnce(Answer, &ApiRequest) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.resume(request, options, shape, None, decode).await
    }

    /// As [`run`](Client::run), when the first attempt was already made
    /// (by the JavaScript fast path) and ended with `first`, an outcome of
    /// `attempt.js`; the request then carries its idempotency key already.
    pub(crate) async fn resume<T>(
        &self,
        request: Result<ApiRequest, Error>,
        options: &CallOptions,
        shape: Shape,
        first: Option<JsValue>,
        decode: impl FnOnce(Answer, &ApiRequest) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut tokens = Vec::new();
        let result = InSdk::scope(async {
            if let Some(message) = PANICKED.get() {
                return Err(Error::new(
                    ErrorKind::Internal,
                    format!(
                        "an earlier call hit a bug in the LegionEdge SDK ({message}); \
                         reload the page to use the SDK again"
                    ),
                ));
            }
            let mut request = request?;
            options.settings.validate()?;
            let (answer, attempts) = self
                .attempts(&mut request, options, shape, first, &mut tokens)
                .await?;
            decode(answer, &request).map_err(|error| match error.kind() {
                ErrorKind::Api => error.after_attempts(attempts),
                _ => error,
            })
        })
        .await;
        result.map_err(|error| {
            let error = match &self.inner.settings.api_key {
                Some(key) => error.redact(key),
                None => error,
            };
            tokens
                .iter()
                .fold(error, |error, token| error.redact(token))
        })
    }

    /// Sends `request` until it gets a final answer, and returns that answer
    /// whatever its status, with the number of attempts it took.
    async fn attempts(
        &self,
        request: &mut ApiRequest,
        options: &CallOptions,
        shape: Shape,
        mut first: Option<JsValue>,
        tokens: &mut Vec<String>,
    ) -> Result<(Answer, u32), Error> {
        let Inner {
            settings,
            token,
            fetch,
            hooks,
            ..
        } = &*self.inner;
        let signal = options.signal.as_ref();
        let limits = &options.settings;

        self.prepare(request, options);
        let policy = RetryPolicy {
            max_retries: limits.max_retries.unwrap_or(settings.max_retries),
            ..RetryPolicy::default()
        };
        let timeout_ms = limits.timeout_ms.unwrap_or(settings.timeout_ms);
        let mut attempt = 0;
        let mut refreshed = false;
        // Whether an earlier attempt may have reached the API unanswered.
        let mut lost_answer = false;
        loop {
            let bearer = match (&settings.api_key, token) {
                (Some(key), _) => key.clone(),
                (None, Some(provider)) => {
                    let fresh = transport::until_aborted(fetch_token(provider), signal)
                        .await
                        .ok_or_else(|| aborted(request))??;
                    tokens.push(fresh.clone());
                    fresh
                }
                (None, None) => return Err(Error::new(ErrorKind::InvalidInput, "no API key")),
            };
            let watched = hooks.on_request.is_some() || hooks.on_response.is_some();
            let mut exchange = watched.then(|| Exchange {
                method: request.method.as_str(),
                path: request.path.clone(),
                attempt: attempt + 1,
                status: None,
                duration_ms: None,
                request_id: None,
                failure: None,
            });
            if let (Some(hook), Some(exchange)) = (&hooks.on_request, &exchange) {
                hook(exchange);
            }
            let started = if watched { transport::now_ms() } else { 0.0 };
            let result = match first.take() {
                Some(outcome) => transport::read_outcome(&outcome, request, &settings.base_url),
                None => {
                    Attempt {
                        request,
                        base_url: &settings.base_url,
                        token: &bearer,
                        timeout_ms,
                        signal,
                        fetch: fetch.as_ref(),
                        shape,
                    }
                    .send()
                    .await
                }
            };
            if let (Some(hook), Some(exchange)) = (&hooks.on_response, &mut exchange) {
                exchange.duration_ms = Some((transport::now_ms() - started).max(0.0));
                match &result {
                    Ok(answer) => {
                        exchange.status = Some(answer.head.status);
                        exchange.request_id = answer.head.request_id.clone();
                    }
                    Err(Failure::Network(_)) => exchange.failure = Some(ErrorKind::Network),
                    Err(Failure::Timeout) => exchange.failure = Some(ErrorKind::Timeout),
                    Err(Failure::Aborted) => exchange.failure = Some(ErrorKind::Aborted),
                    Err(Failure::Final(error)) => exchange.failure = Some(error.kind()),
                }
                hook(exchange);
            }

            // A rejected token may just have expired: ask for a new one once.
            if let Ok(answer) = &result {
                if answer.head.status == 401 && token.is_some() && !refreshed {
                    refreshed = true;
                    continue;
                }
            }

            let outcome = match &result {
                Ok(answer) => {
                    Outcome::Status(answer.head.status, answer.head.retry_after.as_deref())
                }
                Err(Failure::Network(_)) => Outcome::Network,
                Err(Failure::Timeout) => Outcome::Timeout,
                Err(Failure::Aborted) => return Err(aborted(request)),
                Err(Failure::Final(_)) => Outcome::Final,
            };
            let decision = policy.decide(
                attempt,
                outcome,
                request.is_repeatable(),
                transport::now_ms(),
                transport::random(),
            );
            match (decision, result) {
                (Decision::RetryAfter(wait), result) => {
                    lost_answer |= matches!(result, Err(Failure::Network(_) | Failure::Timeout));
                    transport::sleep(wait, signal)
                        .await
                        .map_err(|_| aborted(request))?;
                    attempt += 1;
                }
                (Decision::Stop, Ok(mut answer)) => {
                    // A delete that reached the API unanswered, retried, finds
                    // the user gone: that is the delete having worked.
                    if lost_answer && request.method == Method::Delete && answer.head.status == 404
                    {
                        answer.head.status = 204;
                        answer.text = JsValue::from_str("");
                    }
                    return Ok((answer, attempt + 1));
                }
                (Decision::Stop, Err(failure)) => {
                    return Err(match failure {
                        Failure::Network(error) | Failure::Final(error) => error,
                        Failure::Timeout => Error::new(
                            ErrorKind::Timeout,
                            format!("{} took longer than {timeout_ms} ms", request.call()),
                        ),
                        Failure::Aborted => aborted(request),
                    }
                    .after_attempts(attempt + 1));
                }
            }
        }
    }

    /// Runs a call that decodes into `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        request: Result<ApiRequest, Error>,
        options: &CallOptions,
    ) -> Result<T, Error> {
        self.run(request, options, Shape::Text, |answer, request| {
            answer.into_response().decode(request)
        })
        .await
    }

    /// Gives an invite its idempotency key, the same on every try, which
    /// makes it safe to retry; other calls are safe as they are.
    pub(crate) fn prepare(&self, request: &mut ApiRequest, options: &CallOptions) {
        if !request.is_repeatable() {
            let key = options
                .settings
                .idempotency_key
                .clone()
                .unwrap_or_else(transport::idempotency_key);
            request.set_idempotency_key(key);
        }
    }

    /// What the JavaScript fast path needs to make a call's first attempt
    /// itself: present only for a client with a fixed key and no hooks, in
    /// a module no panic has poisoned. Anything else goes through
    /// [`run`](Client::run) from the start.
    pub(crate) fn fast_path(&self) -> Option<FastPath<'_>> {
        let inner = &*self.inner;
        if PANICKED.get().is_some()
            || inner.hooks.on_request.is_some()
            || inner.hooks.on_response.is_some()
        {
            return None;
        }
        Some(FastPath {
            authorization: inner.authorization.as_ref()?,
            base_url: &inner.base_url,
            fetch: inner.fetch.as_ref(),
            timeout_ms: inner.settings.timeout_ms,
        })
    }
}

/// The error of a call its signal aborted; built only when one is.
fn aborted(request: &ApiRequest) -> Error {
    Error::new(
        ErrorKind::Aborted,
        format!("{} was aborted by its signal", request.call()),
    )
}

/// Asks the provider for a token; an empty one is refused, since the API
/// would only answer 401.
async fn fetch_token(provider: &Rc<dyn Fn() -> TokenFuture>) -> Result<String, Error> {
    let token = provider().await?;
    if token.trim().is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_field(
            "getToken",
            "must resolve to a non-empty token with no spaces or line breaks",
        ));
    }
    Ok(token)
}

/// The message of the first panic in the SDK's own code, once one has
/// happened. A panic leaves the module's state unknown, so every later call
/// refuses to run.
static PANICKED: OnceLock<String> = OnceLock::new();

thread_local! {
    /// How many SDK polls are on the stack: a panic counts as the SDK's only
    /// when this is above zero, so that an application's own panic (or a
    /// failing test's) does not poison the client.
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks the SDK's own code on the stack while a future is polled.
struct InSdk<F> {
    future: Pin<Box<F>>,
}

impl<F: Future> InSdk<F> {
    fn scope(future: F) -> Self {
        InSdk {
            future: Box::pin(future),
        }
    }
}

impl<F: Future> Future for InSdk<F> {
    type Output = F::Output;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        DEPTH.with(|depth| depth.set(depth.get() + 1));
        let poll = self.future.as_mut().poll(cx);
        DEPTH.with(|depth| depth.set(depth.get() - 1));
        poll
    }
}

/// Runs `f` as the SDK's own code, for the synchronous entry points.
pub(crate) fn in_sdk<T>(f: impl FnOnce() -> T) -> T {
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let value = f();
    DEPTH.with(|depth| depth.set(depth.get() - 1));
    value
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(|depth| depth.get()) == 0 {
                return previous(info);
            }
            // Written out by hand: the hook is linked into every module.
            let payload = info.payload();
            let mut message = String::from(
                payload
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("panic"),
            );
            if let Some(location) = info.location() {
                message.push_str(" at ");
                message.push_str(location.file());
                message.push(':');
                crate::data::write_whole(&mut message, i64::from(location.line()));
            }
            console_error(&(String::from("legionedge: internal error: ") + &message));
            let _ = PANICKED.set(message);
            previous(info);
        }));
    });
}

fn console_error(message: &str) {
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).ok();
    let error = console
        .as_ref()
        .and_then(|console| js_sys::Reflect::get(console, &"error".into()).ok());
    if let (Some(console), Some(error)) = (console, error) {
        if let Some(error) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&error) {
            let _ = error.call1(&console, &JsValue::from(message));
        }
    }
}

/// The Users resource of a [`Client`], from [`Client::users`].
#[derive(Debug, Clone, Copy)]
pub struct Users<'a> {
    client: &'a Client,
    options: Option<&'a CallOptions>,
}

const NO_OPTIONS: &CallOptions = &CallOptions {
    signal: None,
    settings: CallSettings {
        timeout_ms: None,
        max_retries: None,
        idempotency_key: None,
    },
};

impl<'a> Users<'a> {
    /// The same resource, with `options` (a signal, limits) applied to the
    /// calls made through it.
    pub fn with(self, options: &'a CallOptions) -> Users<'a> {
        Users {
            client: self.client,
            options: Some(options),
        }
    }

    fn options(&self) -> &'a CallOptions {
        self.options.unwrap_or(NO_OPTIONS)
    }

    /// One page of an organization's users:
    /// `GET /v2/organizations/{orgId}/users`.
    ///
    /// # Errors
    ///
    /// `invalid_input` for a bad query (nothing is sent), `api` for a
    /// non-2xx answer (404 for an unknown organization), `network`,
    /// `timeout`, `aborted` or `decode` when the answer is missing or
    /// malformed.
    pub async fn list(&self, query: &ListUsers) -> Result<Page<User>, Error> {
        self.client.call(users::list(query), self.options()).await
    }

    /// One user by id: `GET /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`list`](Users::list); `api` with status 404 for an unknown id.
    pub async fn get(&self, user_id: &str) -> Result<User, Error> {
        self.client.call(users::get(user_id), self.options()).await
    }

    /// Invites a user, creating them as `pending`:
    /// `POST /v2/organizations/{orgId}/users`. Sent with an idempotency key,
    /// so a retry never invites twice.
    ///
    /// # Errors
    ///
    /// As [`list`](Users::list); `api` with status 409 when the email is
    /// already in the organization.
    pub async fn invite(&self, invite: &InviteUser) -> Result<Invitation, Error> {
        self.client
            .call(users::invite(invite), self.options())
            .await
    }

    /// Changes a user's name, role or metadata: `PATCH /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn update(&self, user_id: &str, changes: &UpdateUser) -> Result<User, Error> {
        self.client
            .call(users::update(user_id, changes), self.options())
            .await
    }

    /// Every user matching `query`, page after page, as a `Stream`, starting
    /// at `query.page` (so a walk can be resumed). Each page is one
    /// [`list`](Users::list) call with this handle's options: its retries,
    /// timeout and signal (aborting ends the stream with kind `aborted`).
    /// [`UserStream::pages`] walks whole pages instead.
    pub fn list_all(self, query: &ListUsers) -> UserStream<'a> {
        UserStream {
            pages: PageStream {
                users: self,
                next: Some(query.clone()),
                pending: None,
            },
            buffered: std::collections::VecDeque::new(),
        }
    }

    /// Suspends a user, revoking their sessions and keys:
    /// `POST /v2/users/{userId}/suspend`. Suspending twice succeeds.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn suspend(&self, user_id: &str) -> Result<User, Error> {
        self.client
            .call(users::suspend(user_id), self.options())
            .await
    }

    /// Removes a user for good: `DELETE /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn delete(&self, user_id: &str) -> Result<(), Error> {
        self.client
            .run(
                users::delete(user_id),
                self.options(),
                Shape::Text,
                |answer, request| answer.into_response().expect_empty(request),
            )
            .await
    }
}

type PageFuture<'a> = Pin<Box<dyn Future<Output = (ListUsers, Result<Page<User>, Error>)> + 'a>>;

/// The pages of a [`Users::list_all`] walk.
pub struct PageStream<'a> {
    users: Users<'a>,
    next: Option<ListUsers>,
    pending: Option<PageFuture<'a>>,
}

impl futures_core::Stream for PageStream<'_> {
    type Item = Result<Page<User>, Error>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;

        if self.pending.is_none() {
            let Some(query) = self.next.take() else {
                return Poll::Ready(None);
            };
            let users = self.users;
            self.pending = Some(Box::pin(async move {
                let page = users.list(&query).await;
                (query, page)
            }));
        }
        let Some(pending) = self.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let Poll::Ready((query, page)) = pending.as_mut().poll(cx) else {
            return Poll::Pending;
        };
        self.pending = None;
        // After an error the walk is over; a new one resumes from a page.
        let asked = u64::from(query.page.unwrap_or(1));
        let page = page.and_then(|page| {
            if page.pagination.page == asked {
                Ok(page)
            } else {
                Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "asked for page {asked}, the API answered page {}",
                        page.pagination.page
                    ),
                ))
            }
        });
        if let Ok(page) = &page {
            if !page.data.is_empty() {
                self.next = users::next_page(&query, &page.pagination);
            }
        }
        Poll::Ready(Some(page))
    }
}

/// The users of a [`Users::list_all`] walk, one by one.
pub struct UserStream<'a> {
    pages: PageStream<'a>,
    buffered: std::collections::VecDeque<User>,
}

impl<'a> UserStream<'a> {
    /// The same walk, a page at a time.
    pub fn pages(self) -> PageStream<'a> {
        self.pages
    }
}

impl futures_core::Stream for UserStream<'_> {
    type Item = Result<User, Error>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;

        loop {
            if let Some(user) = self.buffered.pop_front() {
                return Poll::Ready(Some(Ok(user)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => self.buffered.extend(page.data),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
