//! The local NATS the JetStream tests run on: a fresh stream prefix per test, deleted
//! afterwards. Without NATS the tests skip with a printed reason, unless
//! `EVBUS_REQUIRE_NATS` is set (as `.ci/run` does): then a missing NATS fails them.

use std::time::Duration;

use evbus::engine::nats::{NatsConfig, streams_of};

/// Where the development machines run NATS with JetStream.
pub const NATS_URL: &str = "nats://127.0.0.1:4222";
const NATS_ADDRESS: &str = "127.0.0.1:4222";

/// A bus prefix of its own on the local NATS; its streams go when this drops.
pub struct NatsPrefix {
    pub prefix: String,
}

impl NatsPrefix {
    /// `None` (after saying why) when there is no NATS here and none is required.
    pub fn new() -> Option<Self> {
        let address = NATS_ADDRESS.parse().unwrap();
        if let Err(err) = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)) {
            let reason = format!("no NATS at {NATS_ADDRESS} ({err})");
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
            url: NATS_URL.into(),
            prefix: self.prefix.clone(),
            replicas: 1,
            ..NatsConfig::default()
        }
    }

    /// `evbus serve` flags for this prefix.
    pub fn serve_args(&self) -> Vec<String> {
        vec![
            "--engine".into(),
            NATS_URL.into(),
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
                let Ok(client) = async_nats::connect(NATS_URL).await else {
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
