//! Dead-letter tooling through the real binary: bulk requeue with a filter, drain that
//! survives being killed, purge that will not prompt without a terminal.

use std::collections::HashSet;
use std::io::Read;
use std::process::Stdio;

use evbus::api::dead_letter::DeadLetter;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus};
use crate::fixtures::emit_many;

/// A group `dead` whose first `count` events on `dead.x` are all dead letters.
fn bury(bus: &TestBus, count: usize) {
    evbus(bus)
        .args([
            "groups",
            "create",
            "dead",
            "--pattern",
            "dead.*",
            "--max-attempts",
            "1",
        ])
        .assert()
        .success();
    emit_many(&bus.url, "dead.x", count);
    evbus(bus)
        .args(["consume", "dead.*", "--group", "dead", "--concurrency", "8"])
        .args(["--timeout", "500ms", "--exec", "exit 1"])
        .assert()
        .code(5);
}

fn listed(bus: &TestBus) -> Vec<DeadLetter> {
    crate::fixtures::all_dead_letters(&bus.url)
}

fn requeue_all_takes_a_jq_filter_and_leaves_the_rest(bus: TestBus) {
    bury(&bus, 10);
    assert_eq!(listed(&bus).len(), 10);
    evbus(&bus)
        .args([
            "dlq",
            "requeue",
            "--all",
            "--group",
            "dead",
            "--filter",
            ".data.n < 4",
        ])
        .args(["--rate", "1000"])
        .assert()
        .success()
        .stdout(predicate::str::contains("requeued 4"));
    let mut left: Vec<u64> = listed(&bus)
        .iter()
        .map(|letter| {
            crate::fixtures::event_of(letter)["data"]["n"]
                .as_u64()
                .unwrap()
        })
        .collect();
    left.sort_unstable();
    assert_eq!(left, [4, 5, 6, 7, 8, 9]);
    let output = evbus(&bus)
        .args([
            "consume", "dead.*", "--group", "dead", "--count", "4", "--output", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.stdout.iter().filter(|&&b| b == b'\n').count(), 4);
}

/// `dlq drain` killed mid-way loses nothing: what it removed, it had written.
fn a_killed_drain_loses_nothing(bus: TestBus) {
    bury(&bus, 1_200);
    let mut drain = crate::common::bin()
        .args(["dlq", "drain"])
        .env("EVBUS_URL", &bus.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = drain.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drain.kill().unwrap();
    drain.wait().unwrap();
    let mut written = first.to_vec();
    stdout.read_to_end(&mut written).unwrap();
    let rest = evbus(&bus).args(["dlq", "drain"]).output().unwrap();
    assert!(rest.status.success());
    written.extend_from_slice(&rest.stdout);
    let mut ns = HashSet::new();
    for line in String::from_utf8(written).unwrap().lines() {
        // A kill can cut the last line of a page short; that page was not purged.
        if let Ok(event) = serde_json::from_str::<Value>(line) {
            assert_eq!(event["type"], "dead.x", "drain writes the original events");
            ns.insert(event["data"]["n"].as_u64().unwrap());
        }
    }
    assert_eq!(ns.len(), 1_200, "every dead letter was written out");
    assert!(listed(&bus).is_empty());
}

fn drained_events_are_accepted_back_by_emit_batch(bus: TestBus) {
    bury(&bus, 3);
    let drained = evbus(&bus).args(["dlq", "drain"]).output().unwrap();
    evbus(&bus)
        .args(["groups", "delete", "dead"])
        .assert()
        .success();
    // Re-emitted under new ids so the dedup window does not fold them into the originals.
    let renamed: String = String::from_utf8(drained.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut event: Value = serde_json::from_str(line).unwrap();
            event["id"] = format!("again-{}", event["id"].as_str().unwrap()).into();
            format!("{event}\n")
        })
        .collect();
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin(renamed)
        .assert()
        .success()
        .stdout(predicate::str::contains("3"));
}

fn purge_refuses_to_prompt_without_a_terminal(bus: TestBus) {
    bury(&bus, 2);
    evbus(&bus)
        .args(["dlq", "purge", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(listed(&bus).len(), 2, "nothing purged");
    evbus(&bus)
        .args(["dlq", "purge", "--all", "--yes", "--output", "json"])
        .assert()
        .success()
        .stdout("{\"purged\":2}\n");
    assert!(listed(&bus).is_empty());
}

crate::on_every_engine!(
    requeue_all_takes_a_jq_filter_and_leaves_the_rest,
    a_killed_drain_loses_nothing,
    drained_events_are_accepted_back_by_emit_batch,
    purge_refuses_to_prompt_without_a_terminal,
);
