//! `evbus routes`: bus-side rules that forward matching events to a topic or a group.

use super::Context;
use crate::api::route::RouteSpec;
use crate::api::{Pattern, Topic};
use crate::cli::exit::Exit;
use crate::filter::JqFilter;

/// Routes forward each event matching a pattern (and jq filter), exactly once, to a topic
/// (a new event with causationid = the original id) or straight to a group. They act on
/// events from when they are added. A route that would close a cycle is refused.
///
/// Examples:
///   evbus routes add eu-orders --pattern 'order.*' --filter '.data.region == "eu"' --to-group billing-eu
///   evbus routes add audit --pattern 'payment.>' --to-topic audit.payment
///   evbus routes list
///   evbus routes remove audit
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct RoutesArgs {
    #[command(subcommand)]
    pub command: Option<RoutesCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum RoutesCommand {
    /// List routes with how far each has forwarded
    List,
    /// Add a route
    Add {
        /// Route name
        name: String,
        /// Topic pattern of the events to forward
        #[arg(long, value_name = "PATTERN")]
        pattern: Pattern,
        /// Only events for which this jq expression is true
        #[arg(long, value_name = "JQ")]
        filter: Option<String>,
        /// Forward as a new event on this topic
        #[arg(long, value_name = "TOPIC", group = "target", required = true)]
        to_topic: Option<Topic>,
        /// Forward straight to this group
        #[arg(long, value_name = "GROUP", group = "target", required = true)]
        to_group: Option<String>,
    },
    /// Remove a route
    Remove {
        /// Route name
        name: String,
    },
}

pub async fn run(args: RoutesArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command.unwrap_or(RoutesCommand::List) {
        RoutesCommand::List => {
            let routes = ctx.client.routes().await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&routes)?);
            }
            let rows = routes
                .into_iter()
                .map(|route| {
                    let target = match (&route.spec.to_topic, &route.spec.to_group) {
                        (Some(topic), _) => format!("topic {topic}"),
                        (_, Some(group)) => format!("group {group}"),
                        _ => "-".into(),
                    };
                    vec![
                        route.spec.name,
                        route.spec.pattern,
                        route.spec.filter.unwrap_or_else(|| "-".into()),
                        target,
                        route.forwarded.to_string(),
                    ]
                })
                .collect();
            Ok(ctx
                .out
                .table(&["ROUTE", "PATTERN", "FILTER", "TO", "FORWARDED"], rows)?)
        }
        RoutesCommand::Add {
            name,
            pattern,
            filter,
            to_topic,
            to_group,
        } => {
            if let Some(filter) = &filter {
                JqFilter::compile(filter).map_err(Exit::usage)?;
            }
            let spec = RouteSpec {
                name,
                pattern: pattern.to_string(),
                filter,
                to_topic: to_topic.map(|topic| topic.to_string()),
                to_group,
            };
            let info = ctx.client.add_route(&spec).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            Ok(ctx.out.line(&format!("added route {}", info.spec.name))?)
        }
        RoutesCommand::Remove { name } => {
            ctx.client.remove_route(&name).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&serde_json::json!({ "removed": name }))?);
            }
            Ok(ctx.out.line(&format!("removed route {name}"))?)
        }
    }
}
