//! What becomes of a handled delivery: acked, nacked or rejected by the handler's exit,
//! after its output went out as an event (`--emit`) or as a reply (`evbus reply`).

use std::time::Instant;

use serde::Serialize;

use super::{Consumer, Role};
use crate::api::group::{Delivery, REJECT_EXIT_CODE, Settlement};
use crate::api::{ErrorCode, Topic};
use crate::cli::handler::HandlerOutcome;
use crate::cli::output::printable;
use crate::client::ClientError;

/// One handled delivery, as `--output json` prints it.
#[derive(Debug, Serialize)]
pub(super) struct Handled {
    seq: u64,
    id: String,
    topic: String,
    attempt: u32,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emitted_seq: Option<u64>,
    millis: u64,
}

/// What became of a handled delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    Acked,
    /// `evbus reply`: answered, and acked.
    Replied,
    /// `evbus reply`: the handler failed; an error reply went back, and it was acked.
    RepliedError,
    /// Failed: retried later.
    Nacked,
    /// Failed on its last attempt.
    Dead,
    /// Exit 65: dead-lettered at once as poison.
    Rejected,
    /// Stopped by Ctrl-C: retried later.
    Interrupted,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Acked => "acked",
            Outcome::Replied => "replied",
            Outcome::RepliedError => "replied_error",
            Outcome::Nacked => "nacked",
            Outcome::Dead => "dead",
            Outcome::Rejected => "rejected",
            Outcome::Interrupted => "interrupted",
        }
    }
}

/// A handler's stdout as an event's data: JSON if it parses, else text; none if empty.
/// The attributes a consumer reads of its event. `data` is skipped, never parsed, so an
/// event nested deeper than serde_json's limit settles like any other.
#[derive(serde::Deserialize)]
struct Envelope {
    seq: Option<u64>,
    id: Option<serde_json::Value>,
    #[serde(rename = "type")]
    topic: Option<serde_json::Value>,
    replyto: Option<serde_json::Value>,
    correlationid: Option<serde_json::Value>,
    traceparent: Option<serde_json::Value>,
    tracestate: Option<serde_json::Value>,
}

fn text(value: &Option<serde_json::Value>) -> &str {
    value
        .as_ref()
        .and_then(|value| value.as_str())
        .unwrap_or_default()
}

impl Envelope {
    /// Puts what this event caused (a reply, an `--emit`) in the event's trace: the
    /// same trace id, a parent id of its own, the same tracestate.
    fn continue_trace(&self, caused: &mut serde_json::Value) {
        use crate::api::trace::{TRACEPARENT, TRACESTATE, TraceParent};
        let Ok(parent) = text(&self.traceparent).parse::<TraceParent>() else {
            return;
        };
        caused[TRACEPARENT] = parent.child(fastrand::u64(1..)).to_string().into();
        if let Some(state) = self.tracestate.as_ref().filter(|state| state.is_string()) {
            caused[TRACESTATE] = state.clone();
        }
    }

    /// The request's correlation id, or its id when it has none.
    fn correlation(&self) -> &str {
        Some(text(&self.correlationid))
            .filter(|found| !found.is_empty())
            .unwrap_or(text(&self.id))
    }
}

fn set_data(event: &mut serde_json::Value, stdout: &[u8]) {
    let text = String::from_utf8_lossy(stdout);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return;
    }
    match serde_json::from_str::<serde_json::Value>(trimmed) {
        Ok(json) => event["data"] = json,
        Err(_) => {
            event["data"] = trimmed.into();
            event["datacontenttype"] = "text/plain".into();
        }
    }
}

