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
    /// Paused by its pusher, which probes the endpoint until it answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub probing: bool,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    headers: std::collections::BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_secret: Option<(String, i64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pause_after: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    probe_every: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    ordered: bool,
}

pub(super) fn def_from_record(name: &str, record: SpecRecord) -> Result<GroupDef, String> {
    let pattern: Pattern = record.pattern.parse()?;
    let filter = match &record.filter {
        Some(code) => Some(Arc::new(JqFilter::compile(code)?)),
        None => None,
    };
    let probe_every = match &record.probe_every {
        Some(every) => parse_duration(every)?,
        None => DEFAULT_PROBE_EVERY,
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
            headers: record.headers,
            previous_secret: record.previous_secret,
            pause_after: record.pause_after.unwrap_or(DEFAULT_PAUSE_AFTER),
            probe_every,
        }),
        ordered: record.ordered,
    })
}

pub(super) fn record_of(def: &GroupDef, paused: bool, probing: bool) -> String {
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
        probing: paused && probing,
        headers: push.map(|push| push.headers.clone()).unwrap_or_default(),
        previous_secret: push.and_then(|push| push.previous_secret.clone()),
        pause_after: push.map(|push| push.pause_after),
        probe_every: push.map(|push| format_duration_exact(push.probe_every)),
        ordered: def.ordered,
    })
    .expect("group specs serialize")
}

/// Consecutive failed POSTs after which a push group pauses itself, by default.
pub(crate) const DEFAULT_PAUSE_AFTER: u32 = 20;
/// How often a push group paused by its failures tries one delivery, by default.
pub(crate) const DEFAULT_PROBE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Push deliveries in flight at once, by default.
pub(super) const DEFAULT_MAX_IN_FLIGHT: u32 = 10;
