//! `evbus emit`: append one event, or a batch read as NDJSON.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use base64::Engine as _;
use serde::Serialize;
use serde_json::value::RawValue;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};

use super::Context;
use crate::api::event::BatchReceipt;
use crate::api::event::json_string;
use crate::api::{Event, Topic};
use crate::cli::exit::{Exit, ExitCode};
use crate::client::ClientError;

/// Append one event, or a batch of events, to the log.
///
/// Examples:
///   evbus emit order.created --data '{"id": 42, "amount": 99.5}'
///   evbus emit order.created --data @order.json --id order-42 --source shop
///   echo 'plain text' | evbus emit log.line --data - --content-type text/plain
///   evbus tail --from-start --output json | evbus emit --batch
///   evbus emit metrics.sample --batch --file samples.ndjson
///   evbus emit report.due --in 10m --data '{}'
///   evbus emit heartbeat --every 30s
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct EmitArgs {
    /// Topic (the CloudEvents type), e.g. order.created; with --batch, the topic of each
    /// line, which is then the event's data rather than a whole event
    pub topic: Option<Topic>,
    #[command(flatten)]
    pub event: EventArgs,
    /// Deliver only to this group, or to each group matching a glob (billing-*), whatever
    /// their patterns; an address no group matches is dead-lettered as no_route
    #[arg(long, value_name = "GROUP")]
    pub to: Option<String>,
    /// Ask for a reply on this topic: sets replyto and a correlationid (printed)
    #[arg(long, value_name = "TOPIC")]
    pub reply_to: Option<Topic>,
    /// Read NDJSON (one CloudEvent per line, or bare data with a TOPIC) from stdin or --file
    #[arg(long)]
    pub batch: bool,
    /// With --batch: read this file instead of stdin
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub file: Option<PathBuf>,
    /// With --batch: events per request (each request commits all or nothing)
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "batch")]
    pub chunk: usize,
    #[command(flatten)]
    pub when: super::schedules::WhenArgs,
}

/// What one event is made of, shared by `emit` and `request`.
#[derive(Debug, Clone, clap::Args)]
pub struct EventArgs {
    /// The payload: JSON text, @FILE, or - for stdin
    #[arg(long, value_name = "JSON")]
    pub data: Option<String>,
    /// Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,
    /// Event source [default: filled by the bus]
    #[arg(long, value_name = "URI")]
    pub source: Option<String>,
    /// Event id; re-sending the same source and id within the dedup window stores it once
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// CloudEvents subject
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a
    /// TRACEPARENT in the environment makes the event part of that trace)
    #[arg(long = "attr", value_name = "K=V")]
    pub attrs: Vec<String>,
    /// The event's ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)
    #[arg(long, value_name = "KEY", value_parser = crate::api::event::parse_key)]
    pub key: Option<String>,
}

impl EventArgs {
    /// The event these flags describe, on `topic`, with `extra` attributes; checked here so
    /// a bad flag is a usage error and nothing is sent.
    pub async fn build(
        &self,
        topic: &Topic,
        extra: &[(&str, Box<RawValue>)],
    ) -> anyhow::Result<Event> {
        let data = match &self.data {
            Some(spec) => Some(read_data(spec).await?),
            None => None,
        };
        build_event(self, topic, data, extra)
    }
}

pub async fn run(args: EmitArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.batch {
        if args.event.data.is_some() || args.event.id.is_some() {
            return Err(Exit::usage(
                "--batch reads its events from stdin or --file: drop --data and --id",
            ));
        }
        if args.topic.is_none() && args.event.key.is_some() {
            return Err(Exit::usage(
                "--batch without a TOPIC reads whole events, each with its own partitionkey: drop --key",
            ));
        }
        return run_batch(args, ctx).await;
    }
    let topic = args.topic.clone().ok_or_else(|| {
        Exit::usage("emit needs a TOPIC, e.g. `evbus emit order.created --data '{}'` (or --batch)")
    })?;
    let mut extra = Vec::new();
    if let Some(to) = &args.to {
        crate::api::group::validate_address(to).map_err(Exit::usage)?;
        extra.push(("to", json_string(to)));
    }
    let correlation = crate::bus::ids::new_ulid();
    if let Some(reply_to) = &args.reply_to {
        extra.push(("replyto", json_string(reply_to.as_str())));
        extra.push(("correlationid", json_string(&correlation)));
    }
    let event = args.event.build(&topic, &extra).await?;
    if args.when.is_set() {
        return super::schedules::schedule(event, &args.when, ctx).await;
    }
    let answer = ctx.client.emit(event.to_json()).await?;
    let receipt = &answer.receipt;
    if receipt.no_route {
        ctx.out.warn(&format!(
            "no group matches --to {}: the event was dead-lettered (reason no_route)",
            args.to.as_deref().unwrap_or_default()
        ));
    }
    if args.reply_to.is_some() && !ctx.out.is_json() {
        ctx.out.note(&format!("correlationid {correlation}"));
    }
    if ctx.out.is_json() {
        ctx.out.raw_line(answer.event.get().as_bytes())?;
    } else if receipt.duplicate {
        ctx.out.line(&format!(
            "duplicate of seq {} (id {}): already stored, not stored again",
            receipt.seq, receipt.id
        ))?;
    } else {
        ctx.out
            .line(&format!("seq {}  id {}", receipt.seq, receipt.id))?;
    }
    Ok(())
}

