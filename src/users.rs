//! The Users resource as pure functions: parameters in, an [`ApiRequest`]
//! out, validated first. Nothing here sends anything.
//!
//! `Client::users()` sends what these build; a caller with a transport of
//! their own (a native HTTP client, a test double) can use them directly with
//! [`ApiResponse::decode`](crate::ApiResponse::decode).

use crate::error::Error;
use crate::models::Pagination;
use crate::params::{validate_id, Changes, InviteUser, ListUsers, UpdateUser};
use crate::request::{encode, encode_into, ApiRequest, Method};

/// `GET /v2/organizations/{orgId}/users` with the query's parameters.
///
/// Parameters left `None` are not sent, so the API applies its defaults.
///
/// # Errors
///
/// An `invalid_input` error when the query breaks a rule of the API.
pub fn list(query: &ListUsers) -> Result<ApiRequest, Error> {
    query.validate()?;

    let path = format!("/v2/organizations/{}/users", encode(&query.organization_id));
    let mut request = ApiRequest::new(Method::Get, path);
    if let Some(page) = query.page {
        request.query.push(("page", page.to_string()));
    }
    if let Some(per_page) = query.per_page {
        request.query.push(("per_page", per_page.to_string()));
    }
    if let Some(status) = &query.status {
        request.query.push(("status", status.as_str().to_owned()));
    }
    if let Some(search) = &query.search {
        request.query.push(("search", search.clone()));
    }
    if let Some(sort) = query.sort {
        request.query.push(("sort", sort.as_str().to_owned()));
    }
    if let Some(order) = query.order {
        request.query.push(("order", order.as_str().to_owned()));
    }
    Ok(request)
}

/// The query of the page after the one `pagination` describes, or `None`
/// when that was the last page: the step of every auto-paginating walk.
///
/// ```
/// use legionedge::{users, ListUsers, Pagination};
///
/// let query = ListUsers::new("org_abc123").per_page(20);
/// let first = Pagination { total: 42, page: 1, per_page: 20, total_pages: 3, has_more: true };
/// assert_eq!(users::next_page(&query, &first).unwrap().page, Some(2));
/// let last = Pagination { page: 3, has_more: false, ..first };
/// assert_eq!(users::next_page(&query, &last), None);
/// ```
pub fn next_page(query: &ListUsers, pagination: &Pagination) -> Option<ListUsers> {
    // The walk follows the page it asked for, not the one the server claims
    // to have sent: a server stuck on one page must not loop it forever.
    let asked = query.page.unwrap_or(1);
    if !pagination.has_more
        || pagination.page != u64::from(asked)
        || pagination.page >= pagination.total_pages
    {
        return None;
    }
    let next = asked.checked_add(1)?;
    Some(ListUsers {
        page: Some(next),
        ..query.clone()
    })
}

/// `GET /v2/users/{userId}`.
///
/// # Errors
///
/// An `invalid_input` error when `user_id` is empty.
pub fn get(user_id: &str) -> Result<ApiRequest, Error> {
    Ok(ApiRequest::new(Method::Get, user_path(user_id, "")?))
}

/// `POST /v2/organizations/{orgId}/users` with `{ email, name?, role?, teams? }`.
///
/// The request is not repeatable until it gets an idempotency key
/// ([`ApiRequest::set_idempotency_key`]).
///
/// # Errors
///
/// An `invalid_input` error when the invitation breaks a rule of the API.
pub fn invite(invite: &InviteUser) -> Result<ApiRequest, Error> {
    invite.validate()?;

    let path = format!(
        "/v2/organizations/{}/users",
        encode(&invite.organization_id)
    );
    let mut request = ApiRequest::new(Method::Post, path);
    request.body = Some(invite.body());
    // A second POST would invite twice; only an idempotency key makes a
    // retry safe, and the client adds one.
    request.repeatable = false;
    Ok(request)
}

/// `PATCH /v2/users/{userId}` with only the fields that change.
///
/// # Errors
///
/// An `invalid_input` error when `user_id` is empty or a change breaks a
/// rule of the API.
pub fn update(user_id: &str, changes: &UpdateUser) -> Result<ApiRequest, Error> {
    let path = user_path(user_id, "")?;
    changes.validate()?;

    let mut request = ApiRequest::new(Method::Patch, path);
    request.body = Some(changes.body());
    Ok(request)
}

/// `update` for changes read from JavaScript, validated as they were read.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn update_changes(user_id: &str, changes: &Changes) -> Result<ApiRequest, Error> {
    let mut request = ApiRequest::new(Method::Patch, user_path(user_id, "")?);
    request.body = Some(changes.body());
    Ok(request)
}

/// `POST /v2/users/{userId}/suspend`, with no body.
///
/// # Errors
///
/// An `invalid_input` error when `user_id` is empty.
pub fn suspend(user_id: &str) -> Result<ApiRequest, Error> {
    Ok(ApiRequest::new(
        Method::Post,
        user_path(user_id, "/suspend")?,
    ))
}

/// `DELETE /v2/users/{userId}`.
///
/// # Errors
///
/// An `invalid_input` error when `user_id` is empty.
pub fn delete(user_id: &str) -> Result<ApiRequest, Error> {
    Ok(ApiRequest::new(Method::Delete, user_path(user_id, "")?))
}

/// `/v2/users/{userId}{suffix}`, the id encoded once as one segment.
fn user_path(user_id: &str, suffix: &str) -> Result<String, Error> {
    validate_id("userId", user_id)?;
    let mut path = String::with_capacity(10 + user_id.len() + suffix.len());
    path.push_str("/v2/users/");
    encode_into(&mut path, user_id);
    path.push_str(suffix);
    Ok(path)
}
