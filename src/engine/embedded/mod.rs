//! The default engine: one SQLite database in WAL mode under `--data-dir`.
//!
//! One writer thread owns the write connection and does group commit: it gathers every
//! append waiting at the moment, writes them in one transaction and answers them all after
//! the one fsync (`synchronous=FULL`). Readers use their own connections, so history reads
//! never block appends, and WAL checkpoints run on a thread of their own, so they never
//! stall a commit.
//!
//! The commit path writes only the events: per-topic counts and the byte total are folded
//! into their tables at most once a second (in the same transaction as events, with the
//! seq they count through), and start-up recounts only the events after that seq. Commit
//! times are monotonic in seq, so seeking by time is a binary search on the primary key:
//! no second index to maintain. Start-up therefore reads only the ends of the log.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
use rows::{dead_letter_row, event_row, first_seq_at, load_groups};
use schema::SCHEMA;
use writer::{Checkpointer, Writer};

mod data_dir;
mod rows;
mod schema;
mod writer;

/// Most events one group commit gathers.
const MAX_GROUP_EVENTS: usize = 20_000;
/// Most events one trim removes, so appends wait at most one bulk delete.
const TRIM_CHUNK: i64 = 10_000;
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
        let conn =
            Connection::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY;")?;
        let always = fsync == Fsync::Always;
        conn.execute_batch(writer::sync_pragmas(always, always))?;
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("{} is not an evbus log", path.display()))?;

        // Two queries: SQLite answers one min() or max() from the B-tree's edge, not both.
        let edge = |order: &str| -> rusqlite::Result<Option<i64>> {
            conn.query_row(
                &format!("SELECT seq FROM events ORDER BY seq {order} LIMIT 1"),
                [],
                |row| row.get(0),
            )
            .optional()
        };
        let (first_seq, last_seq) = (edge("ASC")?, edge("DESC")?);
        let meta = |key: &str| -> rusqlite::Result<i64> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
        };
        let mut bytes = meta("bytes")?;
        let counted_through = meta("counted_through")?;
        let last_ts: i64 = match last_seq {
            Some(seq) => conn.query_row("SELECT ts FROM events WHERE seq = ?1", [seq], |row| {
                row.get(0)
            })?,
            None => 0,
        };
        let mut topics = TopicCounts::default();
        {
            let mut select = conn.prepare("SELECT topic, events, last_ts FROM topics")?;
            let mut rows = select.query([])?;
            while let Some(row) = rows.next()? {
                let topic: String = row.get(0)?;
                topics.add(&topic, row.get::<_, i64>(1)? as u64, row.get(2)?);
            }
        }
        // Events committed after the last count flush (a crash) are counted again here.
        let mut uncounted = TopicCounts::default();
        let mut uncounted_bytes = 0;
        {
            let mut select =
                conn.prepare("SELECT topic, ts, length(body) FROM events WHERE seq > ?1")?;
            let mut rows = select.query([counted_through])?;
            while let Some(row) = rows.next()? {
                let topic: String = row.get(0)?;
                uncounted.add(&topic, 1, row.get(1)?);
                uncounted_bytes += row.get::<_, i64>(2)?;
            }
        }
        topics.merge(&uncounted);
        bytes += uncounted_bytes;

        let last = last_seq.unwrap_or(0) as u64;
        let window_ms = options.dedup_window.as_millis() as i64;
        let mut sequencer = Sequencer::new(last + 1, last_ts, window_ms);
        if let (Some(first), Some(last)) = (first_seq, last_seq)
            && let Some(from) = first_seq_at(&conn, now_ms() - window_ms, first, last)?
        {
            let mut select = conn.prepare(
                "SELECT seq, ts, dedup FROM events WHERE seq >= ?1 AND dedup IS NOT NULL",
            )?;
            let mut rows = select.query([from as i64])?;
            while let Some(row) = rows.next()? {
                let key: String = row.get(2)?;
                sequencer.remember(row.get(1)?, &key, row.get::<_, i64>(0)? as u64);
            }
        }

        let stats = LogStats {
            events: match (first_seq, last_seq) {
                (Some(first), Some(last)) => (last - first + 1) as u64,
                _ => 0,
            },
            bytes: bytes as u64,
            first_seq: first_seq.map(|seq| seq as u64),
            last_seq: last_seq.map(|seq| seq as u64),
        };
        let totals = Arc::new(Mutex::new(Totals { stats, topics }));
        let live = Arc::new(LiveLog::new(LIVE_WINDOW, last));
        let commit_latency = Arc::new(Histogram::default());
        let (sender, receiver) = mpsc::channel();
        let writer = Writer {
            conn,
            fsync_appends: always,
            syncing: always,
            sequencer,
            totals: totals.clone(),
            live: live.clone(),
            commit_latency: commit_latency.clone(),
            uncounted,
            uncounted_bytes,
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
        self.read_with(move |conn| {
            let mut select = conn.prepare_cached(
                "SELECT seq, ts, topic, body FROM events WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = select.query_map(params![from_seq as i64, max as i64], event_row)?;
            rows.collect()
        })
        .await
    }

    async fn get_many(&self, mut seqs: Vec<u64>) -> EngineResult<Vec<StoredEvent>> {
        seqs.sort_unstable();
        self.read_with(move |conn| {
            let mut select =
                conn.prepare_cached("SELECT seq, ts, topic, body FROM events WHERE seq = ?1")?;
            let mut found = Vec::with_capacity(seqs.len());
            for seq in seqs {
                if let Some(event) = select.query_row([seq as i64], event_row).optional()? {
                    found.push(event);
                }
            }
            Ok(found)
        })
        .await
    }

    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64> {
        let next = self.live.last_seq() + 1;
        let stats = self.totals.lock().expect("totals poisoned").stats.clone();
        let (Some(first), Some(last)) = (stats.first_seq, stats.last_seq) else {
            return Ok(next);
        };
        let found = self
            .read_with(move |conn| first_seq_at(conn, ts_ms, first as i64, last as i64))
            .await?;
        Ok(found.unwrap_or(next))
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
