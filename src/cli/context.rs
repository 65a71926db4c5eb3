//! `evbus context`: named servers and tokens, so `--server` and `--token` need not be
//! repeated. Stored in the user's config directory, readable by the owner only.
//!
//! Precedence, for the server and the token alike: flag > environment (`EVBUS_URL`,
//! `EVBUS_TOKEN`) > context (`--context`, `EVBUS_CONTEXT`, else the one in use) > default.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::output::Output;
use crate::cli::exit::{Exit, ExitCode};

/// Named servers and tokens, used with --context NAME or `context use NAME`.
///
/// Settings are chosen flag first, then environment (EVBUS_URL, EVBUS_TOKEN), then the
/// context (--context, EVBUS_CONTEXT, else the one in use), then the default server.
/// Contexts live in ~/.config/evbus/contexts.json (owner-only permissions).
///
/// Examples:
///   evbus context add prod --server https://bus.example.com --token "$TOKEN"
///   evbus context add lab --server https://10.0.0.5:7717 --ca ./lab-ca.pem
///   evbus context use prod
///   evbus context list
///   evbus --context staging status
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
// The comment is the command's help text, printed as written.
#[allow(rustdoc::bare_urls)]
pub struct ContextArgs {
    #[command(subcommand)]
    pub command: Option<ContextCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ContextCommand {
    /// Add or replace a context; the first one added is put in use
    Add {
        /// Context name
        name: String,
        /// Use it from now on
        #[arg(long = "use")]
        make_current: bool,
    },
    /// Use this context from now on
    Use {
        /// Context name
        name: String,
    },
    /// List contexts; the one in use is marked
    List,
    /// Show a context (the one in use by default); the token is masked
    Show {
        /// Context name [default: the one in use]
        name: Option<String>,
    },
    /// Remove a context
    Remove {
        /// Context name
        name: String,
    },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The private CA (PEM) an https:// server's certificate is checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<PathBuf>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Contexts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Entry>,
}

fn path() -> anyhow::Result<PathBuf> {
    let dir =
        dirs::config_dir().context("no config directory for this user (set XDG_CONFIG_HOME)")?;
    Ok(dir.join("evbus").join("contexts.json"))
}

impl Contexts {
    pub fn load() -> anyhow::Result<Self> {
        let path = path()?;
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not valid: fix or remove it", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the file owner-only (it holds tokens), replacing it atomically.
    fn save(&self) -> anyhow::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        let path = path()?;
        let dir = path.parent().expect("the path has a parent");
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        crate::server::auth::file::write_private_json(&path, self)
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// The context to apply: the one named, else the one in use. Naming an unknown one is
    /// an error; having none is not.
    pub fn select(&self, named: Option<&str>) -> anyhow::Result<Option<(&str, &Entry)>> {
        let Some(name) = named.or(self.current.as_deref()) else {
            return Ok(None);
        };
        match self.contexts.get_key_value(name) {
            Some((name, entry)) => Ok(Some((name, entry))),
            None => Err(self.unknown(name)),
        }
    }

    fn unknown(&self, name: &str) -> anyhow::Error {
        Exit(
            ExitCode::NotFound,
            format!("no context '{name}': see `evbus context list`, or add it with `evbus context add {name} --server URL`"),
        )
        .into()
    }
}

fn masked(token: &Option<String>) -> String {
    match token {
        Some(_) => "(set)".into(),
        None => "-".into(),
    }
}

/// `server`, `token` and `ca` are what the command line gave (flags only, not
/// environment).
pub fn run(
    args: ContextArgs,
    server: Option<String>,
    token: Option<String>,
    ca: Option<PathBuf>,
    out: &Output,
) -> anyhow::Result<()> {
    let mut contexts = Contexts::load()?;
    match args.command.unwrap_or(ContextCommand::List) {
        ContextCommand::Add { name, make_current } => {
            let server = server.ok_or_else(|| {
                Exit::usage(format!(
                    "context add needs --server, e.g. `evbus context add {name} --server http://host:7717`"
                ))
            })?;
            validate_server(&server)?;
            // Kept absolute, so the context works from any directory.
            let ca = ca
                .map(|ca| {
                    std::path::absolute(&ca).with_context(|| format!("--ca {}", ca.display()))
                })
                .transpose()?;
            contexts
                .contexts
                .insert(name.clone(), Entry { server, token, ca });
            if make_current || contexts.current.is_none() {
                contexts.current = Some(name.clone());
            }
            contexts.save()?;
            report(out, "added", &name)
        }
        ContextCommand::Use { name } => {
            if !contexts.contexts.contains_key(&name) {
                return Err(contexts.unknown(&name));
            }
            contexts.current = Some(name.clone());
            contexts.save()?;
            report(out, "using", &name)
        }
        ContextCommand::Remove { name } => {
            if contexts.contexts.remove(&name).is_none() {
                return Err(contexts.unknown(&name));
            }
            if contexts.current.as_deref() == Some(&name) {
                contexts.current = None;
            }
            contexts.save()?;
            report(out, "removed", &name)
        }
        ContextCommand::List => {
            let current = contexts.current.as_deref();
            if out.is_json() {
                let list: Vec<serde_json::Value> = contexts
                    .contexts
                    .iter()
                    .map(|(name, entry)| {
                        serde_json::json!({
                            "name": name, "server": entry.server,
                            "token": entry.token.is_some(), "current": Some(name.as_str()) == current,
                        })
                    })
                    .collect();
                return Ok(out.json(&list)?);
            }
            let rows = contexts
                .contexts
                .iter()
                .map(|(name, entry)| {
                    let mark = if Some(name.as_str()) == current {
                        "*"
                    } else {
                        ""
                    };
                    vec![
                        mark.into(),
                        name.clone(),
                        entry.server.clone(),
                        masked(&entry.token),
                    ]
                })
                .collect();
            Ok(out.table(&["CURRENT", "NAME", "SERVER", "TOKEN"], rows)?)
        }
        ContextCommand::Show { name } => {
            let Some((name, entry)) = contexts.select(name.as_deref())? else {
                return Err(Exit(
                    ExitCode::NotFound,
                    "no context in use: `evbus context use NAME`, or add one".into(),
                )
                .into());
            };
            if out.is_json() {
                return Ok(out.json(&serde_json::json!({
                    "name": name, "server": entry.server, "token": entry.token.is_some(),
                    "ca": entry.ca, "current": contexts.current.as_deref() == Some(name),
                }))?);
            }
            let ca = entry
                .ca
                .as_ref()
                .map_or_else(|| "-".to_owned(), |ca| ca.display().to_string());
            Ok(out.fields(&[
                ("name", name.to_owned()),
                ("server", entry.server.clone()),
                ("token", masked(&entry.token)),
                ("ca", ca),
            ])?)
        }
    }
}

fn validate_server(server: &str) -> anyhow::Result<()> {
    if server.starts_with("http://") || server.starts_with("https://") {
        Ok(())
    } else {
        Err(Exit::usage(format!(
            "invalid server '{server}': use a URL such as http://127.0.0.1:7717"
        )))
    }
}

fn report(out: &Output, what: &str, name: &str) -> anyhow::Result<()> {
    if out.is_json() {
        return Ok(out.json(&serde_json::json!({ what: name }))?);
    }
    Ok(out.line(&format!("{what} context {name}"))?)
}
