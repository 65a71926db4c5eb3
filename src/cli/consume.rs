//! `evbus consume`: a member of a consumer group, optionally running a handler per event.

use std::pin::Pin;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::task::JoinSet;

use super::groups::GroupPolicy;
use super::handler::{Handler, HandlerOutcome};
use super::output::printable;
use super::{Context, args};
use crate::api::group::{Delivery, GroupInfo, REJECT_EXIT_CODE, Settle};
use crate::api::time::{format_duration, parse_duration};
use crate::api::{ErrorCode, Pattern, Topic};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::{ClientError, SettleAction};

/// Longest single long-poll; `--timeout` is enforced across polls.
const MAX_POLL: Duration = Duration::from_secs(20);

/// Join a consumer group and process its events: print them, or run a handler per event.
///
/// Each event goes to one member of the group; every group gets every event. Without
/// --exec each delivery is printed and acked once written. With --exec, CMD runs per event
/// (via sh -c) with the CloudEvent JSON on stdin and EVBUS_TOPIC, EVBUS_ID, EVBUS_SEQ,
/// EVBUS_ATTEMPT and EVBUS_GROUP set: exit 0 acks, exit 65 rejects the event as poison
/// (dead-lettered at once), any other exit fails the attempt (retried with backoff).
/// The group is created on first use with the policy flags given.
///
/// Examples:
///   evbus consume 'order.*' --group billing
///   evbus consume payment.completed --group orders --exec ./fulfill.sh --emit order.fulfilled
///   evbus consume 'job.>' --group workers --exec 'python3 work.py' --concurrency 4
///   evbus consume 'order.*' --group audit --output json --timeout 5s   # drain, then stop
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ConsumeArgs {
    /// Topic pattern, e.g. order.* or order.>
    pub pattern: Pattern,
    /// The group to join (created on first use)
    #[arg(long, value_name = "GROUP")]
    pub group: String,
    /// Run this command per event (via sh -c); its exit code settles the delivery
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Emit the handler's stdout as an event on this topic before acking
    #[arg(long, value_name = "TOPIC", requires = "exec")]
    pub emit: Option<Topic>,
    /// Events handled at the same time by this member
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub concurrency: u32,
    /// Kill a handler that runs longer than this; the attempt fails
    #[arg(long, value_name = "DUR", value_parser = args::duration, requires = "exec")]
    pub handler_timeout: Option<Duration>,
    /// Exit 0 after this many completed events
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Exit with the timeout code when no delivery arrives for this long
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub timeout: Option<Duration>,
    /// This member's name [default: HOST-PID]
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
    #[command(flatten)]
    pub policy: GroupPolicy,
}

/// One handled delivery, as `--output json` prints it.
#[derive(Debug, Serialize)]
struct Handled {
    seq: u64,
    id: String,
    topic: String,
    attempt: u32,
    /// acked, nacked (retried later), dead (attempts used up), rejected, interrupted
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emitted_seq: Option<u64>,
    millis: u64,
}

pub async fn run(args: ConsumeArgs, ctx: &Context) -> anyhow::Result<()> {
    run_member(args, ctx, false).await
}

/// A member of the group, as `consume` (`reply` false) or as `evbus reply`.
pub async fn run_member(args: ConsumeArgs, ctx: &Context, reply: bool) -> anyhow::Result<()> {
    let group = join(&args, ctx).await?;
    let member = args.member.clone().unwrap_or_else(default_member);
    let result = Consumer {
        ctx,
        reply,
        args: &args,
        member: &member,
        ack_timeout: parse_duration(&group.ack_timeout).unwrap_or(Duration::from_secs(30)),
        max_attempts: group.max_attempts,
    }
    .run()
    .await;
    // Say goodbye so `groups show` stops listing this member; best effort.
    let _ = ctx.client.leave_group(&args.group, &member).await;
    result
}

/// The group, created with the policy flags when it does not exist yet.
async fn join(args: &ConsumeArgs, ctx: &Context) -> anyhow::Result<GroupInfo> {
    let spec = args.policy.spec(&args.group, &args.pattern)?;
    let group = match ctx.client.group(&args.group).await {
        Ok(group) => group,
        Err(ClientError::Api {
            code: ErrorCode::NotFound,
            ..
        }) => match ctx.client.create_group(&spec).await {
            Ok(group) => group,
            // Another member created it first.
            Err(ClientError::Api {
                code: ErrorCode::Conflict,
                ..
            }) => ctx.client.group(&args.group).await?,
            Err(err) => return Err(err.into()),
        },
        Err(err) => return Err(err.into()),
    };
    if group.pattern != args.pattern.as_str() {
        ctx.out.warn(&format!(
            "group {} receives '{}', not '{}': consuming it as it is",
            group.name, group.pattern, args.pattern
        ));
    }
    Ok(group)
}

