//! `evbus groups`: create, list, show, delete and reset consumer groups.

use std::time::Duration;

use super::{Context, args};
use crate::api::Pattern;
use crate::api::group::{Backoff, GroupInfo, GroupSpec};
use crate::api::time::format_duration_exact;
use crate::bus::groups::parse_start;
use crate::cli::exit::Exit;
use crate::filter::JqFilter;

/// Manage consumer groups: durable, at-least-once delivery to competing members.
///
/// Examples:
///   evbus groups create billing --pattern 'order.*' --max-attempts 3 --backoff 1s..1m
///   evbus groups create ledger --pattern 'order.*' --ordered
///   evbus groups list
///   evbus groups show billing --output json | jq .lag
///   evbus groups reset billing --to beginning
///   evbus groups delete billing
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct GroupsArgs {
    #[command(subcommand)]
    pub command: Option<GroupsCommand>,
}

#[derive(Debug, clap::Subcommand)]
// Parsed once per process: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum GroupsCommand {
    /// List groups: pattern, pending retries, in flight, dead letters, lag, members
    List,
    /// Show one group: its policy, counts and members
    Show {
        /// Group name
        group: String,
    },
    /// Create a group; with --push, a push group whose member is a webhook
    Create {
        /// Group name: letters, digits, '-', '_' and '.'
        group: String,
        /// Topic pattern the group receives, e.g. order.* or order.>
        #[arg(long, value_name = "PATTERN")]
        pattern: Pattern,
        #[command(flatten)]
        policy: GroupPolicy,
        /// POST each event to this URL (CloudEvents binary mode); 2xx acks
        #[arg(long, value_name = "URL")]
        push: Option<String>,
        /// Sign each push with HMAC-SHA256 under this secret (evbus-signature header)
        #[arg(long, value_name = "SECRET", requires = "push")]
        secret: Option<String>,
        /// At most this many pushes per second (10 or 10/s)
        #[arg(long, value_name = "N/s", value_parser = args::rate, requires = "push")]
        rate: Option<f64>,
        /// At most this many pushes in flight [default: 10]
        #[arg(long, value_name = "N", requires = "push")]
        max_in_flight: Option<u32>,
        /// Send this header with every push, e.g. 'Authorization=Bearer T' (repeatable);
        /// stored, and shown masked
        #[arg(long, value_name = "K=V", requires = "push")]
        header: Vec<String>,
        /// Pause the group after this many failed pushes in a row; 0 never [default: 20]
        #[arg(long, value_name = "N", requires = "push")]
        pause_after: Option<u32>,
        /// While paused by failures, try one push this often; the first taken resumes
        /// the group [default: 1m]
        #[arg(long, value_name = "DUR", requires = "push")]
        probe_every: Option<String>,
    },
    /// Pause a group: it hands out nothing until resumed
    Pause {
        /// Group name
        group: String,
    },
    /// Resume a paused group
    Resume {
        /// Group name
        group: String,
    },
    /// Delete a group and its deliveries in progress (its dead letters stay)
    Delete {
        /// Group name
        group: String,
    },
    /// Move a group's cursor; deliveries in progress are dropped
    Reset {
        /// Group name
        group: String,
        /// beginning, new, a seq, a duration back (10m) or an RFC 3339 time
        #[arg(long, value_name = "POSITION")]
        to: String,
    },
    /// Give a push group a new signing secret (printed once); the old one signs too
    /// during --grace, so receivers can switch over
    RotateSecret {
        /// Group name
        group: String,
        /// How long the old secret signs as well; 0s stops it at once
        #[arg(long, value_name = "DUR", default_value = "24h")]
        grace: String,
        /// The new secret [default: a random one]
        #[arg(long, value_name = "SECRET")]
        secret: Option<String>,
    },
}

/// How a group selects events and retries them; shared by `groups create` and `consume`.
#[derive(Debug, Clone, clap::Args)]
pub struct GroupPolicy {
    /// Only events for which this jq expression is true
    #[arg(long, value_name = "JQ")]
    pub filter: Option<String>,
    /// Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]
    #[arg(long, value_name = "POSITION", value_parser = start)]
    pub start: Option<String>,
    /// Attempts before an event is dead-lettered [default: 5]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: Option<u32>,
    /// Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]
    #[arg(long, value_name = "MIN..MAX", value_parser = backoff)]
    pub backoff: Option<Backoff>,
    /// How long a member holds a delivery before it is redelivered [default: 30s]
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub ack_timeout: Option<Duration>,
    /// One event per ordering key (partitionkey, emit --key) in flight at a time, in log order
    #[arg(long)]
    pub ordered: bool,
}

fn start(text: &str) -> Result<String, String> {
    parse_start(text).map(|_| text.to_owned())
}

fn backoff(text: &str) -> Result<Backoff, String> {
    text.parse()
}

impl GroupPolicy {
    /// The group to create, named `name`, receiving `pattern`.
    pub fn spec(&self, name: &str, pattern: &Pattern) -> anyhow::Result<GroupSpec> {
        if let Some(filter) = &self.filter {
            JqFilter::compile(filter).map_err(Exit::usage)?;
        }
        Ok(GroupSpec {
            name: name.to_owned(),
            pattern: pattern.to_string(),
            filter: self.filter.clone(),
            start: self.start.clone(),
            max_attempts: self.max_attempts,
            backoff: self.backoff.map(|backoff| backoff.to_string()),
            ack_timeout: self.ack_timeout.map(format_duration_exact),
            ordered: self.ordered,
            ..GroupSpec::default()
        })
    }
}

