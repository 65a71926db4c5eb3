//! Which events name which: by id, by `causationid` (what an event caused, routed copies
//! included) and by `replayof` (replay copies). Kept in memory by each server, built
//! from the log at start-up and kept up as events are committed, so following an event
//! never reads the log.
//!
//! Each event takes 2 bytes, a 16-bit hash of its id, in seq order; an event that came
//! from another also takes 16 in a second list (with a 32-bit hash), kept apart because
//! most events come from nothing. What it came from is the event its `replayof` names
//! for a replay copy (which also carries the original's `causationid`, not a cause of
//! its own), else its `causationid`. A lookup scans them (a million events is a few
//! milliseconds); a hash that matches by chance only costs reading an event that turns
//! out not to be the one asked for, which the callers check. Among a million events,
//! about 15 ids share a 16-bit hash with the one asked for: 15 reads more per lookup by
//! id, for half the memory of 32-bit hashes, the index being the largest thing a big log
//! keeps in memory.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::RwLock;

use crate::engine::StoredEvent;

#[derive(Default)]
struct Rows {
    /// The seq of `ids[0]`.
    base: u64,
    /// Each seq's id hash (0: no event, or no id).
    ids: VecDeque<u16>,
    /// `(seq, hash of what it came from)` of the events that came from another, in seq
    /// order.
    from: VecDeque<(u64, u32)>,
    /// Every seq up to here is in the rows.
    through: u64,
}

#[derive(Default)]
pub struct EventIndex {
    rows: RwLock<Rows>,
}

/// The attributes the index reads of an event; `data` is skipped.
#[derive(serde::Deserialize)]
struct Refs<'a> {
    #[serde(borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    causationid: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    replayof: Option<std::borrow::Cow<'a, str>>,
}

/// A 32-bit hash that is never 0 (0 marks "none").
fn hash(text: &str) -> u32 {
    let full = BuildHasherDefault::<DefaultHasher>::default().hash_one(text);
    ((full >> 32) as u32 ^ full as u32).max(1)
}

/// The 16-bit hash an id is kept by, never 0 either.
pub(super) fn id_hash(id: &str) -> u16 {
    let full = hash(id);
    ((full >> 16) as u16 ^ full as u16).max(1)
}

/// What a replay copy of event `seq` came from.
fn replay_of(seq: u64) -> u32 {
    hash(&format!("@{seq}"))
}

/// The seq a `replayof` (`ID@SEQ`) names.
pub fn origin_seq(replayof: &str) -> Option<u64> {
    replayof.rsplit_once('@')?.1.parse().ok()
}

/// What a scan for children looks for: each parent's id and seq.
pub struct Parents<'a> {
    pub ids: &'a [String],
    pub seqs: &'a [u64],
}

impl EventIndex {
    /// Adds events in seq order (those at or before what it holds are skipped).
    pub fn add(&self, events: &[StoredEvent]) {
        let mut index = self.rows.write().expect("event index poisoned");
        for event in events {
            if event.seq <= index.through {
                continue;
            }
            index.through = event.seq;
            if index.ids.is_empty() {
                index.base = event.seq;
            }
            while index.base + (index.ids.len() as u64) < event.seq {
                index.ids.push_back(0); // a seq the log does not hold
            }
            let (mut id, mut from) = (0, 0);
            if let Ok(refs) = serde_json::from_slice::<Refs>(&event.json) {
                id = refs.id.as_deref().map_or(0, id_hash);
                from = match refs.replayof.as_deref().and_then(origin_seq) {
                    Some(origin) => replay_of(origin),
                    None => refs.causationid.as_deref().map_or(0, hash),
                };
            }
            index.ids.push_back(id);
            if from != 0 {
                index.from.push_back((event.seq, from));
            }
        }
    }

    /// The last seq indexed.
    pub fn through(&self) -> u64 {
        self.rows.read().expect("event index poisoned").through
    }

