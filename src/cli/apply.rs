//! `evbus apply` and `evbus export`: the bus's groups, routes and schemas as one file.

use std::path::{Path, PathBuf};

use colored::Colorize;

use super::Context;
use super::document;
use super::exit::Exit;
use crate::api::config::{Action, ApplyOptions, BusDocument, Plan};

/// Declares the bus's groups, routes and schemas in a file (YAML or JSON; each entry what
/// the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …)
/// and makes the bus match it: prints the plan (create, change, replace, delete), then
/// applies it. Applying the same file again changes nothing. `${VAR}` in a value is
/// read from the environment (for secrets).
///
/// Examples:
///   evbus apply -f bus.yaml --dry-run
///   evbus apply -f bus.yaml
///   evbus apply -f bus.yaml --prune
///   evbus export > bus.yaml && evbus apply -f bus.yaml --server http://staging:7717
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ApplyArgs {
    /// The file to apply ('-': stdin)
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: PathBuf,
    /// Print the plan only; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also delete the groups, routes and schemas the file does not name
    #[arg(long)]
    pub prune: bool,
    /// Make changes that cannot be made in place (a group's pattern) by deleting and
    /// creating again: the group's cursor and deliveries in progress are lost
    #[arg(long)]
    pub replace: bool,
}

/// Prints the bus's groups, routes and schemas as the file `evbus apply` reads, so that
/// `export | apply` on another bus reproduces them. Secrets and push header values are
/// written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.
///
/// Examples:
///   evbus export > bus.yaml
///   evbus export --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    /// yaml, or json (also under --output json)
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

/// Reads a topology file: parsed whole (errors name the line and field), then `${VAR}`
/// references filled in from the environment.
pub fn load(path: &Path) -> anyhow::Result<BusDocument> {
    let document: BusDocument = document::read(path)?;
    let value = serde_json::to_value(&document)?;
    let expanded = document::expand_env(value, &|name| std::env::var(name).ok())
        .map_err(|reason| Exit::usage(format!("{}: {reason}", path.display())))?;
    Ok(serde_json::from_value(expanded)?)
}

pub async fn apply(args: ApplyArgs, ctx: &Context) -> anyhow::Result<()> {
    let document = load(&args.file)?;
    let options = ApplyOptions {
        dry_run: args.dry_run,
        prune: args.prune,
        replace: args.replace,
    };
    let plan = ctx.client.apply_config(&document, options).await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&plan)?);
    }
    for line in plan_lines(&plan) {
        ctx.out.line(&line)?;
    }
    Ok(())
}

/// The plan for people: one line per change, then a summary.
pub fn plan_lines(plan: &Plan) -> Vec<String> {
    let mut lines: Vec<String> = plan
        .changes
        .iter()
        .map(|change| {
            let (sign, verb) = match change.action {
                Action::Create => ("+".green(), "create"),
                Action::Change => ("~".yellow(), "change"),
                Action::Replace => ("±".red(), "replace"),
                Action::Delete => ("-".red(), "delete"),
            };
            let mut line = format!("{sign} {verb} {} {}", change.kind.as_str(), change.name);
            if !change.fields.is_empty() {
                line.push_str(&format!(" ({})", change.fields.join(", ")));
            }
            if let Some(note) = &change.note {
                line.push_str(&format!(": {note}"));
            }
            line
        })
        .collect();
    let count = |action: Action| {
        plan.changes
            .iter()
            .filter(|change| change.action == action)
            .count()
    };
    let (create, change, replace, delete) = (
        count(Action::Create),
        count(Action::Change),
        count(Action::Replace),
        count(Action::Delete),
    );
    let unchanged = plan.unchanged;
    let summary = if plan.dry_run {
        format!(
            "plan: {create} to create, {change} to change, {replace} to replace, {delete} to delete; {unchanged} unchanged (dry run: nothing was changed)"
        )
    } else {
        format!(
            "applied: {create} created, {change} changed, {replace} replaced, {delete} deleted; {unchanged} unchanged"
        )
    };
    lines.push(summary);
    lines
}

pub async fn export(args: ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let document = ctx.client.export_config().await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&document)?);
    }
    match args.format {
        Format::Json => Ok(ctx.out.line(&serde_json::to_string_pretty(&document)?)?),
        Format::Yaml => Ok(ctx.out.line(document::to_yaml(&document)?.trim_end())?),
    }
}
