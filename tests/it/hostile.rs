//! Hostile input: jq filters that loop, recurse or grow, and data nested too deep. None
//! of it may crash or stall the bus; each is refused with a clear error for its own
//! request, group or route.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{ChildBus, TestBus, evbus, evbus_at, json_lines, ok_json_lines, tail_json};

/// Filters that never end, recurse without bound or grow without bound on any event.
const HOSTILE: &[&str] = &[
    "def f: 1 + f; f",
    "def f: f; f",
    "repeat(1) | select(false)",
    "[range(1e9)] | length > 0",
    r#"reduce range(64) as $i ("x"; . + .) | length > 0"#,
];

/// Passes the sample event a new filter is tried on, then recurses forever on any event
/// whose data says `bad`.
const HOSTILE_ON_BAD: &str = "if .data.bad then (def f: 1 + f; f) else true end";

fn emit(url: &str, topic: &str, data: &str) {
    evbus_at(url)
        .args(["emit", topic, "--data", data])
        .assert()
        .success();
}

fn nested_parens(depth: usize) -> String {
    format!("{}.data.n == 1{}", "(".repeat(depth), ")".repeat(depth))
}

#[test]
fn hostile_tail_filters_are_refused_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    emit(&bus.url, "x.y", r#"{"n":1}"#);
    for filter in HOSTILE {
        evbus_at(&bus.url)
            .args([
                "tail",
                "x.y",
                "--from-start",
                "--count",
                "1",
                "--filter",
                filter,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("exhausted its budget"));
    }
    // Nested a thousand deep (6 KB in the URL): valid, and answered.
    let events = tail_json(
        &bus.url,
        &[
            "x.y",
            "--from-start",
            "--count",
            "1",
            "--filter",
            &nested_parens(1000),
        ],
    );
    assert_eq!(events[0]["data"]["n"], 1);
    evbus_at(&bus.url)
        .args(["tail", "x.y", "--filter", &nested_parens(5000)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the 8192-byte limit"));
    emit(&bus.url, "x.y", r#"{"n":2}"#);
    assert_eq!(
        crate::fixtures::status(&bus.url).events,
        3,
        "the server is up and took the emit"
    );
}

#[test]
fn a_tail_whose_filter_exhausts_its_budget_on_one_event_ends_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    emit(&bus.url, "x.y", r#"{"bad":false}"#);
    emit(&bus.url, "x.y", r#"{"bad":true}"#);
    // Two at once: neither stalls the other, nor the emits in between.
    let tails: Vec<_> = (0..2)
        .map(|_| {
            crate::common::bin()
                .args(["tail", "x.y", "--from-start", "--output", "json"])
                .args(["--filter", HOSTILE_ON_BAD, "--timeout", "20s"])
                .env("EVBUS_URL", &bus.url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    emit(&bus.url, "x.y", r#"{"bad":false}"#);
    for tail in tails {
        let output = tail.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("evbus: event ")
                && stderr.contains("the jq filter exhausted its budget"),
            "{stderr}"
        );
        let seen = json_lines(&output.stdout);
        assert_eq!(seen.len(), 1, "the event before the bad one was delivered");
        assert_eq!(seen[0]["data"]["bad"], false);
    }
    assert_eq!(crate::fixtures::status(&bus.url).events, 4);
}

#[test]
fn data_nested_too_deep_is_refused_at_emit() {
    let bus = TestBus::start();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    evbus(&bus)
        .args(["emit", "x.y", "--data", &deep])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nests deeper than 64 levels"));
    let fine = format!("{}1{}", "[".repeat(64), "]".repeat(64));
    evbus(&bus)
        .args(["emit", "x.y", "--data", &fine])
        .assert()
        .success();
}

#[test]
fn a_route_skips_the_event_its_filter_cannot_decide_and_survives_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    let add = |filter: &str| {
        evbus_at(&bus.url)
            .args([
                "routes",
                "add",
                "copy",
                "--pattern",
                "in.*",
                "--to-topic",
                "out.x",
            ])
            .args(["--filter", filter])
            .assert()
    };
    add(HOSTILE[1])
        .code(2)
        .stderr(predicate::str::contains("exhausted its budget"));
    add(HOSTILE_ON_BAD).success();
    for (n, bad) in [(1, false), (2, true), (3, false)] {
        emit(&bus.url, "in.a", &format!(r#"{{"n":{n},"bad":{bad}}}"#));
    }
    let copies = tail_json(&bus.url, &["out.x", "--from-start", "--count", "2"]);
    let numbers: Vec<&Value> = copies.iter().map(|event| &event["data"]["n"]).collect();
    assert_eq!(numbers, [1, 3]);
    bus.kill_hard();
    let bus = ChildBus::start(dir.path(), &[]);
    emit(&bus.url, "in.a", r#"{"n":4,"bad":false}"#);
    let copies = tail_json(&bus.url, &["out.x", "--from-start", "--count", "3"]);
    assert_eq!(
        copies[2]["data"]["n"], 4,
        "the route runs after the restart"
    );
}

fn a_group_leaves_out_the_event_its_filter_cannot_decide(bus: TestBus) {
    evbus(&bus)
        .args([
            "groups",
            "create",
            "bad",
            "--pattern",
            "in.*",
            "--filter",
            HOSTILE[2],
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exhausted its budget"));
    evbus(&bus)
        .args([
            "groups",
            "create",
            "picky",
            "--pattern",
            "in.*",
            "--start",
            "beginning",
        ])
        .args(["--filter", HOSTILE_ON_BAD])
        .assert()
        .success();
    for (n, bad) in [(1, false), (2, true), (3, false)] {
        emit(&bus.url, "in.a", &format!(r#"{{"n":{n},"bad":{bad}}}"#));
    }
    let consumed = ok_json_lines(
        evbus(&bus)
            .args(["consume", "in.*", "--group", "picky", "--output", "json"])
            .args(["--count", "2", "--timeout", "10s"]),
    );
    let numbers: Vec<Value> = consumed
        .iter()
        .map(|event| event["data"]["n"].clone())
        .collect();
    assert_eq!(numbers, [1, 3]);
}

crate::on_every_engine!(a_group_leaves_out_the_event_its_filter_cannot_decide);

#[test]
fn tailing_a_hostile_event_cannot_drive_the_terminal() {
    let bus = TestBus::start();
    evbus(&bus)
        .args([
            "emit",
            "x.y",
            "--id",
            "\u{1b}]0;PWNED\u{7}",
            "--source",
            "/s",
        ])
        .args(["--data", r#""\u001b[2J\u001b[31mred""#])
        .assert()
        .success();
    let output = evbus(&bus)
        .args(["tail", "x.y", "--from-start", "--count", "1"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains(r"\x1b]0;PWNED\x07"), "{text:?}");
    assert!(text.contains(r"\x1b[2J\x1b[31mred"), "{text:?}");
}

#[tokio::test]
async fn a_batch_over_ten_thousand_events_is_refused_whole() {
    let bus = TestBus::start();
    let event = r#"{"type":"x.y","data":1}"#;
    let ndjson = format!("{event}\n").repeat(10_001);
    let array = format!("[{}]", [event; 10_001].join(","));
    for (content_type, body) in [
        ("application/x-ndjson", ndjson),
        ("application/cloudevents-batch+json", array),
    ] {
        let response = crate::common::http()
            .post(format!("{}/v1/events", bus.url))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{content_type}");
        let body: Value = response.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("over the 10000 a request may hold"),
            "{message}"
        );
    }
    let (_, status) = crate::common::get_json(&format!("{}/v1/status", bus.url)).await;
    assert_eq!(status["events"], 1, "only $evbus.server.started");
}
