//! Consumer groups through the real binary: fan-out, competing members, resets, system
//! events and the HTTP settle API (failures and handlers: `group_failures`).

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus, get_json, json_lines, tail_json};
use crate::fixtures::{create_group, emit_many, group};

fn consume_prints_and_acks_so_a_second_run_gets_nothing(bus: TestBus) {
    create_group(&bus.url, "audit", "order.*", &[]);
    emit_many(&bus.url, "order.created", 3);
    let output = evbus(&bus)
        .args([
            "consume", "order.*", "--group", "audit", "--count", "3", "--output", "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let events = json_lines(&output.stdout);
    let data: Vec<u64> = events
        .iter()
        .map(|e| e["data"]["n"].as_u64().unwrap())
        .collect();
    assert_eq!(data, [0, 1, 2], "log order");
    evbus(&bus)
        .args([
            "consume",
            "order.*",
            "--group",
            "audit",
            "--timeout",
            "300ms",
        ])
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicate::str::contains("no delivery within"));
    let info = group(&bus.url, "audit");
    assert_eq!(info.completed, 3);
    assert_eq!(info.in_flight, 0);
}

fn consume_creates_its_group_on_first_use_from_new_events(bus: TestBus) {
    emit_many(&bus.url, "job.old", 2);
    evbus(&bus)
        .args(["consume", "job.*", "--group", "fresh", "--timeout", "300ms"])
        .assert()
        .code(5);
    let info = group(&bus.url, "fresh");
    assert_eq!(info.pattern, "job.*");
    assert_eq!(info.completed, 0, "a new group starts at new events");
    emit_many(&bus.url, "job.new", 1);
    let output = evbus(&bus)
        .args([
            "consume", "job.*", "--group", "fresh", "--count", "1", "--output", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(json_lines(&output.stdout)[0]["type"], "job.new");
}

fn two_groups_each_get_every_event(bus: TestBus) {
    create_group(&bus.url, "billing", "order.>", &[]);
    create_group(&bus.url, "shipping", "order.>", &[]);
    emit_many(&bus.url, "order.created", 20);
    for name in ["billing", "shipping"] {
        let output = evbus(&bus)
            .args([
                "consume", "order.>", "--group", name, "--count", "20", "--output", "json",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert_eq!(
            json_lines(&output.stdout).len(),
            20,
            "{name} gets every event"
        );
    }
}

/// Two members run at once; each handler records its seq. Together they handle every
/// event exactly once, and both take part.
fn competing_members_share_the_events_and_handle_each_once(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    create_group(&bus.url, "workers", "job.*", &[]);
    emit_many(&bus.url, "job.run", 60);
    let members: Vec<std::process::Child> = ["a", "b"]
        .iter()
        .map(|member| {
            let log = dir.path().join(member);
            crate::common::bin()
                .args(["consume", "job.*", "--group", "workers", "--timeout", "1s"])
                .args(["--member", member, "--exec"])
                .arg(format!(
                    "cat > /dev/null; echo \"$EVBUS_SEQ $EVBUS_ATTEMPT\" >> {}; sleep 0.01",
                    log.display()
                ))
                .env("EVBUS_URL", &bus.url)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut member in members {
        assert_eq!(
            member.wait().unwrap().code(),
            Some(5),
            "drained, then timed out"
        );
    }
    let mut handled: HashMap<u64, usize> = HashMap::new();
    for member in ["a", "b"] {
        let text = std::fs::read_to_string(dir.path().join(member)).unwrap_or_default();
        assert!(!text.is_empty(), "member {member} handled nothing");
        for line in text.lines() {
            let (seq, attempt) = line.split_once(' ').unwrap();
            assert_eq!(attempt, "1", "no event needed a second attempt");
            *handled.entry(seq.parse().unwrap()).or_default() += 1;
        }
    }
    assert_eq!(handled.len(), 60);
    assert!(
        handled.values().all(|&times| times == 1),
        "an event was handled twice"
    );
}

fn bad_input_is_refused_with_the_expected_form(bus: TestBus) {
    for (flag, value, hint) in [
        ("--backoff", "5m..1s", "use MIN..MAX"),
        ("--ack-timeout", "soon", "use e.g."),
        ("--start", "someday", "use new, beginning"),
    ] {
        evbus(&bus)
            .args(["groups", "create", "g", "--pattern", "a.*", flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(hint));
    }
    evbus(&bus)
        .args(["groups", "show", "nope"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no group 'nope'"));
    evbus(&bus).args(["dlq", "show", "nope"]).assert().code(4);
    evbus(&bus)
        .args(["dlq", "requeue", "nope"])
        .assert()
        .code(4);
    create_group(&bus.url, "g", "a.*", &[]);
    evbus(&bus)
        .args(["groups", "create", "g", "--pattern", "a.*"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("already exists"));
    evbus(&bus)
        .args(["dlq", "purge", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("purged 0"));
}

fn reset_and_delete(bus: TestBus) {
    create_group(&bus.url, "again", "re.*", &[]);
    emit_many(&bus.url, "re.x", 3);
    evbus(&bus)
        .args(["consume", "re.*", "--group", "again", "--count", "3"])
        .assert()
        .success();
    evbus(&bus)
        .args(["groups", "reset", "again", "--to", "beginning"])
        .assert()
        .success();
    let output = evbus(&bus)
        .args([
            "consume", "re.*", "--group", "again", "--count", "3", "--output", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        json_lines(&output.stdout).len(),
        3,
        "a reset group sees history again"
    );
    evbus(&bus)
        .args(["groups", "delete", "again"])
        .assert()
        .success();
    evbus(&bus)
        .args(["groups", "show", "again"])
        .assert()
        .code(4);
    let listed = evbus(&bus)
        .args(["groups", "list", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&listed.stdout).unwrap(),
        serde_json::json!([])
    );
}

fn system_events_tell_about_groups_members_and_dead_letters(bus: TestBus) {
    create_group(&bus.url, "sys", "s.*", &["--max-attempts", "1"]);
    emit_many(&bus.url, "s.x", 1);
    evbus(&bus)
        .args([
            "consume",
            "s.*",
            "--group",
            "sys",
            "--member",
            "m1",
            "--timeout",
            "500ms",
        ])
        .args(["--exec", "exit 1"])
        .assert()
        .code(5);
    let topics: BTreeSet<String> = tail_json(
        &bus.url,
        // Not `$evbus.>`: a JetStream server also says `$evbus.server.joined`.
        &[
            "$evbus.group.>",
            "$evbus.member.>",
            "$evbus.dlq.>",
            "--from-start",
            "--count",
            "4",
        ],
    )
    .iter()
    .map(|event| event["type"].as_str().unwrap().to_owned())
    .collect();
    for topic in [
        "$evbus.group.created",
        "$evbus.member.joined",
        "$evbus.dlq.added",
        "$evbus.member.left",
    ] {
        assert!(topics.contains(topic), "{topic} missing from {topics:?}");
    }
    let plain = tail_json(&bus.url, &["--from-start", "--count", "1"]);
    assert_eq!(
        plain[0]["type"], "s.x",
        "`>` leaves the bus's own events out"
    );
}

/// The HTTP API: pull with long-poll, ack, conflicts on stale receipts, nack with a
/// delay, extend.
fn http_pull_ack_nack_extend_and_conflicts(bus: TestBus) {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(http_settle_api(&bus));
}

async fn http_settle_api(bus: &TestBus) {
    let client = crate::common::http();
    let url = bus.url.clone();
    let created = client
        .post(format!("{url}/v1/groups"))
        .json(&serde_json::json!({"name": "api", "pattern": "h.*", "ack_timeout": "5s"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let puller = {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            client
                .post(format!("{url}/v1/groups/api/pull?member=m&max=10&wait=10s"))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        })
    };
    // The long-poll is waiting; an event arriving now answers it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let url2 = url.clone();
    tokio::task::spawn_blocking(move || emit_many(&url2, "h.one", 1))
        .await
        .unwrap();
    let pulled = tokio::time::timeout(Duration::from_secs(5), puller)
        .await
        .unwrap()
        .unwrap();
    let delivery = &pulled["deliveries"][0];
    assert_eq!(delivery["event"]["type"], "h.one");
    assert_eq!(delivery["attempt"], 1);
    let receipt = delivery["receipt"].as_str().unwrap().to_owned();

    let settle = |action: &str, body: Value| {
        let url = format!("{url}/v1/groups/api/{action}");
        async move { crate::common::post_for_status(&url, Some(body)).await }
    };
    let (status, body) = settle(
        "extend",
        serde_json::json!({"receipts": [receipt], "lease": "1m"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["lease_expires"].is_string());
    let (status, _) = settle(
        "nack",
        serde_json::json!({"receipts": [receipt], "delay": "0s", "error": "later"}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = settle("ack", serde_json::json!({"receipts": [receipt]})).await;
    assert_eq!(status, 409, "a nacked lease cannot be acked");
    assert_eq!(body["error"]["code"], "conflict");
    let again = client
        .post(format!("{url}/v1/groups/api/pull?member=m&max=10&wait=2s"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let retry = &again["deliveries"][0];
    assert_eq!(retry["attempt"], 2);
    let (status, _) = settle("ack", serde_json::json!({"receipts": [retry["receipt"]]})).await;
    assert_eq!(status, 200);
    let (status, body) = settle("ack", serde_json::json!({"receipts": ["9.9", "junk"]})).await;
    assert_eq!(status, 409);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("0 of 2 receipts settled"), "{message}");
    assert!(
        message.contains("9.9") && message.contains("junk"),
        "every failing receipt is named: {message}"
    );
    let (status, _) = get_json(&format!("{url}/v1/groups/nope")).await;
    assert_eq!(status, 404);
    let bad = client
        .post(format!("{url}/v1/groups/api/pull?max=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

crate::on_every_engine!(
    consume_prints_and_acks_so_a_second_run_gets_nothing,
    consume_creates_its_group_on_first_use_from_new_events,
    two_groups_each_get_every_event,
    competing_members_share_the_events_and_handle_each_once,
    bad_input_is_refused_with_the_expected_form,
    reset_and_delete,
    system_events_tell_about_groups_members_and_dead_letters,
    http_pull_ack_nack_extend_and_conflicts,
);
