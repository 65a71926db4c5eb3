//! A group's definition as the engine stores it (JSON, opaque to the engine).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{GroupDef, PushTarget};
use crate::api::Pattern;
use crate::api::time::{format_duration_exact, parse_duration};
use crate::bus::JqFilter;

/// The definition as stored by the engine.
#[derive(Serialize, Deserialize)]
pub(super) struct SpecRecord {
    pattern: String,
    filter: Option<String>,
    max_attempts: u32,
    backoff: String,
    ack_timeout: String,
    created_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    push: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_in_flight: Option<u32>,
    #[serde(default)]
    pub paused: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    ordered: bool,
}

pub(super) fn def_from_record(name: &str, record: SpecRecord) -> Result<GroupDef, String> {
    let pattern: Pattern = record.pattern.parse()?;
    let filter = match &record.filter {
        Some(code) => Some(Arc::new(JqFilter::compile(code)?)),
        None => None,
    };
    Ok(GroupDef {
        name: name.to_owned(),
        pattern,
        filter,
        filter_text: record.filter,
        max_attempts: record.max_attempts,
        backoff: record.backoff.parse()?,
        ack_timeout: parse_duration(&record.ack_timeout)?,
        created_ms: record.created_ms,
        push: record.push.map(|url| PushTarget {
            url,
            secret: record.secret,
            rate: record.rate,
            max_in_flight: record.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
        }),
        ordered: record.ordered,
    })
}

pub(super) fn record_of(def: &GroupDef, paused: bool) -> String {
    let push = def.push.as_ref();
    serde_json::to_string(&SpecRecord {
        pattern: def.pattern.to_string(),
        filter: def.filter_text.clone(),
        max_attempts: def.max_attempts,
        backoff: def.backoff.to_string(),
        ack_timeout: format_duration_exact(def.ack_timeout),
        created_ms: def.created_ms,
        push: push.map(|push| push.url.clone()),
        secret: push.and_then(|push| push.secret.clone()),
        rate: push.and_then(|push| push.rate),
        max_in_flight: push.map(|push| push.max_in_flight),
        paused,
        ordered: def.ordered,
    })
    .expect("group specs serialize")
}

/// Push deliveries in flight at once, by default.
pub(super) const DEFAULT_MAX_IN_FLIGHT: u32 = 10;
