//! `evbus replay`: a slice of the log, in order, to stdout, onto a topic, or into a group.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use futures_util::StreamExt;

use super::Context;
use crate::api::replay::{ReplayInfo, ReplayRequest, ReplayStatus};
use crate::api::time::{format_duration, parse_rfc3339_ms, parse_since_ms};
use crate::api::{Pattern, Topic};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::TailQuery;
use crate::filter::JqFilter;

/// How often a followed job is polled.
const POLL: Duration = Duration::from_millis(250);

/// Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or
/// as fresh deliveries to a group.
///
/// Without --until/--to-seq the slice ends at the newest event when the replay starts.
/// --to-topic copies carry `replayof` = ORIGINAL-ID@SEQ. --group re-delivers without
/// moving the group's cursor (retries and dead letters apply). Jobs run on the bus;
/// Ctrl-C asks whether to cancel one or leave it running.
///
/// Examples:
///   evbus replay 'order.>' --since 1h > last-hour.ndjson
///   evbus replay 'order.*' --from-seq 1200 --to-seq 1300 --group billing
///   evbus replay 'order.*' --since 2026-11-26T09:00:00Z --until 2026-11-26T09:05:00Z \
///       --to-topic order.replayed --pace original --speed 10x
///   evbus replay 'order.*' --since 1d --filter '.data.amount > 100' --dry-run
///   evbus replay list
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, args_conflicts_with_subcommands = true)]
pub struct ReplayArgs {
    #[command(subcommand)]
    pub command: Option<ReplayCommand>,
    /// Topic pattern of the slice, e.g. order.* or order.>
    pub pattern: Option<Pattern>,
    /// Only events for which this jq expression is true
    #[arg(long, value_name = "JQ")]
    pub filter: Option<String>,
    /// Start this far back (10m, 2h) or at this RFC 3339 time
    #[arg(long, value_name = "DUR|TIME", group = "from")]
    pub since: Option<String>,
    /// Start at this seq
    #[arg(long, value_name = "N", group = "from")]
    pub from_seq: Option<u64>,
    /// Start at the oldest stored event
    #[arg(long, group = "from")]
    pub from_start: bool,
    /// End at the last event before this time (a duration back or RFC 3339)
    #[arg(long, value_name = "DUR|TIME", group = "to")]
    pub until: Option<String>,
    /// End at this seq, inclusive
    #[arg(long, value_name = "N", group = "to")]
    pub to_seq: Option<u64>,
    /// Re-deliver to this group as fresh deliveries
    #[arg(long, value_name = "GROUP", group = "target")]
    pub group: Option<String>,
    /// Re-emit copies onto this topic
    #[arg(long, value_name = "TOPIC", group = "target")]
    pub to_topic: Option<Topic>,
    /// At most this many events per second (100 or 100/s)
    #[arg(long, value_name = "N/s", value_parser = super::args::rate)]
    pub rate: Option<f64>,
    /// `original`: keep the original gaps between events
    #[arg(long, value_name = "PACE", value_parser = ["original"])]
    pub pace: Option<String>,
    /// With --pace original: play this much faster, e.g. 10x
    #[arg(long, value_name = "FACTOR", value_parser = speed, requires = "pace")]
    pub speed: Option<f64>,
    /// Say how many events the slice holds, their time span and topics; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Start the job and print it, without following it
    #[arg(long)]
    pub detach: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReplayCommand {
    /// List replay jobs
    List,
    /// Show a replay job and its progress
    Show {
        /// Replay id
        id: String,
    },
    /// Cancel a running or interrupted replay job
    Cancel {
        /// Replay id
        id: String,
    },
    /// Continue an interrupted, failed or cancelled replay job after the last event it
    /// handled (it runs on; `replay show ID` follows it)
    Resume {
        /// Replay id
        id: String,
    },
}

fn speed(text: &str) -> Result<f64, String> {
    let number = text.strip_suffix('x').unwrap_or(text);
    match number.parse::<f64>() {
        Ok(speed) if speed > 0.0 => Ok(speed),
        _ => Err(format!("invalid speed '{text}': use e.g. 10x, 2x or 0.5x")),
    }
}

pub async fn run(args: ReplayArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        Some(ReplayCommand::List) => {
            let jobs = ctx.client.replays().await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&jobs)?);
            }
            let rows = jobs
                .iter()
                .map(|job| {
                    vec![
                        job.id.clone(),
                        job.status.as_str().to_owned(),
                        target(&job.request),
                        format!("{}/{}", job.done, job.total),
                        job.position.to_string(),
                        job.created.clone(),
                    ]
                })
                .collect();
            let header = ["ID", "STATUS", "TARGET", "DONE", "POSITION", "CREATED"];
            Ok(ctx.out.table(&header, rows)?)
        }
        Some(ReplayCommand::Show { id }) => show(ctx, &ctx.client.replay(&id).await?),
        Some(ReplayCommand::Cancel { id }) => show(ctx, &ctx.client.cancel_replay(&id).await?),
        Some(ReplayCommand::Resume { id }) => show(ctx, &ctx.client.resume_replay(&id).await?),
        None => start(&args, ctx).await,
    }
}

