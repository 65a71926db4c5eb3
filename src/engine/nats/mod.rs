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
//! first, then the group changes that depend on them, so a crash between the two repeats
//! work (a redelivery, a re-sent copy caught by its message id) and never loses any.

mod connect;
mod cursor;
mod dead_letters;
mod groups;
mod journal;
mod relay;
mod settled;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use async_nats::jetstream::consumer::{DeliverPolicy, PullConsumer};
use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage as Publish;
use async_nats::jetstream::stream::{self, Stream};
use async_nats::jetstream::{self, Context};
use base64::Engine as _;
use futures_util::future::try_join_all;
use futures_util::{FutureExt as _, StreamExt as _};
use tokio::sync::{mpsc, oneshot};

pub use connect::{NatsConfig, validate_prefix};
use cursor::Cursor;
use dead_letters::DeadLetters;
use journal::Journal;

use super::groups::GroupTables;
use super::queue::{GroupQueue, PRESENCE};
use super::{
    Appended, DeadLetterQuery, Durable, Engine, EngineDetails, EngineError, EngineOptions,
    EngineResult, Fsync, GroupOp, Histogram, LiveLog, LogStats, NewEvent, Retention,
    StoredDeadLetter, StoredEvent, StoredGroup, TopicStats,
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
/// Idle cursors kept for readers that come back for the next page.
const CACHED_CURSORS: usize = 8;

/// The stream and subject names of one bus prefix.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    events_stream: String,
    /// Every event: plain ones on `PREFIX.events.TOPIC`, addressed ones (`emit --to`)
    /// on `PREFIX.to.TOPIC`, so a group's consumer can take its pattern's plain events
    /// and, from a second consumer, every addressed one.
    events_filter: String,
    events_prefix: String,
    addressed_prefix: String,
    /// `PREFIX.events.>` and `PREFIX.to.>`: every plain, every addressed event.
    plain_filter: String,
    addressed_filter: String,
    state_stream: String,
    state_filter: String,
    state_ops: String,
    state_snap: String,
    state_done: String,
    dlq_stream: String,
    dlq_subject: String,
    members_stream: String,
    members_prefix: String,
    direct_stream: String,
    direct_prefix: String,
    attempts_stream: String,
    attempts_prefix: String,
    settled_stream: String,
    settled_prefix: String,
    /// Core NATS (no stream): requests relayed to one server, by its id.
    relay_prefix: String,
}

impl Names {
    /// The topic an event's subject names.
    fn topic_of<'a>(&self, subject: &'a str) -> &'a str {
        subject
            .strip_prefix(&self.events_prefix)
            .or_else(|| subject.strip_prefix(&self.addressed_prefix))
            .unwrap_or(subject)
    }

    fn new(prefix: &str) -> Self {
        let upper = prefix.to_ascii_uppercase();
        Self {
            events_stream: format!("{upper}_EVENTS"),
            events_filter: format!("{prefix}.*.>"),
            events_prefix: format!("{prefix}.events."),
            addressed_prefix: format!("{prefix}.to."),
            plain_filter: format!("{prefix}.events.>"),
            addressed_filter: format!("{prefix}.to.>"),
            state_stream: format!("{upper}_STATE"),
            state_filter: format!("{prefix}.state.>"),
            state_ops: format!("{prefix}.state.ops"),
            state_snap: format!("{prefix}.state.snap"),
            state_done: format!("{prefix}.state.done"),
            dlq_stream: format!("{upper}_DLQ"),
            dlq_subject: format!("{prefix}.dlq"),
            members_stream: format!("{upper}_MEMBERS"),
            members_prefix: format!("{prefix}.members."),
            direct_stream: format!("{upper}_DIRECT"),
            direct_prefix: format!("{prefix}.direct."),
            attempts_stream: format!("{upper}_ATTEMPTS"),
            attempts_prefix: format!("{prefix}.attempts."),
            settled_stream: format!("{upper}_SETTLED"),
            settled_prefix: format!("{prefix}.settled."),
            relay_prefix: format!("{prefix}.relay."),
        }
    }
}

/// Every stream a bus prefix owns: what `status` reports and clean-up deletes.
pub fn streams_of(prefix: &str) -> [String; 7] {
    let names = Names::new(prefix);
    [
        names.events_stream,
        names.state_stream,
        names.dlq_stream,
        names.members_stream,
        names.direct_stream,
        names.attempts_stream,
        names.settled_stream,
    ]
}

