//! Handing out: pulls lease what the engine hands out, settles and timers change the
//! leases, and every change is committed in order (see `commit`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::MutexGuard;

use super::{Changes, GroupState, Handle, Leased, Settlement, receipts};
use crate::bus::{Bus, BusError};
use crate::engine::{StateOp, StoredEvent};

/// How often leases and idle members are checked when nobody pulls.
const TIMER_TICK: Duration = Duration::from_millis(100);
/// How often a server renews its hold on events in progress (well within a shared
/// engine's hold) and tells the other servers, if any, what it knows.
const HOLD_ROUND: Duration = Duration::from_secs(3);

impl Bus {
    /// Leases up to `max` events to `member`, waiting up to `wait` for the first. An
    /// ordered group led by another server is pulled through that server.
    pub async fn pull(
        &self,
        name: &str,
        member: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Leased>, BusError> {
        let handle = self.find_handle(name).await?;
        if handle.ordered
            && let Some(leader) = self.leader_elsewhere(name, &handle.lead).await?
        {
            return (self.pull_from(leader, name, &handle.lead, member, max, wait)).await;
        }
        self.pull_here(name, member, max, wait).await
    }

    /// [`Bus::pull`] from what this server takes of the group.
    pub(crate) async fn pull_here(
        &self,
        name: &str,
        member: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Leased>, BusError> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut committed = self.engine().live().subscribe();
        let mut shutdown = self.shutdown_signal();
        loop {
            let handle = self.find_handle(name).await?;
            let notified = handle.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            committed.borrow_and_update();
            let leased = self.lease(&handle, member, max.max(1)).await?;
            let now = tokio::time::Instant::now();
            if !leased.is_empty() || now >= deadline || *shutdown.borrow() {
                let public = |mut lease: Leased| {
                    lease.receipt = lease.receipt.at(self.server_id());
                    lease
                };
                return Ok(leased.into_iter().map(public).collect());
            }
            // Also wake for this group's next lease expiry or retry, if it comes first.
            let now_ms = self.clock().now_ms();
            let here = handle.state.lock().await.next_due_ms();
            let engine = self.engine().handouts().next_due_ms(name, now_ms);
            let wake_at = match here.into_iter().chain(engine).min() {
                Some(due) => {
                    let wait = (due - now_ms).max(0) as u64 + 1;
                    deadline.min(now + Duration::from_millis(wait))
                }
                None => deadline,
            };
            tokio::select! {
                changed = committed.changed() => if changed.is_err() { return Ok(leased) },
                _ = &mut notified => {}
                _ = tokio::time::sleep_until(wake_at) => {}
                _ = shutdown.wait_for(|stopping| *stopping) => {}
            }
        }
    }

    async fn lease(
        &self,
        handle: &Handle,
        member: &str,
        max: usize,
    ) -> Result<Vec<Leased>, BusError> {
        let mut state = handle.state.lock().await;
        let now = self.clock().now_ms();
        let mut changes = Changes::default();
        state.touch(member, now, &mut changes);
        state.expire(now, &mut changes);
        // A group its pusher paused still hands out the pusher's probe, one at a time.
        let probe = state.probing && member == super::push::PROBE_MEMBER && max == 1;
        if state.paused && !probe {
            self.commit(state, changes).await?;
            return Ok(Vec::new());
        }
        let member: Arc<str> = Arc::from(member);
        let mut take_error = None;
        let handouts = self.engine().handouts();
        let name = state.def.name.clone();
        // Retries the engine times come before new events, once due.
        let retry_due = handouts
            .next_due_ms(&name, now)
            .is_some_and(|due| due <= now);
        if retry_due && let Err(err) = self.take(&mut state, max, now, &mut changes).await {
            take_error = Some(err);
        }
        let mut leased = state.lease_due(&member, max, now, &mut changes);
        while take_error.is_none()
            && state
                .lease_new(&member, max, now, &mut leased, &mut changes)
                .is_none()
        {
            // Take only what this pull needs, so other servers' members get the rest.
            let wanted = max.saturating_sub(leased.len()).max(1);
            match self.take(&mut state, wanted, now, &mut changes).await {
                Ok(false) => break,
                Ok(true) => {
                    // What is direct is due now.
                    let room = max.saturating_sub(leased.len());
                    leased.extend(state.lease_due(&member, room, now, &mut changes));
                    if leased.len() >= max {
                        break;
                    }
                }
                Err(err) => take_error = Some(err),
            }
        }
        self.commit(state, changes).await?;
        match take_error {
            Some(crate::engine::EngineError::NotFound) => {
                // Deleted through another server.
                self.drop_handle(&name);
                Err(self.handle(&name).err().expect("the group is gone"))
            }
            Some(err) if leased.is_empty() => Err(err.into()),
            _ => Ok(leased),
        }
    }

    /// Takes what the engine hands out for the group now; `false` when it had nothing.
    async fn take(
        &self,
        state: &mut GroupState,
        max: usize,
        now: i64,
        changes: &mut Changes,
    ) -> Result<bool, crate::engine::EngineError> {
        let handed = self
            .engine()
            .handouts()
            .take(&state.def.name, max, now)
            .await?;
        if handed.is_empty() {
            return Ok(false);
        }
        let accepted = state
            .def
            .accepts(handed.iter().map(|handout| &handout.event))
            .await;
        state.add_handouts(handed.into_iter().zip(accepted).collect(), now, changes);
        Ok(true)
    }

    /// Applies `how` to each receipt of a lease this server runs. Receipts settle
    /// independently: the valid ones take effect even when others conflict.
    pub(super) async fn settle_here(
        &self,
        name: &str,
        member: Option<&str>,
        receipts: &[String],
        how: &Settlement,
    ) -> Result<receipts::Outcome, BusError> {
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let now = self.clock().now_ms();
        let mut changes = Changes::default();
        if let Some(member) = member {
            state.touch(member, now, &mut changes);
        }
        let mut conflicts = Vec::new();
        let mut settled = 0;
        let mut until = None;
        for receipt in receipts {
            let outcome = match how {
                Settlement::Ack => state.ack(receipt, now, &mut changes),
                Settlement::Nack { delay, error } => {
                    state.nack(receipt, *delay, error.clone(), now, &mut changes)
                }
                Settlement::Reject { error } => {
                    state.reject(receipt, error.clone(), now, &mut changes)
                }
                Settlement::Extend { lease } => {
                    let lease = lease.unwrap_or(state.def.ack_timeout);
                    state
                        .extend(receipt, lease, now, &mut changes)
                        .map(|due| until = Some(due))
                }
            };
            match outcome {
                Ok(()) => settled += 1,
                Err(conflict) => conflicts.push(conflict.0),
            }
        }
        let retry_now =
            matches!(how, Settlement::Nack { delay: Some(delay), .. } if delay.is_zero());
        self.commit(state, changes).await?;
        if retry_now {
            handle.wake.notify_waiters();
        }
        Ok(receipts::Outcome {
            settled,
            until,
            conflicts,
        })
    }

    /// A member says goodbye (its leases run on until settled or expired).
    pub async fn leave_group(&self, name: &str, member: &str) -> Result<(), BusError> {
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let mut changes = Changes::default();
        state.leave(member, &mut changes);
        self.commit(state, changes).await
    }

    /// Submits `changes` while the group is still locked (so the engine sees them in
    /// order), then waits for them to be durable with the lock released.
    pub(super) async fn commit(
        &self,
        state: MutexGuard<'_, GroupState>,
        mut changes: Changes,
    ) -> Result<(), BusError> {
        let finished = std::mem::take(&mut changes.finished);
        let terminated = std::mem::take(&mut changes.terminated);
        let retried = std::mem::take(&mut changes.retried);
        let forgotten = std::mem::take(&mut changes.forgotten);
        let (joined, left) = (changes.joined.clone(), changes.left.clone());
        // Events let go for a retry wait in the engine now: other servers count them as
        // pending once they know this one no longer holds them.
        let share = (!retried.is_empty()).then(|| state.share());
        let group = state.def.name.clone();
        let steps = std::mem::take(&mut changes.steps);
        changes
            .ops
            .extend(super::state::steps::ops_of(&group, steps));
        let durable = (!changes.ops.is_empty()).then(|| self.engine().write_state(changes.ops));
        drop(state);
        for letter in &changes.dead {
            self.announce_dead_letter(letter);
        }
        for member in changes.joined {
            self.announce(
                "$evbus.member.joined",
                serde_json::json!({ "group": group, "member": member }),
            );
        }
        for member in changes.left {
            self.announce(
                "$evbus.member.left",
                serde_json::json!({ "group": group, "member": member }),
            );
        }
        if let Some(durable) = durable {
            durable.await?;
        }
        // Only once the outcome (a dead letter, say) is stored does the engine let go.
        let handouts = self.engine().handouts();
        if !finished.is_empty() {
            handouts.finish(&group, &finished).await?;
        }
        if !terminated.is_empty() {
            handouts.terminate(&group, &terminated).await?;
        }
        for retry in retried {
            handouts.retry(&group, retry).await?;
        }
        if !forgotten.is_empty() {
            handouts.forget(&group, &forgotten).await?;
        }
        self.tell_peers(&group, &joined, &left, share).await;
        Ok(())
    }

    /// Expires leases and idle members and wakes pulls for due retries, until shutdown.
    pub(crate) async fn run_group_timers(self) {
        let mut shutdown = self.shutdown_signal();
        let mut last_hold_round = tokio::time::Instant::now();
        loop {
            if !crate::bus::wait_unless_stopping(&mut shutdown, TIMER_TICK).await {
                return;
            }
            if last_hold_round.elapsed() >= HOLD_ROUND {
                last_hold_round = tokio::time::Instant::now();
                self.hold_round().await;
            }
            let handles = self.handles();
            for handle in handles {
                let mut state = handle.state.lock().await;
                let now = self.clock().now_ms();
                let mut changes = Changes::default();
                state.expire(now, &mut changes);
                let due = state.has_due(now)
                    || (self.engine().handouts())
                        .next_due_ms(&state.def.name, now)
                        .is_some_and(|due| due <= now);
                if let Err(err) = self.commit(state, changes).await {
                    tracing::warn!(error = %err, "cannot store expired leases; will retry");
                }
                if due {
                    handle.wake.notify_waiters();
                }
            }
        }
    }

    /// Keeps what this server holds from going to other servers (on a shared engine),
    /// and tells them what it knows.
    async fn hold_round(&self) {
        let handouts = self.engine().handouts();
        let mut tokens = Vec::new();
        let mut groups = Vec::new();
        let mut ordered = Vec::new();
        for handle in self.handles() {
            let state = handle.state.lock().await;
            tokens.extend(state.held_tokens().cloned());
            let names: Vec<String> = state.members().into_iter().map(|(name, ..)| name).collect();
            groups.push((state.def.name.clone(), names, state.share()));
            if handle.ordered {
                ordered.push((state.def.name.clone(), handle.clone()));
            }
        }
        // Outside the groups' locks: renewing asks the engine.
        for (name, handle) in ordered {
            self.renew_lead(&name, &handle.lead).await;
        }
        if let Err(err) = handouts.hold(&tokens).await {
            tracing::warn!(error = %err, "cannot renew the hold on events in progress");
        }
        self.cluster_round(groups).await;
    }

    /// Puts events back into a group as fresh deliveries, for whichever member pulls
    /// first, with what depends on them (a dead letter's removal, a replay's progress);
    /// returns how many were taken (an event already in progress in the group is not
    /// added twice).
    pub(crate) async fn enqueue(
        &self,
        name: &str,
        events: Vec<StoredEvent>,
        extra_ops: Vec<StateOp>,
    ) -> Result<usize, BusError> {
        let handle = self.find_handle(name).await?;
        let taken = {
            let state = handle.state.lock().await;
            let fresh = events.into_iter().filter(|event| !state.knows(event.seq));
            let handouts = self.engine().handouts();
            handouts.put(name, fresh.collect(), extra_ops).await?
        };
        handle.wake.notify_waiters();
        Ok(taken)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::api::Event;
    use crate::api::group::GroupSpec;

    async fn bus_with_group(ack_timeout: &str, backoff: &str) -> Bus {
        let bus = Bus::in_memory().await;
        bus.create_group(GroupSpec {
            name: "g".into(),
            pattern: "t.*".into(),
            filter: None,
            start: None,
            max_attempts: Some(3),
            backoff: Some(backoff.into()),
            ack_timeout: Some(ack_timeout.into()),
            ..GroupSpec::default()
        })
        .await
        .unwrap();
        let event = Event {
            topic: "t.x".into(),
            ..Event::default()
        };
        bus.emit(vec![event]).await.unwrap();
        bus
    }

    async fn pull_now(bus: &Bus) -> Vec<Leased> {
        bus.pull("g", "m", 10, Duration::ZERO).await.unwrap()
    }

    /// A lease lasts exactly the ack timeout; expiry is a failed attempt retried after the
    /// backoff; the third expiry dead-letters it as `expired`.
    #[tokio::test(start_paused = true)]
    async fn leases_expire_on_time_and_retries_wait_for_the_backoff() {
        let bus = bus_with_group("30s", "2s..2s").await;
        assert_eq!(pull_now(&bus).await[0].attempt, 1);
        tokio::time::advance(Duration::from_millis(29_900)).await;
        assert!(pull_now(&bus).await.is_empty(), "the lease still holds");
        tokio::time::advance(Duration::from_millis(200)).await;
        assert!(
            pull_now(&bus).await.is_empty(),
            "expired, but the backoff has not passed"
        );
        tokio::time::advance(Duration::from_millis(2_000)).await;
        let second = pull_now(&bus).await;
        assert_eq!(second[0].attempt, 2);
        tokio::time::advance(Duration::from_secs(33)).await;
        assert!(
            pull_now(&bus).await.is_empty(),
            "the second expiry waits for its backoff"
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(pull_now(&bus).await[0].attempt, 3);
        tokio::time::advance(Duration::from_secs(31)).await;
        assert!(pull_now(&bus).await.is_empty());
        let info = bus.group("g").await.unwrap();
        assert_eq!((info.dead, info.in_flight, info.pending), (1, 0, 0));
        let letters = bus
            .dead_letters(crate::bus::DlqQuery {
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            letters[0].reason,
            crate::api::dead_letter::DeadReason::Expired
        );
        assert_eq!(letters[0].attempts.len(), 3);
    }

    /// The bus runs its own lease timers: a lease nobody settles expires on time, with
    /// no pull to notice it.
    #[tokio::test(start_paused = true)]
    async fn a_lease_expires_with_nobody_pulling() {
        let bus = bus_with_group("30s", "2s..2s").await;
        assert_eq!(pull_now(&bus).await.len(), 1);
        tokio::time::sleep(Duration::from_millis(29_900)).await;
        assert_eq!(bus.group("g").await.unwrap().in_flight, 1);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let info = bus.group("g").await.unwrap();
        assert_eq!(
            (info.in_flight, info.pending),
            (0, 1),
            "expired, waiting for its retry"
        );
    }

    /// Extending moves the lease's end; a nack's own delay overrides the backoff; a long
    /// poll wakes when the retry comes due.
    #[tokio::test(start_paused = true)]
    async fn extend_and_nack_delays_move_the_timers() {
        let bus = bus_with_group("10s", "1m..1m").await;
        let lease = pull_now(&bus).await.remove(0);
        tokio::time::advance(Duration::from_secs(8)).await;
        let receipts = [lease.receipt.to_string()];
        let extend = Settlement::Extend {
            lease: Some(Duration::from_secs(20)),
        };
        bus.settle("g", None, &receipts, &extend).await.unwrap();
        tokio::time::advance(Duration::from_secs(15)).await;
        let nack = Settlement::Nack {
            delay: Some(Duration::from_secs(5)),
            error: "later".into(),
        };
        bus.settle("g", None, &receipts, &nack)
            .await
            .expect("still leased after the extension");
        let started = tokio::time::Instant::now();
        let retry = bus
            .pull("g", "m", 10, Duration::from_secs(30))
            .await
            .unwrap();
        assert_eq!(retry[0].attempt, 2);
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(5) && waited < Duration::from_secs(6),
            "the retry came after {waited:?}, not after the nack's 5s"
        );
    }
}
