//! Several `evbus serve` processes over one NATS are one bus.

use predicates::prelude::*;

use evbus::api::replay::ReplayStatus;

use crate::common::{ChildBus, evbus_at, tail_json};
use std::time::Duration;

use crate::nats::NatsPrefix;

/// An event emitted through either server is seen by tails on both, and both report the
/// An event emitted through either server is seen by tails on both, and both report the
/// same log and the NATS behind it.
#[test]
fn two_servers_on_one_nats_are_one_bus() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args(["emit", "order.created", "--data", r#"{"via":"first"}"#])
        .assert()
        .success();
    evbus_at(&second.url)
        .args(["emit", "order.created", "--data", r#"{"via":"second"}"#])
        .assert()
        .success();
    for server in [&first, &second] {
        let events = tail_json(
            &server.url,
            &["order.created", "--from-start", "--count", "2"],
        );
        let via: Vec<&str> = events
            .iter()
            .map(|event| event["data"]["via"].as_str().unwrap())
            .collect();
        assert_eq!(via, ["first", "second"], "on {}", server.url);
    }
    let status = crate::fixtures::status;
    let (a, b) = (status(&first.url), status(&second.url));
    assert_eq!(a.engine, "nats");
    assert_eq!(a.last_seq, b.last_seq);
    let nats = a.nats.as_ref().expect("the NATS behind it");
    assert_eq!(nats.prefix, prefix.prefix);
    assert!(nats.connected);
    assert_eq!(
        nats.streams.len(),
        8,
        "events, state, dead letters, members, direct, attempts, settled, steps: {a:?}"
    );
    assert!(nats.streams[0].messages >= 4, "{a:?}");
    evbus_at(&first.url)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "prefix {}",
            prefix.prefix
        )));
}

/// A live tail on one server sees what is emitted through the other as it happens.
#[test]
fn a_live_tail_follows_events_emitted_elsewhere() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let tail = crate::common::bin()
        .args(["tail", "live.>", "--count", "1", "--timeout", "20s"])
        .args(["--output", "json", "--server", &second.url])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    crate::common::wait_for_open_streams(&second.url, 1);
    evbus_at(&first.url)
        .args(["emit", "live.one", "--data", "1"])
        .assert()
        .success();
    let output = tail.wait_with_output().unwrap();
    assert!(output.status.success());
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(event["type"], "live.one");
}

