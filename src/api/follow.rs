//! Following an event: what happened to it in each group (steps), and how it hangs
//! together with the events that caused it and that it caused (a trace).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// How one attempt of one group at an event ended, or what became of it after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Acked,
    Nacked,
    Rejected,
    Expired,
    /// The group gave up: a dead letter.
    Dead,
    /// The dead letter went back to the group.
    Requeued,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Acked => "acked",
            Outcome::Nacked => "nacked",
            Outcome::Rejected => "rejected",
            Outcome::Expired => "expired",
            Outcome::Dead => "dead",
            Outcome::Requeued => "requeued",
        }
    }
}

/// One step of an event through a group, as the bus records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub group: String,
    pub seq: u64,
    pub attempt: u32,
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub member: String,
    pub outcome: Outcome,
    /// The handler's exit code and stderr, the push status, or why the lease ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The dead letter made (`dead`) or requeued (`requeued`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<String>,
    /// A requeue that changed the event.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
}

/// How an event came from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// Its `causationid` names the other: emitted by a handler, a reply, a route's copy.
    Caused,
    /// A replay's copy (`replayof`).
    Replayed,
}

/// One event of a trace, what happened to it, and what it led to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TraceNode {
    pub seq: u64,
    pub id: String,
    pub topic: String,
    /// When the bus accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// How it came from its parent in the tree (none for the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// Every recorded step in every group, in time order.
    pub steps: Vec<Step>,
    /// Dead letters of it still waiting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dead_letters: Vec<String>,
    pub children: Vec<TraceNode>,
}

/// `GET /v1/events/{seq}/trace`: the causal tree around an event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trace {
    /// The event asked about.
    pub seq: u64,
    /// Its causes, nearest first (up the `causationid` chain).
    pub causes: Vec<Cause>,
    /// The event with everything it led to, down the tree.
    pub tree: TraceNode,
    /// The trace id of its `traceparent`, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Some links could not be followed (an event retention dropped, a tree cut off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// An event up the causation chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cause {
    pub seq: u64,
    pub id: String,
    pub topic: String,
}

/// `GET /v1/events/{seq}/why?group=G`: why a group did or did not get an event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Why {
    pub seq: u64,
    pub group: String,
    /// `delivered`, `in_progress`, `dead`, `pattern`, `filter`, `addressed`,
    /// `before_start`, `paused`, `behind_cursor`.
    pub verdict: String,
    /// The answer in a sentence.
    pub reason: String,
    /// What the group's filter gave on the event, for `filter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_value: Option<Box<RawValue>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}
