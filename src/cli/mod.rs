//! The command line: one module per subcommand, each with its arguments and its `run`
//! side by side. This file only declares the commands and dispatches.

pub mod apply;
pub mod args;
pub mod auth;
pub mod bench;
pub mod consume;
pub mod context;
pub mod dlq;
pub mod docs;
pub mod document;
pub mod emit;
pub mod exit;
pub mod expect;
pub mod follow;
pub mod groups;
pub mod handler;
pub mod output;
pub mod replay;
pub mod reply;
pub mod request;
pub mod routes;
pub mod schedules;
pub mod schemas;
pub mod serve;
pub mod snapshot;
pub mod status;
pub mod tail;
pub mod top;
pub mod topics;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::client::Client;
use output::{ColorChoice, Output, OutputFormat};

pub const DEFAULT_SERVER: &str = "http://127.0.0.1:7717";

/// The version line of `evbus --version`: the release and the commit it was built from.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("EVBUS_GIT_COMMIT"),
    ")"
);

/// What `evbus` alone prints: the common tasks.
pub const OVERVIEW: &str = "\
evbus: an event bus and its command-line client in one binary.

Common tasks:
  evbus serve                                     run the bus on 127.0.0.1:7717
  evbus emit order.created --data '{\"id\": 42}'    publish an event
  evbus tail 'order.*' --from-start               read history, then live events
  evbus consume 'order.*' --group billing --exec ./charge.sh
                                                  process each event once, with retries
  evbus dlq list                                  what a group gave up on, and why
  evbus trace 42                                  what event 42 caused, and each delivery
  evbus status                                    is the bus up, and how big is its log

Every command: --server URL, --token T, --context NAME, --output text|json.
More: `evbus --help` lists every command, `evbus COMMAND --help` shows its examples.
";

/// An event bus and its command-line client in one binary.
///
/// `evbus serve` runs a durable bus; the other commands talk to it over HTTP.
///
/// Examples:
///   evbus serve
///   evbus emit order.created --data '{"id": 42}'
///   evbus tail 'order.*' --from-start
///   evbus consume 'order.*' --group billing --exec ./charge.sh
#[derive(Debug, Parser)]
#[command(
    name = "evbus",
    version,
    propagate_version = true,
    max_term_width = 100,
    verbatim_doc_comment
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    /// Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present
    #[arg(long, global = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Trust this CA (PEM) for an https:// server, besides the system's roots [env: EVBUS_CA]
    #[arg(long, global = true, value_name = "FILE")]
    pub ca: Option<std::path::PathBuf>,
    /// Use this saved server and token (see `evbus context`)
    #[arg(long, global = true, env = "EVBUS_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
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
    Serve(Box<serve::ServeArgs>),
    Emit(emit::EmitArgs),
    Tail(tail::TailArgs),
    Consume(consume::ConsumeArgs),
    Groups(groups::GroupsArgs),
    Dlq(dlq::DlqArgs),
    Replay(replay::ReplayArgs),
    Request(request::RequestArgs),
    Reply(reply::ReplyArgs),
    Routes(routes::RoutesArgs),
    Schedules(schedules::SchedulesArgs),
    Schemas(schemas::SchemasArgs),
    Apply(apply::ApplyArgs),
    Export(apply::ExportArgs),
    Snapshot(snapshot::SnapshotArgs),
    Expect(expect::ExpectArgs),
    Get(follow::GetArgs),
    Trace(follow::TraceArgs),
    Why(follow::WhyArgs),
    Topics(topics::TopicsArgs),
    Status(status::StatusArgs),
    Top(top::TopArgs),
    Bench(bench::BenchArgs),
    Context(context::ContextArgs),
    Auth(auth::AuthArgs),
    Completions(docs::CompletionsArgs),
}

/// The whole command line as clap sees it, generated docs included: every command
/// without examples of its own borrows its parent's that name it.
pub fn command() -> clap::Command {
    assemble(Some(LONG_VERSION))
}

/// The command line with `long_version` on `--version` (before building, so every
/// subcommand gets it too).
pub(crate) fn assemble(long_version: Option<&'static str>) -> clap::Command {
    let mut root = Cli::command().long_version(long_version);
    root.build();
    docs::lend_examples(root)
}