/// Replay jobs are the bus's, not a server's: started through either server, listed,
/// cancelled and resumed through either; a job whose server dies is interrupted, and
/// another server resumes it where it stopped.
#[test]
fn replay_jobs_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    crate::fixtures::emit_many(&first.url, "old.x", 20);
    let start = |url: &str, to: &str, rate: &str| {
        let job = crate::common::ok_json_lines(
            evbus_at(url)
                .args(["replay", "old.*", "--from-start"])
                .args([
                    "--to-topic",
                    to,
                    "--rate",
                    rate,
                    "--detach",
                    "--output",
                    "json",
                ]),
        );
        job[0]["id"].as_str().unwrap().to_owned()
    };
    let job = crate::fixtures::replay_job;
    let wait_for = |url: &str, id: &str, status: ReplayStatus| {
        let what = format!("the job is {status:?}");
        crate::common::eventually(&what, Duration::from_secs(30), || {
            let info = job(url, id);
            if info.status == status {
                Ok(info)
            } else {
                Err(Box::new(info))
            }
        })
    };

    // Started through each server, both run to the end; either server lists both.
    let fast_first = start(&first.url, "copy.a", "100000");
    let fast_second = start(&second.url, "copy.b", "100000");
    wait_for(&second.url, &fast_first, ReplayStatus::Done);
    wait_for(&first.url, &fast_second, ReplayStatus::Done);
    let listed = crate::common::ok_json_lines(
        evbus_at(&second.url).args(["replay", "list", "--output", "json"]),
    );
    assert_eq!(listed[0].as_array().map(Vec::len), Some(2), "{listed:?}");

    // Cancelled through the server that does not run it: it stops where it runs.
    let slow = start(&first.url, "copy.c", "4");
    let running = job(&second.url, &slow);
    assert_eq!(running.status, ReplayStatus::Running, "{running:?}");
    evbus_at(&second.url)
        .args(["replay", "cancel", &slow])
        .assert()
        .success();
    let cancelled = wait_for(&first.url, &slow, ReplayStatus::Cancelled);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(job(&first.url, &slow).done, cancelled.done, "it stopped");

    // Its server dies: interrupted; resumed through the other, it ends there.
    let orphan = start(&first.url, "copy.d", "4");
    while job(&first.url, &orphan).done == 0 {
        std::thread::sleep(Duration::from_millis(50));
    }
    first.kill_hard();
    wait_for(&second.url, &orphan, ReplayStatus::Interrupted);
    evbus_at(&second.url)
        .args(["replay", "resume", &orphan])
        .assert()
        .success();
    let done = wait_for(&second.url, &orphan, ReplayStatus::Done);
    assert_eq!(done.done, 20, "{done:?}");
    let copies = tail_json(&second.url, &["copy.d", "--from-start", "--count", "20"]);
    let originals: std::collections::HashSet<String> = copies
        .iter()
        .map(|copy| copy["replayof"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(originals.len(), 20, "each event copied once");
}

/// Routes are the bus's, not a server's: added through one server, they forward events
/// emitted through either, each once; removed through the other, they stop everywhere.
#[test]
fn routes_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "order.*",
            "--to-topic",
            "audit.big",
        ])
        .args(["--filter", ".data.n >= 5"])
        .assert()
        .success();
    evbus_at(&second.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "x.*",
            "--to-topic",
            "x.y",
        ])
        .assert()
        .code(7);
    crate::fixtures::emit_many(&first.url, "order.placed", 10);
    crate::fixtures::emit_many(&second.url, "order.placed", 10);
    let copies = tail_json(&second.url, &["audit.big", "--from-start", "--count", "10"]);
    let mut data: Vec<u64> = copies
        .iter()
        .map(|event| event["data"]["n"].as_u64().unwrap())
        .collect();
    data.sort_unstable();
    assert_eq!(data, [5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    let topics: serde_json::Value = serde_json::from_slice(
        &evbus_at(&first.url)
            .args(["topics", "--output", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let big = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|topic| topic["topic"] == "audit.big")
        .unwrap();
    assert_eq!(big["events"], 10, "each copy once");
    evbus_at(&second.url)
        .args(["routes", "remove", "big"])
        .assert()
        .success();
    evbus_at(&first.url)
        .args(["routes", "remove", "big"])
        .assert()
        .code(4);
}

/// Request/reply across servers: a responder attached to one server answers a request
/// made through the other, and "no responders" still means none on any server.
#[test]
fn a_request_through_one_server_is_answered_by_a_responder_on_the_other() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .assert()
        .code(8);
    let _adder = crate::patterns::Responder::start_at(
        &first.url,
        "math.add",
        "adders",
        r#"read -r request; echo '{"sum":5}'"#,
    );
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .args(["--timeout", "10s"])
        .assert()
        .success()
        .stdout("{\"sum\":5}\n");
}

/// A trace through either server shows what both handled: an event emitted through one,
/// failed by a member on one and completed by a member on the other.
#[test]
fn a_trace_through_either_server_shows_deliveries_on_both() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    crate::fixtures::create_group(&first.url, "both", "both.*", &["--backoff", "100ms..200ms"]);
    evbus_at(&first.url)
        .args(["emit", "both.x", "--id", "b-1"])
        .assert()
        .success();
    // A member on the second server fails it; one on the first completes its retry.
    let settle = |url: &str, member: &str, how: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            assert!(std::time::Instant::now() < deadline, "{member} got nothing");
            let pull = format!("{url}/v1/groups/both/pull?member={member}&max=1&wait=1s");
            let (status, pulled) =
                crate::common::block_on(crate::common::post_for_status(&pull, None));
            assert_eq!(status, 200, "{pulled}");
            let receipts = crate::common::receipts_of(&pulled);
            if receipts.is_empty() {
                continue;
            }
            let url = format!("{url}/v1/groups/both/{how}?member={member}");
            let body = serde_json::json!({ "receipts": receipts, "error": "boom" });
            let body = if how == "ack" {
                serde_json::json!({ "receipts": receipts })
            } else {
                body
            };
            let (status, answer) =
                crate::common::block_on(crate::common::post_for_status(&url, Some(body)));
            assert_eq!(status, 200, "{answer}");
            return;
        }
    };
    settle(&second.url, "m2", "nack");
    settle(&first.url, "m1", "ack");
    for server in [&first, &second] {
        let output = evbus_at(&server.url)
            .args(["trace", "b-1", "--output", "json"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let trace: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let steps: Vec<(&str, &str)> = trace["tree"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| {
                (
                    step["member"].as_str().unwrap(),
                    step["outcome"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [("m2", "nacked"), ("m1", "acked")],
            "via {}",
            server.url
        );
    }
}
