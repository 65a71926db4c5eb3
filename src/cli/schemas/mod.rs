//! `evbus schemas`: contracts for events' data, checked when events are emitted.

mod infer;

use std::path::PathBuf;

use futures_util::StreamExt;

use super::Context;
use super::document;
use super::exit::{Exit, ExitCode};
use crate::api::Pattern;
use crate::api::schema::{SchemaInfo, SchemaSpec};
use crate::api::time::parse_since_ms;
use crate::bus::schemas::{Contract, Violation};
use crate::client::TailQuery;

/// Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema
/// says so) for the data of events whose topic matches a pattern. An emit that breaks
/// one is refused, naming where; a conforming event gets `dataschema` set to the
/// schema's URL on the bus (unless its producer set one).
///
/// Examples:
///   evbus schemas add orders --pattern 'order.*' --file order.schema.json
///   evbus schemas check orders --file events.ndjson
///   evbus schemas infer 'order.*' --since 1h > order.schema.json
///   evbus schemas list
///   evbus schemas remove orders
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SchemasArgs {
    #[command(subcommand)]
    pub command: Option<SchemasCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum SchemasCommand {
    /// List schemas and the topics they cover
    List,
    /// Add a schema (or, with --replace, replace one)
    Add {
        /// Schema name
        name: String,
        /// Topic pattern of the events whose data must conform
        #[arg(long, value_name = "PATTERN")]
        pattern: Pattern,
        /// The JSON Schema, as JSON or YAML ('-': stdin)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Replace the schema of that name instead of refusing
        #[arg(long)]
        replace: bool,
    },
    /// Show a schema
    Show {
        /// Schema name
        name: String,
    },
    /// Remove a schema: events on its topics are no longer checked
    Remove {
        /// Schema name
        name: String,
    },
    /// Check events in a file against a schema, line by line, without emitting them
    Check {
        /// Schema name (on the bus, unless --schema gives the schema itself)
        name: String,
        /// Events as NDJSON, one CloudEvent per line ('-': stdin)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Check against this JSON Schema file instead of the bus's: no bus is needed
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,
        /// Each line is the data itself, not an event
        #[arg(long)]
        data: bool,
    },
    /// Propose a schema from the data of stored events, for review
    Infer {
        /// Topic pattern of the events to learn from
        pattern: Pattern,
        /// Only events this recent (10m, 2h) or since this RFC 3339 time
        #[arg(long, value_name = "DUR|TIME")]
        since: Option<String>,
        /// Learn from at most this many events (the oldest first)
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        limit: u64,
    },
}

pub async fn run(args: SchemasArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command.unwrap_or(SchemasCommand::List) {
        SchemasCommand::List => list(ctx).await,
        SchemasCommand::Add {
            name,
            pattern,
            file,
            replace,
        } => {
            let spec = SchemaSpec {
                name,
                pattern: pattern.to_string(),
                schema: document::read(&file)?,
            };
            // Checked here too, so a bad schema is a usage error before anything is sent.
            Contract::compile(spec.clone(), String::new())
                .map_err(|reason| Exit::usage(format!("{}: {reason}", file.display())))?;
            let info = ctx.client.put_schema(&spec, replace).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            let verb = if replace { "stored" } else { "added" };
            Ok(ctx.out.line(&format!(
                "{verb} schema {} for {} (events name it as dataschema {})",
                info.spec.name, info.spec.pattern, info.url
            ))?)
        }
        SchemasCommand::Show { name } => {
            let info = ctx.client.schema(&name).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            ctx.out.fields(&[
                ("name", info.spec.name.clone()),
                ("pattern", info.spec.pattern.clone()),
                ("draft", info.draft.clone()),
                ("url", info.url.clone()),
                ("created", info.created.clone()),
            ])?;
            Ok(ctx
                .out
                .line(&serde_json::to_string_pretty(&info.spec.schema)?)?)
        }
        SchemasCommand::Remove { name } => {
            let info = ctx.client.remove_schema(&name).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            Ok(ctx.out.line(&format!("removed schema {name}"))?)
        }
        SchemasCommand::Check {
            name,
            file,
            schema,
            data,
        } => check(ctx, name, file, schema, data).await,
        SchemasCommand::Infer {
            pattern,
            since,
            limit,
        } => infer(ctx, pattern, since, limit).await,
    }
}

async fn list(ctx: &Context) -> anyhow::Result<()> {
    let schemas = ctx.client.schemas().await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&schemas)?);
    }
    let rows = schemas
        .into_iter()
        .map(|info: SchemaInfo| {
            vec![
                info.spec.name,
                info.spec.pattern,
                info.draft,
                info.url,
                info.created,
            ]
        })
        .collect();
    Ok(ctx
        .out
        .table(&["SCHEMA", "PATTERN", "DRAFT", "URL", "CREATED"], rows)?)
}

