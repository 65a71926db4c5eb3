//! The hand-out contract over one server's own log and tables (embedded and memory).
//!
//! A group's events come from the log, read from where the group's position was; its
//! retries and what was put straight into it are deliveries stored without a member
//! (`StoredDelivery`), kept here in memory and handed out once due. Finishing needs no
//! write of its own: the bus stores the outcome of each lease (its removal, a dead
//! letter) itself. A retry replaces the lease's row with the waiting one, so a crash in
//! between leaves the lease, which expires and is retried.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use bytes::Bytes;

use super::{Handout, HandoutToken, Handouts, Retry};
use crate::engine::{Engine, EngineResult, StateOp, StoredDelivery, StoredEvent, StoredGroup};

/// Log events read per take: the bus looks at them in order, as many as it needs.
const PAGE: usize = 512;

/// An engine whose groups are handed out by `LogHandouts`.
pub trait OverLog: Engine {
    fn log_handouts(&self) -> &LogHandouts;
}

/// What each group of one server's log has waiting, and where its reading is.
#[derive(Default)]
pub struct LogHandouts {
    groups: Mutex<HashMap<String, LogQueue>>,
}

#[derive(Default)]
struct LogQueue {
    /// The next log seq to hand out (ahead of the stored position, which moves as the
    /// bus looks at what it took).
    next: u64,
    waiting: BTreeMap<u64, Waiting>,
    /// `(due_ms, seq)` of every waiting delivery.
    due: BTreeSet<(i64, u64)>,
}

/// A retry, or an event put straight into the group, waiting for its time.
struct Waiting {
    attempts: u32,
    due_ms: i64,
    history: Option<String>,
    /// Stored with the delivery (it may be gone from the log); otherwise the log's
    /// copy is read once due, so a million waiting retries cost no events.
    kept: Option<Bytes>,
}

/// Every hand-out's token: this engine knows its hand-outs by group and seq, which
/// the bus passes along, so the token names nothing (and costs no allocation).
fn token() -> HandoutToken {
    static TOKEN: std::sync::LazyLock<HandoutToken> = std::sync::LazyLock::new(|| "".into());
    TOKEN.clone()
}

impl LogHandouts {
    /// Takes on the groups as stored (at start-up): their positions and the deliveries
    /// waiting in them. Groups already known stay as they are.
    pub fn prime(&self, stored: &[StoredGroup]) {
        let mut groups = self.groups.lock().expect("hand-out lock poisoned");
        for group in stored {
            groups.entry(group.name.clone()).or_insert_with(|| {
                let mut queue = LogQueue {
                    next: group.cursor,
                    ..LogQueue::default()
                };
                for delivery in group.deliveries.iter().filter(|d| d.member.is_none()) {
                    queue.wait(delivery.seq, Waiting::from(delivery));
                }
                queue
            });
        }
    }

    /// Follows what the bus writes of its groups: created, deleted, started over.
    pub fn observe(&self, ops: &[StateOp]) {
        let mut groups = self.groups.lock().expect("hand-out lock poisoned");
        for op in ops {
            match op {
                StateOp::PutGroup { name, cursor, .. } => {
                    groups.entry(name.clone()).or_insert_with(|| LogQueue {
                        next: *cursor,
                        ..LogQueue::default()
                    });
                }
                StateOp::DeleteGroup { name } => {
                    groups.remove(name);
                }
                StateOp::ResetGroup { name, cursor } => {
                    groups.insert(
                        name.clone(),
                        LogQueue {
                            next: *cursor,
                            ..LogQueue::default()
                        },
                    );
                }
                _ => {}
            }
        }
    }

    fn with<T>(&self, group: &str, f: impl FnOnce(&mut LogQueue) -> T) -> Option<T> {
        let mut groups = self.groups.lock().expect("hand-out lock poisoned");
        groups.get_mut(group).map(f)
    }
}

impl LogQueue {
    fn wait(&mut self, seq: u64, waiting: Waiting) {
        if let Some(old) = self.waiting.remove(&seq) {
            self.due.remove(&(old.due_ms, seq));
        }
        self.due.insert((waiting.due_ms, seq));
        self.waiting.insert(seq, waiting);
    }

