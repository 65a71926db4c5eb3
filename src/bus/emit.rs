//! Taking events in: an emit is validated, given the attributes the bus owns (id,
//! source, time, specversion, `dataschema`) and appended as one unit; the bus's own
//! `$evbus.` events go the same way, in the background when they only report news.

use std::sync::atomic::Ordering;

use super::{Bus, BusError, DEFAULT_SOURCE, ids};
use crate::api::event::SPEC_VERSION;
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::api::{EmitReceipt, Event, EventError};
use crate::engine::NewEvent;
use crate::engine::dedup::dedup_key;

impl Bus {
    /// Validates, fills the attributes the bus owns, and appends the events as one unit:
    /// either every event is accepted or none is.
    pub async fn emit(&self, events: Vec<Event>) -> Result<Vec<EmitReceipt>, BusError> {
        self.emit_with(events, Vec::new()).await
    }

    /// `emit`, with `ops` committed atomically alongside (a replay's progress).
    pub(crate) async fn emit_with(
        &self,
        events: Vec<Event>,
        ops: Vec<crate::engine::StateOp>,
    ) -> Result<Vec<EmitReceipt>, BusError> {
        if *self.inner.shutdown.borrow() {
            return Err(BusError::ShuttingDown);
        }
        let batch = events.len() > 1;
        let now = format_rfc3339_ms(now_ms());
        let mut prepared = Vec::with_capacity(events.len());
        let mut identities = Vec::with_capacity(events.len());
        let mut addresses = Vec::with_capacity(events.len());
        for (position, event) in events.into_iter().enumerate() {
            addresses.push(
                event
                    .extensions
                    .get("to")
                    .and_then(|to| to.as_str())
                    .map(str::to_owned),
            );
            let (new_event, identity) = self
                .prepare(event, &now, false)
                .map_err(|err| if batch { err.at_index(position) } else { err })?;
            prepared.push(new_event);
            identities.push(identity);
        }
        let appended = self.inner.engine.append_with(prepared, ops).await?;
        let counters = &self.inner.counters;
        let mut receipts = Vec::with_capacity(appended.len());
        for ((outcome, (id, source, body_len)), address) in
            appended.into_iter().zip(identities).zip(addresses)
        {
            let no_route = match address {
                Some(address) if !outcome.duplicate => {
                    self.route_or_bury(&address, outcome.seq).await?
                }
                _ => false,
            };
            if outcome.duplicate {
                counters.duplicates.fetch_add(1, Ordering::Relaxed);
            } else {
                counters.events_appended.fetch_add(1, Ordering::Relaxed);
                counters
                    .bytes_appended
                    .fetch_add(body_len as u64, Ordering::Relaxed);
            }
            receipts.push(EmitReceipt {
                id,
                source,
                seq: outcome.seq,
                duplicate: outcome.duplicate,
                no_route,
            });
        }
        Ok(receipts)
    }

    /// Emits one of the bus's own events on `$evbus.…`, in the background: news about
    /// the bus never holds up the work it reports on.
    pub(crate) fn announce(&self, topic: &str, data: serde_json::Value) {
        self.announce_event(topic, None, data);
    }

    /// `announce` with an id, for news several servers may tell: the log keeps one.
    pub(crate) fn announce_as(&self, topic: &str, id: String, data: serde_json::Value) {
        self.announce_event(topic, Some(id), data);
    }

    fn announce_event(&self, topic: &str, id: Option<String>, data: serde_json::Value) {
        let (bus, topic) = (self.clone(), topic.to_owned());
        tokio::spawn(async move {
            if let Err(err) = bus.emit_system_as(&topic, id, data).await {
                tracing::warn!(error = %err, %topic, "cannot store a system event");
            }
        });
    }

    /// Appends one of the bus's own `$evbus.…` events and waits for it.
    pub(crate) async fn emit_system(
        &self,
        topic: &str,
        data: serde_json::Value,
    ) -> Result<(), BusError> {
        self.emit_system_as(topic, None, data).await
    }

    async fn emit_system_as(
        &self,
        topic: &str,
        id: Option<String>,
        data: serde_json::Value,
    ) -> Result<(), BusError> {
        let event = Event {
            id,
            topic: topic.to_owned(),
            datacontenttype: Some("application/json".into()),
            data: serde_json::value::to_raw_value(&data).ok(),
            ..Event::default()
        };
        let (prepared, _) = self.prepare(event, &format_rfc3339_ms(now_ms()), true)?;
        self.inner.engine.append(vec![prepared]).await?;
        Ok(())
    }

    /// Whether `event` would be accepted by an emit now (a schedule's, say).
    pub(crate) fn check_event(&self, event: Event) -> Result<(), BusError> {
        self.prepare(event, &format_rfc3339_ms(now_ms()), false)
            .map(drop)
    }

    pub(super) fn prepare(
        &self,
        mut event: Event,
        now: &str,
        system: bool,
    ) -> Result<(NewEvent, (String, String, usize)), BusError> {
        let invalid = |source| BusError::InvalidEvent {
            index: None,
            source,
        };
        event.validate().map_err(invalid)?;
        if !system && event.topic.starts_with(crate::api::topic::SYSTEM_PREFIX) {
            return Err(invalid(EventError::BadTopic(format!(
                "topic '{}' is reserved: topics starting with '$evbus.' are the bus's own",
                event.topic
            ))));
        }
        if !system {
            self.check_schemas(&mut event)
                .map_err(|violation| invalid(EventError::Schema(violation.to_string())))?;
        }
        event.seq = None;
        event
            .specversion
            .get_or_insert_with(|| SPEC_VERSION.to_owned());
        let source = event
            .source
            .get_or_insert_with(|| DEFAULT_SOURCE.to_owned())
            .clone();
        let dedup = event.id.as_ref().map(|id| dedup_key(&source, id));
        let id = event.id.get_or_insert_with(ids::new_ulid).clone();
        event.time.get_or_insert_with(|| now.to_owned());
        let body = event.to_json();
        let max = self.inner.config.max_event_size;
        // The limit is for producers; the bus's own events (health) may grow past it.
        if !system && body.len() > max {
            return Err(BusError::TooLarge {
                index: None,
                size: body.len(),
                max,
            });
        }
        let body_len = body.len();
        Ok((
            NewEvent {
                topic: event.topic,
                dedup_key: dedup,
                body,
            },
            (id, source, body_len),
        ))
    }
}
