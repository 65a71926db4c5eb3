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

use super::sequencer::{Planned, Sequencer};
use super::topics::TopicCounts;
use super::{
    Appended, DeadLetterQuery, Durable, Engine, EngineError, EngineOptions, EngineResult, Fsync,
    GroupOp, Histogram, LiveLog, LogStats, NewEvent, Retention, StoredDeadLetter, StoredDelivery,
    StoredEvent, StoredGroup, TopicStats,
};
use crate::api::time::now_ms;

/// Most events one group commit gathers.
const MAX_GROUP_EVENTS: usize = 20_000;
/// Most events one trim removes, so appends wait at most one bulk delete.
const TRIM_CHUNK: i64 = 10_000;
/// Recent events kept in memory for live tails.
const LIVE_WINDOW: usize = 8_192;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS events (
        seq   INTEGER PRIMARY KEY,
        ts    INTEGER NOT NULL,
        topic TEXT    NOT NULL,
        dedup TEXT,
        body  BLOB    NOT NULL
    );
    -- Only events whose producer chose the id: start-up rebuilds the dedup window from it.
    CREATE INDEX IF NOT EXISTS events_dedup ON events(seq) WHERE dedup IS NOT NULL;
    CREATE TABLE IF NOT EXISTS topics (
        topic   TEXT PRIMARY KEY,
        events  INTEGER NOT NULL,
        last_ts INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS groups (
        name   TEXT PRIMARY KEY,
        spec   TEXT    NOT NULL,
        cursor INTEGER NOT NULL
    );
    -- Deliveries in progress only: a completed one is deleted, so the table stays small.
    CREATE TABLE IF NOT EXISTS deliveries (
        grp      TEXT    NOT NULL,
        seq      INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        due      INTEGER NOT NULL,
        member   TEXT,
        history  TEXT    NOT NULL,
        event    BLOB,
        PRIMARY KEY (grp, seq)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL,
        id   TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS dead_letters (
        id   TEXT PRIMARY KEY,
        grp  TEXT NOT NULL,
        body TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO meta(key, value) VALUES ('bytes', 0), ('counted_through', 0);
";

/// How often per-topic counts and the byte total are folded into their tables.
const COUNT_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// Longest a commit waits for more callers under concurrent load: a fraction of an fsync.
const GATHER_LINGER: Duration = Duration::from_micros(150);
/// How often the checkpointer moves the WAL into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(500);

pub struct EmbeddedEngine {
    dir: PathBuf,
    fsync: Fsync,
    commands: Mutex<Option<mpsc::Sender<Command>>>,
    readers: Arc<Readers>,
    shared: Arc<Mutex<Shared>>,
    live: Arc<LiveLog>,
    commit_latency: Arc<Histogram>,
    _lock: File,
}

/// What the writer keeps current for `stats` and `topics`.
struct Shared {
    stats: LogStats,
    topics: TopicCounts,
}

enum Command {
    Append {
        events: Vec<NewEvent>,
        /// Written in the same commit, after the events.
        ops: Vec<GroupOp>,
        reply: oneshot::Sender<EngineResult<Vec<Appended>>>,
    },
    Groups {
        ops: Vec<GroupOp>,
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
        let synchronous = match fsync {
            Fsync::Always => "FULL",
            Fsync::Never => "OFF",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA temp_store=MEMORY;
             PRAGMA wal_autocheckpoint=1000;"
        ))?;
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
        let shared = Arc::new(Mutex::new(Shared { stats, topics }));
        let live = Arc::new(LiveLog::new(LIVE_WINDOW, last));
        let commit_latency = Arc::new(Histogram::default());
        let (sender, receiver) = mpsc::channel();
        let writer = Writer {
            conn,
            last_group_size: 0,
            fsync_appends: fsync == Fsync::Always,
            syncing: fsync == Fsync::Always,
            sequencer,
            shared: shared.clone(),
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
            dir,
            fsync,
            commands: Mutex::new(Some(sender)),
            readers: Arc::new(Readers {
                path,
                idle: Mutex::new(Vec::new()),
            }),
            shared,
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
        sender
            .send(command)
            .map_err(|_| EngineError::Unavailable("the log writer has stopped".into()))
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

fn event_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        seq: row.get::<_, i64>(0)? as u64,
        ts_ms: row.get(1)?,
        topic: Arc::from(row.get_ref(2)?.as_str()?),
        json: bytes::Bytes::copy_from_slice(row.get_ref(3)?.as_blob()?),
    })
}

/// Writes pending per-topic counts and bytes, counted through seq `through`, in `tx`.
fn fold_counts(
    tx: &rusqlite::Transaction<'_>,
    counts: &TopicCounts,
    bytes: i64,
    through: u64,
) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO topics(topic, events, last_ts) VALUES (?1, ?2, ?3)
         ON CONFLICT(topic) DO UPDATE SET events = events + excluded.events,
             last_ts = max(last_ts, excluded.last_ts)",
    )?;
    for topic in counts.list() {
        upsert.execute(params![topic.topic, topic.events as i64, topic.last_ts_ms])?;
    }
    tx.prepare_cached("UPDATE meta SET value = value + ?1 WHERE key = 'bytes'")?
        .execute([bytes])?;
    tx.prepare_cached("UPDATE meta SET value = ?1 WHERE key = 'counted_through'")?
        .execute([through as i64])?;
    Ok(())
}

