//! `evbus dlq`: look at dead letters and count them by error, requeue them (fixed on
//! the way if need be), drain them to a file, purge them.

mod edit;
mod requeue;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use super::Context;
use super::output::printable;
use crate::api::Pattern;
use crate::api::dead_letter::DeadLetter;
use crate::api::time::{format_duration, now_ms, parse_rfc3339_ms, parse_since_ms};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::DlqFilter;
use crate::filter::JqFilter;

/// Dead letters read per request.
const PAGE: usize = 500;

/// Dead letters: events a group gave up on, with every failed attempt.
///
/// Examples:
///   evbus dlq summary                                # what failed, counted by error
///   evbus dlq list --group billing --error 'exit code 3'
///   evbus dlq show 01JD3M6W5XK3YB3GQ8T2N7V4ZC
///   evbus dlq requeue --all --group billing --transform '.data.amount |= tonumber' --dry-run
///   evbus dlq requeue --all --group billing --filter '.data.amount < 1000' --rate 50
///   evbus dlq edit 01JD3M6W5XK3YB3GQ8T2N7V4ZC         # fix one in $EDITOR, then requeue it
///   evbus dlq drain --group billing > dead.ndjson    # then: evbus emit --batch < dead.ndjson
///   evbus dlq purge --all --group billing --yes
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct DlqArgs {
    #[command(subcommand)]
    pub command: Option<DlqCommand>,
}

/// Which dead letters a command works on.
#[derive(Debug, Clone, clap::Args)]
pub struct Selection {
    /// Only this group's dead letters
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only dead letters whose topic matches this pattern
    #[arg(long, value_name = "PATTERN")]
    pub topic: Option<Pattern>,
    /// Only dead letters that died this recently (10m) or since this RFC 3339 time
    #[arg(long, value_name = "DUR|TIME", value_parser = since)]
    pub since: Option<String>,
    /// Only dead letters whose last error contains this text (see `dlq summary`)
    #[arg(long, value_name = "TEXT")]
    pub error: Option<String>,
}

/// Dead letters named by id, or `--all` that a selection matches.
#[derive(Debug, Clone, clap::Args)]
pub struct Targets {
    /// Dead letter ids
    #[arg(
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub ids: Vec<String>,
    /// Every dead letter the selection matches
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub selection: Selection,
}