    /// Up to `max` waiting deliveries due at `now_ms`, oldest in the log first.
    fn take_due(&mut self, now_ms: i64, max: usize) -> Vec<(u64, Waiting)> {
        let mut due: Vec<u64> = self
            .due
            .range(..=(now_ms, u64::MAX))
            .map(|&(_, seq)| seq)
            .take(max)
            .collect();
        due.sort_unstable();
        due.into_iter()
            .filter_map(|seq| {
                let waiting = self.waiting.remove(&seq)?;
                self.due.remove(&(waiting.due_ms, seq));
                Some((seq, waiting))
            })
            .collect()
    }
}

impl From<&StoredDelivery> for Waiting {
    fn from(delivery: &StoredDelivery) -> Self {
        Self {
            attempts: delivery.attempts,
            due_ms: delivery.due_ms,
            history: delivery.history.clone().filter(|text| text != "[]"),
            kept: delivery.event.clone(),
        }
    }
}

/// The row of a delivery waiting in `group`.
fn waiting_row(group: &str, seq: u64, waiting: &Waiting) -> StateOp {
    StateOp::PutDelivery {
        group: group.to_owned(),
        delivery: StoredDelivery {
            seq,
            attempts: waiting.attempts,
            due_ms: waiting.due_ms,
            member: None,
            history: waiting.history.clone(),
            event: waiting.kept.clone(),
        },
    }
}

#[async_trait::async_trait]
impl<E: OverLog> Handouts for E {
    async fn put(
        &self,
        group: &str,
        events: Vec<StoredEvent>,
        mut with: Vec<StateOp>,
    ) -> EngineResult<usize> {
        let rows = self
            .log_handouts()
            .with(group, |queue| {
                let mut rows = Vec::new();
                for event in events {
                    if queue.waiting.contains_key(&event.seq) {
                        continue;
                    }
                    let waiting = Waiting {
                        attempts: 0,
                        due_ms: 0, // at once
                        history: None,
                        kept: Some(event.json),
                    };
                    rows.push(waiting_row(group, event.seq, &waiting));
                    queue.wait(event.seq, waiting);
                }
                rows
            })
            .unwrap_or_default();
        let taken = rows.len();
        with.splice(0..0, rows);
        if !with.is_empty() {
            self.write_state(with).await?;
        }
        Ok(taken)
    }

    async fn take(&self, group: &str, max: usize, now_ms: i64) -> EngineResult<Vec<Handout>> {
        let handouts = self.log_handouts();
        let Some((due, next)) =
            handouts.with(group, |queue| (queue.take_due(now_ms, max), queue.next))
        else {
            return Err(crate::engine::EngineError::NotFound);
        };
        let unread: Vec<u64> = due
            .iter()
            .filter(|(_, waiting)| waiting.kept.is_none())
            .map(|(seq, _)| *seq)
            .collect();
        let mut read: HashMap<u64, StoredEvent> = if unread.is_empty() {
            HashMap::new()
        } else {
            self.get_many(unread)
                .await?
                .into_iter()
                .map(|event| (event.seq, event))
                .collect()
        };
        let mut taken = Vec::with_capacity(due.len());
        let mut gone = Vec::new();
        for (seq, waiting) in due {
            let (event, event_kept) = match waiting.kept {
                Some(json) => (StoredEvent::from_json(seq, json), true),
                None => match read.remove(&seq) {
                    Some(event) => (event, false),
                    None => {
                        gone.push(StateOp::RemoveDelivery {
                            group: group.to_owned(),
                            seq,
                        });
                        continue;
                    }
                },
            };
            taken.push(Handout {
                event,
                token: token(),
                earlier: waiting.attempts,
                direct: true,
                history: waiting.history,
                event_kept,
            });
        }
        if !gone.is_empty() {
            tracing::warn!(
                %group,
                events = gone.len(),
                "retries left the log (retention) before they came due"
            );
            self.write_state(gone).await?;
        }
        // What is due goes first, alone: the bus calls for it while it may still hold
        // unread log events, which another page would only pile onto.
        if !taken.is_empty() {
            return Ok(taken);
        }
        let page = crate::engine::read_through_live(self, next, PAGE).await?;
        handouts.with(group, |queue| {
            if let Some(last) = page.last() {
                queue.next = queue.next.max(last.seq + 1);
            }
            let fresh = page
                .into_iter()
                .filter(|event| !queue.waiting.contains_key(&event.seq));
            taken.extend(fresh.map(|event| Handout {
                token: token(),
                event,
                earlier: 0,
                direct: false,
                history: None,
                event_kept: false,
            }));
        });
        Ok(taken)
    }

