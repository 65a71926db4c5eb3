//! Requeuing dead letters: what each event goes back as (rewritten by a jq transform,
//! replaced by an edit, with where it came from), checked all together, then put back
//! into its group with the dead letter kept as a `requeued` record.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::REQUEUED;
use crate::api::Event;
use crate::api::dead_letter::{
    Counted, DeadLetter, Planned, REQUEUE_EDITED, REQUEUE_OF, REQUEUES, Requeue,
};
use crate::api::event::json_string;
use crate::api::follow::Outcome;
use crate::api::time::now_ms;
use crate::bus::groups::state::steps::{StepRow, ops_of};
use crate::bus::{Bus, BusError, JqFilter};
use crate::engine::{StateOp, StoredEvent};

impl Bus {
    /// Puts dead letters back into their groups with fresh attempts, each event
    /// rewritten by `transform` or replaced by its edit on the way. All or nothing: an
    /// unknown id, a deleted group, a transform that fails on one event or an event
    /// that is not valid changes nothing. A dry run answers what each would become.
    pub async fn requeue(&self, request: Requeue) -> Result<Counted, BusError> {
        let letters = self.letters(&request.ids).await?;
        for id in request.events.keys() {
            if !letters.iter().any(|letter| &letter.id == id) {
                return Err(BusError::InvalidArgument(format!(
                    "an edited event for '{id}', which is not among the ids to requeue"
                )));
            }
        }
        let plans = self.plan_requeue(&letters, &request).await?;
        let failed: Vec<String> = plans
            .iter()
            .filter_map(|plan| Some(format!("dead letter {}: {}", plan.id, plan.error.as_ref()?)))
            .collect();
        if request.dry_run {
            return Ok(Counted {
                count: plans.len() - failed.len(),
                dry_run: true,
                letters: plans,
            });
        }
        if !failed.is_empty() {
            return Err(BusError::InvalidArgument(format!(
                "nothing requeued: {}",
                failed.join("; ")
            )));
        }
        let mut by_group: BTreeMap<String, Vec<(DeadLetter, Planned)>> = BTreeMap::new();
        for (letter, plan) in letters.into_iter().zip(plans) {
            by_group
                .entry(letter.group.clone())
                .or_default()
                .push((letter, plan));
        }
        for group in by_group.keys() {
            self.group(group).await.map_err(|_| {
                BusError::NotFound(format!(
                    "group '{group}' no longer exists: create it again to requeue its dead letters"
                ))
            })?;
        }
        let mut requeued = 0;
        for (group, letters) in by_group {
            let mut ops = Vec::with_capacity(letters.len() * 3);
            let now = now_ms();
            let mut steps = Vec::with_capacity(letters.len());
            for (letter, plan) in &letters {
                steps.push(StepRow {
                    seq: letter.seq,
                    attempt: 0,
                    at_ms: now,
                    member: String::new(),
                    outcome: Outcome::Requeued,
                    error: None,
                    dead_letter: Some(letter.id.clone()),
                    edited: plan.edited,
                });
                ops.push(StateOp::RemoveDeadLetter {
                    id: letter.id.clone(),
                });
                ops.push(StateOp::PutRecord {
                    kind: REQUEUED.into(),
                    id: letter.id.clone(),
                    body: serde_json::to_string(letter).expect("dead letters serialize"),
                });
            }
            ops.extend(ops_of(&group, steps));
            let events = letters
                .iter()
                .map(|(letter, plan)| {
                    let after = plan
                        .after
                        .as_ref()
                        .expect("a plan without error has its event");
                    let json = crate::engine::with_seq(letter.seq, after.get().as_bytes());
                    StoredEvent::from_json(letter.seq, json)
                })
                .collect();
            self.enqueue(&group, events, ops).await?;
            self.forget_dead(&group, letters.len() as u64).await;
            requeued += letters.len();
            for (letter, plan) in letters {
                self.announce(
                    "$evbus.dlq.requeued",
                    serde_json::json!({
                        "id": letter.id, "group": letter.group,
                        "topic": letter.topic, "seq": letter.seq, "edited": plan.edited,
                    }),
                );
            }
        }
        Ok(Counted {
            count: requeued,
            ..Counted::default()
        })
    }

