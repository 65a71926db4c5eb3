//! The idempotency index: which (source, id) pairs were stored within the dedup window.
//!
//! Only events whose producer chose the id take part (an id the bus generates is unique by
//! construction), so the index stays small under anonymous load.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

pub struct DedupIndex {
    window_ms: i64,
    by_key: HashMap<Arc<str>, (u64, i64)>,
    arrivals: VecDeque<(i64, Arc<str>)>,
}

impl DedupIndex {
    pub fn new(window_ms: i64) -> Self {
        Self {
            window_ms,
            by_key: HashMap::new(),
            arrivals: VecDeque::new(),
        }
    }

    pub fn window_ms(&self) -> i64 {
        self.window_ms
    }

    /// The seq stored for `key` within the window, if any.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.by_key.get(key).map(|&(seq, _)| seq)
    }

    pub fn insert(&mut self, ts_ms: i64, key: &str, seq: u64) {
        if self.window_ms <= 0 {
            return;
        }
        let key: Arc<str> = Arc::from(key);
        self.by_key.insert(key.clone(), (seq, ts_ms));
        self.arrivals.push_back((ts_ms, key));
    }

    /// Undoes an insert whose write did not become durable.
    pub fn remove(&mut self, key: &str) {
        self.by_key.remove(key);
    }

    /// Drops entries older than the window.
    pub fn expire(&mut self, now_ms: i64) {
        let cutoff = now_ms - self.window_ms;
        while let Some((ts, _)) = self.arrivals.front() {
            if *ts >= cutoff {
                break;
            }
            let (ts, key) = self.arrivals.pop_front().expect("front was just seen");
            if self
                .by_key
                .get(&key)
                .is_some_and(|&(_, stored_ts)| stored_ts == ts)
            {
                self.by_key.remove(&key);
            }
        }
    }
}

/// The dedup key of a (source, id) pair.
pub fn dedup_key(source: &str, id: &str) -> String {
    format!("{source}\n{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_within_the_window_and_forgets_after() {
        let mut index = DedupIndex::new(1_000);
        let key = dedup_key("src", "1");
        index.insert(10, &key, 7);
        index.expire(500);
        assert_eq!(index.get(&key), Some(7));
        index.expire(1_011);
        assert_eq!(index.get(&key), None);
    }

    #[test]
    fn a_zero_window_disables_dedup() {
        let mut index = DedupIndex::new(0);
        index.insert(10, "k", 1);
        assert_eq!(index.get("k"), None);
    }
}
