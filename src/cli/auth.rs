//! `evbus auth`: the tokens of `serve --auth FILE`. Works on the file, not on a bus: the
//! bus reads it again on SIGHUP.

use std::path::PathBuf;

use crate::api::Pattern;
use crate::api::rights::Rights;
use crate::cli::exit::{Exit, ExitCode};
use crate::cli::output::Output;
use crate::server::auth::file::{self, AuthFile, Entry};

/// Named tokens with rights, for `serve --auth FILE`.
///
/// The file keeps only each token's hash: `auth add` prints the new token once. After a
/// change, send the bus SIGHUP (`kill -HUP PID`) to have it read the file again.
///
/// Examples:
///   evbus auth add ci --publish 'order.*' --file /etc/evbus/auth.json
///   evbus auth add billing --consume 'billing-*' --subscribe 'order.>' --file auth.json
///   evbus auth add ops --read --admin --file auth.json
///   evbus auth list --file auth.json
///   evbus auth remove ci --file auth.json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct AuthArgs {
    #[command(subcommand)]
    pub command: AuthCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum AuthCommand {
    /// Make a token with these rights; prints it once
    Add {
        /// The token's name (what `status` and refusals call it)
        name: String,
        #[command(flatten)]
        rights: RightsArgs,
        #[command(flatten)]
        file: FileArg,
    },
    /// List the tokens and their rights (never the tokens)
    List {
        #[command(flatten)]
        file: FileArg,
    },
    /// Remove a token: the bus refuses it once it has read the file again
    Remove {
        /// The token's name
        name: String,
        #[command(flatten)]
        file: FileArg,
    },
}

#[derive(Debug, clap::Args)]
pub struct FileArg {
    /// The auth file (created by the first `auth add`)
    #[arg(long, env = "EVBUS_AUTH_FILE", value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RightsArgs {
    /// Emit on topics matching this pattern (repeatable)
    #[arg(long, value_name = "PATTERN")]
    pub publish: Vec<Pattern>,
    /// Read events on topics matching this pattern: tail, replay to stdout, request
    /// (repeatable)
    #[arg(long, value_name = "PATTERN")]
    pub subscribe: Vec<Pattern>,
    /// Pull, settle and reply for this group, a name or a glob like billing-* (repeatable)
    #[arg(long, value_name = "GROUP")]
    pub consume: Vec<String>,
    /// Look at status, topics, groups, dead letters, replays, routes and schedules
    #[arg(long)]
    pub read: bool,
    /// Change groups, routes, schedules, dead letters and replays (implies --read)
    #[arg(long)]
    pub admin: bool,
}

pub fn run(args: AuthArgs, out: &Output) -> anyhow::Result<()> {
    match args.command {
        AuthCommand::Add { name, rights, file } => add(name, rights, &file.file, out),
        AuthCommand::List { file } => list(&file.file, out),
        AuthCommand::Remove { name, file } => {
            let mut auth = AuthFile::load(&file.file, false).map_err(Exit::usage)?;
            let before = auth.tokens.len();
            auth.tokens.retain(|entry| entry.name != name);
            if auth.tokens.len() == before {
                return Err(Exit(
                    ExitCode::NotFound,
                    format!("no token '{name}' in {}", file.file.display()),
                )
                .into());
            }
            auth.save(&file.file)?;
            if out.is_json() {
                return Ok(out.json(&serde_json::json!({ "removed": name }))?);
            }
            Ok(out.line(&format!(
                "removed token {name}: send the bus SIGHUP to refuse it now"
            ))?)
        }
    }
}

fn add(name: String, args: RightsArgs, path: &std::path::Path, out: &Output) -> anyhow::Result<()> {
    let valid = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(Exit::usage(format!(
            "invalid token name '{name}': use 1 to 64 letters, digits, '-', '_' and '.'"
        )));
    }
    let rights = Rights {
        publish: args.publish,
        subscribe: args.subscribe,
        consume: args.consume,
        read: args.read || args.admin,
        admin: args.admin,
    };
    rights.validate().map_err(Exit::usage)?;
    if rights == Rights::default() {
        return Err(Exit::usage(
            "a token with no rights can do nothing: give --publish, --subscribe, --consume, --read or --admin",
        ));
    }
    let mut auth = AuthFile::load(path, true).map_err(Exit::usage)?;
    if auth.tokens.iter().any(|entry| entry.name == name) {
        return Err(Exit(
            ExitCode::Conflict,
            format!(
                "{} has a token '{name}' already: `evbus auth remove {name}` first",
                path.display()
            ),
        )
        .into());
    }
    let token = file::new_token();
    let summary = rights.summary();
    auth.tokens.push(Entry {
        name: name.clone(),
        hash: file::hash(&token),
        rights,
        created: crate::api::time::format_rfc3339_ms(crate::api::time::now_ms()),
    });
    auth.save(path)?;
    if out.is_json() {
        return Ok(out.json(&serde_json::json!({ "name": name, "token": token }))?);
    }
    out.line(&token)?;
    out.note(&format!(
        "token {name} may {summary}; it is shown only now. Send the bus SIGHUP to use it."
    ));
    Ok(())
}

fn list(path: &std::path::Path, out: &Output) -> anyhow::Result<()> {
    let auth = AuthFile::load(path, false).map_err(Exit::usage)?;
    if out.is_json() {
        let tokens: Vec<serde_json::Value> = auth
            .tokens
            .iter()
            .map(|entry| {
                serde_json::json!({ "name": entry.name, "rights": entry.rights, "created": entry.created })
            })
            .collect();
        return Ok(out.json(&tokens)?);
    }
    let rows = auth
        .tokens
        .iter()
        .map(|entry| {
            vec![
                entry.name.clone(),
                entry.rights.summary(),
                entry.created.clone(),
            ]
        })
        .collect();
    Ok(out.table(&["NAME", "MAY", "CREATED"], rows)?)
}