/// The payload as `--data` names it: inline, `@FILE` or `-` (stdin).
async fn read_data(spec: &str) -> anyhow::Result<Vec<u8>> {
    if spec == "-" {
        let mut bytes = Vec::new();
        tokio::io::stdin()
            .read_to_end(&mut bytes)
            .await
            .context("cannot read stdin")?;
        return Ok(bytes);
    }
    if let Some(path) = spec.strip_prefix('@') {
        return tokio::fs::read(path)
            .await
            .map_err(|err| Exit::usage(format!("cannot read --data file {path}: {err}")));
    }
    Ok(spec.as_bytes().to_vec())
}

/// An event emitted by a process that runs inside a trace (a handler `consume --exec`
/// started, anything with `TRACEPARENT` set, as OpenTelemetry passes context to child
/// processes) joins it: same trace id, a parent id of its own. `--attr traceparent=…`
/// wins.
fn inherit_trace_context(attributes: &mut BTreeMap<String, Box<RawValue>>) {
    use crate::api::trace::{TRACEPARENT, TRACESTATE, TraceParent};
    if attributes.contains_key(TRACEPARENT) {
        return;
    }
    let Some(parent) = std::env::var("TRACEPARENT")
        .ok()
        .and_then(|text| text.trim().parse::<TraceParent>().ok())
    else {
        return;
    };
    let child = parent.child(fastrand::u64(1..));
    attributes.insert(TRACEPARENT.into(), json_string(&child.to_string()));
    if let Ok(state) = std::env::var("TRACESTATE")
        && !state.trim().is_empty()
    {
        attributes
            .entry(TRACESTATE.into())
            .or_insert_with(|| json_string(state.trim()));
    }
}

/// Builds and validates the event locally, so a bad flag is a usage error and nothing is
/// sent.
fn build_event(
    args: &EventArgs,
    topic: &Topic,
    data: Option<Vec<u8>>,
    extra: &[(&str, Box<RawValue>)],
) -> anyhow::Result<Event> {
    let mut attributes: BTreeMap<String, Box<RawValue>> = BTreeMap::new();
    for (name, value) in extra {
        attributes.insert((*name).to_owned(), value.clone());
    }
    for attr in &args.attrs {
        let (key, value) = attr
            .split_once('=')
            .ok_or_else(|| Exit::usage(format!("--attr '{attr}' is not K=V")))?;
        attributes.insert(key.to_owned(), json_string(value));
    }
    inherit_trace_context(&mut attributes);
    attributes.insert("type".into(), json_string(topic.as_str()));
    for (name, value) in [
        ("source", &args.source),
        ("id", &args.id),
        ("subject", &args.subject),
        (crate::api::event::KEY_ATTRIBUTE, &args.key),
    ] {
        if let Some(value) = value {
            attributes.insert(name.into(), json_string(value));
        }
    }
    if let Some(data) = data {
        let json_payload = args
            .content_type
            .as_deref()
            .is_none_or(|media| media.contains("json"));
        if let Some(media) = &args.content_type {
            attributes.insert("datacontenttype".into(), json_string(media));
        }
        if json_payload {
            let text =
                String::from_utf8(data).map_err(|_| Exit::usage("--data is not UTF-8 text"))?;
            let raw = RawValue::from_string(text.trim().to_owned()).map_err(|err| {
                Exit::usage(format!(
                    "--data is not valid JSON ({err}): quote strings, or pass --content-type text/plain"
                ))
            })?;
            attributes.insert("data".into(), raw);
        } else {
            match String::from_utf8(data) {
                Ok(text) => attributes.insert("data".into(), json_string(&text)),
                Err(err) => attributes.insert(
                    "data_base64".into(),
                    json_string(&base64::engine::general_purpose::STANDARD.encode(err.as_bytes())),
                ),
            };
        }
    }
    Event::from_attributes(attributes).map_err(|err| Exit::usage(err.to_string()))
}

