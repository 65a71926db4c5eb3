//! `evbus consume`: a member of a consumer group, optionally running a handler per event
//! (`settle` decides what becomes of each handled delivery).

mod settle;

use std::pin::Pin;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::groups::GroupPolicy;
use super::handler::{Handler, HandlerOutcome};
use super::{Context, args};
use crate::api::group::{Delivery, GroupInfo, Settlement};
use crate::api::time::{format_duration, parse_duration};
use crate::api::{ErrorCode, Pattern, Topic};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::ClientError;

/// Longest single long-poll; `--timeout` is enforced across polls.
const MAX_POLL: Duration = Duration::from_secs(20);

/// Join a consumer group and process its events: print them, or run a handler per event.
///
/// Each event goes to one member of the group; every group gets every event. Without
/// --exec each delivery is printed and acked once written. With --exec, CMD runs per event
/// (via sh -c) with the CloudEvent JSON on stdin and EVBUS_TOPIC, EVBUS_ID, EVBUS_SEQ,
/// EVBUS_ATTEMPT, EVBUS_GROUP and EVBUS_KEY set (and TRACEPARENT/TRACESTATE when the event
/// carries trace context): exit 0 acks, exit 65 rejects the event as poison
/// (dead-lettered at once), any other exit fails the attempt (retried with backoff).
/// The group is created on first use with the policy flags given.
///
/// Examples:
///   evbus consume 'order.*' --group billing
///   evbus consume payment.completed --group orders --exec ./fulfill.sh --emit order.fulfilled
///   evbus consume 'job.>' --group workers --exec 'python3 work.py' --concurrency 4
///   evbus consume 'order.>' --group ledger --ordered --exec ./post.sh --concurrency 8
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

/// What a member does with a handler's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `evbus consume`: settles it, and emits its output with `--emit`.
    Consume,
    /// `evbus reply`: answers each request on its `replyto` with it.
    Reply,
}

pub async fn run(args: ConsumeArgs, ctx: &Context) -> anyhow::Result<()> {
    run_member(args, ctx, Role::Consume).await
}

/// A member of the group, as `consume` or as `evbus reply`.
pub async fn run_member(args: ConsumeArgs, ctx: &Context, role: Role) -> anyhow::Result<()> {
    let group = join(&args, ctx).await?;
    let member = args.member.clone().unwrap_or_else(default_member);
    let result = Consumer {
        ctx,
        role,
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
    if args.policy.ordered && !group.ordered {
        ctx.out.warn(&format!(
            "group {} is not ordered: its events run in parallel whatever their keys (create an ordered group under another name)",
            group.name
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

pub(super) struct Consumer<'a> {
    pub(super) ctx: &'a Context,
    pub(super) role: Role,
    pub(super) args: &'a ConsumeArgs,
    pub(super) member: &'a str,
    pub(super) ack_timeout: Duration,
    pub(super) max_attempts: u32,
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
                                    capture_stdout: self.args.emit.is_some() || self.role == Role::Reply,
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
        self.ctx
            .client
            .settle(&self.args.group, self.member, receipts, &Settlement::Ack)
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
            let extend = Settlement::Extend { lease: None };
            loop {
                tokio::time::sleep(every).await;
                if let Err(err) = client
                    .settle(&group, &member, vec![receipt.clone()], &extend)
                    .await
                {
                    tracing::warn!(error = %err, "cannot extend a lease");
                }
            }
        }
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
