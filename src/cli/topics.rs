//! `evbus topics`: topics with event counts and last-seen times.

use super::Context;

/// List topics with event counts and last-seen times.
///
/// Examples:
///   evbus topics
///   evbus topics --output json | jq '.[] | select(.events > 1000) | .topic'
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TopicsArgs {}

pub async fn run(_args: TopicsArgs, ctx: &Context) -> anyhow::Result<()> {
    let topics = ctx.client.topics().await?;
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&topics)?);
    }
    let rows = topics
        .into_iter()
        .map(|topic| vec![topic.topic, topic.events.to_string(), topic.last_seen])
        .collect();
    Ok(ctx.out.table(&["TOPIC", "EVENTS", "LAST SEEN"], rows)?)
}
