//! The Rust face of the SDK: a [`Client`] and its [`Users`] handle.
//!
//! Each call validates, builds its request description, sends it through
//! the transport and decodes the answer, in that order; bad input never
//! reaches the network.

use std::rc::Rc;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::models::{Invitation, Page, User};
use crate::params::{InviteUser, ListUsers, Settings, UpdateUser};
use crate::request::ApiRequest;
use crate::response::ApiResponse;
use crate::{transport, users};

/// How to reach the API.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    api_key: String,
    base_url: Option<String>,
    fetch: Option<js_sys::Function>,
}

impl ClientOptions {
    /// Options with the secret `api_key` and the default base URL.
    pub fn new(api_key: impl Into<String>) -> Self {
        ClientOptions {
            api_key: api_key.into(),
            base_url: None,
            fetch: None,
        }
    }

    /// Sends requests to `base_url` instead of
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), e.g. a local emulator.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sends requests through `fetch` (called as `fetch(request)`, returning
    /// a Promise of a `Response`) instead of the global one.
    pub fn fetch(mut self, fetch: js_sys::Function) -> Self {
        self.fetch = Some(fetch);
        self
    }
}

/// A LegionEdge API client. Cheap to clone; clones share one configuration.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

#[derive(Debug)]
struct Inner {
    settings: Settings,
    fetch: Option<js_sys::Function>,
}

impl Client {
    /// A client for the given options.
    ///
    /// # Errors
    ///
    /// An `invalid_input` error when the key is empty or the base URL is not
    /// an http(s) URL.
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        let settings = Settings::new(&options.api_key, options.base_url.as_deref())?;
        Ok(Client::from_settings(settings, options.fetch))
    }

    pub(crate) fn from_settings(settings: Settings, fetch: Option<js_sys::Function>) -> Self {
        Client {
            inner: Rc::new(Inner { settings, fetch }),
        }
    }

    /// The Users resource.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// Sends one request and returns the answer, whatever its status.
    pub(crate) async fn send(&self, request: &ApiRequest) -> Result<ApiResponse, Error> {
        let Inner { settings, fetch } = &*self.inner;
        transport::send(
            request,
            &settings.base_url,
            &settings.api_key,
            fetch.as_ref(),
        )
        .await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: Result<ApiRequest, Error>,
    ) -> Result<T, Error> {
        let request = request?;
        self.send(&request).await?.decode(&request)
    }
}

/// The Users resource of a [`Client`], from [`Client::users`].
#[derive(Debug, Clone, Copy)]
pub struct Users<'a> {
    client: &'a Client,
}

impl Users<'_> {
    /// One page of an organization's users:
    /// `GET /v2/organizations/{orgId}/users`.
    ///
    /// # Errors
    ///
    /// `invalid_input` for a bad query (nothing is sent), `api` for a
    /// non-2xx answer (404 for an unknown organization), `network` or
    /// `decode` when the answer is missing or malformed.
    pub async fn list(&self, query: &ListUsers) -> Result<Page<User>, Error> {
        self.client.call(users::list(query)).await
    }

    /// One user by id: `GET /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`list`](Users::list); `api` with status 404 for an unknown id.
    pub async fn get(&self, user_id: &str) -> Result<User, Error> {
        self.client.call(users::get(user_id)).await
    }

    /// Invites a user, creating them as `pending`:
    /// `POST /v2/organizations/{orgId}/users`.
    ///
    /// # Errors
    ///
    /// As [`list`](Users::list); `api` with status 409 when the email is
    /// already in the organization.
    pub async fn invite(&self, invite: &InviteUser) -> Result<Invitation, Error> {
        self.client.call(users::invite(invite)).await
    }

    /// Changes a user's name, role or metadata: `PATCH /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn update(&self, user_id: &str, changes: &UpdateUser) -> Result<User, Error> {
        self.client.call(users::update(user_id, changes)).await
    }

    /// Suspends a user, revoking their sessions and keys:
    /// `POST /v2/users/{userId}/suspend`. Suspending twice succeeds.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn suspend(&self, user_id: &str) -> Result<User, Error> {
        self.client.call(users::suspend(user_id)).await
    }

    /// Removes a user for good: `DELETE /v2/users/{userId}`.
    ///
    /// # Errors
    ///
    /// As [`get`](Users::get).
    pub async fn delete(&self, user_id: &str) -> Result<(), Error> {
        let request = users::delete(user_id)?;
        self.client.send(&request).await?.expect_empty(&request)
    }
}
