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
    /// What an event the filter exhausted its budget on does to the read.
    pub when_exhausted: WhenExhausted,
    pub start: Start,
    /// Where a bounded read (a replay) ends; `None` follows the log forever.
    pub end: Option<End>,
}

/// What a reader does with an event its filter exhausted its budget on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenExhausted {
    /// End the read with the error: whoever asked for the filter hears of it.
    Fail,
    /// Count the event as not matching, say so in the log, and read on (a route, which
    /// one hostile event must not stop).
    Skip,
}

/// The last event of a bounded read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// This seq, inclusive.
    Seq(u64),
    /// The last event accepted before this time (epoch ms).
    Time(i64),
}

pub struct Subscription {
    bus: Bus,
    cursor: u64,
    /// The last seq to read, inclusive, for a bounded read.
    last: Option<u64>,
    patterns: Vec<Pattern>,
    filter: Option<JqFilter>,
    when_exhausted: WhenExhausted,
    /// Read and accepted, not yet returned.
    page: VecDeque<StoredEvent>,
    /// What ends the read once `page` is out (a filter over its budget).
    failed: Option<BusError>,
    committed: watch::Receiver<u64>,
    shutdown: watch::Receiver<bool>,
}

impl Subscription {
    pub(super) async fn open(bus: Bus, request: SubscriptionRequest) -> Result<Self, BusError> {
        let committed = bus.engine().live().subscribe();
        let cursor = bus.start_seq(request.start).await?;
        let last = match request.end {
            None => None,
            Some(End::Seq(seq)) => Some(seq),
            Some(End::Time(ts_ms)) => Some(bus.engine().seq_at(ts_ms).await?.saturating_sub(1)),
        };
        bus.counters().open_streams.fetch_add(1, Ordering::Relaxed);
        Ok(Self {
            shutdown: bus.shutdown_signal(),
            bus,
            cursor,
            last,
            patterns: request.patterns,
            filter: request.filter,
            when_exhausted: request.when_exhausted,
            page: VecDeque::new(),
            failed: None,
            committed,
        })
    }

    /// The next matching event; `None` once the bus shuts down or a bounded read is done.
    pub async fn next(&mut self) -> Option<Result<StoredEvent, BusError>> {
        loop {
            if let Some(event) = self.page.pop_front() {
                return Some(Ok(event));
            }
            if let Err(err) = self.fill().await? {
                return Some(Err(err));
            }
        }
    }

    /// Every matching event of the next page (at least one), for readers that write in
    /// bulk; `None` once the bus shuts down or a bounded read is done.
    pub async fn next_page(&mut self) -> Option<Result<Vec<StoredEvent>, BusError>> {
        loop {
            let page: Vec<StoredEvent> = std::mem::take(&mut self.page).into();
            if !page.is_empty() {
                return Some(Ok(page));
            }
            if let Err(err) = self.fill().await? {
                return Some(Err(err));
            }
        }
    }

    /// Reads the next page and keeps what it accepts in `self.page`, waiting for new
    /// events when caught up. `None`: the read is over.
    async fn fill(&mut self) -> Option<Result<(), BusError>> {
        if let Some(err) = self.failed.take() {
            self.last = Some(0); // over once the error is out
            return Some(Err(err));
        }
        loop {
            if *self.shutdown.borrow() || self.last.is_some_and(|last| self.cursor > last) {
                return None;
            }
            // Mark the current commit as seen *before* reading, so a commit that lands
            // between the read and the wait still wakes us.
            self.committed.borrow_and_update();
            let mut page = match self.bus.read(self.cursor, PAGE).await {
                Ok(page) => page,
                Err(err) => return Some(Err(err)),
            };
            if let Some(last) = self.last {
                // Past the end of the slice, or nothing left of it (trimmed): done.
                let done = page.last().is_some_and(|event| event.seq > last)
                    || (page.is_empty() && last <= self.bus.engine().live().last_seq());
                page.retain(|event| event.seq <= last);
                if page.is_empty() && done {
                    return None;
                }
            }
            if let Some(newest) = page.last() {
                self.cursor = newest.seq + 1;
                self.accept(page).await;
                return Some(Ok(()));
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

    /// Keeps the events of `page` that the patterns and the filter accept; an event the
    /// filter fails on ends the read after those before it.
    async fn accept(&mut self, mut page: Vec<StoredEvent>) {
        page.retain(|event| any_matches(&self.patterns, &event.topic));
        if let Some(filter) = &self.filter {
            let (passed, failed) = screen(filter, page, self.when_exhausted).await;
            page = passed;
            self.failed = failed;
        }
        self.page.extend(page);
    }
}

/// The events `filter` passes, in order, up to the first it cannot decide on (unless it
/// skips those), and the error that stopped it.
pub(super) async fn screen(
    filter: &JqFilter,
    events: Vec<StoredEvent>,
    when_exhausted: WhenExhausted,
) -> (Vec<StoredEvent>, Option<BusError>) {
    let verdicts = filter
        .verdicts(events.iter().map(|event| event.json.clone()))
        .await;
    let mut passed = Vec::with_capacity(events.len());
    for (event, verdict) in events.into_iter().zip(verdicts) {
        match verdict {
            Ok(true) => passed.push(event),
            Ok(false) => {}
            Err(err) if when_exhausted == WhenExhausted::Skip => {
                tracing::warn!(seq = event.seq, filter = filter.code(), error = %err, "skipped an event the filter could not decide on");
            }
            Err(source) => {
                let seq = event.seq;
                return (passed, Some(BusError::Filter { seq, source }));
            }
        }
    }
    (passed, None)
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.bus
            .counters()
            .open_streams
            .fetch_sub(1, Ordering::Relaxed);
    }
}
