//! Replays of log slices, as they travel over the wire.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `POST /v1/replays`: which slice, where to, how fast.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReplayRequest {
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Start: a duration back or an RFC 3339 time…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// …or a seq.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_seq: Option<u64>,
    /// End (inclusive): a time…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// …or a seq; neither: the newest event when the replay starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_seq: Option<u64>,
    /// Target: copies onto this topic…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_topic: Option<String>,
    /// …or fresh deliveries to this group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// At most this many events per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// `original`: keep the original gaps between events, divided by `speed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// Only count the slice; change nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
}

/// What a slice holds (`--dry-run`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReplayPlan {
    pub events: u64,
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
    pub topics: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplayStatus {
    Running,
    Done,
    Cancelled,
    /// The server stopped while it ran; `replay resume` continues it.
    Interrupted,
    Failed,
}

impl ReplayStatus {
    pub fn is_final(self) -> bool {
        !matches!(self, ReplayStatus::Running)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReplayStatus::Running => "running",
            ReplayStatus::Done => "done",
            ReplayStatus::Cancelled => "cancelled",
            ReplayStatus::Interrupted => "interrupted",
            ReplayStatus::Failed => "failed",
        }
    }
}

/// A replay job and how far it got.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplayInfo {
    pub id: String,
    pub status: ReplayStatus,
    pub request: ReplayRequest,
    /// The slice, resolved when the job was created.
    pub from_seq: u64,
    pub to_seq: u64,
    /// The last log seq handled; a resume continues after it.
    pub position: u64,
    /// Events re-emitted or re-delivered so far.
    pub done: u64,
    /// Events in the slice.
    pub total: u64,
    pub created: String,
    pub finished: Option<String>,
    pub error: Option<String>,
    /// The server that runs (or last ran) it, where several servers share the bus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}