impl Targets {
    /// The ids named, or those of every selected dead letter whose event `filter` accepts.
    async fn resolve(
        self,
        ctx: &Context,
        filter: Option<&JqFilter>,
    ) -> anyhow::Result<Vec<String>> {
        if !self.all {
            return Ok(self.ids);
        }
        // The events are kept only when a filter is to see them.
        let mut letters = Vec::new();
        walk(ctx, &self.selection, |letter| {
            let event = filter.map(|_| bytes::Bytes::from(letter.event.get().to_owned()));
            letters.push((letter.id, event.unwrap_or_default()));
            Ok(true)
        })
        .await?;
        let Some(filter) = filter else {
            return Ok(letters.into_iter().map(|(id, _)| id).collect());
        };
        let verdicts = filter
            .verdicts(letters.iter().map(|(_, event)| event.clone()))
            .await;
        let mut ids = Vec::new();
        for ((id, _), verdict) in letters.into_iter().zip(verdicts) {
            if verdict.map_err(|err| Exit::usage(format!("dead letter {id}: {err}")))? {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

fn since(text: &str) -> Result<String, String> {
    parse_since_ms(text).map(|_| text.to_owned())
}

#[derive(Debug, clap::Subcommand)]
pub enum DlqCommand {
    /// List dead letters, oldest first (NDJSON with --output json)
    List {
        #[command(flatten)]
        selection: Selection,
        /// At most this many
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Show one dead letter: the event and its attempt history
    Show {
        /// Dead letter id (see `evbus dlq list`)
        id: String,
    },
    /// Count dead letters by group, reason and error, with first and last seen
    Summary {
        #[command(flatten)]
        selection: Selection,
    },
    /// Put dead letters back into their group with fresh attempts
    Requeue(requeue::RequeueArgs),
    /// Open one dead letter's event in $VISUAL or $EDITOR, then requeue what you saved
    Edit {
        /// Dead letter id (see `evbus dlq list`)
        id: String,
    },
    /// Write dead letters' events to stdout as NDJSON, removing each once written
    Drain {
        #[command(flatten)]
        selection: Selection,
        /// Stop after this many
        #[arg(long, value_name = "N")]
        count: Option<u64>,
    },
    /// Delete dead letters for good (asks first on a terminal)
    Purge {
        #[command(flatten)]
        targets: Targets,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
        /// Purge nothing: list what would be purged
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(args: DlqArgs, ctx: &Context) -> anyhow::Result<()> {
    let command = args.command.unwrap_or(DlqCommand::List {
        selection: Selection {
            group: None,
            topic: None,
            since: None,
            error: None,
        },
        limit: None,
    });
    match command {
        DlqCommand::List { selection, limit } => list(ctx, &selection, limit).await,
        DlqCommand::Show { id } => show(ctx, &id).await,
        DlqCommand::Summary { selection } => summary(ctx, &selection).await,
        DlqCommand::Requeue(args) => requeue::run(args, ctx).await,
        DlqCommand::Edit { id } => edit::run(ctx, &id).await,
        DlqCommand::Drain { selection, count } => drain(ctx, &selection, count).await,
        DlqCommand::Purge {
            targets,
            yes,
            dry_run,
        } => {
            let ids = targets.resolve(ctx, None).await?;
            if dry_run {
                return requeue::show_purge_plan(ctx, ids).await;
            }
            if ids.is_empty() {
                return finish(ctx, "purged", 0);
            }
            if !yes && !confirm(&format!("purge {} dead letter(s) for good?", ids.len()))? {
                return Err(Exit(ExitCode::Failure, "nothing purged".into()).into());
            }
            let count = requeue::purge_in_chunks(ctx, ids).await?;
            finish(ctx, "purged", count)
        }
    }
}

fn filter_of(selection: &Selection, after: Option<String>, limit: usize) -> DlqFilter {
    DlqFilter {
        group: selection.group.clone(),
        topic: selection.topic.as_ref().map(|pattern| pattern.to_string()),
        since: selection.since.clone(),
        error: selection.error.clone(),
        after,
        limit: Some(limit),
    }
}

/// Calls `each` on every dead letter the selection matches, a page at a time, until it
/// returns false or they run out.
async fn walk(
    ctx: &Context,
    selection: &Selection,
    mut each: impl FnMut(DeadLetter) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let mut after = None;
    loop {
        let page = ctx
            .client
            .dead_letters(&filter_of(selection, after.take(), PAGE))
            .await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.id.clone());
        for letter in page {
            if !each(letter)? {
                return Ok(());
            }
        }
    }
}

async fn list(ctx: &Context, selection: &Selection, limit: Option<usize>) -> anyhow::Result<()> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut rows = Vec::new();
    let mut seen = 0;
    walk(ctx, selection, |letter| {
        seen += 1;
        if ctx.out.is_json() {
            ctx.out.json(&letter)?;
        } else {
            rows.push(row(&letter));
        }
        Ok(seen < limit)
    })
    .await?;
    if !ctx.out.is_json() {
        let header = [
            "ID",
            "GROUP",
            "TOPIC",
            "REASON",
            "ATTEMPTS",
            "LAST ERROR",
            "AGE",
        ];
        ctx.out.table(&header, rows)?;
    }
    Ok(())
}

async fn summary(ctx: &Context, selection: &Selection) -> anyhow::Result<()> {
    let rows = ctx
        .client
        .dlq_summary(&DlqFilter {
            limit: None,
            ..filter_of(selection, None, 0)
        })
        .await?;
    if ctx.out.is_json() {
        for row in &rows {
            ctx.out.json(row)?;
        }
        return Ok(());
    }
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                row.count.to_string(),
                row.group.clone(),
                row.reason.as_str().to_owned(),
                printable(&row.error).into_owned(),
                format!("{} ago", age(&row.first_seen)),
                format!("{} ago", age(&row.last_seen)),
            ]
        })
        .collect();
    let header = [
        "COUNT",
        "GROUP",
        "REASON",
        "ERROR",
        "FIRST SEEN",
        "LAST SEEN",
    ];
    Ok(ctx.out.table(&header, rows)?)
}

/// How long ago an RFC 3339 time was (`2.0s`); empty if it does not parse.
fn age(time: &str) -> String {
    parse_rfc3339_ms(time)
        .map(|at| format_duration(Duration::from_millis((now_ms() - at).max(0) as u64)))
        .unwrap_or_default()
}

fn row(letter: &DeadLetter) -> Vec<String> {
    let age = age(&letter.dead_at);
    let mut error = letter
        .attempts
        .last()
        .map(|attempt| attempt.error.replace('\n', " "))
        .unwrap_or_default();
    if error.chars().count() > 60 {
        error = error.chars().take(59).collect::<String>() + "…";
    }
    vec![
        printable(&letter.id).into_owned(),
        letter.group.clone(),
        letter.topic.clone(),
        letter.reason.as_str().to_owned(),
        letter.attempts.len().to_string(),
        printable(&error).into_owned(),
        age,
    ]
}

async fn show(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let letter = ctx.client.dead_letter(id).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&letter)?);
    }
    let mut fields = vec![
        ("id", printable(&letter.id).into_owned()),
        ("group", letter.group.clone()),
        ("topic", letter.topic.clone()),
        ("seq", letter.seq.to_string()),
        ("reason", letter.reason.as_str().to_owned()),
        ("dead at", letter.dead_at.clone()),
    ];
    if let Some(before) = &letter.requeueof {
        fields.push(("requeues", letter.requeues.to_string()));
        fields.push(("requeue of", printable(before).into_owned()));
    }
    ctx.out.fields(&fields)?;
    ctx.out.line("attempts:")?;
    let mut round = 0;
    for attempt in &letter.attempts {
        if attempt.round != round {
            round = attempt.round;
            ctx.out.line(&format!("  — requeued ({round}) —"))?;
        }
        ctx.out.line(&format!(
            "  #{} {} {}: {}",
            attempt.attempt,
            attempt.at,
            printable(&attempt.member),
            printable(&attempt.error)
        ))?;
    }
    ctx.out.line("event:")?;
    Ok(ctx.out.line(letter.event.get())?)
}

