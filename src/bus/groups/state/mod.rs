//! One consumer group's leases, as a plain state machine: no I/O, no awaiting. Every
//! change it makes is also returned as `StateOp`s for the engine to keep, and as what
//! to tell the engine about its hand-outs (`Changes`).
//!
//! Events come from the engine's hand-outs (`add_handouts`): events of the log go to the
//! lookahead, to be looked at in order past the cursor; the rest (retries, events put
//! straight into the group) are due at once. A delivery is leased (a member holds it
//! until `due_ms`) or due (waiting for a member's pull); a failed attempt goes back to
//! the engine, which times its retry. One ordered set of `(due_ms, seq)` serves lease
//! expiry and due deliveries.
//!
//! An ordered group hands out one event per ordering key at a time (`keys`): the others
//! of that key are held back, and so is its failed event, whose retry the group times
//! itself so the key stays held. What it holds back is stored with its leases
//! ([`HELD_BACK`]), so it comes back with them after a restart.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

pub use super::def::{GroupDef, PushTarget};
use super::history::History;
use crate::api::dead_letter::{Attempt, DeadLetter, DeadReason};
use crate::api::receipt::Receipt;
use crate::api::time::{format_duration, format_rfc3339_ms};
use crate::engine::handout::{Handout, HandoutToken, Retry};
use crate::engine::peers::ServerShare;
use crate::engine::{HELD_BACK, StateOp, StoredDelivery, StoredEvent};

/// The due time of an event held back for its key: never, until the key is let go.
const FOR_ITS_KEY: i64 = i64::MAX;

/// At most this many events of an ordered group wait for their keys; beyond it the
/// group reads no further into the log until some are handed out.
const MAX_WAITING_FOR_KEYS: usize = 10_000;

struct Pending {
    attempts: u32,
    due_ms: i64,
    /// Who holds the lease; `None` while due, waiting for a pull.
    member: Option<Arc<str>>,
    history: History,
    event: StoredEvent,
    /// Store the event with the lease: the engine keeps it only with the delivery (a
    /// requeued dead letter may be gone from the log).
    event_kept: bool,
    /// Its ordering key, in an ordered group.
    key: Option<Arc<str>>,
}

/// A lease just granted.
pub struct Leased {
    pub receipt: Receipt,
    pub attempt: u32,
    pub due_ms: i64,
    pub event: StoredEvent,
}

/// What a change did, besides the state: writes for the engine, what to tell the
/// engine of its hand-outs once those are durable, and news for `$evbus.>`.
#[derive(Default)]
pub struct Changes {
    pub ops: Vec<StateOp>,
    /// Hand-outs the group is done with.
    pub finished: Vec<HandoutToken>,
    /// Hand-outs the group gave up on (their dead letters are in `ops`).
    pub terminated: Vec<HandoutToken>,
    /// Hand-outs whose attempt failed, for the engine to hand out again after the delay.
    pub retried: Vec<Retry>,
    /// Events whose attempts a retry kept can be forgotten.
    pub forgotten: Vec<u64>,
    pub dead: Vec<DeadLetter>,
    /// What happened to events, for following them (stored with `ops`).
    pub steps: Vec<steps::StepRow>,
    pub joined: Vec<String>,
    pub left: Vec<String>,
}

/// Why a receipt cannot be settled.
#[derive(Debug, PartialEq, Eq)]
pub struct Conflict(pub String);

pub struct GroupState {
    pub def: GroupDef,
    pub cursor: u64,
    /// Events of the log handed out at and after the cursor, not yet looked at, each
    /// with whether it goes to this group ([`GroupDef::accepts`]).
    lookahead: VecDeque<(StoredEvent, bool)>,
    deliveries: BTreeMap<u64, Pending>,
    timers: BTreeSet<(i64, u64)>,
    members: HashMap<String, Member>,
    in_flight: u64,
    pub dead: u64,
    pub completed: u64,
    /// Hands out nothing while set (`groups pause`, or a push target answering 410).
    pub paused: bool,
    /// Paused by its pusher after failed POSTs: only the pusher's probe is handed out.
    pub probing: bool,
    /// Events the engine handed this server and the group is not done with: the
    /// hand-outs (one from the log, one if it was also put straight into the group), and
    /// how many earlier hand-outs went unfinished.
    handed: HashMap<u64, Handed>,
    /// An ordered group's keys: who holds each, who waits.
    keys: KeyLines,
    /// Receipts completed lately, for acks sent again.
    acked: RecentAcks,
}