fn target(request: &ReplayRequest) -> String {
    match (&request.to_topic, &request.group) {
        (Some(topic), _) => format!("topic {topic}"),
        (_, Some(group)) => format!("group {group}"),
        _ => "-".into(),
    }
}

fn show(ctx: &Context, info: &ReplayInfo) -> anyhow::Result<()> {
    if ctx.out.is_json() {
        return Ok(ctx.out.json(info)?);
    }
    Ok(ctx.out.fields(&[
        ("id", info.id.clone()),
        ("status", info.status.as_str().to_owned()),
        ("pattern", info.request.pattern.clone()),
        ("target", target(&info.request)),
        ("slice", format!("seq {}..={}", info.from_seq, info.to_seq)),
        ("position", info.position.to_string()),
        ("done", format!("{} of {}", info.done, info.total)),
        ("created", info.created.clone()),
        (
            "finished",
            info.finished.clone().unwrap_or_else(|| "-".into()),
        ),
        ("error", info.error.clone().unwrap_or_else(|| "-".into())),
    ])?)
}

fn request_of(args: &ReplayArgs, pattern: &Pattern) -> anyhow::Result<ReplayRequest> {
    if let Some(filter) = &args.filter {
        JqFilter::compile(filter).map_err(Exit::usage)?;
    }
    for time in [&args.since, &args.until].into_iter().flatten() {
        parse_since_ms(time).map_err(Exit::usage)?;
    }
    if args.since.is_none() && args.from_seq.is_none() && !args.from_start {
        return Err(Exit::usage(
            "replay needs a start: --since 1h (or a time), --from-seq N or --from-start",
        ));
    }
    if args.rate.is_some_and(|rate| rate <= 0.0) {
        return Err(Exit::usage("--rate must be above zero (events per second)"));
    }
    Ok(ReplayRequest {
        pattern: pattern.to_string(),
        filter: args.filter.clone(),
        since: args.since.clone(),
        from_seq: args.from_seq.or(args.from_start.then_some(1)),
        until: args.until.clone(),
        to_seq: args.to_seq,
        to_topic: args.to_topic.as_ref().map(|topic| topic.to_string()),
        group: args.group.clone(),
        rate: args.rate,
        pace: args.pace.clone(),
        speed: args.speed,
        dry_run: args.dry_run,
    })
}

async fn start(args: &ReplayArgs, ctx: &Context) -> anyhow::Result<()> {
    let pattern = args.pattern.as_ref().ok_or_else(|| {
        Exit::usage("replay needs a PATTERN, e.g. `evbus replay 'order.*' --since 1h`, or a subcommand (list, show, cancel, resume)")
    })?;
    let mut request = request_of(args, pattern)?;
    if args.dry_run {
        let plan = ctx.client.plan_replay(&request).await?;
        if ctx.out.is_json() {
            return Ok(ctx.out.json(&plan)?);
        }
        let span = match (&plan.first_time, &plan.last_time) {
            (Some(first), Some(last)) => format!(", {first} to {last}"),
            _ => String::new(),
        };
        let seqs = match (plan.first_seq, plan.last_seq) {
            (Some(first), Some(last)) => format!(" (seq {first}..={last})"),
            _ => String::new(),
        };
        ctx.out
            .line(&format!("{} events{seqs}{span}", plan.events))?;
        let rows = plan
            .topics
            .into_iter()
            .map(|(topic, count)| vec![topic, count.to_string()])
            .collect();
        return Ok(ctx.out.table(&["TOPIC", "EVENTS"], rows)?);
    }
    if request.to_topic.is_some() || request.group.is_some() {
        let info = ctx.client.start_replay(&request).await?;
        if args.detach {
            return show(ctx, &info);
        }
        return follow(ctx, info).await;
    }
    // To stdout: a bounded read of the log, ending at the newest event now unless told.
    if request.until.is_none() && request.to_seq.is_none() {
        request.to_seq = Some(ctx.client.status().await?.last_seq.unwrap_or(0));
    }
    to_stdout(ctx, &request).await
}

