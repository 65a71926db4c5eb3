//! The ordering keys of an ordered group: which event holds each key (leased, due, or
//! waiting for its retry), and which events of the key wait behind it, in log order;
//! and how the group's state admits, lets go of and reports its keys.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::{Changes, FOR_ITS_KEY, GroupState};
use crate::api::group::{BLOCKED_SHOWN, BlockedKey, KeysInfo};
use crate::api::time::format_rfc3339_ms;

#[derive(Default)]
pub(super) struct KeyLines {
    lines: HashMap<Arc<str>, Line>,
    /// Events waiting behind their key, over every line.
    waiting: usize,
}

struct Line {
    holder: u64,
    waiting: BTreeSet<u64>,
}

impl KeyLines {
    /// Whether `seq` holds `key` now; if another event does, `seq` waits its turn.
    pub fn admit(&mut self, key: &Arc<str>, seq: u64) -> bool {
        let Some(line) = self.lines.get_mut(key) else {
            self.lines.insert(
                key.clone(),
                Line {
                    holder: seq,
                    waiting: BTreeSet::new(),
                },
            );
            return true;
        };
        if line.holder == seq {
            return true;
        }
        if line.waiting.insert(seq) {
            self.waiting += 1;
        }
        false
    }

    /// `seq` is done with `key`: returns the event that holds it now, if one waited.
    pub fn release(&mut self, key: &str, seq: u64) -> Option<u64> {
        let line = self.lines.get_mut(key)?;
        if line.holder != seq {
            if line.waiting.remove(&seq) {
                self.waiting -= 1;
            }
            return None;
        }
        match line.waiting.pop_first() {
            Some(next) => {
                self.waiting -= 1;
                line.holder = next;
                Some(next)
            }
            None => {
                self.lines.remove(key);
                None
            }
        }
    }

    /// Events waiting behind their key.
    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// Each key with the event holding it.
    pub fn holders(&self) -> impl Iterator<Item = (&Arc<str>, u64)> {
        self.lines.iter().map(|(key, line)| (key, line.holder))
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.waiting = 0;
    }
}

impl GroupState {
    /// Once every stored lease is back: who holds each key. A leased event keeps it;
    /// otherwise the key goes to its oldest event, due at its time (now, if it was
    /// waiting for the key); the others wait for it.
    pub fn restore_keys(&mut self, now_ms: i64) {
        let mut keyed: Vec<(u64, bool)> = self
            .deliveries
            .iter()
            .filter(|(_, pending)| pending.key.is_some())
            .map(|(&seq, pending)| (seq, pending.member.is_some()))
            .collect();
        // Leased first, then in log order.
        keyed.sort_by_key(|&(seq, leased)| (!leased, seq));
        for (seq, _) in keyed {
            let pending = &self.deliveries[&seq];
            let key = pending.key.clone().expect("keyed");
            let due_ms = pending.due_ms;
            if self.keys.admit(&key, seq) {
                if due_ms == FOR_ITS_KEY {
                    self.reschedule(seq, now_ms);
                }
            } else if pending.member.is_none() {
                self.reschedule(seq, FOR_ITS_KEY);
            }
        }
    }

    /// Whether `seq` may be handed out now: it has no key, or holds its key. If not, it
    /// waits for the key, stored as held back.
    pub(super) fn admit(&mut self, seq: u64, changes: &mut Changes) -> bool {
        let Some(key) = self.deliveries[&seq].key.clone() else {
            return true;
        };
        if self.keys.admit(&key, seq) {
            return true;
        }
        self.reschedule(seq, FOR_ITS_KEY);
        self.persist(seq, changes);
        false
    }

    /// `seq` is done with its key (completed or dead-lettered): the next event of that
    /// key, if one waits, is due now.
    pub(super) fn let_key_go(
        &mut self,
        key: Option<&str>,
        seq: u64,
        now_ms: i64,
        changes: &mut Changes,
    ) {
        let Some(key) = key else {
            return;
        };
        if let Some(next) = self.keys.release(key, seq) {
            self.reschedule(next, now_ms);
            self.persist(next, changes);
        }
    }

    /// Where an ordered group's keys stand; `None` for a group that is not ordered.
    pub fn keys_info(&self) -> Option<KeysInfo> {
        if !self.def.ordered {
            return None;
        }
        let mut in_flight = 0;
        let mut blocked = Vec::new();
        for (key, seq) in self.keys.holders() {
            let Some(pending) = self.deliveries.get(&seq) else {
                continue;
            };
            if pending.member.is_some() {
                in_flight += 1;
            } else if !pending.history.is_empty() {
                blocked.push((pending.due_ms, seq, key, pending.attempts));
            }
        }
        blocked.sort();
        Some(KeysInfo {
            in_flight,
            waiting: self.keys.waiting() as u64,
            blocked_count: blocked.len() as u64,
            blocked: blocked
                .into_iter()
                .take(BLOCKED_SHOWN)
                .map(|(due_ms, seq, key, attempts)| BlockedKey {
                    key: key.to_string(),
                    seq,
                    attempts,
                    retry_at: format_rfc3339_ms(due_ms),
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_goes_to_its_events_one_at_a_time_in_log_order() {
        let mut keys = KeyLines::default();
        let key: Arc<str> = "order-1".into();
        assert!(keys.admit(&key, 5));
        assert!(!keys.admit(&key, 9));
        assert!(!keys.admit(&key, 7));
        assert!(keys.admit(&key, 5), "the holder is admitted again");
        assert_eq!(keys.waiting(), 2);
        assert_eq!(keys.release(&key, 5), Some(7));
        assert_eq!(keys.holders().collect::<Vec<_>>(), vec![(&key, 7)]);
        assert_eq!(
            keys.release(&key, 9),
            None,
            "a waiting event leaves its line"
        );
        assert_eq!(keys.waiting(), 0);
        assert_eq!(keys.release(&key, 7), None);
        assert_eq!(keys.holders().count(), 0);
    }
}