/// Parses the process's arguments (exits with usage code 2 on a bad one). The examples
/// lent to nested commands matter only for help, so the full definition is built only
/// when help is asked for: every other run starts faster.
pub fn parse() -> Cli {
    let quick = Cli::command().long_version(LONG_VERSION).try_get_matches();
    let matches = match quick {
        Ok(matches) => matches,
        Err(err) => match err.kind() {
            clap::error::ErrorKind::DisplayHelp
            | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                command().get_matches()
            }
            _ => err.exit(),
        },
    };
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// Whether `command` needs worker threads (the server, the load generator); the other
/// commands are one client each and start faster on the current thread.
pub fn needs_threads(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Some(Command::Serve(_)) | Some(Command::Bench(_))
    )
}

/// What every client command needs: a client for the bus and the output settings.
pub struct Context {
    pub client: Client,
    pub out: Output,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let out = Output::new(cli.global.output, cli.global.color);
    let GlobalArgs {
        server,
        token,
        ca,
        context: context_name,
        ..
    } = cli.global;
    let Some(command) = cli.command else {
        return Ok(out.line(OVERVIEW.trim_end())?);
    };
    let command = match command {
        Command::Serve(args) => {
            return serve::run(*args, token.or_else(|| env("EVBUS_TOKEN")), &out).await;
        }
        Command::Context(args) => return context::run(args, server, token, ca, &out),
        Command::Completions(args) => return docs::print_completions(args, &out),
        Command::Auth(args) => return auth::run(args, &out),
        other => other,
    };
    // Flag, then environment, then the context, then the default.
    let contexts = context::Contexts::load()?;
    let saved = contexts
        .select(context_name.as_deref())?
        .map(|(_, entry)| entry);
    let server = server
        .or_else(|| env("EVBUS_URL"))
        .or_else(|| saved.map(|entry| entry.server.clone()))
        .unwrap_or_else(|| DEFAULT_SERVER.to_owned());
    let token = token
        .or_else(|| env("EVBUS_TOKEN"))
        .or_else(|| saved.and_then(|entry| entry.token.clone()));
    let ca = ca
        .or_else(|| env("EVBUS_CA").map(Into::into))
        .or_else(|| saved.and_then(|entry| entry.ca.clone()));
    let ca_pem = ca
        .map(|ca| {
            std::fs::read(&ca).map_err(|err| {
                exit::Exit::usage(format!("cannot read --ca {}: {err}", ca.display()))
            })
        })
        .transpose()?;
    let client = Client::with_ca(&server, token, ca_pem.as_deref())?;
    let ctx = Context { client, out };
    match command {
        Command::Emit(args) => emit::run(args, &ctx).await,
        Command::Tail(args) => tail::run(args, &ctx).await,
        Command::Consume(args) => consume::run(args, &ctx).await,
        Command::Groups(args) => groups::run(args, &ctx).await,
        Command::Dlq(args) => dlq::run(args, &ctx).await,
        Command::Replay(args) => replay::run(args, &ctx).await,
        Command::Request(args) => request::run(args, &ctx).await,
        Command::Reply(args) => reply::run(args, &ctx).await,
        Command::Routes(args) => routes::run(args, &ctx).await,
        Command::Schedules(args) => schedules::run(args, &ctx).await,
        Command::Schemas(args) => schemas::run(args, &ctx).await,
        Command::Apply(args) => apply::apply(args, &ctx).await,
        Command::Export(args) => apply::export(args, &ctx).await,
        Command::Snapshot(args) => snapshot::run(args, &ctx).await,
        Command::Expect(args) => expect::run(args, &ctx).await,
        Command::Top(args) => top::run(args, &ctx).await,
        Command::Get(args) => follow::get(args, &ctx).await,
        Command::Trace(args) => follow::trace(args, &ctx).await,
        Command::Why(args) => follow::why(args, &ctx).await,
        Command::Topics(args) => topics::run(args, &ctx).await,
        Command::Status(args) => status::run(args, &ctx).await,
        Command::Bench(args) => bench::run(args, &ctx).await,
        Command::Serve(_) | Command::Context(_) | Command::Auth(_) | Command::Completions(_) => {
            unreachable!("handled above")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }
}