/// One submission to the writer.
struct Job {
    events: Vec<NewEvent>,
    ops: Vec<GroupOp>,
    reply: Reply,
}

enum Reply {
    Append(oneshot::Sender<EngineResult<Vec<Appended>>>),
    Groups(oneshot::Sender<EngineResult<()>>),
}

/// What the writer mirrors in memory once NATS has it, and the journal behind `tables`.
struct Mirror {
    tables: GroupTables,
    dead: DeadLetters,
    journal: Journal,
}

struct Shared {
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
    mirror: tokio::sync::Mutex<Mirror>,
    live: LiveLog,
    commit_latency: Histogram,
    cursors: std::sync::Mutex<Vec<Cursor>>,
    /// Each group's durable consumers (by consumer name), once looked up.
    consumers: std::sync::Mutex<std::collections::HashMap<String, PullConsumer>>,
    /// Names this process among the servers of the bus: in its receipts, its share
    /// reports and the subject other servers relay to it on.
    server_id: String,
    closed: AtomicBool,
}

pub struct NatsEngine {
    shared: Arc<Shared>,
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
        let replicas = config.replicas.max(1);
        let retention = options.retention;
        let max_age = retention.max_age.unwrap_or_default();
        let mut dedup_window = options.dedup_window;
        if !max_age.is_zero() {
            // JetStream refuses a window longer than the stream keeps messages.
            dedup_window = dedup_window.min(max_age);
        }
        let plain = |name: &str, subject: String| stream_config(name, subject, replicas);
        let members_config = stream::Config {
            storage: stream::StorageType::Memory,
            max_age: PRESENCE,
            max_messages_per_subject: 1,
            ..plain(&names.members_stream, format!("{}>", names.members_prefix))
        };
        let (events, state, dlq, members, direct, attempts, settled) = tokio::try_join!(
            ensure_stream(
                &context,
                stream::Config {
                    max_age,
                    max_bytes: retention
                        .max_bytes
                        .map_or(-1, |bytes| bytes.min(i64::MAX as u64) as i64),
                    duplicate_window: dedup_window,
                    subjects: vec![names.plain_filter.clone(), names.addressed_filter.clone()],
                    ..plain(&names.events_stream, String::new())
                },
            ),
            ensure_stream(
                &context,
                plain(&names.state_stream, names.state_filter.clone())
            ),
            ensure_stream(
                &context,
                stream::Config {
                    duplicate_window: options.dedup_window,
                    ..plain(&names.dlq_stream, names.dlq_subject.clone())
                },
            ),
            ensure_stream(&context, members_config.clone()),
            ensure_stream(
                &context,
                plain(&names.direct_stream, format!("{}>", names.direct_prefix))
            ),
            ensure_stream(
                &context,
                stream::Config {
                    max_messages_per_subject: 1,
                    ..plain(
                        &names.attempts_stream,
                        format!("{}>", names.attempts_prefix)
                    )
                },
            ),
            ensure_stream(
                &context,
                plain(&names.settled_stream, format!("{}>", names.settled_prefix))
            ),
        )?;
        let settled = settled::Settled::new(
            context.clone(),
            settled,
            names.settled_prefix.clone(),
            vec![events.clone(), direct.clone()],
        );
        let (journal, tables) = Journal::load(context.clone(), state, names.clone()).await?;
        let dead = DeadLetters::load(dlq, names.dlq_subject.clone()).await?;
        let last_seq = events.get_info().await?.state.last_sequence;
        let shared = Arc::new(Shared {
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
            mirror: tokio::sync::Mutex::new(Mirror {
                tables,
                dead,
                journal,
            }),
            live: LiveLog::new(1_024, last_seq),
            commit_latency: Histogram::default(),
            cursors: std::sync::Mutex::new(Vec::new()),
            consumers: Default::default(),
            server_id: format!("{:016x}", fastrand::u64(..)),
            closed: AtomicBool::new(false),
        });
        shared.upgrade_consumers().await?;
        shared.settled.begin(&shared.client).await?;
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_jobs(shared.clone(), queue));
        let follower = tokio::spawn(follow(shared.clone(), last_seq + 1));
        let purger = shared.clone();
        tokio::spawn(async move { purger.settled.purge_old(purger.client.clone()).await });
        Ok(Self {
            shared,
            jobs,
            follower,
        })
    }

    fn submit(&self, events: Vec<NewEvent>, ops: Vec<GroupOp>, reply: Reply) {
        let job = Job { events, ops, reply };
        if let Err(mpsc::error::SendError(job)) = self.jobs.send(job) {
            job.reply.send(Err(closed()));
        }
    }
}

