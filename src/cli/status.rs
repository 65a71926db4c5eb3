//! `evbus status`: what the bus is and how big its log is.

use std::time::Duration;

use super::Context;
use crate::api::time::format_duration;

/// Show the bus's version, engine, data dir, log size and uptime.
///
/// Examples:
///   evbus status
///   evbus status --output json | jq .last_seq
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct StatusArgs {}

pub async fn run(_args: StatusArgs, ctx: &Context) -> anyhow::Result<()> {
    let status = ctx.client.status().await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&status)?);
    }
    let optional = |value: Option<u64>| value.map_or("-".to_owned(), |value| value.to_string());
    let mut rows = vec![
        ("server", ctx.client.base_url().to_owned()),
        ("version", status.version),
        ("engine", status.engine),
        match &status.nats {
            Some(nats) => ("nats", nats_summary(nats)),
            None => (
                "data dir",
                status.data_dir.unwrap_or_else(|| "(in memory)".into()),
            ),
        },
        ("fsync", status.fsync),
        ("events", status.events.to_string()),
        ("log bytes", status.log_bytes.to_string()),
        ("first seq", optional(status.first_seq)),
        ("last seq", optional(status.last_seq)),
        ("open streams", status.open_streams.to_string()),
        ("memory (RSS)", optional(status.rss_bytes)),
        (
            "uptime",
            format_duration(Duration::from_millis(status.uptime_ms)),
        ),
    ];
    if let Some(health) = &status.health {
        let figure = |path: &[&str]| {
            let value = path.iter().fold(health, |value, key| &value[key]);
            if value.is_null() {
                "-".to_owned()
            } else {
                value.to_string()
            }
        };
        rows.push((
            "health",
            format!(
                "{} at {}",
                figure(&["status"]),
                figure(&["time"]).trim_matches('"')
            ),
        ));
        rows.push(("disk free", figure(&["disk_free_bytes"])));
        rows.push((
            "commit ms",
            format!(
                "p50 {} p99 {}",
                figure(&["commit_ms", "p50"]),
                figure(&["commit_ms", "p99"])
            ),
        ));
        rows.push(("dead letters", figure(&["dead_letters"])));
    }
    if let Some(caller) = &status.caller {
        let token = match &caller.token {
            Some(name) => format!("{name}: may {}", caller.rights.summary()),
            None => "none needed: this bus lets anyone do anything".to_owned(),
        };
        rows.push(("token", token));
    }
    Ok(ctx.out.fields(&rows)?)
}

/// `nats://… (nats-server 2.9.10, connected), prefix P: P_EVENTS 3 msgs R1, …`
fn nats_summary(nats: &crate::api::status::NatsStatus) -> String {
    let streams: Vec<String> = nats
        .streams
        .iter()
        .map(|stream| {
            format!(
                "{} {} msgs R{}",
                stream.name, stream.messages, stream.replicas
            )
        })
        .collect();
    format!(
        "{} ({}, {}), prefix {}: {}",
        nats.url,
        nats.server,
        if nats.connected {
            "connected"
        } else {
            "disconnected"
        },
        nats.prefix,
        streams.join(", ")
    )
}
