//! The exported JavaScript classes: `Client` and its `users` resource.
//!
//! Every method returns a Promise and never throws: bad input rejects with a
//! `LegionEdgeError` before any request is sent. Results are the API's JSON
//! as plain objects, after the crate has checked their shape.

use std::future::Future;
use std::pin::Pin;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use super::convert;
use super::error::to_js;
use super::types::{
    CallOptionsArg, ClientOptionsArg, InvitationPromise, InviteOptionsArg, InviteUserArg,
    ListUsersArg, PageOrNullPromise, PagePromise, UpdateUserArg, UserIdArg, UserPromise,
    UserWalkObject, UsersObject, VoidPromise,
};
use crate::client::{CallOptions, Client, Exchange, FastPath, Hook, Hooks, TokenFuture};
use crate::error::{Cause, Error, ErrorKind, FieldError};
use crate::models::Pagination;
use crate::params::{CallSettings, Changes, InviteUser, ListUsers, Settings};
use crate::request::ApiRequest;
use crate::response::{ApiResponse, ErrorFields, Malformed};
use crate::transport::Shape;
use crate::transport::{thrown_message, Answer};
use crate::users;

/// A LegionEdge API client.
///
/// ```js
/// const client = new Client({ apiKey: "sk_test_…", baseUrl: "http://127.0.0.1:8787" });
/// const user = await client.users.get("user_abc123");
/// ```
#[wasm_bindgen(js_name = Client)]
pub struct JsClient {
    /// The `Users` handle `client.users` gives, made once: it is read on
    /// every call, and a handle made per read would cost an allocation in
    /// wasm that only the garbage collector's finalizers give back. The
    /// package makes its `free` do nothing (pkg-template/manual.js), since
    /// every holder of `client.users` shares it.
    users: JsValue,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Makes a client. Throws a `LegionEdgeError` (kind `invalid_input`) when
    /// `apiKey` is missing or `baseUrl` is not an http(s) URL.
    #[wasm_bindgen(constructor)]
    pub fn new(options: ClientOptionsArg) -> Result<JsClient, JsValue> {
        crate::client::in_sdk(|| read_options(&options))
            .map(JsClient::from_client)
            .map_err(|error| to_js(&error))
    }

    /// The Users resource: `list`, `get`, `invite`, `update`, `suspend`,
    /// `delete`.
    ///
    /// The same handle on every read; it lives as long as the client.
    #[wasm_bindgen(getter)]
    pub fn users(&self) -> UsersObject {
        self.users.clone().unchecked_into()
    }
}

impl JsClient {
    /// Wraps a Rust [`Client`] as the JavaScript class, for the crate's own
    /// browser tests, which hand it to JavaScript.
    #[doc(hidden)]
    pub fn from_client(client: Client) -> JsClient {
        JsClient {
            users: JsUsers { client }.into(),
        }
    }
}

/// The options object: the functions (`fetch`, `getToken`) taken out, the
/// rest read as JSON.
fn read_options(options: &JsValue) -> Result<Client, Error> {
    let example = "{ apiKey: \"sk_test_…\" }";
    if !options.is_object() {
        return Err(Error::invalid_field(
            "options",
            format!("new Client takes an object like {example}"),
        ));
    }
    let fetch = take_function(options, "fetch", "a function like globalThis.fetch")?;
    let get_token = take_function(options, "getToken", "an async function returning the token")?;
    let on_request = take_function(options, "onRequest", "a function taking the request event")?;
    let on_response = take_function(
        options,
        "onResponse",
        "a function taking the response event",
    )?;
    let rest = convert::copy(options, "options")?;
    for key in ["fetch", "getToken", "onRequest", "onResponse"] {
        // Deleting an own property of a fresh plain object cannot fail.
        let _ = Reflect::delete_property(&rest, &key.into());
    }
    let object = convert::params(&rest, "new Client", example)?;
    let settings = Settings::from_fields(&object, get_token.is_some())?;
    let hooks = Hooks {
        on_request: on_request.map(hook),
        on_response: on_response.map(hook),
    };
    Ok(Client::from_parts(
        settings,
        get_token.map(token_provider),
        fetch,
        hooks,
    ))
}

