//! W3C trace context through the real binary: an event's `traceparent` reaches its
//! handler's environment, and what it causes (`--emit`, an `evbus emit` inside the
//! handler, a route's copy) stays in the same trace.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{BIN, TestBus, evbus};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn history(bus: &TestBus, topic: &str) -> Value {
    let output = evbus(bus)
        .args([
            "tail",
            topic,
            "--from-start",
            "--count",
            "1",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn trace_context_follows_an_event_through_handlers_and_routes(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("env");
    evbus(&bus)
        .args(["routes", "add", "copy", "--pattern", "trace.in"])
        .args(["--to-topic", "trace.routed"])
        .assert()
        .success();
    crate::fixtures::create_group(&bus.url, "traced", "trace.in", &[]);
    evbus(&bus)
        .args(["emit", "trace.in", "--data", "{}", "--attr"])
        .arg(format!("traceparent={PARENT}"))
        .args(["--attr", "tracestate=vendor=1"])
        .assert()
        .success();
    let handler = format!(
        "echo \"$TRACEPARENT $TRACESTATE\" > {seen}; {BIN} emit trace.nested --data 1 >/dev/null; echo '{{\"ok\":true}}'",
        seen = seen.display()
    );
    evbus(&bus)
        .args(["consume", "trace.in", "--group", "traced", "--count", "1"])
        .args(["--timeout", "20s"])
        .args(["--exec", &handler, "--emit", "trace.out"])
        .env("EVBUS_URL", &bus.url)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap().trim(),
        format!("{PARENT} vendor=1"),
        "the handler's environment"
    );
    let parent_ids: Vec<String> = ["trace.out", "trace.nested"]
        .iter()
        .map(|topic| {
            let event = history(&bus, topic);
            let traceparent = event["traceparent"].as_str().unwrap_or_default();
            let parts: Vec<&str> = traceparent.split('-').collect();
            assert_eq!(parts.len(), 4, "{topic}: {event}");
            assert_eq!(parts[1], TRACE_ID, "{topic} is in the same trace");
            assert_ne!(traceparent, PARENT, "{topic} has a parent id of its own");
            assert_eq!(event["tracestate"], "vendor=1", "{topic}");
            parts[2].to_owned()
        })
        .collect();
    assert_ne!(parent_ids[0], parent_ids[1]);
    crate::common::eventually(
        "the route copies the event",
        std::time::Duration::from_secs(10),
        || {
            let output = evbus(&bus)
                .args(["tail", "trace.routed", "--from-start", "--timeout", "200ms"])
                .args(["--output", "json"])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            crate::common::when(!text.trim().is_empty(), text)
        },
    );
    assert_eq!(history(&bus, "trace.routed")["traceparent"], PARENT);
}

fn a_bad_traceparent_is_refused_with_what_it_must_be(bus: TestBus) {
    evbus(&bus)
        .args(["emit", "trace.in", "--attr", "traceparent=00-abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'traceparent' must be W3C trace context",
        ));
}

crate::on_every_engine!(
    trace_context_follows_an_event_through_handlers_and_routes,
    a_bad_traceparent_is_refused_with_what_it_must_be,
);
