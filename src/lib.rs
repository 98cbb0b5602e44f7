//! The LegionEdge Users API client, for JavaScript (through WebAssembly) and
//! for Rust frontends.
//!
//! The crate is layered so that each layer can be read and tested alone:
//!
//! - [`models`] and [`params`]: what the API answers and what callers pass,
//!   with the validation that runs before anything is sent;
//! - [`users`], [`request`] and [`response`]: each call as a request
//!   description and each answer decoded, with no I/O;
//! - `transport`: one attempt as Rust sees it. The attempt itself (the
//!   `fetch`, global or the caller's, the deadline, the body and its shape
//!   check) runs in `src/js/attempt.js`; this module turns its outcome into
//!   an answer or a failure, and waits between attempts;
//! - `js`: the wasm-bindgen boundary, the `Client` that JavaScript imports.
//!
//! The first two layers build on every target; `Client` and the JavaScript
//! boundary need `wasm32-unknown-unknown` and a global `fetch`.
//!
//! ```no_run
//! # async fn example() -> Result<(), legionedge::Error> {
//! # #[cfg(target_arch = "wasm32")] {
//! use legionedge::{Client, ClientOptions, ListUsers, UserStatus};
//!
//! let client = Client::new(ClientOptions::new("sk_test_abc123"))?;
//! let page = client
//!     .users()
//!     .list(&ListUsers::new("org_abc123").status(UserStatus::Active).per_page(50))
//!     .await?;
//! for user in &page.data {
//!     println!("{} <{}> - {}", user.name, user.email, user.status);
//! }
//! # }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod data;
pub mod error;
pub mod models;
pub mod params;
pub mod request;
pub mod response;
pub mod retry;
pub mod users;

// Talc: smaller than the standard dlmalloc and as fast. lol_alloc, used
// before, was smaller still but first-fit over one free list, which made a
// large parameter object take seconds instead of milliseconds.
#[cfg(all(target_arch = "wasm32", feature = "small-allocator"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use client::{
    CallOptions, Client, ClientOptions, Exchange, Hook, PageStream, TokenFuture, UserStream, Users,
};
pub use error::{Cause, Error, ErrorKind, FieldError, RateLimit};
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use js::client::JsClient;
pub use models::{Invitation, InvitationStatus, Page, Pagination, Role, User, UserStatus};
pub use params::{CallSettings, InviteUser, ListUsers, SortField, SortOrder, UpdateUser};
pub use request::{ApiRequest, Method};
pub use response::ApiResponse;

/// Panics, on purpose: the SDK's own tests use it to check that a panic
/// poisons the module cleanly.
#[cfg(all(target_arch = "wasm32", feature = "test-support"))]
#[doc(hidden)]
pub fn panic_for_tests() {
    client::in_sdk(|| panic!("deliberate panic for the SDK's own tests"))
}

/// Where the API lives unless a client is told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.legionedge.com";