fn default_member() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "evbus".into());
    format!("{host}-{}", std::process::id())
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
}

fn text(value: &Option<serde_json::Value>) -> &str {
    value
        .as_ref()
        .and_then(|value| value.as_str())
        .unwrap_or_default()
}

impl Envelope {
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

struct Consumer<'a> {
    ctx: &'a Context,
    /// `evbus reply`: answer each request on its `replyto`.
    reply: bool,
    args: &'a ConsumeArgs,
    member: &'a str,
    ack_timeout: Duration,
    max_attempts: u32,
}

type PullFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<Delivery>, ClientError>> + 'a>>;

impl Consumer<'_> {
    async fn run(&self) -> anyhow::Result<()> {
        let client = &self.ctx.client;
        let concurrency = self.args.concurrency as u64;
        let (kill, _) = tokio::sync::watch::channel(false);
        let mut running: JoinSet<(Delivery, HandlerOutcome, Instant)> = JoinSet::new();
        let mut completed = 0u64;
        let mut last_delivery = Instant::now();
        let mut interrupts = 0;
        let mut pull: Option<PullFuture<'_>> = None;
        let mut signals = Interrupts::new()?;
        loop {
            let wanted = self
                .args
                .count
                .map_or(u64::MAX, |count| count.saturating_sub(completed));
            let room = concurrency
                .saturating_sub(running.len() as u64)
                .min(wanted.saturating_sub(running.len() as u64));
            if interrupts == 0 && pull.is_none() && room > 0 {
                let wait = match self.args.timeout {
                    Some(limit) => {
                        let left = limit.saturating_sub(last_delivery.elapsed());
                        if left.is_zero() && running.is_empty() {
                            return Err(Exit::timeout(format!(
                                "no delivery within {}",
                                format_duration(limit)
                            )));
                        }
                        left.min(MAX_POLL)
                    }
                    None => MAX_POLL,
                };
                let max = room.min(1_000) as usize;
                pull = Some(Box::pin(async move {
                    client
                        .pull(&self.args.group, self.member, max, wait)
                        .await
                        .map(|pulled| pulled.deliveries)
                }));
            }
            if pull.is_none() && running.is_empty() {
                return match interrupts {
                    0 => Ok(()), // --count reached
                    _ => Err(Exit(ExitCode::Interrupted, "interrupted".into()).into()),
                };
            }
            tokio::select! {
                pulled = async { pull.as_mut().expect("checked").await }, if pull.is_some() => {
                    pull = None;
                    let deliveries = pulled?;
                    if !deliveries.is_empty() {
                        last_delivery = Instant::now();
                    }
                    match &self.args.exec {
                        None => completed += self.print_and_ack(deliveries).await?,
                        Some(command) => {
                            for delivery in deliveries {
                                let handler = Handler {
                                    command: command.clone(),
                                    group: self.args.group.clone(),
                                    capture_stdout: self.args.emit.is_some() || self.reply,
                                    timeout: self.args.handler_timeout,
                                };
                                let lease = self.lease_keeper(&delivery);
                                let kill = kill.subscribe();
                                running.spawn(async move {
                                    let started = Instant::now();
                                    let outcome = handler.run(&delivery, kill, lease).await;
                                    (delivery, outcome, started)
                                });
                            }
                        }
                    }
                }
                Some(done) = running.join_next(), if !running.is_empty() => {
                    let (delivery, outcome, started) = done?;
                    if self.settle(delivery, outcome, started).await? {
                        completed += 1;
                    }
                }
                _ = signals.next() => {
                    interrupts += 1;
                    pull = None;
                    if interrupts == 1 && !running.is_empty() {
                        self.ctx.out.note(&format!(
                            "finishing {} running handler(s); press Ctrl-C again to stop them",
                            running.len()
                        ));
                    } else {
                        let _ = kill.send(true);
                    }
                }
            }
        }
    }

    /// Without --exec: print each delivery, then ack them together once written.
    async fn print_and_ack(&self, deliveries: Vec<Delivery>) -> anyhow::Result<u64> {
        if deliveries.is_empty() {
            return Ok(0);
        }
        let mut receipts = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            let json = delivery.event.get().as_bytes();
            if self.ctx.out.is_json() {
                self.ctx.out.raw_line(json)?;
            } else {
                self.ctx.out.line(&super::tail::render_event(json))?;
            }
            receipts.push(delivery.receipt);
        }
        std::io::Write::flush(&mut std::io::stdout())?;
        let count = receipts.len() as u64;
        let settle = Settle {
            receipts,
            ..Settle::default()
        };
        self.ctx
            .client
            .settle(&self.args.group, self.member, SettleAction::Ack, &settle)
            .await?;
        Ok(count)
    }

    /// Extends the lease every half ack timeout while the handler runs.
    fn lease_keeper(&self, delivery: &Delivery) -> impl Future<Output = ()> + Send + 'static {
        let client = self.ctx.client.clone();
        let group = self.args.group.clone();
        let member = self.member.to_owned();
        let receipt = delivery.receipt.clone();
        let every = self.ack_timeout / 2;
        async move {
            let settle = Settle {
                receipts: vec![receipt],
                ..Settle::default()
            };
            loop {
                tokio::time::sleep(every).await;
                if let Err(err) = client
                    .settle(&group, &member, SettleAction::Extend, &settle)
                    .await
                {
                    tracing::warn!(error = %err, "cannot extend a lease");
                }
            }
        }
    }

    /// Acks, nacks or rejects after a handler ran; true when the event completed.
    async fn settle(
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
            outcome: "acked",
            exit_code: outcome.exit_code,
            error: outcome.error.clone(),
            emitted_seq: None,
            millis: 0,
        };
        let (action, error) = match (&outcome.error, outcome.exit_code) {
            (None, _) => (SettleAction::Ack, None),
            (Some(_), _) if outcome.interrupted => (SettleAction::Nack, outcome.error.clone()),
            (Some(_), Some(REJECT_EXIT_CODE)) => (SettleAction::Reject, outcome.error.clone()),
            (Some(_), _) => (SettleAction::Nack, outcome.error.clone()),
        };
        let mut action = action;
        let mut error = error;
        let reply_to = Some(text(&event.replyto))
            .filter(|reply_to| !reply_to.is_empty() && self.reply && !outcome.interrupted);
        if let Some(reply_to) = reply_to {
            // A responder answers failures too (an error reply), so the request is settled.
            match self.send_reply(reply_to, &event, &outcome).await {
                Ok(seq) => {
                    handled.emitted_seq = Some(seq);
                    action = SettleAction::Ack;
                    error = None;
                }
                Err(err) => {
                    action = SettleAction::Nack;
                    error = Some(format!("cannot send the reply to {reply_to}: {err}"));
                    handled.error = error.clone();
                }
            }
        } else if action == SettleAction::Ack
            && let Some(topic) = &self.args.emit
        {
            match self.emit_result(topic, &event, &outcome.stdout).await {
                Ok(seq) => handled.emitted_seq = Some(seq),
                Err(err) => {
                    action = SettleAction::Nack;
                    error = Some(format!(
                        "cannot emit the handler's output to {topic}: {err}"
                    ));
                    handled.error = error.clone();
                }
            }
        }
        handled.outcome = match action {
            SettleAction::Ack if reply_to.is_some() && outcome.error.is_some() => "replied_error",
            SettleAction::Ack if reply_to.is_some() => "replied",
            SettleAction::Ack => "acked",
            SettleAction::Reject => "rejected",
            _ if outcome.interrupted => "interrupted",
            _ if delivery.attempt >= self.max_attempts => "dead",
            _ => "nacked",
        };
        let settle = Settle {
            receipts: vec![delivery.receipt.clone()],
            error,
            ..Settle::default()
        };
        let settled = self
            .ctx
            .client
            .settle(&self.args.group, self.member, action, &settle)
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
        Ok(action == SettleAction::Ack)
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
        Ok(receipt.seq)
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
        set_data(&mut event, stdout);
        let receipt = self
            .ctx
            .client
            .emit(serde_json::to_vec(&event).expect("serializes"))
            .await?;
        Ok(receipt.seq)
    }

    fn report(&self, handled: &Handled) -> anyhow::Result<()> {
        if self.ctx.out.is_json() {
            return Ok(self.ctx.out.json(handled)?);
        }
        use colored::Colorize;
        let mark = match handled.outcome {
            "acked" => "✓".green(),
            "rejected" | "dead" => "☠".red(),
            _ => "✗".yellow(),
        };
        let mut line = format!(
            "{mark} {} {} {} attempt {} {} ({} ms)",
            format!("#{}", handled.seq).yellow(),
            handled.topic.cyan(),
            printable(&handled.id).dimmed(),
            handled.attempt,
            handled.outcome,
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

/// Ctrl-C (SIGINT) and SIGTERM presses, each seen once even between polls.
struct Interrupts {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl Interrupts {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn next(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
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
