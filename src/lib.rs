//! evbus: an event bus and its command-line client in one binary.
//!
//! # Layout
//! - `api`: wire types shared by client and server (CloudEvents, emit receipts, topics,
//!   patterns, groups, settlements, lease receipts, errors).
//! - `engine`: where the log and the bus's state live (`embedded` SQLite, `memory`, NATS
//!   JetStream), behind one trait; engines know neither clap nor exit codes. Groups are
//!   fed through one hand-out contract (`engine::handout`); what only an engine several
//!   servers share does is `engine::peers`.
//! - `bus`: the core — validation, sequencing, subscriptions, filters, retention, groups
//!   (the bus leases what the engine hands out; an ordered group's keys are part of its
//!   state), schedules (records the bus appends when due), and `cluster`, the only caller
//!   of the engine's peers. The bus starts and stops its own background tasks.
//! - `filter`: jq content filters, compiled here and evaluated in worker processes.
//! - `server`: the HTTP API (axum) over a `Bus`: its own accept loop, the guard against
//!   cross-site requests, one module per resource, and the web console (`console`: a
//!   page, script and styles compiled in). It only serves.
//! - `client`: the typed HTTP client every CLI command uses, one method per verb.
//! - `cli`: one module per subcommand (`top` draws with ratatui), plus output and `exit`,
//!   the one place errors become exit codes.

pub mod api;
pub mod bus;
pub mod cli;
pub mod client;
pub mod engine;
pub mod filter;
pub mod server;
