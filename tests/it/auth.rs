//! Scoped tokens: `evbus auth` writes the file, `serve --auth` obeys it. Each right
//! allows its own routes and refuses the rest with 403 and exit 9.

use std::path::Path;
use std::time::Duration;

use predicates::prelude::*;

use crate::common::{ChildBus, evbus_at, eventually, when};

/// `evbus auth add NAME RIGHTS… --file FILE`: the token it prints.
fn add_token(file: &Path, name: &str, rights: &[&str]) -> String {
    let output = evbus_at("http://unused")
        .args(["auth", "add", name])
        .args(rights)
        .arg("--file")
        .arg(file)
        .assert()
        .success()
        .stderr(predicate::str::contains("shown only now"))
        .get_output()
        .clone();
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("evb_"), "{token}");
    token
}

fn as_token(bus: &ChildBus, token: &str) -> assert_cmd::Command {
    let mut command = evbus_at(&bus.url);
    command.env("EVBUS_TOKEN", token);
    command
}

fn refused(command: &mut assert_cmd::Command, lacks: &str) {
    command
        .assert()
        .code(9)
        .stderr(predicate::str::contains(lacks));
}

#[test]
fn each_right_allows_its_own_routes_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let publisher = add_token(&file, "publisher", &["--publish", "order.*"]);
    let reader = add_token(&file, "reader", &["--subscribe", "order.>", "--read"]);
    let consumer = add_token(&file, "consumer", &["--consume", "billing-*"]);
    let admin = add_token(&file, "ops", &["--admin"]);
    let text = std::fs::read_to_string(&file).unwrap();
    for token in [&publisher, &reader, &consumer, &admin] {
        assert!(
            !text.contains(&token["evb_".len()..]),
            "the file keeps hashes only"
        );
    }
    let bus = ChildBus::serve(&[
        "--memory".into(),
        "--auth".into(),
        file.display().to_string(),
    ]);

    // Publish: only on its topics.
    as_token(&bus, &publisher)
        .args(["emit", "order.created", "--data", "{\"id\": 1}"])
        .assert()
        .success();
    refused(
        as_token(&bus, &publisher).args(["emit", "user.created", "--data", "{}"]),
        "lacks publish on 'user.created'",
    );
    refused(
        as_token(&bus, &publisher).args(["groups", "list"]),
        "lacks read",
    );
    refused(
        as_token(&bus, &publisher).args(["tail", "order.*"]),
        "lacks subscribe",
    );

    // Read and subscribe: looking, not changing.
    as_token(&bus, &reader)
        .args(["groups", "list"])
        .assert()
        .success();
    as_token(&bus, &reader)
        .args(["dlq", "list"])
        .assert()
        .success();
    let tail = as_token(&bus, &reader)
        .args([
            "tail",
            ">",
            "--from-start",
            "--count",
            "1",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let event: serde_json::Value = serde_json::from_slice(&tail.get_output().stdout).unwrap();
    assert_eq!(event["type"], "order.created");
    refused(
        as_token(&bus, &reader).args(["groups", "create", "billing-eu", "--pattern", "order.*"]),
        "lacks admin",
    );
    refused(
        as_token(&bus, &reader).args(["emit", "order.created"]),
        "lacks publish",
    );

    // Admin: changes things, but reads no events.
    as_token(&bus, &admin)
        .args([
            "groups",
            "create",
            "billing-eu",
            "--pattern",
            "order.*",
            "--start",
            "beginning",
        ])
        .assert()
        .success();
    as_token(&bus, &admin)
        .args(["groups", "create", "shipping", "--pattern", "order.*"])
        .assert()
        .success();
    refused(
        as_token(&bus, &admin).args(["tail", "order.*"]),
        "lacks subscribe",
    );

    // Consume: its groups only.
    as_token(&bus, &consumer)
        .args([
            "consume",
            "order.*",
            "--group",
            "billing-eu",
            "--count",
            "1",
        ])
        .assert()
        .success();
    refused(
        as_token(&bus, &consumer)
            .args(["consume", "order.*", "--group", "shipping", "--count", "1"]),
        "lacks consume group 'shipping'",
    );
    refused(
        as_token(&bus, &consumer).args(["dlq", "purge", "--all", "--yes"]),
        "lacks",
    );

    // Status answers every token with what it may do.
    as_token(&bus, &consumer)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("consumer: may consume billing-*"));
    let status = as_token(&bus, &publisher)
        .args(["status", "--output", "json"])
        .assert()
        .success();
    let status: serde_json::Value = serde_json::from_slice(&status.get_output().stdout).unwrap();
    assert_eq!(status["caller"]["token"], "publisher");
    assert_eq!(
        status["caller"]["rights"]["publish"],
        serde_json::json!(["order.*"])
    );
    // A token the file does not hold is no token at all.
    as_token(&bus, "evb_not-a-token")
        .arg("status")
        .assert()
        .code(6);
}

