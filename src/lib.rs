//! evbus: an event bus and its command-line client in one binary.
//!
//! # Layout
//! - `api`: wire types shared by client and server (CloudEvents, topics, patterns, errors).
//! - `engine`: where the log lives (`embedded` SQLite, `memory`, NATS JetStream), behind one
//!   trait; engines know neither clap nor exit codes.
//! - `bus`: the core — validation, sequencing, subscriptions, filters, retention.
//! - `filter`: jq content filters, compiled here and evaluated in worker processes.
//! - `server`: the HTTP API (axum) over a `Bus`: its own accept loop, the guard against
//!   cross-site requests, one module per resource.
//! - `client`: the HTTP client every CLI command uses.
//! - `cli`: one module per subcommand, plus output and `exit`, the one place errors become
//!   exit codes.

pub mod api;
pub mod bus;
pub mod cli;
pub mod client;
pub mod engine;
pub mod filter;
pub mod server;
