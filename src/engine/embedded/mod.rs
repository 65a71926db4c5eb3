//! The default engine: events in segment files of its own under `--data-dir/log`, and
//! everything else (groups, deliveries, dead letters, counts) in one SQLite database in
//! WAL mode beside them.
//!
//! One writer thread does group commit: it gathers every append waiting at the moment,
//! writes their records to the active segment in one `write`, and answers them all after
//! the one `fdatasync` (`--fsync always`). State changes go to SQLite in the same round,
//! without a sync of their own: those committed with events are also in the segment, and
//! start-up replays them if SQLite lost them. Readers read segments and SQLite on their
//! own handles, so history reads never block appends, and WAL checkpoints run on a thread
//! of their own.
//!
//! Per-topic counts and the byte total are folded into their tables at most once a
//! second, with the seq they count through; start-up recounts only the events after it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::ops::ControlFlow;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tokio::sync::oneshot;

use super::handout::Handouts;
use super::handout::log::{LogHandouts, OverLog};
use super::sequencer::Sequencer;
use super::topics::TopicCounts;
use super::{
    Appended, DeadLetterQuery, Durable, Engine, EngineError, EngineOptions, EngineResult, Fsync,
    Histogram, LiveLog, LogStats, NewEvent, Retention, StateOp, StoredDeadLetter, StoredEvent,
    StoredGroup, TopicStats,
};
use crate::api::time::now_ms;
use data_dir::{lock_data_dir, owner_only};
use rows::{dead_letter_row, load_groups, load_keys, load_marks, meta};
use schema::SCHEMA;
use segments::{LogRecord, LogView, Segments};
use writer::{Checkpointer, Writer};

mod data_dir;
mod migrate;
mod recover;
mod rows;
mod schema;
mod segments;
mod writer;

/// Most events one group commit gathers.
const MAX_GROUP_EVENTS: usize = 20_000;
/// Most events one trim removes, so appends wait at most one bulk delete.
const TRIM_CHUNK: u64 = 10_000;
/// Recent events kept in memory for live tails.
const LIVE_WINDOW: usize = 8_192;

/// How often per-topic counts and the byte total are folded into their tables.
const COUNT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// How often the checkpointer moves the WAL into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(500);

pub struct EmbeddedEngine {
    dir: PathBuf,
    handouts: LogHandouts,
    fsync: Fsync,
    commands: Mutex<Option<mpsc::Sender<Command>>>,
    readers: Arc<Readers>,
    log: LogView,
    totals: Arc<Mutex<Totals>>,
    live: Arc<LiveLog>,
    commit_latency: Arc<Histogram>,
    _lock: File,
}

/// What the writer keeps current for `stats` and `topics`.
struct Totals {
    stats: LogStats,
    topics: TopicCounts,
}

enum Command {
    Append {
        events: Vec<NewEvent>,
        /// Written in the same commit, after the events.
        ops: Vec<StateOp>,
        reply: oneshot::Sender<EngineResult<Vec<Appended>>>,
    },
    Groups {
        ops: Vec<StateOp>,
        reply: oneshot::Sender<EngineResult<()>>,
    },
    Trim {
        retention: Retention,
        reply: oneshot::Sender<EngineResult<u64>>,
    },
    Close {
        reply: oneshot::Sender<EngineResult<()>>,
    },
}

impl EmbeddedEngine {
    pub async fn open(dir: &Path, fsync: Fsync, options: EngineOptions) -> anyhow::Result<Self> {
        let dir = dir.to_owned();
        tokio::task::spawn_blocking(move || Self::open_blocking(dir, fsync, options)).await?
    }

