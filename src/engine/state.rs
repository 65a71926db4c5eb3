//! What an engine stores besides the log: consumer groups (definitions and cursors), the
//! deliveries in progress (leases and waiting retries), the dead letters, and the bus's
//! records (replay jobs, routes).
//!
//! The bus decides (leases, retries, giving up); the engine only keeps the outcome
//! durable, in the order the bus submitted it. `StateTables` is that state in memory:
//! the memory engine's whole store, and the reference the SQL store must agree with.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;

use super::handout::HandoutSpec;

/// A group as stored: the definition is the bus's JSON, opaque here.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredGroup {
    pub name: String,
    pub spec: String,
    pub cursor: u64,
    pub deliveries: Vec<StoredDelivery>,
}

/// A delivery in progress: leased to `member` until `due_ms`, or (no member) waiting for
/// a retry at `due_ms`, or held back by its group ([`HELD_BACK`] as the member).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredDelivery {
    pub seq: u64,
    pub attempts: u32,
    pub due_ms: i64,
    pub member: Option<std::sync::Arc<str>>,
    /// JSON array of the failed attempts so far; `None` before the first failure.
    pub history: Option<String>,
    /// The event itself when it may no longer be in the log (a requeued dead letter).
    pub event: Option<Bytes>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredDeadLetter {
    /// Time-ordered (a ULID), so listing by id lists by age.
    pub id: String,
    pub group: String,
    /// The dead letter as the API shows it, as JSON.
    pub body: String,
}

/// One change to what the bus keeps besides the log: a group, a delivery in progress, a
/// dead letter or a record. A list of them is written atomically.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum StateOp {
    PutGroup {
        name: String,
        spec: String,
        cursor: u64,
        /// For a shared queue's consumer; an engine that keeps leases itself ignores it.
        #[serde(default)]
        queue: HandoutSpec,
    },
    /// Removes the group and its deliveries; its dead letters stay until purged.
    DeleteGroup {
        name: String,
    },
    /// Moves the cursor and forgets every delivery in progress (`groups reset`).
    ResetGroup {
        name: String,
        cursor: u64,
    },
    Cursor {
        name: String,
        cursor: u64,
    },
    PutDelivery {
        group: String,
        delivery: StoredDelivery,
    },
    RemoveDelivery {
        group: String,
        seq: u64,
    },
    PutDeadLetter(StoredDeadLetter),
    RemoveDeadLetter {
        id: String,
    },
    /// A small durable document owned by the bus (a replay job), by kind and id.
    PutRecord {
        kind: String,
        id: String,
        body: String,
    },
    RemoveRecord {
        kind: String,
        id: String,
    },
    /// What happened to events in groups (attempts' ends, dead letters, requeues), as
    /// the bus's JSON array of steps of the events in one bucket of seqs (see
    /// `bus::groups::state::steps::BUCKET`): kept for following them, dropped with them.
    PutSteps {
        bucket: u64,
        body: String,
    },
}

/// Which dead letters to list: by group, after an id (paging), at most `limit`.
#[derive(Debug, Clone, Default)]
pub struct DeadLetterQuery {
    pub group: Option<String>,
    pub after: Option<String>,
    pub limit: usize,
}

/// Group state held in memory.
#[derive(Debug, Default)]
pub struct StateTables {
    groups: BTreeMap<String, (String, u64, BTreeMap<u64, StoredDelivery>)>,
    dead_letters: BTreeMap<String, StoredDeadLetter>,
    records: BTreeMap<(String, String), String>,
    steps: BTreeMap<u64, Vec<String>>,
}

