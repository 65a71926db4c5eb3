//! Storage engines behind one contract: append and sequence events, read from a position,
//! seek by time, keep topic statistics, apply retention.
//!
//! An engine knows nothing of patterns, filters or HTTP; the bus does. Engines share the
//! sequencing rules (`sequencer`), the idempotency index (`dedup`) and the in-memory window
//! for live readers (`live`), so they differ only in where bytes go.

pub mod conformance;
pub mod dedup;
pub mod embedded;
pub mod handout;
pub mod histogram;
pub mod live;
pub mod memory;
pub mod nats;
pub mod peers;
pub mod sequencer;
pub mod state;
pub mod topics;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::oneshot;

pub use histogram::Histogram;
pub use live::LiveLog;
pub use state::{
    DeadLetterQuery, HELD_BACK, StateOp, StoredDeadLetter, StoredDelivery, StoredGroup,
};

/// An event ready to append: validated, its attributes filled, serialized without `seq`.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub topic: String,
    /// `Some(source\nid)` when the producer chose the id, so re-sends are recognised.
    pub dedup_key: Option<String>,
    /// The event's JSON object, without `seq` (the engine adds it).
    pub body: Vec<u8>,
}

/// An event as the log holds it.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: u64,
    /// When the bus accepted it (epoch ms); what `--since` and retention go by.
    pub ts_ms: i64,
    pub topic: Arc<str>,
    /// The full CloudEvent JSON, `seq` included.
    pub json: Bytes,
}

impl StoredEvent {
    /// An event known only by its JSON (a requeued dead letter, say): its topic is its
    /// `type`, its acceptance time unknown.
    pub fn from_json(seq: u64, json: Bytes) -> Self {
        #[derive(serde::Deserialize)]
        struct TypeOnly<'a> {
            #[serde(rename = "type", borrow)]
            topic: std::borrow::Cow<'a, str>,
        }
        let topic = serde_json::from_slice::<TypeOnly>(&json)
            .map(|event| Arc::from(&*event.topic))
            .unwrap_or_else(|_| Arc::from(""));
        Self {
            seq,
            ts_ms: 0,
            topic,
            json,
        }
    }

    /// The event's ordering key (the `partitionkey` attribute), if it has one.
    pub fn key(&self) -> Option<Arc<str>> {
        #[derive(serde::Deserialize)]
        struct KeyOnly<'a> {
            #[serde(rename = "partitionkey", borrow)]
            key: Option<std::borrow::Cow<'a, str>>,
        }
        let event: KeyOnly = serde_json::from_slice(&self.json).ok()?;
        event.key.map(|key| Arc::from(&*key))
    }
}

/// Where a group stands, for a snapshot (`Engine::unfinished`).
#[derive(Debug, Clone, Default)]
pub struct Unfinished {
    /// The first seq of the log the group has not looked at; where the engine cannot
    /// tell what the group finished before it (JetStream), the first it may not have.
    pub from: u64,
    /// Seqs of the log before `from` the group holds in progress: leased, waiting for a
    /// retry, or held back for their key.
    pub seqs: Vec<u64>,
    /// Events put straight into the group that it holds with their deliveries.
    pub kept: Vec<StoredEvent>,
}

impl Unfinished {
    /// What the group's stored deliveries say, where they are all the engine keeps.
    pub fn of(group: &StoredGroup) -> Self {
        let mut unfinished = Self {
            from: group.cursor,
            ..Self::default()
        };
        for delivery in &group.deliveries {
            match &delivery.event {
                Some(json) => unfinished
                    .kept
                    .push(StoredEvent::from_json(delivery.seq, json.clone())),
                None => unfinished.seqs.push(delivery.seq),
            }
        }
        unfinished
    }
}

/// The outcome of appending one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    pub duplicate: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogStats {
    pub events: u64,
    pub bytes: u64,
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicStats {
    pub topic: String,
    pub events: u64,
    pub last_ts_ms: i64,
}

/// How much history to keep; `None` keeps everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Retention {
    pub max_age: Option<Duration>,
    pub max_bytes: Option<u64>,
}

/// What the embedded engine promises for an acknowledged event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fsync {
    /// fsync before every acknowledgement (group commit): survives a power cut.
    Always,
    /// leave flushing to the OS: survives a crash of evbus, not of the machine.
    Never,
}

