//! `/v1/schedules`: events stored now and appended to the log when they are due, once or
//! repeatedly.

use serde::{Deserialize, Serialize};

use super::Event;

/// `POST /v1/schedules`: the event and when it fires: exactly one of `at` (an RFC 3339
/// time), `in` (a duration from now), `every` (a duration) or `cron` (five fields, in
/// `tz`, default UTC).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    pub event: Event,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
}

/// A schedule as the bus keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduleInfo {
    pub id: String,
    pub topic: String,
    /// When it fires next.
    pub next: String,
    #[serde(default)]
    pub every: Option<String>,
    #[serde(default)]
    pub cron: Option<String>,
    #[serde(default)]
    pub tz: Option<String>,
    pub created: String,
    /// Firings so far.
    pub fired: u64,
    #[serde(default)]
    pub last_fired: Option<String>,
    /// The seq of the last firing.
    #[serde(default)]
    pub last_seq: Option<u64>,
    /// It was there already (the same `source` and `id`): nothing changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub duplicate: bool,
    /// The event each firing appends (with its own `id`, `scheduleid` and
    /// `scheduledfor`).
    pub event: Event,
}

/// The extension naming the schedule an event fired from.
pub const SCHEDULE_ID: &str = "scheduleid";
/// The extension saying when a fired event was due (RFC 3339).
pub const SCHEDULED_FOR: &str = "scheduledfor";
