//! Changing a group in place, for `evbus apply`: what can change (filter, retry policy,
//! push settings) changes under the group's lock, its cursor and deliveries kept; what
//! cannot (the pattern, ordering, pull or push) is named.

use super::record::record_of;
use super::{GroupDef, Handle};
use crate::api::group::GroupSpec;
use crate::api::time::format_duration_exact;
use crate::bus::{Bus, BusError};
use crate::engine::StateOp;

/// `def` as the spec that makes it, every default spelled out (secrets included: this
/// never leaves the server).
pub(crate) fn spec_of(def: &GroupDef) -> GroupSpec {
    let push = def.push.as_ref();
    GroupSpec {
        name: def.name.clone(),
        pattern: def.pattern.to_string(),
        filter: def.filter_text.clone(),
        start: None,
        max_attempts: Some(def.max_attempts),
        backoff: Some(def.backoff.to_string()),
        ack_timeout: Some(format_duration_exact(def.ack_timeout)),
        push: push.map(|push| push.url.clone()),
        secret: push.and_then(|push| push.secret.clone()),
        rate: push.and_then(|push| push.rate),
        max_in_flight: push.map(|push| push.max_in_flight),
        headers: push.map(|push| push.headers.clone()).unwrap_or_default(),
        pause_after: push.map(|push| push.pause_after),
        probe_every: push.map(|push| format_duration_exact(push.probe_every)),
        ordered: def.ordered,
    }
}

/// Why the group cannot become `desired` in place, if it cannot.
pub(crate) fn not_in_place(current: &GroupSpec, desired: &GroupSpec) -> Option<String> {
    if current.pattern != desired.pattern {
        return Some(format!(
            "its pattern cannot change in place ({} → {}): its cursor would not mean the same",
            current.pattern, desired.pattern
        ));
    }
    if current.ordered != desired.ordered {
        return Some("ordered cannot change in place: keys in flight would be lost".into());
    }
    if current.push.is_some() != desired.push.is_some() {
        return Some("a group cannot switch between pull and push in place".into());
    }
    None
}

/// The fields in which two specs differ (`start` aside: it only says where a new group
/// begins).
pub(crate) fn changed_fields(current: &GroupSpec, desired: &GroupSpec) -> Vec<String> {
    let as_map = |spec: &GroupSpec| match serde_json::to_value(GroupSpec {
        start: None,
        ..spec.clone()
    }) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => Default::default(),
    };
    let (before, after) = (as_map(current), as_map(desired));
    let mut fields: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|key| before.get(*key) != after.get(*key))
        .cloned()
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

impl Bus {
    /// Group `name`'s definition as the spec that makes it, defaults spelled out.
    pub(crate) async fn group_spec(&self, name: &str) -> Result<GroupSpec, BusError> {
        let handle: std::sync::Arc<Handle> = self.find_handle(name).await?;
        let state = handle.state.lock().await;
        Ok(spec_of(&state.def))
    }

    /// Makes group `desired.name` what `desired` says, keeping its cursor, deliveries,
    /// pause and creation time; a change that cannot be made in place is a conflict.
    pub(crate) async fn change_group(&self, desired: &GroupSpec) -> Result<(), BusError> {
        let handle = self.find_handle(&desired.name).await?;
        let mut state = handle.state.lock().await;
        let current = spec_of(&state.def);
        if let Some(reason) = not_in_place(&current, desired) {
            return Err(BusError::Conflict(format!(
                "group '{}': {reason}: delete it and create it again",
                desired.name
            )));
        }
        let mut def = self.def_of(desired, state.def.created_ms).await?;
        if let (Some(new), Some(old)) = (def.push.as_mut(), state.def.push.as_ref())
            && new.secret == old.secret
        {
            new.previous_secret = old.previous_secret.clone();
        }
        state.def = def;
        let changes = super::Changes {
            ops: vec![StateOp::PutGroup {
                name: desired.name.clone(),
                spec: record_of(&state.def, state.paused, state.probing),
                cursor: state.cursor,
                queue: state.def.queue_spec(),
            }],
            ..super::Changes::default()
        };
        self.commit(state, changes).await?;
        handle.wake.notify_waiters();
        Ok(())
    }
}

/// `spec` without the fields that only repeat `defaults` (for a document people read).
pub(crate) fn without_defaults(spec: GroupSpec, defaults: &GroupSpec) -> GroupSpec {
    let (Ok(serde_json::Value::Object(mut fields)), Ok(serde_json::Value::Object(default))) =
        (serde_json::to_value(&spec), serde_json::to_value(defaults))
    else {
        return spec;
    };
    fields.retain(|key, value| {
        matches!(key.as_str(), "name" | "pattern" | "push") || default.get(key) != Some(value)
    });
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or(spec)
}
