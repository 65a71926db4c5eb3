//! The writer thread: group commit of appends (to the segments) and state changes (to
//! SQLite), counts and marks folded in once a second, retention trims, and the WAL
//! checkpoints on a thread of their own.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use tokio::sync::oneshot;

use super::rows::{Unsaved, fold_counts, save_keys, save_marks, set_meta, write_group_ops};
use super::segments::{LogRecord, Segments};
use super::{
    CHECKPOINT_INTERVAL, COUNT_FLUSH_INTERVAL, Command, MAX_GROUP_EVENTS, TRIM_CHUNK, Totals,
};
use crate::api::time::now_ms;
use crate::engine::sequencer::{Planned, Sequencer};
use crate::engine::topics::TopicCounts;
use crate::engine::{
    Appended, EngineError, EngineResult, Histogram, LiveLog, NewEvent, Retention, StateOp,
    StoredEvent,
};

pub(super) struct Writer {
    pub(super) conn: Connection,
    pub(super) segments: Segments,
    /// Whether commits holding appends are fsynced (`--fsync always`).
    pub(super) fsync_appends: bool,
    /// The connection's current `synchronous` setting: FULL (true) or OFF.
    pub(super) syncing: bool,
    pub(super) sequencer: Sequencer,
    pub(super) totals: Arc<Mutex<Totals>>,
    pub(super) live: Arc<LiveLog>,
    pub(super) commit_latency: Arc<Histogram>,
    /// Counts, bytes and dedup keys of committed events not yet stored in SQLite.
    pub(super) unsaved: Unsaved,
    pub(super) last_count_flush: Instant,
}

/// Moves the WAL into the database file on its own thread and connection, so the fsyncs
/// of a checkpoint never sit in a commit's path. Dropping it stops the thread.
pub(super) struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn open(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // SQLite's default, said here because the writer relies on it: a checkpoint syncs
        // the WAL and the database file before the WAL may be written over.
        conn.execute_batch("PRAGMA synchronous=FULL;")?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("evbus-checkpoint".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(CHECKPOINT_INTERVAL)
                {
                    if let Err(err) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE);") {
                        tracing::warn!(error = %err, "WAL checkpoint failed; will retry");
                    }
                }
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A change that is not part of a delivery's life (a lease, an ack, a step): a group's
/// definition, a record (a route, a schedule, a schema), a dead letter.
fn is_definition(op: &StateOp) -> bool {
    !matches!(
        op,
        StateOp::PutDelivery { .. }
            | StateOp::RemoveDelivery { .. }
            | StateOp::Cursor { .. }
            | StateOp::PutSteps { .. }
    )
}

type PendingAppend = (Vec<NewEvent>, oneshot::Sender<EngineResult<Vec<Appended>>>);

/// Everything one commit writes: appends and state changes, in the order they came.
#[derive(Default)]
struct CommitBatch {
    appends: Vec<PendingAppend>,
    group_ops: Vec<StateOp>,
    group_replies: Vec<oneshot::Sender<EngineResult<()>>>,
    events: usize,
}

impl CommitBatch {
    fn add(&mut self, command: Command) {
        match command {
            Command::Append { events, ops, reply } => {
                self.events += events.len() + ops.len();
                self.appends.push((events, reply));
                self.group_ops.extend(ops);
            }
            Command::Groups { ops, reply } => {
                // State ops only refer to events already committed, so writing them after
                // this batch's appends keeps every dependency in order.
                self.events += ops.len();
                self.group_ops.extend(ops);
                self.group_replies.push(reply);
            }
            _ => unreachable!("only appends and state changes are batched"),
        }
    }
}