#[derive(Debug, Default, Serialize)]
struct BatchReport {
    accepted: usize,
    duplicates: usize,
    /// Input lines 1..=lines_committed are in the log (blank lines included).
    lines_committed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

async fn run_batch(args: EmitArgs, ctx: &Context) -> anyhow::Result<()> {
    anyhow::ensure!(args.chunk > 0, Exit::usage("--chunk must be at least 1"));
    let input: Box<dyn AsyncRead + Unpin + Send> = match &args.file {
        Some(path) => Box::new(
            tokio::fs::File::open(path)
                .await
                .map_err(|err| Exit::usage(format!("cannot read {}: {err}", path.display())))?,
        ),
        None => Box::new(tokio::io::stdin()),
    };
    let progress = ctx.out.progress(None, "events sent");
    let mut lines = BufReader::new(input).lines();
    let mut batch = Batch::default();
    let mut line_number = 0;
    let mut failure = None;
    while let Some(text) = lines
        .next_line()
        .await
        .context("cannot read the batch input")?
    {
        line_number += 1;
        if text.trim().is_empty() {
            continue;
        }
        match batch_line(&args, &text) {
            Ok(json) => batch.push(&json),
            Err(err) => {
                failure = Some((ExitKind::Usage, format!("line {line_number}: {err}")));
                break;
            }
        }
        if batch.events == args.chunk {
            if let Err(err) = batch.flush(ctx, line_number).await {
                failure = Some((ExitKind::Client(ExitCode::from(&err)), err.to_string()));
                break;
            }
            progress.set_position(batch.report.accepted as u64);
        }
    }
    // Lines validated before a bad one are still sent, so the report says exactly where
    // the log stops.
    if !matches!(failure, Some((ExitKind::Client(_), _))) && batch.events > 0 {
        let through = if failure.is_some() {
            line_number - 1
        } else {
            line_number
        };
        batch.flush(ctx, through).await?;
    }
    progress.finish_and_clear();
    let mut report = batch.report;
    report.error = failure.as_ref().map(|(_, message)| message.clone());
    print_report(ctx, &report)?;
    let Some((kind, message)) = failure else {
        return Ok(());
    };
    let committed = report.lines_committed;
    Err(match kind {
        ExitKind::Usage => Exit::usage(format!(
            "{message}; lines 1-{committed} were committed, nothing after was sent"
        )),
        ExitKind::Client(code) => Exit(
            code,
            format!("{message}; lines 1-{committed} were committed, the rest was not"),
        )
        .into(),
    })
}

/// The NDJSON request being gathered, and what earlier requests committed.
#[derive(Default)]
struct Batch {
    body: Vec<u8>,
    events: usize,
    report: BatchReport,
}

impl Batch {
    fn push(&mut self, json: &[u8]) {
        self.body.extend_from_slice(json);
        self.body.push(b'\n');
        self.events += 1;
    }

    /// Sends the gathered events; on success input lines up to `through_line` are in the log.
    async fn flush(&mut self, ctx: &Context, through_line: usize) -> Result<(), ClientError> {
        let receipt: BatchReceipt = ctx
            .client
            .emit_ndjson(std::mem::take(&mut self.body))
            .await?;
        self.events = 0;
        self.report.accepted += receipt.accepted;
        self.report.duplicates += receipt.duplicates;
        self.report.lines_committed = through_line;
        Ok(())
    }
}

enum ExitKind {
    Usage,
    Client(ExitCode),
}

fn print_report(ctx: &Context, report: &BatchReport) -> std::io::Result<()> {
    if ctx.out.is_json() {
        return ctx.out.json(report);
    }
    let duplicates = match report.duplicates {
        0 => String::new(),
        n => format!(", {n} duplicates not stored again"),
    };
    ctx.out.line(&format!(
        "accepted {} events{duplicates} (lines 1-{} committed)",
        report.accepted, report.lines_committed
    ))
}

/// One NDJSON line as the event to send: a whole CloudEvent, or with a TOPIC, the data.
fn batch_line(args: &EmitArgs, text: &str) -> anyhow::Result<Vec<u8>> {
    match &args.topic {
        None => {
            Event::from_json(text.as_bytes())?;
            Ok(text.trim().as_bytes().to_vec())
        }
        Some(topic) => {
            Ok(build_event(&args.event, topic, Some(text.as_bytes().to_vec()), &[])?.to_json())
        }
    }
}