/// Waits (up to [`ELECTION`]) while JetStream answers nothing but time-outs: a cluster
/// started with the bus elects its leader in the first seconds. Any other answer, or
/// none in time, goes on to the stream set-up, which says what is wrong.
async fn wait_for_jetstream(context: &Context) {
    let deadline = Instant::now() + ELECTION;
    let mut said = false;
    while Instant::now() < deadline {
        match context.query_account().await {
            Err(err) if err.to_string().contains("timed out") => {
                if !std::mem::replace(&mut said, true) {
                    tracing::info!("waiting for JetStream (a cluster electing its leader?)");
                }
            }
            _ => return,
        }
    }
}

/// A file-stored stream `name` over `subject`, with no limits of its own.
fn stream_config(name: &str, subject: String, replicas: usize) -> stream::Config {
    stream::Config {
        name: name.to_owned(),
        subjects: vec![subject],
        storage: stream::StorageType::File,
        num_replicas: replicas,
        max_bytes: -1,
        max_messages: -1,
        ..Default::default()
    }
}

/// Opens a stream, creating it, or updating limits that `serve`'s flags changed.
async fn ensure_stream(context: &Context, config: stream::Config) -> anyhow::Result<Stream> {
    let name = config.name.clone();
    let hint = || {
        format!(
            "cannot set up the JetStream stream {name}: is JetStream enabled on the NATS server (nats-server -js)?"
        )
    };
    match context.get_stream(&name).await {
        Ok(stream) => {
            let current = &stream.cached_info().config;
            let changed = current.max_age != config.max_age
                || current.max_bytes != config.max_bytes
                || current.duplicate_window != config.duplicate_window
                || current.num_replicas != config.num_replicas
                || current.subjects != config.subjects;
            if changed {
                context.update_stream(config).await.with_context(hint)?;
            }
            Ok(stream)
        }
        Err(_) => context.create_stream(config).await.with_context(hint),
    }
}

impl Reply {
    fn send(self, outcome: EngineResult<Vec<Appended>>) {
        match self {
            Reply::Append(reply) => {
                let _ = reply.send(outcome);
            }
            Reply::Groups(reply) => {
                let _ = reply.send(outcome.map(|_| ()));
            }
        }
    }
}

/// What the publishing writer hands the acknowledging stage.
enum Stage {
    /// Appends published in order, waiting for their acks.
    Appends {
        batch: Vec<Job>,
        acks: Vec<Vec<PublishAckFuture>>,
        started: Instant,
    },
    /// Answered once everything before it is acknowledged.
    Drained(oneshot::Sender<()>),
}

/// How many published batches may wait for their acks at once.
const PIPELINE_DEPTH: usize = 4;

/// The writer: takes every job queued so far and commits them together. Plain appends
/// are published and left to `acknowledge` while the next batch goes out; a batch with
/// group changes first waits for every append before it (those changes may depend on
/// them), then commits as a whole.
async fn write_jobs(shared: Arc<Shared>, mut queue: mpsc::UnboundedReceiver<Job>) {
    let (stage, staged) = mpsc::channel(PIPELINE_DEPTH);
    tokio::spawn(acknowledge(shared.clone(), staged));
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_JOBS_PER_COMMIT {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let started = Instant::now();
        if batch.iter().all(|job| job.ops.is_empty()) {
            match shared.publish_appends(&batch).await {
                Ok(acks) => {
                    let staged = Stage::Appends {
                        batch,
                        acks,
                        started,
                    };
                    if stage.send(staged).await.is_err() {
                        return;
                    }
                }
                Err(err) => answer(batch, Err(err)),
            }
            continue;
        }
        let (drained, appends_done) = oneshot::channel();
        if stage.send(Stage::Drained(drained)).await.is_err() || appends_done.await.is_err() {
            return;
        }
        let outcome = shared.commit(&batch).await;
        shared.commit_latency.record(started.elapsed());
        answer(batch, outcome);
    }
}

