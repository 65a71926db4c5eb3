//! Settling leases: a receipt names the lease, and each way of settling it (ack, nack,
//! reject, extend) or its expiry changes the state and says what to store.

use std::time::Duration;

use super::super::backoff::retry_delay;
use super::steps::StepRow;
use super::{Changes, Conflict, GroupState, Pending};
use crate::api::dead_letter::{Attempt, DeadReason};
use crate::api::follow::Outcome;
use crate::api::receipt::Receipt;
use crate::api::time::format_rfc3339_ms;
use crate::engine::StateOp;
use crate::engine::handout::Retry;

impl GroupState {
    /// The seq of the live lease `receipt` names, or why there is none.
    fn held(&self, text: &str, now_ms: i64) -> Result<u64, Conflict> {
        let Some(Receipt { seq, attempt, .. }) = text
            .parse::<Receipt>()
            .ok()
            .filter(|receipt| receipt.server.is_none())
        else {
            return Err(Conflict(format!(
                "'{text}' is not a receipt: use the receipt a pull handed out (e.g. 42.1)"
            )));
        };
        let Some(pending) = self.deliveries.get(&seq) else {
            return Err(Conflict(format!(
                "receipt {text}: event {seq} has no delivery in progress (already settled, or never delivered)"
            )));
        };
        if pending.attempts != attempt {
            return Err(Conflict(format!(
                "receipt {text} is stale: event {seq} is on attempt {} now",
                pending.attempts
            )));
        }
        match &pending.member {
            Some(_) if pending.due_ms > now_ms => Ok(seq),
            Some(_) => Err(Conflict(format!(
                "receipt {text}: the lease has expired and counts as a failed attempt"
            ))),
            None => Err(Conflict(format!(
                "receipt {text}: the lease has ended (expired or nacked); the event waits for its retry"
            ))),
        }
    }

    pub(super) fn release(&mut self, seq: u64) -> Pending {
        let mut pending = self
            .deliveries
            .remove(&seq)
            .expect("released seq is pending");
        self.timers.remove(&(pending.due_ms, seq));
        if let Some(member) = pending.member.take() {
            self.in_flight -= 1;
            if let Some(known) = self.members.get_mut(&*member) {
                known.in_flight = known.in_flight.saturating_sub(1);
            }
            pending.member = Some(member);
        }
        pending
    }

    pub fn ack(
        &mut self,
        receipt: &str,
        now_ms: i64,
        changes: &mut Changes,
    ) -> Result<(), Conflict> {
        let seq = match self.held(receipt, now_ms) {
            Ok(seq) => seq,
            Err(conflict) => return self.ack_again(receipt, changes).ok_or(conflict),
        };
        let done = self.release(seq);
        let row = StepRow {
            seq,
            attempt: done.attempts,
            at_ms: now_ms,
            member: done.member.as_deref().unwrap_or_default().to_owned(),
            outcome: Outcome::Acked,
            error: None,
            dead_letter: None,
            edited: false,
        };
        self.record_step(row, changes);
        let finished = changes.finished.len();
        self.finish(seq, false, !done.history.is_empty(), changes);
        let tokens = changes.finished[finished..].to_vec();
        self.acked.remember(seq, done.attempts, tokens);
        self.let_key_go(done.key.as_deref(), seq, now_ms, changes);
        self.completed += 1;
        changes.ops.push(StateOp::RemoveDelivery {
            group: self.def.name.clone(),
            seq,
        });
        Ok(())
    }

    /// An ack of a receipt this group completed lately answers as the first one did:
    /// its client may not have heard that answer (a 5xx as storage failed, a lost
    /// connection). What the first ack stores and lets go of is done again, so an ack
    /// that did not become durable then does now.
    fn ack_again(&mut self, receipt: &str, changes: &mut Changes) -> Option<()> {
        let Receipt { seq, attempt, .. } = receipt.parse::<Receipt>().ok()?;
        let tokens = self.acked.get(seq, attempt)?;
        changes.finished.extend(tokens.iter().cloned());
        changes.ops.push(StateOp::RemoveDelivery {
            group: self.def.name.clone(),
            seq,
        });
        Some(())
    }

    pub fn nack(
        &mut self,
        receipt: &str,
        delay: Option<Duration>,
        error: String,
        now_ms: i64,
        changes: &mut Changes,
    ) -> Result<(), Conflict> {
        let seq = self.held(receipt, now_ms)?;
        self.fail(seq, now_ms, error, Failure::Nacked(delay), changes);
        Ok(())
    }

    pub fn reject(
        &mut self,
        receipt: &str,
        error: String,
        now_ms: i64,
        changes: &mut Changes,
    ) -> Result<(), Conflict> {
        let seq = self.held(receipt, now_ms)?;
        self.fail(seq, now_ms, error, Failure::Rejected, changes);
        Ok(())
    }