    fn open_blocking(dir: PathBuf, fsync: Fsync, options: EngineOptions) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create data dir {}", dir.display()))?;
        let lock = lock_data_dir(&dir)?;
        let path = dir.join("evbus.db");
        owner_only(&dir, &path)?;
        let mut conn =
            Connection::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        // Only the checkpointer (synchronous=FULL) moves the WAL into the database: the
        // writer's commits are not synced, and an auto-checkpoint of theirs could write
        // the WAL over before the pages it moved are on disk.
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY;
             PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=0;",
        )?;
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("{} is not an evbus log", path.display()))?;
        let log_dir = dir.join("log");
        let window_ms = options.dedup_window.as_millis() as i64;
        let since = now_ms() - window_ms;
        migrate::events_table(&conn, &log_dir, since).with_context(|| {
            format!(
                "cannot move the events of {} into {}",
                path.display(),
                log_dir.display()
            )
        })?;

        let keep_from = meta(&conn, "first_seq")? as u64;
        let (segments, recovered) = Segments::open(&log_dir, 1, keep_from, load_marks(&conn)?)
            .with_context(|| format!("cannot open the log in {}", log_dir.display()))?;
        let log = segments.view();
        let (last, last_ts) = recovered.last.unwrap_or((0, 0));
        conn.execute("DELETE FROM marks WHERE seq > ?1", [last as i64])?;
        let counted_through = (meta(&conn, "counted_through")? as u64).min(last);
        let applied_through = (meta(&conn, "applied_through")? as u64).min(last);
        let caught = recover::catch_up(&mut conn, &log, counted_through, applied_through)?;
        let mut topics = TopicCounts::default();
        {
            let mut select = conn.prepare("SELECT topic, events, last_ts FROM topics")?;
            let mut rows = select.query([])?;
            while let Some(row) = rows.next()? {
                let topic: String = row.get(0)?;
                topics.add(&topic, row.get::<_, i64>(1)? as u64, row.get(2)?);
            }
        }
        topics.merge(&caught.topics);
        let bytes = meta(&conn, "bytes")? + caught.bytes;

        let first = keep_from.max(log.first_seq());
        let mut sequencer = Sequencer::new(last + 1, last_ts, window_ms);
        let stored_keys = load_keys(&conn, since, first)?;
        for (seq, ts, key) in stored_keys.iter().chain(&caught.keys) {
            if *ts >= since && *seq >= first {
                sequencer.remember(*ts, key, *seq);
            }
        }

        let stats = LogStats {
            events: (last + 1).saturating_sub(first),
            bytes: bytes.max(0) as u64,
            first_seq: (last >= first).then_some(first),
            last_seq: (last >= first).then_some(last),
        };
        let totals = Arc::new(Mutex::new(Totals { stats, topics }));
        let live = Arc::new(LiveLog::new(LIVE_WINDOW, last));
        let commit_latency = Arc::new(Histogram::default());
        let (sender, receiver) = mpsc::channel();
        let writer = Writer {
            conn,
            segments,
            fsync_appends: fsync == Fsync::Always,
            syncing: false,
            sequencer,
            totals: totals.clone(),
            live: live.clone(),
            commit_latency: commit_latency.clone(),
            unsaved: caught,
            last_count_flush: Instant::now(),
        };
        let checkpointer = Checkpointer::open(&path)?;
        std::thread::Builder::new()
            .name("evbus-writer".into())
            .spawn(move || writer.run(receiver, checkpointer))?;
        Ok(Self {
            handouts: LogHandouts::default(),
            dir,
            fsync,
            commands: Mutex::new(Some(sender)),
            readers: Arc::new(Readers {
                path,
                idle: Mutex::new(Vec::new()),
            }),
            log,
            totals,
            live,
            commit_latency,
            _lock: lock,
        })
    }

    fn send(&self, command: Command) -> EngineResult<()> {
        let commands = self.commands.lock().expect("command lock poisoned");
        let sender = commands
            .as_ref()
            .ok_or_else(|| EngineError::Unavailable("the engine is closed".into()))?;
        sender.send(command).map_err(|_| super::writer_stopped())
    }

    /// The first event retention keeps; `None` when the log holds none.
    fn first_kept(&self) -> Option<u64> {
        self.totals.lock().expect("totals poisoned").stats.first_seq
    }

    async fn read_log<R: Send + 'static>(
        &self,
        read: impl FnOnce(&LogView) -> std::io::Result<R> + Send + 'static,
    ) -> EngineResult<R> {
        let log = self.log.clone();
        tokio::task::spawn_blocking(move || read(&log))
            .await
            .map_err(|err| EngineError::Unavailable(err.to_string()))?
            .map_err(|err| EngineError::Unavailable(format!("cannot read the log: {err}")))
    }

    async fn read_with<R: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    ) -> EngineResult<R> {
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || readers.run(query))
            .await
            .map_err(|err| EngineError::Unavailable(err.to_string()))?
    }
}

struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    fn run<R>(&self, query: impl FnOnce(&Connection) -> rusqlite::Result<R>) -> EngineResult<R> {
        let pooled = self.idle.lock().expect("reader pool poisoned").pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                conn
            }
        };
        let result = query(&conn);
        self.idle.lock().expect("reader pool poisoned").push(conn);
        Ok(result?)
    }
}

/// A log record as the engine's event, if it is one.
fn stored(record: &LogRecord<'_>) -> Option<StoredEvent> {
    match *record {
        LogRecord::Event {
            seq,
            ts_ms,
            topic,
            json,
            ..
        } => Some(StoredEvent {
            seq,
            ts_ms,
            topic: Arc::from(topic),
            json: bytes::Bytes::copy_from_slice(json),
        }),
        _ => None,
    }
}

impl OverLog for EmbeddedEngine {
    fn log_handouts(&self) -> &LogHandouts {
        &self.handouts
    }
}