/// Waits for each published batch's acks, in order, and answers its jobs.
async fn acknowledge(shared: Arc<Shared>, mut staged: mpsc::Receiver<Stage>) {
    while let Some(stage) = staged.recv().await {
        match stage {
            Stage::Drained(drained) => {
                let _ = drained.send(());
            }
            Stage::Appends {
                batch,
                acks,
                started,
            } => {
                let mut receipts = Vec::with_capacity(acks.len());
                let mut failure = None;
                for job_acks in acks {
                    match await_appended(job_acks).await {
                        Ok(appended) => receipts.push(appended),
                        Err(err) => {
                            failure = Some(err);
                            break;
                        }
                    }
                }
                shared.commit_latency.record(started.elapsed());
                answer(batch, failure.map_or(Ok(receipts), Err));
            }
        }
    }
}

/// Answers each job of a batch with its receipts, or all of them with the failure.
fn answer(batch: Vec<Job>, outcome: EngineResult<Vec<Vec<Appended>>>) {
    match outcome {
        Ok(receipts) => {
            for (job, receipts) in batch.into_iter().zip(receipts) {
                job.reply.send(Ok(receipts));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, "a JetStream commit failed");
            for job in batch {
                job.reply.send(Err(match &err {
                    EngineError::Conflict(message) => EngineError::Conflict(message.clone()),
                    other => EngineError::Unavailable(other.to_string()),
                }));
            }
        }
    }
}

/// The receipts of one job's events, once JetStream has acknowledged each.
async fn await_appended(acks: Vec<PublishAckFuture>) -> EngineResult<Vec<Appended>> {
    let mut appended = Vec::with_capacity(acks.len());
    for ack in acks {
        let ack = ack.await.map_err(unavailable)?;
        appended.push(Appended {
            seq: ack.sequence,
            duplicate: ack.duplicate,
        });
    }
    Ok(appended)
}

impl Shared {
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

    /// Publishes every event of the batch, in order, without waiting for acks.
    async fn publish_appends(&self, batch: &[Job]) -> EngineResult<Vec<Vec<PublishAckFuture>>> {
        self.check()?;
        let mut acks = Vec::with_capacity(batch.len());
        for job in batch {
            let mut job_acks = Vec::with_capacity(job.events.len());
            for event in &job.events {
                job_acks.push(self.send_event(event).await?);
            }
            acks.push(job_acks);
        }
        Ok(acks)
    }

    /// Events and dead letters first (pipelined), then the journal, then the mirror.
    async fn commit(&self, batch: &[Job]) -> EngineResult<Vec<Vec<Appended>>> {
        let mut guard = self.mirror.lock().await;
        let mirror = &mut *guard;
        let pending_events = self.publish_appends(batch).await?;
        let mut letters = Vec::new();
        let mut removed_letters = Vec::new();
        let mut group_ops = Vec::new();
        for job in batch {
            for op in &job.ops {
                match op {
                    GroupOp::PutDeadLetter(letter) => {
                        let ack = mirror.dead.send(&self.context, letter).await?;
                        letters.push((letter, ack));
                    }
                    GroupOp::RemoveDeadLetter { id } => removed_letters.push(id.clone()),
                    other => group_ops.push(other.clone()),
                }
            }
        }
        let mut receipts = Vec::with_capacity(batch.len());
        for acks in pending_events {
            receipts.push(await_appended(acks).await?);
        }
        for (letter, ack) in letters {
            let ack = ack.await.map_err(unavailable)?;
            mirror.dead.record(letter, ack.sequence);
        }
        let journal_ops = self.apply_to_queues(group_ops, &mirror.tables).await?;
        if !journal_ops.is_empty() {
            mirror
                .journal
                .write(&journal_ops, &mut mirror.tables)
                .await?;
        }
        // Last: a dead letter leaves only once whatever replaced it (a requeue) is stored.
        mirror.dead.remove(&removed_letters).await?;
        for op in journal_ops {
            mirror.tables.apply(op);
        }
        if mirror.journal.wants_snapshot() {
            mirror.journal.snapshot(&mut mirror.tables).await?;
        }
        Ok(receipts)
    }