/// A JavaScript hook: called with a plain event object; whatever it throws
/// is ignored, so that a broken hook cannot break a call.
fn hook(function: Function) -> Hook {
    Rc::new(move |exchange: &Exchange| {
        let or_null = |value: Option<JsValue>| value.unwrap_or(JsValue::NULL);
        let event = Object::new();
        for (key, value) in [
            ("method", JsValue::from(exchange.method)),
            ("path", JsValue::from(exchange.path.as_str())),
            ("attempt", JsValue::from(exchange.attempt)),
            ("status", or_null(exchange.status.map(JsValue::from))),
            (
                "durationMs",
                or_null(exchange.duration_ms.map(JsValue::from)),
            ),
            (
                "requestId",
                or_null(exchange.request_id.as_deref().map(JsValue::from)),
            ),
            (
                "error",
                or_null(exchange.failure.map(|kind| kind.as_str().into())),
            ),
        ] {
            let _ = Reflect::set(&event, &key.into(), &value);
        }
        if let Ok(returned) = function.call1(&JsValue::UNDEFINED, &event) {
            ignore_rejection(&returned);
        }
    })
}

/// The function at `options[key]`, if there is one.
fn take_function(options: &JsValue, key: &str, expected: &str) -> Result<Option<Function>, Error> {
    match convert::get(options, key, key)? {
        value if value.is_undefined() || value.is_null() => Ok(None),
        value => value
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| Error::invalid_field(key, format!("must be {expected}"))),
    }
}

/// A JavaScript `getToken` as the client's token provider: called before
/// every request; may return the token or a Promise of it.
fn token_provider(get_token: Function) -> Rc<dyn Fn() -> TokenFuture> {
    Rc::new(move || {
        let get_token = get_token.clone();
        Box::pin(async move {
            let failed = |thrown: JsValue| {
                let message =
                    thrown_message(&thrown).unwrap_or_else(|| "no reason given".to_owned());
                Error::invalid_field(
                    "getToken",
                    format!("threw or rejected ({message}); the request was not sent"),
                )
                .with_cause(Cause {
                    message,
                    value: thrown,
                })
            };
            let returned = get_token.call0(&JsValue::UNDEFINED).map_err(failed)?;
            let token = JsFuture::from(Promise::resolve(&returned))
                .await
                .map_err(failed)?;
            token.as_string().ok_or_else(|| {
                Error::invalid_field("getToken", "must resolve to a string (the bearer token)")
            })
        })
    })
}

/// One call's options object: `signal` taken out, the rest read as JSON.
fn call_options(value: Option<JsValue>, call: &str, invite: bool) -> Result<CallOptions, Error> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(CallOptions::default());
    };
    let example = "{ signal, timeoutMs, maxRetries }";
    if !value.is_object() {
        return Err(Error::invalid_field(
            "options",
            format!("{call} takes an options object like {example} as its last argument"),
        ));
    }
    let signal = match convert::get(&value, "signal", "signal")? {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(v.dyn_into::<AbortSignal>().map_err(|_| {
            Error::invalid_field("signal", "must be an AbortSignal, like controller.signal")
        })?),
    };
    let rest = convert::copy(&value, "options")?;
    let _ = Reflect::delete_property(&rest, &"signal".into());
    let object = convert::params(&rest, call, example)?;
    Ok(CallOptions {
        signal,
        settings: CallSettings::from_fields(call, &object, invite)?,
    })
}

/// The Users resource of a `Client`.
#[wasm_bindgen(js_name = Users)]
pub struct JsUsers {
    client: Client,
}

