//! The bus's own events on `$evbus.>`: lifecycle, health, warnings, with the documented
//! shapes; `status` and `/metrics` carry the same figures.

use std::time::Duration;

use serde_json::Value;

use crate::common::{ChildBus, evbus_at, get_json, status, tail_json};
use crate::fixtures::emit_many;

fn first_of(events: &[Value], topic: &str) -> Value {
    events
        .iter()
        .find(|event| event["type"] == topic)
        .unwrap_or_else(|| panic!("no {topic} among {events:?}"))["data"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_health_and_warnings_appear_with_their_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let flags = [
        "--health-interval",
        "200ms",
        "--lag-warning",
        "3",
        "--disk-warning",
        "1000000TB",
    ];
    let mut server = ChildBus::start(dir.path(), &flags);
    let url = server.url.clone();
    let events = tokio::task::spawn_blocking(move || {
        emit_many(&url, "lag.x", 5);
        evbus_at(&url)
            .args([
                "groups",
                "create",
                "slow",
                "--pattern",
                "lag.*",
                "--start",
                "beginning",
            ])
            .assert()
            .success();
        // started, group.created, then a health tick with both warnings.
        let mut events = tail_json(&url, &["$evbus.>", "--from-start", "--count", "5"]);
        while !events
            .iter()
            .any(|event| event["type"] == "$evbus.warning.lag")
        {
            events = tail_json(
                &url,
                &[
                    "$evbus.>",
                    "--from-start",
                    "--count",
                    &(events.len() + 1).to_string(),
                ],
            );
        }
        events
    })
    .await
    .unwrap();
    let started = first_of(&events, "$evbus.server.started");
    assert_eq!(started["engine"], "embedded");
    assert_eq!(started["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(started["data_dir"], dir.path().display().to_string());
    let health = first_of(&events, "$evbus.health");
    for field in [
        "status",
        "open_streams",
        "events",
        "log_bytes",
        "rss_bytes",
        "disk_free_bytes",
        "dead_letters",
        "time",
    ] {
        assert!(!health[field].is_null(), "health lacks {field}: {health}");
    }
    assert!(health["commit_ms"]["p99"].is_number(), "{health}");
    assert_eq!(
        health["groups"]["slow"]["lag"].as_u64().map(|lag| lag >= 5),
        Some(true)
    );
    let disk = first_of(&events, "$evbus.warning.disk");
    assert!(disk["disk_free_bytes"].as_u64().unwrap() < disk["threshold_bytes"].as_u64().unwrap());
    let lag = first_of(&events, "$evbus.warning.lag");
    assert_eq!(
        (lag["group"].as_str(), lag["threshold"].as_u64()),
        (Some("slow"), Some(3))
    );
    let plain = tail_json(&server.url, &["--from-start", "--count", "1"]);
    assert_eq!(
        plain[0]["type"], "lag.x",
        "`>` leaves the bus's own events out"
    );

    let status = status(&server.url);
    assert_eq!(status["health"]["status"], "ok");
    assert!(status["health"]["groups"]["slow"].is_object());
    let metrics =
        crate::common::text_of(crate::common::http().get(format!("{}/metrics", server.url))).await;
    assert!(
        metrics.contains("evbus_group_lag{group=\"slow\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("evbus_disk_free_bytes"));

    server.signal("TERM");
    assert!(server.wait_exit(Duration::from_secs(10)).success());
    let restarted = ChildBus::start(dir.path(), &["--health-interval", "0"]);
    let (_, status) = get_json(&format!("{}/v1/status", restarted.url)).await;
    assert!(
        status["health"].is_null(),
        "no health before the first tick"
    );
    let url = restarted.url.clone();
    let all = tokio::task::spawn_blocking(move || {
        tail_json(&url, &["$evbus.server.>", "--from-start", "--count", "3"])
    })
    .await
    .unwrap();
    let kinds: Vec<&str> = all
        .iter()
        .map(|event| event["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "$evbus.server.started",
            "$evbus.server.stopping",
            "$evbus.server.started"
        ]
    );
    assert_eq!(all[1]["data"]["engine"], "embedded");
}
