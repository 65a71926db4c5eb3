//! The newest part of the log, kept in memory for live tails, plus the "new events"
//! signal they wait on.
//!
//! Every engine publishes each committed batch here, in commit order, so a tail that has
//! caught up reads from memory instead of the store, and a slow tail that falls behind the
//! window simply reads the store: memory stays bounded whatever the readers do.

use std::collections::VecDeque;
use std::sync::RwLock;

use tokio::sync::watch;

use super::StoredEvent;

/// Most bytes of event JSON the window holds, whatever its event count: a few large
/// batches of large events must not stay in memory. A tail this far behind reads the
/// store, which costs it a query per page, not the lag.
const MAX_BYTES: usize = 1 << 20;

struct Window {
    events: VecDeque<StoredEvent>,
    bytes: usize,
}

impl Window {
    fn pop_front(&mut self) -> Option<StoredEvent> {
        let event = self.events.pop_front()?;
        self.bytes -= event.json.len();
        Some(event)
    }
}

pub struct LiveLog {
    recent: RwLock<Window>,
    capacity: usize,
    last_seq: watch::Sender<u64>,
}

impl LiveLog {
    /// `last_seq` is the seq of the newest stored event (0 when the log is empty).
    pub fn new(capacity: usize, last_seq: u64) -> Self {
        Self {
            recent: RwLock::new(Window {
                events: VecDeque::with_capacity(capacity.min(4_096)),
                bytes: 0,
            }),
            capacity,
            last_seq: watch::Sender::new(last_seq),
        }
    }

    /// Called by the engine after each durable commit, in seq order.
    pub fn publish(&self, events: &[StoredEvent]) {
        let Some(newest) = events.last() else { return };
        {
            let mut recent = self.recent.write().expect("live log lock poisoned");
            let skip = events.len().saturating_sub(self.capacity);
            for event in &events[skip..] {
                recent.bytes += event.json.len();
                recent.events.push_back(event.clone());
            }
            while recent.events.len() > self.capacity || recent.bytes > MAX_BYTES {
                recent.pop_front();
            }
        }
        self.last_seq.send_replace(newest.seq);
    }

    /// Events from `from_seq` on, if the window still holds them; `None` means "ask the
    /// store".
    pub fn read(&self, from_seq: u64, max: usize) -> Option<Vec<StoredEvent>> {
        if from_seq > *self.last_seq.borrow() {
            return Some(Vec::new());
        }
        let recent = &self.recent.read().expect("live log lock poisoned").events;
        let first = recent.front()?.seq;
        if from_seq < first {
            return None;
        }
        let start = (from_seq - first) as usize;
        let end = recent.len().min(start.saturating_add(max));
        Some(recent.range(start.min(end)..end).cloned().collect())
    }

    pub fn last_seq(&self) -> u64 {
        *self.last_seq.borrow()
    }

    /// A receiver that changes whenever new events are committed.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.last_seq.subscribe()
    }

    /// Forgets events dropped by retention so the window never serves them.
    pub fn forget_before(&self, seq: u64) {
        let mut recent = self.recent.write().expect("live log lock poisoned");
        while recent.events.front().is_some_and(|event| event.seq < seq) {
            recent.pop_front();
        }
    }
}
