//! `evbus bench --engine …`: a bus of the bench's own per engine, so engines are
//! measured side by side in one run, each on fresh storage that is removed afterwards.

use std::path::PathBuf;
use std::process::Stdio;

use anyhow::Context as _;
use tokio::io::AsyncBufReadExt as _;

use crate::cli::serve::EngineKind;

pub struct BenchBus {
    pub url: String,
    child: tokio::process::Child,
    cleanup: Cleanup,
}

enum Cleanup {
    None,
    Dir(PathBuf),
    /// The NATS URL and the bus prefix whose streams go afterwards.
    Nats(String, String),
}

impl BenchBus {
    /// `evbus serve` on `kind` and an ephemeral port, once it is listening.
    pub async fn start(kind: &EngineKind) -> anyhow::Result<Self> {
        let tag = format!("bench{:012x}", fastrand::u64(..) >> 16);
        let mut command = tokio::process::Command::new(std::env::current_exe()?);
        command.args(["serve", "--listen", "127.0.0.1:0", "--log-level", "warn"]);
        let cleanup = match kind {
            EngineKind::Memory => {
                command.arg("--memory");
                Cleanup::None
            }
            EngineKind::Embedded => {
                let dir = std::env::temp_dir().join(format!("evbus-{tag}"));
                command.arg("--data-dir").arg(&dir);
                Cleanup::Dir(dir)
            }
            EngineKind::Nats(url) => {
                command.args(["--engine", url, "--nats-prefix", &tag]);
                Cleanup::Nats(url.clone(), tag)
            }
        };
        let mut child = command
            .env_remove("EVBUS_DATA_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start evbus serve for the bench")?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        tokio::io::BufReader::new(stdout)
            .read_line(&mut line)
            .await?;
        let Some(url) = line
            .strip_prefix("listening on ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            anyhow::bail!("evbus serve for {kind:?} did not start (see its errors above)");
        };
        Ok(Self {
            url: url.to_owned(),
            child,
            cleanup,
        })
    }

    /// Stops the bus and removes what it stored.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = self.child.kill().await;
        match self.cleanup {
            Cleanup::None => {}
            Cleanup::Dir(dir) => std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove {}", dir.display()))?,
            Cleanup::Nats(url, prefix) => {
                let client = async_nats::connect(url.as_str()).await?;
                let context = async_nats::jetstream::new(client);
                for stream in crate::engine::nats::streams_of(&prefix) {
                    context.delete_stream(&stream).await?;
                }
            }
        }
        Ok(())
    }
}
