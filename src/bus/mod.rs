//! The bus core: accepts events, orders them in the log, and serves readers from any
//! position. No HTTP, no terminal: the server and tests drive it directly.

mod cluster;
mod config;
pub mod dlq;
mod emit;
pub mod error;
mod forward;
pub mod groups;
pub mod health;
pub mod ids;
pub mod replay;
pub mod request;
pub mod routes;
pub mod schedules;
pub mod schemas;
mod snapshot;
pub mod subscription;
pub mod trace;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;

pub use crate::filter::JqFilter;
pub use dlq::DlqQuery;
pub use error::BusError;
pub use request::{INBOX, REQUEST_SEQ};
pub use subscription::{End, Start, Subscription, SubscriptionRequest, WhenExhausted};

use crate::api::status::{Status, TopicInfo};
use crate::api::time::format_rfc3339_ms;
use crate::engine::{Engine, Retention, StoredEvent};

/// How often the bus gives freed heap back to the system.
pub const MEMORY_UPKEEP: Duration = Duration::from_secs(2);

/// Returns freed heap to the system (glibc keeps it for reuse, and free pages inside a
/// thread's heap are never returned by themselves): after start-up has read every
/// group's deliveries, a large batch, and every `MEMORY_UPKEEP`.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Waits `wait`, or until the bus begins to shut down: `false` then. What the bus's own
/// tasks pause with between rounds.
pub(crate) async fn wait_unless_stopping(
    shutdown: &mut watch::Receiver<bool>,
    wait: Duration,
) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(wait) => true,
        _ = shutdown.wait_for(|stopping| *stopping) => false,
    }
}

/// `source` given to events that arrive without one.
pub const DEFAULT_SOURCE: &str = "evbus";

#[derive(Debug, Clone)]
pub struct BusConfig {
    pub max_event_size: usize,
    pub retention: Retention,
    /// How often retention runs.
    pub retention_interval: Duration,
    /// How often `$evbus.health` is emitted; zero: never.
    pub health_interval: Duration,
    /// `$evbus.warning.disk` below this much free space under the data dir.
    pub disk_warning_bytes: u64,
    /// `$evbus.warning.lag` when a group is this many events behind; zero: never.
    pub lag_warning: u64,
    /// Where push groups may POST.
    pub push_policy: groups::PushPolicy,
}

impl Default for BusConfig {
    fn default() -> Self {
        Self {
            max_event_size: 1024 * 1024,
            retention: Retention::default(),
            retention_interval: Duration::from_secs(30),
            health_interval: Duration::from_secs(30),
            disk_warning_bytes: 1 << 30,
            lag_warning: 100_000,
            push_policy: groups::PushPolicy::open(),
        }
    }
}

/// Cheap to clone; every clone is the same bus.
#[derive(Clone)]
pub struct Bus {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Arc<dyn Engine>,
    config: BusConfig,
    started: Instant,
    counters: Counters,
    groups: groups::Groups,
    replays: replay::Replays,
    routes: routes::Routes,
    schedules: schedules::Schedules,
    schemas: schemas::Schemas,
    /// The servers of a shared engine, as last seen.
    servers: cluster::servers::Servers,
    /// Which events name which, for following them.
    index: trace::index::EventIndex,
    /// The newest `$evbus.health` figures, for `status`.
    health: std::sync::Mutex<Option<serde_json::Value>>,
    shutdown: watch::Sender<bool>,
    /// What the bus runs by itself (`start_tasks`), stopped by `close`.
    tasks: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
    /// One snapshot load at a time: each checks that the bus is empty first.
    snapshot_lock: tokio::sync::Mutex<()>,
}

#[derive(Default)]
pub struct Counters {
    pub events_appended: AtomicU64,
    pub bytes_appended: AtomicU64,
    pub duplicates: AtomicU64,
    pub open_streams: AtomicU64,
}

impl Bus {
    /// A bus over `engine`, with the groups the engine holds.
    pub async fn open(engine: Arc<dyn Engine>, config: BusConfig) -> Result<Self, BusError> {
        let bus = Self::open_idle(engine, config).await?;
        bus.start_tasks();
        Ok(bus)
    }

