//! Sending events the log already holds somewhere else — copies onto a topic, or
//! deliveries into a group — together with the sender's progress in the same commit.
//! Replay jobs and routes both work this way.

use super::{Bus, BusError};
use crate::api::{Event, Topic};
use crate::engine::{StateOp, StoredEvent};

/// Where forwarded events go.
#[derive(Clone, Copy)]
pub(super) enum Target<'a> {
    /// Copies onto this topic.
    Topic(&'a str),
    /// Fresh deliveries in this group.
    Group(&'a str),
}

impl<'a> Target<'a> {
    /// The one target a request names; `None` when it names none, or both.
    pub(super) fn of(topic: Option<&'a str>, group: Option<&'a str>) -> Option<Self> {
        match (topic, group) {
            (Some(topic), None) => Some(Target::Topic(topic)),
            (None, Some(group)) => Some(Target::Group(group)),
            _ => None,
        }
    }
}

/// How a copy names the event it was made from.
#[derive(Clone, Copy)]
pub(super) enum Origin {
    /// `replayof` = `ID@SEQ`: a replay, never mistaken for the original.
    ReplayOf,
    /// `causationid` = the original id: a routed event.
    CausedBy,
}

impl Bus {
    /// Checks a target before anything goes there: a topic of the users' (not the bus's
    /// own `$evbus.…`), or an existing group. `sender` names what would write, for errors.
    pub(super) async fn check_target(
        &self,
        target: &Target<'_>,
        sender: &str,
    ) -> Result<(), BusError> {
        match target {
            Target::Topic(topic) => {
                let topic: Topic = topic.parse().map_err(BusError::InvalidArgument)?;
                if topic.is_system() {
                    return Err(BusError::InvalidArgument(format!(
                        "{sender} cannot write onto the bus's own $evbus. topics"
                    )));
                }
            }
            Target::Group(group) => {
                self.group(group).await?;
            }
        }
        Ok(())
    }

    /// Forwards `events` to `target`, committing `progress` atomically with them. Copies
    /// get the id `SENDER-SEQ`, so a sender re-run after a crash is recognised.
    pub(super) async fn forward_events(
        &self,
        events: Vec<StoredEvent>,
        target: Target<'_>,
        sender: &str,
        origin: Origin,
        progress: Vec<StateOp>,
    ) -> Result<(), BusError> {
        match target {
            Target::Topic(topic) => {
                let copies = events
                    .iter()
                    .map(|event| copy_onto(event, topic, sender, origin))
                    .collect::<Result<Vec<_>, _>>()?;
                self.emit_with(copies, progress).await?;
            }
            Target::Group(group) => {
                self.enqueue(group, events, progress).await?;
            }
        }
        Ok(())
    }
}

/// A copy of `event` on `topic`: the same data and attributes, a new id, and its origin.
fn copy_onto(
    event: &StoredEvent,
    topic: &str,
    sender: &str,
    origin: Origin,
) -> Result<Event, BusError> {
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&event.json)
            .map_err(|err| BusError::InvalidArgument(err.to_string()))?;
    let original_id = object.get("id").cloned().unwrap_or_default();
    object.remove("seq");
    object.remove("to");
    object.insert("type".into(), topic.into());
    object.insert("id".into(), format!("{sender}-{}", event.seq).into());
    let (name, value) = match origin {
        Origin::ReplayOf => (
            "replayof",
            format!("{}@{}", original_id.as_str().unwrap_or_default(), event.seq).into(),
        ),
        Origin::CausedBy => ("causationid", original_id),
    };
    object.insert(name.into(), value);
    let json = serde_json::to_vec(&object).expect("maps serialize");
    Event::from_json(&json).map_err(|source| BusError::InvalidEvent {
        index: None,
        source,
    })
}
