//! Scheduled events: stored now as records, appended to the log when due, once or
//! repeatedly. One task per server (`run_schedules`) fires what is due; a firing and the
//! schedule's next due time are one atomic commit, and each firing's id derives from the
//! schedule's id and the due time, so a firing repeated after a crash, or by a second
//! server sharing the engine, is a duplicate the log keeps once.

mod when;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, Notify};

use super::{Bus, BusError};
use crate::api::Event;
use crate::api::schedule::{SCHEDULE_ID, SCHEDULED_FOR, ScheduleInfo, ScheduleSpec};
use crate::api::time::{
    format_duration_exact, format_rfc3339_ms, now_ms, parse_duration, parse_rfc3339_ms,
};
use crate::engine::StateOp;
use when::{Cron, Repeat, first_due};

/// The kind of record a schedule is kept as.
const RECORD_KIND: &str = "schedule";
/// How often a server of a shared engine looks for schedules made through others.
const SHARED_REFRESH: Duration = Duration::from_secs(1);
/// How often a server of its own looks again anyway.
const LOCAL_REFRESH: Duration = Duration::from_secs(30);

/// What the bus keeps of its schedules in memory: a wake-up for the firing task, and a
/// lock so a firing and a cancel never interleave.
#[derive(Default)]
pub struct Schedules {
    changed: Notify,
    lock: Mutex<()>,
}

/// A schedule as stored.
#[derive(Serialize, Deserialize)]
struct Record {
    event: Event,
    next_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    every_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tz: Option<String>,
    created_ms: i64,
    #[serde(default)]
    fired: u64,
    #[serde(default)]
    last_fired_ms: Option<i64>,
    #[serde(default)]
    last_seq: Option<u64>,
}

impl Record {
    fn repeat(&self) -> Result<Repeat, String> {
        match (&self.every_ms, &self.cron) {
            (Some(every), _) => Ok(Repeat::Every(Duration::from_millis(*every))),
            (_, Some(cron)) => Ok(Repeat::Cron(Box::new(Cron::parse(
                cron,
                self.tz.as_deref(),
            )?))),
            _ => Ok(Repeat::Once),
        }
    }

    fn info(&self, id: &str) -> ScheduleInfo {
        ScheduleInfo {
            id: id.to_owned(),
            topic: self.event.topic.clone(),
            next: format_rfc3339_ms(self.next_ms),
            every: self
                .every_ms
                .map(|every| format_duration_exact(Duration::from_millis(every))),
            cron: self.cron.clone(),
            tz: self
                .cron
                .as_ref()
                .map(|_| self.tz.clone().unwrap_or("UTC".into())),
            created: format_rfc3339_ms(self.created_ms),
            fired: self.fired,
            last_fired: self.last_fired_ms.map(format_rfc3339_ms),
            last_seq: self.last_seq,
            duplicate: false,
            event: self.event.clone(),
        }
    }

    fn put(&self, id: &str) -> StateOp {
        StateOp::PutRecord {
            kind: RECORD_KIND.into(),
            id: id.to_owned(),
            body: serde_json::to_string(self).expect("schedules serialize"),
        }
    }
}

/// A schedule as a snapshot shows it, to store as it was (`snapshot load`), with its
/// last firing's seq as `seq` maps it.
pub(crate) fn restored(info: &ScheduleInfo, seq: impl Fn(u64) -> u64) -> Result<StateOp, String> {
    let invalid = |what: &str, err: String| format!("schedule '{}': {what}: {err}", info.id);
    let ms = |what: &str, text: &str| parse_rfc3339_ms(text).map_err(|err| invalid(what, err));
    if info.id.is_empty() {
        return Err("a schedule needs its id".into());
    }
    let every_ms = match &info.every {
        Some(every) => {
            let every = parse_duration(every).map_err(|err| invalid("every", err))?;
            Some(every.as_millis() as u64).filter(|every| *every > 0)
        }
        None => None,
    };
    let record = Record {
        event: info.event.clone(),
        next_ms: ms("next", &info.next)?,
        every_ms,
        cron: info.cron.clone(),
        tz: info.tz.clone(),
        created_ms: ms("created", &info.created)?,
        fired: info.fired,
        last_fired_ms: info
            .last_fired
            .as_deref()
            .map(|text| ms("last_fired", text))
            .transpose()?,
        last_seq: info.last_seq.map(seq),
    };
    record.repeat().map_err(|err| invalid("cron", err))?;
    Ok(record.put(&info.id))
}

