//! The queue manager: durable consumer groups with leases, retries and dead letters.
//!
//! Each group's state sits behind its own async lock. Every change is submitted to the
//! engine while that lock is held, so the engine writes changes in the order they were
//! made; the caller is answered only once they are durable. Long-poll pulls wait for new
//! events in the log, a retry coming due, or a lease running out.

pub mod backoff;
mod def;
mod history;
pub mod push;
mod receipts;
pub use crate::api::group::Settlement;
pub mod state;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, MutexGuard, Notify};

use super::{Bus, BusError, JqFilter, Start};
use crate::api::Pattern;
use crate::api::group::{
    Backoff, DEFAULT_ACK_TIMEOUT, DEFAULT_BACKOFF, DEFAULT_MAX_ATTEMPTS, GroupInfo, GroupSpec,
    MemberInfo,
};
use crate::api::time::{format_duration_exact, format_rfc3339_ms, parse_duration, parse_since_ms};
use crate::engine::{GroupOp, StoredEvent};
pub use backoff::Clock;
pub use state::{Changes, GroupDef, GroupState, Leased, PushTarget};

/// How often leases and idle members are checked when nobody pulls.
const TIMER_TICK: Duration = Duration::from_millis(100);
/// How often a server renews its hold on events in progress (well within a shared
/// engine's hold) and tells the other servers, if any, what it knows.
const HOLD_ROUND: Duration = Duration::from_secs(3);
/// Longest group name accepted.
const MAX_NAME_LEN: usize = 128;

#[derive(Default)]
pub struct Groups {
    map: RwLock<BTreeMap<String, Arc<Handle>>>,
    clock: Clock,
    /// Push groups whose pusher runs on this server.
    pushers: std::sync::Mutex<std::collections::HashSet<String>>,
}

struct Handle {
    state: Mutex<GroupState>,
    /// Wakes long-polling pulls when a retry comes due or the group changes.
    wake: Notify,
}

/// The definition as stored by the engine.
#[derive(Serialize, Deserialize)]
struct SpecRecord {
    pattern: String,
    filter: Option<String>,
    max_attempts: u32,
    backoff: String,
    ack_timeout: String,
    created_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    push: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_in_flight: Option<u32>,
    #[serde(default)]
    paused: bool,
}

pub(crate) fn validate_name(name: &str) -> Result<(), BusError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(BusError::InvalidArgument(format!(
            "invalid group name '{name}': use letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MAX_NAME_LEN} bytes"
        )))
    }
}

/// A start position as users write it: `new`, `beginning`, a seq, or a time.
pub fn parse_start(text: &str) -> Result<Start, String> {
    match text {
        "new" | "now" => Ok(Start::Now),
        "beginning" | "start" => Ok(Start::Beginning),
        _ => {
            if let Ok(seq) = text.parse::<u64>() {
                return Ok(Start::Seq(seq));
            }
            parse_since_ms(text).map(Start::Time).map_err(|_| {
                format!(
                    "invalid start '{text}': use new, beginning, a seq (1234), a duration back (10m) or an RFC 3339 time"
                )
            })
        }
    }
}

fn def_from_record(name: &str, record: SpecRecord) -> Result<GroupDef, String> {
    let pattern: Pattern = record.pattern.parse()?;
    let filter = match &record.filter {
        Some(code) => Some(Arc::new(JqFilter::compile(code)?)),
        None => None,
    };
    Ok(GroupDef {
        name: name.to_owned(),
        pattern,
        filter,
        filter_text: record.filter,
        max_attempts: record.max_attempts,
        backoff: record.backoff.parse()?,
        ack_timeout: parse_duration(&record.ack_timeout)?,
        created_ms: record.created_ms,
        push: record.push.map(|url| PushTarget {
            url,
            secret: record.secret,
            rate: record.rate,
            max_in_flight: record.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
        }),
    })
}

