//! Request/reply over the log: the request carries a `replyto` inbox topic and a
//! `correlationid`; the first event on the inbox with that correlation id is the reply.
//!
//! Every synchronous request shares one inbox topic and is told apart by its
//! correlation id, so requests do not leave a topic each behind in the log's statistics.

use std::time::Duration;

use super::{Bus, BusError, Start, SubscriptionRequest, WhenExhausted};
use crate::api::event::json_string;
use crate::api::time::format_duration;
use crate::api::{Event, Pattern};
use crate::engine::StoredEvent;

/// The topic replies to synchronous requests arrive on.
pub const INBOX: &str = "_inbox";
/// The attribute of a reply that names its request's seq (`evbus reply` sets it).
pub const REQUEST_SEQ: &str = "requestseq";

impl Bus {
    /// The topic of the request `reply` answers, when it answers one: its `requestseq`
    /// names an event that asked for replies on the reply's topic with the reply's
    /// correlation id. `None` for anything else (a forgery, a stale or a made-up seq).
    pub async fn request_answered_by(&self, reply: &Event) -> Result<Option<String>, BusError> {
        let text = |event: &Event, name: &str| {
            event
                .extensions
                .get(name)
                .and_then(|value| value.as_str())
                .map(str::to_owned)
        };
        let Some(seq) = reply
            .extensions
            .get(REQUEST_SEQ)
            .and_then(|value| value.as_u64())
        else {
            return Ok(None);
        };
        let Some(stored) = self.get(seq).await? else {
            return Ok(None);
        };
        #[derive(serde::Deserialize)]
        struct Asked {
            replyto: Option<String>,
            correlationid: Option<String>,
        }
        let asked: Asked = match serde_json::from_slice(&stored.json) {
            Ok(asked) => asked,
            Err(_) => return Ok(None),
        };
        let answers = asked.replyto.as_deref() == Some(reply.topic.as_str())
            && asked.correlationid.is_some()
            && asked.correlationid == text(reply, "correlationid");
        Ok(answers.then(|| stored.topic.to_string()))
    }

    /// Emits `event` as a request and waits up to `timeout` for its reply. Fails at once
    /// when no group member listens on its topic.
    pub async fn request(
        &self,
        mut event: Event,
        timeout: Duration,
    ) -> Result<StoredEvent, BusError> {
        event.validate().map_err(|source| BusError::InvalidEvent {
            index: None,
            source,
        })?;
        let probe = StoredEvent {
            seq: 0,
            ts_ms: 0,
            topic: event.topic.as_str().into(),
            json: event.to_json().into(),
        };
        if !self.has_responders(&probe).await {
            return Err(BusError::NoResponders(format!(
                "no responders on '{}': start one with `evbus reply {} --exec CMD`",
                event.topic, event.topic
            )));
        }
        let id = super::ids::new_ulid();
        let inbox = INBOX.to_owned();
        let correlation = event
            .extensions
            .get("correlationid")
            .and_then(|value| value.as_str())
            .map_or_else(|| id.clone(), str::to_owned);
        event
            .extensions
            .insert("replyto".into(), inbox.clone().into());
        event
            .extensions
            .insert("correlationid".into(), correlation.clone().into());
        // Listen before asking, so a fast reply is not missed.
        let pattern: Pattern = inbox.parse().map_err(BusError::InvalidArgument)?;
        let mut replies = self
            .subscribe(SubscriptionRequest {
                patterns: vec![pattern],
                filter: None,
                when_exhausted: WhenExhausted::Fail,
                start: Start::Now,
                end: None,
            })
            .await?;
        self.emit(vec![event]).await?;
        let wanted = json_string(&correlation);
        let wait = async {
            while let Some(reply) = replies.next().await {
                let reply = reply?;
                if correlation_of(&reply).is_some_and(|found| found == wanted.get()) {
                    return Ok(Some(reply));
                }
            }
            Ok(None)
        };
        match tokio::time::timeout(timeout, wait).await {
            Ok(Ok(Some(reply))) => Ok(reply),
            Ok(Ok(None)) => Err(BusError::ShuttingDown),
            Ok(Err(err)) => Err(err),
            Err(_) => Err(BusError::Timeout(format!(
                "no reply within {}",
                format_duration(timeout)
            ))),
        }
    }
}

/// The reply's `correlationid`, as raw JSON text.
fn correlation_of(reply: &StoredEvent) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Correlation<'a> {
        #[serde(borrow)]
        correlationid: Option<&'a serde_json::value::RawValue>,
    }
    let parsed: Correlation = serde_json::from_slice(&reply.json).ok()?;
    parsed.correlationid.map(|raw| raw.get().to_owned())
}
