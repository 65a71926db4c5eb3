//! Creating, showing, changing and deleting groups.

use std::sync::Arc;
use std::time::Duration;

use super::record::{DEFAULT_MAX_IN_FLIGHT, DEFAULT_PAUSE_AFTER, DEFAULT_PROBE_EVERY, record_of};
use super::{Changes, GroupDef, GroupState, Handle, PushTarget, parse_start, validate_name};
use crate::api::Pattern;
use crate::api::group::{
    Backoff, DEFAULT_ACK_TIMEOUT, DEFAULT_BACKOFF, DEFAULT_MAX_ATTEMPTS, GroupInfo, GroupSpec,
    KeysInfo, MemberInfo, Rotate, Rotated,
};
use crate::api::time::{format_duration_exact, format_rfc3339_ms, parse_duration};
use crate::bus::{Bus, BusError, JqFilter};
use crate::engine::{StateOp, StoredEvent};

impl Bus {
    /// The definition `spec` asks for, checked whole (its filter compiled and tried);
    /// `start` is the creator's business, not the definition's.
    pub(crate) async fn def_of(
        &self,
        spec: &GroupSpec,
        created_ms: i64,
    ) -> Result<GroupDef, BusError> {
        validate_name(&spec.name)?;
        let invalid = BusError::InvalidArgument;
        let pattern: Pattern = spec.pattern.parse().map_err(invalid)?;
        let filter = match &spec.filter {
            Some(code) => Some(Arc::new(
                JqFilter::compile_and_try(code)
                    .await
                    .map_err(|err| invalid(err.into()))?,
            )),
            None => None,
        };
        let backoff: Backoff = match &spec.backoff {
            Some(text) => text.parse().map_err(invalid)?,
            None => DEFAULT_BACKOFF,
        };
        let ack_timeout = match &spec.ack_timeout {
            Some(text) => parse_duration(text).map_err(invalid)?,
            None => DEFAULT_ACK_TIMEOUT,
        };
        if ack_timeout < Duration::from_millis(100) {
            return Err(invalid("the ack timeout must be at least 100ms".into()));
        }
        let max_attempts = spec.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if max_attempts == 0 {
            return Err(invalid("max attempts must be at least 1".into()));
        }
        let push = match &spec.push {
            None => {
                let push_only = spec.secret.is_some()
                    || spec.rate.is_some()
                    || spec.max_in_flight.is_some()
                    || spec.pause_after.is_some()
                    || spec.probe_every.is_some()
                    || !spec.headers.is_empty();
                if push_only {
                    return Err(invalid(
                        "secret, rate, max_in_flight, headers, pause_after and probe_every are for push groups: add push".into(),
                    ));
                }
                None
            }
            Some(url) => {
                let parsed = reqwest::Url::parse(url)
                    .map_err(|err| invalid(format!("push URL '{url}': {err}")))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(invalid(format!("push URL '{url}' must be http or https")));
                }
                self.config().push_policy.check_url(url).map_err(invalid)?;
                if spec.rate.is_some_and(|rate| rate.is_nan() || rate <= 0.0) {
                    return Err(invalid(
                        "rate must be above zero (deliveries per second)".into(),
                    ));
                }
                if spec.max_in_flight == Some(0) {
                    return Err(invalid("max_in_flight must be at least 1".into()));
                }
                Some(PushTarget {
                    url: url.clone(),
                    secret: spec.secret.clone(),
                    rate: spec.rate,
                    max_in_flight: spec.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
                    headers: push_headers(&spec.headers).map_err(invalid)?,
                    previous_secret: None,
                    pause_after: spec.pause_after.unwrap_or(DEFAULT_PAUSE_AFTER),
                    probe_every: match &spec.probe_every {
                        Some(every) => Some(parse_duration(every).map_err(invalid)?)
                            .filter(|every| !every.is_zero())
                            .ok_or_else(|| invalid("probe_every must be more than 0".into()))?,
                        None => DEFAULT_PROBE_EVERY,
                    },
                })
            }
        };
        Ok(GroupDef {
            name: spec.name.clone(),
            pattern,
            filter,
            filter_text: spec.filter.clone(),
            max_attempts,
            backoff,
            ack_timeout,
            created_ms,
            push,
            ordered: spec.ordered,
        })
    }

    pub async fn create_group(&self, spec: GroupSpec) -> Result<GroupInfo, BusError> {
        let def = self.def_of(&spec, self.clock().now_ms()).await?;
        let invalid = BusError::InvalidArgument;
        let start = parse_start(spec.start.as_deref().unwrap_or("new")).map_err(invalid)?;
        let cursor = self.start_seq(start).await?;
        let pushes = def.push.is_some();
        let op = StateOp::PutGroup {
            name: spec.name.clone(),
            spec: record_of(&def, false, false),
            cursor,
            queue: def.queue_spec(),
        };
        let durable = {
            let mut map = self.groups_map().map.write().expect("group map poisoned");
            if map.contains_key(&spec.name) {
                return Err(BusError::Conflict(format!(
                    "group '{}' already exists: see `evbus groups show {}`",
                    spec.name, spec.name
                )));
            }
            map.insert(
                spec.name.clone(),
                Arc::new(Handle::new(GroupState::new(def, cursor))),
            );
            self.engine().write_state(vec![op])
        };
        durable.await?;
        if pushes {
            self.start_pusher(&spec.name);
        }
        self.announce(
            "$evbus.group.created",
            serde_json::json!({ "group": spec.name, "pattern": spec.pattern, "cursor": cursor }),
        );
        self.group(&spec.name).await
    }

    pub async fn group(&self, name: &str) -> Result<GroupInfo, BusError> {
        let handle = self.find_handle(name).await?;
        let dead = self.shared_dead_counts().await;
        Ok(self.group_info(&handle, dead.as_ref()).await)
    }

    /// The group as every server sees it.
    async fn group_info(
        &self,
        handle: &Handle,
        dead: Option<&std::collections::HashMap<String, u64>>,
    ) -> GroupInfo {
        let (mut info, share) = {
            let state = handle.state.lock().await;
            (self.info(&state), state.share())
        };
        if let Some(dead) = dead {
            info.dead = dead.get(&info.name).copied().unwrap_or(0);
        }
        if handle.ordered
            && let Some(keys) = self.keys_elsewhere(&info.name, &handle.lead).await
        {
            info.keys = Some(keys);
        }
        self.with_other_servers(info, share).await
    }

    pub async fn list_groups(&self) -> Result<Vec<GroupInfo>, BusError> {
        let handles = self.handles();
        let dead = self.shared_dead_counts().await;
        let mut infos = Vec::with_capacity(handles.len());
        for handle in handles {
            infos.push(self.group_info(&handle, dead.as_ref()).await);
        }
        Ok(infos)
    }

    fn info(&self, state: &GroupState) -> GroupInfo {
        let def = &state.def;
        let next = self.engine().live().last_seq() + 1;
        GroupInfo {
            name: def.name.clone(),
            pattern: def.pattern.to_string(),
            filter: def.filter_text.clone(),
            max_attempts: def.max_attempts,
            backoff: def.backoff.to_string(),
            ack_timeout: format_duration_exact(def.ack_timeout),
            created: format_rfc3339_ms(def.created_ms),
            cursor: state.cursor,
            pending: state.waiting() + self.engine().handouts().waiting(&def.name),
            in_flight: state.in_flight(),
            dead: state.dead,
            lag: next.saturating_sub(state.cursor),
            completed: state.completed,
            push: def.push.as_ref().map(|push| push.url.clone()),
            headers: def.push.as_ref().map_or_else(Default::default, |push| {
                push.headers
                    .keys()
                    .map(|name| (name.clone(), MASKED.to_owned()))
                    .collect()
            }),
            paused: state.paused,
            probing: state.probing,
            ordered: def.ordered,
            keys: state.keys_info(),
            members: state
                .members()
                .into_iter()
                .map(|(name, in_flight, last_seen)| MemberInfo {
                    name,
                    in_flight,
                    last_seen: format_rfc3339_ms(last_seen),
                })
                .collect(),
        }
    }

    /// Where ordered group `name`'s keys stand on this server.
    pub(crate) async fn keys_here(&self, name: &str) -> Result<Option<KeysInfo>, BusError> {
        let handle = self.find_handle(name).await?;
        Ok(handle.state.lock().await.keys_info())
    }

    /// Deletes the group and its deliveries in progress; its dead letters stay.
    pub async fn delete_group(&self, name: &str) -> Result<(), BusError> {
        self.find_handle(name).await?;
        let handle = self
            .groups_map()
            .map
            .write()
            .expect("group map poisoned")
            .remove(name);
        let Some(handle) = handle else {
            return Err(self.handle(name).err().expect("the group is gone"));
        };
        let durable = {
            let _state = handle.state.lock().await;
            self.engine().write_state(vec![StateOp::DeleteGroup {
                name: name.to_owned(),
            }])
        };
        handle.wake.notify_waiters();
        durable.await?;
        self.announce("$evbus.group.deleted", serde_json::json!({ "group": name }));
        Ok(())
    }

    /// Moves the group's cursor; deliveries in progress are dropped.
    pub async fn reset_group(&self, name: &str, to: &str) -> Result<GroupInfo, BusError> {
        let start = parse_start(to).map_err(BusError::InvalidArgument)?;
        let cursor = self.start_seq(start).await?;
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let mut changes = Changes::default();
        state.reset(cursor, &mut changes);
        let info = self.info(&state);
        self.commit(state, changes).await?;
        handle.wake.notify_waiters();
        Ok(info)
    }

    /// A new signing secret for push group `name` (random unless given); the old one
    /// signs too for `grace`, so receivers can switch over (both signatures are sent).
    pub async fn rotate_secret(&self, name: &str, rotate: &Rotate) -> Result<Rotated, BusError> {
        let invalid = BusError::InvalidArgument;
        let grace = match &rotate.grace {
            Some(grace) => parse_duration(grace).map_err(invalid)?,
            None => Duration::from_secs(24 * 3600),
        };
        let secret = match &rotate.secret {
            Some(secret) if secret.is_empty() => {
                return Err(invalid("secret must not be empty".into()));
            }
            Some(secret) => secret.clone(),
            None => crate::bus::ids::random_secret("whsec_"),
        };
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let now = self.clock().now_ms();
        let Some(push) = state.def.push.as_mut() else {
            return Err(invalid(format!(
                "group {name} is not a push group: only pushes are signed"
            )));
        };
        let until = now + i64::try_from(grace.as_millis()).unwrap_or(i64::MAX / 2);
        push.previous_secret = push
            .secret
            .take()
            .filter(|_| !grace.is_zero())
            .map(|old| (old, until));
        push.secret = Some(secret.clone());
        let previous_until = push
            .previous_secret
            .as_ref()
            .map(|(_, until)| format_rfc3339_ms(*until));
        let changes = Changes {
            ops: vec![StateOp::PutGroup {
                name: name.to_owned(),
                spec: record_of(&state.def, state.paused, state.probing),
                cursor: state.cursor,
                queue: state.def.queue_spec(),
            }],
            ..Changes::default()
        };
        self.commit(state, changes).await?;
        Ok(Rotated {
            group: name.to_owned(),
            secret,
            previous_until,
        })
    }

    /// Pauses or resumes `name`; `probing`: paused by its pusher, which keeps trying one
    /// delivery at a time.
    pub async fn set_paused(
        &self,
        name: &str,
        paused: bool,
        probing: bool,
        reason: &str,
    ) -> Result<GroupInfo, BusError> {
        let handle = self.find_handle(name).await?;
        let mut state = handle.state.lock().await;
        let changed = state.paused != paused;
        state.paused = paused;
        state.probing = paused && probing;
        let changes = Changes {
            ops: vec![StateOp::PutGroup {
                name: name.to_owned(),
                spec: record_of(&state.def, paused, state.probing),
                cursor: state.cursor,
                queue: state.def.queue_spec(),
            }],
            ..Changes::default()
        };
        let info = self.info(&state);
        self.commit(state, changes).await?;
        handle.wake.notify_waiters();
        if changed {
            let topic = if paused {
                "$evbus.group.paused"
            } else {
                "$evbus.group.resumed"
            };
            self.announce(
                topic,
                serde_json::json!({ "group": name, "reason": reason }),
            );
        }
        Ok(info)
    }

    /// A push group's target and state, while the group exists.
    pub(crate) async fn push_target(&self, name: &str) -> Option<PushState> {
        let handle = self.handle(name).ok()?;
        let state = handle.state.lock().await;
        Some(PushState {
            target: state.def.push.clone()?,
            ack_timeout: state.def.ack_timeout,
            paused: state.paused,
            probing: state.probing,
        })
    }

    /// Whether some group that would receive `probe` has a live member.
    /// On a shared engine, a member attached to another server counts too.
    pub async fn has_responders(&self, probe: &StoredEvent) -> bool {
        let mut matching = Vec::new();
        for handle in self.handles() {
            let state = handle.state.lock().await;
            if state.def.accepts([probe]).await[0] {
                if state.has_members() {
                    return true;
                }
                matching.push(state.def.name.clone());
            }
        }
        self.listens_elsewhere(probe, matching).await
    }

    /// The groups that would receive `probe`.
    pub(crate) async fn groups_receiving(&self, probe: &StoredEvent) -> Vec<String> {
        let mut matching = Vec::new();
        for handle in self.handles() {
            let state = handle.state.lock().await;
            if state.def.accepts([probe]).await[0] {
                matching.push(state.def.name.clone());
            }
        }
        matching
    }
}

