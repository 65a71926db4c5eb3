//! Which events name which: by id, by `causationid` (what an event caused, routed copies
//! included) and by `replayof` (replay copies). Kept in memory by each server, built
//! from the log at start-up and kept up as events are committed, so following an event
//! reads a few maps and a few events, never the log.
//!
//! Keys are hashes: a collision only costs reading an event that turns out not to be
//! the one asked for, which the lookups check.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::RwLock;

use crate::engine::StoredEvent;

/// The seqs one key names: almost always one, so it is kept inline.
#[derive(Debug, Clone)]
enum Seqs {
    One(u64),
    Many(Vec<u64>),
}

impl Seqs {
    fn push(&mut self, seq: u64) {
        match self {
            Seqs::One(first) => *self = Seqs::Many(vec![*first, seq]),
            Seqs::Many(seqs) => seqs.push(seq),
        }
    }

    fn to_vec(&self) -> Vec<u64> {
        match self {
            Seqs::One(seq) => vec![*seq],
            Seqs::Many(seqs) => seqs.clone(),
        }
    }
}

#[derive(Default)]
struct Maps {
    by_id: HashMap<u64, Seqs>,
    by_cause: HashMap<u64, Seqs>,
    by_origin: HashMap<u64, Seqs>,
    /// Every seq up to here is in the maps.
    through: u64,
}

fn add(map: &mut HashMap<u64, Seqs>, key: u64, seq: u64) {
    map.entry(key)
        .and_modify(|seqs| seqs.push(seq))
        .or_insert(Seqs::One(seq));
}

#[derive(Default)]
pub struct EventIndex {
    maps: RwLock<Maps>,
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

pub fn hash(text: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(text)
}

/// The seq a `replayof` (`ID@SEQ`) names.
pub fn origin_seq(replayof: &str) -> Option<u64> {
    replayof.rsplit_once('@')?.1.parse().ok()
}

impl EventIndex {
    /// Adds events in seq order (those at or before what it holds are skipped).
    pub fn add(&self, events: &[StoredEvent]) {
        let mut maps = self.maps.write().expect("event index poisoned");
        for event in events {
            if event.seq <= maps.through {
                continue;
            }
            maps.through = event.seq;
            let Ok(refs) = serde_json::from_slice::<Refs>(&event.json) else {
                continue;
            };
            if let Some(id) = &refs.id {
                add(&mut maps.by_id, hash(id), event.seq);
            }
            if let Some(cause) = &refs.causationid {
                add(&mut maps.by_cause, hash(cause), event.seq);
            }
            if let Some(origin) = refs.replayof.as_deref().and_then(origin_seq) {
                add(&mut maps.by_origin, origin, event.seq);
            }
        }
    }

    /// The last seq indexed.
    pub fn through(&self) -> u64 {
        self.maps.read().expect("event index poisoned").through
    }

    /// Seqs of events that may have this id.
    pub fn with_id(&self, id: &str) -> Vec<u64> {
        self.lookup(|maps| maps.by_id.get(&hash(id)))
    }

    /// Seqs of events that may have this `causationid`.
    pub fn caused_by(&self, id: &str) -> Vec<u64> {
        self.lookup(|maps| maps.by_cause.get(&hash(id)))
    }

    /// Seqs of the replay copies of `seq`.
    pub fn replays_of(&self, seq: u64) -> Vec<u64> {
        self.lookup(|maps| maps.by_origin.get(&seq))
    }

    fn lookup(&self, find: impl Fn(&Maps) -> Option<&Seqs>) -> Vec<u64> {
        let maps = self.maps.read().expect("event index poisoned");
        find(&maps).map(Seqs::to_vec).unwrap_or_default()
    }

    /// Forgets seqs retention dropped.
    pub fn forget_before(&self, first_seq: u64) {
        let mut guard = self.maps.write().expect("event index poisoned");
        let maps = &mut *guard;
        for map in [&mut maps.by_id, &mut maps.by_cause, &mut maps.by_origin] {
            map.retain(|_, seqs| {
                match seqs {
                    Seqs::One(seq) => return *seq >= first_seq,
                    Seqs::Many(list) => list.retain(|seq| *seq >= first_seq),
                }
                !matches!(seqs, Seqs::Many(list) if list.is_empty())
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            event(4, r#"{"type":"b","id":"x","causationid":"x"}"#),
        ]);
        index.add(&[event(2, r#"{"type":"b","id":"again"}"#)]);
        assert_eq!(index.with_id("x"), [1, 4]);
        assert_eq!(index.with_id("no"), Vec::<u64>::new());
        assert_eq!(index.caused_by("x"), [2, 4]);
        assert_eq!(index.replays_of(1), [3]);
        assert_eq!(index.through(), 4);
        index.forget_before(2);
        assert_eq!(index.with_id("x"), [4]);
    }
}
