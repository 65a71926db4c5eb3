//! Shared group queues: on an engine several servers share (JetStream), each group's
//! events come from one queue that hands every event to one server, which keeps it
//! until the group is done with it. The bus still runs leases, retries and dead letters
//! for the events it holds; the queue makes sure no other server holds them too, and
//! gives them to another server if this one dies holding them.

use std::sync::Arc;
use std::time::Duration;

use super::{EngineResult, StoredEvent};

/// Names one hand-out of one event (JetStream: the message's ack subject).
pub type QueueToken = Arc<str>;

/// An event the queue handed to this server.
pub struct Queued {
    pub event: StoredEvent,
    pub token: QueueToken,
    /// Hand-outs before this one that nobody finished (a server died holding it).
    pub earlier: u32,
    /// Put straight into the group (`put`): the group's pattern does not apply.
    pub direct: bool,
    /// The failed attempts so far (JSON), as the server that last held it remembered.
    pub history: Option<String>,
}

/// What a shared queue takes from a group's definition to run the group's consumers: the
/// topic pattern they filter on, and how many attempts an event gets.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct QueueSpec {
    /// Empty: a group stored before its pattern reached the queue (it sees every event).
    #[serde(default)]
    pub pattern: String,
    pub max_attempts: u32,
}

/// One server's share of a group: hand-outs it took and has not let go of, how many of
/// those are leased to members now, and how many events it completed since it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ServerShare {
    pub held: u64,
    pub in_flight: u64,
    #[serde(default)]
    pub completed: u64,
}

impl std::ops::Add for ServerShare {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            held: self.held + other.held,
            in_flight: self.in_flight + other.in_flight,
            completed: self.completed + other.completed,
        }
    }
}

/// A group's queue as every server sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueueCounts {
    /// Hand-outs nobody settled yet: held by some server, or waiting for their retry.
    pub unsettled: u64,
    /// Log events of the group's topics, and addressed events, that no server took yet.
    pub untaken_log: u64,
    /// Events put straight into the group that no server took yet.
    pub untaken_direct: u64,
    /// What the other servers last reported of their share.
    pub elsewhere: ServerShare,
}

/// A request another server relayed to this one, and where its answer goes.
pub struct Relayed {
    pub body: bytes::Bytes,
    pub answer: tokio::sync::oneshot::Sender<bytes::Bytes>,
}

#[async_trait::async_trait]
pub trait GroupQueue: Send + Sync {
    /// Adds events to `group`'s queue as fresh hand-outs (requeued dead letters, replays
    /// and routes into a group), for whichever server's member pulls first.
    async fn put(&self, group: &str, events: &[StoredEvent]) -> EngineResult<()>;
    /// Up to `max` events of `group` that are there now, each to this server only.
    async fn take(&self, group: &str, max: usize) -> EngineResult<Vec<Queued>>;
    /// The group is done with these (completed, or not for it): never hand them out
    /// again.
    async fn finish(&self, tokens: &[QueueToken]) -> EngineResult<()>;
    /// The group gave up on these (their dead letters are stored): never again either.
    async fn terminate(&self, tokens: &[QueueToken]) -> EngineResult<()>;
    /// The attempt failed: hand the event out again after `delay`, to any server.
    async fn retry(&self, token: &QueueToken, delay: Duration) -> EngineResult<()>;
    /// Keeps an event's failed attempts (JSON) where any server that takes it next finds
    /// them.
    async fn remember(&self, group: &str, seq: u64, history: &str) -> EngineResult<()>;
    /// Drops what `remember` kept for these events.
    async fn forget(&self, group: &str, seqs: &[u64]) -> EngineResult<()>;
    /// Still working on these: keep them from other servers a while longer.
    async fn hold(&self, tokens: &[QueueToken]) -> EngineResult<()>;
    /// Tells every server these members of `group` are alive here, for `PRESENCE`.
    async fn present(&self, group: &str, members: &[String]) -> EngineResult<()>;
    /// A member said goodbye.
    async fn absent(&self, group: &str, member: &str) -> EngineResult<()>;
    /// Whether a member of `group` is alive on any server.
    async fn has_members(&self, group: &str) -> EngineResult<bool>;
    /// The live members of `group` on every server, with when each was last heard of.
    async fn members(&self, group: &str) -> EngineResult<Vec<(String, i64)>>;
    /// Tells every server this one's share of `group`, for `counts` (for `SHARE_FRESH`).
    async fn report(&self, group: &str, share: ServerShare) -> EngineResult<()>;
    /// `group`'s queue across servers: what waits for a retry is what nobody holds.
    async fn counts(&self, group: &str) -> EngineResult<QueueCounts>;

    /// This server's name among the servers of the bus (receipts carry it).
    fn server_id(&self) -> &str;
    /// Sends `body` to the server named `server` and waits for its answer; `NotFound`
    /// when no such server is up.
    async fn relay(&self, server: &str, body: bytes::Bytes) -> EngineResult<bytes::Bytes>;
    /// What other servers relay to this one, from now on.
    async fn relayed(&self) -> EngineResult<tokio::sync::mpsc::Receiver<Relayed>>;

    /// A route's queue: the events on `pattern` from `start` on, each to one server;
    /// `record` is the route's definition, for every server to read back.
    async fn put_route(
        &self,
        name: &str,
        pattern: &str,
        start: u64,
        record: &str,
    ) -> EngineResult<()>;
    async fn delete_route(&self, name: &str) -> EngineResult<()>;
    /// Every route as `(name, record)`.
    async fn routes(&self) -> EngineResult<Vec<(String, String)>>;
    /// Up to `max` events of the route that are there now, each to this server only;
    /// `NotFound` once the route is gone.
    async fn take_route(&self, name: &str, max: usize) -> EngineResult<Vec<Queued>>;
}

/// How long a server's report of its share counts; servers report well within this
/// (and whenever they let an event go for a retry), so only a dead server's report ages.
pub const SHARE_FRESH: std::time::Duration = std::time::Duration::from_secs(8);

/// How long a member counts as alive after the last word from its server; servers
/// repeat it well within this.
pub const PRESENCE: std::time::Duration = std::time::Duration::from_secs(15);
