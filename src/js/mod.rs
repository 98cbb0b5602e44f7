//! The wasm-bindgen boundary: what JavaScript imports.
//!
//! `client` holds the exported `Client` and `Users` classes, `convert` turns
//! JavaScript values into the crate's parameters and JSON text into
//! JavaScript values, `error` turns an [`Error`](crate::Error) into a
//! `LegionEdgeError`, and `types` declares the TypeScript the package ships.

pub(crate) mod client;
mod convert;
mod error;
mod types;
