//! The writer: every append and group change goes through one queue, published in
//! order and pipelined, answered once NATS has acknowledged it.

use std::sync::Arc;
use std::time::Instant;

use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage as Publish;
use base64::Engine as _;
use tokio::sync::{mpsc, oneshot};

use super::{Inner, MAX_JOBS_PER_COMMIT, unavailable};
use crate::engine::state::StateTables;
use crate::engine::{Appended, EngineError, EngineResult, NewEvent, StateOp};

/// One submission to the writer.
pub(super) struct Job {
    pub(super) events: Vec<NewEvent>,
    pub(super) ops: Vec<StateOp>,
    pub(super) reply: Reply,
}

pub(super) enum Reply {
    Append(oneshot::Sender<EngineResult<Vec<Appended>>>),
    Groups(oneshot::Sender<EngineResult<()>>),
}

impl Reply {
    pub(super) fn send(self, outcome: EngineResult<Vec<Appended>>) {
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
/// Most times the writer steps aside for more jobs before it publishes a batch.
const GATHER_ROUNDS: usize = 4;

/// The writer: takes every job queued so far and commits them together. Plain appends
/// are published and left to `acknowledge` while the next batch goes out; a batch with
/// state changes first waits for every append before it (those changes may depend on
/// them), then commits as a whole.
pub(super) async fn write_jobs(inner: Arc<Inner>, mut queue: mpsc::UnboundedReceiver<Job>) {
    let (stage, staged) = mpsc::channel(PIPELINE_DEPTH);
    tokio::spawn(acknowledge(inner.clone(), staged));
    while let Some(first) = queue.recv().await {
        gather(&queue).await;
        let mut batch = vec![first];
        while batch.len() < MAX_JOBS_PER_COMMIT {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let started = Instant::now();
        if batch.iter().all(|job| job.ops.is_empty()) {
            match inner.publish_appends(&batch).await {
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
        let outcome = inner.commit(&batch).await;
        inner.commit_latency.record(started.elapsed());
        answer(batch, outcome);
    }
}

/// Lets the request handlers that are ready (their requests read, not yet submitted)
/// queue their jobs too, for as long as more keep coming: JetStream's cost is per
/// round trip more than per message, and a writer that publishes the moment one job
/// arrives sends batches of one or two under load. `yield_now` lets the runtime poll
/// its sockets first; an idle bus pays one such step.
async fn gather(queue: &mpsc::UnboundedReceiver<Job>) {
    for _ in 0..GATHER_ROUNDS {
        let queued = queue.len();
        tokio::task::yield_now().await;
        if queue.len() == queued {
            break;
        }
    }
}

/// Waits for each published batch's acks, in order, and answers its jobs.
async fn acknowledge(inner: Arc<Inner>, mut staged: mpsc::Receiver<Stage>) {
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
                inner.commit_latency.record(started.elapsed());
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

impl Inner {
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
        let mut steps = Vec::new();
        for job in batch {
            for op in &job.ops {
                match op {
                    StateOp::PutDeadLetter(letter) => {
                        let ack = mirror.dead.send(&self.context, letter).await?;
                        letters.push((letter, ack));
                    }
                    StateOp::PutSteps { bucket, body } => {
                        let subject = format!("{}{bucket}", self.names.steps_prefix);
                        let message = Publish::build().payload(body.clone().into());
                        let ack = self.context.send_publish(subject, message).await;
                        steps.push(ack.map_err(unavailable)?);
                    }
                    StateOp::RemoveDeadLetter { id } => removed_letters.push(id.clone()),
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
        for ack in steps {
            ack.await.map_err(unavailable)?;
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
        ops: Vec<StateOp>,
        tables: &StateTables,
    ) -> EngineResult<Vec<StateOp>> {
        let mut journal = Vec::new();
        let mut journaled_groups = std::collections::HashSet::new();
        for op in ops {
            match op {
                StateOp::PutGroup {
                    name,
                    spec,
                    cursor,
                    queue,
                } => {
                    self.put_group(&name, &spec, cursor, queue).await?;
                }
                StateOp::DeleteGroup { name } => {
                    self.delete_group(&name).await?;
                    if tables.has_group(&name) {
                        journal.push(StateOp::DeleteGroup { name });
                    }
                }
                StateOp::ResetGroup { name, cursor } => {
                    self.reset_group(&name, cursor).await?;
                    if tables.has_group(&name) {
                        journal.push(StateOp::ResetGroup { name, cursor });
                    }
                }
                StateOp::Cursor { .. } => {}
                StateOp::PutDelivery { group, delivery } if delivery.event.is_some() => {
                    if !tables.has_group(&group) && journaled_groups.insert(group.clone()) {
                        journal.push(StateOp::PutGroup {
                            name: group.clone(),
                            spec: String::new(),
                            cursor: 0,
                            queue: Default::default(),
                        });
                    }
                    journal.push(StateOp::PutDelivery { group, delivery });
                }
                StateOp::PutDelivery { .. } => {}
                StateOp::RemoveDelivery { group, seq } => {
                    if tables.has_delivery(&group, seq) {
                        journal.push(StateOp::RemoveDelivery { group, seq });
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
}

/// A producer's (source, id) as a NATS message id: hashed, since ids may hold anything.
fn message_id(dedup_key: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, dedup_key.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref())
}