impl Fsync {
    pub fn as_str(self) -> &'static str {
        match self {
            Fsync::Always => "always",
            Fsync::Never => "never",
        }
    }
}

/// Why an engine could not open: its settings are wrong, or what keeps its data cannot
/// be reached. The CLI chooses the exit code.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Settings(String),
    #[error("{0}")]
    Unreachable(String),
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("storage is corrupt: {0}")]
    Corrupt(String),
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for EngineError {
    fn from(err: rusqlite::Error) -> Self {
        match err {
            rusqlite::Error::SqliteFailure(code, _)
                if code.code == rusqlite::ErrorCode::DatabaseCorrupt
                    || code.code == rusqlite::ErrorCode::NotADatabase =>
            {
                EngineError::Corrupt(err.to_string())
            }
            other => EngineError::Unavailable(other.to_string()),
        }
    }
}

pub type EngineResult<T> = Result<T, EngineError>;

/// Answers once submitted writes are as durable as the engine promises: the one future
/// every durability wait is. A writer that stopped before answering counts as
/// unavailable.
#[must_use = "a write is durable only once its Durable answers"]
pub struct Durable(oneshot::Receiver<EngineResult<()>>);

impl Durable {
    /// A wait and where the writer answers it.
    pub(crate) fn channel() -> (oneshot::Sender<EngineResult<()>>, Self) {
        let (reply, answer) = oneshot::channel();
        (reply, Self(answer))
    }

    /// A wait that is already over, with `outcome`.
    pub(crate) fn answered(outcome: EngineResult<()>) -> Self {
        let (reply, durable) = Self::channel();
        let _ = reply.send(outcome);
        durable
    }
}

impl std::future::Future for Durable {
    type Output = EngineResult<()>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|answer| answer.unwrap_or_else(|_| Err(writer_stopped())))
    }
}

/// What an engine's answer that never came means: its writer stopped (closed, or died).
pub(crate) fn writer_stopped() -> EngineError {
    EngineError::Unavailable("the log writer has stopped".into())
}

/// What an engine backed by a service says of it.
#[derive(Debug, Clone)]
pub enum EngineDetails {
    /// The NATS server and streams behind the JetStream engine.
    Nats(crate::api::status::NatsStatus),
}

#[async_trait::async_trait]
pub trait Engine: Send + Sync + 'static {
    /// `embedded`, `memory`, …
    fn name(&self) -> &'static str;
    fn data_dir(&self) -> Option<&Path>;
    fn fsync(&self) -> Fsync;
    /// Appends in order, one seq each; a duplicate within the dedup window gets the
    /// original's seq back. Returns once every event is as durable as the engine promises.
    async fn append(&self, events: Vec<NewEvent>) -> EngineResult<Vec<Appended>> {
        self.append_with(events, Vec::new()).await
    }
    /// `append`, and `ops` written in the same atomic commit (a replay's progress with
    /// the copies it emitted).
    async fn append_with(
        &self,
        events: Vec<NewEvent>,
        ops: Vec<StateOp>,
    ) -> EngineResult<Vec<Appended>>;
    /// Up to `max` events with seq ≥ `from_seq`, in order.
    async fn read(&self, from_seq: u64, max: usize) -> EngineResult<Vec<StoredEvent>>;
    /// The events of `seqs` the log still holds, in order.
    async fn get_many(&self, seqs: Vec<u64>) -> EngineResult<Vec<StoredEvent>> {
        let mut found = Vec::with_capacity(seqs.len());
        for seq in seqs {
            found.extend(
                self.read(seq, 1)
                    .await?
                    .into_iter()
                    .filter(|event| event.seq == seq),
            );
        }
        Ok(found)
    }
    /// The first seq accepted at or after `ts_ms` (the next seq if none).
    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64>;
    async fn stats(&self) -> EngineResult<LogStats>;
    async fn topics(&self) -> EngineResult<Vec<TopicStats>>;
    /// Drops one bulk of events that `retention` no longer keeps; returns how many went.
    /// Callers repeat while it returns more than zero.
    async fn trim(&self, retention: Retention) -> EngineResult<u64>;
    /// Queues state changes (groups, deliveries, dead letters, records) to be written
    /// atomically, after everything submitted before (appends included). Synchronous so
    /// callers can order it under their own lock.
    fn write_state(&self, ops: Vec<StateOp>) -> Durable;
    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>>;
    async fn dead_letters(&self, query: DeadLetterQuery) -> EngineResult<Vec<StoredDeadLetter>>;
    async fn dead_letter(&self, id: String) -> EngineResult<Option<StoredDeadLetter>>;
    /// Dead letters per group name.
    async fn dead_letter_counts(&self) -> EngineResult<std::collections::HashMap<String, u64>>;
    /// Every record of `kind` (replay jobs, …) as `(id, body)`, by id.
    async fn records(&self, kind: &str) -> EngineResult<Vec<(String, String)>>;
    /// The step lists stored for `bucket` (`StateOp::PutSteps`), oldest first.
    async fn steps(&self, bucket: u64) -> EngineResult<Vec<String>>;
    /// One record of `kind` by id.
    async fn record(&self, kind: &str, id: &str) -> EngineResult<Option<String>> {
        Ok(self
            .records(kind)
            .await?
            .into_iter()
            .find(|(found, _)| found == id)
            .map(|(_, body)| body))
    }
    /// Where `group` (as `load_groups` gave it) stands, for a snapshot.
    async fn unfinished(&self, group: &StoredGroup) -> EngineResult<Unfinished> {
        Ok(Unfinished::of(group))
    }
    /// Where groups take their events from, and how their retries are timed.
    fn handouts(&self) -> &dyn handout::Handouts;
    /// The other servers sharing this engine; `None` for an engine of one server.
    fn peers(&self) -> Option<&dyn peers::Peers> {
        None
    }
    /// What the engine tells of itself beyond the log, for `status`: the service
    /// behind it, if any (local engines have none).
    async fn details(&self) -> EngineResult<Option<EngineDetails>> {
        Ok(None)
    }
    fn live(&self) -> &LiveLog;
    /// Time each commit took, fsync included.
    fn commit_latency(&self) -> &Histogram;
    /// Flushes and releases the store; later calls fail.
    async fn close(&self) -> EngineResult<()>;
}

