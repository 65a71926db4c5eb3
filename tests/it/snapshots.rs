//! Snapshots through the real binary, on every engine: what `snapshot save` wrote of one
//! bus, loaded into a fresh one (`snapshot load`, or `serve --snapshot`), gives the same
//! events, groups with their cursors and what they had in progress, dead letters, routes,
//! schedules and schemas; a bus that holds something refuses one, and a bad snapshot
//! changes nothing.

use std::path::Path;
use std::time::Duration;

use evbus::api::group::{Delivery, Settlement};
use serde_json::Value;

use crate::common::{ChildBus, TestBus, evbus, evbus_at, logged, ok_json_lines};
use crate::fixtures::{create_group, dead_letters, emit_many, group, pull, settle};

/// Leases the next `count` events of `group` to `member`, however many pulls it takes.
fn pull_exactly(url: &str, group: &str, member: &str, count: usize) -> Vec<Delivery> {
    let mut pulled = Vec::new();
    crate::common::eventually("the events are leased", Duration::from_secs(20), || {
        pulled.extend(pull(
            url,
            group,
            member,
            count - pulled.len(),
            Duration::from_secs(2),
        ));
        crate::common::when(pulled.len() == count, pulled.len())
    });
    pulled
}

fn data_n(delivery: &Delivery) -> i64 {
    let event: Value = serde_json::from_str(delivery.event.get()).unwrap();
    event["data"]["n"].as_i64().unwrap()
}

