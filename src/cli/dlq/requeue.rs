//! `evbus dlq requeue` (rewritten by a jq transform on the way, or shown as a dry run)
//! and what `purge` sends: in chunks, at a rate.

use std::time::Duration;

use super::{Context, Targets, finish};
use crate::api::dead_letter::{Planned, Requeue};
use crate::cli::exit::{Exit, ExitCode};
use crate::cli::output::printable;
use crate::filter::JqFilter;

/// Dead letters requeued or purged per request.
const CHUNK: usize = 100;

#[derive(Debug, clap::Args)]
pub struct RequeueArgs {
    #[command(flatten)]
    targets: Targets,
    /// With --all: only dead letters whose event this jq expression accepts
    #[arg(long, value_name = "JQ", requires = "all")]
    filter: Option<String>,
    /// Rewrite each event with this jq expression before it goes back (its output is
    /// the new event); if it fails on any, nothing is requeued
    #[arg(long, value_name = "JQ")]
    transform: Option<String>,
    /// Requeue nothing: show what would go back (with --transform, a diff per event)
    #[arg(long)]
    dry_run: bool,
    /// At most this many per second (100 or 100/s)
    #[arg(long, value_name = "N/s", value_parser = crate::cli::args::rate)]
    rate: Option<f64>,
}

pub(super) async fn run(args: RequeueArgs, ctx: &Context) -> anyhow::Result<()> {
    let filter = args
        .filter
        .as_deref()
        .map(JqFilter::compile)
        .transpose()
        .map_err(Exit::usage)?;
    if let Some(transform) = &args.transform {
        JqFilter::compile(transform).map_err(|err| Exit::usage(format!("--transform: {err}")))?;
    }
    let ids = args.targets.resolve(ctx, filter.as_ref()).await?;
    let transform = args.transform;
    if args.dry_run || transform.is_some() {
        // A transform is tried on every event first: all of them go back, or none.
        let plans = plan(ctx, &ids, transform.as_deref()).await?;
        let failed = plans.iter().filter(|plan| plan.error.is_some()).count();
        if args.dry_run {
            show_plans(ctx, &plans)?;
            if !ctx.out.is_json() {
                ctx.out.note(&format!(
                    "dry run: would requeue {} dead letter(s)",
                    plans.len() - failed
                ));
            }
        }
        if failed > 0 {
            if !args.dry_run {
                for plan in plans.iter().filter(|plan| plan.error.is_some()) {
                    let why = plan.error.as_deref().unwrap_or_default();
                    ctx.out
                        .warn(&format!("dead letter {}: {}", plan.id, printable(why)));
                }
            }
            let message = format!(
                "{failed} of {} event(s) cannot go back as transformed: nothing requeued",
                plans.len()
            );
            return Err(Exit(ExitCode::Failure, message).into());
        }
        if args.dry_run {
            return Ok(());
        }
    }
    let bar = ctx.out.progress(Some(ids.len() as u64), "requeued");
    let mut count = 0;
    let pace = Pace::new(args.rate);
    for (index, chunk) in ids.chunks(pace.chunk).enumerate() {
        pace.before(index).await;
        let request = Requeue {
            ids: chunk.to_vec(),
            transform: transform.clone(),
            ..Requeue::default()
        };
        count += ctx.client.requeue(&request).await?.count;
        bar.set_position(count as u64);
    }
    bar.finish_and_clear();
    finish(ctx, "requeued", count)
}

/// What each dead letter would go back as, asked of the bus a chunk at a time.
async fn plan(
    ctx: &Context,
    ids: &[String],
    transform: Option<&str>,
) -> anyhow::Result<Vec<Planned>> {
    let mut plans = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let request = Requeue {
            ids: chunk.to_vec(),
            transform: transform.map(str::to_owned),
            dry_run: true,
            ..Requeue::default()
        };
        plans.extend(ctx.client.requeue(&request).await?.letters);
    }
    Ok(plans)
}

