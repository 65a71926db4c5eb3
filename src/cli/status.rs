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
    let rows = [
        ("server", ctx.client.base_url().to_owned()),
        ("version", status.version),
        ("engine", status.engine),
        (
            "data dir",
            status.data_dir.unwrap_or_else(|| "(in memory)".into()),
        ),
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
    Ok(ctx.out.fields(&rows)?)
}
