//! Dead letters as they travel over the wire: why a group gave up on an event, its
//! failed attempts, and the requeue and summary requests and answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Why a group gave up on an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadReason {
    /// Every attempt failed, the last by an explicit nack.
    MaxAttempts,
    /// The handler rejected it as poison.
    Rejected,
    /// Every attempt failed, the last by a lease that ran out.
    Expired,
    /// Addressed (`emit --to`) to no existing group.
    NoRoute,
}

impl DeadReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadReason::MaxAttempts => "max_attempts",
            DeadReason::Rejected => "rejected",
            DeadReason::Expired => "expired",
            DeadReason::NoRoute => "no_route",
        }
    }
}

/// One failed attempt, kept in the dead letter's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attempt {
    pub attempt: u32,
    pub at: String,
    pub member: String,
    pub error: String,
    /// How many times the event had been requeued when this attempt was made.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub round: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What a requeued event carries: the dead letter it came back from.
pub const REQUEUE_OF: &str = "requeueof";
/// … how many times it has been requeued,
pub const REQUEUES: &str = "requeues";
/// … and `true` when it was changed (`dlq requeue --transform`, `dlq edit`) that time.
pub const REQUEUE_EDITED: &str = "requeueedited";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeadLetter {
    pub id: String,
    pub group: String,
    pub topic: String,
    pub seq: u64,
    pub reason: DeadReason,
    pub dead_at: String,
    pub attempts: Vec<Attempt>,
    /// The event's ordering key: in an ordered group, the key it held until it died.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The dead letter this event was requeued from last, when it came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requeueof: Option<String>,
    /// How many times it was requeued before it died this time.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub requeues: u32,
    /// The event as the group had it (as edited, when it was requeued edited).
    pub event: Box<RawValue>,
}

impl DeadLetter {
    /// What the triage view groups by: the first line of the last attempt's error (an
    /// exit code with the first line of stderr, a push status), empty when there was
    /// no attempt (`no_route`).
    pub fn error_signature(&self) -> String {
        const LONGEST: usize = 200;
        let error = self
            .attempts
            .last()
            .map(|attempt| attempt.error.as_str())
            .unwrap_or_default();
        let line = error.lines().find(|line| !line.trim().is_empty());
        line.unwrap_or_default()
            .trim()
            .chars()
            .take(LONGEST)
            .collect()
    }
}

/// `GET /v1/dlq/summary`: dead letters counted by group, reason and error.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DlqSummaryRow {
    pub group: String,
    pub reason: DeadReason,
    pub error: String,
    pub count: u64,
    pub first_seen: String,
    pub last_seen: String,
}

/// `POST /v1/dlq/purge`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadLetterIds {
    pub ids: Vec<String>,
    /// Change nothing; answer what would be purged.
    #[serde(default)]
    pub dry_run: bool,
}

/// `POST /v1/dlq/requeue`: dead letters back into their groups, rewritten by a jq
/// `transform` or replaced by edited `events` (by dead letter id) on the way.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requeue {
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transform: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub events: BTreeMap<String, Box<RawValue>>,
    /// Change nothing; answer what would be requeued, and how each event would look.
    #[serde(default)]
    pub dry_run: bool,
}

/// What requeuing or purging one dead letter does (or, on a dry run, would do).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Planned {
    pub id: String,
    pub group: String,
    pub seq: u64,
    pub topic: String,
    /// The event as the dead letter holds it.
    pub before: Box<RawValue>,
    /// The event as it would go back (requeue only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Box<RawValue>>,
    /// The transform or the edit changed it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// Why this one cannot go back (a transform that failed, or an invalid event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Counted {
    pub count: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    /// On a dry run, each dead letter and what would happen to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub letters: Vec<Planned>,
}
