//! The command line: one module per subcommand, each with its arguments and its `run`
//! side by side. This file only declares the commands and dispatches.

pub mod args;
pub mod bench;
pub mod consume;
pub mod dlq;
pub mod emit;
pub mod groups;
pub mod handler;
pub mod output;
pub mod serve;
pub mod status;
pub mod tail;
pub mod topics;

use clap::{Parser, Subcommand};

use crate::client::Client;
use output::{ColorChoice, Output, OutputFormat};

pub const DEFAULT_SERVER: &str = "http://127.0.0.1:7717";

/// An event bus and its command-line client in one binary.
#[derive(Debug, Parser)]
#[command(
    name = "evbus",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// URL of the bus to talk to
    #[arg(long, global = true, env = "EVBUS_URL", value_name = "URL", default_value = DEFAULT_SERVER)]
    pub server: String,
    /// Bearer token for the bus (for `serve`: the token clients must present)
    #[arg(
        long,
        global = true,
        env = "EVBUS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Output format: text for people, json for scripts
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        default_value = "text"
    )]
    pub output: OutputFormat,
    /// When to use colors (NO_COLOR is honoured under auto)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Serve(serve::ServeArgs),
    Emit(emit::EmitArgs),
    Tail(tail::TailArgs),
    Consume(consume::ConsumeArgs),
    Groups(groups::GroupsArgs),
    Dlq(dlq::DlqArgs),
    Topics(topics::TopicsArgs),
    Status(status::StatusArgs),
    Bench(bench::BenchArgs),
}

/// What every client command needs: a client for the bus and the output settings.
pub struct Context {
    pub client: Client,
    pub out: Output,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let out = Output::new(cli.global.output, cli.global.color);
    if let Command::Serve(args) = cli.command {
        return serve::run(args, cli.global.token, &out).await;
    }
    let client = Client::new(&cli.global.server, cli.global.token)?;
    let ctx = Context { client, out };
    match cli.command {
        Command::Serve(_) => unreachable!("serve returned above"),
        Command::Emit(args) => emit::run(args, &ctx).await,
        Command::Tail(args) => tail::run(args, &ctx).await,
        Command::Consume(args) => consume::run(args, &ctx).await,
        Command::Groups(args) => groups::run(args, &ctx).await,
        Command::Dlq(args) => dlq::run(args, &ctx).await,
        Command::Topics(args) => topics::run(args, &ctx).await,
        Command::Status(args) => status::run(args, &ctx).await,
        Command::Bench(args) => bench::run(args, &ctx).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
