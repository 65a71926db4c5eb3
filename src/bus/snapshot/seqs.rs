//! Where the seqs of a snapshot's events went in the bus that loaded them.

/// The snapshot's seqs and the bus's, both rising, one pair per event that had a seq;
/// `first` is the bus's first seq for the loaded events, `next` the one after the last.
pub(super) struct SeqMap {
    old: Vec<u64>,
    new: Vec<u64>,
    first: u64,
    next: u64,
}

impl SeqMap {
    pub fn new(first: u64) -> Self {
        Self {
            old: Vec::new(),
            new: Vec::new(),
            first,
            next: first,
        }
    }

    /// An event loaded at `new`, saved at `old` (if it said).
    pub fn push(&mut self, old: Option<u64>, new: u64) {
        if let Some(old) = old {
            self.old.push(old);
            self.new.push(new);
        }
        self.next = new + 1;
    }

    /// Where the event saved at `old` is now, if the snapshot held it.
    pub fn get(&self, old: u64) -> Option<u64> {
        let at = self.old.binary_search(&old).ok()?;
        Some(self.new[at])
    }

    /// `get`, or `old` itself for an event the snapshot did not hold.
    pub fn seq(&self, old: u64) -> u64 {
        self.get(old).unwrap_or(old)
    }

    /// A cursor (the first seq not looked at): the first loaded event at or after it.
    pub fn cursor(&self, old: u64) -> u64 {
        let at = self.old.partition_point(|seq| *seq < old);
        self.new.get(at).copied().unwrap_or(self.next)
    }

    /// A position (the last seq looked at): the last loaded event at or before it.
    pub fn position(&self, old: u64) -> u64 {
        match self.old.partition_point(|seq| *seq <= old) {
            0 => self.first - 1,
            at => self.new[at - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot of seqs 5, 6 and 9 (the rest trimmed or never there), loaded from 1.
    fn loaded() -> SeqMap {
        let mut map = SeqMap::new(1);
        for (old, new) in [(5, 1), (6, 2), (9, 3)] {
            map.push(Some(old), new);
        }
        map
    }

    #[test]
    fn cursors_move_to_the_next_loaded_event() {
        let map = loaded();
        assert_eq!(map.cursor(1), 1);
        assert_eq!(map.cursor(6), 2);
        assert_eq!(map.cursor(7), 3);
        assert_eq!(map.cursor(10), 4);
    }

    #[test]
    fn positions_stay_on_the_last_event_looked_at() {
        let map = loaded();
        assert_eq!(map.position(4), 0);
        assert_eq!(map.position(6), 2);
        assert_eq!(map.position(8), 2);
        assert_eq!(map.position(40), 3);
    }

    #[test]
    fn seqs_the_snapshot_did_not_hold_stay_as_they_were() {
        let map = loaded();
        assert_eq!(map.get(9), Some(3));
        assert_eq!(map.get(7), None);
        assert_eq!(map.seq(7), 7);
    }
}