/// Streams the slice to stdout as NDJSON, paced as asked; a count goes to stderr.
async fn to_stdout(ctx: &Context, request: &ReplayRequest) -> anyhow::Result<()> {
    let query = TailQuery {
        patterns: vec![request.pattern.clone()],
        since: request.since.clone(),
        from_seq: request.from_seq,
        from_start: false,
        filter: request.filter.clone(),
        to_seq: request.to_seq,
        until: request.until.clone(),
    };
    let stream = ctx.client.tail(&query).await?;
    futures_util::pin_mut!(stream);
    let bar = ctx.out.progress(None, "events replayed");
    let started = tokio::time::Instant::now();
    let mut stdout = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
    let mut count = 0u64;
    let mut previous_time: Option<i64> = None;
    let paced = request.rate.is_some() || request.pace.is_some();
    while let Some(line) = stream.next().await {
        let line = line?;
        if let Some(rate) = request.rate {
            let due = started + Duration::from_secs_f64(count as f64 / rate);
            stdout.flush()?;
            tokio::time::sleep_until(due).await;
        }
        if request.pace.is_some() {
            let time = serde_json::from_slice::<serde_json::Value>(&line)
                .ok()
                .and_then(|event| {
                    event["time"]
                        .as_str()
                        .and_then(|t| parse_rfc3339_ms(t).ok())
                });
            if let (Some(previous), Some(time)) = (previous_time, time) {
                let gap = (time - previous).max(0) as f64 / 1_000.0 / request.speed.unwrap_or(1.0);
                stdout.flush()?;
                tokio::time::sleep(Duration::from_secs_f64(gap)).await;
            }
            previous_time = time.or(previous_time);
        }
        stdout.write_all(&line)?;
        stdout.write_all(b"\n")?;
        if paced {
            stdout.flush()?;
        }
        count += 1;
        if count.is_multiple_of(1_000) {
            bar.set_position(count);
        }
    }
    stdout.flush()?;
    bar.finish_and_clear();
    if !ctx.out.is_json() && std::io::stderr().is_terminal() {
        ctx.out.note(&format!(
            "replayed {count} events in {}",
            format_duration(started.elapsed())
        ));
    }
    Ok(())
}

/// Follows a job to its end with a progress bar; Ctrl-C asks whether to cancel it.
async fn follow(ctx: &Context, mut info: ReplayInfo) -> anyhow::Result<()> {
    let bar = ctx.out.progress(Some(info.total), "events replayed");
    let mut interrupt = std::pin::pin!(tokio::signal::ctrl_c());
    while !info.status.is_final() {
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = &mut interrupt => {
                bar.suspend(|| on_interrupt(ctx, &info.id)).await?;
                return Err(Exit(ExitCode::Interrupted, "interrupted".into()).into());
            }
        }
        info = ctx.client.replay(&info.id).await?;
        bar.set_position(info.done);
    }
    bar.finish_and_clear();
    if ctx.out.is_json() {
        ctx.out.json(&info)?;
    } else {
        ctx.out.line(&format!(
            "replay {}: {} ({} of {} events to {})",
            info.id,
            info.status.as_str(),
            info.done,
            info.total,
            target(&info.request)
        ))?;
    }
    match info.status {
        ReplayStatus::Done => Ok(()),
        ReplayStatus::Failed => Err(Exit(
            ExitCode::Failure,
            format!(
                "replay {} failed: {}; `evbus replay resume {}` continues it",
                info.id,
                info.error.unwrap_or_default(),
                info.id
            ),
        )
        .into()),
        other => Err(Exit(
            ExitCode::Failure,
            format!("replay {} ended {}", info.id, other.as_str()),
        )
        .into()),
    }
}

/// Asks (on a terminal) whether to cancel the job; otherwise leaves it running.
async fn on_interrupt(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let cancel = if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprint!("cancel replay {id}, or leave it running? [c/L] ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        matches!(answer.trim(), "c" | "C" | "cancel")
    } else {
        false
    };
    if cancel {
        ctx.client.cancel_replay(id).await?;
        ctx.out.note(&format!("replay {id} cancelled"));
    } else {
        ctx.out.note(&format!(
            "replay {id} keeps running: `evbus replay show {id}` follows it, `evbus replay cancel {id}` stops it"
        ));
    }
    Ok(())
}