    /// Applies group definitions to their consumers; returns what the journal keeps:
    /// records, and deliveries that carry their own event (requeued dead letters,
    /// replays into a group), which no consumer holds. Cursors and the other deliveries
    /// are the consumers' business.
    async fn apply_to_queues(
        &self,
        ops: Vec<GroupOp>,
        tables: &GroupTables,
    ) -> EngineResult<Vec<GroupOp>> {
        let mut journal = Vec::new();
        let mut journaled_groups = std::collections::HashSet::new();
        for op in ops {
            match op {
                GroupOp::PutGroup {
                    name,
                    spec,
                    cursor,
                    queue,
                } => {
                    self.put_group(&name, &spec, cursor, queue).await?;
                }
                GroupOp::DeleteGroup { name } => {
                    self.delete_group(&name).await?;
                    if tables.has_group(&name) {
                        journal.push(GroupOp::DeleteGroup { name });
                    }
                }
                GroupOp::ResetGroup { name, cursor } => {
                    self.reset_group(&name, cursor).await?;
                    if tables.has_group(&name) {
                        journal.push(GroupOp::ResetGroup { name, cursor });
                    }
                }
                GroupOp::Cursor { .. } => {}
                GroupOp::PutDelivery { group, delivery } if delivery.event.is_some() => {
                    if !tables.has_group(&group) && journaled_groups.insert(group.clone()) {
                        journal.push(GroupOp::PutGroup {
                            name: group.clone(),
                            spec: String::new(),
                            cursor: 0,
                            queue: Default::default(),
                        });
                    }
                    journal.push(GroupOp::PutDelivery { group, delivery });
                }
                GroupOp::PutDelivery { .. } => {}
                GroupOp::RemoveDelivery { group, seq } => {
                    if tables.has_delivery(&group, seq) {
                        journal.push(GroupOp::RemoveDelivery { group, seq });
                    }
                }
                other => journal.push(other),
            }
        }
        Ok(journal)
    }

    async fn send_event(&self, event: &NewEvent) -> EngineResult<PublishAckFuture> {
        let kind = match crate::api::group::address_of(&event.body) {
            Some(_) => &self.names.addressed_prefix,
            None => &self.names.events_prefix,
        };
        let subject = format!("{kind}{}", event.topic);
        let mut message = Publish::build().payload(event.body.clone().into());
        if let Some(key) = &event.dedup_key {
            message = message.message_id(message_id(key));
        }
        self.context
            .send_publish(subject, message)
            .await
            .map_err(unavailable)
    }

    fn stored(&self, message: &jetstream::Message) -> EngineResult<StoredEvent> {
        let (seq, ts_ms) = cursor::position(message)?;
        let topic = self.names.topic_of(message.subject.as_str());
        Ok(StoredEvent {
            seq,
            ts_ms,
            topic: topic.into(),
            json: super::with_seq(seq, &message.payload),
        })
    }

    /// A cursor already at `from_seq`, or a new one.
    async fn cursor_at(&self, from_seq: u64) -> EngineResult<Cursor> {
        let cached = {
            let mut cursors = self.cursors.lock().expect("cursor cache lock poisoned");
            let found = cursors.iter().position(|cursor| cursor.next == from_seq);
            found.map(|index| cursors.swap_remove(index))
        };
        match cached {
            Some(cursor) => Ok(cursor),
            None => {
                let start = DeliverPolicy::ByStartSequence {
                    start_sequence: from_seq.max(1),
                };
                Cursor::open(&self.events, &self.names.events_filter, start, false).await
            }
        }
    }

    fn keep_cursor(&self, cursor: Cursor) {
        let mut cursors = self.cursors.lock().expect("cursor cache lock poisoned");
        if cursors.len() >= CACHED_CURSORS {
            cursors.remove(0);
        }
        cursors.push(cursor);
    }
}

