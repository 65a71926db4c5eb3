//! Contracts through the real binary, on every engine: schemas checked at emit (a
//! breaking event is refused with its pointer and nothing is stored; a good one carries
//! `dataschema`), checked offline and inferred; topology changes as system events.

use std::time::Duration;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{ChildBus, TestBus, evbus, evbus_at, eventually, logged, tail_json, when};

const ORDER_SCHEMA: &str = r#"
type: object
required: [id]
properties:
  id: {type: integer}
  items:
    type: array
    items:
      properties:
        price: {type: number}
"#;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn add_order_schema(url: &str, dir: &tempfile::TempDir) {
    let file = write(dir, "order.schema.yaml", ORDER_SCHEMA);
    evbus_at(url)
        .args([
            "schemas",
            "add",
            "orders",
            "--pattern",
            "order.*",
            "--file",
            &file,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("/v1/schemas/orders"));
}

/// A breaking emit (alone or in a batch) is refused naming the pointer and the
/// expectation, and nothing is stored; a conforming one names the schema as its
/// `dataschema`, unless its producer named one.
fn an_emit_breaking_a_schema_is_refused_with_the_pointer(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    add_order_schema(&bus.url, &dir);
    evbus(&bus)
        .args([
            "emit",
            "order.created",
            "--data",
            r#"{"id":1,"items":[{"price":"x"}]}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            r#"schema 'orders' at "/items/0/price": "x" is not of type "number""#,
        ));
    let batch = "{\"type\":\"order.a\",\"data\":{\"id\":2}}\n{\"type\":\"order.a\",\"data\":{\"id\":\"no\"}}\n";
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin(batch)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("event 1:").and(predicate::str::contains("\"/id\"")));
    assert!(logged(&bus.url, "order.*").is_empty(), "nothing stored");
    // Other topics are not covered.
    evbus(&bus)
        .args(["emit", "invoice.sent", "--data", r#"{"id":"free"}"#])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "order.created", "--data", r#"{"id":1}"#])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin(r#"{"type":"order.created","dataschema":"https://example.com/order.json","data":{"id":2}}"#)
        .assert()
        .success();
    let stored = logged(&bus.url, "order.*");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0]["dataschema"], "/v1/schemas/orders");
    assert_eq!(stored[1]["dataschema"], "https://example.com/order.json");
    // The URL serves the schema.
    let shown = crate::common::ok_json_lines(
        evbus(&bus).args(["schemas", "show", "orders", "--output", "json"]),
    );
    assert_eq!(shown[0]["url"], "/v1/schemas/orders");
    assert_eq!(shown[0]["schema"]["required"], json!(["id"]));
    // Removed, it no longer refuses.
    evbus(&bus)
        .args(["schemas", "remove", "orders"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "order.created", "--data", r#"{"id":"any"}"#])
        .assert()
        .success();
    evbus(&bus)
        .args(["schemas", "show", "orders"])
        .assert()
        .code(4);
}

/// `schemas check` reads a file line by line and names each failing line; `infer`
/// proposes a schema the stored events meet.
fn schemas_are_checked_offline_and_inferred(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    add_order_schema(&bus.url, &dir);
    let events = write(
        &dir,
        "events.ndjson",
        "{\"type\":\"order.a\",\"data\":{\"id\":2}}\n{\"type\":\"x.a\",\"data\":{}}\n{\"type\":\"order.a\",\"data\":{}}\n",
    );
    evbus(&bus)
        .args(["schemas", "check", "orders", "--file", &events])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("line 3: ")
                .and(predicate::str::contains("\"id\" is a required property"))
                .and(predicate::str::contains("1 conform, 1 do not; 1 skipped")),
        );
    for (id, status) in [(1, "new"), (2, "paid"), (3, "paid")] {
        evbus(&bus)
            .args([
                "emit",
                "order.created",
                "--data",
                &json!({"id": id, "status": status}).to_string(),
            ])
            .assert()
            .success();
    }
    let output = evbus(&bus)
        .args(["schemas", "infer", "order.*"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let inferred: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(inferred["required"], json!(["id", "status"]));
    assert_eq!(
        inferred["properties"]["status"]["enum"],
        json!(["new", "paid"])
    );
    // What infer proposes checks what it learned from, with no bus needed.
    let schema = write(&dir, "inferred.json", &inferred.to_string());
    let good = write(&dir, "good.ndjson", "{\"id\":4,\"status\":\"new\"}\n");
    evbus_at("http://127.0.0.1:9")
        .args(["schemas", "check", "inferred"])
        .args(["--schema", &schema, "--file", &good, "--data"])
        .assert()
        .success();
}

/// Adding and removing schemas and routes are system events.
fn topology_changes_are_system_events(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    add_order_schema(&bus.url, &dir);
    evbus(&bus)
        .args([
            "routes",
            "add",
            "audit",
            "--pattern",
            "order.*",
            "--to-topic",
            "audit.order",
        ])
        .assert()
        .success();
    evbus(&bus)
        .args(["routes", "remove", "audit"])
        .assert()
        .success();
    evbus(&bus)
        .args(["schemas", "remove", "orders"])
        .assert()
        .success();
    let topics = eventually("four topology events", Duration::from_secs(5), || {
        let seen: Vec<String> = logged(&bus.url, "$evbus.>")
            .iter()
            .map(|event| event["type"].as_str().unwrap().to_owned())
            .filter(|topic| {
                topic.starts_with("$evbus.schema.") || topic.starts_with("$evbus.route.")
            })
            .collect();
        when(seen.len() == 4, seen.clone()).map(|()| seen)
    });
    assert_eq!(
        topics,
        [
            "$evbus.schema.added",
            "$evbus.route.added",
            "$evbus.route.removed",
            "$evbus.schema.removed"
        ]
    );
    let added = tail_json(
        &bus.url,
        &["$evbus.route.added", "--from-start", "--count", "1"],
    );
    assert_eq!(added[0]["data"]["to_topic"], "audit.order");
}

crate::on_every_engine!(
    an_emit_breaking_a_schema_is_refused_with_the_pointer,
    schemas_are_checked_offline_and_inferred,
    topology_changes_are_system_events,
);

/// On JetStream with several servers, a schema added through one refuses emits through
/// the other.
#[test]
fn a_schema_holds_on_every_server_of_a_bus() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let dir = tempfile::tempdir().unwrap();
    add_order_schema(&first.url, &dir);
    eventually("the other server refuses", Duration::from_secs(5), || {
        let output = evbus_at(&second.url)
            .args(["emit", "order.created", "--data", r#"{"id":"no"}"#])
            .output()
            .unwrap();
        when(output.status.code() == Some(2), output)
    });
    evbus_at(&second.url)
        .args(["schemas", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("orders"));
}
