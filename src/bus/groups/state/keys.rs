//! The ordering keys of an ordered group: which event holds each key (leased, due, or
//! waiting for its retry), and which events of the key wait behind it, in log order.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

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
