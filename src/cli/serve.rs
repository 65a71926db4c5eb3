//! `evbus serve`: open the engine, bind, print one ready line, serve until Ctrl-C/SIGTERM.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;

use super::args;
use super::output::Output;
use crate::bus::{Bus, BusConfig};
use crate::cli::exit::Exit;
use crate::engine::{self, EngineConfig, EngineOptions, Fsync, Retention};

/// Run the bus in the foreground.
///
/// Prints one ready line on stdout (`listening on http://…`, with the web console's URL,
/// or a JSON object under `--output json`) and logs to stderr. Ctrl-C or SIGTERM stops it gracefully.
///
/// Examples:
///   evbus serve
///   evbus serve --listen 127.0.0.1:0 --data-dir /tmp/bus
///   evbus serve --memory --listen 0.0.0.0:7717 --token-file /run/secrets/evbus \
///     --tls-cert /etc/evbus/cert.pem --tls-key /etc/evbus/key.pem
///   evbus serve --engine nats://127.0.0.1:4222 --nats-prefix orders
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7717")]
    pub listen: String,
    /// Where the log lives [default: the user's data directory, e.g. ~/.local/share/evbus]
    #[arg(long, env = "EVBUS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Keep everything in memory: a throwaway bus (same as --engine memory)
    #[arg(long, conflicts_with_all = ["data_dir", "engine"])]
    pub memory: bool,
    /// Where the bus keeps its data: embedded (a local file), memory, or
    /// nats://HOST:PORT (NATS JetStream; several servers on one NATS are one bus)
    #[arg(long, env = "EVBUS_ENGINE", value_name = "ENGINE", value_parser = engine_kind, default_value = "embedded")]
    pub engine: EngineKind,
    #[command(flatten)]
    pub nats: NatsArgs,
    /// always: fsync before every acknowledgement (survives a power cut); never: survives
    /// a crash of evbus only
    #[arg(long, value_enum, value_name = "WHEN", default_value = "always")]
    pub fsync: FsyncArg,
    /// How long a (source, id) pair is remembered so a re-sent event is not stored twice
    #[arg(long, value_name = "DUR", value_parser = args::duration, default_value = "2m")]
    pub dedup_window: Duration,
    /// Largest event accepted, as stored
    #[arg(long, value_name = "SIZE", value_parser = args::byte_size, default_value = "1MiB")]
    pub max_event_size: u64,
    /// Drop events older than this (e.g. 7d)
    #[arg(long, value_name = "DUR", value_parser = args::duration)]
    pub retention: Option<Duration>,
    /// Drop the oldest events while the log is bigger than this (e.g. 10GiB)
    #[arg(long, value_name = "SIZE", value_parser = args::byte_size)]
    pub retention_bytes: Option<u64>,
    /// Read the token clients must present from this file
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Named tokens with their rights (written by `evbus auth add`); re-read on SIGHUP.
    /// --token, if also given, keeps every right
    #[arg(long, value_name = "FILE")]
    pub auth: Option<PathBuf>,
    /// Serve HTTPS with this certificate (PEM, the server's own first, then its chain);
    /// re-read on SIGHUP
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM); re-read on SIGHUP
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Where push groups may POST besides public addresses, when the bus listens off
    /// loopback: a network (10.1.0.0/16), an address or a host name (repeatable). A bus
    /// on loopback may push anywhere
    #[arg(long, value_name = "CIDR|HOST")]
    pub push_allow: Vec<String>,
    /// Allow listening on a non-loopback address without TLS or without a token
    #[arg(long)]
    pub insecure: bool,
    /// Also answer requests whose Host is this name (besides IP addresses, localhost and
    /// this machine's name); `*.example.com` allows its subdomains, `*` any host
    #[arg(long, value_name = "HOST")]
    pub allow_host: Vec<String>,
    /// Connections open at once; one more is answered 503 (the open-file limit is raised
    /// to fit)
    #[arg(long, value_name = "N", default_value_t = crate::server::MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Close a connection that sends no request (or its headers) for this long
    #[arg(long, value_name = "DUR", value_parser = args::duration, default_value = "30s")]
    pub idle_timeout: Duration,
    /// How often to emit $evbus.health (status, groups, resources); 0 turns it off
    #[arg(long, value_name = "DUR", value_parser = args::duration, default_value = "30s")]
    pub health_interval: Duration,
    /// Emit $evbus.warning.disk when free space under the data dir drops below this
    #[arg(long, value_name = "SIZE", value_parser = args::byte_size, default_value = "1GiB")]
    pub disk_warning: u64,
    /// Emit $evbus.warning.lag when a group is more than this many events behind; 0: never
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub lag_warning: u64,
    /// Apply this topology file (what `evbus apply -f` reads) at start; a bad file, or
    /// one that cannot be applied, and the bus does not start (exit 2)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load this snapshot (what `evbus snapshot save` writes) at start, into an empty bus
    /// (the same snapshot again, after a restart, changes nothing); a bad file, or a bus
    /// that holds something already, and the bus does not start (exit 2)
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Log level for stderr (RUST_LOG overrides it)
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    pub log_level: String,
}