#[test]
fn a_tail_sees_only_the_topics_its_token_may_subscribe_to() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let narrow = add_token(&file, "narrow", &["--subscribe", "order.*"]);
    let bus = ChildBus::serve(&[
        "--memory".into(),
        "--auth".into(),
        file.display().to_string(),
        "--token".into(),
        "full-rights".into(),
    ]);
    for topic in [
        "order.created",
        "payment.taken",
        "order.paid",
        "user.created",
    ] {
        as_token(&bus, "full-rights")
            .args(["emit", topic, "--data", "{}"])
            .assert()
            .success();
    }
    let tail = as_token(&bus, &narrow)
        .args([
            "tail",
            ">",
            "--from-start",
            "--count",
            "2",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let topics: Vec<String> = crate::common::json_lines(&tail.get_output().stdout)
        .iter()
        .map(|event| event["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(topics, ["order.created", "order.paid"]);
}

#[test]
fn sighup_reads_the_auth_file_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let first = add_token(&file, "first", &["--read"]);
    let bus = ChildBus::serve(&[
        "--memory".into(),
        "--auth".into(),
        file.display().to_string(),
    ]);
    let second = add_token(&file, "second", &["--read"]);
    as_token(&bus, &second).arg("status").assert().code(6);
    evbus_at("http://unused")
        .args(["auth", "remove", "first", "--file"])
        .arg(&file)
        .assert()
        .success();
    bus.signal("HUP");
    eventually("the new token is known", Duration::from_secs(10), || {
        let output = as_token(&bus, &second).arg("status").output().unwrap();
        when(
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    });
    as_token(&bus, &first).arg("status").assert().code(6);
    let listed = evbus_at("http://unused")
        .args(["auth", "list", "--file"])
        .arg(&file)
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    assert!(
        listed.contains("second") && !listed.contains("first"),
        "{listed}"
    );
}

#[test]
fn only_a_token_that_may_consume_the_responder_group_can_answer_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let asker = add_token(&file, "asker", &["--subscribe", "rpc.*"]);
    let responder = add_token(&file, "responder", &["--consume", "rpc-workers"]);
    // Sees the request and may publish anywhere, but consumes nothing.
    let forger = add_token(&file, "forger", &["--subscribe", "rpc.*", "--publish", ">"]);
    let ops = add_token(&file, "ops", &["--admin"]);
    let bus = ChildBus::serve(&[
        "--memory".into(),
        "--auth".into(),
        file.display().to_string(),
    ]);
    as_token(&bus, &ops)
        .args(["groups", "create", "rpc-workers", "--pattern", "rpc.add"])
        .assert()
        .success();
    let mut worker = crate::common::bin()
        .args([
            "--server",
            &bus.url,
            "reply",
            "rpc.add",
            "--group",
            "rpc-workers",
        ])
        .args(["--exec", "echo 42"])
        .env("EVBUS_TOKEN", &responder)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A request with no member listening is refused at once: wait for the responder.
    eventually("the responder joins", Duration::from_secs(10), || {
        let output = as_token(&bus, &ops)
            .args(["groups", "show", "rpc-workers", "--output", "json"])
            .output()
            .unwrap();
        let group: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let members = group["members"].as_array().map_or(0, Vec::len);
        when(members > 0, members)
    });
    let answer = as_token(&bus, &asker)
        .args(["request", "rpc.add", "--data", "1", "--timeout", "10s"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&answer.get_output().stdout).trim(),
        "42"
    );
    let _ = worker.kill();
    let _ = worker.wait();

    // The forger answers the request it saw, naming it as a real reply does.
    let seen = as_token(&bus, &forger)
        .args([
            "tail",
            "rpc.add",
            "--from-start",
            "--count",
            "1",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let request: serde_json::Value = serde_json::from_slice(&seen.get_output().stdout).unwrap();
    let forged = serde_json::json!({
        "specversion": "1.0", "type": "_inbox", "source": "forger", "id": "forged-1",
        "correlationid": request["correlationid"], "requestseq": request["seq"], "data": 666,
    });
    let (status, body) = crate::common::block_on(async {
        let response = crate::common::http()
            .post(format!("{}/v1/events", bus.url))
            .bearer_auth(&forger)
            .json(&forged)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    });
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("lacks consume on a group that receives it"),
        "{body}"
    );
}