    async fn finish(&self, _group: &str, _tokens: &[HandoutToken]) -> EngineResult<()> {
        Ok(())
    }

    async fn terminate(&self, _group: &str, _tokens: &[HandoutToken]) -> EngineResult<()> {
        Ok(())
    }

    async fn retry(&self, group: &str, retry: Retry) -> EngineResult<()> {
        let waiting = Waiting {
            attempts: retry.attempts,
            due_ms: retry.due_ms,
            history: Some(retry.history),
            kept: retry.kept,
        };
        let row = waiting_row(group, retry.seq, &waiting);
        let known = self
            .log_handouts()
            .with(group, |queue| queue.wait(retry.seq, waiting));
        if known.is_none() {
            return Ok(()); // deleted meanwhile
        }
        self.write_state(vec![row]).await
    }

    async fn forget(&self, _group: &str, _seqs: &[u64]) -> EngineResult<()> {
        Ok(())
    }

    async fn hold(&self, _tokens: &[HandoutToken]) -> EngineResult<()> {
        Ok(())
    }

    fn reclaim(&self, _group: &str, _seq: u64) -> Option<HandoutToken> {
        Some(token())
    }

    fn next_due_ms(&self, group: &str, _now_ms: i64) -> Option<i64> {
        self.log_handouts()
            .with(group, |queue| queue.due.first().map(|&(due, _)| due))
            .flatten()
    }

    fn waiting(&self, group: &str) -> u64 {
        self.log_handouts()
            .with(group, |queue| queue.waiting.len() as u64)
            .unwrap_or(0)
    }

    /// A route is a record; its position moves with each forward (`route_progress`).
    async fn put_route(
        &self,
        name: &str,
        _pattern: &str,
        _start: u64,
        record: &str,
    ) -> EngineResult<()> {
        let put = route_record(name, record);
        self.write_state(vec![put]).await
    }

    async fn delete_route(&self, name: &str) -> EngineResult<()> {
        let routes = self.records(ROUTE_RECORDS).await?;
        if routes.iter().all(|(id, _)| id != name) {
            return Err(crate::engine::EngineError::NotFound);
        }
        let remove = StateOp::RemoveRecord {
            kind: ROUTE_RECORDS.into(),
            id: name.to_owned(),
        };
        self.write_state(vec![remove]).await
    }

    async fn routes(&self) -> EngineResult<Vec<(String, String)>> {
        self.records(ROUTE_RECORDS).await
    }

    /// The log's events after the route's position, whatever their topic: the route
    /// looks at them in order.
    async fn take_route(
        &self,
        _name: &str,
        position: u64,
        max: usize,
    ) -> EngineResult<Vec<Handout>> {
        let page = crate::engine::read_through_live(self, position + 1, max).await?;
        Ok(page
            .into_iter()
            .map(|event| Handout {
                event,
                token: token(),
                earlier: 0,
                direct: false,
                history: None,
                event_kept: false,
            })
            .collect())
    }

    fn route_progress(&self, name: &str, record: &str) -> Vec<StateOp> {
        vec![route_record(name, record)]
    }
}

/// The kind of record a route is kept as.
const ROUTE_RECORDS: &str = "route";

fn route_record(name: &str, record: &str) -> StateOp {
    StateOp::PutRecord {
        kind: ROUTE_RECORDS.into(),
        id: name.to_owned(),
        body: record.to_owned(),
    }
}