    /// A bus over a fresh memory engine, for unit tests.
    #[cfg(test)]
    pub(crate) async fn in_memory() -> Self {
        let engine = Arc::new(crate::engine::memory::MemoryEngine::new(
            crate::engine::EngineOptions {
                dedup_window: std::time::Duration::from_secs(60),
                retention: Default::default(),
            },
        ));
        Self::open(engine, BusConfig::default()).await.unwrap()
    }

    /// `open`, but the bus does nothing by itself (retention, timers, health, schedules,
    /// telling other servers it is there) until `start_tasks`: to set it up first, with
    /// nothing of its own in the log in between (a snapshot loaded at start).
    pub async fn open_idle(engine: Arc<dyn Engine>, config: BusConfig) -> Result<Self, BusError> {
        let bus = Self {
            inner: Arc::new(Inner {
                engine,
                config,
                started: Instant::now(),
                counters: Counters::default(),
                groups: groups::Groups::default(),
                replays: replay::Replays::default(),
                routes: routes::Routes::default(),
                schedules: schedules::Schedules::default(),
                schemas: schemas::Schemas::default(),
                servers: Default::default(),
                index: Default::default(),
                health: std::sync::Mutex::new(None),
                shutdown: watch::Sender::new(false),
                tasks: std::sync::Mutex::new(Vec::new()),
                snapshot_lock: tokio::sync::Mutex::new(()),
            }),
        };
        bus.load_groups().await?;
        bus.adopt_replays().await?;
        bus.refresh_routes().await?;
        bus.refresh_schemas().await?;
        give_back_memory();
        Ok(bus)
    }

    /// Starts what the bus does by itself, until `close`: retention, lease and retry
    /// timers, answering other servers, health reports, scheduled events.
    pub fn start_tasks(&self) {
        let tasks = [
            tokio::spawn(self.clone().run_maintenance()),
            tokio::spawn(self.clone().run_memory_upkeep()),
            tokio::spawn(self.clone().run_group_timers()),
            tokio::spawn(self.clone().run_relay()),
            tokio::spawn(self.clone().run_health()),
            tokio::spawn(self.clone().run_schedules()),
            tokio::spawn(self.clone().run_indexer()),
            tokio::spawn(self.clone().run_schema_refresh()),
            tokio::spawn(self.clone().run_servers()),
        ];
        self.inner
            .tasks
            .lock()
            .expect("task list poisoned")
            .extend(tasks);
    }

    pub fn engine(&self) -> &Arc<dyn Engine> {
        &self.inner.engine
    }

    pub fn index(&self) -> &trace::index::EventIndex {
        &self.inner.index
    }