/// A producer's (source, id) as a NATS message id: hashed, since ids may hold anything.
fn message_id(dedup_key: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, dedup_key.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// Feeds every event in the log, from whichever server, to this server's live readers.
async fn follow(shared: Arc<Shared>, mut next: u64) {
    loop {
        if let Err(err) = follow_from(&shared, &mut next).await {
            tracing::debug!(error = %err, next, "following the JetStream log again");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        // The log stopped: NATS may have restarted, and lost what it kept in memory.
        if let Err(err) = ensure_stream(&shared.context, shared.members_config.clone()).await {
            tracing::debug!(error = %err, "cannot set up the members stream yet");
        }
    }
}

/// Follows the log from `next` until NATS fails; `next` moves with what was published.
async fn follow_from(shared: &Shared, next: &mut u64) -> EngineResult<()> {
    let start = DeliverPolicy::ByStartSequence {
        start_sequence: *next,
    };
    let cursor = Cursor::open(&shared.events, &shared.names.events_filter, start, false).await?;
    let mut messages = cursor.follow().await?;
    while let Some(message) = messages.next().await {
        let mut batch = vec![message];
        while batch.len() < 512 {
            match messages.next().now_or_never() {
                Some(Some(message)) => batch.push(message),
                _ => break,
            }
        }
        let mut events = Vec::with_capacity(batch.len());
        let mut failure = None;
        for message in batch {
            match message.map_err(unavailable).and_then(|m| shared.stored(&m)) {
                Ok(event) if event.seq >= *next => events.push(event),
                Ok(_) => {}
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
        if let Some(last) = events.last() {
            *next = last.seq + 1;
            shared.live.publish(&events);
        }
        if let Some(err) = failure {
            return Err(err);
        }
    }
    Ok(())
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
        ops: Vec<GroupOp>,
    ) -> EngineResult<Vec<Appended>> {
        let (reply, answer) = oneshot::channel();
        self.submit(events, ops, Reply::Append(reply));
        let receipts = answer.await.map_err(|_| closed())??;
        // Read-your-writes: once emit answers, tails and groups here see the events.
        if let Some(newest) = receipts.iter().map(|receipt| receipt.seq).max() {
            let mut committed = self.shared.live.subscribe();
            let visible = committed.wait_for(|last| *last >= newest);
            if tokio::time::timeout(VISIBLE_WITHIN, visible).await.is_err() {
                tracing::warn!(seq = newest, "the log follower is behind");
            }
        }
        Ok(receipts)
    }

    async fn read(&self, from_seq: u64, max: usize) -> EngineResult<Vec<StoredEvent>> {
        self.shared.check()?;
        let mut cursor = self.shared.cursor_at(from_seq).await?;
        let page = match cursor.page(max).await {
            Ok(page) => page,
            // A cursor idle too long is gone on the server: start a fresh one.
            Err(_) => {
                let start = DeliverPolicy::ByStartSequence {
                    start_sequence: from_seq.max(1),
                };
                let events = &self.shared.events;
                cursor =
                    Cursor::open(events, &self.shared.names.events_filter, start, false).await?;
                cursor.page(max).await?
            }
        };
        let events = page
            .iter()
            .map(|message| self.shared.stored(message))
            .collect::<EngineResult<Vec<_>>>()?;
        self.shared.keep_cursor(cursor);
        Ok(events)
    }

    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64> {
        self.shared.check()?;
        let state = self
            .shared
            .events
            .get_info()
            .await
            .map_err(unavailable)?
            .state;
        if state.messages == 0 || ts_ms > cursor::epoch_ms(state.last_timestamp) {
            return Ok(state.last_sequence + 1);
        }
        if ts_ms <= cursor::epoch_ms(state.first_timestamp) {
            return Ok(state.first_sequence);
        }
        let start_time = time::OffsetDateTime::from_unix_timestamp_nanos(ts_ms as i128 * 1_000_000)
            .map_err(|err| EngineError::Unavailable(err.to_string()))?;
        let events = &self.shared.events;
        let mut cursor = Cursor::open(
            events,
            &self.shared.names.events_filter,
            DeliverPolicy::ByStartTime { start_time },
            true,
        )
        .await?;
        match cursor.page(1).await?.first() {
            Some(message) => Ok(cursor::position(message)?.0),
            None => Ok(state.last_sequence + 1),
        }
    }

    async fn stats(&self) -> EngineResult<LogStats> {
        self.shared.check()?;
        let state = self
            .shared
            .events
            .get_info()
            .await
            .map_err(unavailable)?
            .state;
        let any = state.messages > 0;
        Ok(LogStats {
            events: state.messages,
            bytes: state.bytes,
            first_seq: any.then_some(state.first_sequence),
            last_seq: any.then_some(state.last_sequence),
        })
    }

    async fn topics(&self) -> EngineResult<Vec<TopicStats>> {
        self.shared.check()?;
        let names = &self.shared.names;
        let mut subjects = self
            .shared
            .events
            .info_with_subjects(&names.events_filter)
            .await
            .map_err(unavailable)?;
        let mut counts = Vec::new();
        while let Some(entry) = subjects.next().await {
            counts.push(entry.map_err(unavailable)?);
        }
        let per_subject = try_join_all(counts.into_iter().map(|(subject, count)| async move {
            let newest = self
                .shared
                .events
                .get_last_raw_message_by_subject(&subject)
                .await
                .map_err(unavailable)?;
            Ok::<_, EngineError>(TopicStats {
                topic: names.topic_of(&subject).to_owned(),
                events: count as u64,
                last_ts_ms: cursor::epoch_ms(newest.time),
            })
        }))
        .await?;
        // A topic with plain and addressed events has a subject of each kind.
        let mut topics: std::collections::BTreeMap<String, TopicStats> = Default::default();
        for stats in per_subject {
            match topics.get_mut(&stats.topic) {
                Some(known) => {
                    known.events += stats.events;
                    known.last_ts_ms = known.last_ts_ms.max(stats.last_ts_ms);
                }
                None => {
                    topics.insert(stats.topic.clone(), stats);
                }
            }
        }
        Ok(topics.into_values().collect())
    }

    /// JetStream applies retention itself (the stream's max age and bytes); this only
    /// keeps the live window from serving what it dropped.
    async fn trim(&self, _retention: Retention) -> EngineResult<u64> {
        let stats = self.stats().await?;
        match stats.first_seq {
            Some(first) => self.shared.live.forget_before(first),
            None if stats.last_seq.is_none() => self.shared.live.forget_before(u64::MAX),
            None => {}
        }
        Ok(0)
    }

    fn write_groups(&self, ops: Vec<GroupOp>) -> Durable {
        let (reply, answer) = oneshot::channel();
        self.submit(Vec::new(), ops, Reply::Groups(reply));
        answer
    }

    /// The groups are the consumers; the journal adds the deliveries no consumer holds.
    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>> {
        self.shared.check()?;
        let queues = self.shared.stored_queues().await?;
        let journaled = self.shared.mirror.lock().await.tables.groups();
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

    async fn dead_letters(&self, query: DeadLetterQuery) -> EngineResult<Vec<StoredDeadLetter>> {
        self.shared.check()?;
        let (stream, page) = {
            let mut mirror = self.shared.mirror.lock().await;
            mirror.dead.catch_up().await?;
            (mirror.dead.stream(), mirror.dead.page(&query))
        };
        dead_letters::fetch(&stream, page).await
    }

    async fn dead_letter(&self, id: String) -> EngineResult<Option<StoredDeadLetter>> {
        self.shared.check()?;
        let (stream, found) = {
            let mut mirror = self.shared.mirror.lock().await;
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
        let mut mirror = self.shared.mirror.lock().await;
        mirror.dead.catch_up().await?;
        Ok(mirror.dead.counts())
    }

    /// As every server wrote them: the journal is read again if another server wrote.
    async fn records(&self, kind: &str) -> EngineResult<Vec<(String, String)>> {
        let mut guard = self.shared.mirror.lock().await;
        let mirror = &mut *guard;
        mirror.journal.catch_up(&mut mirror.tables).await?;
        Ok(mirror.tables.records(kind))
    }

    fn queue(&self) -> Option<&dyn GroupQueue> {
        Some(&*self.shared)
    }

    async fn details(&self) -> EngineResult<Option<EngineDetails>> {
        let shared = &self.shared;
        let info = shared.client.server_info();
        let mut streams = Vec::new();
        for name in streams_of(&shared.prefix) {
            let stream = shared
                .context
                .get_stream(&name)
                .await
                .map_err(unavailable)?;
            let info = stream.cached_info();
            streams.push(StreamStatus {
                name,
                messages: info.state.messages,
                bytes: info.state.bytes,
                replicas: info.config.num_replicas,
            });
        }
        Ok(Some(EngineDetails::Nats(NatsStatus {
            url: shared.url.clone(),
            server: format!("{} {}", info.server_name, info.version),
            connected: shared.client.connection_state() == async_nats::connection::State::Connected,
            prefix: shared.prefix.clone(),
            streams,
        })))
    }

    fn live(&self) -> &LiveLog {
        &self.shared.live
    }

    fn commit_latency(&self) -> &Histogram {
        &self.shared.commit_latency
    }

    async fn close(&self) -> EngineResult<()> {
        if self.shared.closed.swap(true, Ordering::AcqRel) {
            return Err(closed());
        }
        self.follower.abort();
        self.shared.client.flush().await.map_err(unavailable)?;
        Ok(())
    }
}
