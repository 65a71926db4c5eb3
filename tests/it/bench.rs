//! `evbus bench`'s raw peers, run for real on a small load: the figures come out, and each
//! evbus figure with a peer in the run carries its ratio to it. (What the figures are is
//! for people to read, not for a test to time.)

use std::time::Duration;

use serde_json::Value;

use crate::common::ok_json_lines;

/// `evbus bench ARGS… --output json` against a memory bus it starts, as JSON figures.
fn bench(args: &[&str]) -> Vec<Value> {
    let mut command = assert_cmd::Command::new(crate::common::BIN);
    command
        .args([
            "bench", "--engine", "memory", "--runs", "1", "--output", "json",
        ])
        .args(args)
        .timeout(Duration::from_secs(120));
    ok_json_lines(&mut command)[0].as_array().unwrap().clone()
}

fn figure<'a>(figures: &'a [Value], scenario: &str, metric: &str) -> &'a Value {
    figures
        .iter()
        .find(|figure| figure["scenario"] == scenario && figure["metric"] == metric)
        .unwrap_or_else(|| panic!("no {scenario} {metric} in {figures:?}"))
}

/// The ratio is the figure's median over its peer's, as printed.
fn held_against(figures: &[Value], scenario: &str, peer: (&str, &str)) {
    let measured = figure(figures, scenario, "events/s");
    let yardstick = figure(figures, peer.0, peer.1);
    assert_eq!(measured["peer"], format!("{} {}", peer.0, peer.1));
    let expected = measured["median"].as_f64().unwrap() / yardstick["median"].as_f64().unwrap();
    assert!((measured["ratio"].as_f64().unwrap() - expected).abs() < 1e-9);
}

#[test]
fn the_nats_baseline_measures_raw_jetstream_and_groups_are_held_against_it() {
    if crate::nats::NatsPrefix::new().is_none() {
        return;
    }
    let nats = crate::nats::nats_url();
    let figures = bench(&[
        "--scenario",
        "group",
        "--scenario",
        "nats-baseline",
        "--nats",
        &nats,
        "--events",
        "64",
        "--batch-events",
        "256",
        "--group-events",
        "256",
        "--members",
        "2",
        "--fetch",
        "32",
    ]);
    for metric in ["sync publish/s", "async publish/s", "durable pull/s"] {
        assert!(
            figure(&figures, "nats-baseline", metric)["median"]
                .as_f64()
                .unwrap()
                > 0.0
        );
    }
    held_against(&figures, "group", ("nats-baseline", "durable pull/s"));
}

/// A Redis of the test's own, durable as the comparison asks (`appendfsync always`).
struct Redis {
    child: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Redis {
    /// `None` (after saying why) without redis-server, unless `EVBUS_REQUIRE_REDIS`.
    fn start() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = std::process::Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
            ])
            .args(["--appendonly", "yes", "--appendfsync", "always", "--dir"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .spawn();
        let child = match started {
            Ok(child) => child,
            Err(err) if std::env::var_os("EVBUS_REQUIRE_REDIS").is_some() => {
                panic!("redis-server is required (EVBUS_REQUIRE_REDIS) but cannot start: {err}")
            }
            Err(err) => {
                eprintln!(
                    "skipping: no redis-server ({err}); install it to run the Redis peer test"
                );
                return None;
            }
        };
        let address = format!("127.0.0.1:{port}");
        let redis = Self {
            child,
            address,
            _dir: dir,
        };
        crate::common::eventually("redis-server listens", Duration::from_secs(10), || {
            let up = std::net::TcpStream::connect(&redis.address).is_ok();
            crate::common::when(up, ())
        });
        Some(redis)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_redis_baseline_measures_xadd_and_a_durable_publish_is_held_against_it() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let figures = bench(&[
        "--scenario",
        "publish",
        "--scenario",
        "redis-baseline",
        "--redis",
        &redis.address,
        "--events",
        "64",
        "--clients",
        "4",
    ]);
    assert!(
        figure(&figures, "redis-baseline", "xadd/s")["median"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    held_against(&figures, "publish", ("redis-baseline", "xadd/s"));
}
