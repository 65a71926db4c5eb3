//! Consumer groups through the real binary: competing members, fan-out, retries with
//! backoff, dead letters and requeue, leases that outlive a killed member.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus, evbus_at, get_json, json_lines, tail_json};

/// Emits `count` events on `topic` in one batch, data `{"n": i}`.
pub fn emit_many(url: &str, topic: &str, count: usize) {
    let lines: String = (0..count).map(|n| format!("{{\"n\":{n}}}\n")).collect();
    evbus_at(url)
        .args(["emit", topic, "--batch"])
        .write_stdin(lines)
        .assert()
        .success();
}

fn create_group(url: &str, name: &str, pattern: &str, extra: &[&str]) {
    evbus_at(url)
        .args([
            "groups",
            "create",
            name,
            "--pattern",
            pattern,
            "--start",
            "beginning",
        ])
        .args(extra)
        .assert()
        .success();
}

fn group(url: &str, name: &str) -> Value {
    let output = evbus_at(url)
        .args(["groups", "show", name, "--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

fn dead_letters(url: &str, group: &str) -> Vec<Value> {
    let output = evbus_at(url)
        .args(["dlq", "list", "--group", group, "--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    json_lines(&output.stdout)
}

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
    assert_eq!(info["completed"], 3);
    assert_eq!(info["in_flight"], 0);
}

fn consume_creates_its_group_on_first_use_from_new_events(bus: TestBus) {
    emit_many(&bus.url, "job.old", 2);
    evbus(&bus)
        .args(["consume", "job.*", "--group", "fresh", "--timeout", "300ms"])
        .assert()
        .code(5);
    let info = group(&bus.url, "fresh");
    assert_eq!(info["pattern"], "job.*");
    assert_eq!(info["completed"], 0, "a new group starts at new events");
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

/// A handler failing twice then succeeding: retried after the backoff (the first delay is
/// the minimum, the second at most double), then completed, with EVBUS_ATTEMPT counting.
fn a_failing_handler_is_retried_with_backoff_until_it_succeeds(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    create_group(&bus.url, "flaky", "pay.*", &["--backoff", "400ms..5s"]);
    emit_many(&bus.url, "pay.in", 1);
    let log = dir.path().join("attempts");
    let handler = format!(
        "cat > /dev/null; echo \"$EVBUS_ATTEMPT $(date +%s%3N)\" >> {}; [ \"$EVBUS_ATTEMPT\" -ge 3 ]",
        log.display()
    );
    let output = evbus(&bus)
        .args([
            "consume", "pay.*", "--group", "flaky", "--count", "1", "--output", "json",
        ])
        .args(["--exec", &handler])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outcomes: Vec<String> = json_lines(&output.stdout)
        .iter()
        .map(|handled| handled["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(outcomes, ["nacked", "nacked", "acked"]);
    let times: Vec<(u32, i64)> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|line| {
            let (attempt, ms) = line.split_once(' ').unwrap();
            (attempt.parse().unwrap(), ms.parse().unwrap())
        })
        .collect();
    assert_eq!(times.iter().map(|t| t.0).collect::<Vec<_>>(), [1, 2, 3]);
    let first_gap = times[1].1 - times[0].1;
    let second_gap = times[2].1 - times[1].1;
    assert!(
        (400..1_400).contains(&first_gap),
        "first retry after {first_gap} ms"
    );
    assert!(
        (400..2_000).contains(&second_gap),
        "second retry after {second_gap} ms"
    );
    assert_eq!(group(&bus.url, "flaky")["completed"], 1);
}

/// A handler that always fails: dead-lettered after exactly N attempts with N history
/// entries; `dlq requeue` gives it fresh attempts and a good handler completes it.
fn an_always_failing_event_is_dead_lettered_then_requeued_and_completed(bus: TestBus) {
    create_group(
        &bus.url,
        "strict",
        "order.*",
        &["--max-attempts", "3", "--backoff", "20ms..50ms"],
    );
    emit_many(&bus.url, "order.created", 1);
    evbus(&bus)
        .args([
            "consume",
            "order.*",
            "--group",
            "strict",
            "--timeout",
            "1500ms",
        ])
        .args([
            "--exec",
            "cat > /dev/null; echo 'card declined' >&2; exit 3",
        ])
        .assert()
        .code(5);
    let letters = dead_letters(&bus.url, "strict");
    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert_eq!(letter["reason"], "max_attempts");
    assert_eq!(
        letter["event"]["data"]["n"], 0,
        "the original event is kept"
    );
    let attempts = letter["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3);
    for (index, attempt) in attempts.iter().enumerate() {
        assert_eq!(attempt["attempt"], index as u64 + 1);
        assert_eq!(attempt["error"], "exit code 3: card declined");
    }
    assert_eq!(group(&bus.url, "strict")["dead"], 1);

    let id = letter["id"].as_str().unwrap();
    evbus(&bus)
        .args(["dlq", "show", id])
        .assert()
        .success()
        .stdout(predicate::str::contains("card declined"));
    evbus(&bus)
        .args(["dlq", "requeue", id])
        .assert()
        .success()
        .stdout(predicate::str::contains("requeued 1"));
    let output = evbus(&bus)
        .args([
            "consume", "order.*", "--group", "strict", "--count", "1", "--output", "json",
        ])
        .args(["--exec", "cat > /dev/null"])
        .output()
        .unwrap();
    let handled = &json_lines(&output.stdout)[0];
    assert_eq!(handled["outcome"], "acked");
    assert_eq!(
        handled["attempt"], 1,
        "requeued events start with fresh attempts"
    );
    assert!(dead_letters(&bus.url, "strict").is_empty());
    assert_eq!(group(&bus.url, "strict")["dead"], 0);
}

fn exit_65_rejects_as_poison_at_once(bus: TestBus) {
    create_group(&bus.url, "picky", "doc.*", &[]);
    emit_many(&bus.url, "doc.bad", 1);
    let output = evbus(&bus)
        .args([
            "consume",
            "doc.*",
            "--group",
            "picky",
            "--timeout",
            "500ms",
            "--output",
            "json",
        ])
        .args(["--exec", "cat > /dev/null; echo unparseable >&2; exit 65"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5));
    assert_eq!(json_lines(&output.stdout)[0]["outcome"], "rejected");
    let letters = dead_letters(&bus.url, "picky");
    assert_eq!(letters[0]["reason"], "rejected");
    assert_eq!(letters[0]["attempts"].as_array().unwrap().len(), 1);
}

fn emit_turns_handler_output_into_a_linked_event(bus: TestBus) {
    create_group(&bus.url, "fulfil", "payment.completed", &[]);
    evbus(&bus)
        .args([
            "emit",
            "payment.completed",
            "--data",
            r#"{"order":7}"#,
            "--id",
            "pay-7",
        ])
        .assert()
        .success();
    evbus(&bus)
        .args([
            "consume",
            "payment.completed",
            "--group",
            "fulfil",
            "--count",
            "1",
        ])
        .args([
            "--emit",
            "order.fulfilled",
            "--exec",
            // The handler reads the event and answers; no jq needed on the machine.
            r#"grep -q '"order":7' && echo '{"order":7,"shipped":true}'"#,
        ])
        .assert()
        .success();
    let emitted = tail_json(
        &bus.url,
        &["order.fulfilled", "--from-start", "--count", "1"],
    );
    assert_eq!(
        emitted[0]["data"],
        serde_json::json!({"order": 7, "shipped": true})
    );
    assert_eq!(emitted[0]["causationid"], "pay-7");
    assert_eq!(emitted[0]["correlationid"], "pay-7");
}

fn a_stuck_handler_is_killed_at_its_timeout_and_the_attempt_fails(bus: TestBus) {
    create_group(&bus.url, "slow", "work.*", &["--max-attempts", "1"]);
    emit_many(&bus.url, "work.item", 1);
    evbus(&bus)
        .args(["consume", "work.*", "--group", "slow", "--timeout", "1s"])
        .args(["--handler-timeout", "200ms", "--exec", "sleep 20"])
        .assert()
        .code(5);
    let letters = dead_letters(&bus.url, "slow");
    assert!(
        letters[0]["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .contains("timed out after 200ms"),
        "{letters:?}"
    );
}

/// A member killed mid-handler stops extending its lease; once the lease runs out the
/// event goes to another member as attempt 2.
fn a_killed_member_s_event_is_redelivered_after_its_lease(bus: TestBus) {
    create_group(
        &bus.url,
        "jobs",
        "job.*",
        &["--ack-timeout", "1s", "--backoff", "50ms..100ms"],
    );
    emit_many(&bus.url, "job.long", 1);
    let mut stuck = crate::common::bin()
        .args(["consume", "job.*", "--group", "jobs", "--exec", "sleep 30"])
        .env("EVBUS_URL", &bus.url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_in_flight(&bus.url, "jobs", 1);
    // Outlive one lease: the member extends it while alive.
    std::thread::sleep(Duration::from_millis(1_500));
    assert_eq!(
        group(&bus.url, "jobs")["in_flight"],
        1,
        "a live member keeps its lease"
    );
    stuck.kill().unwrap();
    stuck.wait().unwrap();
    let output = evbus(&bus)
        .args([
            "consume", "job.*", "--group", "jobs", "--count", "1", "--output", "json",
        ])
        .args(["--exec", "cat > /dev/null"])
        .output()
        .unwrap();
    let handled = &json_lines(&output.stdout)[0];
    assert_eq!(handled["attempt"], 2);
    assert_eq!(handled["outcome"], "acked");
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
    let topics: BTreeSet<String> =
        tail_json(&bus.url, &["$evbus.>", "--from-start", "--count", "5"])
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

fn spawn_consumer(url: &str, group: &str, handler: &str) -> std::process::Child {
    crate::common::bin()
        .args(["consume", "ctl.*", "--group", group, "--exec", handler])
        .env("EVBUS_URL", url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_in_flight(url: &str, group_name: &str, count: u64) {
    let what = format!("{count} in flight");
    crate::common::eventually(&what, Duration::from_secs(10), || {
        let in_flight = group(url, group_name)["in_flight"].clone();
        crate::common::when(in_flight == count, in_flight)
    })
}

fn interrupt(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Ctrl-C stops taking work but lets the running handler finish and ack; exit 130.
fn ctrl_c_lets_running_handlers_finish_then_exits_130(bus: TestBus) {
    create_group(&bus.url, "ctl", "ctl.*", &[]);
    emit_many(&bus.url, "ctl.x", 2);
    let consumer = spawn_consumer(&bus.url, "ctl", "cat > /dev/null; sleep 1");
    wait_in_flight(&bus.url, "ctl", 1);
    interrupt(&consumer);
    let output = consumer.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&output.stderr).contains("finishing 1 running handler"));
    let info = group(&bus.url, "ctl");
    assert_eq!(
        info["completed"], 1,
        "the running handler finished and was acked"
    );
    assert_eq!(info["in_flight"], 0, "no new work was taken");
}

/// A second Ctrl-C stops the handlers; their events are nacked for a retry.
fn a_second_ctrl_c_stops_handlers_and_nacks_their_events(bus: TestBus) {
    create_group(&bus.url, "ctl2", "ctl.*", &[]);
    emit_many(&bus.url, "ctl.x", 1);
    let mut consumer = spawn_consumer(&bus.url, "ctl2", "cat > /dev/null; sleep 30");
    wait_in_flight(&bus.url, "ctl2", 1);
    interrupt(&consumer);
    // The first Ctrl-C is taken once it says so; only then is a second one distinct.
    let mut stderr = std::io::BufReader::new(consumer.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("press Ctrl-C again") {
        let read = std::io::BufRead::read_line(&mut stderr, &mut said).unwrap();
        assert!(read > 0, "the consumer never said it is finishing: {said}");
    }
    interrupt(&consumer);
    let started = std::time::Instant::now();
    let status = consumer.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the handler was not stopped"
    );
    let info = group(&bus.url, "ctl2");
    assert_eq!(
        (info["completed"].as_u64(), info["pending"].as_u64()),
        (Some(0), Some(1))
    );
}

crate::on_every_engine!(
    consume_prints_and_acks_so_a_second_run_gets_nothing,
    consume_creates_its_group_on_first_use_from_new_events,
    two_groups_each_get_every_event,
    competing_members_share_the_events_and_handle_each_once,
    a_failing_handler_is_retried_with_backoff_until_it_succeeds,
    an_always_failing_event_is_dead_lettered_then_requeued_and_completed,
    exit_65_rejects_as_poison_at_once,
    emit_turns_handler_output_into_a_linked_event,
    a_stuck_handler_is_killed_at_its_timeout_and_the_attempt_fails,
    a_killed_member_s_event_is_redelivered_after_its_lease,
    bad_input_is_refused_with_the_expected_form,
    reset_and_delete,
    system_events_tell_about_groups_members_and_dead_letters,
    ctrl_c_lets_running_handlers_finish_then_exits_130,
    a_second_ctrl_c_stops_handlers_and_nacks_their_events,
    http_pull_ack_nack_extend_and_conflicts,
);
