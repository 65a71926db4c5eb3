//! The hand-out contract: what a group delivers next. The engine *hands out* events (to
//! this server only, until finished, retried or terminated) and times retries; the bus
//! *leases* them to members, keeps their attempts, decides on retries and buries what
//! gives up. One path in the bus, whichever engine it runs on.
//!
//! Embedded and memory hand out over the log and their own tables (`log`); on JetStream
//! every server of a bus takes from the same consumers, so an event held here is held
//! from the others, and comes back to another server should this one die holding it.

pub mod log;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use super::{EngineResult, StateOp, StoredEvent};

/// Names one hand-out of one event to the engine that made it (JetStream: the message's
/// ack subject); opaque to the bus.
pub type HandoutToken = Arc<str>;

/// An event handed to this server.
pub struct Handout {
    pub event: StoredEvent,
    pub token: HandoutToken,
    /// Hand-outs before this one that nobody finished (failed attempts, or a server died
    /// holding it).
    pub earlier: u32,
    /// Due at once, whatever the group's pattern and filter: put straight into the
    /// group, or a retry coming due. Otherwise an event of the log, to look at in order.
    pub direct: bool,
    /// The failed attempts so far (JSON), as whoever let it go last kept them.
    pub history: Option<String>,
    /// The engine holds this event only with the delivery (a requeued dead letter may be
    /// gone from the log): store it with its lease, and give it back with a retry.
    pub event_kept: bool,
}

/// A failed attempt's event, to hand out again once `delay` has passed.
pub struct Retry {
    pub seq: u64,
    pub token: HandoutToken,
    pub delay: Duration,
    /// When `delay` is over, by the bus's clock.
    pub due_ms: i64,
    /// Attempts made so far.
    pub attempts: u32,
    /// Every failed attempt, as JSON.
    pub history: String,
    /// The event, when the hand-out said the engine keeps it only with the delivery.
    pub kept: Option<Bytes>,
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
    /// Adds events to `group` as fresh hand-outs, due now (requeued dead letters,
    /// replays and routes into a group), and stores `with` along: in the same commit
    /// where the engine can, else once the events are in. Returns how many it took: an
    /// event already waiting in the group is not added twice.
    async fn put(
        &self,
        group: &str,
        events: Vec<StoredEvent>,
        with: Vec<StateOp>,
    ) -> EngineResult<usize>;
    /// Up to `max` events of `group` there now, each to this server only: retries and
    /// what was put in as they come due, and the log's events in order. May bring back
    /// more than `max`; the bus keeps the rest for its next pull.
    async fn take(&self, group: &str, max: usize, now_ms: i64) -> EngineResult<Vec<Handout>>;
    /// The group is done with these (completed, or not for it): never hand them out
    /// again.
    async fn finish(&self, group: &str, tokens: &[HandoutToken]) -> EngineResult<()>;
    /// The group gave up on these (their dead letters are stored): never again either.
    async fn terminate(&self, group: &str, tokens: &[HandoutToken]) -> EngineResult<()>;
    /// The attempt failed: hand the event out again once its delay is over, with its
    /// attempts.
    async fn retry(&self, group: &str, retry: Retry) -> EngineResult<()>;
    /// Drops what a retry kept of these events' attempts, once they are done.
    async fn forget(&self, group: &str, seqs: &[u64]) -> EngineResult<()>;
    /// Still working on these: keep them from other servers a while longer.
    async fn hold(&self, tokens: &[HandoutToken]) -> EngineResult<()>;
    /// The hand-out to settle a delivery with that the engine stored as leased
    /// (`load_groups`) before a restart; `None` where leases are not stored, because
    /// what a stopped server held is handed out again.
    fn reclaim(&self, group: &str, seq: u64) -> Option<HandoutToken>;
    /// When `take` next has a retry of `group` for this server; an engine that cannot
    /// tell says when to ask again.
    fn next_due_ms(&self, group: &str, now_ms: i64) -> Option<i64>;
    /// Retries of `group` waiting for their time, and events put in that nobody took
    /// yet, as far as this server can tell (JetStream: the servers together know, see
    /// `peers`).
    fn waiting(&self, group: &str) -> u64;

    /// Stores a route: the events on `pattern` from `start` on are handed out to it;
    /// `record` is its definition, for every server to read back (`routes`).
    async fn put_route(
        &self,
        name: &str,
        pattern: &str,
        start: u64,
        record: &str,
    ) -> EngineResult<()>;
    /// Removes a route; `NotFound` when there was none.
    async fn delete_route(&self, name: &str) -> EngineResult<()>;
    /// Every route as `(name, record)`, by name.
    async fn routes(&self) -> EngineResult<Vec<(String, String)>>;
    /// Up to `max` events for the route `name` there now, each to this server only
    /// (finished with `finish`): those after `position`, the route's own, where the
    /// engine keeps no queue for it. `NotFound` once the route is gone.
    async fn take_route(&self, name: &str, position: u64, max: usize)
    -> EngineResult<Vec<Handout>>;
    /// What to store in the same commit as a route's forwarded copies so that the route
    /// moves to `record`'s position (an engine whose route queue keeps it: nothing).
    fn route_progress(&self, name: &str, record: &str) -> Vec<StateOp>;
}