/// Each plan: NDJSON for scripts; for people, the letter and a diff of its event.
pub(super) fn show_plans(ctx: &Context, plans: &[Planned]) -> anyhow::Result<()> {
    use colored::Colorize;
    for plan in plans {
        if ctx.out.is_json() {
            ctx.out.json(plan)?;
            continue;
        }
        let head = format!(
            "{} {} #{} {}",
            printable(&plan.id),
            plan.group,
            plan.seq,
            plan.topic
        );
        ctx.out.line(&head.bold().to_string())?;
        match (&plan.after, &plan.error) {
            (_, Some(error)) => {
                ctx.out
                    .line(&format!("  {} {}", "✗".red(), printable(error)))?;
            }
            (Some(after), None) if plan.edited => {
                for line in diff(plan.before.get(), after.get()) {
                    ctx.out.line(&line)?;
                }
            }
            _ => ctx.out.line("  unchanged")?,
        }
    }
    Ok(())
}

/// A line diff of two events, pretty-printed, without the attributes the requeue adds:
/// `-`/`+` lines (red and green on a terminal), unchanged ones for context.
fn diff(before: &str, after: &str) -> Vec<String> {
    use colored::Colorize;
    let pretty = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        if let Some(object) = value.as_object_mut() {
            for added in ["seq", "requeueof", "requeues", "requeueedited"] {
                object.remove(added);
            }
        }
        serde_json::to_string_pretty(&value).expect("JSON values serialize")
    };
    let (before, after) = (pretty(before), pretty(after));
    let text_diff = similar::TextDiff::from_lines(&before, &after);
    let mut lines = Vec::new();
    for group in text_diff.grouped_ops(2) {
        for op in group {
            for change in text_diff.iter_changes(&op) {
                let text = change.value().trim_end_matches('\n');
                let line = match change.tag() {
                    similar::ChangeTag::Delete => format!("  - {text}").red().to_string(),
                    similar::ChangeTag::Insert => format!("  + {text}").green().to_string(),
                    similar::ChangeTag::Equal => format!("    {text}"),
                };
                lines.push(line);
            }
        }
        lines.push("    …".dimmed().to_string());
    }
    lines.pop();
    lines
}

/// `purge --dry-run`: which dead letters would go (checked by the bus: all exist).
pub(super) async fn show_purge_plan(ctx: &Context, ids: Vec<String>) -> anyhow::Result<()> {
    let mut plans = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        plans.extend(ctx.client.purge(chunk.to_vec(), true).await?.letters);
    }
    if ctx.out.is_json() {
        for plan in &plans {
            ctx.out.json(plan)?;
        }
        return Ok(());
    }
    let rows = plans
        .iter()
        .map(|plan| {
            vec![
                printable(&plan.id).into_owned(),
                plan.group.clone(),
                plan.seq.to_string(),
                plan.topic.clone(),
            ]
        })
        .collect();
    ctx.out.table(&["ID", "GROUP", "SEQ", "TOPIC"], rows)?;
    ctx.out.note(&format!(
        "dry run: would purge {} dead letter(s)",
        plans.len()
    ));
    Ok(())
}

pub(super) async fn purge_in_chunks(ctx: &Context, ids: Vec<String>) -> anyhow::Result<usize> {
    let bar = ctx.out.progress(Some(ids.len() as u64), "purged");
    let mut count = 0;
    for chunk in ids.chunks(CHUNK) {
        count += ctx.client.purge(chunk.to_vec(), false).await?.count;
        bar.set_position(count as u64);
    }
    bar.finish_and_clear();
    Ok(count)
}

/// Chunks of ids at most `rate` per second.
struct Pace {
    chunk: usize,
    pause: Option<Duration>,
}

impl Pace {
    fn new(rate: Option<f64>) -> Self {
        let chunk = rate.map_or(CHUNK, |rate| (rate as usize).clamp(1, CHUNK));
        let pause = rate.map(|rate| Duration::from_secs_f64(chunk as f64 / rate));
        Self { chunk, pause }
    }

    /// Waits until the chunk at `index` is due.
    async fn before(&self, index: usize) {
        if index > 0
            && let Some(pause) = self.pause
        {
            tokio::time::sleep(pause).await;
        }
    }
}