impl Writer {
    pub(super) fn run(mut self, commands: mpsc::Receiver<Command>, checkpointer: Checkpointer) {
        let mut next = None;
        loop {
            let command = match next.take() {
                Some(command) => command,
                None => match commands.recv() {
                    Ok(command) => command,
                    Err(_) => return, // every sender is gone: the engine was dropped
                },
            };
            match command {
                Command::Append { .. } | Command::Groups { .. } => {
                    // Everything waiting now, and no more: waiting for callers about to
                    // send again (150 µs) gathered twice the events per fsync and still
                    // cost 15 % of the throughput of 16 clients on 2 cores.
                    let mut batch = CommitBatch::default();
                    batch.add(command);
                    while batch.events < MAX_GROUP_EVENTS {
                        match commands.try_recv() {
                            Ok(command @ (Command::Append { .. } | Command::Groups { .. })) => {
                                batch.add(command)
                            }
                            Ok(other) => {
                                next = Some(other);
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    self.commit_group(batch);
                }
                Command::Trim { retention, reply } => {
                    let _ = reply.send(self.trim(retention));
                }
                Command::Close { reply } => {
                    drop(checkpointer);
                    let _ = reply.send(self.close());
                    return;
                }
            }
        }
    }

    fn commit_group(&mut self, batch: CommitBatch) {
        let started = Instant::now();
        let ts = self.sequencer.timestamp();
        let mut replies = Vec::with_capacity(batch.appends.len());
        let mut plans = Vec::with_capacity(batch.appends.len());
        for (events, reply) in batch.appends {
            plans.push(self.sequencer.plan(ts, events));
            replies.push(reply);
        }
        match self.write(&plans, &batch.group_ops) {
            Ok(()) => {
                let rows: Vec<StoredEvent> = plans
                    .iter()
                    .flat_map(|plan| plan.rows.iter().map(|row| row.stored.clone()))
                    .collect();
                self.account(&rows);
                self.live.publish(&rows);
                self.commit_latency.record(started.elapsed());
                for (plan, reply) in plans.into_iter().zip(replies) {
                    let _ = reply.send(Ok(plan.receipts));
                }
                for reply in batch.group_replies {
                    let _ = reply.send(Ok(()));
                }
            }
            Err(err) => {
                tracing::error!(error = %err, "group commit failed; its writes were refused");
                self.sequencer.undo(&plans);
                for reply in replies {
                    let _ = reply.send(Err(EngineError::Unavailable(err.to_string())));
                }
                for reply in batch.group_replies {
                    let _ = reply.send(Err(EngineError::Unavailable(err.to_string())));
                }
            }
        }
    }

    fn write(&mut self, plans: &[Planned], group_ops: &[StateOp]) -> anyhow::Result<()> {
        let rows = || plans.iter().flat_map(|plan| &plan.rows);
        let last = rows().last().map(|row| row.stored.seq);
        if last.is_none() && group_ops.is_empty() {
            return Ok(()); // only duplicates: nothing to make durable
        }
        let mut added = Unsaved::default();
        if let Some(last) = last {
            if let Err(err) = self.stage(plans, group_ops, &mut added) {
                self.segments.undo();
                return Err(err);
            }
            // The one sync an acknowledged event waits for. State changes in SQLite are
            // not synced: those committed with events are in the segment too.
            self.segments.write(last, self.fsync_appends)?;
        }
        let flush = last.is_some() && self.last_count_flush.elapsed() >= COUNT_FLUSH_INTERVAL;
        if !group_ops.is_empty() || flush {
            let through = last.unwrap_or_else(|| self.live.last_seq());
            // Leases and acks may wait for the next checkpoint (a power cut only brings
            // redeliveries), but a group, a record or a dead letter alone is synced
            // under --fsync always; with events, it is in the segment already.
            let lasting =
                last.is_none() && self.fsync_appends && group_ops.iter().any(is_definition);
            let result = self.synced_if(lasting, |w| {
                w.commit_state(group_ops, added, flush, through)
            });
            if let Err(err) = result {
                self.segments.undo();
                return Err(err.into());
            }
        } else {
            self.unsaved.absorb(added);
        }
        self.segments.publish();
        Ok(())
    }

    /// Puts a commit's events, and the state changes that go with them, into records.
    fn stage(
        &mut self,
        plans: &[Planned],
        group_ops: &[StateOp],
        added: &mut Unsaved,
    ) -> anyhow::Result<()> {
        for row in plans.iter().flat_map(|plan| &plan.rows) {
            let event = &row.stored;
            self.segments.stage_event(
                event.seq,
                event.ts_ms,
                &event.topic,
                row.dedup_key.as_deref(),
                &event.json,
            )?;
            added.add_event(
                event.seq,
                event.ts_ms,
                &event.topic,
                row.dedup_key.as_deref(),
                event.json.len(),
            );
        }
        if !group_ops.is_empty() {
            self.segments.stage_ops(&serde_json::to_vec(group_ops)?);
        }
        Ok(())
    }

    /// Commits state changes to SQLite, and with `flush` the counts, dedup keys and marks
    /// so far, `added` included, through seq `through` (every earlier commit's state
    /// changes are in SQLite).
    fn commit_state(
        &mut self,
        group_ops: &[StateOp],
        added: Unsaved,
        flush: bool,
        through: u64,
    ) -> rusqlite::Result<()> {
        // A flush stores what is held so far with `added`; otherwise `added` is held.
        let (stored, held) = if flush {
            let mut all = self.unsaved.clone();
            all.absorb(added);
            (Some(all), Unsaved::default())
        } else {
            (None, added)
        };
        let marks = if flush {
            self.segments.take_unsaved()
        } else {
            Vec::new()
        };
        let result = (|| {
            let tx = self.conn.transaction()?;
            write_group_ops(&tx, group_ops)?;
            set_meta(&tx, "applied_through", through as i64)?;
            if let Some(all) = &stored {
                fold_counts(&tx, &all.topics, all.bytes, through)?;
                let since_ms = now_ms() - self.sequencer.dedup_window_ms();
                save_keys(&tx, &all.keys, since_ms)?;
                save_marks(&tx, &marks)?;
            }
            tx.commit()
        })();
        match result {
            Ok(()) if flush => {
                self.unsaved = Unsaved::default();
                self.last_count_flush = Instant::now();
            }
            Ok(()) => self.unsaved.absorb(held),
            Err(_) => self.segments.keep_unsaved(marks),
        }
        result
    }

    /// Runs `commit` with SQLite's own sync on when `sync` (a commit that must not be
    /// lost: a definition alone, a trim before its files go), and turns it off again. A
    /// commit that succeeded stands even if the sync cannot be turned off: SQLite then
    /// stays synced, slower but as safe.
    fn synced_if<T>(
        &mut self,
        sync: bool,
        commit: impl FnOnce(&mut Self) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        if sync {
            self.set_syncing(true)?;
        }
        let result = commit(self);
        if sync && let Err(err) = self.set_syncing(false) {
            tracing::warn!(error = %err, "SQLite stays synced: cannot turn its sync off");
        }
        result
    }

    /// Turns SQLite's own sync on (the close keeps it on) or off.
    fn set_syncing(&mut self, sync: bool) -> rusqlite::Result<()> {
        if self.syncing != sync {
            self.conn.execute_batch(if sync {
                "PRAGMA synchronous=FULL;"
            } else {
                "PRAGMA synchronous=OFF;"
            })?;
            self.syncing = sync;
        }
        Ok(())
    }

    /// Folds pending counts and marks into their tables and closes the store cleanly.
    fn close(&mut self) -> EngineResult<()> {
        self.segments.sync()?;
        self.set_syncing(true)?;
        self.commit_state(&[], Unsaved::default(), true, self.live.last_seq())?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    fn account(&self, rows: &[StoredEvent]) {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return;
        };
        let mut totals = self.totals.lock().expect("totals poisoned");
        let stats = &mut totals.stats;
        stats.first_seq.get_or_insert(first.seq);
        stats.last_seq = Some(last.seq);
        stats.events += rows.len() as u64;
        stats.bytes += rows.iter().map(|row| row.json.len() as u64).sum::<u64>();
        for row in rows {
            totals.topics.add(&row.topic, 1, row.ts_ms);
        }
    }

    /// Drops the oldest events that `retention` no longer keeps, at most one chunk.
    fn trim(&mut self, retention: Retention) -> EngineResult<u64> {
        let stats = self.totals.lock().expect("totals poisoned").stats.clone();
        let Some(first) = stats.first_seq else {
            return Ok(0);
        };
        let log = self.segments.view();
        let chunk_end = first + TRIM_CHUNK - 1;
        // The last seq too old to keep, if any.
        let mut aged = None;
        if let Some(age) = retention.max_age {
            let cutoff = now_ms() - age.as_millis() as i64;
            let kept = log.first_at(cutoff)?.unwrap_or(self.live.last_seq() + 1);
            aged = (kept > first).then(|| kept - 1);
        }
        let mut excess = retention
            .max_bytes
            .map_or(0, |max_bytes| stats.bytes as i64 - max_bytes as i64);
        if aged.is_none() && excess <= 0 {
            return Ok(0);
        }
        // One pass over the events going (too old, or over the size), counting what
        // they take away.
        let mut upto = None;
        let mut removed = TopicCounts::default();
        let mut bytes = 0i64;
        log.events(first, |record| match record {
            LogRecord::Event {
                seq, topic, json, ..
            } if *seq <= chunk_end && (aged.is_some_and(|aged| *seq <= aged) || excess > 0) => {
                excess -= json.len() as i64;
                bytes += json.len() as i64;
                removed.add(topic, 1, 0);
                upto = Some(*seq);
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Break(()),
        })?;
        let Some(upto) = upto else { return Ok(0) };
        self.drop_through(first, upto, removed, bytes)
    }

    /// Drops events `first..=upto`, which hold `bytes` and `removed` per topic.
    fn drop_through(
        &mut self,
        first: u64,
        upto: u64,
        removed: TopicCounts,
        bytes: i64,
    ) -> EngineResult<u64> {
        let removed = removed.list();
        let count = upto + 1 - first;
        // The counts of the events going may not be folded into the table yet.
        self.commit_state(&[], Unsaved::default(), true, self.live.last_seq())?;
        // Synced: the segment files go next, and the counts must not come back without them.
        self.synced_if(true, |w| {
            let tx = w.conn.transaction()?;
            // Whole buckets only: the last one may still hold kept events' steps.
            let bucket = super::super::step_bucket(upto + 1) as i64;
            tx.execute("DELETE FROM steps WHERE bucket < ?1", [bucket])?;
            for topic in &removed {
                tx.execute(
                    "UPDATE topics SET events = events - ?2 WHERE topic = ?1",
                    params![topic.topic, topic.events as i64],
                )?;
            }
            tx.execute("DELETE FROM topics WHERE events <= 0", [])?;
            tx.execute(
                "UPDATE meta SET value = value - ?1 WHERE key = 'bytes'",
                [bytes],
            )?;
            set_meta(&tx, "first_seq", upto as i64 + 1)?;
            tx.commit()
        })?;
        let first_segment = self.segments.forget_before(upto + 1)?;
        self.conn.execute(
            "DELETE FROM marks WHERE segment < ?1",
            [first_segment as i64],
        )?;

        let mut totals = self.totals.lock().expect("totals poisoned");
        for topic in &removed {
            totals.topics.remove(&topic.topic, topic.events);
        }
        let stats = &mut totals.stats;
        stats.events -= count;
        stats.bytes = stats.bytes.saturating_sub(bytes as u64);
        let next = upto + 1;
        stats.first_seq = (stats.events > 0).then_some(next);
        if stats.events == 0 {
            stats.last_seq = None;
        }
        self.live.forget_before(next);
        Ok(count)
    }
}