fn record_of(def: &GroupDef, paused: bool) -> String {
    let push = def.push.as_ref();
    serde_json::to_string(&SpecRecord {
        pattern: def.pattern.to_string(),
        filter: def.filter_text.clone(),
        max_attempts: def.max_attempts,
        backoff: def.backoff.to_string(),
        ack_timeout: format_duration_exact(def.ack_timeout),
        created_ms: def.created_ms,
        push: push.map(|push| push.url.clone()),
        secret: push.and_then(|push| push.secret.clone()),
        rate: push.and_then(|push| push.rate),
        max_in_flight: push.map(|push| push.max_in_flight),
        paused,
    })
    .expect("group specs serialize")
}

/// Push deliveries in flight at once, by default.
const DEFAULT_MAX_IN_FLIGHT: u32 = 10;

impl Bus {
    fn groups_map(&self) -> &Groups {
        &self.inner.groups
    }

    pub fn clock(&self) -> Clock {
        self.inner.groups.clock
    }

    fn handle(&self, name: &str) -> Result<Arc<Handle>, BusError> {
        self.groups_map()
            .map
            .read()
            .expect("group map poisoned")
            .get(name)
            .cloned()
            .ok_or_else(|| {
                BusError::NotFound(format!(
                    "no group '{name}': create it with `evbus groups create {name} --pattern P`"
                ))
            })
    }

    /// The group's handle; on a shared engine a group created through another server is
    /// picked up on first use.
    async fn find_handle(&self, name: &str) -> Result<Arc<Handle>, BusError> {
        if let Ok(handle) = self.handle(name) {
            return Ok(handle);
        }
        self.refresh_groups().await?;
        self.handle(name)
    }

    /// Follows the groups as the engine holds them now: takes on those this server does
    /// not know yet (created through another server) and follows the pause state and
    /// position of the others.
    pub(crate) async fn follow_stored_groups(
        &self,
        stored: Vec<crate::engine::StoredGroup>,
    ) -> Result<(), BusError> {
        let engine = self.engine().clone();
        // Dead-letter counts only matter to a group adopted now: asked for then, once.
        let mut dead = None;
        for stored in stored {
            match self.handle(&stored.name) {
                Ok(handle) => {
                    let record: Option<SpecRecord> = serde_json::from_str(&stored.spec).ok();
                    let mut state = handle.state.lock().await;
                    // The queue's position is the group's, whichever server took last:
                    // it is what lag (and its warning) is measured from.
                    state.cursor = state.cursor.max(stored.cursor);
                    if let Some(record) = record
                        && state.paused != record.paused
                    {
                        state.paused = record.paused;
                        handle.wake.notify_waiters();
                    }
                }
                Err(_) => {
                    let dead = match &mut dead {
                        Some(dead) => dead,
                        None => dead.insert(engine.dead_letter_counts().await?),
                    };
                    self.adopt_group(stored, dead).await?
                }
            }
        }
        Ok(())
    }

    /// Forgets a group whose queue is gone (deleted through another server).
    fn drop_handle(&self, name: &str) {
        self.groups_map()
            .map
            .write()
            .expect("group map poisoned")
            .remove(name);
    }

    /// The names of every group, without looking inside them.
    pub(crate) fn group_names(&self) -> Vec<String> {
        let map = self.groups_map().map.read().expect("group map poisoned");
        map.keys().cloned().collect()
    }

    /// Every group, as of now.
    fn handles(&self) -> Vec<Arc<Handle>> {
        let map = self.groups_map().map.read().expect("group map poisoned");
        map.values().cloned().collect()
    }

    /// Reads every group back from the engine at start-up.
    pub(super) async fn load_groups(&self) -> Result<(), BusError> {
        let engine = self.engine().clone();
        let dead = engine.dead_letter_counts().await?;
        for stored in engine.load_groups().await? {
            self.adopt_group(stored, &dead).await?;
        }
        self.start_pushers();
        Ok(())
    }

