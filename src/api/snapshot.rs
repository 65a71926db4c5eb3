//! A snapshot of a bus (`evbus snapshot save | load`, `serve --snapshot`, `/v1/snapshot`):
//! NDJSON, one thing per line, each line an object whose one key says what it holds.
//! The `snapshot` header comes first; the other lines may come in any order. Each entry
//! is what the HTTP API shows of it, so a snapshot can be read, and written, by hand.
//!
//! ```text
//! {"snapshot":{"version":1,"saved":"2026-12-03T10:00:00.000Z","engine":"embedded"}}
//! {"schema":{"name":"orders","pattern":"order.*","schema":{…}}}
//! {"group":{"spec":{"name":"billing","pattern":"order.*"},"cursor":3}}
//! {"dead_letter":{"id":"01J…","group":"billing","seq":2,…}}
//! {"event":{"seq":1,"type":"order.created",…}}
//! ```

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::dead_letter::DeadLetter;
use super::group::GroupSpec;
use super::route::RouteInfo;
use super::schedule::ScheduleInfo;
use super::schema::SchemaSpec;

/// The snapshot format this evbus writes and reads.
pub const VERSION: u32 = 1;

/// One line of a snapshot.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Line {
    Snapshot(Header),
    Schema(SchemaSpec),
    Group(GroupSnapshot),
    Route(RouteInfo),
    Schedule(ScheduleInfo),
    DeadLetter(DeadLetter),
    /// An event of the log (a CloudEvent), in log order; its `seq` (when given) is what
    /// the other lines' seqs refer to.
    Event(Box<RawValue>),
}

/// The first line: what wrote the snapshot, and when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
}

/// A group and where it stands.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSnapshot {
    pub spec: GroupSpec,
    /// The first seq of the log the group has not looked at (JetStream: or not finished
    /// with, which a load hands out again).
    pub cursor: u64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub probing: bool,
    /// Events of the log before the cursor that the group had not finished with (leased,
    /// waiting for a retry, held back for their key): a load hands them out again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_progress: Vec<u64>,
    /// Events put straight into the group (requeued dead letters, events routed or
    /// replayed to it) that it had not finished with, as the group holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queued: Vec<Box<RawValue>>,
}

/// What a snapshot holds: what `POST /v1/snapshot` took from one, or a save wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub events: u64,
    pub groups: u64,
    pub dead_letters: u64,
    pub routes: u64,
    pub schedules: u64,
    pub schemas: u64,
    /// The bus had loaded this very snapshot before: nothing changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub already: bool,
}
