//! Loading a snapshot into an empty bus. The whole file is read and checked first (every
//! line, every event, the topology as `apply` would plan it), so a bad snapshot changes
//! nothing. Then it goes in in an order that works: the events, schemas, the groups at
//! their cursors with what they had in progress, the dead letters, the routes from their
//! positions, the schedules. The bus keeps a record of the snapshot it took, so loading
//! the same one again (`serve --snapshot` after a restart) changes nothing.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

use super::seqs::SeqMap;
use crate::api::Event;
use crate::api::config::BusDocument;
use crate::api::dead_letter::DeadLetter;
use crate::api::route::RouteInfo;
use crate::api::schedule::ScheduleInfo;
use crate::api::snapshot::{Counts, GroupSnapshot, Line, VERSION};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::api::topic::SYSTEM_PREFIX;
use crate::bus::{Bus, BusError, schedules};
use crate::engine::{NewEvent, StateOp, StoredDeadLetter, StoredEvent};

/// Events appended per commit.
const BATCH: usize = 1_000;
/// The record kind that remembers a snapshot the bus took, by its digest.
const RECORD_KIND: &str = "snapshot";

/// A snapshot read and checked: what goes into the bus.
#[derive(Default)]
struct Parsed {
    schemas: Vec<crate::api::schema::SchemaSpec>,
    /// Each event with the seq it had, if it said.
    events: Vec<(Option<u64>, NewEvent)>,
    groups: Vec<GroupSnapshot>,
    dead_letters: Vec<DeadLetter>,
    routes: Vec<RouteInfo>,
    schedules: Vec<ScheduleInfo>,
}

fn invalid(reason: impl std::fmt::Display) -> BusError {
    BusError::InvalidArgument(format!("{reason}; nothing was loaded"))
}

/// A hex SHA-256 of `bytes`: which snapshot this is.
fn digest(bytes: &[u8]) -> String {
    crate::bus::ids::hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// `json` (an event's object) with its `seq` moved as `seqs` says, and that seq.
fn moved(json: &str, seqs: &SeqMap) -> (Option<u64>, String) {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(mut object)) => {
            let seq = object
                .get("seq")
                .and_then(Value::as_u64)
                .map(|old| seqs.seq(old));
            if let Some(seq) = seq {
                object.insert("seq".into(), seq.into());
            }
            (seq, Value::Object(object).to_string())
        }
        _ => (None, json.to_owned()),
    }
}

impl Bus {
    /// Loads `text` (a snapshot's NDJSON) into this bus, which must hold nothing yet but
    /// its own `$evbus.` events.
    pub async fn load_snapshot(&self, text: &[u8]) -> Result<Counts, BusError> {
        let parsed = self.parse_snapshot(text).await?;
        let id = digest(text);
        let _one_at_a_time = self.inner.snapshot_lock.lock().await;
        if let Some(body) = self.engine().record(RECORD_KIND, &id).await? {
            let mut loaded: Counts = serde_json::from_str(&body).unwrap_or_default();
            loaded.already = true;
            return Ok(loaded);
        }
        if let Some(held) = self.what_it_holds().await? {
            return Err(BusError::Conflict(format!(
                "the bus already holds {held}: load a snapshot into an empty bus (a fresh --data-dir, or --engine memory); nothing was loaded"
            )));
        }
        let loaded = self.put_snapshot(parsed).await?;
        self.store(vec![StateOp::PutRecord {
            kind: RECORD_KIND.into(),
            id,
            body: serde_json::to_string(&loaded).expect("counts serialize"),
        }])
        .await?;
        self.announce(
            "$evbus.snapshot.loaded",
            serde_json::to_value(&loaded).unwrap_or_default(),
        );
        Ok(loaded)
    }

