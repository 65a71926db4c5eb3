//! Communication patterns through the real binary: request/reply (sync and async) and
//! point-to-point / group broadcast with `emit --to`.

use std::process::{Child, Stdio};

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus, json_lines, tail_json};

/// A responder as a child process, returned once it is a member of its group.
/// `evbus reply PATTERN --group GROUP --exec HANDLER` against `url`, once it has joined.
pub struct Responder(Child);

impl Responder {
    fn start(bus: &TestBus, pattern: &str, group: &str, handler: &str) -> Self {
        Self::start_at(&bus.url, pattern, group, handler)
    }

    pub fn start_at(url: &str, pattern: &str, group: &str, handler: &str) -> Self {
        let responder = Self(
            crate::common::bin()
                .args(["reply", pattern, "--group", group, "--exec", handler])
                .env("EVBUS_URL", url)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        crate::common::wait_for_members(url, group, 1);
        responder
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn request_reply_sync(bus: TestBus) {
    evbus(&bus)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("no responders"));
    let _adder = Responder::start(
        &bus,
        "math.add",
        "adders",
        r#"read -r request; case "$request" in *'"a":2'*) echo '{"sum":5}';; *) echo 'bad input' >&2; exit 3;; esac"#,
    );
    evbus(&bus)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .assert()
        .success()
        .stdout("{\"sum\":5}\n");
    let output = evbus(&bus)
        .args([
            "request",
            "math.add",
            "--data",
            r#"{"a":2}"#,
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    let reply: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(reply["replystatus"], "ok");
    assert!(reply["correlationid"].is_string());
    assert_eq!(reply["type"], "_inbox");
    evbus(&bus)
        .args(["request", "math.add", "--data", r#"{"a":9}"#])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad input"));
    let _slow = Responder::start(&bus, "slow.op", "sleepers", "sleep 5");
    evbus(&bus)
        .args(["request", "slow.op", "--timeout", "300ms"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("no reply within"));
}

fn request_reply_async_with_correlation(bus: TestBus) {
    let _echo = Responder::start(&bus, "echo.me", "echoes", r#"echo '"pong"'"#);
    let output = evbus(&bus)
        .args([
            "emit",
            "echo.me",
            "--data",
            "1",
            "--reply-to",
            "echo.replies",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let correlation = stderr
        .lines()
        .find_map(|line| line.strip_prefix("correlationid "))
        .expect("emit prints the correlation id")
        .to_owned();
    let replies = tail_json(&bus.url, &["echo.replies", "--from-start", "--count", "1"]);
    assert_eq!(replies[0]["correlationid"], correlation.as_str());
    assert_eq!(replies[0]["data"], "pong");
}

fn emit_to_addresses_groups_and_dead_letters_no_route(bus: TestBus) {
    for group in ["billing-eu", "billing-us", "shipping"] {
        evbus(&bus)
            .args(["groups", "create", group, "--pattern", "unrelated.*"])
            .assert()
            .success();
    }
    evbus(&bus)
        .args(["emit", "invoice.due", "--data", "1", "--to", "shipping"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "invoice.due", "--data", "2", "--to", "billing-*"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "invoice.due", "--data", "3", "--to", "nobody"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no_route"));
    let received = |group: &str, count: &str| -> Vec<Value> {
        let output = evbus(&bus)
            .args([
                "consume",
                "unrelated.*",
                "--group",
                group,
                "--output",
                "json",
            ])
            .args(["--count", count, "--timeout", "2s"])
            .output()
            .unwrap();
        json_lines(&output.stdout)
    };
    let data = |events: Vec<Value>| -> Vec<Value> {
        events
            .into_iter()
            .map(|event| event["data"].clone())
            .collect()
    };
    assert_eq!(data(received("shipping", "1")), [Value::from(1)]);
    assert_eq!(data(received("billing-eu", "1")), [Value::from(2)]);
    assert_eq!(data(received("billing-us", "1")), [Value::from(2)]);
    evbus(&bus)
        .args([
            "consume",
            "unrelated.*",
            "--group",
            "shipping",
            "--timeout",
            "300ms",
        ])
        .assert()
        .code(5);
    let letters = crate::fixtures::all_dead_letters(&bus.url);
    assert_eq!(letters.len(), 1);
    assert_eq!(
        letters[0].reason,
        evbus::api::dead_letter::DeadReason::NoRoute
    );
    assert_eq!(letters[0].group, "nobody");
    assert_eq!(crate::fixtures::event_of(&letters[0])["data"], 3);
}

/// Content-based routing: EU orders to one group, the rest to another; a topic route
/// copies with `causationid`; a route closing a cycle is refused.
fn routes_forward_by_content_once_and_refuse_cycles(bus: TestBus) {
    for group in ["orders-eu", "orders-other"] {
        evbus(&bus)
            .args(["groups", "create", group, "--pattern", "routed.none"])
            .assert()
            .success();
    }
    let add = |args: &[&str]| evbus(&bus).args(["routes", "add"]).args(args).assert();
    add(&[
        "eu",
        "--pattern",
        "order.*",
        "--filter",
        r#".data.region == "eu""#,
        "--to-group",
        "orders-eu",
    ])
    .success();
    add(&[
        "other",
        "--pattern",
        "order.*",
        "--filter",
        r#".data.region != "eu""#,
        "--to-group",
        "orders-other",
    ])
    .success();
    add(&["audit", "--pattern", "order.*", "--to-topic", "audit.order"]).success();
    add(&["loop", "--pattern", "audit.*", "--to-topic", "order.again"])
        .code(7)
        .stderr(predicate::str::contains("cycle"));
    add(&["eu", "--pattern", "x.*", "--to-topic", "y.z"]).code(7);
    for (region, n) in [("eu", 1), ("us", 2), ("eu", 3)] {
        evbus(&bus)
            .args([
                "emit",
                "order.created",
                "--data",
                &format!(r#"{{"region":"{region}","n":{n}}}"#),
            ])
            .assert()
            .success();
    }
    let consumed = |group: &str, count: &str| -> Vec<Value> {
        let output = evbus(&bus)
            .args([
                "consume",
                "routed.none",
                "--group",
                group,
                "--output",
                "json",
            ])
            .args(["--count", count, "--timeout", "5s"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{group}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        json_lines(&output.stdout)
    };
    let ns = |events: Vec<Value>| -> Vec<u64> {
        events
            .iter()
            .map(|event| event["data"]["n"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(ns(consumed("orders-eu", "2")), [1, 3]);
    assert_eq!(ns(consumed("orders-other", "1")), [2]);
    let originals = tail_json(&bus.url, &["order.created", "--from-start", "--count", "3"]);
    let copies = tail_json(&bus.url, &["audit.order", "--from-start", "--count", "3"]);
    for (copy, original) in copies.iter().zip(&originals) {
        assert_eq!(copy["causationid"], original["id"]);
        assert_eq!(copy["data"], original["data"]);
    }
    evbus(&bus)
        .args([
            "consume",
            "routed.none",
            "--group",
            "orders-eu",
            "--timeout",
            "300ms",
        ])
        .assert()
        .code(5);
    evbus(&bus)
        .args(["routes", "remove", "audit"])
        .assert()
        .success();
    evbus(&bus)
        .args(["routes", "remove", "audit"])
        .assert()
        .code(4);
    let listed = evbus(&bus)
        .args(["routes", "list", "--output", "json"])
        .output()
        .unwrap();
    let routes: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(routes.as_array().unwrap().len(), 2);
}

crate::on_every_engine!(
    routes_forward_by_content_once_and_refuse_cycles,
    request_reply_sync,
    request_reply_async_with_correlation,
    emit_to_addresses_groups_and_dead_letters_no_route,
);