/// A schedule's id: its producer's (`source`, `id`) hashed, so making it again is a
/// no-op, or else a fresh ULID.
fn schedule_id(event: &Event) -> String {
    match &event.id {
        Some(id) => {
            let source = event.source.as_deref().unwrap_or("evbus");
            let key = crate::engine::dedup::dedup_key(source, id);
            let digest = ring::digest::digest(&ring::digest::SHA256, key.as_bytes());
            format!("s{}", crate::bus::ids::hex(&digest.as_ref()[..13]))
        }
        None => crate::bus::ids::new_ulid(),
    }
}

/// Whether `spec`'s timing holds now (the command line checks before it sends).
pub fn check(spec: &ScheduleSpec) -> Result<(), String> {
    timing(spec, now_ms()).map(drop)
}

fn timing(spec: &ScheduleSpec, now: i64) -> Result<(i64, Repeat), String> {
    first_due(
        spec.at.as_deref(),
        spec.after.as_deref(),
        spec.every.as_deref(),
        spec.cron.as_deref(),
        spec.tz.as_deref(),
        now,
    )
}

impl Bus {
    pub(super) fn schedules_state(&self) -> &Schedules {
        &self.inner.schedules
    }

    /// Stores a schedule; the same producer (`source`, `id`) again answers with the one
    /// stored, marked `duplicate`, and changes nothing.
    pub async fn create_schedule(&self, spec: ScheduleSpec) -> Result<ScheduleInfo, BusError> {
        let now = now_ms();
        let (next_ms, repeat) = timing(&spec, now).map_err(BusError::InvalidArgument)?;
        // Checked as an emit would check it, so every firing is accepted.
        self.check_event(spec.event.clone())?;
        let id = schedule_id(&spec.event);
        let _lock = self.schedules_state().lock.lock().await;
        if let Some(record) = self.schedule_record(&id).await? {
            let mut info = record.info(&id);
            info.duplicate = true;
            return Ok(info);
        }
        let (every_ms, cron, tz) = match &repeat {
            Repeat::Once => (None, None, None),
            Repeat::Every(period) => (Some(period.as_millis() as u64), None, None),
            Repeat::Cron(cron) => (None, Some(cron.text.clone()), Some(cron.zone_name.clone())),
        };
        let record = Record {
            event: spec.event,
            next_ms,
            every_ms,
            cron,
            tz,
            created_ms: now,
            fired: 0,
            last_fired_ms: None,
            last_seq: None,
        };
        self.store(vec![record.put(&id)]).await?;
        self.schedules_state().changed.notify_one();
        let info = record.info(&id);
        self.announce(
            "$evbus.schedule.created",
            serde_json::json!({ "schedule": id, "topic": info.topic, "next": info.next,
                "every": info.every, "cron": info.cron, "tz": info.tz }),
        );
        Ok(info)
    }

    /// Stores schedules as they were (`restored`) and lets the firing task know.
    pub(crate) async fn restore_schedules(&self, ops: Vec<StateOp>) -> Result<(), BusError> {
        self.store(ops).await?;
        self.schedules_state().changed.notify_one();
        Ok(())
    }

    /// Every schedule, soonest first.
    pub async fn list_schedules(&self) -> Result<Vec<ScheduleInfo>, BusError> {
        let mut records = self.schedule_records().await?;
        records.sort_by(|(a_id, a), (b_id, b)| (a.next_ms, a_id).cmp(&(b.next_ms, b_id)));
        Ok(records.iter().map(|(id, record)| record.info(id)).collect())
    }

    pub async fn schedule(&self, id: &str) -> Result<ScheduleInfo, BusError> {
        match self.schedule_record(id).await? {
            Some(record) => Ok(record.info(id)),
            None => Err(no_schedule(id)),
        }
    }

    /// Cancels a schedule: it fires no more.
    pub async fn cancel_schedule(&self, id: &str) -> Result<ScheduleInfo, BusError> {
        let _lock = self.schedules_state().lock.lock().await;
        let Some(record) = self.schedule_record(id).await? else {
            return Err(no_schedule(id));
        };
        self.store(vec![StateOp::RemoveRecord {
            kind: RECORD_KIND.into(),
            id: id.to_owned(),
        }])
        .await?;
        self.announce(
            "$evbus.schedule.cancelled",
            serde_json::json!({ "schedule": id, "topic": record.event.topic, "reason": "cancelled" }),
        );
        Ok(record.info(id))
    }

