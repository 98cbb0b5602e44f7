//! The `/v2` routes: the six calls of the Users API.
//!
//! Handlers only translate HTTP to the store and back. The layers around
//! them, outermost first: CORS (which also answers preflights), then the
//! journal and armed faults (so a fault can hit any call, keyed or not, and
//! its answer still has CORS headers), then the API key check, so nothing
//! below runs for an unauthenticated request.
//!
//! Bodies are capped at [`BODY_LIMIT`]. A larger one is answered 413 with
//! the usual error body and the code `payload_too_large`, which the
//! contract's table does not list because it has no 413. For the same
//! reason a known path with the wrong method is a 404 `not_found` (with an
//! `Allow` header) rather than a 405.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::{get, post};
use axum::{middleware, Extension, Json, Router};
use serde_json::json;

use crate::auth::{self, Caller};
use crate::bodies::{json_body, UserChanges};
use crate::control::Controls;
use crate::errors::ApiError;
use crate::list::{ListUsers, Page};
use crate::store::SharedStore;
use crate::user::{Invitation, User};
use crate::{cors, faults};

/// The largest request body accepted, 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The header that makes `invite` safe to repeat.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The router to nest at `/v2`.
pub fn v2(store: SharedStore, controls: Controls) -> Router {
    Router::new()
        .route(
            "/organizations/{organization_id}/users",
            get(list).post(invite),
        )
        .route("/users/{user_id}", get(show).patch(update).delete(delete))
        .route("/users/{user_id}/suspend", post(suspend))
        .fallback(no_route)
        .method_not_allowed_fallback(no_route)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(auth::require_api_key))
        .layer(middleware::from_fn_with_state(controls, faults::intercept))
        .layer(middleware::from_fn(cors::allow_any_origin))
        .with_state(store)
}

async fn list(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    organization_id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let organization_id = path_id(organization_id, "organizationId")?;
    let store = store.lock();
    store.check_organization(&caller, &organization_id)?;

    let Query(pairs) = query.map_err(|_| ApiError::invalid("query", "must be form-urlencoded"))?;
    let query = ListUsers::from_query(&pairs)?;
    store.list(&caller, &organization_id, &query).map(Json)
}

async fn show(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    user_id: Result<Path<String>, PathRejection>,
) -> Result<Json<User>, ApiError> {
    let user_id = path_id(user_id, "userId")?;
    store.lock().user(&caller, &user_id).map(Json)
}

async fn invite(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    organization_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    let organization_id = path_id(organization_id, "organizationId")?;
    let mut store = store.lock();
    // Who may act on the organization is settled before the body is read.
    store.check_organization(&caller, &organization_id)?;

    let idempotency_key = idempotency_key(&headers)?;
    let body = json_body(&body_bytes(body)?, None)?;
    let invitation = store.invite(&caller, &organization_id, idempotency_key, body)?;
    Ok((StatusCode::CREATED, Json(invitation)))
}

async fn update(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    user_id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<User>, ApiError> {
    let user_id = path_id(user_id, "userId")?;
    let mut store = store.lock();
    // A missing user is a 404 whatever the body says.
    store.user(&caller, &user_id)?;

    let body = json_body(&body_bytes(body)?, Some(json!({})))?;
    let changes = UserChanges::from_json(&body)?;
    store.update(&caller, &user_id, changes).map(Json)
}

async fn suspend(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    user_id: Result<Path<String>, PathRejection>,
) -> Result<Json<User>, ApiError> {
    let user_id = path_id(user_id, "userId")?;
    store.lock().suspend(&caller, &user_id).map(Json)
}

async fn delete(
    State(store): State<SharedStore>,
    Extension(caller): Extension<Caller>,
    user_id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let user_id = path_id(user_id, "userId")?;
    store.lock().delete(&caller, &user_id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Any other path or method under `/v2`: the API's own 404, not the static
/// file server's.
async fn no_route(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("No route for {method} {}", uri.path()))
}

/// The path parameter, percent-decoded once by the router. The only way
/// this fails for a matched route is a segment that does not decode to
/// UTF-8.
fn path_id(id: Result<Path<String>, PathRejection>, field: &str) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|_| ApiError::invalid(field, "must be valid UTF-8 once percent-decoded"))
}

/// The body, or the API's error for one that is too large or unreadable.
pub fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::payload_too_large(BODY_LIMIT)
        } else {
            ApiError::invalid("body", "could not be read")
        }
    })
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if !key.is_empty() && key.len() <= 255 => Ok(Some(key)),
        _ => Err(ApiError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        )),
    }
}