impl StateTables {
    pub fn apply(&mut self, op: StateOp) {
        match op {
            StateOp::PutGroup {
                name, spec, cursor, ..
            } => {
                let entry = self
                    .groups
                    .entry(name)
                    .or_insert_with(|| (String::new(), 0, BTreeMap::new()));
                entry.0 = spec;
                entry.1 = cursor;
            }
            StateOp::DeleteGroup { name } => {
                self.groups.remove(&name);
            }
            StateOp::ResetGroup { name, cursor } => {
                if let Some(group) = self.groups.get_mut(&name) {
                    group.1 = cursor;
                    group.2.clear();
                }
            }
            StateOp::Cursor { name, cursor } => {
                if let Some(group) = self.groups.get_mut(&name) {
                    group.1 = cursor;
                }
            }
            StateOp::PutDelivery { group, delivery } => {
                if let Some(group) = self.groups.get_mut(&group) {
                    group.2.insert(delivery.seq, delivery);
                }
            }
            StateOp::RemoveDelivery { group, seq } => {
                if let Some(group) = self.groups.get_mut(&group) {
                    group.2.remove(&seq);
                }
            }
            StateOp::PutDeadLetter(letter) => {
                self.dead_letters.insert(letter.id.clone(), letter);
            }
            StateOp::RemoveDeadLetter { id } => {
                self.dead_letters.remove(&id);
            }
            StateOp::PutRecord { kind, id, body } => {
                self.records.insert((kind, id), body);
            }
            StateOp::RemoveRecord { kind, id } => {
                self.records.remove(&(kind, id));
            }
            StateOp::PutSteps { bucket, body } => {
                self.steps.entry(bucket).or_default().push(body);
            }
        }
    }

    /// The step lists stored for `bucket`, in the order they were.
    pub fn steps(&self, bucket: u64) -> Vec<String> {
        self.steps.get(&bucket).cloned().unwrap_or_default()
    }

    /// Drops the steps of buckets before `bucket` (retention dropped their events).
    pub fn forget_steps_before(&mut self, bucket: u64) {
        self.steps = self.steps.split_off(&bucket);
    }

    pub fn has_group(&self, name: &str) -> bool {
        self.groups.contains_key(name)
    }

    pub fn has_delivery(&self, group: &str, seq: u64) -> bool {
        self.groups
            .get(group)
            .is_some_and(|(_, _, deliveries)| deliveries.contains_key(&seq))
    }

    pub fn records(&self, kind: &str) -> Vec<(String, String)> {
        self.records
            .iter()
            .filter(|((record_kind, _), _)| record_kind == kind)
            .map(|((_, id), body)| (id.clone(), body.clone()))
            .collect()
    }

    pub fn record(&self, kind: &str, id: &str) -> Option<String> {
        self.records.get(&(kind.to_owned(), id.to_owned())).cloned()
    }

    /// The ops that rebuild this state (dead letters aside) from nothing: a snapshot.
    pub fn snapshot_ops(&self) -> Vec<StateOp> {
        let mut ops = Vec::new();
        for group in self.groups() {
            ops.push(StateOp::PutGroup {
                name: group.name.clone(),
                spec: group.spec,
                cursor: group.cursor,
                queue: HandoutSpec::default(),
            });
            ops.extend(
                group
                    .deliveries
                    .into_iter()
                    .map(|delivery| StateOp::PutDelivery {
                        group: group.name.clone(),
                        delivery,
                    }),
            );
        }
        ops.extend(
            self.records
                .iter()
                .map(|((kind, id), body)| StateOp::PutRecord {
                    kind: kind.clone(),
                    id: id.clone(),
                    body: body.clone(),
                }),
        );
        ops
    }

    pub fn groups(&self) -> Vec<StoredGroup> {
        self.groups
            .iter()
            .map(|(name, (spec, cursor, deliveries))| StoredGroup {
                name: name.clone(),
                spec: spec.clone(),
                cursor: *cursor,
                deliveries: deliveries.values().cloned().collect(),
            })
            .collect()
    }

    pub fn dead_letters(&self, query: &DeadLetterQuery) -> Vec<StoredDeadLetter> {
        let after = query.after.clone().unwrap_or_default();
        self.dead_letters
            .range::<String, _>((std::ops::Bound::Excluded(after), std::ops::Bound::Unbounded))
            .map(|(_, letter)| letter)
            .filter(|letter| {
                query
                    .group
                    .as_ref()
                    .is_none_or(|group| &letter.group == group)
            })
            .take(query.limit)
            .cloned()
            .collect()
    }

    pub fn dead_letter(&self, id: &str) -> Option<StoredDeadLetter> {
        self.dead_letters.get(id).cloned()
    }

    pub fn dead_letter_counts(&self) -> HashMap<String, u64> {
        let mut counts = HashMap::new();
        for letter in self.dead_letters.values() {
            *counts.entry(letter.group.clone()).or_default() += 1;
        }
        counts
    }
}

/// The member of a stored delivery its group holds back, leased to nobody yet: an event
/// of an ordered group waiting for its key, or for its retry. The bus takes it back
/// with its leases at start-up; an engine hands out only what has no member.
pub const HELD_BACK: &str = "";