/// Up to `max` events from `from_seq`: from the live window while it still holds them
/// (no store round trip for readers keeping up), else from the store.
pub async fn read_through_live<E: Engine + ?Sized>(
    engine: &E,
    from_seq: u64,
    max: usize,
) -> EngineResult<Vec<StoredEvent>> {
    match engine.live().read(from_seq, max) {
        Some(events) => Ok(events),
        None => engine.read(from_seq, max).await,
    }
}

/// How `evbus serve` asked for storage.
#[derive(Debug, Clone)]
pub enum EngineConfig {
    Memory,
    Embedded { dir: PathBuf, fsync: Fsync },
    Nats(Box<nats::NatsConfig>),
}

#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    pub dedup_window: Duration,
    /// Engines that enforce retention themselves (JetStream) take it at open; the
    /// others are trimmed by the bus.
    pub retention: Retention,
}

pub async fn open(
    config: &EngineConfig,
    options: EngineOptions,
) -> anyhow::Result<Arc<dyn Engine>> {
    Ok(match config {
        EngineConfig::Memory => Arc::new(memory::MemoryEngine::new(options)),
        EngineConfig::Embedded { dir, fsync } => {
            Arc::new(embedded::EmbeddedEngine::open(dir, *fsync, options).await?)
        }
        EngineConfig::Nats(config) => Arc::new(nats::NatsEngine::open(config, options).await?),
    })
}

/// Consecutive seqs whose steps are stored together: a settle of a pull's worth of
/// events writes a few step lists, not one per event, and a lookup reads one bucket.
pub const STEP_BUCKET: u64 = 64;

/// The bucket of steps `seq` belongs to.
pub fn step_bucket(seq: u64) -> u64 {
    seq / STEP_BUCKET
}

/// Puts `"seq":N` first in an event's JSON object.
pub(crate) fn with_seq(seq: u64, body: &[u8]) -> Bytes {
    debug_assert!(body.first() == Some(&b'{'));
    let mut json = Vec::with_capacity(body.len() + 24);
    json.extend_from_slice(b"{\"seq\":");
    json.extend_from_slice(seq.to_string().as_bytes());
    if body.len() > 2 {
        json.push(b',');
    }
    json.extend_from_slice(&body[1..]);
    Bytes::from(json)
}
