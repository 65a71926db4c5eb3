//! The writer thread: group commit of appends and state changes, counts folded in
//! once a second, retention trims, and the WAL checkpoints on a thread of their own.

use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use tokio::sync::oneshot;

use super::rows::{fold_counts, write_group_ops};
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
    /// Whether commits holding appends are fsynced (`--fsync always`).
    pub(super) fsync_appends: bool,
    /// The connection's current `synchronous` setting: FULL (true) or OFF.
    pub(super) syncing: bool,
    pub(super) sequencer: Sequencer,
    pub(super) totals: Arc<Mutex<Totals>>,
    pub(super) live: Arc<LiveLog>,
    pub(super) commit_latency: Arc<Histogram>,
    /// Counts of committed events not yet folded into the `topics` and `meta` tables.
    pub(super) uncounted: TopicCounts,
    pub(super) uncounted_bytes: i64,
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

    fn write(&mut self, plans: &[Planned], group_ops: &[StateOp]) -> rusqlite::Result<()> {
        let rows = || plans.iter().flat_map(|plan| &plan.rows);
        let last = rows().last().map(|row| row.stored.seq);
        if last.is_none() && group_ops.is_empty() {
            return Ok(()); // only duplicates: nothing to make durable
        }
        // Group state (leases, acks, dead letters) is written before its answer, so it
        // survives a crash of evbus, but a commit of group state alone skips the fsync: a
        // power cut can only lose a suffix of it (the WAL is replayed as a prefix), which
        // means redeliveries, never a lost event. The next append's fsync, or the next
        // checkpoint, makes it durable on disk too.
        self.set_syncing(self.fsync_appends && last.is_some())?;
        let mut counts = TopicCounts::default();
        let mut bytes = 0i64;
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO events(seq, ts, topic, dedup, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for row in rows() {
                let event = &row.stored;
                insert.execute(params![
                    event.seq as i64,
                    event.ts_ms,
                    &*event.topic,
                    row.dedup_key,
                    &event.json[..]
                ])?;
                counts.add(&event.topic, 1, event.ts_ms);
                bytes += event.json.len() as i64;
            }
        }
        write_group_ops(&tx, group_ops)?;
        self.uncounted.merge(&counts);
        self.uncounted_bytes += bytes;
        let flush = last.is_some() && self.last_count_flush.elapsed() >= COUNT_FLUSH_INTERVAL;
        let result = if flush {
            let through = last.expect("flush only after appends");
            fold_counts(&tx, &self.uncounted, self.uncounted_bytes, through)
                .and_then(|()| tx.commit())
        } else {
            tx.commit()
        };
        match result {
            Ok(()) if flush => {
                self.uncounted = TopicCounts::default();
                self.uncounted_bytes = 0;
                self.last_count_flush = Instant::now();
                Ok(())
            }
            Ok(()) => Ok(()),
            Err(err) => {
                // Take this batch's counts back out: its events are not in the log.
                for topic in counts.list() {
                    self.uncounted.remove(&topic.topic, topic.events);
                }
                self.uncounted_bytes -= bytes;
                Err(err)
            }
        }
    }

    fn set_syncing(&mut self, sync: bool) -> rusqlite::Result<()> {
        if self.syncing != sync {
            self.conn
                .execute_batch(sync_pragmas(self.fsync_appends, sync))?;
            self.syncing = sync;
        }
        Ok(())
    }

    /// Folds pending counts into their tables and closes the store cleanly.
    fn close(&mut self) -> EngineResult<()> {
        self.set_syncing(self.fsync_appends)?;
        let through = self.live.last_seq();
        let tx = self.conn.transaction()?;
        fold_counts(&tx, &self.uncounted, self.uncounted_bytes, through)?;
        tx.commit()?;
        self.uncounted = TopicCounts::default();
        self.uncounted_bytes = 0;
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

    /// Deletes the oldest events that `retention` no longer keeps, at most one chunk.
    fn trim(&mut self, retention: Retention) -> EngineResult<u64> {
        let mut upto: Option<i64> = None;
        if let Some(age) = retention.max_age {
            let cutoff = now_ms() - age.as_millis() as i64;
            let mut select = self
                .conn
                .prepare_cached("SELECT seq, ts FROM events ORDER BY seq LIMIT ?1")?;
            let mut rows = select.query([TRIM_CHUNK])?;
            while let Some(row) = rows.next()? {
                if row.get::<_, i64>(1)? >= cutoff {
                    break;
                }
                upto = upto.max(Some(row.get::<_, i64>(0)?));
            }
        }
        if let Some(max_bytes) = retention.max_bytes {
            let mut excess =
                self.totals.lock().expect("totals poisoned").stats.bytes as i64 - max_bytes as i64;
            if excess > 0 {
                let mut select = self
                    .conn
                    .prepare_cached("SELECT seq, length(body) FROM events ORDER BY seq LIMIT ?1")?;
                let mut rows = select.query([TRIM_CHUNK])?;
                while let Some(row) = rows.next()? {
                    if excess <= 0 {
                        break;
                    }
                    let seq: i64 = row.get(0)?;
                    excess -= row.get::<_, i64>(1)?;
                    upto = upto.max(Some(seq));
                }
            }
        }
        let Some(upto) = upto else { return Ok(0) };
        self.delete_through(upto)
    }

    fn delete_through(&mut self, upto: i64) -> EngineResult<u64> {
        self.set_syncing(self.fsync_appends)?;
        let through = self.live.last_seq();
        let tx = self.conn.transaction()?;
        fold_counts(&tx, &self.uncounted, self.uncounted_bytes, through)?;
        let mut removed = Vec::new();
        {
            let mut select = tx.prepare(
                "SELECT topic, count(*), sum(length(body)) FROM events WHERE seq <= ?1 GROUP BY topic",
            )?;
            let mut rows = select.query([upto])?;
            while let Some(row) = rows.next()? {
                removed.push((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ));
            }
        }
        let count = tx.execute("DELETE FROM events WHERE seq <= ?1", [upto])? as u64;
        // Whole buckets only: the last one may still hold kept events' steps.
        let bucket = super::super::step_bucket(upto as u64 + 1) as i64;
        tx.execute("DELETE FROM steps WHERE bucket < ?1", [bucket])?;
        let bytes: i64 = removed.iter().map(|(_, _, bytes)| bytes).sum();
        for (topic, events, _) in &removed {
            tx.execute(
                "UPDATE topics SET events = events - ?2 WHERE topic = ?1",
                params![topic, events],
            )?;
        }
        tx.execute("DELETE FROM topics WHERE events <= 0", [])?;
        tx.execute(
            "UPDATE meta SET value = value - ?1 WHERE key = 'bytes'",
            [bytes],
        )?;
        tx.commit()?;

        let mut totals = self.totals.lock().expect("totals poisoned");
        for (topic, events, _) in &removed {
            totals.topics.remove(topic, *events as u64);
        }
        let stats = &mut totals.stats;
        stats.events -= count;
        stats.bytes = stats.bytes.saturating_sub(bytes as u64);
        let next = upto as u64 + 1;
        stats.first_seq = (stats.events > 0).then_some(next);
        if stats.events == 0 {
            stats.last_seq = None;
        }
        self.live.forget_before(next);
        Ok(count)
    }
}

/// The writer connection's `synchronous` and `wal_autocheckpoint` for a commit that is
/// fsynced (`sync`) or not, under `--fsync always` (`fsync_appends`) or `never`. An
/// auto-checkpoint syncs as the commit that set it off does, and one without fsyncs lets
/// the WAL be written over before the pages it moved are on disk. So under `always` only
/// fsynced commits set one off, besides the checkpointer thread (`synchronous=FULL`);
/// under `never` a power cut may lose the last moments anyway.
pub(super) fn sync_pragmas(fsync_appends: bool, sync: bool) -> &'static str {
    match (fsync_appends, sync) {
        (_, true) => "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=1000;",
        (true, false) => "PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=0;",
        (false, false) => "PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=1000;",
    }
}