fn finish(ctx: &Context, what: &str, count: usize) -> anyhow::Result<()> {
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&serde_json::json!({ what: count }))?);
    }
    Ok(ctx.out.line(&format!("{what} {count} dead letter(s)"))?)
}

/// Writes each event as an NDJSON line and purges it only once written and flushed, a
/// page at a time: a killed drain may repeat a page, never lose one.
async fn drain(ctx: &Context, selection: &Selection, count: Option<u64>) -> anyhow::Result<()> {
    let mut drained = 0u64;
    loop {
        let left = count.map_or(PAGE as u64, |count| (count - drained).min(PAGE as u64));
        if left == 0 {
            break;
        }
        let page = ctx
            .client
            .dead_letters(&filter_of(selection, None, left as usize))
            .await?;
        if page.is_empty() {
            break;
        }
        {
            let mut stdout = std::io::stdout().lock();
            for letter in &page {
                stdout.write_all(letter.event.get().as_bytes())?;
                stdout.write_all(b"\n")?;
            }
            stdout.flush()?;
        }
        let ids = page.into_iter().map(|letter| letter.id).collect::<Vec<_>>();
        drained += ctx.client.purge(ids, false).await?.count as u64;
    }
    ctx.out.note(&format!("drained {drained} dead letter(s)"));
    Ok(())
}

/// Asks on the terminal; without one, refuses rather than hang.
fn confirm(question: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Exit::usage(
            "refusing to ask for confirmation without a terminal: pass --yes",
        ));
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
