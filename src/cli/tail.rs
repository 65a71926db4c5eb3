//! `evbus tail`: stream matching events, from now or from a position in the log.

use std::time::Duration;

use colored::Colorize;
use futures_util::StreamExt;

use super::output::printable;
use super::{Context, args};
use crate::api::Pattern;
use crate::api::time::{format_duration, parse_since_ms};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::TailQuery;
use crate::filter::JqFilter;

/// Stream matching events: history from a position, then live.
///
/// Patterns use `*` for one token and `>` for the rest; no pattern means every topic
/// except the bus's own `$evbus.…` events.
///
/// Examples:
///   evbus tail 'order.*'
///   evbus tail 'order.>' --since 10m --filter '.data.amount > 100'
///   evbus tail --from-start --count 100 --output json > events.ndjson
///   evbus tail payment.completed --timeout 30s --count 1
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TailArgs {
    /// Topic patterns, e.g. order.* or order.>
    #[arg(value_name = "PATTERN")]
    pub patterns: Vec<Pattern>,
    /// Start this far back (10m, 2h) or at this RFC 3339 time
    #[arg(long, value_name = "DUR|TIME", group = "start")]
    pub since: Option<String>,
    /// Start at this sequence number
    #[arg(long, value_name = "N", group = "start")]
    pub from_seq: Option<u64>,
    /// Start at the oldest stored event
    #[arg(long, group = "start")]
    pub from_start: bool,
    /// Only events for which this jq expression is true, evaluated on the bus
    #[arg(long, value_name = "JQ")]
    pub filter: Option<String>,
    /// Exit 0 after this many events
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Exit with the timeout code when no (further) event arrives within this long
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub timeout: Option<Duration>,
}

pub async fn run(args: TailArgs, ctx: &Context) -> anyhow::Result<()> {
    if let Some(filter) = &args.filter {
        JqFilter::compile(filter).map_err(Exit::usage)?;
    }
    if let Some(since) = &args.since {
        parse_since_ms(since).map_err(Exit::usage)?;
    }
    if args.count == Some(0) {
        return Ok(());
    }
    let query = TailQuery {
        patterns: args
            .patterns
            .iter()
            .map(|pattern| pattern.to_string())
            .collect(),
        since: args.since.clone(),
        from_seq: args.from_seq,
        from_start: args.from_start,
        filter: args.filter.clone(),
        ..TailQuery::default()
    };
    let stream = ctx.client.tail(&query).await?;
    futures_util::pin_mut!(stream);
    let mut seen = 0u64;
    loop {
        let next = match args.timeout {
            Some(limit) => tokio::time::timeout(limit, stream.next())
                .await
                .map_err(|_| {
                    let what = if seen == 0 {
                        "no event"
                    } else {
                        "no further event"
                    };
                    Exit::timeout(format!("{what} within {}", format_duration(limit)))
                })?,
            None => stream.next().await,
        };
        let Some(line) = next else {
            return Err(Exit(
                ExitCode::Failure,
                "the bus closed the stream (it is shutting down)".into(),
            )
            .into());
        };
        let line = line?;
        if ctx.out.is_json() {
            ctx.out.raw_line(&line)?;
        } else {
            ctx.out.line(&render_event(&line))?;
        }
        seen += 1;
        if args.count.is_some_and(|count| seen >= count) {
            return Ok(());
        }
    }
}

/// One line for people: time, seq, topic, id, then the data.
pub(super) fn render_event(line: &[u8]) -> String {
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(line) else {
        return printable(&String::from_utf8_lossy(line)).into_owned();
    };
    let text = |key: &str| {
        printable(
            event
                .get(key)
                .and_then(|value| value.as_str())
                .unwrap_or(""),
        )
        .into_owned()
    };
    let seq = event
        .get("seq")
        .and_then(|value| value.as_u64())
        .unwrap_or(0);
    let data = match (event.get("data"), event.get("data_base64")) {
        (Some(serde_json::Value::String(text)), _) => printable(text).into_owned(),
        // Serialized JSON escapes control characters itself.
        (Some(data), _) => data.to_string(),
        (None, Some(_)) => "<binary data>".into(),
        (None, None) => String::new(),
    };
    format!(
        "{} {} {} {} {}",
        text("time").dimmed(),
        format!("#{seq}").yellow(),
        text("type").cyan().bold(),
        text("id").dimmed(),
        data
    )
}
