//! The cluster side of an engine several servers share (JetStream): naming the servers
//! and relaying between them, telling each other which members are alive and what each
//! holds. An engine without peers has none of this; in the bus only `bus::cluster`
//! calls it.

use super::EngineResult;

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

/// A group's hand-outs as every server sees them.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharedCounts {
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
pub trait Peers: Send + Sync {
    /// This server's name among the servers of the bus (receipts carry it).
    fn server_id(&self) -> &str;
    /// Sends `body` to the server named `server` and waits for its answer; `NotFound`
    /// when no such server is up.
    async fn relay(&self, server: &str, body: bytes::Bytes) -> EngineResult<bytes::Bytes>;
    /// What other servers relay to this one, from now on.
    async fn relayed(&self) -> EngineResult<tokio::sync::mpsc::Receiver<Relayed>>;

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
    /// `group`'s hand-outs across servers: what waits for a retry is what nobody holds.
    async fn counts(&self, group: &str) -> EngineResult<SharedCounts>;

    /// Who leads the ordered `group` (takes all its events, so its keys are kept in one
    /// place): the server that renewed the lead within `LEAD_LAPSE`, or else this one,
    /// which takes the lead (or renews its own). Returns the leader's name.
    async fn lead(&self, group: &str) -> EngineResult<String>;
}

/// How long a lead lasts unrenewed: longer than a server's hold on what it took, so by
/// the time another server leads, what a dead leader held is handed out again.
pub const LEAD_LAPSE: std::time::Duration = std::time::Duration::from_secs(13);

/// How long a server's report of its share counts; servers report well within this
/// (and whenever they let an event go for a retry), so only a dead server's report ages.
pub const SHARE_FRESH: std::time::Duration = std::time::Duration::from_secs(8);

/// How long a member counts as alive after the last word from its server; servers
/// repeat it well within this.
pub const PRESENCE: std::time::Duration = std::time::Duration::from_secs(15);