#[wasm_bindgen(js_class = Users)]
impl JsUsers {
    /// Lists one page of an organization's users:
    /// `GET /v2/organizations/{orgId}/users`.
    ///
    /// Rejects with kind `invalid_input` before sending for a bad query (an
    /// unknown key such as `per_page` is named, with the right one), `api`
    /// for a non-2xx answer (404 for an unknown organization).
    pub fn list(&self, params: ListUsersArg, options: Option<CallOptionsArg>) -> PagePromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.list", false)?;
            let example = "{ organizationId: \"org_abc123\" }";
            let request = convert::params(&params, "users.list", example)
                .and_then(|object| ListUsers::from_fields(&object))
                .and_then(|query| users::list(&query))?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::Page).unchecked_into()
    }

    /// Walks every user matching `params`, page after page: iterate it with
    /// `for await (const user of client.users.listAll({ organizationId }))`,
    /// walk `.pages()` instead, or collect `.toArray({ limit })`. `page`
    /// sets where the walk starts (to resume one), `perPage` its page size.
    /// Each page is one `list` call, with its retries and `options.signal`:
    /// aborting stops the walk with kind `aborted`.
    #[wasm_bindgen(js_name = listAll)]
    pub fn list_all(
        &self,
        params: ListUsersArg,
        options: Option<CallOptionsArg>,
    ) -> UserWalkObject {
        let first = crate::client::in_sdk(|| {
            let example = "{ organizationId: \"org_abc123\" }";
            convert::params(&params, "users.listAll", example)
                .and_then(|object| ListUsers::from_fields(&object))
                .and_then(|query| users::list(&query).map(|_| query))
        });
        let options = call_options(options.map(Into::into), "users.listAll", false);
        let (first, options) = match options {
            Ok(options) => (first, options),
            Err(error) => (Err(error), CallOptions::default()),
        };
        walk(JsUserPager {
            client: self.client.clone(),
            options: Rc::new(options),
            next: Rc::new(RefCell::new(Some(first))),
        })
    }

    /// Fetches one user by id: `GET /v2/users/{userId}`. Rejects with status
    /// 404 for an unknown id.
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        options: Option<CallOptionsArg>,
    ) -> UserPromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.get", false)?;
            let request = convert::string_arg(&user_id, "userId").and_then(|id| users::get(&id))?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::User).unchecked_into()
    }

    /// Invites a user into an organization, creating them as `pending`:
    /// `POST /v2/organizations/{orgId}/users`. Rejects with status 409 when
    /// the email is already in the organization.
    pub fn invite(
        &self,
        params: InviteUserArg,
        options: Option<InviteOptionsArg>,
    ) -> InvitationPromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.invite", true)?;
            let example = "{ organizationId: \"org_abc123\", email: \"bob@example.com\" }";
            let request = convert::params(&params, "users.invite", example)
                .and_then(|object| InviteUser::from_fields(&object))
                .and_then(|invite| users::invite(&invite))?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::Invitation).unchecked_into()
    }

    /// Changes a user's name, role or metadata: `PATCH /v2/users/{userId}`.
    /// Metadata merges key by key; a key set to `null` is removed.
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        changes: UpdateUserArg,
        options: Option<CallOptionsArg>,
    ) -> UserPromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.update", false)?;
            let request = convert::string_arg(&user_id, "userId").and_then(|user_id| {
                let object = convert::params(&changes, "users.update", "{ name: \"Jane\" }")?;
                users::update_changes(&user_id, &Changes::from_fields(&object)?)
            })?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::User).unchecked_into()
    }

    /// Suspends a user, revoking their sessions and keys:
    /// `POST /v2/users/{userId}/suspend`. Resolves to the suspended user.
    pub fn suspend(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        options: Option<CallOptionsArg>,
    ) -> UserPromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.suspend", false)?;
            let request =
                convert::string_arg(&user_id, "userId").and_then(|id| users::suspend(&id))?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::User).unchecked_into()
    }

    /// Removes a user for good: `DELETE /v2/users/{userId}`. Resolves to
    /// `undefined`.
    #[wasm_bindgen(js_name = delete)]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        options: Option<CallOptionsArg>,
    ) -> VoidPromise {
        let prepared = crate::client::in_sdk(|| {
            let options = call_options(options.map(Into::into), "users.delete", false)?;
            let request =
                convert::string_arg(&user_id, "userId").and_then(|id| users::delete(&id))?;
            Ok((request, options))
        });
        start(&self.client, prepared, Shape::Nothing).unchecked_into()
    }
}

/// The `pagination` of a page that passed `checkPage`.
fn page_position(page: &JsValue) -> Option<Pagination> {
    let pagination = Reflect::get(page, &"pagination".into()).ok()?;
    let number = |key: &str| {
        Reflect::get(&pagination, &key.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|n| n as u64)
    };
    Some(Pagination {
        total: number("total")?,
        page: number("page")?,
        per_page: number("perPage")?,
        total_pages: number("totalPages")?,
        has_more: Reflect::get(&pagination, &"hasMore".into())
            .ok()?
            .as_bool()?,
    })
}