    /// Every line parsed and checked, without changing anything.
    async fn parse_snapshot(&self, text: &[u8]) -> Result<Parsed, BusError> {
        let text = std::str::from_utf8(text)
            .map_err(|err| invalid(format!("the snapshot is not UTF-8: {err}")))?;
        let mut parsed = Parsed::default();
        let mut header = false;
        let now = format_rfc3339_ms(now_ms());
        let mut last_seq = 0;
        for (number, line) in text.lines().enumerate() {
            // serde's place is within the line, which is one line of JSON.
            let at = |reason: String| {
                let reason = reason.replace(" at line 1 column ", " at column ");
                invalid(format!("line {}: {reason}", number + 1))
            };
            if line.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(line).map_err(|err| at(err.to_string()))?;
            if !header {
                match line {
                    Line::Snapshot(found) if found.version == VERSION => {
                        header = true;
                        continue;
                    }
                    Line::Snapshot(found) => {
                        return Err(at(format!(
                            "a snapshot of version {}: this evbus reads version {VERSION}",
                            found.version
                        )));
                    }
                    _ => {
                        return Err(at(
                            r#"no header first: a snapshot starts with {"snapshot":{"version":1}}"#
                                .into(),
                        ));
                    }
                }
            }
            match line {
                Line::Snapshot(_) => return Err(at("a second header".into())),
                Line::Schema(spec) => parsed.schemas.push(spec),
                Line::Group(group) => parsed.groups.push(group),
                Line::Route(route) => parsed.routes.push(route),
                Line::Schedule(schedule) => {
                    schedules::restored(&schedule, |seq| seq).map_err(at)?;
                    parsed.schedules.push(schedule);
                }
                Line::DeadLetter(letter) if letter.id.is_empty() => {
                    return Err(at("a dead letter needs its id".into()));
                }
                Line::DeadLetter(letter) => parsed.dead_letters.push(letter),
                Line::Event(json) => {
                    // `seq` is the bus's, so an event read as an emit ignores it.
                    #[derive(serde::Deserialize)]
                    struct Saved {
                        seq: Option<u64>,
                    }
                    let seq = serde_json::from_str::<Saved>(json.get())
                        .map_err(|err| at(err.to_string()))?
                        .seq;
                    let event: Event =
                        serde_json::from_str(json.get()).map_err(|err| at(err.to_string()))?;
                    if let Some(seq) = seq {
                        if seq <= last_seq {
                            return Err(at(format!(
                                "event seq {seq} comes after seq {last_seq}: events are saved in log order"
                            )));
                        }
                        last_seq = seq;
                    }
                    // Checked as the bus's own events are: the events were accepted once,
                    // before the schemas and limits of this bus.
                    let (mut event, _) = self
                        .prepare(event, &now, true)
                        .map_err(|err| at(err.to_string()))?;
                    // Each event is stored as it was, even two with one id.
                    event.dedup_key = None;
                    parsed.events.push((seq, event));
                }
            }
        }
        if !header {
            return Err(invalid(
                r#"the snapshot is empty: it starts with {"snapshot":{"version":1}}"#,
            ));
        }
        let document = BusDocument {
            groups: parsed
                .groups
                .iter()
                .map(|group| group.spec.clone())
                .collect(),
            routes: parsed
                .routes
                .iter()
                .map(|route| route.spec.clone())
                .collect(),
            schemas: parsed.schemas.clone(),
        };
        self.check_config(&document)
            .await
            .map_err(|err| match err {
                BusError::InvalidArgument(reason) => invalid(reason),
                other => other,
            })?;
        Ok(parsed)
    }

