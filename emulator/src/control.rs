//! Test control routes under `/__emulator`, outside the API contract:
//! reset, faults and the journal. They need no key and are meant for test
//! harnesses only; [`crate::faults`] documents them on the wire.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRef, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde_json::{json, Value};

use crate::bodies::json_body;
use crate::cors;
use crate::errors::ApiError;
use crate::faults::{Fault, Faults};
use crate::journal::{Entry, Journal};
use crate::routes::{body_bytes, BODY_LIMIT};
use crate::store::SharedStore;

/// What tests have armed and what the emulator saw, shared between the
/// control routes and the `/v2` middleware that applies and journals.
#[derive(Clone, Debug, Default)]
pub struct Controls(Arc<Mutex<Panel>>);

/// The inside of [`Controls`], under one lock so that taking a fault and
/// journaling the call happen together.
#[derive(Debug, Default)]
pub struct Panel {
    pub faults: Faults,
    pub journal: Journal,
}

impl Controls {
    pub fn lock(&self) -> MutexGuard<'_, Panel> {
        // Every operation on the panel is a plain update that cannot be
        // left half done, so a poisoned lock is still safe to use.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The state of the control routes.
#[derive(Clone)]
struct Harness {
    store: SharedStore,
    controls: Controls,
}

impl FromRef<Harness> for SharedStore {
    fn from_ref(harness: &Harness) -> Self {
        harness.store.clone()
    }
}

impl FromRef<Harness> for Controls {
    fn from_ref(harness: &Harness) -> Self {
        harness.controls.clone()
    }
}

/// The router to nest at `/__emulator`.
pub fn router(store: SharedStore, controls: Controls) -> Router {
    Router::new()
        .route("/reset", post(reset))
        .route("/faults", get(faults).post(arm).delete(disarm))
        .route("/requests", get(requests).delete(forget_requests))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Browser tests run on another origin and arm faults between calls.
        .layer(middleware::from_fn(cors::allow_any_origin_to_controls))
        .with_state(Harness { store, controls })
}

/// `POST /__emulator/reset`: back to the seeded data, with idempotency
/// keys, faults and journal forgotten.
async fn reset(State(store): State<SharedStore>, State(controls): State<Controls>) -> StatusCode {
    store.lock().reset();
    *controls.lock() = Panel::default();
    StatusCode::NO_CONTENT
}

/// `POST /__emulator/faults`: arms one fault.
async fn arm(
    State(controls): State<Controls>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_body(&body_bytes(body)?, None)?;
    let fault = Fault::from_json(&body)?;
    let id = controls.lock().faults.arm(fault);
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// `GET /__emulator/faults`.
async fn faults(State(controls): State<Controls>) -> Json<Vec<Value>> {
    Json(controls.lock().faults.listing())
}

/// `DELETE /__emulator/faults`.
async fn disarm(State(controls): State<Controls>) -> StatusCode {
    controls.lock().faults.disarm_all();
    StatusCode::NO_CONTENT
}

/// `GET /__emulator/requests[?path=...]`: the journal.
async fn requests(
    State(controls): State<Controls>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    let Query(pairs) = query.map_err(|_| ApiError::invalid("query", "must be form-urlencoded"))?;
    let mut path = None;
    for (name, value) in pairs {
        match name.as_str() {
            "path" => path = Some(value),
            _ => return Err(ApiError::invalid(&name, "is not a filter; only path is")),
        }
    }
    Ok(Json(controls.lock().journal.entries(path.as_deref())))
}

/// `DELETE /__emulator/requests`.
async fn forget_requests(State(controls): State<Controls>) -> StatusCode {
    controls.lock().journal.clear();
    StatusCode::NO_CONTENT
}