fn page_is_empty(page: &JsValue) -> bool {
    Reflect::get(page, &"data".into())
        .map(|data| js_sys::Array::from(&data).length() == 0)
        .unwrap_or(true)
}

#[wasm_bindgen(module = "/src/js/walk.js")]
extern "C" {
    /// Wraps a pager as the iterable `listAll` returns.
    fn walk(pager: JsUserPager) -> UserWalkObject;
}

/// The Rust half of a `listAll` walk: the next page's query, fetched one
/// page at a time.
#[wasm_bindgen(js_name = UserPager)]
pub struct JsUserPager {
    client: Client,
    options: Rc<CallOptions>,
    /// The next page's query; `None` once the walk is over. An error in the
    /// parameters waits here to be the first page's rejection.
    next: Rc<RefCell<Option<Result<ListUsers, Error>>>>,
}

#[wasm_bindgen(js_class = UserPager)]
impl JsUserPager {
    /// The next page, or `null` after the last one. After a rejection the
    /// walk is over; start a new one from `page` to resume.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self) -> PageOrNullPromise {
        let client = self.client.clone();
        let options = self.options.clone();
        let next = self.next.clone();
        promise(async move {
            let Some(query) = next.borrow_mut().take() else {
                return Ok(JsValue::NULL);
            };
            let query = query?;
            let request = users::list(&query);
            let value = run(&client, request, &options, Shape::Page, None).await?;
            let pagination = page_position(&value);
            let asked = u64::from(query.page.unwrap_or(1));
            if let Some(served) = pagination.filter(|p| p.page != asked) {
                return Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "asked for page {asked}, the API answered page {}",
                        served.page
                    ),
                ));
            }
            let empty = page_is_empty(&value);
            // An empty page ends the walk as well: nothing after it.
            if !empty {
                *next.borrow_mut() = pagination
                    .and_then(|pagination| users::next_page(&query, &pagination))
                    .map(Ok);
            }
            if empty && query.page.unwrap_or(1) > 1 {
                return Ok(JsValue::NULL);
            }
            Ok(value)
        })
    }
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of an engine string, which never enters wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/js/attempt.js")]
extern "C" {
    /// Handles a hook's rejected Promise, which is ignored like a throw.
    #[wasm_bindgen(js_name = ignoreRejection)]
    fn ignore_rejection(value: &JsValue);

    /// Makes a call's first attempt from JavaScript: resolves with the
    /// value of a clean success, or hands the outcome to `pending.resume`.
    fn fast(
        pending: PendingCall,
        fetch: &JsValue,
        base_url: &JsValue,
        path: &[u8],
        method: u8,
        authorization: &JsValue,
        idempotency_key: Option<&str>,
        body: Option<&str>,
        signal: &JsValue,
        timeout_ms: f64,
        shape: u8,
    ) -> Promise;
}

/// Starts a call whose input was read (or refused) synchronously: through
/// the JavaScript fast path when the client allows it, else through the
/// client's loop from the start, which also rejects bad input (scrubbed, or
/// as `internal` after a panic).
fn start(
    client: &Client,
    prepared: Result<(ApiRequest, CallOptions), Error>,
    shape: Shape,
) -> Promise {
    match (prepared, client.fast_path()) {
        (Ok((request, options)), Some(path)) if options.settings.validate().is_ok() => {
            first_attempt(client, &path, request, options, shape)
        }
        (prepared, _) => {
            let client = client.clone();
            settle(Box::pin(async move {
                let (request, options) = match prepared {
                    Ok((request, options)) => (Ok(request), options),
                    Err(error) => (Err(error), CallOptions::default()),
                };
                run(&client, request, &options, shape, None).await
            }))
        }
    }
}