    /// What each letter's event would go back as, or why it cannot.
    async fn plan_requeue(
        &self,
        letters: &[DeadLetter],
        request: &Requeue,
    ) -> Result<Vec<Planned>, BusError> {
        let outputs = match &request.transform {
            None => Vec::new(),
            Some(code) => {
                let transform = JqFilter::compile_and_try(code)
                    .await
                    .map_err(|err| BusError::InvalidArgument(format!("--transform: {err}")))?;
                let events = letters
                    .iter()
                    .map(|letter| bytes::Bytes::from(letter.event.get().to_owned()));
                transform.outputs(events).await
            }
        };
        let max = self.config().max_event_size;
        let mut plans = Vec::with_capacity(letters.len());
        for (index, letter) in letters.iter().enumerate() {
            let candidate = match (request.events.get(&letter.id), outputs.get(index)) {
                (Some(edited), _) => Ok(edited.get().to_owned()),
                (None, Some(Ok(Ok(value)))) => Ok(value.to_string()),
                (None, Some(Ok(Err(why)))) => Err(format!("the transform failed: {why}")),
                (None, Some(Err(err))) => Err(err.to_string()),
                (None, None) => Ok(letter.event.get().to_owned()),
            };
            let after = candidate
                .and_then(|candidate| requeued_event(letter, &candidate))
                .and_then(|(after, edited)| match after.get().len() {
                    size if edited && size > max => Err(format!(
                        "the event would be {size} bytes, over the bus's --max-event-size of {max}"
                    )),
                    _ => Ok((after, edited)),
                });
            let (after, edited, error) = match after {
                Ok((after, edited)) => (Some(after), edited, None),
                Err(why) => (None, false, Some(why)),
            };
            plans.push(Planned {
                id: letter.id.clone(),
                group: letter.group.clone(),
                seq: letter.seq,
                topic: letter.topic.clone(),
                before: letter.event.clone(),
                after,
                edited,
                error,
            });
        }
        Ok(plans)
    }
}

/// The event `candidate` (JSON text) as it goes back to the letter's group: a valid
/// event, with where it came from; and whether it differs from the letter's. Attributes
/// are kept as raw JSON, so an unchanged event keeps its data byte for byte.
fn requeued_event(letter: &DeadLetter, candidate: &str) -> Result<(Box<RawValue>, bool), String> {
    let mut attributes: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(candidate).map_err(|_| {
            format!(
                "the event must be a JSON object, not {}",
                preview(candidate)
            )
        })?;
    let edited = {
        let without_seq = |text: &str| {
            let mut value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.remove("seq");
            }
            value
        };
        without_seq(candidate) != without_seq(letter.event.get())
    };
    attributes.remove("seq");
    attributes.insert(REQUEUE_OF.into(), json_string(&letter.id));
    let requeues =
        RawValue::from_string((letter.requeues + 1).to_string()).expect("a number is JSON");
    attributes.insert(REQUEUES.into(), requeues);
    if edited {
        let yes = RawValue::from_string("true".into()).expect("true is JSON");
        attributes.insert(REQUEUE_EDITED.into(), yes);
    } else {
        attributes.remove(REQUEUE_EDITED);
    }
    let json = serde_json::to_string(&attributes).expect("attributes serialize");
    Event::from_json(json.as_bytes()).map_err(|err| format!("not a valid event: {err}"))?;
    let json = RawValue::from_string(json).expect("serialized attributes are JSON");
    Ok((json, edited))
}

/// The start of some JSON text, for an error message.
fn preview(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
