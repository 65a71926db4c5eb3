//! `--engine nats://…`: the log, groups, routes and dead letters in NATS JetStream, so
//! several `evbus serve` processes over one NATS are one bus.
//!
//! Streams per bus prefix: `PREFIX_EVENTS` (the log; the seq is the stream sequence,
//! topics are subjects under `PREFIX.events.`, addressed events under `PREFIX.to.`,
//! re-sends are caught by JetStream's message-id window), `PREFIX_DLQ` (dead letters),
//! `PREFIX_DIRECT` (events put straight into a group), `PREFIX_MEMBERS` (who is a member
//! where, and what each server holds, aging out), `PREFIX_ATTEMPTS` (failed attempts of
//! events waiting for a retry) and `PREFIX_STATE` (the journal of replay jobs, which every
//! server writes). Groups and routes are durable consumers on the log that every server
//! takes from (`groups`). Every server follows the log with a consumer of its own, so a
//! tail on one sees events emitted through any other; servers ask each other over core
//! NATS (`relay`).
//!
//! Writes go through one writer task, in submission order: events and dead letters
//! first, then the state changes that depend on them, so a crash between the two repeats
//! work (a redelivery, a re-sent copy caught by its message id) and never loses any.

mod connect;
mod cursor;
mod dead_letters;
mod follower;
mod groups;
mod handouts;
mod journal;
mod peers;
mod reads;
mod relay;
mod routes;
mod settled;
mod streams;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::stream::{self, Stream};
use async_nats::jetstream::{self, Context};
use tokio::sync::{mpsc, oneshot};

pub use connect::{NatsConfig, validate_prefix};
use dead_letters::DeadLetters;
use follower::follow;
use journal::Journal;
pub(crate) use streams::Names;
pub use streams::streams_of;
use streams::{Streams, wait_for_jetstream};
use writer::{Job, Reply, write_jobs};

use super::handout::Handouts;
use super::peers::Peers;
use super::state::StateTables;
use super::{
    Appended, DeadLetterQuery, Durable, Engine, EngineDetails, EngineError, EngineOptions,
    EngineResult, Fsync, Histogram, LiveLog, LogStats, NewEvent, Retention, StateOp,
    StoredDeadLetter, StoredEvent, StoredGroup, TopicStats, Unfinished,
};
use crate::api::status::{NatsStatus, StreamStatus};

/// How long a JetStream request may take before it counts as a failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an append waits for the follower to show its events to live readers.
const VISIBLE_WITHIN: Duration = Duration::from_secs(5);
/// How long start-up waits for a JetStream that times out (a cluster electing a leader).
const ELECTION: Duration = Duration::from_secs(15);
/// Most jobs one commit takes from the queue.
const MAX_JOBS_PER_COMMIT: usize = 256;

/// What the writer mirrors in memory once NATS has it, and the journal behind `tables`.
struct Mirror {
    tables: StateTables,
    dead: DeadLetters,
    journal: Journal,
}

struct Inner {
    url: String,
    prefix: String,
    client: async_nats::Client,
    context: Context,
    names: Names,
    events: Stream,
    /// Who is a live member of which group, on any server (messages that age out).
    /// Kept in memory by NATS, so a NATS restart loses it: `follow` sets it up again.
    members: Stream,
    members_config: stream::Config,
    /// Events put straight into one group's queue (requeues, replays, routes to a group).
    direct: Stream,
    /// The failed attempts of events in retry, per group and seq (the latest list each).
    attempts: Stream,
    /// What was settled, for the hand-outs NATS may have forgotten it of.
    settled: settled::Settled,
    /// What happened to each event in each group, a list per group and bucket of seqs on `PREFIX.steps.BUCKET`.
    steps: Stream,
    mirror: tokio::sync::Mutex<Mirror>,
    live: LiveLog,
    commit_latency: Histogram,
    cursors: cursor::Cursors,
    /// Each group's durable consumers (by consumer name), once looked up.
    consumers: std::sync::Mutex<std::collections::HashMap<String, PullConsumer>>,
    /// Names this process among the servers of the bus: in its receipts, its share
    /// reports and the subject other servers relay to it on.
    server_id: String,
    closed: AtomicBool,
}

pub struct NatsEngine {
    inner: Arc<Inner>,
    jobs: mpsc::UnboundedSender<Job>,
    follower: tokio::task::JoinHandle<()>,
}