    /// What the bus holds besides its own events, if anything.
    async fn what_it_holds(&self) -> Result<Option<String>, BusError> {
        self.refresh_groups().await?;
        self.refresh_routes().await?;
        let topics = self
            .engine()
            .topics()
            .await?
            .into_iter()
            .filter(|topic| !topic.topic.starts_with(SYSTEM_PREFIX))
            .count();
        let dead: u64 = self.engine().dead_letter_counts().await?.values().sum();
        let held = [
            ("group", "groups", self.group_names().len()),
            ("route", "routes", self.list_routes().len()),
            ("schema", "schemas", self.list_schemas().await?.len()),
            ("schedule", "schedules", self.list_schedules().await?.len()),
            ("dead letter", "dead letters", dead as usize),
            ("topic's events", "topics' events", topics),
        ];
        let held: Vec<String> = held
            .into_iter()
            .filter(|(_, _, count)| *count > 0)
            .map(|(one, many, count)| match count {
                1 => format!("1 {one}"),
                _ => format!("{count} {many}"),
            })
            .collect();
        Ok((!held.is_empty()).then(|| held.join(", ")))
    }

    async fn put_snapshot(&self, parsed: Parsed) -> Result<Counts, BusError> {
        let mut loaded = Counts::default();
        let mut seqs = SeqMap::new(self.engine().live().last_seq() + 1);
        let mut events = parsed.events.into_iter().peekable();
        while events.peek().is_some() {
            let (old, batch): (Vec<_>, Vec<_>) = events.by_ref().take(BATCH).unzip();
            let appended = self.engine().append(batch).await?;
            for (old, appended) in old.into_iter().zip(appended) {
                seqs.push(old, appended.seq);
                loaded.events += 1;
            }
        }
        // After the events, so that what each change announces comes after them too;
        // the events were checked when they were first emitted.
        for spec in parsed.schemas {
            self.put_schema(spec, false).await?;
            loaded.schemas += 1;
        }
        for group in parsed.groups {
            self.put_group(group, &seqs).await?;
            loaded.groups += 1;
        }
        let mut dead: BTreeMap<String, u64> = BTreeMap::new();
        let mut ops = Vec::with_capacity(parsed.dead_letters.len());
        for mut letter in parsed.dead_letters {
            letter.seq = seqs.seq(letter.seq);
            let (_, event) = moved(letter.event.get(), &seqs);
            letter.event = RawValue::from_string(event).map_err(invalid)?;
            *dead.entry(letter.group.clone()).or_default() += 1;
            ops.push(StateOp::PutDeadLetter(StoredDeadLetter {
                id: letter.id.clone(),
                group: letter.group.clone(),
                body: serde_json::to_string(&letter).expect("dead letters serialize"),
            }));
        }
        loaded.dead_letters = ops.len() as u64;
        for ops in ops.chunks(BATCH) {
            self.store(ops.to_vec()).await?;
        }
        for (group, count) in dead {
            self.count_dead(&group, count).await;
        }
        for route in parsed.routes {
            let position = seqs.position(route.position);
            self.add_route_from(route.spec, Some(position)).await?;
            loaded.routes += 1;
        }
        let schedules = parsed
            .schedules
            .iter()
            .map(|info| schedules::restored(info, |seq| seqs.seq(seq)).map_err(invalid))
            .collect::<Result<Vec<_>, _>>()?;
        loaded.schedules = schedules.len() as u64;
        if !schedules.is_empty() {
            self.restore_schedules(schedules).await?;
        }
        Ok(loaded)
    }

    /// A group at its cursor, paused if it was, with what it had in progress handed out
    /// again.
    async fn put_group(&self, group: GroupSnapshot, seqs: &SeqMap) -> Result<(), BusError> {
        let mut spec = group.spec;
        let name = spec.name.clone();
        spec.start = Some(seqs.cursor(group.cursor).to_string());
        self.create_group(spec).await?;
        if group.paused {
            self.set_paused(&name, true, group.probing, "snapshot")
                .await?;
        }
        let in_progress = group
            .in_progress
            .iter()
            .filter_map(|seq| seqs.get(*seq))
            .collect();
        let mut again = self.engine().get_many(in_progress).await?;
        for queued in &group.queued {
            let (seq, json) = moved(queued.get(), seqs);
            again.push(StoredEvent::from_json(seq.unwrap_or_default(), json.into()));
        }
        if !again.is_empty() {
            self.enqueue(&name, again, Vec::new()).await?;
        }
        Ok(())
    }
}
