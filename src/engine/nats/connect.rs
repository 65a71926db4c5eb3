//! How `evbus serve --engine nats://…` reaches NATS: the server URL, the credentials and
//! TLS files NATS users already have, and the prefix that keeps one bus's streams apart
//! from another's on the same NATS.

use std::path::PathBuf;
use std::time::Duration;

use crate::engine::OpenError;

/// Everything needed to open the JetStream engine.
#[derive(Debug, Clone, Default)]
pub struct NatsConfig {
    /// `nats://HOST:PORT` (or `tls://…`); a comma-separated list reaches a cluster.
    pub url: String,
    /// Names this bus's streams (`PREFIX_EVENTS`, …) and subjects (`PREFIX.events.…`).
    pub prefix: String,
    /// JetStream replicas of every stream (1 on a single server; 3 on a cluster).
    pub replicas: usize,
    pub creds: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// CA file to verify the server with; implies TLS.
    pub tls_ca: Option<PathBuf>,
    /// Client certificate and key for mutual TLS.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_required: bool,
}

/// How long the first connection may take before `serve` gives up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A prefix names streams and subjects, so it takes the characters both allow.
pub fn validate_prefix(prefix: &str) -> Result<(), String> {
    let valid = !prefix.is_empty()
        && prefix.len() <= 32
        && prefix
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "NATS prefix '{prefix}' must be 1-32 letters, digits, '_' or '-'"
        ))
    }
}

impl NatsConfig {
    /// Connects once, failing fast with what to check; later losses reconnect forever.
    pub async fn connect(&self) -> anyhow::Result<async_nats::Client> {
        let mut options = async_nats::ConnectOptions::new()
            .name("evbus")
            .connection_timeout(CONNECT_TIMEOUT)
            .max_reconnects(None)
            .event_callback(|event| async move {
                match event {
                    async_nats::Event::Connected => tracing::info!("connected to NATS"),
                    async_nats::Event::Disconnected => {
                        tracing::warn!("lost NATS; requests fail with 503 until it is back")
                    }
                    other => tracing::debug!(%other, "NATS event"),
                }
            });
        if let Some(creds) = &self.creds {
            options = options.credentials_file(creds).await.map_err(|err| {
                OpenError::Settings(format!(
                    "cannot read NATS credentials {} ({err}): pass the .creds file nsc or your NATS provider gave you",
                    creds.display()
                ))
            })?;
        }
        match (&self.user, &self.password) {
            (Some(user), Some(password)) => {
                options = options.user_and_password(user.clone(), password.clone());
            }
            (None, None) => {}
            _ => {
                return Err(OpenError::Settings(
                    "give both --nats-user and --nats-password, or neither".into(),
                )
                .into());
            }
        }
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some(ca) = &self.tls_ca {
            options = options.add_root_certificates(ca.clone()).require_tls(true);
        }
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                options = options
                    .add_client_certificate(cert.clone(), key.clone())
                    .require_tls(true);
            }
            (None, None) => {}
            _ => {
                return Err(OpenError::Settings(
                    "give both --nats-tls-cert and --nats-tls-key, or neither".into(),
                )
                .into());
            }
        }
        if self.tls_required {
            options = options.require_tls(true);
        }
        // `nats://a:4222,nats://b:4222`: the servers of one cluster, any one will do.
        let servers: Vec<&str> = self
            .url
            .split(',')
            .map(str::trim)
            .filter(|server| !server.is_empty())
            .collect();
        let client = options.connect(servers).await.map_err(|err| {
            OpenError::Unreachable(format!(
                "cannot reach NATS at {} ({err}): start nats-server -js, or check --engine and the NATS credentials",
                self.url
            ))
        })?;
        Ok(client)
    }
}