/// Statements reused across one batch of group ops: looking a statement up in the cache
/// per op costs more than the op itself on the hot path (a lease per event, an ack per event).
struct GroupStatements<'tx> {
    tx: &'tx rusqlite::Transaction<'tx>,
    prepared: [Option<rusqlite::CachedStatement<'tx>>; 3],
}

impl<'tx> GroupStatements<'tx> {
    const PUT_DELIVERY: (usize, &'static str) = (
        0,
        "INSERT OR REPLACE INTO deliveries(grp, seq, attempts, due, member, history, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    );
    const REMOVE_DELIVERY: (usize, &'static str) =
        (1, "DELETE FROM deliveries WHERE grp = ?1 AND seq = ?2");
    const CURSOR: (usize, &'static str) = (2, "UPDATE groups SET cursor = ?2 WHERE name = ?1");

    fn get(
        &mut self,
        (index, sql): (usize, &'static str),
    ) -> rusqlite::Result<&mut rusqlite::CachedStatement<'tx>> {
        if self.prepared[index].is_none() {
            self.prepared[index] = Some(self.tx.prepare_cached(sql)?);
        }
        Ok(self.prepared[index].as_mut().expect("just prepared"))
    }
}

fn write_group_ops<'tx>(
    tx: &'tx rusqlite::Transaction<'tx>,
    ops: &[GroupOp],
) -> rusqlite::Result<()> {
    let mut statements = GroupStatements {
        tx,
        prepared: [None, None, None],
    };
    for op in ops {
        match op {
            GroupOp::PutDelivery { group, delivery } => {
                statements
                    .get(GroupStatements::PUT_DELIVERY)?
                    .execute(params![
                        group,
                        delivery.seq as i64,
                        delivery.attempts,
                        delivery.due_ms,
                        delivery.member.as_deref(),
                        delivery.history.as_deref().unwrap_or("[]"),
                        delivery.event.as_deref(),
                    ])?;
            }
            GroupOp::RemoveDelivery { group, seq } => {
                statements
                    .get(GroupStatements::REMOVE_DELIVERY)?
                    .execute(params![group, *seq as i64])?;
            }
            GroupOp::Cursor { name, cursor } => {
                statements
                    .get(GroupStatements::CURSOR)?
                    .execute(params![name, *cursor as i64])?;
            }
            GroupOp::PutGroup {
                name, spec, cursor, ..
            } => {
                tx.prepare_cached(
                    "INSERT INTO groups(name, spec, cursor) VALUES (?1, ?2, ?3)
                     ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, cursor = excluded.cursor",
                )?
                .execute(params![name, spec, *cursor as i64])?;
            }
            GroupOp::DeleteGroup { name } => {
                tx.prepare_cached("DELETE FROM deliveries WHERE grp = ?1")?
                    .execute([name])?;
                tx.prepare_cached("DELETE FROM groups WHERE name = ?1")?
                    .execute([name])?;
            }
            GroupOp::ResetGroup { name, cursor } => {
                tx.prepare_cached("DELETE FROM deliveries WHERE grp = ?1")?
                    .execute([name])?;
                statements
                    .get(GroupStatements::CURSOR)?
                    .execute(params![name, *cursor as i64])?;
            }
            GroupOp::PutDeadLetter(letter) => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO dead_letters(id, grp, body) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![letter.id, letter.group, letter.body])?;
            }
            GroupOp::RemoveDeadLetter { id } => {
                tx.prepare_cached("DELETE FROM dead_letters WHERE id = ?1")?
                    .execute([id])?;
            }
            GroupOp::PutRecord { kind, id, body } => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO records(kind, id, body) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![kind, id, body])?;
            }
            GroupOp::RemoveRecord { kind, id } => {
                tx.prepare_cached("DELETE FROM records WHERE kind = ?1 AND id = ?2")?
                    .execute(params![kind, id])?;
            }
        }
    }
    Ok(())
}

