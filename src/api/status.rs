//! What `GET /v1/status` and `GET /v1/topics` answer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Status {
    pub version: String,
    pub engine: String,
    /// Where the data lives; `None` for `--memory`.
    pub data_dir: Option<String>,
    pub fsync: String,
    pub events: u64,
    pub log_bytes: u64,
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
    pub uptime_ms: u64,
    pub open_streams: u64,
    /// Resident memory of the server process, where the platform reports it.
    pub rss_bytes: Option<u64>,
    /// The newest `$evbus.health` figures (with their `time`); none before the first.
    #[serde(default)]
    pub health: Option<serde_json::Value>,
    /// Where the data lives with `--engine nats://…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nats: Option<NatsStatus>,
    /// Who asked: the token's name (`null` on a bus without tokens) and its rights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<CallerInfo>,
}

/// The token a request came with, and what it may do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CallerInfo {
    pub token: Option<String>,
    pub rights: super::rights::Rights,
}

/// The NATS behind a bus on the JetStream engine.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NatsStatus {
    /// The URL `serve` was given.
    pub url: String,
    /// The server connected to: name and version, as it introduces itself.
    pub server: String,
    pub connected: bool,
    /// What names this bus's streams and subjects.
    pub prefix: String,
    pub streams: Vec<StreamStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StreamStatus {
    pub name: String,
    pub messages: u64,
    pub bytes: u64,
    pub replicas: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TopicInfo {
    pub topic: String,
    pub events: u64,
    /// RFC 3339 time the bus last accepted an event on this topic.
    pub last_seen: String,
}
