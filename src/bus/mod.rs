//! The bus core: accepts events, orders them in the log, and serves readers from any
//! position. No HTTP, no terminal: the server and tests drive it directly.

mod cluster;
mod config;
pub mod dlq;
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

use crate::api::event::SPEC_VERSION;
use crate::api::status::{Status, TopicInfo};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::api::{EmitReceipt, Event, EventError};
use crate::engine::dedup::dedup_key;
use crate::engine::{Engine, NewEvent, Retention, StoredEvent};

/// Returns freed heap to the system (glibc keeps it for reuse): after start-up has read
/// every group's deliveries, or a large batch is done.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
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

    /// Validates, fills the attributes the bus owns, and appends the events as one unit:
    /// either every event is accepted or none is.
    pub async fn emit(&self, events: Vec<Event>) -> Result<Vec<EmitReceipt>, BusError> {
        self.emit_with(events, Vec::new()).await
    }

    /// `emit`, with `ops` committed atomically alongside (a replay's progress).
    pub(crate) async fn emit_with(
        &self,
        events: Vec<Event>,
        ops: Vec<crate::engine::StateOp>,
    ) -> Result<Vec<EmitReceipt>, BusError> {
        if *self.inner.shutdown.borrow() {
            return Err(BusError::ShuttingDown);
        }
        let batch = events.len() > 1;
        let now = format_rfc3339_ms(now_ms());
        let mut prepared = Vec::with_capacity(events.len());
        let mut identities = Vec::with_capacity(events.len());
        let mut addresses = Vec::with_capacity(events.len());
        for (position, event) in events.into_iter().enumerate() {
            addresses.push(
                event
                    .extensions
                    .get("to")
                    .and_then(|to| to.as_str())
                    .map(str::to_owned),
            );
            let (new_event, identity) = self
                .prepare(event, &now, false)
                .map_err(|err| if batch { err.at_index(position) } else { err })?;
            prepared.push(new_event);
            identities.push(identity);
        }
        let appended = self.inner.engine.append_with(prepared, ops).await?;
        let counters = &self.inner.counters;
        let mut receipts = Vec::with_capacity(appended.len());
        for ((outcome, (id, source, body_len)), address) in
            appended.into_iter().zip(identities).zip(addresses)
        {
            let no_route = match address {
                Some(address) if !outcome.duplicate => {
                    self.route_or_bury(&address, outcome.seq).await?
                }
                _ => false,
            };
            if outcome.duplicate {
                counters.duplicates.fetch_add(1, Ordering::Relaxed);
            } else {
                counters.events_appended.fetch_add(1, Ordering::Relaxed);
                counters
                    .bytes_appended
                    .fetch_add(body_len as u64, Ordering::Relaxed);
            }
            receipts.push(EmitReceipt {
                id,
                source,
                seq: outcome.seq,
                duplicate: outcome.duplicate,
                no_route,
            });
        }
        Ok(receipts)
    }

    /// Emits one of the bus's own events on `$evbus.…`, in the background: news about
    /// the bus never holds up the work it reports on.
    pub(crate) fn announce(&self, topic: &str, data: serde_json::Value) {
        self.announce_event(topic, None, data);
    }

    /// `announce` with an id, for news several servers may tell: the log keeps one.
    pub(crate) fn announce_as(&self, topic: &str, id: String, data: serde_json::Value) {
        self.announce_event(topic, Some(id), data);
    }

    fn announce_event(&self, topic: &str, id: Option<String>, data: serde_json::Value) {
        let (bus, topic) = (self.clone(), topic.to_owned());
        tokio::spawn(async move {
            if let Err(err) = bus.emit_system_as(&topic, id, data).await {
                tracing::warn!(error = %err, %topic, "cannot store a system event");
            }
        });
    }

    /// Appends one of the bus's own `$evbus.…` events and waits for it.
    pub(crate) async fn emit_system(
        &self,
        topic: &str,
        data: serde_json::Value,
    ) -> Result<(), BusError> {
        self.emit_system_as(topic, None, data).await
    }

    async fn emit_system_as(
        &self,
        topic: &str,
        id: Option<String>,
        data: serde_json::Value,
    ) -> Result<(), BusError> {
        let event = Event {
            id,
            topic: topic.to_owned(),
            datacontenttype: Some("application/json".into()),
            data: serde_json::value::to_raw_value(&data).ok(),
            ..Event::default()
        };
        let (prepared, _) = self.prepare(event, &format_rfc3339_ms(now_ms()), true)?;
        self.inner.engine.append(vec![prepared]).await?;
        Ok(())
    }

    /// Whether `event` would be accepted by an emit now (a schedule's, say).
    pub(crate) fn check_event(&self, event: Event) -> Result<(), BusError> {
        self.prepare(event, &format_rfc3339_ms(now_ms()), false)
            .map(drop)
    }

    fn prepare(
        &self,
        mut event: Event,
        now: &str,
        system: bool,
    ) -> Result<(NewEvent, (String, String, usize)), BusError> {
        let invalid = |source| BusError::InvalidEvent {
            index: None,
            source,
        };
        event.validate().map_err(invalid)?;
        if !system && event.topic.starts_with(crate::api::topic::SYSTEM_PREFIX) {
            return Err(invalid(EventError::BadTopic(format!(
                "topic '{}' is reserved: topics starting with '$evbus.' are the bus's own",
                event.topic
            ))));
        }
        if !system {
            self.check_schemas(&mut event)
                .map_err(|violation| invalid(EventError::Schema(violation.to_string())))?;
        }
        event.seq = None;
        event
            .specversion
            .get_or_insert_with(|| SPEC_VERSION.to_owned());
        let source = event
            .source
            .get_or_insert_with(|| DEFAULT_SOURCE.to_owned())
            .clone();
        let dedup = event.id.as_ref().map(|id| dedup_key(&source, id));
        let id = event.id.get_or_insert_with(ids::new_ulid).clone();
        event.time.get_or_insert_with(|| now.to_owned());
        let body = event.to_json();
        let max = self.inner.config.max_event_size;
        // The limit is for producers; the bus's own events (health) may grow past it.
        if !system && body.len() > max {
            return Err(BusError::TooLarge {
                index: None,
                size: body.len(),
                max,
            });
        }
        let body_len = body.len();
        Ok((
            NewEvent {
                topic: event.topic,
                dedup_key: dedup,
                body,
            },
            (id, source, body_len),
        ))
    }

    /// Up to `max` events from `from_seq` on: from the live window when it has them.
    /// Stores state changes (groups, deliveries, dead letters, records) and waits until
    /// they are durable.
    pub(crate) async fn store(&self, ops: Vec<crate::engine::StateOp>) -> Result<(), BusError> {
        Ok(self.inner.engine.write_state(ops).await?)
    }

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
            tokio::select! {
                _ = tokio::time::sleep(self.inner.config.retention_interval) => {}
                _ = shutdown.wait_for(|stopping| *stopping) => return,
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
