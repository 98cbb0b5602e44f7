//! The exported JavaScript classes: `Client` and its `users` resource.
//!
//! Every method returns a Promise and never throws: bad input rejects with a
//! `LegionEdgeError` before any request is sent. Results are the API's JSON
//! as plain objects, after the crate has checked their shape.

use std::future::Future;

use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert;
use super::error::to_js;
use super::types::{
    ClientOptionsArg, InvitationPromise, InviteUserArg, ListUsersArg, PagePromise, UpdateUserArg,
    UserIdArg, UserPromise, VoidPromise,
};
use crate::client::Client;
use crate::error::Error;
use crate::models::{Invitation, Page, User};
use crate::params::{InviteUser, ListUsers, Settings, UpdateUser};
use crate::request::ApiRequest;
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
        read_options(&options)
            .map(|(settings, fetch)| JsClient {
                client: Client::from_settings(settings, fetch),
            })
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

/// The options object, with the `fetch` function taken out before the rest
/// is read as JSON.
fn read_options(options: &JsValue) -> Result<(Settings, Option<Function>), Error> {
    let example = "{ apiKey: \"sk_test_…\" }";
    if !options.is_object() {
        return Err(Error::invalid_field(
            "options",
            format!("new Client takes an object like {example}"),
        ));
    }
    let fetch = match Reflect::get(options, &"fetch".into()).unwrap_or(JsValue::UNDEFINED) {
        value if value.is_undefined() || value.is_null() => None,
        value => Some(value.dyn_into::<Function>().map_err(|_| {
            Error::invalid_field("fetch", "must be a function like globalThis.fetch")
        })?),
    };
    let rest = Object::assign(&Object::new(), options.unchecked_ref());
    // Deleting an own property of a fresh plain object cannot fail.
    let _ = Reflect::delete_property(&rest, &"fetch".into());
    let object = convert::params(&rest, "new Client", example)?;
    Ok((Settings::from_js_object(&object)?, fetch))
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
    pub fn list(&self, params: ListUsersArg) -> PagePromise {
        let client = self.client.clone();
        promise(async move {
            let object =
                convert::params(&params, "users.list", "{ organizationId: \"org_abc123\" }")?;
            let request = users::list(&ListUsers::from_js_object(&object)?)?;
            send::<Page<User>>(&client, request).await
        })
    }

    /// Fetches one user by id: `GET /v2/users/{userId}`. Rejects with status
    /// 404 for an unknown id.
    pub fn get(&self, #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg) -> UserPromise {
        let client = self.client.clone();
        promise(async move {
            let request = users::get(&convert::string_arg(&user_id, "userId")?)?;
            send::<User>(&client, request).await
        })
    }

    /// Invites a user into an organization, creating them as `pending`:
    /// `POST /v2/organizations/{orgId}/users`. Rejects with status 409 when
    /// the email is already in the organization.
    pub fn invite(&self, params: InviteUserArg) -> InvitationPromise {
        let client = self.client.clone();
        promise(async move {
            let example = "{ organizationId: \"org_abc123\", email: \"bob@example.com\" }";
            let object = convert::params(&params, "users.invite", example)?;
            let request = users::invite(&InviteUser::from_js_object(&object)?)?;
            send::<Invitation>(&client, request).await
        })
    }

    /// Changes a user's name, role or metadata: `PATCH /v2/users/{userId}`.
    /// Metadata merges key by key; a key set to `null` is removed.
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg,
        changes: UpdateUserArg,
    ) -> UserPromise {
        let client = self.client.clone();
        promise(async move {
            let user_id = convert::string_arg(&user_id, "userId")?;
            let object = convert::params(&changes, "users.update", "{ name: \"Jane\" }")?;
            let request = users::update(&user_id, &UpdateUser::from_js_object(&object)?)?;
            send::<User>(&client, request).await
        })
    }

    /// Suspends a user, revoking their sessions and keys:
    /// `POST /v2/users/{userId}/suspend`. Resolves to the suspended user.
    pub fn suspend(&self, #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg) -> UserPromise {
        let client = self.client.clone();
        promise(async move {
            let request = users::suspend(&convert::string_arg(&user_id, "userId")?)?;
            send::<User>(&client, request).await
        })
    }

    /// Removes a user for good: `DELETE /v2/users/{userId}`. Resolves to
    /// `undefined`.
    #[wasm_bindgen(js_name = delete)]
    pub fn delete(&self, #[wasm_bindgen(js_name = "userId")] user_id: UserIdArg) -> VoidPromise {
        let client = self.client.clone();
        promise(async move {
            let request = users::delete(&convert::string_arg(&user_id, "userId")?)?;
            client.send(&request).await?.expect_empty(&request)?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// Sends `request`, checks that the answer decodes as `T`, and hands
/// JavaScript the parsed JSON, unknown fields and all.
async fn send<T: DeserializeOwned>(client: &Client, request: ApiRequest) -> Result<JsValue, Error> {
    let response = client.send(&request).await?;
    response.decode::<T>(&request)?;
    convert::parse(&response.body)
}

/// Runs `call` as a Promise that rejects with a `LegionEdgeError`.
fn promise<P: JsCast>(call: impl Future<Output = Result<JsValue, Error>> + 'static) -> P {
    future_to_promise(async move { call.await.map_err(|error| to_js(&error)) }).unchecked_into()
}