/// One line of a checked file that does not conform.
#[derive(serde::Serialize)]
struct Failure {
    line: usize,
    pointer: String,
    reason: String,
}

async fn check(
    ctx: &Context,
    name: String,
    file: PathBuf,
    schema: Option<PathBuf>,
    data_only: bool,
) -> anyhow::Result<()> {
    let spec = match &schema {
        Some(path) => SchemaSpec {
            name: name.clone(),
            pattern: ">".into(),
            schema: document::read(path)?,
        },
        None => ctx.client.schema(&name).await?.spec,
    };
    let contract = Contract::compile(spec, String::new()).map_err(Exit::usage)?;
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(&file)
    }
    .map_err(|err| Exit::usage(format!("cannot read {}: {err}", file.display())))?;
    let (mut checked, mut skipped, mut failures) = (0u64, 0u64, Vec::new());
    for (at, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = at + 1;
        let outcome = if data_only {
            serde_json::from_str(line)
                .map_err(|err| format!("not JSON: {err}"))
                .map(Some)
        } else {
            event_data(line, &contract)
        };
        let verdict = match outcome {
            Ok(None) => {
                skipped += 1;
                continue;
            }
            Ok(Some(data)) => contract.check(&data),
            Err(reason) => Err(Violation {
                schema: name.clone(),
                pointer: String::new(),
                reason,
            }),
        };
        checked += 1;
        if let Err(violation) = verdict {
            if !ctx.out.is_json() {
                ctx.out.line(&format!("line {number}: {violation}"))?;
            }
            failures.push(Failure {
                line: number,
                pointer: violation.pointer,
                reason: violation.reason,
            });
        }
    }
    let failed = failures.len();
    if ctx.out.is_json() {
        ctx.out
            .json(&serde_json::json!({ "schema": name, "checked": checked,
            "skipped": skipped, "failed": failed, "failures": failures }))?;
    } else {
        let mut summary = format!(
            "checked {} against schema {name}: {} conform, {failed} do not",
            events(checked),
            checked - failed as u64
        );
        if skipped > 0 {
            summary.push_str(&format!(
                "; {skipped} skipped (topic not covered by the schema)"
            ));
        }
        ctx.out.line(&summary)?;
    }
    if failed > 0 {
        return Err(Exit(
            ExitCode::Failure,
            format!("{failed} of {checked} do not conform"),
        )
        .into());
    }
    Ok(())
}

/// The data of the event on `line`, or `None` when its topic is not the schema's.
fn event_data(line: &str, contract: &Contract) -> Result<Option<serde_json::Value>, String> {
    let event = crate::api::Event::from_json(line.as_bytes()).map_err(|err| err.to_string())?;
    if !contract.covers(&event.topic) {
        return Ok(None);
    }
    crate::bus::schemas::data_of(&event).map(Some)
}

async fn infer(
    ctx: &Context,
    pattern: Pattern,
    since: Option<String>,
    limit: u64,
) -> anyhow::Result<()> {
    if let Some(since) = &since {
        parse_since_ms(since).map_err(Exit::usage)?;
    }
    let last = ctx.client.status().await?.last_seq;
    let mut shape = infer::Shape::default();
    let mut learned = 0u64;
    if let Some(last) = last {
        let query = TailQuery {
            patterns: vec![pattern.to_string()],
            from_start: since.is_none(),
            since,
            to_seq: Some(last),
            ..TailQuery::default()
        };
        let events = ctx.client.tail(&query).await?;
        tokio::pin!(events);
        while learned < limit
            && let Some(line) = events.next().await
        {
            let event = crate::api::Event::from_json(&line?)?;
            if let Some(data) = &event.data
                && let Ok(value) = serde_json::from_str(data.get())
            {
                shape.add(&value);
                learned += 1;
            }
        }
    }
    if learned == 0 {
        return Err(Exit(
            ExitCode::NotFound,
            format!("no stored event on {pattern} has JSON data to learn from: emit some, or widen --since"),
        )
        .into());
    }
    let mut schema = shape.schema();
    if let Some(object) = schema.as_object_mut() {
        let mut head = serde_json::Map::new();
        head.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        head.insert(
            "description".into(),
            format!(
                "Proposed by evbus from {} on {pattern}: review before `evbus schemas add`",
                events(learned)
            )
            .into(),
        );
        head.append(object);
        schema = serde_json::Value::Object(head);
    }
    ctx.out.note(&format!("learned from {}", events(learned)));
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&schema)?);
    }
    Ok(ctx.out.line(&serde_json::to_string_pretty(&schema)?)?)
}

fn events(count: u64) -> String {
    match count {
        1 => "1 event".into(),
        _ => format!("{count} events"),
    }
}
