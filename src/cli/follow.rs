//! `evbus get`, `evbus trace` and `evbus why`: one event, what it led to, and why a group
//! did or did not get it.

use colored::Colorize;

use super::Context;
use super::output::printable;
use crate::api::follow::{Outcome, Step, Trace, TraceNode};

/// An event by seq, or by id.
#[derive(Debug, Clone, clap::Args)]
pub struct EventRef {
    /// The event's seq, or its id (a number is taken as a seq unless --id is given)
    #[arg(value_name = "SEQ|ID")]
    pub event: String,
    /// Take SEQ|ID as an id even if it is a number
    #[arg(long)]
    pub id: bool,
    /// With an id: the event's source, when several sources use the id
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
}

impl EventRef {
    /// The seq this names, and the event itself when it had to be looked up by id.
    async fn resolve(&self, ctx: &Context) -> anyhow::Result<(u64, Option<serde_json::Value>)> {
        if !self.id
            && self.source.is_none()
            && let Ok(seq) = self.event.parse::<u64>()
        {
            return Ok((seq, None));
        }
        let raw = ctx
            .client
            .event_by_id(&self.event, self.source.as_deref())
            .await?;
        let event: serde_json::Value = serde_json::from_str(raw.get())?;
        let seq = event["seq"].as_u64().unwrap_or_default();
        Ok((seq, Some(event)))
    }
}

/// Print one stored event, by seq or id.
///
/// Examples:
///   evbus get 42
///   evbus get order-42 --source shop
///   evbus get 42 --output json | jq .data
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct GetArgs {
    #[command(flatten)]
    pub event: EventRef,
}

pub async fn get(args: GetArgs, ctx: &Context) -> anyhow::Result<()> {
    let (seq, found) = args.event.resolve(ctx).await?;
    let event = match found {
        Some(event) => event,
        None => serde_json::from_str(ctx.client.event(seq).await?.get())?,
    };
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&event)?);
    }
    Ok(ctx.out.line(&serde_json::to_string_pretty(&event)?)?)
}

/// Follow an event: what caused it, what it caused, and every delivery on the way.
///
/// The causes come first (up the causationid chain), then the event as a tree: each
/// group's attempts (member, time, outcome, exit code or push status), dead letters and
/// requeues, and below it the events it led to (emitted by handlers, replies, route and
/// replay copies), in time order.
///
/// Examples:
///   evbus trace 42
///   evbus trace order-42 --source shop
///   evbus trace 42 --output json | jq '.tree.children[].topic'
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TraceArgs {
    #[command(flatten)]
    pub event: EventRef,
}

pub async fn trace(args: TraceArgs, ctx: &Context) -> anyhow::Result<()> {
    let (seq, _) = args.event.resolve(ctx).await?;
    let trace = ctx.client.trace(seq).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&trace)?);
    }
    for line in render(&trace) {
        ctx.out.line(&line)?;
    }
    for note in &trace.notes {
        ctx.out.warn(note);
    }
    Ok(())
}

/// The trace as lines: causes, then the tree.
fn render(trace: &Trace) -> Vec<String> {
    let mut lines = Vec::new();
    for (depth, cause) in trace.causes.iter().enumerate().rev() {
        let arrow = if depth + 1 == trace.causes.len() {
            ""
        } else {
            "↳ "
        };
        lines.push(format!(
            "{arrow}{} {} {}",
            format!("#{}", cause.seq).yellow(),
            cause.topic,
            printable(&cause.id).dimmed()
        ));
    }
    let mut head = event_line(&trace.tree);
    if !trace.causes.is_empty() {
        head = format!("↳ {head}");
    }
    if let Some(trace_id) = &trace.trace_id {
        head.push_str(&format!("  {}", format!("trace {trace_id}").dimmed()));
    }
    lines.push(head);
    node_lines(&trace.tree, "", &mut lines);
    lines
}

fn event_line(node: &TraceNode) -> String {
    let link = match node.link {
        Some(crate::api::follow::Link::Replayed) => " (replay)".dimmed().to_string(),
        _ => String::new(),
    };
    format!(
        "{} {} {}{}{}",
        format!("#{}", node.seq).yellow().bold(),
        node.topic.bold(),
        printable(&node.id).dimmed(),
        node.time
            .as_deref()
            .map(|time| format!(" {}", time.dimmed()))
            .unwrap_or_default(),
        link
    )
}

/// The node's steps, then its children, under `prefix`.
fn node_lines(node: &TraceNode, prefix: &str, lines: &mut Vec<String>) {
    let total = node.steps.len() + node.children.len();
    let branch = |index: usize| {
        let last = index + 1 == total;
        let (here, below) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        (format!("{prefix}{here}"), format!("{prefix}{below}"))
    };
    for (index, step) in node.steps.iter().enumerate() {
        lines.push(format!("{}{}", branch(index).0, step_line(step)));
    }
    for (index, child) in node.children.iter().enumerate() {
        let (here, below) = branch(node.steps.len() + index);
        lines.push(format!("{here}{}", event_line(child)));
        node_lines(child, &below, lines);
    }
}

fn step_line(step: &Step) -> String {
    let mark = match step.outcome {
        Outcome::Acked => "✓".green(),
        Outcome::Dead | Outcome::Rejected => "☠".red(),
        Outcome::Requeued => "↻".cyan(),
        Outcome::Nacked | Outcome::Expired => "✗".yellow(),
    };
    let mut line = format!("{mark} {} ", step.group.cyan());
    if step.outcome != Outcome::Requeued {
        line.push_str(&format!("attempt {} ", step.attempt));
    }
    line.push_str(step.outcome.as_str());
    if let (Outcome::Dead, Some(reason)) = (step.outcome, &step.error) {
        line.push_str(&format!(" ({reason})"));
    }
    if step.edited {
        line.push_str(" (edited)");
    }
    if !step.member.is_empty() {
        line.push_str(&format!(" by {}", printable(&step.member)));
    }
    line.push_str(&format!(" {}", step.at.dimmed()));
    if let Some(letter) = &step.dead_letter {
        line.push_str(&format!(" {}", format!("dead letter {letter}").dimmed()));
    }
    if let Some(error) = step
        .error
        .as_deref()
        .filter(|_| step.outcome != Outcome::Dead)
    {
        let error: String = error
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect();
        line.push_str(&format!(": {}", printable(&error)));
    }
    line
}

/// Why a group did or did not get an event.
///
/// The answer is one of: its pattern does not match, its filter is false (with the
/// value the filter gave), the event is addressed elsewhere, the group started after
/// it, the group is paused, the event is still ahead of the group's cursor, or it was
/// delivered (when, and how it ended).
///
/// Examples:
///   evbus why 42 --group billing
///   evbus why 42 --group billing --output json | jq -r .verdict
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct WhyArgs {
    #[command(flatten)]
    pub event: EventRef,
    /// The group asked about
    #[arg(long, value_name = "GROUP")]
    pub group: String,
}

pub async fn why(args: WhyArgs, ctx: &Context) -> anyhow::Result<()> {
    let (seq, _) = args.event.resolve(ctx).await?;
    let why = ctx.client.why(seq, &args.group).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&why)?);
    }
    ctx.out.line(&format!(
        "{} {}: {}",
        format!("#{seq}").yellow(),
        why.group.cyan(),
        printable(&why.reason)
    ))?;
    for step in &why.steps {
        ctx.out.line(&format!("  {}", step_line(step)))?;
    }
    Ok(())
}
