//! Data dirs from before the segment log kept events in SQLite's `events` table. The
//! first start-up moves them into segments, then drops the table; a crash on the way
//! leaves either the table (the move starts over) or both (the table is dropped).

use std::path::Path;

use rusqlite::{Connection, params};

use super::rows::set_meta;
use super::segments::Segments;

/// Events moved per commit.
const CHUNK: i64 = 10_000;

/// Moves the `events` table, if there is one, into segments under `log_dir`, and the dedup
/// keys of the events committed since `keys_since_ms` into the `dedup` table.
pub(super) fn events_table(
    conn: &Connection,
    log_dir: &Path,
    keys_since_ms: i64,
) -> anyhow::Result<()> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'events'",
        [],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(());
    }
    if !log_dir.exists() {
        let moving = log_dir.with_extension("moving");
        if moving.exists() {
            std::fs::remove_dir_all(&moving)?;
        }
        let first: Option<i64> =
            conn.query_row("SELECT min(seq) FROM events", [], |row| row.get(0))?;
        let (mut segments, _) = Segments::open(&moving, first.unwrap_or(1) as u64, 0, Vec::new())?;
        let mut select = conn.prepare(
            "SELECT seq, ts, topic, dedup, body FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let (mut after, mut moved) = (0i64, 0u64);
        loop {
            let mut rows = select.query(params![after, CHUNK])?;
            let mut last = None;
            while let Some(row) = rows.next()? {
                let seq: i64 = row.get(0)?;
                segments.stage_event(
                    seq as u64,
                    row.get(1)?,
                    row.get_ref(2)?.as_str()?,
                    row.get_ref(3)?.as_str_or_null()?,
                    row.get_ref(4)?.as_blob()?,
                )?;
                last = Some(seq);
                moved += 1;
            }
            let Some(last) = last else { break };
            segments.write(last as u64, false)?;
            segments.publish();
            after = last;
        }
        segments.sync()?;
        drop(segments);
        std::fs::rename(&moving, log_dir)?;
        if let Some(parent) = log_dir.parent() {
            std::fs::File::open(parent)?.sync_all()?;
        }
        tracing::info!(
            events = moved,
            "moved the log from SQLite into segment files"
        );
    }
    let last: Option<i64> = conn.query_row("SELECT max(seq) FROM events", [], |row| row.get(0))?;
    conn.execute_batch("BEGIN")?;
    set_meta(conn, "applied_through", last.unwrap_or(0))?;
    conn.execute(
        "INSERT OR REPLACE INTO dedup(seq, ts, key)
         SELECT seq, ts, dedup FROM events WHERE dedup IS NOT NULL AND ts >= ?1",
        [keys_since_ms],
    )?;
    conn.execute_batch("DROP TABLE events; COMMIT; VACUUM;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::api::time::now_ms;
    use crate::engine::embedded::EmbeddedEngine;
    use crate::engine::{Engine, EngineOptions, Fsync, NewEvent};

    fn options() -> EngineOptions {
        EngineOptions {
            dedup_window: Duration::from_secs(120),
            retention: Default::default(),
        }
    }

    fn event(key: Option<&str>) -> NewEvent {
        NewEvent {
            topic: "order.created".into(),
            dedup_key: key.map(str::to_owned),
            body: br#"{"type":"order.created"}"#.to_vec(),
        }
    }

    /// A data dir as evbus kept it before the segment log: events in SQLite.
    fn old_data_dir(dir: &std::path::Path) {
        let conn = rusqlite::Connection::open(dir.join("evbus.db")).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE events (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL,
                 topic TEXT NOT NULL, dedup TEXT, body BLOB NOT NULL);
             CREATE INDEX events_dedup ON events(seq) WHERE dedup IS NOT NULL;
             CREATE TABLE topics (topic TEXT PRIMARY KEY, events INTEGER NOT NULL,
                 last_ts INTEGER NOT NULL);
             CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);",
        )
        .unwrap();
        let ts = now_ms();
        for seq in 5..=7i64 {
            let dedup = (seq == 6).then_some("src\nid-6");
            let body = format!(r#"{{"seq":{seq},"type":"order.created"}}"#);
            conn.execute(
                "INSERT INTO events VALUES (?1, ?2, 'order.created', ?3, ?4)",
                rusqlite::params![seq, ts, dedup, body.as_bytes()],
            )
            .unwrap();
        }
        conn.execute_batch(&format!(
            "INSERT INTO topics VALUES ('order.created', 2, {ts});
             INSERT INTO meta VALUES ('bytes', 60), ('counted_through', 6);"
        ))
        .unwrap();
    }

    #[tokio::test]
    async fn an_old_data_dir_keeps_its_events_counts_and_dedup() {
        let dir = tempfile::tempdir().unwrap();
        old_data_dir(dir.path());
        let engine = EmbeddedEngine::open(dir.path(), Fsync::Always, options())
            .await
            .unwrap();
        let events = engine.read(1, 10).await.unwrap();
        let seqs: Vec<u64> = events.iter().map(|event| event.seq).collect();
        assert_eq!(seqs, [5, 6, 7]);
        assert_eq!(&events[0].json[..], br#"{"seq":5,"type":"order.created"}"#);
        let stats = engine.stats().await.unwrap();
        assert_eq!(
            (stats.events, stats.first_seq, stats.last_seq),
            (3, Some(5), Some(7))
        );
        assert_eq!(engine.topics().await.unwrap()[0].events, 3);
        let again = engine.append(vec![event(Some("src\nid-6"))]).await.unwrap();
        assert_eq!((again[0].seq, again[0].duplicate), (6, true));
        let next = engine.append(vec![event(None)]).await.unwrap();
        assert_eq!(next[0].seq, 8);
        engine.close().await.unwrap();
        drop(engine);

        let engine = EmbeddedEngine::open(dir.path(), Fsync::Always, options())
            .await
            .unwrap();
        let seqs: Vec<u64> = engine
            .read(1, 10)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(seqs, [5, 6, 7, 8]);
        assert_eq!(engine.topics().await.unwrap()[0].events, 4);
        engine.close().await.unwrap();
        let conn = rusqlite::Connection::open(dir.path().join("evbus.db")).unwrap();
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'events'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the events table is gone once moved");
    }
}
