//! A reader of the log: history from a start position, then live events, filtered by
//! topic patterns and an optional jq expression.
//!
//! A subscription pulls pages from the log at its own pace, so a slow reader holds one
//! page, never a growing queue. It ends when the bus shuts down.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;

use tokio::sync::watch;

use super::{Bus, BusError, JqFilter};
use crate::api::Pattern;
use crate::api::pattern::any_matches;
use crate::engine::StoredEvent;

/// Events read from the log per page.
const PAGE: usize = 512;

/// Where a reader starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Only events accepted from now on.
    Now,
    Beginning,
    Seq(u64),
    /// Epoch milliseconds.
    Time(i64),
}

pub struct SubscriptionRequest {
    /// Empty: every topic except the bus's own (`$evbus.…`).
    pub patterns: Vec<Pattern>,
    pub filter: Option<JqFilter>,
    pub start: Start,
}

pub struct Subscription {
    bus: Bus,
    cursor: u64,
    patterns: Vec<Pattern>,
    filter: Option<JqFilter>,
    page: VecDeque<StoredEvent>,
    committed: watch::Receiver<u64>,
    shutdown: watch::Receiver<bool>,
}

impl Subscription {
    pub(super) async fn open(bus: Bus, request: SubscriptionRequest) -> Result<Self, BusError> {
        let committed = bus.engine().live().subscribe();
        let cursor = bus.start_seq(request.start).await?;
        bus.counters().open_streams.fetch_add(1, Ordering::Relaxed);
        Ok(Self {
            shutdown: bus.shutdown_signal(),
            bus,
            cursor,
            patterns: request.patterns,
            filter: request.filter,
            page: VecDeque::new(),
            committed,
        })
    }

    /// The next matching event; `None` once the bus shuts down.
    pub async fn next(&mut self) -> Option<Result<StoredEvent, BusError>> {
        loop {
            while let Some(event) = self.page.pop_front() {
                if self.accepts(&event) {
                    return Some(Ok(event));
                }
            }
            if *self.shutdown.borrow() {
                return None;
            }
            // Mark the current commit as seen *before* reading, so a commit that lands
            // between the read and the wait still wakes us.
            self.committed.borrow_and_update();
            let page = match self.bus.read(self.cursor, PAGE).await {
                Ok(page) => page,
                Err(err) => return Some(Err(err)),
            };
            if let Some(last) = page.last() {
                self.cursor = last.seq + 1;
                self.page.extend(page);
                continue;
            }
            tokio::select! {
                changed = self.committed.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
                _ = self.shutdown.wait_for(|stopping| *stopping) => return None,
            }
        }
    }

    fn accepts(&self, event: &StoredEvent) -> bool {
        any_matches(&self.patterns, &event.topic)
            && self
                .filter
                .as_ref()
                .is_none_or(|filter| filter.matches(&event.json))
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.bus
            .counters()
            .open_streams
            .fetch_sub(1, Ordering::Relaxed);
    }
}
