//! The emulator's HTTP behaviour, exercised in process through its router.
//!
//! One test binary with a module per area keeps the link step to one.

mod support;

mod control;
mod errors;
mod faults;
mod headers;
mod invite;
mod journal;
mod limits;
mod list;
mod mutations;
mod seed;
mod static_files;