    async fn schedule_records(&self) -> Result<Vec<(String, Record)>, BusError> {
        let mut records = Vec::new();
        for (id, body) in self.engine().records(RECORD_KIND).await? {
            match serde_json::from_str::<Record>(&body) {
                Ok(record) => records.push((id, record)),
                Err(err) => {
                    tracing::warn!(schedule = %id, error = %err, "a stored schedule cannot be read; it is skipped")
                }
            }
        }
        Ok(records)
    }

    async fn schedule_record(&self, id: &str) -> Result<Option<Record>, BusError> {
        let records = self.schedule_records().await?;
        Ok(records
            .into_iter()
            .find(|(known, _)| known == id)
            .map(|(_, record)| record))
    }

    /// Fires every schedule when it is due, until shutdown.
    pub(crate) async fn run_schedules(self) {
        let refresh = if self.engine().peers().is_some() {
            SHARED_REFRESH
        } else {
            LOCAL_REFRESH
        };
        let mut shutdown = self.shutdown_signal();
        loop {
            let next = match self.fire_due().await {
                Ok(next) => next,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot fire scheduled events; will retry");
                    Some(now_ms() + 1_000)
                }
            };
            let wait = next.map_or(refresh, |next| {
                Duration::from_millis((next - now_ms()).max(0) as u64).min(refresh)
            });
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.schedules_state().changed.notified() => {}
                _ = shutdown.wait_for(|stopping| *stopping) => return,
            }
        }
    }

    /// Fires what is due now; returns when the next schedule is due.
    async fn fire_due(&self) -> Result<Option<i64>, BusError> {
        let _lock = self.schedules_state().lock.lock().await;
        let now = now_ms();
        let mut soonest: Option<i64> = None;
        for (id, record) in self.schedule_records().await? {
            let next = if record.next_ms <= now {
                let topic = record.event.topic.clone();
                match self.fire(&id, record, now).await {
                    Ok(next) => next,
                    // The event is no longer accepted (the size limit fell, say): it
                    // would fail at every firing, so the schedule ends, saying why.
                    Err(err @ (BusError::InvalidEvent { .. } | BusError::TooLarge { .. })) => {
                        tracing::warn!(schedule = %id, error = %err, "a scheduled event is refused; the schedule is cancelled");
                        self.store(vec![StateOp::RemoveRecord {
                            kind: RECORD_KIND.into(),
                            id: id.clone(),
                        }])
                        .await?;
                        self.announce(
                            "$evbus.schedule.cancelled",
                            serde_json::json!({ "schedule": id, "topic": topic, "reason": err.to_string() }),
                        );
                        None
                    }
                    Err(err) => return Err(err),
                }
            } else {
                Some(record.next_ms)
            };
            soonest = match (soonest, next) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(soonest)
    }

    /// Appends the schedule's event for its due time, with its next due time (or its
    /// removal) in the same commit; returns the next due time.
    async fn fire(&self, id: &str, mut record: Record, now: i64) -> Result<Option<i64>, BusError> {
        let due = record.next_ms;
        let mut event = record.event.clone();
        event.id = Some(format!("{id}@{due}"));
        event.time = None;
        event.seq = None;
        event
            .extensions
            .insert(SCHEDULE_ID.into(), serde_json::Value::String(id.to_owned()));
        event.extensions.insert(
            SCHEDULED_FOR.into(),
            serde_json::Value::String(format_rfc3339_ms(due)),
        );
        let next = record
            .repeat()
            .map_err(BusError::InvalidArgument)?
            .next(due, now);
        record.fired += 1;
        record.last_fired_ms = Some(now);
        let op = match next {
            Some(next) => {
                record.next_ms = next;
                record.put(id)
            }
            None => StateOp::RemoveRecord {
                kind: RECORD_KIND.into(),
                id: id.to_owned(),
            },
        };
        // The seq is known only once appended: the record names the one before.
        let receipts = self.emit_with(vec![event], vec![op]).await?;
        let receipt = receipts.first().expect("one event, one receipt");
        if !receipt.duplicate {
            if next.is_some() {
                record.last_seq = Some(receipt.seq);
                self.store(vec![record.put(id)]).await?;
            }
            self.announce(
                "$evbus.schedule.fired",
                serde_json::json!({ "schedule": id, "topic": record.event.topic,
                    "scheduledfor": format_rfc3339_ms(due), "seq": receipt.seq,
                    "late_ms": (now - due).max(0) }),
            );
        }
        Ok(next)
    }
}

fn no_schedule(id: &str) -> BusError {
    BusError::NotFound(format!("no schedule '{id}': see `evbus schedules list`"))
}
