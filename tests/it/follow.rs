//! Following an event through the real binary: `get` by seq and id, `trace` of an event
//! that was routed, failed once, was requeued and then consumed with `--emit`, and `why`
//! naming a false filter.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{TestBus, evbus};

fn json_of(bus: &TestBus, args: &[&str]) -> Value {
    let output = evbus(bus)
        .args(args)
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn outcomes(node: &Value) -> Vec<&str> {
    node["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["outcome"].as_str().unwrap())
        .collect()
}

fn a_trace_shows_routes_failures_requeues_and_what_handlers_emitted(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    evbus(&bus)
        .args([
            "routes",
            "add",
            "copy",
            "--pattern",
            "pay.in",
            "--to-topic",
            "pay.copy",
        ])
        .assert()
        .success();
    crate::fixtures::create_group(&bus.url, "pay", "pay.in", &["--max-attempts", "1"]);
    crate::fixtures::create_group(
        &bus.url,
        "big",
        "pay.in",
        &["--filter", ".data.amount > 100"],
    );
    evbus(&bus)
        .args([
            "emit",
            "pay.in",
            "--id",
            "p-1",
            "--source",
            "shop",
            "--data",
            r#"{"amount":7}"#,
        ])
        .assert()
        .success();
    let seq = json_of(&bus, &["get", "p-1"])["seq"].as_u64().unwrap();
    assert_eq!(json_of(&bus, &["get", &seq.to_string()])["id"], "p-1");

    // Fails once (dead at once), is requeued, then completes and emits.
    let handler = format!(
        "test -f {flag} || {{ touch {flag}; echo 'not yet' >&2; exit 3; }}; echo '{{\"paid\":true}}'",
        flag = dir.path().join("once").display()
    );
    let consume = |bus: &TestBus| {
        evbus(bus)
            .args(["consume", "pay.in", "--group", "pay", "--timeout", "1s"])
            .args(["--exec", &handler, "--emit", "pay.done"])
            .assert()
            .code(5);
    };
    consume(&bus);
    evbus(&bus)
        .args(["dlq", "requeue", "--all"])
        .assert()
        .success();
    consume(&bus);

    let trace = json_of(&bus, &["trace", "p-1", "--source", "shop"]);
    let tree = &trace["tree"];
    assert_eq!(tree["seq"], seq);
    let pay: Vec<&Value> = tree["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|step| step["group"] == "pay")
        .collect();
    let pay_outcomes: Vec<&str> = pay
        .iter()
        .map(|step| step["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        pay_outcomes,
        ["nacked", "dead", "requeued", "acked"],
        "{tree}"
    );
    assert!(
        pay[0]["error"]
            .as_str()
            .unwrap()
            .contains("exit code 3: not yet")
    );
    assert!(pay[1]["dead_letter"].is_string());
    assert_eq!(pay[1]["dead_letter"], pay[2]["dead_letter"]);
    let children: Vec<(&str, &str)> = tree["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|child| {
            (
                child["topic"].as_str().unwrap(),
                child["link"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(children, [("pay.copy", "caused"), ("pay.done", "caused")]);
    assert!(
        tree["dead_letters"].is_null(),
        "the dead letter went back: {tree}"
    );

    // The emitted event's trace names its cause.
    let done = tree["children"][1]["seq"].as_u64().unwrap();
    let up = json_of(&bus, &["trace", &done.to_string()]);
    assert_eq!(up["causes"][0]["seq"], seq);
    assert!(outcomes(&up["tree"]).is_empty());

    // For people: a tree with each step.
    evbus(&bus)
        .args(["trace", &seq.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("requeued"))
        .stdout(predicate::str::contains("pay.copy"))
        .stdout(predicate::str::contains("└─"));

    // Why `big` did not get it: its filter is false, with the value it saw.
    let why = json_of(&bus, &["why", &seq.to_string(), "--group", "big"]);
    assert_eq!(
        (&why["verdict"], &why["filter_value"]),
        (&json!("filter"), &json!(false))
    );
    evbus(&bus)
        .args(["why", &seq.to_string(), "--group", "big"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "filter '.data.amount > 100' is not true",
        ));
    let why = json_of(&bus, &["why", &seq.to_string(), "--group", "pay"]);
    assert_eq!(why["verdict"], "delivered");
}

fn an_event_is_found_by_id_and_a_shared_id_needs_its_source(bus: TestBus) {
    for source in ["a", "b"] {
        evbus(&bus)
            .args(["emit", "x.y", "--id", "same", "--source", source])
            .assert()
            .success();
    }
    evbus(&bus)
        .args(["get", "same"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("give the source too"));
    assert_eq!(
        json_of(&bus, &["get", "same", "--source", "b"])["source"],
        "b"
    );
    evbus(&bus)
        .args(["get", "999999"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no event 999999"));
    let url = format!("{}/v1/events/not-a-seq", bus.url);
    let (status, _) = crate::common::block_on(crate::common::get_json(&url));
    assert_eq!(status, 400);
}

crate::on_every_engine!(
    a_trace_shows_routes_failures_requeues_and_what_handlers_emitted,
    an_event_is_found_by_id_and_a_shared_id_needs_its_source,
);