fn load_groups(conn: &Connection) -> rusqlite::Result<Vec<StoredGroup>> {
    let mut groups: Vec<StoredGroup> = conn
        .prepare("SELECT name, spec, cursor FROM groups ORDER BY name")?
        .query_map([], |row| {
            Ok(StoredGroup {
                name: row.get(0)?,
                spec: row.get(1)?,
                cursor: row.get::<_, i64>(2)? as u64,
                deliveries: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut select = conn.prepare(
        "SELECT seq, attempts, due, member, history, event FROM deliveries WHERE grp = ?1 ORDER BY seq",
    )?;
    for group in &mut groups {
        group.deliveries = select
            .query_map([&group.name], |row| {
                Ok(StoredDelivery {
                    seq: row.get::<_, i64>(0)? as u64,
                    attempts: row.get(1)?,
                    due_ms: row.get(2)?,
                    member: row.get::<_, Option<String>>(3)?.map(std::sync::Arc::from),
                    history: Some(row.get(4)?),
                    event: row.get::<_, Option<Vec<u8>>>(5)?.map(bytes::Bytes::from),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(groups)
}

fn dead_letter_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDeadLetter> {
    Ok(StoredDeadLetter {
        id: row.get(0)?,
        group: row.get(1)?,
        body: row.get(2)?,
    })
}

/// The data dir and the database are the owner's alone (0700, 0600): they hold every
/// event and the push groups' secrets. SQLite gives its WAL files the database's mode.
fn owner_only(dir: &Path, db: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot make data dir {} owner-only", dir.display()))?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(db)
        .with_context(|| format!("cannot open {}", db.display()))?;
    for file in ["evbus.db", "evbus.db-wal", "evbus.db-shm"] {
        let file = dir.join(file);
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot make {} owner-only", file.display()))?;
        }
    }
    Ok(())
}

/// Takes an exclusive lock on `DIR/LOCK` for the life of the server, so a second
/// `evbus serve` on the same data dir fails at once instead of sharing the files.
fn lock_data_dir(dir: &Path) -> anyhow::Result<File> {
    use std::io::Write as _;
    let path = dir.join("LOCK");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            anyhow::bail!(
                "data dir {} is in use by another evbus serve (pid {}): stop it, or pass another --data-dir",
                dir.display(),
                holder.trim()
            );
        }
        Err(std::fs::TryLockError::Error(err)) => return Err(err.into()),
    }
    file.set_len(0)?;
    write!(file, "{}", std::process::id())?;
    Ok(file)
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

struct Writer {
    conn: Connection,
    /// Callers the previous commit answered: more than one means concurrent load.
    last_group_size: usize,
    /// Whether commits holding appends are fsynced (`--fsync always`).
    fsync_appends: bool,
    /// The connection's current `synchronous` setting: FULL (true) or OFF.
    syncing: bool,
    sequencer: Sequencer,
    shared: Arc<Mutex<Shared>>,
    live: Arc<LiveLog>,
    commit_latency: Arc<Histogram>,
    /// Counts of committed events not yet folded into the `topics` and `meta` tables.
    uncounted: TopicCounts,
    uncounted_bytes: i64,
    last_count_flush: Instant,
}

/// Moves the WAL into the database file on its own thread and connection, so the fsyncs
/// of a checkpoint never sit in a commit's path. Dropping it stops the thread.
struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    fn open(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
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

/// The first seq in `first..=last` committed at or after `ts_ms`, by binary search over
/// the primary key (commit times never decrease along seqs). `None`: all are older.
fn first_seq_at(
    conn: &Connection,
    ts_ms: i64,
    first: i64,
    last: i64,
) -> rusqlite::Result<Option<u64>> {
    let mut probe =
        conn.prepare_cached("SELECT seq, ts FROM events WHERE seq >= ?1 ORDER BY seq LIMIT 1")?;
    let mut at = |seq: i64| -> rusqlite::Result<Option<(i64, i64)>> {
        probe
            .query_row([seq], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
    };
    let (mut low, mut high) = (first, last + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        match at(middle)? {
            Some((_, ts)) if ts < ts_ms => low = middle + 1,
            _ => high = middle,
        }
    }
    Ok(at(low)?.map(|(seq, _)| seq as u64))
}

type PendingAppend = (Vec<NewEvent>, oneshot::Sender<EngineResult<Vec<Appended>>>);

/// Everything one commit writes: appends and group changes, in the order they came.
#[derive(Default)]
struct CommitBatch {
    appends: Vec<PendingAppend>,
    group_ops: Vec<GroupOp>,
    group_replies: Vec<oneshot::Sender<EngineResult<()>>>,
    events: usize,
}

impl CommitBatch {
    /// How many requests this commit answers.
    fn callers(&self) -> usize {
        self.appends.len() + self.group_replies.len()
    }

    fn add(&mut self, command: Command) {
        match command {
            Command::Append { events, ops, reply } => {
                self.events += events.len() + ops.len();
                self.appends.push((events, reply));
                self.group_ops.extend(ops);
            }
            Command::Groups { ops, reply } => {
                // Group ops only refer to events already committed, so writing them after
                // this batch's appends keeps every dependency in order.
                self.events += ops.len();
                self.group_ops.extend(ops);
                self.group_replies.push(reply);
            }
            _ => unreachable!("only appends and group changes are batched"),
        }
    }
}

impl Writer {
    fn run(mut self, commands: mpsc::Receiver<Command>, checkpointer: Checkpointer) {
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
                    let mut batch = CommitBatch::default();
                    batch.add(command);
                    // Under concurrent load (the last commit gathered several callers),
                    // wait a moment for the callers just answered to send again, so one
                    // fsync serves more of them.
                    let fsyncs = self.fsync_appends && !batch.appends.is_empty();
                    let linger = if self.last_group_size > 1 && fsyncs {
                        Some(Instant::now() + GATHER_LINGER)
                    } else {
                        None
                    };
                    while batch.events < MAX_GROUP_EVENTS {
                        let received = match linger {
                            Some(until) if batch.callers() < self.last_group_size => commands
                                .recv_timeout(until.saturating_duration_since(Instant::now()))
                                .map_err(|_| ()),
                            _ => commands.try_recv().map_err(|_| ()),
                        };
                        match received {
                            Ok(command @ (Command::Append { .. } | Command::Groups { .. })) => {
                                batch.add(command)
                            }
                            Ok(other) => {
                                next = Some(other);
                                break;
                            }
                            Err(()) => break,
                        }
                    }
                    self.last_group_size = batch.callers();
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

    fn write(&mut self, plans: &[Planned], group_ops: &[GroupOp]) -> rusqlite::Result<()> {
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
            let mode = if sync { "FULL" } else { "OFF" };
            self.conn
                .execute_batch(&format!("PRAGMA synchronous={mode};"))?;
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
        let mut shared = self.shared.lock().expect("shared stats poisoned");
        let stats = &mut shared.stats;
        stats.first_seq.get_or_insert(first.seq);
        stats.last_seq = Some(last.seq);
        stats.events += rows.len() as u64;
        stats.bytes += rows.iter().map(|row| row.json.len() as u64).sum::<u64>();
        for row in rows {
            shared.topics.add(&row.topic, 1, row.ts_ms);
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
            let mut excess = self
                .shared
                .lock()
                .expect("shared stats poisoned")
                .stats
                .bytes as i64
                - max_bytes as i64;
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

        let mut shared = self.shared.lock().expect("shared stats poisoned");
        for (topic, events, _) in &removed {
            shared.topics.remove(topic, *events as u64);
        }
        let stats = &mut shared.stats;
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
        ops: Vec<GroupOp>,
    ) -> EngineResult<Vec<Appended>> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Append { events, ops, reply })?;
        answer
            .await
            .map_err(|_| EngineError::Unavailable("the log writer has stopped".into()))?
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
        let stats = self
            .shared
            .lock()
            .expect("shared stats poisoned")
            .stats
            .clone();
        let (Some(first), Some(last)) = (stats.first_seq, stats.last_seq) else {
            return Ok(next);
        };
        let found = self
            .read_with(move |conn| first_seq_at(conn, ts_ms, first as i64, last as i64))
            .await?;
        Ok(found.unwrap_or(next))
    }

    async fn stats(&self) -> EngineResult<LogStats> {
        Ok(self
            .shared
            .lock()
            .expect("shared stats poisoned")
            .stats
            .clone())
    }

    async fn topics(&self) -> EngineResult<Vec<TopicStats>> {
        Ok(self
            .shared
            .lock()
            .expect("shared stats poisoned")
            .topics
            .list())
    }

    async fn trim(&self, retention: Retention) -> EngineResult<u64> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Trim { retention, reply })?;
        answer
            .await
            .map_err(|_| EngineError::Unavailable("the log writer has stopped".into()))?
    }

    fn write_groups(&self, ops: Vec<GroupOp>) -> Durable {
        let (reply, answer) = oneshot::channel();
        if let Err(err) = self.send(Command::Groups { ops, reply }) {
            return super::failed(err);
        }
        answer
    }

    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>> {
        self.read_with(load_groups).await
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
        answer
            .await
            .map_err(|_| EngineError::Unavailable("the log writer has stopped".into()))?
    }
}