impl NatsEngine {
    pub async fn open(config: &NatsConfig, options: EngineOptions) -> anyhow::Result<Self> {
        validate_prefix(&config.prefix).map_err(anyhow::Error::msg)?;
        let client = config.connect().await?;
        let context = jetstream::ContextBuilder::new()
            .timeout(REQUEST_TIMEOUT)
            .build(client.clone());
        wait_for_jetstream(&context).await;
        let names = Names::new(&config.prefix);
        let Streams {
            events,
            state,
            dlq,
            members,
            members_config,
            direct,
            attempts,
            settled,
            steps,
        } = Streams::ensure(&context, &names, config.replicas, &options).await?;
        let settled = settled::Settled::new(
            context.clone(),
            settled,
            names.settled_prefix.clone(),
            vec![events.clone(), direct.clone()],
        );
        let (journal, tables) = Journal::load(context.clone(), state, names.clone()).await?;
        let dead = DeadLetters::load(dlq, names.dlq_subject.clone()).await?;
        let last_seq = events.get_info().await?.state.last_sequence;
        let inner = Arc::new(Inner {
            url: config.url.clone(),
            prefix: config.prefix.clone(),
            client,
            context,
            names,
            events,
            members,
            members_config,
            direct,
            attempts,
            settled,
            steps,
            mirror: tokio::sync::Mutex::new(Mirror {
                tables,
                dead,
                journal,
            }),
            live: LiveLog::new(1_024, last_seq),
            commit_latency: Histogram::default(),
            cursors: Default::default(),
            consumers: Default::default(),
            server_id: format!("{:016x}", fastrand::u64(..)),
            closed: AtomicBool::new(false),
        });
        inner.upgrade_consumers().await?;
        inner.settled.begin(&inner.client).await?;
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_jobs(inner.clone(), queue));
        let follower = tokio::spawn(follow(inner.clone(), last_seq + 1));
        let purger = inner.clone();
        tokio::spawn(async move { purger.settled.purge_old(purger.client.clone()).await });
        Ok(Self {
            inner,
            jobs,
            follower,
        })
    }

    fn submit(&self, events: Vec<NewEvent>, ops: Vec<StateOp>, reply: Reply) {
        let job = Job { events, ops, reply };
        if let Err(mpsc::error::SendError(job)) = self.jobs.send(job) {
            job.reply.send(Err(closed()));
        }
    }
}

impl Inner {
    fn check(&self) -> EngineResult<()> {
        if self.closed.load(Ordering::Acquire) {
            return Err(closed());
        }
        if self.client.connection_state() != async_nats::connection::State::Connected {
            return Err(EngineError::Unavailable(format!(
                "NATS at {} is unreachable; evbus keeps reconnecting",
                self.url
            )));
        }
        Ok(())
    }
}

fn closed() -> EngineError {
    EngineError::Unavailable("the engine is closed".into())
}

/// Any NATS failure: the server is gone, slow or refusing; callers answer 503.
pub(crate) fn unavailable(err: impl std::fmt::Display) -> EngineError {
    EngineError::Unavailable(format!("NATS: {err}"))
}

