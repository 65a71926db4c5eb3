//! The bus's topology as one document (`evbus apply`, `evbus export`, `serve --config`):
//! each entry what `POST /v1/groups`, `/v1/routes` or `/v1/schemas` takes.

use serde::{Deserialize, Serialize};

use super::group::GroupSpec;
use super::route::RouteSpec;
use super::schema::SchemaSpec;

/// `bus.yaml`: the groups, routes and schemas a bus should have.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BusDocument {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SchemaSpec>,
}

/// `POST /v1/config?dry_run=&prune=&replace=`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyOptions {
    /// Plan only: change nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Delete the groups, routes and schemas the document does not name.
    #[serde(default)]
    pub prune: bool,
    /// Make changes that cannot be made in place by deleting and creating again.
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Schema,
    Group,
    Route,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Group => "group",
            Kind::Route => "route",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    /// Changed in place: a group keeps its cursor and deliveries.
    Change,
    /// Deleted and created again (a change that cannot be made in place).
    Replace,
    Delete,
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub kind: Kind,
    pub name: String,
    pub action: Action,
    /// The fields that change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Why a change is a replacement, or what it costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What an apply does (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Entries of the document the bus already has as they are.
    pub unchanged: usize,
    pub dry_run: bool,
}