    /// Takes on a group as the engine stored it, with its deliveries in progress.
    async fn adopt_group(
        &self,
        stored: crate::engine::StoredGroup,
        dead: &std::collections::HashMap<String, u64>,
    ) -> Result<(), BusError> {
        let engine = self.engine().clone();
        let corrupt = |err: String| {
            BusError::Engine(crate::engine::EngineError::Corrupt(format!(
                "group {}: {err}",
                stored.name
            )))
        };
        let record: SpecRecord =
            serde_json::from_str(&stored.spec).map_err(|err| corrupt(err.to_string()))?;
        let paused = record.paused;
        let def = def_from_record(&stored.name, record).map_err(corrupt)?;
        let mut state = GroupState::new(def, stored.cursor);
        state.dead = dead.get(&stored.name).copied().unwrap_or(0);
        state.paused = paused;
        // The engine hands out what waits for a retry; leases stored with the group are
        // the bus's to run again, with their events.
        let handouts = engine.handouts();
        let (leased, unclaimed): (Vec<_>, Vec<_>) = stored
            .deliveries
            .into_iter()
            .filter(|delivery| delivery.member.is_some())
            .partition(|delivery| handouts.reclaim(&stored.name, delivery.seq).is_some());
        let unread: Vec<u64> = leased
            .iter()
            .filter(|delivery| delivery.event.is_none())
            .map(|delivery| delivery.seq)
            .collect();
        let mut read: std::collections::HashMap<u64, StoredEvent> = engine
            .get_many(unread)
            .await?
            .into_iter()
            .map(|event| (event.seq, event))
            .collect();
        let mut lost = Vec::new();
        for delivery in leased {
            let event = match &delivery.event {
                Some(json) => Some(StoredEvent::from_json(delivery.seq, json.clone())),
                None => read.remove(&delivery.seq),
            };
            let token = handouts.reclaim(&stored.name, delivery.seq);
            match (event, token) {
                (Some(event), Some(token)) => state.restore(delivery, event, token),
                _ => lost.push(delivery.seq),
            }
        }
        let remove = |seq| GroupOp::RemoveDelivery {
            group: stored.name.clone(),
            seq,
        };
        if !lost.is_empty() {
            tracing::warn!(
                group = %stored.name,
                events = lost.len(),
                "events in progress left the log (retention) before the group completed them"
            );
            let ops = lost.into_iter().map(remove).collect();
            self.store(ops).await?;
        }
        // Leases an engine that does not keep them stored anyway (an older evbus on
        // JetStream): their events go straight into the group again.
        let (events, ops): (Vec<_>, Vec<_>) = unclaimed
            .into_iter()
            .filter_map(|delivery| {
                let event = StoredEvent::from_json(delivery.seq, delivery.event?);
                Some((event, remove(delivery.seq)))
            })
            .unzip();
        if !events.is_empty() {
            handouts.put(&stored.name, events, ops).await?;
        }
        // A group another task adopted meanwhile stays as it is. Its pusher, if any, is
        // started elsewhere (`start_pushers`): a pusher pulls, a pull may adopt a group,
        // and a future that could spawn its own kind cannot be proven `Send`.
        self.groups_map()
            .map
            .write()
            .expect("group map poisoned")
            .entry(stored.name.clone())
            .or_insert_with(|| {
                Arc::new(Handle {
                    state: Mutex::new(state),
                    wake: Notify::new(),
                })
            });
        Ok(())
    }

    /// Starts a pusher for every push group that has none running here.
    pub(crate) fn start_pushers(&self) {
        for (name, handle) in self
            .groups_map()
            .map
            .read()
            .expect("group map poisoned")
            .iter()
        {
            let pushes = handle
                .state
                .try_lock()
                .is_ok_and(|state| state.def.push.is_some());
            if pushes {
                self.start_pusher(name);
            }
        }
    }