#[async_trait::async_trait]
impl Engine for NatsEngine {
    fn name(&self) -> &'static str {
        "nats"
    }

    fn data_dir(&self) -> Option<&Path> {
        None
    }

    /// NATS acknowledges once its file has the write and syncs on its own schedule.
    fn fsync(&self) -> Fsync {
        Fsync::Never
    }

    async fn append_with(
        &self,
        events: Vec<NewEvent>,
        ops: Vec<StateOp>,
    ) -> EngineResult<Vec<Appended>> {
        let (reply, answer) = oneshot::channel();
        self.submit(events, ops, Reply::Append(reply));
        let receipts = answer.await.map_err(|_| closed())??;
        // Read-your-writes: once emit answers, tails and groups here see the events.
        if let Some(newest) = receipts.iter().map(|receipt| receipt.seq).max() {
            let mut committed = self.inner.live.subscribe();
            let visible = committed.wait_for(|last| *last >= newest);
            if tokio::time::timeout(VISIBLE_WITHIN, visible).await.is_err() {
                tracing::warn!(seq = newest, "the log follower is behind");
            }
        }
        Ok(receipts)
    }

    async fn read(&self, from_seq: u64, max: usize) -> EngineResult<Vec<StoredEvent>> {
        self.inner.read_events(from_seq, max).await
    }

    async fn get_many(&self, seqs: Vec<u64>) -> EngineResult<Vec<StoredEvent>> {
        self.inner.events_at(seqs).await
    }

    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64> {
        self.inner.check()?;
        cursor::seq_at(&self.inner.events, &self.inner.names.events_filter, ts_ms).await
    }

    async fn stats(&self) -> EngineResult<LogStats> {
        self.inner.log_stats().await
    }

    async fn topics(&self) -> EngineResult<Vec<TopicStats>> {
        self.inner.topic_stats().await
    }

    /// JetStream applies retention itself (the stream's max age and bytes); this only
    /// keeps the live window from serving what it dropped.
    async fn trim(&self, _retention: Retention) -> EngineResult<u64> {
        let stats = self.stats().await?;
        match stats.first_seq {
            Some(first) => self.inner.live.forget_before(first),
            None if stats.last_seq.is_none() => self.inner.live.forget_before(u64::MAX),
            None => {}
        }
        Ok(0)
    }

    fn write_state(&self, ops: Vec<StateOp>) -> Durable {
        let (reply, answer) = Durable::channel();
        self.submit(Vec::new(), ops, Reply::Groups(reply));
        answer
    }

    /// The groups are the consumers; the journal adds the deliveries no consumer holds.
    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>> {
        self.inner.check()?;
        let queues = self.inner.stored_queues().await?;
        let journaled = self.inner.mirror.lock().await.tables.groups();
        Ok(queues
            .into_iter()
            .map(|queue| StoredGroup {
                deliveries: journaled
                    .iter()
                    .find(|group| group.name == queue.name)
                    .map(|group| group.deliveries.clone())
                    .unwrap_or_default(),
                name: queue.name,
                spec: queue.spec,
                cursor: queue.next_seq,
            })
            .collect())
    }

    /// The kept events are those a server holds (the journal has them); the log's
    /// count from the consumers' ack floor.
    async fn unfinished(&self, group: &StoredGroup) -> EngineResult<Unfinished> {
        let mut unfinished = Unfinished::of(group);
        unfinished.seqs.clear();
        unfinished.from = self
            .inner
            .unfinished_from(&group.name, group.cursor)
            .await?;
        Ok(unfinished)
    }

    async fn dead_letters(&self, query: DeadLetterQuery) -> EngineResult<Vec<StoredDeadLetter>> {
        self.inner.check()?;
        let (stream, page) = {
            let mut mirror = self.inner.mirror.lock().await;
            mirror.dead.catch_up().await?;
            (mirror.dead.stream(), mirror.dead.page(&query))
        };
        dead_letters::fetch(&stream, page).await
    }

    async fn dead_letter(&self, id: String) -> EngineResult<Option<StoredDeadLetter>> {
        self.inner.check()?;
        let (stream, found) = {
            let mut mirror = self.inner.mirror.lock().await;
            mirror.dead.catch_up().await?;
            (mirror.dead.stream(), mirror.dead.locate(&id))
        };
        let Some((seq, group)) = found else {
            return Ok(None);
        };
        Ok(dead_letters::fetch(&stream, vec![(id, seq, group)])
            .await?
            .pop())
    }

    async fn dead_letter_counts(&self) -> EngineResult<std::collections::HashMap<String, u64>> {
        let mut mirror = self.inner.mirror.lock().await;
        mirror.dead.catch_up().await?;
        Ok(mirror.dead.counts())
    }

    /// As every server wrote them: the journal is read again if another server wrote.
    async fn records(&self, kind: &str) -> EngineResult<Vec<(String, String)>> {
        let mut guard = self.inner.mirror.lock().await;
        let mirror = &mut *guard;
        mirror.journal.catch_up(&mut mirror.tables).await?;
        Ok(mirror.tables.records(kind))
    }

    async fn steps(&self, bucket: u64) -> EngineResult<Vec<String>> {
        self.inner.steps_in(bucket).await
    }

    async fn record(&self, kind: &str, id: &str) -> EngineResult<Option<String>> {
        let mut guard = self.inner.mirror.lock().await;
        let mirror = &mut *guard;
        mirror.journal.catch_up(&mut mirror.tables).await?;
        Ok(mirror.tables.record(kind, id))
    }

    fn handouts(&self) -> &dyn Handouts {
        self
    }

    fn peers(&self) -> Option<&dyn Peers> {
        Some(&*self.inner)
    }

    async fn details(&self) -> EngineResult<Option<EngineDetails>> {
        let inner = &self.inner;
        let info = inner.client.server_info();
        let mut streams = Vec::new();
        for name in streams_of(&inner.prefix) {
            let stream = inner.context.get_stream(&name).await.map_err(unavailable)?;
            let info = stream.cached_info();
            streams.push(StreamStatus {
                name,
                messages: info.state.messages,
                bytes: info.state.bytes,
                replicas: info.config.num_replicas,
            });
        }
        Ok(Some(EngineDetails::Nats(NatsStatus {
            url: inner.url.clone(),
            server: format!("{} {}", info.server_name, info.version),
            connected: inner.client.connection_state() == async_nats::connection::State::Connected,
            prefix: inner.prefix.clone(),
            streams,
        })))
    }

    fn live(&self) -> &LiveLog {
        &self.inner.live
    }

    fn commit_latency(&self) -> &Histogram {
        &self.inner.commit_latency
    }

    async fn close(&self) -> EngineResult<()> {
        if self.inner.closed.swap(true, Ordering::AcqRel) {
            return Err(closed());
        }
        self.follower.abort();
        self.inner.client.flush().await.map_err(unavailable)?;
        Ok(())
    }
}
