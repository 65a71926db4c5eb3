//! Consumer groups when handling fails: retries with backoff, dead letters and requeue,
//! poison, handler timeouts, leases that outlive a killed member, and Ctrl-C.

use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestBus, evbus, json_lines, tail_json};
use evbus::api::dead_letter::DeadReason;

use crate::fixtures::{create_group, dead_letters, emit_many, group};

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
    assert_eq!(group(&bus.url, "flaky").completed, 1);
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
    assert_eq!(letter.reason, DeadReason::MaxAttempts);
    let event: Value = serde_json::from_str(letter.event.get()).unwrap();
    assert_eq!(event["data"]["n"], 0, "the original event is kept");
    assert_eq!(letter.attempts.len(), 3);
    for (index, attempt) in letter.attempts.iter().enumerate() {
        assert_eq!(attempt.attempt, index as u32 + 1);
        assert_eq!(attempt.error, "exit code 3: card declined");
    }
    assert_eq!(group(&bus.url, "strict").dead, 1);

    let id = &letter.id;
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
    assert_eq!(group(&bus.url, "strict").dead, 0);
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
    assert_eq!(letters[0].reason, DeadReason::Rejected);
    assert_eq!(letters[0].attempts.len(), 1);
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
        letters[0].attempts[0]
            .error
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
        group(&bus.url, "jobs").in_flight,
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
        let in_flight = group(url, group_name).in_flight;
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
        info.completed, 1,
        "the running handler finished and was acked"
    );
    assert_eq!(info.in_flight, 0, "no new work was taken");
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
    assert_eq!((info.completed, info.pending), (0, 1));
}

crate::on_every_engine!(
    a_failing_handler_is_retried_with_backoff_until_it_succeeds,
    an_always_failing_event_is_dead_lettered_then_requeued_and_completed,
    exit_65_rejects_as_poison_at_once,
    emit_turns_handler_output_into_a_linked_event,
    a_stuck_handler_is_killed_at_its_timeout_and_the_attempt_fails,
    a_killed_member_s_event_is_redelivered_after_its_lease,
    ctrl_c_lets_running_handlers_finish_then_exits_130,
    a_second_ctrl_c_stops_handlers_and_nacks_their_events,
);
