//! `evbus request`: send a request and wait for its reply.

use std::time::Duration;

use super::emit::EventArgs;
use super::output::printable_lines;
use super::{Context, args};
use crate::api::Topic;
use crate::cli::exit::{Exit, ExitCode};

/// Send a request and print its reply: the event gets a replyto inbox and a
/// correlationid; the first reply wins.
///
/// Exits 8 at once when nothing listens on the topic (no `evbus reply` member), 5 when no
/// reply comes in time, 1 when the responder's handler failed (its error on stderr).
///
/// Examples:
///   evbus request math.add --data '{"a": 2, "b": 3}'
///   evbus request user.lookup --data '{"id": 7}' --timeout 2s --output json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct RequestArgs {
    /// Topic of the request, e.g. math.add
    pub topic: Topic,
    #[command(flatten)]
    pub event: EventArgs,
    /// How long to wait for the reply (at most 60s)
    #[arg(long, value_name = "DUR", value_parser = args::duration, default_value = "5s")]
    pub timeout: Duration,
}

pub async fn run(args: RequestArgs, ctx: &Context) -> anyhow::Result<()> {
    if args.timeout.is_zero() || args.timeout > Duration::from_secs(60) {
        return Err(Exit::usage("--timeout must be above zero and at most 60s"));
    }
    let event = args.event.build(&args.topic, &[]).await?;
    let reply = ctx
        .client
        .send_request(event.to_json(), args.timeout)
        .await?;
    let parsed: serde_json::Value = serde_json::from_str(reply.get())?;
    let failed = parsed["replystatus"] == "error";
    if ctx.out.is_json() {
        ctx.out.raw_line(reply.get().as_bytes())?;
    } else if !failed {
        match &parsed["data"] {
            serde_json::Value::String(text) => ctx.out.line(&printable_lines(text))?,
            serde_json::Value::Null => {}
            data => ctx.out.line(&data.to_string())?,
        }
    }
    if failed {
        let error = parsed["data"]["error"]
            .as_str()
            .unwrap_or("the responder failed");
        return Err(Exit(ExitCode::Failure, format!("the responder failed: {error}")).into());
    }
    Ok(())
}
