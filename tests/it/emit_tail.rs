//! emit → tail through the real binary: wildcards, filters, positions, batches.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, all_events, evbus, status, tail_json, wait_for_open_streams};

fn emit(bus: &TestBus, topic: &str, data: &str) {
    evbus(bus)
        .args(["emit", topic, "--data", data])
        .assert()
        .success();
}

#[test]
fn emit_prints_seq_and_id_and_tail_sees_the_event() {
    let bus = TestBus::start();
    evbus(&bus)
        .args(["emit", "order.created", "--data", r#"{"id":1}"#])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^seq 2  id [0-9A-Z]{26}\n$").unwrap());
    let events = tail_json(&bus.url, &["order.*", "--from-start", "--count", "1"]);
    assert_eq!(events[0]["type"], "order.created");
    assert_eq!(events[0]["data"]["id"], 1);
    assert_eq!(events[0]["seq"], crate::common::FIRST_SEQ);
    assert_eq!(events[0]["specversion"], "1.0");
    assert_eq!(events[0]["source"], "evbus");
    assert!(events[0]["time"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn emit_json_output_is_the_stored_event_with_every_attribute() {
    let bus = TestBus::start();
    let output = evbus(&bus)
        .args([
            "emit",
            "user.signed-up",
            "--data",
            r#"{"n":1.50}"#,
            "--id",
            "u-1",
            "--source",
            "/web",
        ])
        .args([
            "--subject",
            "alice",
            "--attr",
            "tenant=acme",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(r#""data":{"n":1.50}"#),
        "data is kept byte for byte: {text}"
    );
    let event: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(event["id"], "u-1");
    assert_eq!(event["source"], "/web");
    assert_eq!(event["subject"], "alice");
    assert_eq!(event["tenant"], "acme");
    assert_eq!(event["seq"], crate::common::FIRST_SEQ);
}

#[test]
fn wildcards_select_topics_and_gt_skips_system_events() {
    let bus = TestBus::start();
    for topic in ["order.created", "order.created.eu", "order", "user.created"] {
        emit(&bus, topic, "{}");
    }
    let star = tail_json(&bus.url, &["order.*", "--from-start", "--count", "1"]);
    assert_eq!(star[0]["type"], "order.created");
    let rest = tail_json(&bus.url, &["order.>", "--from-start", "--count", "2"]);
    let topics: Vec<&str> = rest.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(topics, ["order.created", "order.created.eu"]);
    let two = tail_json(
        &bus.url,
        &["*.created", "order", "--from-start", "--count", "3"],
    );
    let topics: Vec<&str> = two.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(topics, ["order.created", "order", "user.created"]);
}

#[test]
fn filters_run_on_the_bus() {
    let bus = TestBus::start();
    for amount in [50, 150, 99, 300] {
        emit(&bus, "payment.done", &format!(r#"{{"amount":{amount}}}"#));
    }
    let big = tail_json(
        &bus.url,
        &[
            "payment.*",
            "--from-start",
            "--filter",
            ".data.amount > 100",
            "--count",
            "2",
        ],
    );
    let amounts: Vec<i64> = big
        .iter()
        .map(|e| e["data"]["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [150, 300]);
}

#[test]
fn positions_from_seq_and_since() {
    let bus = TestBus::start();
    for n in 1..=5 {
        emit(&bus, "p.q", &n.to_string());
    }
    let from3 = tail_json(&bus.url, &["--from-seq", "3", "--count", "3"]);
    let seqs: Vec<u64> = from3.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [3, 4, 5]);
    let recent = tail_json(&bus.url, &["--since", "1h", "--count", "5"]);
    assert_eq!(recent.len(), 5);
    evbus(&bus)
        .args([
            "tail",
            "--since",
            "2999-01-01T00:00:00Z",
            "--timeout",
            "300ms",
        ])
        .assert()
        .code(5);
}

#[test]
fn tail_from_now_sees_only_new_events() {
    let bus = TestBus::start();
    emit(&bus, "old.one", "1");
    let tail = crate::common::bin()
        .args([
            "tail",
            "--output",
            "json",
            "--count",
            "1",
            "--timeout",
            "20s",
        ])
        .env("EVBUS_URL", &bus.url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_open_streams(&bus.url, 1);
    emit(&bus, "new.one", "2");
    let output = tail.wait_with_output().unwrap();
    assert!(output.status.success());
    let event: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(event["type"], "new.one");
}

#[test]
fn batch_round_trips_tail_output_losslessly() {
    let source = TestBus::start();
    evbus(&source)
        .args([
            "emit",
            "a.b",
            "--data",
            r#"{"x":[1,2.50,"é"]}"#,
            "--attr",
            "ext1=v",
            "--id",
            "i-1",
        ])
        .assert()
        .success();
    evbus(&source)
        .args([
            "emit",
            "a.c",
            "--data",
            "plain words",
            "--content-type",
            "text/plain",
        ])
        .assert()
        .success();
    let dump = evbus(&source)
        .args(["tail", "--from-start", "--count", "2", "--output", "json"])
        .output()
        .unwrap()
        .stdout;

    let target = TestBus::start();
    evbus(&target)
        .args(["emit", "--batch"])
        .write_stdin(dump.clone())
        .assert()
        .success()
        .stdout("accepted 2 events (lines 1-2 committed)\n");
    let copy = evbus(&target)
        .args(["tail", "--from-start", "--count", "2", "--output", "json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        String::from_utf8(copy).unwrap(),
        String::from_utf8(dump).unwrap()
    );
}

#[test]
fn batch_with_a_topic_wraps_each_line_as_data() {
    let bus = TestBus::start();
    evbus(&bus)
        .args([
            "emit",
            "metric.sample",
            "--batch",
            "--chunk",
            "2",
            "--output",
            "json",
        ])
        .write_stdin("{\"v\":1}\n\n{\"v\":2}\n{\"v\":3}\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains(r#""accepted":3"#)
                .and(predicate::str::contains(r#""lines_committed":4"#)),
        );
    let events = all_events(&bus.url, 3);
    assert_eq!(events[2]["data"]["v"], 3);
}

#[test]
fn a_bad_batch_line_stops_the_run_and_says_what_was_committed() {
    let bus = TestBus::start();
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin("{\"type\":\"a.one\"}\n{\"type\":\"a.two\"}\n{\"type\":\"bad..topic\"}\n{\"type\":\"a.four\"}\n")
        .assert()
        .code(2)
        .stdout("accepted 2 events (lines 1-2 committed)\n")
        .stderr(predicate::str::contains("line 3:").and(predicate::str::contains("lines 1-2 were committed")));
    let events = all_events(&bus.url, 2);
    assert_eq!(events.len(), 2);
    evbus(&bus)
        .args(["tail", "--from-seq", "3", "--timeout", "300ms"])
        .assert()
        .code(5);
}

#[test]
fn resending_the_same_source_and_id_is_stored_once() {
    let bus = TestBus::start();
    let args = [
        "emit",
        "ci.deployed",
        "--id",
        "build-7",
        "--source",
        "ci",
        "--data",
        "{}",
    ];
    evbus(&bus)
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("seq 2"));
    evbus(&bus)
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::contains("duplicate of seq 2"));
    let events = crate::fixtures::status(&bus.url).events;
    assert_eq!(events, 2, "server.started and the one event");
}

#[test]
fn topics_and_status_report_counts() {
    let bus = TestBus::start();
    emit(&bus, "t.one", "1");
    emit(&bus, "t.one", "2");
    emit(&bus, "t.two", "3");
    let output = evbus(&bus)
        .args(["topics", "--output", "json"])
        .output()
        .unwrap();
    let topics: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(topics[0]["topic"], "t.one");
    assert_eq!(topics[0]["events"], 2);
    assert_eq!(topics[1]["events"], 1);
    evbus(&bus)
        .args(["topics"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "TOPIC\tEVENTS\tLAST SEEN\nt.one\t2\t",
        ));
    let status = status(&bus.url);
    assert_eq!(status["engine"], "memory");
    assert_eq!(
        (status["events"].as_u64(), status["last_seq"].as_u64()),
        (Some(4), Some(4)),
        "three events after $evbus.server.started"
    );
}

#[test]
fn tail_into_a_closed_pipe_exits_cleanly() {
    let bus = TestBus::start();
    // More output than a pipe buffers, so tail must notice the reader is gone.
    let lines: String = (0..5_000).map(|n| format!("{{\"n\":{n}}}\n")).collect();
    evbus(&bus)
        .args(["emit", "bulk.item", "--batch"])
        .write_stdin(lines)
        .assert()
        .success();
    let output = crate::common::isolated(std::process::Command::new("bash"))
        .arg("-c")
        .arg(format!(
            "timeout 20 {} tail --from-start | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}",
            crate::common::BIN
        ))
        .env("EVBUS_URL", &bus.url)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "0");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `--key` sets the CloudEvents `partitionkey`, on one event or on each line of a batch
/// with a TOPIC; a whole-event batch line carries its own.
#[test]
fn an_ordering_key_travels_as_partitionkey() {
    let bus = TestBus::start();
    evbus(&bus)
        .args(["emit", "order.placed", "--key", "order-42", "--data", "1"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "order.paid", "--batch", "--key", "order-7"])
        .write_stdin("1\n2\n")
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin("{\"type\":\"order.sent\",\"partitionkey\":\"order-9\"}\n")
        .assert()
        .success();
    let events = tail_json(&bus.url, &["order.*", "--from-start", "--count", "4"]);
    let keys: Vec<&str> = events
        .iter()
        .map(|event| event["partitionkey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["order-42", "order-7", "order-7", "order-9"]);
}

/// A bad ordering key is refused with what it must be, and nothing is stored.
#[test]
fn a_bad_ordering_key_is_refused_and_changes_nothing() {
    let bus = TestBus::start();
    let before = crate::fixtures::status(&bus.url).events;
    evbus(&bus)
        .args(["emit", "order.placed", "--key", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "an ordering key must not be empty",
        ));
    evbus(&bus)
        .args(["emit", "--batch", "--key", "k"])
        .write_stdin("{\"type\":\"order.sent\"}\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("each with its own partitionkey"));
    let long = "k".repeat(257);
    for key in [
        serde_json::json!(7),
        serde_json::json!(""),
        serde_json::json!(long),
    ] {
        let event = serde_json::json!({"type": "order.placed", "partitionkey": key});
        let (status, body) = crate::common::block_on(crate::common::post_for_status(
            &format!("{}/v1/events", bus.url),
            Some(event),
        ));
        assert_eq!(status, 400, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("'partitionkey'"),
            "{body}"
        );
    }
    assert_eq!(crate::fixtures::status(&bus.url).events, before);
}