    fn start_pusher(&self, name: &str) {
        let fresh = self
            .groups_map()
            .pushers
            .lock()
            .expect("pusher set poisoned")
            .insert(name.to_owned());
        if fresh {
            let bus = self.clone();
            let name = name.to_owned();
            tokio::spawn(async move {
                bus.clone().run_pusher(name.clone()).await;
                bus.groups_map()
                    .pushers
                    .lock()
                    .expect("pusher set poisoned")
                    .remove(&name);
            });
        }
    }

    pub async fn create_group(&self, spec: GroupSpec) -> Result<GroupInfo, BusError> {
        validate_name(&spec.name)?;
        let invalid = BusError::InvalidArgument;
        let pattern: Pattern = spec.pattern.parse().map_err(invalid)?;
        let filter = match &spec.filter {
            Some(code) => Some(Arc::new(
                JqFilter::compile_and_try(code)
                    .await
                    .map_err(|err| invalid(err.into()))?,
            )),
            None => None,
        };
        let backoff: Backoff = match &spec.backoff {
            Some(text) => text.parse().map_err(invalid)?,
            None => DEFAULT_BACKOFF,
        };
        let ack_timeout = match &spec.ack_timeout {
            Some(text) => parse_duration(text).map_err(invalid)?,
            None => DEFAULT_ACK_TIMEOUT,
        };
        if ack_timeout < Duration::from_millis(100) {
            return Err(invalid("the ack timeout must be at least 100ms".into()));
        }
        let max_attempts = spec.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if max_attempts == 0 {
            return Err(invalid("max attempts must be at least 1".into()));
        }
        let push = match &spec.push {
            None => {
                if spec.secret.is_some() || spec.rate.is_some() || spec.max_in_flight.is_some() {
                    return Err(invalid(
                        "secret, rate and max_in_flight are for push groups: add push".into(),
                    ));
                }
                None
            }
            Some(url) => {
                let parsed = reqwest::Url::parse(url)
                    .map_err(|err| invalid(format!("push URL '{url}': {err}")))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(invalid(format!("push URL '{url}' must be http or https")));
                }
                if spec.rate.is_some_and(|rate| rate.is_nan() || rate <= 0.0) {
                    return Err(invalid(
                        "rate must be above zero (deliveries per second)".into(),
                    ));
                }
                if spec.max_in_flight == Some(0) {
                    return Err(invalid("max_in_flight must be at least 1".into()));
                }
                Some(PushTarget {
                    url: url.clone(),
                    secret: spec.secret.clone(),
                    rate: spec.rate,
                    max_in_flight: spec.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
                })
            }
        };
        let start = parse_start(spec.start.as_deref().unwrap_or("new")).map_err(invalid)?;
        let cursor = self.start_seq(start).await?;
        let def = GroupDef {
            name: spec.name.clone(),
            pattern,
            filter,
            filter_text: spec.filter,
            max_attempts,
            backoff,
            ack_timeout,
            created_ms: self.clock().now_ms(),
            push,
        };
        let pushes = def.push.is_some();
        let op = GroupOp::PutGroup {
            name: spec.name.clone(),
            spec: record_of(&def, false),
            cursor,
            queue: def.queue_spec(),
        };
        let durable = {
            let mut map = self.groups_map().map.write().expect("group map poisoned");
            if map.contains_key(&spec.name) {
                return Err(BusError::Conflict(format!(
                    "group '{}' already exists: see `evbus groups show {}`",
                    spec.name, spec.name
                )));
            }
            map.insert(
                spec.name.clone(),
                Arc::new(Handle {
                    state: Mutex::new(GroupState::new(def, cursor)),
                    wake: Notify::new(),
                }),
            );
            self.engine().write_groups(vec![op])
        };
        crate::engine::durable(durable).await?;
        if pushes {
            self.start_pusher(&spec.name);
        }
        self.announce(
            "$evbus.group.created",
            serde_json::json!({ "group": spec.name, "pattern": spec.pattern, "cursor": cursor }),
        );
        self.group(&spec.name).await
    }

    pub async fn group(&self, name: &str) -> Result<GroupInfo, BusError> {
        let handle = self.find_handle(name).await?;
        let dead = self.shared_dead_counts().await;
        Ok(self.group_info(&handle, dead.as_ref()).await)
    }

    /// The group as every server sees it.
    async fn group_info(
        &self,
        handle: &Handle,
        dead: Option<&std::collections::HashMap<String, u64>>,
    ) -> GroupInfo {
        let (mut info, share) = {
            let state = handle.state.lock().await;
            (self.info(&state), state.share())
        };
        if let Some(dead) = dead {
            info.dead = dead.get(&info.name).copied().unwrap_or(0);
        }
        self.with_other_servers(info, share).await
    }

    pub async fn list_groups(&self) -> Result<Vec<GroupInfo>, BusError> {
        let handles = self.handles();
        let dead = self.shared_dead_counts().await;
        let mut infos = Vec::with_capacity(handles.len());
        for handle in handles {
            infos.push(self.group_info(&handle, dead.as_ref()).await);
        }
        Ok(infos)
    }

    fn info(&self, state: &GroupState) -> GroupInfo {
        let def = &state.def;
        let next = self.engine().live().last_seq() + 1;
        GroupInfo {
            name: def.name.clone(),
            pattern: def.pattern.to_string(),
            filter: def.filter_text.clone(),
            max_attempts: def.max_attempts,
            backoff: def.backoff.to_string(),
            ack_timeout: format_duration_exact(def.ack_timeout),
            created: format_rfc3339_ms(def.created_ms),
            cursor: state.cursor,
            pending: state.waiting() + self.engine().handouts().waiting(&def.name),
            in_flight: state.in_flight(),
            dead: state.dead,
            lag: next.saturating_sub(state.cursor),
            completed: state.completed,
            push: def.push.as_ref().map(|push| push.url.clone()),
            paused: state.paused,
            members: state
                .members()
                .into_iter()
                .map(|(name, in_flight, last_seen)| MemberInfo {
                    name,
                    in_flight,
                    last_seen: format_rfc3339_ms(last_seen),
                })
                .collect(),
        }
    }

    /// Deletes the group and its deliveries in progress; its dead letters stay.
    pub async fn delete_group(&self, name: &str) -> Result<(), BusError> {
        self.find_handle(name).await?;
        let handle = self
            .groups_map()
            .map
            .write()
            .expect("group map poisoned")
            .remove(name);
        let Some(handle) = handle else {
            return Err(self.handle(name).err().expect("the group is gone"));
        };
        let durable = {
            let _state = handle.state.lock().await;
            self.engine().write_groups(vec![GroupOp::DeleteGroup {
                name: name.to_owned(),
            }])
        };
        handle.wake.notify_waiters();
        crate::engine::durable(durable).await?;
        self.announce("$evbus.group.deleted", serde_json::json!({ "group": name }));
        Ok(())
    }

    /// Moves the group's cursor; deliveries in progress are dropped.
    pub async fn reset_group(&self, name: &str, to: &str) -> Result<GroupInfo, BusError> {
        let start = parse_start(to).map_err(BusError::InvalidArgument)?;
        let cursor = self.start_seq(start).await?;
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let mut changes = Changes::default();
        state.reset(cursor, &mut changes);
        let info = self.info(&state);
        self.commit(state, changes).await?;
        handle.wake.notify_waiters();
        Ok(info)
    }

    /// Leases up to `max` events to `member`, waiting up to `wait` for the first.
    pub async fn pull(
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
                    lease.receipt = self.public_receipt(lease.receipt);
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
        if state.paused {
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
    async fn settle_here(
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

    /// Whether some group that would receive `probe` has a live member.
    /// On a shared engine, a member attached to another server counts too.
    pub async fn has_responders(&self, probe: &StoredEvent) -> bool {
        let mut matching = Vec::new();
        for handle in self.handles() {
            let state = handle.state.lock().await;
            if state.def.accepts([probe]).await[0] {
                if state.has_members() {
                    return true;
                }
                matching.push(state.def.name.clone());
            }
        }
        self.listens_elsewhere(probe, matching).await
    }

    /// The groups that would receive `probe`.
    pub(crate) async fn groups_receiving(&self, probe: &StoredEvent) -> Vec<String> {
        let mut matching = Vec::new();
        for handle in self.handles() {
            let state = handle.state.lock().await;
            if state.def.accepts([probe]).await[0] {
                matching.push(state.def.name.clone());
            }
        }
        matching
    }

    /// Pauses or resumes a group; a paused group hands out nothing.
    pub async fn set_paused(
        &self,
        name: &str,
        paused: bool,
        reason: &str,
    ) -> Result<GroupInfo, BusError> {
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let changed = state.paused != paused;
        state.paused = paused;
        let changes = Changes {
            ops: vec![GroupOp::PutGroup {
                name: name.to_owned(),
                spec: record_of(&state.def, paused),
                cursor: state.cursor,
                queue: state.def.queue_spec(),
            }],
            ..Changes::default()
        };
        let info = self.info(&state);
        self.commit(state, changes).await?;
        handle.wake.notify_waiters();
        if changed {
            let topic = if paused {
                "$evbus.group.paused"
            } else {
                "$evbus.group.resumed"
            };
            self.announce(
                topic,
                serde_json::json!({ "group": name, "reason": reason }),
            );
        }
        Ok(info)
    }

    /// A push group's target, while the group exists.
    pub(crate) async fn push_target(&self, name: &str) -> Option<(PushTarget, Duration, bool)> {
        let handle = self.handle(name).ok()?;
        let state = handle.state.lock().await;
        let push = state.def.push.clone()?;
        Some((push, state.def.ack_timeout, state.paused))
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
    async fn commit(
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
        let durable = (!changes.ops.is_empty()).then(|| self.engine().write_groups(changes.ops));
        let group = state.def.name.clone();
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
            crate::engine::durable(durable).await?;
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
    pub async fn run_group_timers(self) {
        let mut shutdown = self.shutdown_signal();
        let mut last_hold_round = tokio::time::Instant::now();
        loop {
            tokio::select! {
                _ = tokio::time::sleep(TIMER_TICK) => {}
                _ = shutdown.wait_for(|stopping| *stopping) => return,
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
        for handle in self.handles() {
            let state = handle.state.lock().await;
            tokens.extend(state.held_tokens().cloned());
            let names: Vec<String> = state.members().into_iter().map(|(name, ..)| name).collect();
            groups.push((state.def.name.clone(), names, state.share()));
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
        extra_ops: Vec<GroupOp>,
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

    /// Lowers a group's dead-letter count after letters left the queue.
    pub(crate) async fn forget_dead(&self, name: &str, count: u64) {
        if let Ok(handle) = self.handle(name) {
            let mut state = handle.state.lock().await;
            state.dead = state.dead.saturating_sub(count);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::api::Event;
    use crate::bus::BusConfig;
    use crate::engine::{EngineOptions, memory::MemoryEngine};

    async fn bus_with_group(ack_timeout: &str, backoff: &str) -> Bus {
        let engine = Arc::new(MemoryEngine::new(EngineOptions {
            dedup_window: Duration::from_secs(60),
            retention: Default::default(),
        }));
        let bus = Bus::open(engine, BusConfig::default()).await.unwrap();
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
        assert_eq!(letters[0].reason, crate::api::group::DeadReason::Expired);
        assert_eq!(letters[0].attempts.len(), 3);
    }

    /// Extending moves the lease's end; a nack's own delay overrides the backoff; a long
    /// poll wakes when the retry comes due.
    #[tokio::test(start_paused = true)]
    async fn extend_and_nack_delays_move_the_timers() {
        let bus = bus_with_group("10s", "1m..1m").await;
        let lease = pull_now(&bus).await.remove(0);
        tokio::time::advance(Duration::from_secs(8)).await;
        let receipts = [lease.receipt.clone()];
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
