//! The bus in a file, through the real binary on every engine: `apply` creates, is then
//! a no-op, changes a group in place (cursor kept), refuses what cannot change in place
//! and prunes; `export | apply` onto a fresh bus gives the same topology; `serve
//! --config` applies a file at start and refuses a bad one.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus, evbus_at, logged, ok_json_lines};

const BUS_YAML: &str = r#"
schemas:
  - name: orders
    pattern: order.*
    schema: {type: object, required: [id]}
groups:
  - name: billing
    pattern: order.*
    max_attempts: 3
    filter: .data.id > 0
    start: beginning
  - name: hook
    pattern: order.*
    push: http://127.0.0.1:9/hook
    secret: ${HOOK_SECRET}
routes:
  - name: audit
    pattern: order.*
    to_topic: audit.order
  - name: to-billing
    pattern: invoice.*
    to_group: billing
"#;

fn apply(url: &str, file: &str, extra: &[&str]) -> Value {
    let plan = ok_json_lines(
        evbus_at(url)
            .env("HOOK_SECRET", "s3cr3t")
            .args(["apply", "-f", file, "--output", "json"])
            .args(extra),
    );
    plan[0].clone()
}

fn actions(plan: &Value) -> Vec<String> {
    plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            format!(
                "{} {} {}",
                change["action"].as_str().unwrap(),
                change["kind"].as_str().unwrap(),
                change["name"].as_str().unwrap()
            )
        })
        .collect()
}

fn export(url: &str) -> Value {
    ok_json_lines(evbus_at(url).args(["export", "--output", "json"]))[0].clone()
}

fn an_applied_file_is_created_then_a_no_op_then_changed_and_pruned(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bus.yaml");
    std::fs::write(&file, BUS_YAML).unwrap();
    let file = file.display().to_string();
    // A dry run plans and changes nothing.
    let planned = apply(&bus.url, &file, &["--dry-run"]);
    assert_eq!(planned["dry_run"], true);
    assert_eq!(planned["changes"].as_array().unwrap().len(), 5);
    evbus(&bus)
        .args(["groups", "show", "billing"])
        .assert()
        .code(4);
    let created = apply(&bus.url, &file, &[]);
    assert_eq!(
        actions(&created),
        [
            "create schema orders",
            "create group billing",
            "create group hook",
            "create route audit",
            "create route to-billing"
        ]
    );
    let again = apply(&bus.url, &file, &[]);
    assert!(again["changes"].as_array().unwrap().is_empty(), "{again}");
    assert_eq!(again["unchanged"], 5);
    // A policy change is made in place: the cursor stays where it was.
    evbus(&bus)
        .args(["emit", "order.created", "--data", r#"{"id":1}"#])
        .assert()
        .success();
    evbus(&bus)
        .args([
            "consume", "order.*", "--group", "billing", "--count", "1", "--exec", "true",
        ])
        .assert()
        .success();
    let before = crate::fixtures::group(&bus.url, "billing");
    std::fs::write(
        dir.path().join("bus.yaml"),
        BUS_YAML.replace("max_attempts: 3", "max_attempts: 7"),
    )
    .unwrap();
    let changed = apply(&bus.url, &file, &[]);
    assert_eq!(actions(&changed), ["change group billing"]);
    assert_eq!(
        changed["changes"][0]["fields"],
        serde_json::json!(["max_attempts"])
    );
    let after = crate::fixtures::group(&bus.url, "billing");
    assert_eq!(after.max_attempts, 7);
    assert_eq!(after.cursor, before.cursor);
    // A pattern cannot change in place: refused whole without --replace.
    std::fs::write(
        dir.path().join("bus.yaml"),
        BUS_YAML
            .replace("max_attempts: 3", "max_attempts: 7")
            .replace(
                "    pattern: order.*\n    max_attempts",
                "    pattern: order.>\n    max_attempts",
            ),
    )
    .unwrap();
    evbus(&bus)
        .env("HOOK_SECRET", "s3cr3t")
        .args(["apply", "-f", &file])
        .assert()
        .code(7)
        .stderr(
            predicate::str::contains("group 'billing': its pattern cannot change in place")
                .and(predicate::str::contains("--replace")),
        );
    assert_eq!(
        crate::fixtures::group(&bus.url, "billing").pattern,
        "order.*"
    );
    let replaced = apply(&bus.url, &file, &["--replace"]);
    assert_eq!(actions(&replaced), ["replace group billing"]);
    assert_eq!(
        crate::fixtures::group(&bus.url, "billing").pattern,
        "order.>"
    );
    // --prune deletes what the file does not name.
    evbus(&bus)
        .args(["groups", "create", "extra", "--pattern", "x.*"])
        .assert()
        .success();
    let pruned = apply(&bus.url, &file, &["--prune"]);
    assert_eq!(actions(&pruned), ["delete group extra"]);
    evbus(&bus)
        .args(["groups", "show", "extra"])
        .assert()
        .code(4);
    // Each apply that changed something is a system event carrying its plan.
    let applied = logged(&bus.url, "$evbus.config.applied");
    assert_eq!(applied.len(), 4, "{applied:?}");
    assert_eq!(applied[3]["data"]["changes"][0]["action"], "delete");
}

fn export_then_apply_onto_a_fresh_bus_gives_the_same_topology(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bus.yaml");
    std::fs::write(&file, BUS_YAML).unwrap();
    apply(&bus.url, &file.display().to_string(), &[]);
    let exported = export(&bus.url);
    // Secrets are not given out.
    assert_eq!(exported["groups"][1]["secret"], "${EVBUS_SECRET_HOOK}");
    let yaml = evbus(&bus).arg("export").output().unwrap();
    assert!(yaml.status.success());
    let fresh = TestBus::start();
    evbus(&fresh)
        .env("EVBUS_SECRET_HOOK", "s3cr3t")
        .args(["apply", "-f", "-"])
        .write_stdin(yaml.stdout)
        .assert()
        .success()
        .stdout(predicate::str::contains("5 created"));
    assert_eq!(export(&fresh.url), exported);
    // And applying the original file onto the copy changes nothing.
    let again = apply(&fresh.url, &file.display().to_string(), &[]);
    assert!(again["changes"].as_array().unwrap().is_empty(), "{again}");
}

crate::on_every_engine!(
    an_applied_file_is_created_then_a_no_op_then_changed_and_pruned,
    export_then_apply_onto_a_fresh_bus_gives_the_same_topology,
);

/// `serve --config` applies the file before it listens; a bad one is one line naming the
/// line and field, exit 2, and no bus.
#[test]
fn serve_config_applies_a_file_at_start_and_refuses_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "groups:\n  - name: a\n    pattern: x.*\n    colour: red\n",
    )
    .unwrap();
    let stderr =
        crate::common::serve_refuses(&["--memory", "--listen", "127.0.0.1:0", "--config"], &bad);
    assert!(
        stderr.contains("unknown field `colour`") && stderr.contains("line 4"),
        "{stderr}"
    );
    let good = dir.path().join("bus.yaml");
    std::fs::write(&good, "groups:\n  - name: billing\n    pattern: order.*\n").unwrap();
    let data = tempfile::tempdir().unwrap();
    let bus = crate::common::ChildBus::start(data.path(), &["--config", good.to_str().unwrap()]);
    let group = crate::fixtures::group(&bus.url, "billing");
    assert_eq!(group.pattern, "order.*");
}