/// `--fsync`, as the engine's [`Fsync`] (engines know nothing of clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FsyncArg {
    /// fsync before every acknowledgement (group commit): survives a power cut.
    Always,
    /// leave flushing to the OS: survives a crash of evbus, not of the machine.
    Never,
}

impl From<FsyncArg> for Fsync {
    fn from(arg: FsyncArg) -> Self {
        match arg {
            FsyncArg::Always => Fsync::Always,
            FsyncArg::Never => Fsync::Never,
        }
    }
}

/// What `--engine` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineKind {
    Embedded,
    Memory,
    /// A NATS server URL (or a comma-separated list of a cluster's).
    Nats(String),
}

pub(crate) fn engine_kind(text: &str) -> Result<EngineKind, String> {
    match text {
        "embedded" => Ok(EngineKind::Embedded),
        "memory" => Ok(EngineKind::Memory),
        url if url.starts_with("nats://") || url.starts_with("tls://") => {
            // One server, or a cluster's: `nats://a:4222,nats://b:4222`.
            for server in url.split(',').map(str::trim) {
                server.parse::<async_nats::ServerAddr>().map_err(|err| {
                    format!("'{server}' is not a NATS server URL ({err}): use nats://HOST:PORT, comma-separated for a cluster")
                })?;
            }
            Ok(EngineKind::Nats(url.to_owned()))
        }
        other => Err(format!(
            "'{other}' is not an engine: use embedded, memory or nats://HOST:PORT"
        )),
    }
}

/// How to reach NATS when `--engine nats://…`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "NATS (with --engine nats://…)")]
pub struct NatsArgs {
    /// Names this bus's streams and subjects, so several buses can share one NATS
    #[arg(
        long,
        env = "EVBUS_NATS_PREFIX",
        value_name = "NAME",
        default_value = "evbus"
    )]
    pub nats_prefix: String,
    /// JetStream replicas of each stream (up to the cluster's size)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub nats_replicas: u8,
    /// NATS credentials file (JWT and NKey seed)
    #[arg(long, value_name = "FILE")]
    pub nats_creds: Option<PathBuf>,
    #[arg(
        long,
        env = "EVBUS_NATS_USER",
        value_name = "USER",
        requires = "nats_password"
    )]
    pub nats_user: Option<String>,
    #[arg(
        long,
        env = "EVBUS_NATS_PASSWORD",
        value_name = "PASSWORD",
        requires = "nats_user",
        hide_env_values = true
    )]
    pub nats_password: Option<String>,
    #[arg(
        long,
        env = "EVBUS_NATS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub nats_token: Option<String>,
    /// Require TLS to NATS
    #[arg(long)]
    pub nats_tls: bool,
    /// CA certificate to verify the NATS server with (implies --nats-tls)
    #[arg(long, value_name = "FILE")]
    pub nats_tls_ca: Option<PathBuf>,
    /// Client certificate for mutual TLS (with --nats-tls-key)
    #[arg(long, value_name = "FILE", requires = "nats_tls_key")]
    pub nats_tls_cert: Option<PathBuf>,
    #[arg(long, value_name = "FILE", requires = "nats_tls_cert")]
    pub nats_tls_key: Option<PathBuf>,
}

impl NatsArgs {
    fn config(self, url: String) -> engine::nats::NatsConfig {
        engine::nats::NatsConfig {
            url,
            prefix: self.nats_prefix,
            replicas: self.nats_replicas as usize,
            creds: self.nats_creds,
            user: self.nats_user,
            password: self.nats_password,
            token: self.nats_token,
            tls_ca: self.nats_tls_ca,
            tls_cert: self.nats_tls_cert,
            tls_key: self.nats_tls_key,
            tls_required: self.nats_tls,
        }
    }
}

