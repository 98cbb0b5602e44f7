//! Test control routes under `/__emulator`, outside the API contract.
//!
//! They need no key and are meant for test harnesses only. Fault injection
//! (forced 429s, 503s, slow answers) belongs here too when it arrives.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{middleware, Router};

use crate::cors;
use crate::store::SharedStore;

/// The router to nest at `/__emulator`.
pub fn router(store: SharedStore) -> Router {
    Router::new()
        .route("/reset", post(reset))
        // Browser tests run on another origin and reset between cases.
        .layer(middleware::from_fn(cors::allow_any_origin))
        .with_state(store)
}

/// `POST /__emulator/reset`: back to the seeded data, idempotency keys
/// forgotten.
async fn reset(State(store): State<SharedStore>) -> StatusCode {
    store.lock().reset();
    StatusCode::NO_CONTENT
}
