//! Start-up: what the segments hold that SQLite may not have caught up with. SQLite's
//! commits are not synced (the segment's are), so after a crash or a power cut the
//! events after its counts, and the state changes committed with events, are read back
//! from the segments.

use std::ops::ControlFlow;

use rusqlite::Connection;

use super::rows::{set_meta, write_group_ops};
use super::segments::{LogRecord, LogView};
use crate::engine::StateOp;
use crate::engine::sequencer::Sequencer;
use crate::engine::topics::TopicCounts;

/// Counts the events after `counted_through` (returned, with their bytes) and applies
/// the state changes of the commits after `applied_through` that SQLite lost.
pub(super) fn catch_up(
    conn: &mut Connection,
    view: &LogView,
    counted_through: u64,
    applied_through: u64,
) -> anyhow::Result<(TopicCounts, i64)> {
    let mut uncounted = TopicCounts::default();
    let mut bytes = 0i64;
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
                    json,
                    ..
                } if *seq > counted_through => {
                    uncounted.add(topic, 1, *ts_ms);
                    bytes += json.len() as i64;
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
    Ok((uncounted, bytes))
}

/// Teaches `sequencer` the dedup keys of the events from `first_kept` on committed since
/// `since_ms`, so a re-send after a restart is still recognised.
pub(super) fn remember_keys(
    view: &LogView,
    sequencer: &mut Sequencer,
    since_ms: i64,
    first_kept: u64,
) -> std::io::Result<()> {
    let Some(from) = view.first_at(since_ms)? else {
        return Ok(());
    };
    view.events(from.max(first_kept), |record| {
        if let LogRecord::Event {
            seq,
            ts_ms,
            dedup: Some(key),
            ..
        } = record
        {
            sequencer.remember(*ts_ms, key, *seq);
        }
        ControlFlow::Continue(())
    })
}
