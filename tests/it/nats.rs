//! The local NATS the JetStream tests run on: a fresh stream prefix per test, deleted
//! afterwards. Without NATS the tests skip with a printed reason, unless
//! `EVBUS_REQUIRE_NATS` is set (as `.ci/run` does): then a missing NATS fails them.
//! `EVBUS_TEST_NATS=HOST:PORT` runs them on another NATS (another version, say).

use std::time::Duration;

use evbus::engine::nats::{NatsConfig, streams_of};

/// Where the tests find NATS with JetStream: the development machines' own, unless
/// `EVBUS_TEST_NATS` names another.
fn nats_address() -> String {
    std::env::var("EVBUS_TEST_NATS").unwrap_or_else(|_| "127.0.0.1:4222".into())
}

pub fn nats_url() -> String {
    format!("nats://{}", nats_address())
}

/// A bus prefix of its own on the local NATS; its streams go when this drops.
pub struct NatsPrefix {
    pub prefix: String,
}

impl NatsPrefix {
    /// `None` (after saying why) when there is no NATS here and none is required.
    pub fn new() -> Option<Self> {
        let address = nats_address();
        let reachable = address
            .parse()
            .map_err(|err| format!("EVBUS_TEST_NATS: {err}"))
            .and_then(|socket| {
                std::net::TcpStream::connect_timeout(&socket, Duration::from_secs(2))
                    .map_err(|err| err.to_string())
            });
        if let Err(err) = reachable {
            let reason = format!("no NATS at {address} ({err})");
            if std::env::var_os("EVBUS_REQUIRE_NATS").is_some() {
                panic!("{reason}, and EVBUS_REQUIRE_NATS is set: start nats-server -js");
            }
            eprintln!("skipping: {reason}; start nats-server -js to run the JetStream tests");
            return None;
        }
        Some(Self {
            prefix: format!("t{:016x}", fastrand::u64(..)),
        })
    }

    pub fn config(&self) -> NatsConfig {
        NatsConfig {
            url: nats_url(),
            prefix: self.prefix.clone(),
            replicas: 1,
            ..NatsConfig::default()
        }
    }

    /// `evbus serve` flags for this prefix.
    pub fn serve_args(&self) -> Vec<String> {
        vec![
            "--engine".into(),
            nats_url(),
            "--nats-prefix".into(),
            self.prefix.clone(),
        ]
    }
}

impl Drop for NatsPrefix {
    fn drop(&mut self) {
        let streams = streams_of(&self.prefix);
        // Its own thread and runtime: drop may run inside or outside a runtime.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let Ok(client) = async_nats::connect(nats_url()).await else {
                    return;
                };
                let context = async_nats::jetstream::new(client);
                for stream in streams {
                    let _ = context.delete_stream(&stream).await;
                }
            });
        })
        .join();
    }
}

/// A NATS server of a test's own (for stopping it under a running bus), on a free port
/// with its store in a temp dir; killed when dropped.
pub struct PrivateNats {
    pub url: String,
    port: u16,
    dir: tempfile::TempDir,
    /// More `nats-server` flags (authentication, say).
    extra: Vec<String>,
    child: Option<std::process::Child>,
}

impl PrivateNats {
    /// `None` (after saying why) when no `nats-server` binary is here and none is required.
    pub fn start() -> Option<Self> {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> Option<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut nats = Self {
            url: format!("nats://127.0.0.1:{port}"),
            port,
            dir: tempfile::tempdir().unwrap(),
            extra: extra.iter().map(|arg| arg.to_string()).collect(),
            child: None,
        };
        if nats.resume().is_err() {
            let reason = "no nats-server binary to start";
            if std::env::var_os("EVBUS_REQUIRE_NATS").is_some() {
                panic!("{reason}, and EVBUS_REQUIRE_NATS is set: install nats-server");
            }
            eprintln!("skipping: {reason}");
            return None;
        }
        Some(nats)
    }

    /// Starts the server (again, on the same port and store) and waits until it listens.
    pub fn resume(&mut self) -> std::io::Result<()> {
        let binary = ["nats-server", "/usr/sbin/nats-server"]
            .into_iter()
            .find(|binary| {
                std::process::Command::new(binary)
                    .arg("--version")
                    .output()
                    .is_ok()
            })
            .ok_or(std::io::ErrorKind::NotFound)?;
        let child = std::process::Command::new(binary)
            .args([
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-js",
                "-sd",
            ])
            .arg(self.dir.path())
            .args(&self.extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let address = format!("127.0.0.1:{}", self.port).parse().unwrap();
        crate::common::eventually("nats-server listens", Duration::from_secs(10), || {
            std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200))
        });
        Ok(())
    }

    /// SIGKILL, as a crashed or unplugged NATS.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateNats {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Three NATS servers of a test's own clustered on loopback (JetStream on each): what
/// `--nats-replicas 3` runs on. Each node can be killed and resumed on its own.
pub struct NatsCluster {
    pub nodes: Vec<PrivateNats>,
}

impl NatsCluster {
    /// `None` (after saying why) when no `nats-server` binary is here and none is required.
    pub fn start() -> Option<Self> {
        let ports: Vec<u16> = (0..3)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect::<Vec<_>>()
            .iter()
            .map(|listener| listener.local_addr().unwrap().port())
            .collect();
        let routes = ports
            .iter()
            .map(|port| format!("nats://127.0.0.1:{port}"))
            .collect::<Vec<_>>()
            .join(",");
        let mut nodes = Vec::new();
        for (index, port) in ports.iter().enumerate() {
            let name = format!("n{index}");
            let cluster = format!("nats://127.0.0.1:{port}");
            let node = PrivateNats::start_with(&[
                "-n",
                &name,
                "--cluster_name",
                "evbus-test",
                "--cluster",
                &cluster,
                "--routes",
                &routes,
            ])?;
            nodes.push(node);
        }
        Some(Self { nodes })
    }
}
