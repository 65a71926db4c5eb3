//! Start-up: what the segments hold that SQLite may not have caught up with. SQLite's
//! commits are not synced (the segment's are), so after a crash or a power cut the
//! events after its counts, and the state changes committed with events, are read back
//! from the segments.

use std::ops::ControlFlow;

use rusqlite::Connection;

use super::rows::{Unsaved, set_meta, write_group_ops};
use super::segments::{LogRecord, LogView};
use crate::engine::StateOp;

/// Counts the events after `counted_through` and collects their dedup keys (both are
/// stored together, once a second), and applies the state changes of the commits after
/// `applied_through` that SQLite lost.
pub(super) fn catch_up(
    conn: &mut Connection,
    view: &LogView,
    counted_through: u64,
    applied_through: u64,
) -> anyhow::Result<Unsaved> {
    let mut uncounted = Unsaved::default();
    let mut lost: Vec<StateOp> = Vec::new();
    let mut last_lost = None;
    let mut ops: Option<Vec<u8>> = None;
    let mut failed = None;
    view.scan(
        counted_through.min(applied_through) + 1,
        |_, _, _, record| {
            match record {
                LogRecord::Event {
                    seq,
                    topic,
                    ts_ms,
                    dedup,
                    json,
                } if *seq > counted_through => {
                    uncounted.add_event(*seq, *ts_ms, topic, *dedup, json.len());
                }
                LogRecord::Ops(json) => ops = Some(json.to_vec()),
                LogRecord::Commit { last_seq } => {
                    if let Some(json) = ops.take()
                        && *last_seq > applied_through
                    {
                        match serde_json::from_slice::<Vec<StateOp>>(&json) {
                            Ok(list) => {
                                lost.extend(list);
                                last_lost = Some(*last_seq);
                            }
                            Err(err) => {
                                failed = Some(err);
                                return ControlFlow::Break(());
                            }
                        }
                    }
                }
                _ => {}
            }
            ControlFlow::Continue(())
        },
    )?;
    if let Some(err) = failed {
        anyhow::bail!("the log holds state changes evbus cannot read: {err}");
    }
    if let Some(through) = last_lost {
        tracing::info!(
            ops = lost.len(),
            "replaying state changes the last crash cut off"
        );
        let tx = conn.transaction()?;
        write_group_ops(&tx, &lost)?;
        set_meta(&tx, "applied_through", through as i64)?;
        tx.commit()?;
    }
    Ok(uncounted)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use crate::engine::embedded::EmbeddedEngine;
    use crate::engine::{Engine, EngineOptions, Fsync, NewEvent, StateOp};

    async fn open(dir: &Path) -> EmbeddedEngine {
        let options = EngineOptions {
            dedup_window: Duration::from_secs(120),
            retention: Default::default(),
        };
        EmbeddedEngine::open(dir, Fsync::Always, options)
            .await
            .unwrap()
    }

    fn database_files(dir: &Path) -> Vec<std::path::PathBuf> {
        ["evbus.db", "evbus.db-wal", "evbus.db-shm"]
            .iter()
            .map(|name| dir.join(name))
            .collect()
    }

    /// SQLite's commits are not synced: a power cut may take back its newest ones while
    /// the segment, synced, keeps the events. The state changes committed with those
    /// events come back from the segment, and their counts and dedup keys are read again.
    #[tokio::test]
    async fn state_changes_committed_with_events_survive_a_database_that_lost_them() {
        let dir = tempfile::tempdir().unwrap();
        let engine = open(dir.path()).await;
        engine
            .append(vec![NewEvent {
                topic: "a.b".into(),
                dedup_key: None,
                body: br#"{"type":"a.b"}"#.to_vec(),
            }])
            .await
            .unwrap();
        engine.close().await.unwrap();
        drop(engine);
        let saved = tempfile::tempdir().unwrap();
        for file in database_files(dir.path()) {
            if file.exists() {
                std::fs::copy(&file, saved.path().join(file.file_name().unwrap())).unwrap();
            }
        }

        let engine = open(dir.path()).await;
        let progress = StateOp::PutRecord {
            kind: "replay".into(),
            id: "r1".into(),
            body: r#"{"done":3}"#.into(),
        };
        let event = |key: Option<&str>| NewEvent {
            topic: "c.d".into(),
            dedup_key: key.map(str::to_owned),
            body: br#"{"type":"c.d"}"#.to_vec(),
        };
        let events = vec![event(None), event(Some("src\nid-3"))];
        engine.append_with(events, vec![progress]).await.unwrap();
        engine.close().await.unwrap();
        drop(engine);
        // The database as it was before that commit; the segment as it is.
        for file in database_files(dir.path()) {
            let _ = std::fs::remove_file(&file);
            let old = saved.path().join(file.file_name().unwrap());
            if old.exists() {
                std::fs::copy(&old, &file).unwrap();
            }
        }

        let engine = open(dir.path()).await;
        let records = engine.records("replay").await.unwrap();
        assert_eq!(records, [("r1".to_owned(), r#"{"done":3}"#.to_owned())]);
        let stats = engine.stats().await.unwrap();
        assert_eq!((stats.events, stats.last_seq), (3, Some(3)));
        let mut topics: Vec<(String, u64)> = engine
            .topics()
            .await
            .unwrap()
            .into_iter()
            .map(|topic| (topic.topic, topic.events))
            .collect();
        topics.sort();
        assert_eq!(topics, [("a.b".to_owned(), 1), ("c.d".to_owned(), 2)]);
        // The dedup key of a commit the database lost is read back from the segment.
        let again = engine.append(vec![event(Some("src\nid-3"))]).await.unwrap();
        assert_eq!((again[0].seq, again[0].duplicate), (3, true));
        engine.close().await.unwrap();
    }
}
