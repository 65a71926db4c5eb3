//! `evbus reply`: a responder: runs a handler per request and sends its output back.

use std::time::Duration;

use super::consume::{ConsumeArgs, Role, run_member};
use super::groups::GroupPolicy;
use super::{Context, args};
use crate::api::Pattern;

/// Answer requests: run CMD per request (via sh -c) with the request event on stdin; its
/// stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error
/// reply, which `evbus request` reports with a non-zero exit.
///
/// Responders with the same --group share the requests; the default group is named after
/// the pattern (reply.PATTERN), so several `evbus reply` on one pattern share the load.
///
/// Examples:
///   evbus reply math.add --exec 'jq "{sum: (.data.a + .data.b)}"'
///   evbus reply 'user.*' --exec ./lookup.sh --concurrency 8
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ReplyArgs {
    /// Topic pattern of the requests, e.g. math.add or user.*
    pub pattern: Pattern,
    /// Run this command per request
    #[arg(long, value_name = "CMD")]
    pub exec: String,
    /// The responders' group [default: reply.PATTERN]
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Requests handled at the same time by this responder
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub concurrency: u32,
    /// Kill a handler that runs longer than this; an error reply is sent
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub handler_timeout: Option<Duration>,
    /// Exit 0 after answering this many requests
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Exit with the timeout code when no request arrives for this long
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub timeout: Option<Duration>,
    /// Answer one request per ordering key (partitionkey) at a time, in order
    #[arg(long)]
    pub ordered: bool,
}

/// `reply.` and the pattern with its wildcards spelled out: a valid group name.
fn default_group(pattern: &Pattern) -> String {
    let tokens: Vec<&str> = pattern
        .as_str()
        .split('.')
        .map(|token| match token {
            "*" => "any",
            ">" => "all",
            other => other,
        })
        .collect();
    format!("reply.{}", tokens.join(".").trim_start_matches('$'))
}

pub async fn run(args: ReplyArgs, ctx: &Context) -> anyhow::Result<()> {
    let consume = ConsumeArgs {
        group: args
            .group
            .clone()
            .unwrap_or_else(|| default_group(&args.pattern)),
        pattern: args.pattern,
        exec: Some(args.exec),
        emit: None,
        concurrency: args.concurrency,
        handler_timeout: args.handler_timeout,
        count: args.count,
        timeout: args.timeout,
        member: None,
        policy: GroupPolicy {
            filter: None,
            start: None,
            // A request is answered once: a failure is an error reply, not a retry.
            max_attempts: Some(1),
            backoff: None,
            ack_timeout: None,
            ordered: args.ordered,
        },
    };
    run_member(consume, ctx, Role::Reply).await
}
