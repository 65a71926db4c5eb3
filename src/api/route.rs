//! Routes, as they travel over the wire.

use serde::{Deserialize, Serialize};

/// `POST /v1/routes`: a bus-side rule forwarding matching events.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    pub name: String,
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Forward as a new event on this topic (with `causationid` = the original's id)…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_topic: Option<String>,
    /// …or straight to this group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_group: Option<String>,
}

/// A route and how far it has forwarded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RouteInfo {
    #[serde(flatten)]
    pub spec: RouteSpec,
    /// The last log seq the route has looked at.
    pub position: u64,
    /// Events forwarded since the route was added.
    pub forwarded: u64,
    pub created: String,
}