/// Five orders; `billing` acked the first, rejected the second and holds the third;
/// `audit` is paused at the beginning; a route, a schedule and a schema.
fn a_bus_with_history(bus: &TestBus) {
    emit_many(&bus.url, "order.created", 5);
    create_group(&bus.url, "billing", "order.*", &["--max-attempts", "1"]);
    create_group(&bus.url, "audit", "order.*", &[]);
    evbus(bus)
        .args(["groups", "pause", "audit"])
        .assert()
        .success();
    let leased = pull_exactly(&bus.url, "billing", "m1", 3);
    assert_eq!(leased.iter().map(data_n).collect::<Vec<_>>(), [0, 1, 2]);
    let ack = settle(
        &bus.url,
        "billing",
        "m1",
        &[&leased[0].receipt],
        Settlement::Ack,
    );
    let reject = Settlement::Reject {
        error: "no such customer".into(),
    };
    let rejected = settle(&bus.url, "billing", "m1", &[&leased[1].receipt], reject);
    assert_eq!((ack, rejected), (1, 1));
    evbus(bus)
        .args(["routes", "add", "paid", "--pattern", "order.paid"])
        .args(["--to-topic", "ledger.entry"])
        .assert()
        .success();
    evbus(bus)
        .args(["emit", "report.due", "--in", "1h", "--data", "{}"])
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("order.json");
    std::fs::write(&schema, r#"{"type":"object","required":["n"]}"#).unwrap();
    evbus(bus)
        .args(["schemas", "add", "orders", "--pattern", "order.*", "--file"])
        .arg(&schema)
        .assert()
        .success();
}

fn save(url: &str, file: &Path) -> Value {
    ok_json_lines(
        evbus_at(url)
            .args(["snapshot", "save", "--output", "json"])
            .arg(file),
    )[0]
    .clone()
}

/// The orders in the log, as (seq, id, data).
fn orders(url: &str) -> Vec<(u64, String, Value)> {
    logged(url, "order.>")
        .into_iter()
        .map(|event| {
            (
                event["seq"].as_u64().unwrap(),
                event["id"].as_str().unwrap().to_owned(),
                event["data"].clone(),
            )
        })
        .collect()
}

fn names(url: &str, what: &str, key: &str) -> Vec<String> {
    let listed = ok_json_lines(evbus_at(url).args([what, "list", "--output", "json"]));
    let mut names: Vec<String> = listed[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry[key].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// What the loaded bus must show of the bus the snapshot came from. `same_seqs`: loaded
/// at start (`serve --snapshot`), so the events keep their seqs.
fn holds_what_was_saved(source: &TestBus, url: &str, same_seqs: bool) {
    let (before, after) = (orders(&source.url), orders(url));
    let without_seqs = |orders: &[(u64, String, Value)]| -> Vec<(String, Value)> {
        orders
            .iter()
            .map(|(_, id, data)| (id.clone(), data.clone()))
            .collect()
    };
    assert_eq!(without_seqs(&after), without_seqs(&before));
    if same_seqs {
        assert_eq!(after, before);
    }
    // The paused group is where it was: nothing of it was handed out.
    let audit = group(url, "audit");
    assert!(audit.paused);
    assert!(audit.cursor <= after[0].0, "{audit:?}");
    if same_seqs {
        assert_eq!(audit.cursor, group(&source.url, "audit").cursor);
    }
    // The dead letter is there, pointing at the same event, counted with its group.
    let (letters, saved) = (
        dead_letters(url, "billing"),
        dead_letters(&source.url, "billing"),
    );
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].id, saved[0].id);
    assert_eq!(letters[0].attempts[0].error, "no such customer");
    let dead_event = crate::fixtures::event_of(&letters[0]);
    let at = after
        .iter()
        .find(|(seq, _, _)| *seq == letters[0].seq)
        .expect("the dead letter's seq is the loaded event's");
    assert_eq!(dead_event["data"]["n"], 1);
    assert_eq!(at.2["n"], 1);
    assert_eq!(group(url, "billing").dead, 1);
    assert_eq!(names(url, "routes", "name"), ["paid"]);
    assert_eq!(names(url, "schedules", "topic"), ["report.due"]);
    assert_eq!(names(url, "schemas", "name"), ["orders"]);
    // `billing` goes on with what it had not finished: the event it held, then the rest.
    let rest = pull_exactly(url, "billing", "m2", 3);
    let mut ns: Vec<i64> = rest.iter().map(data_n).collect();
    ns.sort();
    assert_eq!(ns, [2, 3, 4]);
    assert!(pull(url, "billing", "m2", 10, Duration::from_millis(500)).is_empty());
}

fn a_snapshot_loads_into_a_fresh_bus_with_the_same_events_groups_and_dead_letters(bus: TestBus) {
    a_bus_with_history(&bus);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bus.ndjson");
    let saved = save(&bus.url, &file);
    assert_eq!(
        (&saved["groups"], &saved["dead_letters"], &saved["routes"]),
        (&2.into(), &1.into(), &1.into())
    );
    let fresh = bus.fresh();
    let loaded = ok_json_lines(
        evbus(&fresh)
            .args(["snapshot", "load", "--output", "json"])
            .arg(&file),
    )[0]
    .clone();
    assert_eq!(loaded["events"], saved["events"]);
    assert_eq!(loaded["dead_letters"], 1);
    // Loading it again changes nothing.
    evbus(&fresh)
        .args(["snapshot", "load"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("nothing changed"));
    holds_what_was_saved(&bus, &fresh.url, false);
    assert_eq!(logged(&fresh.url, "$evbus.snapshot.loaded").len(), 1);
    // A bus that holds something refuses a snapshot, and keeps what it has.
    evbus(&bus)
        .args(["snapshot", "load"])
        .arg(&file)
        .assert()
        .code(7)
        .stderr(predicates::str::contains(
            "load a snapshot into an empty bus",
        ));
    assert_eq!(dead_letters(&bus.url, "billing").len(), 1);
}

fn serve_snapshot_loads_at_start_with_the_same_seqs(bus: TestBus) {
    a_bus_with_history(&bus);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bus.ndjson");
    save(&bus.url, &file);
    let storage = bus.fresh_storage();
    let mut args = storage.serve_args();
    args.extend(["--snapshot".into(), file.display().to_string()]);
    let served = ChildBus::serve(&args);
    holds_what_was_saved(&bus, &served.url, true);
}

fn a_bad_snapshot_changes_nothing(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ndjson");
    let header = r#"{"snapshot":{"version":1}}"#;
    let cases = [
        (
            format!(
                "{header}\n{{\"event\":{{\"type\":\"a.b\"}}}}\n{{\"group\":{{\"spec\":{{\"name\":\"g\",\"pattern\":\"a.*\"}},\"cursor\":1,\"colour\":1}}}}\n"
            ),
            "line 3: unknown field `colour`",
        ),
        (
            format!(
                "{header}\n{{\"event\":{{\"seq\":5,\"type\":\"a.b\"}}}}\n{{\"event\":{{\"seq\":4,\"type\":\"a.c\"}}}}\n"
            ),
            "line 3: event seq 4 comes after seq 5",
        ),
        (
            r#"{"event":{"type":"a.b"}}"#.to_owned(),
            "line 1: no header first",
        ),
        (
            format!(
                "{header}\n{{\"route\":{{\"name\":\"r\",\"pattern\":\"a.*\",\"to_group\":\"nope\",\"position\":0,\"forwarded\":0,\"created\":\"2026-01-01T00:00:00Z\"}}}}\n"
            ),
            "routes to group 'nope'",
        ),
    ];
    for (text, expected) in cases {
        std::fs::write(&file, text).unwrap();
        evbus(&bus)
            .args(["snapshot", "load"])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(expected))
            .stderr(predicates::str::contains("nothing was loaded"));
    }
    assert!(logged(&bus.url, "a.>").is_empty());
    evbus(&bus).args(["groups", "show", "g"]).assert().code(4);
}

crate::on_every_engine!(
    a_snapshot_loads_into_a_fresh_bus_with_the_same_events_groups_and_dead_letters,
    serve_snapshot_loads_at_start_with_the_same_seqs,
    a_bad_snapshot_changes_nothing,
);

/// `serve --snapshot` with a bad file: one line, exit 2, and no bus.
#[test]
fn serve_refuses_a_bad_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ndjson");
    std::fs::write(&file, "{\"snapshot\":{\"version\":9}}\n").unwrap();
    let stderr = crate::common::serve_refuses(
        &[
            "--engine",
            "memory",
            "--listen",
            "127.0.0.1:0",
            "--snapshot",
        ],
        &file,
    );
    assert!(stderr.contains("this evbus reads version 1"), "{stderr}");
}