    pub fn config(&self) -> &BusConfig {
        &self.inner.config
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    /// Stores state changes (groups, deliveries, dead letters, records) and waits until
    /// they are durable.
    pub(crate) async fn store(&self, ops: Vec<crate::engine::StateOp>) -> Result<(), BusError> {
        Ok(self.inner.engine.write_state(ops).await?)
    }

    /// Up to `max` events from `from_seq` on: from the live window when it has them.
    pub async fn read(&self, from_seq: u64, max: usize) -> Result<Vec<StoredEvent>, BusError> {
        Ok(crate::engine::read_through_live(&*self.inner.engine, from_seq, max).await?)
    }

    /// One stored event by seq: from the store when the live window has not seen it yet
    /// (a JetStream follower still catching up).
    pub async fn get(&self, seq: u64) -> Result<Option<StoredEvent>, BusError> {
        let found = |events: Vec<StoredEvent>| events.into_iter().find(|event| event.seq == seq);
        if let Some(event) = self.inner.engine.live().read(seq, 1).and_then(found) {
            return Ok(Some(event));
        }
        Ok(found(self.inner.engine.read(seq, 1).await?))
    }

    pub async fn subscribe(&self, request: SubscriptionRequest) -> Result<Subscription, BusError> {
        Subscription::open(self.clone(), request).await
    }

    /// The seq a reader starting at `start` reads first.
    pub async fn start_seq(&self, start: Start) -> Result<u64, BusError> {
        let engine = &self.inner.engine;
        Ok(match start {
            Start::Now => engine.live().last_seq() + 1,
            Start::Beginning => 1,
            Start::Seq(seq) => seq.max(1),
            Start::Time(ts_ms) => engine.seq_at(ts_ms).await?,
        })
    }

    pub async fn topics(&self) -> Result<Vec<TopicInfo>, BusError> {
        Ok(self
            .inner
            .engine
            .topics()
            .await?
            .into_iter()
            .map(|topic| TopicInfo {
                topic: topic.topic,
                events: topic.events,
                last_seen: format_rfc3339_ms(topic.last_ts_ms),
            })
            .collect::<Vec<_>>())
        .map(|mut topics| {
            // The bus's own topics after the users'.
            topics.sort_by_key(|topic| topic.topic.starts_with(crate::api::topic::SYSTEM_PREFIX));
            topics
        })
    }

    pub async fn status(&self) -> Result<Status, BusError> {
        let engine = &self.inner.engine;
        let stats = engine.stats().await?;
        Ok(Status {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            engine: engine.name().to_owned(),
            data_dir: engine.data_dir().map(|dir| dir.display().to_string()),
            fsync: engine.fsync().as_str().to_owned(),
            events: stats.events,
            log_bytes: stats.bytes,
            first_seq: stats.first_seq,
            last_seq: stats.last_seq,
            uptime_ms: self.inner.started.elapsed().as_millis() as u64,
            open_streams: self.inner.counters.open_streams.load(Ordering::Relaxed),
            rss_bytes: resident_memory(),
            health: self.latest_health(),
            nats: engine.details().await?.map(|details| match details {
                crate::engine::EngineDetails::Nats(nats) => nats,
            }),
            caller: None,
        })
    }

    /// Applies retention until nothing more is due; each step is one bulk delete, so
    /// appends interleave with a long trim.
    pub async fn enforce_retention(&self) -> Result<u64, BusError> {
        let retention = self.inner.config.retention;
        if retention.max_age.is_none() && retention.max_bytes.is_none() {
            return Ok(0);
        }
        let mut total = 0;
        loop {
            let removed = self.inner.engine.trim(retention).await?;
            if removed == 0 {
                return Ok(total);
            }
            total += removed;
        }
    }

    /// Runs retention every interval until shutdown.
    pub(crate) async fn run_maintenance(self) {
        let mut shutdown = self.shutdown_signal();
        loop {
            if !wait_unless_stopping(&mut shutdown, self.inner.config.retention_interval).await {
                return;
            }
            match self.enforce_retention().await {
                Ok(0) => {}
                Ok(removed) => {
                    tracing::info!(removed, "retention dropped old events");
                    if let Ok(stats) = self.inner.engine.stats().await {
                        self.index()
                            .forget_before(stats.first_seq.unwrap_or(u64::MAX));
                    }
                }
                Err(err) => tracing::warn!(error = %err, "retention failed; will retry"),
            }
        }
    }

    /// Gives freed heap back every `MEMORY_UPKEEP`, so the server's size follows what it
    /// holds, not the peak of the load it had. A trim walks the allocator's free lists:
    /// well under a millisecond for this server's heap.
    async fn run_memory_upkeep(self) {
        let mut shutdown = self.shutdown_signal();
        loop {
            if !wait_unless_stopping(&mut shutdown, MEMORY_UPKEEP).await {
                return;
            }
            let _ = tokio::task::spawn_blocking(give_back_memory).await;
        }
    }

    /// Asks every open stream to end; new emits are refused.
    pub fn begin_shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.inner.shutdown.subscribe()
    }

    /// Stops the bus's own tasks, then flushes and closes the engine (after the server
    /// stopped serving).
    pub async fn close(&self) -> Result<(), BusError> {
        self.begin_shutdown();
        let tasks = std::mem::take(&mut *self.inner.tasks.lock().expect("task list poisoned"));
        for task in tasks {
            task.abort();
        }
        Ok(self.inner.engine.close().await?)
    }
}

/// The resident set size of this process, where `/proc` reports it.
pub(crate) fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