impl Consumer<'_> {
    /// Acks, nacks or rejects after a handler ran; true when the event completed.
    pub(super) async fn settle(
        &self,
        delivery: Delivery,
        outcome: HandlerOutcome,
        started: Instant,
    ) -> anyhow::Result<bool> {
        let event: Envelope = serde_json::from_str(delivery.event.get())?;
        let mut handled = Handled {
            seq: event.seq.unwrap_or_default(),
            id: text(&event.id).to_owned(),
            topic: text(&event.topic).to_owned(),
            attempt: delivery.attempt,
            outcome: Outcome::Acked,
            exit_code: outcome.exit_code,
            error: outcome.error.clone(),
            emitted_seq: None,
            millis: 0,
        };
        let failed = |error: &str| Settlement::Nack {
            delay: None,
            error: error.to_owned(),
        };
        let mut how = match (&outcome.error, outcome.exit_code) {
            (None, _) => Settlement::Ack,
            (Some(error), _) if outcome.interrupted => failed(error),
            (Some(error), Some(REJECT_EXIT_CODE)) => Settlement::Reject {
                error: error.clone(),
            },
            (Some(error), _) => failed(error),
        };
        let reply_to = Some(text(&event.replyto)).filter(|reply_to| {
            !reply_to.is_empty() && self.role == Role::Reply && !outcome.interrupted
        });
        if let Some(reply_to) = reply_to {
            // A responder answers failures too (an error reply), so the request is settled.
            match self.send_reply(reply_to, &event, &outcome).await {
                Ok(seq) => {
                    handled.emitted_seq = Some(seq);
                    how = Settlement::Ack;
                }
                Err(err) => {
                    let error = format!("cannot send the reply to {reply_to}: {err}");
                    handled.error = Some(error.clone());
                    how = failed(&error);
                }
            }
        } else if matches!(how, Settlement::Ack)
            && let Some(topic) = &self.args.emit
        {
            match self.emit_result(topic, &event, &outcome.stdout).await {
                Ok(seq) => handled.emitted_seq = Some(seq),
                Err(err) => {
                    let error = format!("cannot emit the handler's output to {topic}: {err}");
                    handled.error = Some(error.clone());
                    how = failed(&error);
                }
            }
        }
        handled.outcome = match how {
            Settlement::Ack if reply_to.is_some() && outcome.error.is_some() => {
                Outcome::RepliedError
            }
            Settlement::Ack if reply_to.is_some() => Outcome::Replied,
            Settlement::Ack => Outcome::Acked,
            Settlement::Reject { .. } => Outcome::Rejected,
            _ if outcome.interrupted => Outcome::Interrupted,
            _ if delivery.attempt >= self.max_attempts => Outcome::Dead,
            _ => Outcome::Nacked,
        };
        let settled = self
            .ctx
            .client
            .settle(&self.args.group, self.member, vec![delivery.receipt], &how)
            .await;
        handled.millis = started.elapsed().as_millis() as u64;
        match settled {
            Ok(_) => self.report(&handled)?,
            // The lease ran out while the handler worked: the event is redelivered.
            Err(ClientError::Api {
                code: ErrorCode::Conflict,
                message,
                ..
            }) => {
                self.ctx.out.warn(&message);
                return Ok(false);
            }
            Err(err) => return Err(err.into()),
        }
        Ok(matches!(how, Settlement::Ack))
    }

    /// Answers a request: the handler's stdout (JSON if it parses, else text) with
    /// `replystatus` ok, or its error with `replystatus` error, onto `reply_to` with the
    /// request's correlation id.
    async fn send_reply(
        &self,
        reply_to: &str,
        request: &Envelope,
        outcome: &HandlerOutcome,
    ) -> Result<u64, ClientError> {
        let request_id = text(&request.id);
        let mut reply = serde_json::json!({
            "type": reply_to,
            "id": format!("{request_id}:reply"),
            "source": format!("evbus-reply/{}", self.args.group),
            "causationid": request_id,
            "correlationid": request.correlation(),
        });
        // Names the request, so a bus with scoped tokens can check that whoever answers
        // may consume a group the request went to (nobody forges a reply).
        if let Some(seq) = request.seq {
            reply[crate::bus::REQUEST_SEQ] = seq.into();
        }
        request.continue_trace(&mut reply);
        match &outcome.error {
            None => {
                reply["replystatus"] = "ok".into();
                set_data(&mut reply, &outcome.stdout);
            }
            Some(error) => {
                reply["replystatus"] = "error".into();
                reply["data"] = serde_json::json!({ "error": error });
            }
        }
        let receipt = self
            .ctx
            .client
            .emit(serde_json::to_vec(&reply).expect("serializes"))
            .await?;
        Ok(receipt.receipt.seq)
    }

    /// Emits the handler's stdout as a new event linked to the input; its id is derived
    /// from the input's, so a redelivery that emits again is recognised as a duplicate.
    async fn emit_result(
        &self,
        topic: &Topic,
        input: &Envelope,
        stdout: &[u8],
    ) -> Result<u64, ClientError> {
        let input_id = text(&input.id);
        let correlation = input.correlation();
        let mut event = serde_json::json!({
            "type": topic.as_str(),
            "id": format!("{input_id}:{topic}"),
            "source": format!("evbus-consume/{}", self.args.group),
            "causationid": input_id,
            "correlationid": correlation,
        });
        input.continue_trace(&mut event);
        set_data(&mut event, stdout);
        let receipt = self
            .ctx
            .client
            .emit(serde_json::to_vec(&event).expect("serializes"))
            .await?;
        Ok(receipt.receipt.seq)
    }

    fn report(&self, handled: &Handled) -> anyhow::Result<()> {
        if self.ctx.out.is_json() {
            return Ok(self.ctx.out.json(handled)?);
        }
        use colored::Colorize;
        let mark = match handled.outcome {
            Outcome::Acked => "✓".green(),
            Outcome::Rejected | Outcome::Dead => "☠".red(),
            _ => "✗".yellow(),
        };
        let mut line = format!(
            "{mark} {} {} {} attempt {} {} ({} ms)",
            format!("#{}", handled.seq).yellow(),
            handled.topic.cyan(),
            printable(&handled.id).dimmed(),
            handled.attempt,
            handled.outcome.as_str(),
            handled.millis
        );
        if let Some(seq) = handled.emitted_seq {
            line.push_str(&format!(" → emitted #{seq}"));
        }
        if let Some(error) = &handled.error {
            line.push_str(&format!(": {}", printable(error)));
        }
        Ok(self.ctx.out.line(&line)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_nested_past_serde_json_s_limit_still_yields_its_attributes() {
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let json = format!(r#"{{"seq":7,"id":"a","type":"x.y","replyto":"r","data":{deep}}}"#);
        let event: Envelope = serde_json::from_str(&json).unwrap();
        assert_eq!(event.seq, Some(7));
        assert_eq!((text(&event.id), text(&event.topic)), ("a", "x.y"));
        assert_eq!(event.correlation(), "a");
    }
}