/// On JetStream with several servers, a group changed in place through one is changed
/// on the other too.
#[test]
fn a_group_changed_through_one_server_changes_on_the_others() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let first = crate::common::ChildBus::serve(&prefix.serve_args());
    let second = crate::common::ChildBus::serve(&prefix.serve_args());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bus.yaml");
    let declare = |attempts: u32| {
        let text = format!(
            "groups:\n  - name: billing\n    pattern: order.*\n    max_attempts: {attempts}\n"
        );
        std::fs::write(&file, text).unwrap();
        apply(&first.url, &file.display().to_string(), &[])
    };
    declare(3);
    assert_eq!(
        crate::fixtures::group(&second.url, "billing").max_attempts,
        3
    );
    let changed = declare(6);
    assert_eq!(actions(&changed), ["change group billing"]);
    crate::common::eventually(
        "the other server follows",
        std::time::Duration::from_secs(15),
        || {
            let attempts = crate::fixtures::group(&second.url, "billing").max_attempts;
            crate::common::when(attempts == 6, attempts)
        },
    );
    // Planned from the other server, the file is what the bus has.
    let again = apply(&second.url, &file.display().to_string(), &[]);
    assert!(again["changes"].as_array().unwrap().is_empty(), "{again}");
}

/// On JetStream, each server says `$evbus.server.joined` once, and the others say
/// `$evbus.server.left` (once, for the bus) for a server that went away.
#[test]
fn servers_joining_and_leaving_are_system_events() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let first = crate::common::ChildBus::serve(&prefix.serve_args());
    let second = crate::common::ChildBus::serve(&prefix.serve_args());
    let servers = |topic: &str| -> Vec<String> {
        logged(&first.url, topic)
            .iter()
            .map(|event| event["data"]["server"].as_str().unwrap().to_owned())
            .collect()
    };
    let joined =
        crate::common::eventually("both joined", std::time::Duration::from_secs(20), || {
            let joined = servers("$evbus.server.joined");
            crate::common::when(joined.len() == 2, joined.clone()).map(|()| joined)
        });
    assert_ne!(joined[0], joined[1]);
    second.kill_hard();
    let left = crate::common::eventually("one left", std::time::Duration::from_secs(45), || {
        let left = servers("$evbus.server.left");
        crate::common::when(!left.is_empty(), left.clone()).map(|()| left)
    });
    assert_eq!(left.len(), 1);
    assert!(joined.contains(&left[0]), "{left:?} of {joined:?}");
}