/// Hands a call's first attempt to JavaScript (`fast`), with its Rust half
/// to resume from if the attempt does not simply succeed.
fn first_attempt(
    client: &Client,
    path: &FastPath<'_>,
    mut request: ApiRequest,
    options: CallOptions,
    shape: Shape,
) -> Promise {
    client.prepare(&mut request, &options);
    let timeout_ms = options.settings.timeout_ms.unwrap_or(path.timeout_ms);
    // The path and query are percent-encoded ASCII, cheaper to hand over as
    // bytes than as UTF-8 text.
    let target = request.url("");
    let undefined = JsValue::UNDEFINED;
    let fetch = path.fetch.map_or(&undefined, |fetch| fetch.as_ref());
    // Cloned, as are the strings below: the call's Rust half takes the
    // request and options with it.
    let signal = options
        .signal
        .as_ref()
        .map_or(JsValue::UNDEFINED, JsValue::from);
    let method = request.method as u8;
    let idempotency_key = request.idempotency_key.clone();
    let body = request.body.clone();
    fast(
        PendingCall {
            client: client.clone(),
            request,
            options,
            shape,
        },
        fetch,
        path.base_url,
        target.as_bytes(),
        method,
        path.authorization,
        idempotency_key.as_deref(),
        body.as_deref(),
        &signal,
        f64::from(timeout_ms),
        shape as u8,
    )
}

/// The Rust half of a call whose first attempt JavaScript made: `fast`
/// frees it after a clean success, or resumes it with the outcome.
#[wasm_bindgen(skip_typescript)]
pub struct PendingCall {
    client: Client,
    request: ApiRequest,
    options: CallOptions,
    shape: Shape,
}

#[wasm_bindgen]
impl PendingCall {
    /// Goes on from the first attempt's outcome: retries, waits, or the
    /// error, as the client's loop decides.
    pub fn resume(self, outcome: JsValue) -> Promise {
        let PendingCall {
            client,
            request,
            options,
            shape,
        } = self;
        settle(Box::pin(async move {
            run(&client, Ok(request), &options, shape, Some(outcome)).await
        }))
    }
}

/// Runs a call through the client's loop and hands JavaScript the answer as
/// the engine's own `JSON.parse` of it, unknown fields and all, once its
/// shape is checked: the body never crosses into wasm memory on success.
async fn run(
    client: &Client,
    request: Result<ApiRequest, Error>,
    options: &CallOptions,
    shape: Shape,
    first: Option<JsValue>,
) -> Result<JsValue, Error> {
    client
        .resume(request, options, shape, first, |answer, request| {
            finish(answer, request, shape)
        })
        .await
}

/// The value of a call's final answer, or its error.
fn finish(answer: Answer, request: &ApiRequest, shape: Shape) -> Result<JsValue, Error> {
    check_answer(&answer, request)?;
    if shape == Shape::Nothing {
        return Ok(JsValue::UNDEFINED);
    }
    if let Some(value) = answer.value {
        return Ok(value);
    }
    let problem = answer.problem.clone().unwrap_or(Malformed::Syntax);
    Err(answer.into_response().decode_error(request, problem))
}

/// Fails with the API's error for a non-2xx answer, reading the error body
/// with the engine's `JSON.parse`.
fn check_answer(answer: &Answer, request: &ApiRequest) -> Result<(), Error> {
    if answer.head.is_success() {
        return Ok(());
    }
    let parsed = answer
        .text
        .dyn_ref::<js_sys::JsString>()
        .and_then(|text| json_parse(text).ok());
    let response = ApiResponse {
        body: answer.body(),
        ..answer.head.clone()
    };
    response.check_with(request, || parsed.as_ref().and_then(error_fields))
}

/// The API's error object (`{ error: { code, message, requestId, details } }`)
/// in a parsed body, if that is what it is.
fn error_fields(body: &JsValue) -> Option<ErrorFields> {
    let error = Reflect::get(body, &"error".into()).ok()?;
    let text = |value: &JsValue, key: &str| Reflect::get(value, &key.into()).ok()?.as_string();
    let details = Reflect::get(&error, &"details".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|detail| {
                    Some(FieldError {
                        field: text(&detail, "field")?,
                        message: text(&detail, "message")?,
                    })
                })
                .collect()
        });
    Some(ErrorFields {
        code: text(&error, "code")?,
        message: text(&error, "message")?,
        request_id: text(&error, "requestId"),
        details,
    })
}

/// Runs `call` as a Promise that rejects with a `LegionEdgeError`.
fn promise<P: JsCast>(call: impl Future<Output = Result<JsValue, Error>> + 'static) -> P {
    settle(Box::pin(call)).unchecked_into()
}

/// The one instance of the Promise machinery every method shares: boxing
/// the call keeps the module from carrying a copy per method.
fn settle(call: Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>) -> Promise {
    future_to_promise(async move { call.await.map_err(|error| to_js(&error)) })
}