#[async_trait::async_trait]
impl Engine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn data_dir(&self) -> Option<&Path> {
        Some(&self.dir)
    }

    fn fsync(&self) -> Fsync {
        self.fsync
    }

    async fn append_with(
        &self,
        events: Vec<NewEvent>,
        ops: Vec<StateOp>,
    ) -> EngineResult<Vec<Appended>> {
        let (reply, answer) = oneshot::channel();
        self.handouts.observe(&ops);
        self.send(Command::Append { events, ops, reply })?;
        answer.await.map_err(|_| super::writer_stopped())?
    }

    async fn read(&self, from_seq: u64, max: usize) -> EngineResult<Vec<StoredEvent>> {
        let Some(first) = self.first_kept() else {
            return Ok(Vec::new());
        };
        self.read_log(move |log| {
            let mut found = Vec::new();
            log.events(from_seq.max(first), |record| {
                found.extend(stored(record));
                if found.len() >= max {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })?;
            Ok(found)
        })
        .await
    }

    async fn get_many(&self, mut seqs: Vec<u64>) -> EngineResult<Vec<StoredEvent>> {
        let Some(first) = self.first_kept() else {
            return Ok(Vec::new());
        };
        seqs.sort_unstable();
        seqs.dedup();
        seqs.retain(|&seq| seq >= first);
        self.read_log(move |log| {
            let mut found = Vec::with_capacity(seqs.len());
            for seq in seqs {
                log.events(seq, |record| {
                    found.extend(stored(record).filter(|event| event.seq == seq));
                    ControlFlow::Break(())
                })?;
            }
            Ok(found)
        })
        .await
    }

    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64> {
        let next = self.live.last_seq() + 1;
        let Some(first) = self.first_kept() else {
            return Ok(next);
        };
        let found = self.read_log(move |log| log.first_at(ts_ms)).await?;
        Ok(found.map_or(next, |seq| seq.max(first)))
    }

    async fn stats(&self) -> EngineResult<LogStats> {
        Ok(self.totals.lock().expect("totals poisoned").stats.clone())
    }

    async fn topics(&self) -> EngineResult<Vec<TopicStats>> {
        Ok(self.totals.lock().expect("totals poisoned").topics.list())
    }

    async fn trim(&self, retention: Retention) -> EngineResult<u64> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Trim { retention, reply })?;
        answer.await.map_err(|_| super::writer_stopped())?
    }

    fn write_state(&self, ops: Vec<StateOp>) -> Durable {
        let (reply, answer) = Durable::channel();
        self.handouts.observe(&ops);
        if let Err(err) = self.send(Command::Groups { ops, reply }) {
            return Durable::answered(Err(err));
        }
        answer
    }

    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>> {
        let groups = self.read_with(load_groups).await?;
        self.handouts.prime(&groups);
        Ok(groups)
    }

    fn handouts(&self) -> &dyn Handouts {
        self
    }

    async fn dead_letters(&self, query: DeadLetterQuery) -> EngineResult<Vec<StoredDeadLetter>> {
        self.read_with(move |conn| {
            let mut select = conn.prepare_cached(
                "SELECT id, grp, body FROM dead_letters
                 WHERE id > ?1 AND (?2 IS NULL OR grp = ?2) ORDER BY id LIMIT ?3",
            )?;
            select
                .query_map(
                    params![
                        query.after.unwrap_or_default(),
                        query.group,
                        query.limit as i64
                    ],
                    dead_letter_row,
                )?
                .collect()
        })
        .await
    }

    async fn dead_letter(&self, id: String) -> EngineResult<Option<StoredDeadLetter>> {
        self.read_with(move |conn| {
            conn.prepare_cached("SELECT id, grp, body FROM dead_letters WHERE id = ?1")?
                .query_row([id], dead_letter_row)
                .optional()
        })
        .await
    }

    async fn dead_letter_counts(&self) -> EngineResult<std::collections::HashMap<String, u64>> {
        self.read_with(|conn| {
            conn.prepare_cached("SELECT grp, count(*) FROM dead_letters GROUP BY grp")?
                .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?
                .collect()
        })
        .await
    }

    async fn records(&self, kind: &str) -> EngineResult<Vec<(String, String)>> {
        let kind = kind.to_owned();
        self.read_with(move |conn| {
            conn.prepare_cached("SELECT id, body FROM records WHERE kind = ?1 ORDER BY id")?
                .query_map([kind], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .await
    }

    async fn steps(&self, bucket: u64) -> EngineResult<Vec<String>> {
        self.read_with(move |conn| {
            conn.prepare_cached("SELECT body FROM steps WHERE bucket = ?1 ORDER BY rowid")?
                .query_map([bucket as i64], |row| row.get(0))?
                .collect()
        })
        .await
    }

    async fn record(&self, kind: &str, id: &str) -> EngineResult<Option<String>> {
        let (kind, id) = (kind.to_owned(), id.to_owned());
        self.read_with(move |conn| {
            conn.prepare_cached("SELECT body FROM records WHERE kind = ?1 AND id = ?2")?
                .query_row([kind, id], |row| row.get(0))
                .optional()
        })
        .await
    }

    fn live(&self) -> &LiveLog {
        &self.live
    }

    fn commit_latency(&self) -> &Histogram {
        &self.commit_latency
    }

    async fn close(&self) -> EngineResult<()> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Close { reply })?;
        self.commands.lock().expect("command lock poisoned").take();
        answer.await.map_err(|_| super::writer_stopped())?
    }
}
