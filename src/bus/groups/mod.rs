//! The queue manager: durable consumer groups with leases, retries and dead letters.
//!
//! Each group's state sits behind its own async lock. Every change is submitted to the
//! engine while that lock is held, so the engine writes changes in the order they were
//! made; the caller is answered only once they are durable. Long-poll pulls wait for new
//! events in the log, a retry coming due, or a lease running out.

mod admin;
pub mod backoff;
pub(crate) mod change;
mod def;
mod delivery;
mod destination;
mod history;
pub mod push;
mod receipts;
mod record;
pub use crate::api::group::Settlement;
pub mod state;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tokio::sync::{Mutex, Notify};

use super::{Bus, BusError, Start};
use crate::api::time::parse_since_ms;
use crate::engine::{StateOp, StoredEvent};
pub use backoff::Clock;
pub use destination::PushPolicy;
use record::{SpecRecord, def_from_record};
pub use state::{Changes, GroupDef, GroupState, Leased, PushTarget};

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
    /// An ordered group is handed out by one server of the bus: who, as last heard.
    ordered: bool,
    lead: crate::bus::cluster::LeadCache,
}

impl Handle {
    fn new(state: GroupState) -> Self {
        Self {
            ordered: state.def.ordered,
            state: Mutex::new(state),
            wake: Notify::new(),
            lead: Default::default(),
        }
    }
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
                    if let Some(record) = record {
                        if (state.paused, state.probing) != (record.paused, record.probing) {
                            state.paused = record.paused;
                            state.probing = record.probing;
                            handle.wake.notify_waiters();
                        }
                        // Changed in place through another server (`evbus apply`).
                        if stored.spec != record::record_of(&state.def, state.paused, state.probing)
                            && let Ok(def) = def_from_record(&stored.name, record)
                            && def.pattern == state.def.pattern
                        {
                            state.def = def;
                            handle.wake.notify_waiters();
                        }
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
        let (paused, probing) = (record.paused, record.probing);
        let def = def_from_record(&stored.name, record).map_err(corrupt)?;
        let mut state = GroupState::new(def, stored.cursor);
        state.dead = dead.get(&stored.name).copied().unwrap_or(0);
        state.paused = paused;
        state.probing = probing;
        // The engine hands out what waits for a retry; leases stored with the group are
        // the bus's to run again, with their events.
        let handouts = engine.handouts();
        let mut leased = Vec::new();
        let mut unclaimed = Vec::new();
        for delivery in stored.deliveries {
            if delivery.member.is_none() {
                continue;
            }
            match handouts.reclaim(&stored.name, delivery.seq) {
                Some(token) => leased.push((delivery, token)),
                None => unclaimed.push(delivery),
            }
        }
        let unread: Vec<u64> = leased
            .iter()
            .filter(|(delivery, _)| delivery.event.is_none())
            .map(|(delivery, _)| delivery.seq)
            .collect();
        let mut read: std::collections::HashMap<u64, StoredEvent> = engine
            .get_many(unread)
            .await?
            .into_iter()
            .map(|event| (event.seq, event))
            .collect();
        let mut lost = Vec::new();
        for (delivery, token) in leased {
            let event = match &delivery.event {
                Some(json) => Some(StoredEvent::from_json(delivery.seq, json.clone())),
                None => read.remove(&delivery.seq),
            };
            match event {
                Some(event) => state.restore(delivery, event, token),
                None => lost.push(delivery.seq),
            }
        }
        let remove = |seq| StateOp::RemoveDelivery {
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
        state.restore_keys(self.clock().now_ms());
        // A group another task adopted meanwhile stays as it is. Its pusher, if any, is
        // started elsewhere (`start_pushers`): a pusher pulls, a pull may adopt a group,
        // and a future that could spawn its own kind cannot be proven `Send`.
        self.groups_map()
            .map
            .write()
            .expect("group map poisoned")
            .entry(stored.name.clone())
            .or_insert_with(|| Arc::new(Handle::new(state)));
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

    /// Lowers a group's dead-letter count after letters left the queue.
    pub(crate) async fn forget_dead(&self, name: &str, count: u64) {
        self.recount_dead(name, |dead| dead.saturating_sub(count))
            .await
    }

    /// Raises a group's dead-letter count after letters were stored for it at once (a
    /// snapshot's).
    pub(crate) async fn count_dead(&self, name: &str, count: u64) {
        self.recount_dead(name, |dead| dead.saturating_add(count))
            .await
    }

    async fn recount_dead(&self, name: &str, recount: impl FnOnce(u64) -> u64) {
        if let Ok(handle) = self.handle(name) {
            let mut state = handle.state.lock().await;
            state.dead = recount(state.dead);
        }
    }
}

/// What `why` reads of a group about one event.
pub(crate) struct GroupView {
    pub pattern: crate::api::Pattern,
    pub filter: Option<Arc<crate::bus::JqFilter>>,
    pub created_ms: i64,
    pub paused: bool,
    pub cursor: u64,
    /// This server holds the event in progress (leased, due, or waiting for its key).
    pub in_progress: bool,
}

impl Bus {
    pub(crate) async fn group_view(&self, name: &str, seq: u64) -> Result<GroupView, BusError> {
        let handle = self.find_handle(name).await?;
        let state = handle.state.lock().await;
        Ok(GroupView {
            pattern: state.def.pattern.clone(),
            filter: state.def.filter.clone(),
            created_ms: state.def.created_ms,
            paused: state.paused,
            cursor: state.cursor,
            in_progress: state.knows(seq),
        })
    }
}