pub async fn run(args: ServeArgs, token: Option<String>, out: &Output) -> anyhow::Result<()> {
    init_logging(&args.log_level);
    let token = resolve_token(token, args.token_file.as_deref())?;
    // Read before anything opens, so a bad file starts nothing.
    let topology = args.config.as_deref().map(super::apply::load).transpose()?;
    let snapshot = match &args.snapshot {
        Some(path) => Some(std::fs::read(path).map_err(|err| {
            Exit::usage(format!(
                "--snapshot {}: cannot read it: {err}",
                path.display()
            ))
        })?),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    if !address.ip().is_loopback() && !args.insecure {
        if token.is_none() && args.auth.is_none() {
            return Err(Exit::usage(format!(
                "refusing to listen on {address} without a token: pass --token, --token-file or --auth, or --insecure"
            )));
        }
        if args.tls_cert.is_none() {
            return Err(Exit::usage(format!(
                "refusing to listen on {address} without TLS (the token would cross the network in clear): pass --tls-cert and --tls-key, or --insecure"
            )));
        }
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(std::sync::Arc::new(
            crate::server::tls::Tls::load(cert, key).map_err(Exit::usage)?,
        )),
        _ => None,
    };
    // Off loopback, a group's creator must not reach through the bus what only the bus
    // can reach.
    let push_policy = if address.ip().is_loopback() {
        crate::bus::groups::PushPolicy::open()
    } else {
        crate::bus::groups::PushPolicy::guarded(&args.push_allow, vec![address.ip()])
            .map_err(Exit::usage)?
    };
    let retention = Retention {
        max_age: args.retention,
        max_bytes: args.retention_bytes,
    };
    let kind = if args.memory {
        EngineKind::Memory
    } else {
        args.engine
    };
    let config = match kind {
        EngineKind::Memory => EngineConfig::Memory,
        EngineKind::Embedded => {
            let dir = match args.data_dir {
                Some(dir) => dir,
                None => dirs::data_dir()
                    .context("no user data directory here: pass --data-dir")?
                    .join("evbus"),
            };
            EngineConfig::Embedded {
                dir,
                fsync: args.fsync.into(),
            }
        }
        EngineKind::Nats(url) => {
            if args.data_dir.is_some() {
                return Err(Exit::usage(
                    "--data-dir is for the embedded engine; NATS keeps the data of --engine nats://…",
                ));
            }
            engine::nats::validate_prefix(&args.nats.nats_prefix).map_err(Exit::usage)?;
            EngineConfig::Nats(Box::new(args.nats.config(url)))
        }
    };
    let engine = engine::open(
        &config,
        EngineOptions {
            dedup_window: args.dedup_window,
            retention,
        },
    )
    .await?;
    // Idle until set up: a snapshot's events come first in the log.
    let bus = Bus::open_idle(
        engine.clone(),
        BusConfig {
            max_event_size: args.max_event_size as usize,
            retention,
            health_interval: args.health_interval,
            disk_warning_bytes: args.disk_warning,
            lag_warning: args.lag_warning,
            push_policy,
            ..BusConfig::default()
        },
    )
    .await?;
    if let (Some(snapshot), Some(path)) = (snapshot, &args.snapshot) {
        match bus.load_snapshot(&snapshot).await {
            Ok(counts) if counts.already => {
                tracing::info!(snapshot = %path.display(), "loaded before: nothing changed")
            }
            Ok(counts) => tracing::info!(
                snapshot = %path.display(),
                "loaded {}",
                super::snapshot::summary(&counts)
            ),
            Err(err) => {
                let _ = bus.close().await;
                return Err(Exit::usage(format!("--snapshot {}: {err}", path.display())));
            }
        }
    }
    bus.start_tasks();
    if let (Some(document), Some(path)) = (topology, &args.config) {
        let options = crate::api::config::ApplyOptions::default();
        match bus.apply_config(document, options).await {
            Ok(plan) => {
                for line in super::apply::plan_lines(&plan) {
                    tracing::info!(config = %path.display(), "{line}");
                }
            }
            Err(err) => {
                let _ = bus.close().await;
                return Err(Exit::usage(format!("--config {}: {err}", path.display())));
            }
        }
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{address}");
    if out.is_json() {
        out.json(&serde_json::json!({
            "listening": url,
            "console": format!("{url}/"),
            "engine": engine.name(),
            "data_dir": engine.data_dir(),
            "pid": std::process::id(),
        }))?;
    } else {
        out.line(&format!("listening on {url}  (console: {url}/)"))?;
    }
    tracing::info!(%url, engine = engine.name(), data_dir = ?engine.data_dir(), "evbus is serving");
    anyhow::ensure!(
        args.max_connections > 0,
        Exit::usage("--max-connections must be at least 1")
    );
    anyhow::ensure!(
        !args.idle_timeout.is_zero(),
        Exit::usage("--idle-timeout must be more than 0")
    );
    let auth = crate::server::auth::Auth::new(token, args.auth.as_deref())
        .map_err(Exit::usage)?
        .map(std::sync::Arc::new);
    let options = crate::server::ServerOptions {
        auth,
        hosts: crate::server::AllowedHosts::new(&args.allow_host),
        limits: crate::server::Limits {
            max_connections: args.max_connections,
            idle_timeout: args.idle_timeout,
        },
        tls,
    };
    crate::server::run(
        listener,
        bus,
        options,
        crate::server::shutdown::shutdown_signal(),
    )
    .await
}

fn resolve_token(
    flag: Option<String>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<Option<String>> {
    match (flag, file) {
        (Some(_), Some(_)) => Err(Exit::usage("give --token or --token-file, not both")),
        (Some(token), None) if token.trim().is_empty() => Err(Exit::usage(
            "--token is empty: give a secret, or leave --token out for a bus without one",
        )),
        (Some(token), None) => Ok(Some(token)),
        (None, Some(path)) => {
            let token = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read token file {}", path.display()))?;
            let token = token.trim().to_owned();
            anyhow::ensure!(!token.is_empty(), "token file {} is empty", path.display());
            Ok(Some(token))
        }
        (None, None) => Ok(None),
    }
}

/// evbus's own lines at `level`, others' warnings; the NATS client's own error lines are
/// left out: evbus reports what they mean in one line of its own.
fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("evbus={level},async_nats=off,warn"))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