    /// Moves the lease's end to `lease` from now; returns the new end.
    pub fn extend(
        &mut self,
        receipt: &str,
        lease: Duration,
        now_ms: i64,
        changes: &mut Changes,
    ) -> Result<i64, Conflict> {
        let seq = self.held(receipt, now_ms)?;
        let due_ms = now_ms + lease.as_millis() as i64;
        let pending = self.deliveries.get_mut(&seq).expect("held seq is pending");
        self.timers.remove(&(pending.due_ms, seq));
        pending.due_ms = due_ms;
        self.timers.insert((due_ms, seq));
        self.persist(seq, changes);
        Ok(due_ms)
    }

    pub(super) fn fail(
        &mut self,
        seq: u64,
        now_ms: i64,
        error: String,
        how: Failure,
        changes: &mut Changes,
    ) {
        let mut pending = self.release(seq);
        let member = pending.member.take();
        let outcome = match how {
            Failure::Nacked(_) => Outcome::Nacked,
            Failure::Expired => Outcome::Expired,
            Failure::Rejected => Outcome::Rejected,
        };
        let row = StepRow {
            seq,
            attempt: pending.attempts,
            at_ms: now_ms,
            member: member.as_deref().unwrap_or_default().to_owned(),
            outcome,
            error: Some(error.clone()),
            dead_letter: None,
            edited: false,
        };
        self.record_step(row, changes);
        pending.history.push(Attempt {
            attempt: pending.attempts,
            at: format_rfc3339_ms(now_ms),
            member: member.as_deref().unwrap_or_default().to_owned(),
            error,
            round: 0,
        });
        let exhausted = pending.attempts >= self.def.max_attempts;
        let reason = match how {
            Failure::Rejected => Some(DeadReason::Rejected),
            Failure::Nacked(_) if exhausted => Some(DeadReason::MaxAttempts),
            Failure::Expired if exhausted => Some(DeadReason::Expired),
            _ => None,
        };
        if let Some(reason) = reason {
            self.bury(seq, pending, reason, now_ms, changes);
            return;
        }
        let delay = match how {
            Failure::Nacked(Some(delay)) => delay,
            _ => retry_delay(self.def.backoff, pending.attempts),
        };
        let due_ms = now_ms + delay.as_millis() as i64;
        if pending.key.is_some() {
            // The key stays held until the retry is done: the group times it itself.
            pending.member = None;
            pending.due_ms = due_ms;
            self.deliveries.insert(seq, pending);
            self.timers.insert((due_ms, seq));
            self.persist(seq, changes);
            return;
        }
        // The engine times the retry, and hands the event out again once it is due.
        let handed = self.handed.remove(&seq).unwrap_or_default();
        let mut tokens = handed.tokens.into_iter();
        if let Some(token) = tokens.next() {
            changes.retried.push(Retry {
                seq,
                token,
                delay,
                due_ms,
                attempts: pending.attempts,
                history: pending.history.to_json().unwrap_or_else(|| "[]".into()),
                kept: pending.event_kept.then(|| pending.event.json.clone()),
            });
        }
        // Also put straight into the group: one hand-out is enough for the retry.
        changes.finished.extend(tokens);
    }

    pub(super) fn bury(
        &mut self,
        seq: u64,
        pending: Pending,
        reason: DeadReason,
        now_ms: i64,
        changes: &mut Changes,
    ) {
        let (letter, op) = crate::bus::dlq::bury(
            &self.def.name,
            &pending.event,
            reason,
            pending.history.attempts(),
            now_ms,
        );
        let row = StepRow {
            seq,
            attempt: pending.attempts,
            at_ms: now_ms,
            member: String::new(),
            outcome: Outcome::Dead,
            error: Some(reason.as_str().to_owned()),
            dead_letter: Some(letter.id.clone()),
            edited: false,
        };
        self.record_step(row, changes);
        self.dead += 1;
        self.finish(seq, true, true, changes);
        self.let_key_go(pending.key.as_deref(), seq, now_ms, changes);
        changes.ops.push(StateOp::RemoveDelivery {
            group: self.def.name.clone(),
            seq,
        });
        changes.ops.push(op);
        changes.dead.push(letter);
    }

    /// Starts over at `cursor`: every delivery in progress is dropped, its receipts void.
    pub fn reset(&mut self, cursor: u64, changes: &mut Changes) {
        self.cursor = cursor;
        self.lookahead.clear();
        // The engine starts over too: these hand-outs are void.
        self.handed.clear();
        self.keys.clear();
        self.deliveries.clear();
        self.timers.clear();
        self.in_flight = 0;
        for member in self.members.values_mut() {
            member.in_flight = 0;
        }
        changes.ops.push(StateOp::ResetGroup {
            name: self.def.name.clone(),
            cursor,
        });
    }
}

pub(super) enum Failure {
    /// Explicitly failed, with an optional delay chosen by the handler.
    Nacked(Option<Duration>),
    Expired,
    Rejected,
}
