//! What every engine does the same way when it appends: one timestamp per commit that
//! never goes backwards, consecutive seqs, and the dedup decision.

use std::sync::Arc;

use super::dedup::DedupIndex;
use super::{Appended, NewEvent, StoredEvent, with_seq};
use crate::api::time::now_ms;

pub struct Sequencer {
    next_seq: u64,
    last_ts: i64,
    dedup: DedupIndex,
}

/// One event to write, with the dedup key the store keeps beside it (so the index can be
/// rebuilt after a restart).
pub struct Row {
    pub stored: StoredEvent,
    pub dedup_key: Option<String>,
}

/// The outcome of planning one append request.
pub struct Planned {
    pub receipts: Vec<Appended>,
    pub rows: Vec<Row>,
}

impl Sequencer {
    pub fn new(next_seq: u64, last_ts: i64, dedup_window_ms: i64) -> Self {
        Self {
            next_seq,
            last_ts,
            dedup: DedupIndex::new(dedup_window_ms),
        }
    }

    pub fn dedup_window_ms(&self) -> i64 {
        self.dedup.window_ms()
    }

    /// Re-learns a stored event's dedup key (at start-up).
    pub fn remember(&mut self, ts_ms: i64, key: &str, seq: u64) {
        self.dedup.insert(ts_ms, key, seq);
    }

    /// The commit timestamp: now, but never earlier than the previous commit, so seeking
    /// by time over the seq order stays monotonic even if the clock steps back.
    pub fn timestamp(&mut self) -> i64 {
        let now = now_ms().max(self.last_ts);
        self.last_ts = now;
        self.dedup.expire(now);
        now
    }

    pub fn plan(&mut self, ts_ms: i64, events: Vec<NewEvent>) -> Planned {
        let mut receipts = Vec::with_capacity(events.len());
        let mut rows = Vec::with_capacity(events.len());
        for event in events {
            if let Some(seq) = event.dedup_key.as_deref().and_then(|k| self.dedup.get(k)) {
                receipts.push(Appended {
                    seq,
                    duplicate: true,
                });
                continue;
            }
            let seq = self.next_seq;
            self.next_seq += 1;
            if let Some(key) = &event.dedup_key {
                self.dedup.insert(ts_ms, key, seq);
            }
            receipts.push(Appended {
                seq,
                duplicate: false,
            });
            rows.push(Row {
                stored: StoredEvent {
                    seq,
                    ts_ms,
                    topic: Arc::from(event.topic),
                    json: with_seq(seq, &event.body),
                },
                dedup_key: event.dedup_key,
            });
        }
        Planned { receipts, rows }
    }

    /// Forgets plans whose write failed: their seqs are reused and their keys unlearned.
    pub fn undo(&mut self, plans: &[Planned]) {
        let rows = plans.iter().flat_map(|plan| &plan.rows);
        if let Some(first) = rows.clone().map(|row| row.stored.seq).min() {
            self.next_seq = first;
        }
        for key in rows.filter_map(|row| row.dedup_key.as_deref()) {
            self.dedup.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(key: Option<&str>) -> NewEvent {
        NewEvent {
            topic: "a".into(),
            dedup_key: key.map(str::to_owned),
            body: br#"{"type":"a"}"#.to_vec(),
        }
    }

    #[test]
    fn duplicates_within_one_batch_get_the_first_seq() {
        let mut sequencer = Sequencer::new(5, 0, 60_000);
        let ts = sequencer.timestamp();
        let planned = sequencer.plan(ts, vec![event(Some("k")), event(None), event(Some("k"))]);
        let seqs: Vec<_> = planned
            .receipts
            .iter()
            .map(|r| (r.seq, r.duplicate))
            .collect();
        assert_eq!(seqs, [(5, false), (6, false), (5, true)]);
        assert_eq!(planned.rows.len(), 2);
        assert_eq!(&planned.rows[0].stored.json[..], br#"{"seq":5,"type":"a"}"#);
    }

    #[test]
    fn undo_reuses_seqs_and_forgets_keys() {
        let mut sequencer = Sequencer::new(1, 0, 60_000);
        let ts = sequencer.timestamp();
        let planned = sequencer.plan(ts, vec![event(Some("k"))]);
        sequencer.undo(&[planned]);
        let again = sequencer.plan(ts, vec![event(Some("k"))]);
        assert_eq!(
            again.receipts[0],
            Appended {
                seq: 1,
                duplicate: false
            }
        );
    }
}
