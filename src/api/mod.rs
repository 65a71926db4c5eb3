//! Wire types shared by the client and the server: serde and std only.
//!
//! Nothing here knows about HTTP, storage or the terminal; it is the vocabulary both halves
//! of the binary speak.

pub mod config;
pub mod dead_letter;
pub mod error;
pub mod event;
pub mod follow;
pub mod group;
pub mod pattern;
pub mod receipt;
pub mod replay;
pub mod rights;
pub mod route;
pub mod schedule;
pub mod schema;
pub mod snapshot;
pub mod status;
pub mod time;
pub mod topic;
pub mod trace;

pub use error::{ErrorBody, ErrorCode};
pub use event::{EmitReceipt, Event, EventError};
pub use pattern::Pattern;
pub use topic::Topic;