impl GroupState {
    pub fn new(def: GroupDef, cursor: u64) -> Self {
        Self {
            def,
            cursor,
            lookahead: VecDeque::new(),
            deliveries: BTreeMap::new(),
            timers: BTreeSet::new(),
            members: HashMap::new(),
            in_flight: 0,
            dead: 0,
            completed: 0,
            paused: false,
            probing: false,
            handed: HashMap::new(),
            keys: KeyLines::default(),
            acked: RecentAcks::default(),
        }
    }

    /// Puts back a lease the engine stored, at start-up, with the hand-out to settle it.
    pub fn restore(&mut self, stored: StoredDelivery, event: StoredEvent, token: HandoutToken) {
        let history = History::from_json(stored.history);
        let member = stored.member.filter(|member| &**member != HELD_BACK);
        if member.is_some() {
            self.in_flight += 1;
        }
        self.timers.insert((stored.due_ms, stored.seq));
        self.handed
            .entry(stored.seq)
            .or_default()
            .tokens
            .push(token);
        self.deliveries.insert(
            stored.seq,
            Pending {
                attempts: stored.attempts,
                due_ms: stored.due_ms,
                member,
                history,
                event_kept: stored.event.is_some(),
                key: self.def.key_of(&event),
                event,
            },
        );
    }

    /// Moves a delivery's due time.
    fn reschedule(&mut self, seq: u64, due_ms: i64) {
        let pending = self
            .deliveries
            .get_mut(&seq)
            .expect("rescheduled seq is pending");
        self.timers.remove(&(pending.due_ms, seq));
        pending.due_ms = due_ms;
        self.timers.insert((due_ms, seq));
    }

    /// Whether `seq` is in progress here: handed out, leased or due.
    pub fn knows(&self, seq: u64) -> bool {
        self.deliveries.contains_key(&seq) || self.handed.contains_key(&seq)
    }

    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    pub fn waiting(&self) -> u64 {
        self.deliveries.len() as u64 - self.in_flight
    }

    /// This server's share of the group: every hand-out not let go of yet, the leases
    /// among them, and what it completed.
    pub fn share(&self) -> ServerShare {
        let held: usize = self.handed.values().map(|handed| handed.tokens.len()).sum();
        ServerShare {
            held: held as u64,
            in_flight: self.in_flight,
            completed: self.completed,
        }
    }

    /// Fails every lease past its time, and lets idle members go.
    pub fn expire(&mut self, now_ms: i64, changes: &mut Changes) {
        let expired: Vec<u64> = self
            .timers
            .range(..=(now_ms, u64::MAX))
            .map(|&(_, seq)| seq)
            .filter(|seq| self.deliveries[seq].member.is_some())
            .collect();
        for seq in expired {
            let error = format!(
                "lease expired: not settled within the {} ack timeout",
                format_duration(self.def.ack_timeout)
            );
            self.fail(seq, now_ms, error, Failure::Expired, changes);
        }
        self.let_idle_members_go(now_ms, changes);
    }

    /// When the next lease runs out or retry comes due.
    pub fn next_due_ms(&self) -> Option<i64> {
        let (due, _) = self.timers.first()?;
        (*due != FOR_ITS_KEY).then_some(*due)
    }

    /// Whether some delivery waits for a pull at `now_ms`.
    pub fn has_due(&self, now_ms: i64) -> bool {
        self.timers
            .range(..=(now_ms, u64::MAX))
            .any(|(_, seq)| self.deliveries[seq].member.is_none())
    }