    /// Seqs of events that may have this id.
    pub fn with_id(&self, id: &str) -> Vec<u64> {
        let wanted = id_hash(id);
        let index = self.rows.read().expect("event index poisoned");
        let base = index.base;
        index
            .ids
            .iter()
            .enumerate()
            .filter(|&(_, &id)| id == wanted)
            .map(|(at, _)| base + at as u64)
            .collect()
    }

    /// Events that may have been caused by, or be replays of, each parent: `(which
    /// parent, seq, replayed)`, from after the earliest parent on, in one scan.
    pub fn children(&self, parents: &Parents<'_>) -> Vec<(usize, u64, bool)> {
        let mut wanted: HashMap<u32, Vec<(usize, bool)>> = HashMap::new();
        for (which, (id, seq)) in parents.ids.iter().zip(parents.seqs).enumerate() {
            wanted.entry(hash(id)).or_default().push((which, false));
            wanted
                .entry(replay_of(*seq))
                .or_default()
                .push((which, true));
        }
        let from = parents.seqs.iter().min().copied().unwrap_or(0) + 1;
        let index = self.rows.read().expect("event index poisoned");
        let skip = index.from.partition_point(|&(seq, _)| seq < from);
        let mut found = Vec::new();
        for &(seq, came_from) in index.from.range(skip..) {
            if let Some(whiches) = wanted.get(&came_from) {
                found.extend(
                    whiches
                        .iter()
                        .map(|&(which, replayed)| (which, seq, replayed)),
                );
            }
        }
        found
    }

    /// Forgets seqs retention dropped.
    pub fn forget_before(&self, first_seq: u64) {
        let mut index = self.rows.write().expect("event index poisoned");
        while index.base < first_seq && index.ids.pop_front().is_some() {
            index.base += 1;
        }
        while index.from.front().is_some_and(|&(seq, _)| seq < first_seq) {
            index.from.pop_front();
        }
        if index.ids.is_empty() {
            index.base = first_seq.max(index.through + 1);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Another id with the same 16-bit hash as `id` (one in 65,535 is).
    pub(in crate::bus::trace) fn colliding_id(id: &str) -> String {
        (0..)
            .map(|n| format!("collides-{n}"))
            .find(|other| other != id && id_hash(other) == id_hash(id))
            .expect("a 16-bit hash repeats within 65,536 ids")
    }

    fn event(seq: u64, json: &str) -> StoredEvent {
        StoredEvent::from_json(seq, bytes::Bytes::from(json.to_owned()))
    }

    #[test]
    fn finds_events_by_id_cause_and_origin() {
        let index = EventIndex::default();
        index.add(&[
            event(1, r#"{"type":"a","id":"x"}"#),
            event(2, r#"{"type":"b","id":"y","causationid":"x"}"#),
            event(
                3,
                r#"{"type":"c","id":"z","replayof":"x@1","data":{"id":"no"}}"#,
            ),
            event(5, r#"{"type":"b","id":"x","causationid":"x"}"#),
        ]);
        index.add(&[event(2, r#"{"type":"b","id":"again"}"#)]);
        assert_eq!(index.with_id("x"), [1, 5]);
        assert_eq!(index.with_id("no"), Vec::<u64>::new());
        let ids = ["x".to_owned(), "y".to_owned()];
        let parents = Parents {
            ids: &ids,
            seqs: &[1, 2],
        };
        assert_eq!(
            index.children(&parents),
            [(0, 2, false), (0, 3, true), (0, 5, false)]
        );
        assert_eq!(index.through(), 5);
        index.forget_before(3);
        assert_eq!(index.with_id("x"), [5]);
        assert_eq!(index.children(&parents), [(0, 3, true), (0, 5, false)]);
    }

    /// Two ids that share a 16-bit hash are both candidates: the callers tell them apart.
    #[test]
    fn ids_sharing_a_hash_are_both_candidates() {
        let other = colliding_id("x");
        let index = EventIndex::default();
        index.add(&[
            event(1, r#"{"type":"a","id":"x"}"#),
            event(2, &format!(r#"{{"type":"a","id":"{other}"}}"#)),
        ]);
        assert_eq!(index.with_id("x"), [1, 2]);
    }
}