pub async fn run(args: GroupsArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command.unwrap_or(GroupsCommand::List) {
        GroupsCommand::List => {
            let groups = ctx.client.groups().await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&groups)?);
            }
            let rows = groups
                .into_iter()
                .map(|group| {
                    let pattern = if group.ordered {
                        format!("{} (ordered)", group.pattern)
                    } else {
                        group.pattern
                    };
                    let name = match (group.paused, group.probing) {
                        (true, true) => format!("{} (paused: probing)", group.name),
                        (true, false) => format!("{} (paused)", group.name),
                        _ => group.name,
                    };
                    vec![
                        name,
                        pattern,
                        group.pending.to_string(),
                        group.in_flight.to_string(),
                        group.dead.to_string(),
                        group.lag.to_string(),
                        group.members.len().to_string(),
                    ]
                })
                .collect();
            let header = [
                "GROUP",
                "PATTERN",
                "PENDING",
                "IN FLIGHT",
                "DEAD",
                "LAG",
                "MEMBERS",
            ];
            Ok(ctx.out.table(&header, rows)?)
        }
        GroupsCommand::Show { group } => show(&ctx.client.group(&group).await?, ctx),
        GroupsCommand::Pause { group } => show(&ctx.client.pause_group(&group).await?, ctx),
        GroupsCommand::Resume { group } => show(&ctx.client.resume_group(&group).await?, ctx),
        GroupsCommand::Create {
            group,
            pattern,
            policy,
            push,
            secret,
            rate,
            max_in_flight,
            pause_after,
            probe_every,
            header,
        } => {
            let mut headers = std::collections::BTreeMap::new();
            for pair in &header {
                let (name, value) = pair
                    .split_once('=')
                    .ok_or_else(|| Exit::usage(format!("--header '{pair}' is not K=V")))?;
                headers.insert(name.trim().to_owned(), value.to_owned());
            }
            let spec = GroupSpec {
                headers,
                push,
                secret,
                rate,
                max_in_flight,
                pause_after,
                probe_every,
                ..policy.spec(&group, &pattern)?
            };
            let info = ctx.client.create_group(&spec).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            ctx.out.line(&format!(
                "created group {} on {} from seq {}",
                info.name, info.pattern, info.cursor
            ))?;
            Ok(())
        }
        GroupsCommand::Delete { group } => {
            ctx.client.delete_group(&group).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&serde_json::json!({ "deleted": group }))?);
            }
            Ok(ctx.out.line(&format!("deleted group {group}"))?)
        }
        GroupsCommand::RotateSecret {
            group,
            grace,
            secret,
        } => {
            let rotate = crate::api::group::Rotate {
                grace: Some(grace),
                secret,
            };
            let rotated = ctx.client.rotate_secret(&group, &rotate).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&rotated)?);
            }
            ctx.out.line(&rotated.secret)?;
            ctx.out.note(&match &rotated.previous_until {
                Some(until) => format!(
                    "the new secret of {group}, shown only now; the old one signs too until {until}"
                ),
                None => format!(
                    "the new secret of {group}, shown only now; the old one no longer signs"
                ),
            });
            Ok(())
        }
        GroupsCommand::Reset { group, to } => {
            parse_start(&to).map_err(Exit::usage)?;
            let info = ctx.client.reset_group(&group, &to).await?;
            if ctx.out.is_json() {
                return Ok(ctx.out.json(&info)?);
            }
            Ok(ctx.out.line(&format!(
                "group {} now starts at seq {}",
                info.name, info.cursor
            ))?)
        }
    }
}

fn show(group: &GroupInfo, ctx: &Context) -> anyhow::Result<()> {
    if ctx.out.is_json() {
        return Ok(ctx.out.json(group)?);
    }
    let mut rows = vec![
        ("group", group.name.clone()),
        ("pattern", group.pattern.clone()),
        ("filter", group.filter.clone().unwrap_or_else(|| "-".into())),
        ("max attempts", group.max_attempts.to_string()),
        ("backoff", group.backoff.clone()),
        ("ack timeout", group.ack_timeout.clone()),
        ("created", group.created.clone()),
        ("cursor", group.cursor.to_string()),
        ("lag", group.lag.to_string()),
        ("in flight", group.in_flight.to_string()),
        ("pending", group.pending.to_string()),
        ("dead", group.dead.to_string()),
        ("completed", group.completed.to_string()),
        ("push", group.push.clone().unwrap_or_else(|| "-".into())),
        (
            "push headers",
            if group.headers.is_empty() {
                "-".into()
            } else {
                group
                    .headers
                    .iter()
                    .map(|(name, value)| format!("{name}: {value}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "paused",
            match (group.paused, group.probing) {
                (true, true) => {
                    "true (its pushes failed; one is tried at a time until one is taken)".into()
                }
                (paused, _) => paused.to_string(),
            },
        ),
        ("ordered", group.ordered.to_string()),
    ];
    if let Some(keys) = &group.keys {
        rows.push(("keys in flight", keys.in_flight.to_string()));
        rows.push(("waiting for key", keys.waiting.to_string()));
        rows.push(("keys blocked", keys.blocked_count.to_string()));
        for blocked in &keys.blocked {
            rows.push((
                "blocked key",
                format!(
                    "{} (event {} failed attempt {}, retry at {})",
                    blocked.key, blocked.seq, blocked.attempts, blocked.retry_at
                ),
            ));
        }
    }
    for member in &group.members {
        rows.push((
            "member",
            format!(
                "{} ({} in flight, last seen {})",
                member.name, member.in_flight, member.last_seen
            ),
        ));
    }
    Ok(ctx.out.fields(&rows)?)
}