/// What a pusher reads of its group each round.
pub(crate) struct PushState {
    pub target: PushTarget,
    pub ack_timeout: Duration,
    pub paused: bool,
    pub probing: bool,
}

/// What a push group shows for each of its headers' values.
const MASKED: &str = "****";

/// A push group's fixed headers, checked: names and values HTTP allows, and none of the
/// headers the bus sets itself (the event's, its signature, the body's).
fn push_headers(
    headers: &std::collections::BTreeMap<String, String>,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut checked = std::collections::BTreeMap::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        reqwest::header::HeaderName::from_bytes(lower.as_bytes())
            .map_err(|_| format!("push header '{name}' is not a header name"))?;
        reqwest::header::HeaderValue::from_str(value)
            .map_err(|_| format!("push header '{name}' has a value HTTP cannot carry"))?;
        let owned_by_bus = lower.starts_with("ce-")
            || lower.starts_with("evbus-")
            || matches!(
                lower.as_str(),
                "content-type"
                    | "content-length"
                    | "host"
                    | "transfer-encoding"
                    | "connection"
                    | "traceparent"
                    | "tracestate"
            );
        if owned_by_bus {
            return Err(format!(
                "push header '{name}' is the bus's to set: choose another name"
            ));
        }
        checked.insert(lower, value.clone());
    }
    Ok(checked)
}
