//! Schemas, as they travel over the wire: JSON Schema contracts for the data of the
//! events whose topic matches a pattern.

use serde::{Deserialize, Serialize};

/// `POST /v1/schemas` (and `PUT /v1/schemas/{name}`): a contract for events' data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    pub name: String,
    /// Topic pattern of the events whose data must conform.
    pub pattern: String,
    /// The JSON Schema itself (2020-12 unless its `$schema` names draft 7 or 2019-09).
    pub schema: serde_json::Value,
}

/// A schema as the bus keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SchemaInfo {
    #[serde(flatten)]
    pub spec: SchemaSpec,
    /// Where the bus serves it: the `dataschema` of the events it checked.
    pub url: String,
    /// The draft it is read as: `2020-12`, `2019-09` or `7`.
    pub draft: String,
    pub created: String,
}

/// The path a schema is served at, which conforming events name as their `dataschema`.
pub fn schema_url(name: &str) -> String {
    format!("/v1/schemas/{name}")
}