    /// Leases up to `max` due deliveries, oldest in the log first.
    pub fn lease_due(
        &mut self,
        member: &Arc<str>,
        max: usize,
        now_ms: i64,
        changes: &mut Changes,
    ) -> Vec<Leased> {
        let mut due: Vec<u64> = self.due_waiting(now_ms).take(max).collect();
        due.sort_unstable();
        due.into_iter()
            .map(|seq| self.lease(seq, member, now_ms, changes))
            .collect()
    }

    /// Deliveries waiting for a lease and due at `now_ms`.
    fn due_waiting(&self, now_ms: i64) -> impl Iterator<Item = u64> + '_ {
        self.timers
            .range(..=(now_ms, u64::MAX))
            .map(|&(_, seq)| seq)
            .filter(move |seq| self.deliveries[seq].member.is_none())
    }

    /// Events the engine handed out, in its order (a redelivery may be older than the
    /// cursor). An event already in progress here only renews its hand-out. What is
    /// direct is due at once, whatever the pattern; the rest goes to the lookahead, to
    /// be leased if it is accepted ([`GroupDef::accepts`]).
    pub fn add_handouts(
        &mut self,
        handed: Vec<(Handout, bool)>,
        now_ms: i64,
        changes: &mut Changes,
    ) {
        for (
            Handout {
                event,
                token,
                earlier,
                direct,
                history,
                event_kept,
            },
            accepted,
        ) in handed
        {
            let known = self.knows(event.seq);
            let entry = self.handed.entry(event.seq).or_default();
            entry.tokens.push(token);
            entry.earlier = entry.earlier.max(earlier);
            if history.is_some() {
                entry.history = History::from_json(history);
            }
            if known {
                continue;
            }
            if direct {
                let (seq, earlier, history) = (event.seq, entry.earlier, entry.history.clone());
                self.add_due(event, earlier, now_ms, event_kept);
                if let Some(pending) = self.deliveries.get_mut(&seq) {
                    pending.history = history;
                }
                self.bury_if_spent(seq, now_ms, changes);
                if self.deliveries.contains_key(&seq) {
                    self.admit(seq, changes);
                }
            } else {
                self.lookahead.push_back((event, accepted));
            }
        }
    }

    /// An event handed out again after its last attempt (its server died during that
    /// attempt) has no attempt left: it goes to the dead letters as expired.
    fn bury_if_spent(&mut self, seq: u64, now_ms: i64, changes: &mut Changes) {
        let max_attempts = self.def.max_attempts;
        let Some(pending) = self.deliveries.get(&seq) else {
            return;
        };
        if pending.attempts < max_attempts {
            return;
        }
        let mut pending = self.release(seq);
        if pending.history.last_attempt() != Some(pending.attempts) {
            pending.history.push(Attempt {
                attempt: pending.attempts,
                at: format_rfc3339_ms(now_ms),
                member: String::new(),
                error: "lease lost: the server that handed it out stopped".into(),
                round: 0,
            });
        }
        self.bury(seq, pending, DeadReason::Expired, now_ms, changes);
    }

    /// Every hand-out this group still holds, to keep from other servers.
    pub fn held_tokens(&self) -> impl Iterator<Item = &HandoutToken> {
        self.handed.values().flat_map(|handed| handed.tokens.iter())
    }

    /// Lets the engine forget `seq`: the group is done with it (`gave_up`: its dead
    /// letter is stored). What a retry kept of its attempts goes too.
    fn finish(&mut self, seq: u64, gave_up: bool, failed_before: bool, changes: &mut Changes) {
        let Some(handed) = self.handed.remove(&seq) else {
            return;
        };
        if gave_up {
            changes.terminated.extend(handed.tokens);
        } else {
            changes.finished.extend(handed.tokens);
        }
        if failed_before || !handed.history.is_empty() {
            changes.forgotten.push(seq);
        }
    }

    /// Looks at the events after the cursor and leases up to `max` that match. Returns
    /// `None` when the lookahead ran dry before `max` were found (read more, then call
    /// again).
    pub fn lease_new(
        &mut self,
        member: &Arc<str>,
        max: usize,
        now_ms: i64,
        leased: &mut Vec<Leased>,
        changes: &mut Changes,
    ) -> Option<()> {
        let start = self.cursor;
        while leased.len() < max {
            if self.keys.waiting() >= MAX_WAITING_FOR_KEYS {
                // Enough is held back for its keys: what comes next waits in the log.
                break;
            }
            let Some((event, accepted)) = self.lookahead.pop_front() else {
                self.push_cursor(start, changes);
                return None;
            };
            self.cursor = self.cursor.max(event.seq + 1);
            if self.deliveries.contains_key(&event.seq) {
                continue;
            }
            if !accepted {
                self.finish(event.seq, false, false, changes);
                continue;
            }
            let seq = event.seq;
            let (earlier, history) = self
                .handed
                .get(&seq)
                .map_or((0, History::default()), |handed| {
                    (handed.earlier, handed.history.clone())
                });
            self.deliveries.insert(
                seq,
                Pending {
                    attempts: earlier,
                    due_ms: 0,
                    member: None,
                    history,
                    key: self.def.key_of(&event),
                    event,
                    event_kept: false,
                },
            );
            self.timers.insert((0, seq));
            self.bury_if_spent(seq, now_ms, changes);
            if self.deliveries.contains_key(&seq) && self.admit(seq, changes) {
                leased.push(self.lease(seq, member, now_ms, changes));
            }
        }
        self.push_cursor(start, changes);
        Some(())
    }

    fn push_cursor(&self, start: u64, changes: &mut Changes) {
        if self.cursor != start {
            changes.ops.push(StateOp::Cursor {
                name: self.def.name.clone(),
                cursor: self.cursor,
            });
        }
    }

    /// A delivery waiting for its first (or next) lease, due at `now_ms`.
    fn add_due(&mut self, event: StoredEvent, attempts: u32, now_ms: i64, event_kept: bool) {
        let seq = event.seq;
        self.deliveries.insert(
            seq,
            Pending {
                attempts,
                due_ms: now_ms,
                member: None,
                history: History::default(),
                key: self.def.key_of(&event),
                event,
                event_kept,
            },
        );
        self.timers.insert((now_ms, seq));
    }

    fn lease(&mut self, seq: u64, member: &Arc<str>, now_ms: i64, changes: &mut Changes) -> Leased {
        let due_ms = now_ms + self.def.ack_timeout.as_millis() as i64;
        let pending = self
            .deliveries
            .get_mut(&seq)
            .expect("leased seq is pending");
        self.timers.remove(&(pending.due_ms, seq));
        pending.attempts += 1;
        pending.due_ms = due_ms;
        pending.member = Some(member.clone());
        self.timers.insert((due_ms, seq));
        self.in_flight += 1;
        if let Some(known) = self.members.get_mut(&**member) {
            known.in_flight += 1;
        }
        let leased = Leased {
            receipt: Receipt::new(seq, pending.attempts),
            attempt: pending.attempts,
            due_ms,
            event: pending.event.clone(),
        };
        self.persist(seq, changes);
        leased
    }

    fn persist(&self, seq: u64, changes: &mut Changes) {
        let pending = &self.deliveries[&seq];
        changes.ops.push(StateOp::PutDelivery {
            group: self.def.name.clone(),
            delivery: StoredDelivery {
                seq,
                attempts: pending.attempts,
                due_ms: pending.due_ms,
                member: pending
                    .member
                    .clone()
                    .or_else(|| pending.key.as_ref().map(|_| HELD_BACK.into())),
                history: pending.history.to_json(),
                event: pending.event_kept.then(|| pending.event.json.clone()),
            },
        });
    }
}

mod acked;
mod handed;
mod keys;
mod members;
mod settle;
pub mod steps;
use acked::RecentAcks;
use handed::Handed;
use keys::KeyLines;
pub use members::MEMBER_IDLE_MS;
use members::Member;
use settle::Failure;
#[cfg(test)]
mod tests;
