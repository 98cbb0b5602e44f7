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
    UserWalkObject, VoidPromise,
};
use crate::client::{CallOptions, Client, Exchange, Hook, Hooks, TokenFuture};
use crate::error::{Cause, Error, ErrorKind, FieldError};
use crate::models::Pagination;
use crate::params::{CallSettings, InviteUser, ListUsers, Settings, UpdateUser};
use crate::request::ApiRequest;
use crate::response::{ends_too_soon, ApiResponse, ErrorFields, Malformed};
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
    client: Client,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Makes a client. Throws a `LegionEdgeError` (kind `invalid_input`) when
    /// `apiKey` is missing or `baseUrl` is not an http(s) URL.
    #[wasm_bindgen(constructor)]
    pub fn new(options: ClientOptionsArg) -> Result<JsClient, JsValue> {
        crate::client::in_sdk(|| read_options(&options))
            .map(|client| JsClient { client })
            .map_err(|error| to_js(&error))
    }

    /// The Users resource: `list`, `get`, `invite`, `update`, `suspend`,
    /// `delete`.
    #[wasm_bindgen(getter)]
    pub fn users(&self) -> JsUsers {
        JsUsers {
            client: self.client.clone(),
        }
    }
}

impl JsClient {
    /// Wraps a Rust [`Client`] as the JavaScript class, for the crate's own
    /// browser tests, which hand it to JavaScript.
    #[doc(hidden)]
    pub fn from_client(client: Client) -> JsClient {
        JsClient { client }
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
    let settings = Settings::from_js_object(&object, get_token.is_some())?;
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
        let _ = function.call1(&JsValue::UNDEFINED, &event);
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
        settings: CallSettings::from_js_object(call, &object, invite)?,
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
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.list", false)?;
            let example = "{ organizationId: \"org_abc123\" }";
            let request = convert::params(&params, "users.list", example)
                .and_then(|object| ListUsers::from_js_object(&object))
                .and_then(|query| users::list(&query));
            send(&client, request, &options, check_page).await
        })
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
                .and_then(|object| ListUsers::from_js_object(&object))
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
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.get", false)?;
            let request = convert::string_arg(&user_id, "userId").and_then(|id| users::get(&id));
            send(&client, request, &options, check_user).await
        })
    }

    /// Invites a user into an organization, creating them as `pending`:
    /// `POST /v2/organizations/{orgId}/users`. Rejects with status 409 when
    /// the email is already in the organization.
    pub fn invite(
        &self,
        params: InviteUserArg,
        options: Option<InviteOptionsArg>,
    ) -> InvitationPromise {
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.invite", true)?;
            let example = "{ organizationId: \"org_abc123\", email: \"bob@example.com\" }";
            let request = convert::params(&params, "users.invite", example)
                .and_then(|object| InviteUser::from_js_object(&object))
                .and_then(|invite| users::invite(&invite));
            send(&client, request, &options, check_invitation).await
        })
    }

    /// Changes a user's name, role or metadata: `PATCH /v2/users/{userId}`.
    /// Metadata merges key by key; a key set to `null` is removed.
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        changes: UpdateUserArg,
        options: Option<CallOptionsArg>,
    ) -> UserPromise {
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.update", false)?;
            let request = convert::string_arg(&user_id, "userId").and_then(|user_id| {
                let object = convert::params(&changes, "users.update", "{ name: \"Jane\" }")?;
                users::update(&user_id, &UpdateUser::from_js_object(&object)?)
            });
            send(&client, request, &options, check_user).await
        })
    }

    /// Suspends a user, revoking their sessions and keys:
    /// `POST /v2/users/{userId}/suspend`. Resolves to the suspended user.
    pub fn suspend(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        options: Option<CallOptionsArg>,
    ) -> UserPromise {
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.suspend", false)?;
            let request =
                convert::string_arg(&user_id, "userId").and_then(|id| users::suspend(&id));
            send(&client, request, &options, check_user).await
        })
    }

    /// Removes a user for good: `DELETE /v2/users/{userId}`. Resolves to
    /// `undefined`.
    #[wasm_bindgen(js_name = delete)]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        options: Option<CallOptionsArg>,
    ) -> VoidPromise {
        let client = self.client.clone();
        promise(async move {
            let options = call_options(options.map(Into::into), "users.delete", false)?;
            let request = convert::string_arg(&user_id, "userId").and_then(|id| users::delete(&id));
            client
                .run(request, &options, |answer, request| {
                    check_answer(&answer, request)
                })
                .await?;
            Ok(JsValue::UNDEFINED)
        })
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
            let value = send(&client, request, &options, check_page).await?;
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

#[wasm_bindgen(module = "/src/js/shape.js")]
extern "C" {
    #[wasm_bindgen(js_name = checkUser)]
    fn check_user(value: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = checkPage)]
    fn check_page(value: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = checkInvitation)]
    fn check_invitation(value: &JsValue) -> Option<String>;
}

/// Which shape a call's answer must have, checked in JavaScript.
type Shape = fn(&JsValue) -> Option<String>;

/// Sends `request` and hands JavaScript the answer as the engine's own
/// `JSON.parse` of it, unknown fields and all, once its shape is checked:
/// the body never crosses into wasm memory on success.
async fn send(
    client: &Client,
    request: Result<ApiRequest, Error>,
    options: &CallOptions,
    shape: Shape,
) -> Result<JsValue, Error> {
    client
        .run(request, options, |answer, request| {
            decode_answer(answer, request, shape)
        })
        .await
}

fn decode_answer(answer: Answer, request: &ApiRequest, shape: Shape) -> Result<JsValue, Error> {
    check_answer(&answer, request)?;

    let empty = answer.text.trim().length() == 0;
    if empty || !answer.head.is_json() {
        let problem = if empty {
            Malformed::Empty
        } else {
            Malformed::NotJson
        };
        return Err(answer.into_response().decode_error(request, problem));
    }
    let problem = match json_parse(&answer.text) {
        Ok(value) => match shape(&value) {
            None => return Ok(value),
            Some(problem) => Malformed::Shape(problem),
        },
        // Engines word the failure differently; the text itself tells
        // whether it was cut short.
        Err(_) if ends_too_soon(&String::from(&answer.text)) => Malformed::CutOff,
        Err(_) => Malformed::Syntax,
    };
    Err(answer.into_response().decode_error(request, problem))
}

/// Fails with the API's error for a non-2xx answer, reading the error body
/// with the engine's `JSON.parse`.
fn check_answer(answer: &Answer, request: &ApiRequest) -> Result<(), Error> {
    if answer.head.is_success() {
        return Ok(());
    }
    let parsed = json_parse(&answer.text).ok();
    let response = ApiResponse {
        body: String::from(&answer.text),
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
