//! The hand-out contract: what a group delivers next. The engine *hands out* events (to
//! this server only, until finished, retried or terminated); the bus *leases* them to
//! members, keeps their attempts, decides on retries and buries what gives up.
//!
//! On JetStream every server of a bus takes from the same consumers, so an event held
//! here is held from the others, and comes back to another server should this one die
//! holding it.

use std::sync::Arc;
use std::time::Duration;

use super::{EngineResult, StoredEvent};

/// Names one hand-out of one event (JetStream: the message's ack subject).
pub type HandoutToken = Arc<str>;

/// An event handed to this server.
pub struct Handout {
    pub event: StoredEvent,
    pub token: HandoutToken,
    /// Hand-outs before this one that nobody finished (failed attempts, or a server died
    /// holding it).
    pub earlier: u32,
    /// Put straight into the group (`put`): the group's pattern does not apply.
    pub direct: bool,
    /// The failed attempts so far (JSON), as whoever let it go last remembered them.
    pub history: Option<String>,
}

/// What the engine takes from a group's definition to hand out its events: the topic
/// pattern, and how many attempts an event gets.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct HandoutSpec {
    /// Empty: a group stored before its pattern reached the engine (it sees every event).
    #[serde(default)]
    pub pattern: String,
    pub max_attempts: u32,
}

#[async_trait::async_trait]
pub trait Handouts: Send + Sync {
    /// Adds events to `group` as fresh hand-outs (requeued dead letters, replays and
    /// routes into a group), for whichever member pulls first.
    async fn put(&self, group: &str, events: &[StoredEvent]) -> EngineResult<()>;
    /// Up to `max` events of `group` that are there now, each to this server only.
    async fn take(&self, group: &str, max: usize) -> EngineResult<Vec<Handout>>;
    /// The group is done with these (completed, or not for it): never hand them out
    /// again.
    async fn finish(&self, tokens: &[HandoutToken]) -> EngineResult<()>;
    /// The group gave up on these (their dead letters are stored): never again either.
    async fn terminate(&self, tokens: &[HandoutToken]) -> EngineResult<()>;
    /// The attempt failed: hand the event out again after `delay`.
    async fn retry(&self, token: &HandoutToken, delay: Duration) -> EngineResult<()>;
    /// Keeps an event's failed attempts (JSON) where whoever takes it next finds them.
    async fn remember(&self, group: &str, seq: u64, history: &str) -> EngineResult<()>;
    /// Drops what `remember` kept for these events.
    async fn forget(&self, group: &str, seqs: &[u64]) -> EngineResult<()>;
    /// Still working on these: keep them a while longer.
    async fn hold(&self, tokens: &[HandoutToken]) -> EngineResult<()>;
}
