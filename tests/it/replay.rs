//! Replays through the real binary: to a group alongside live delivery, onto a topic
//! with `replayof`, to stdout and back through `emit --batch`, dry runs, and a job cut
//! by `kill -9` that resumes without repeating itself.

use std::collections::HashSet;
use std::time::Duration;

use evbus::api::replay::{ReplayInfo, ReplayStatus};
use serde_json::Value;

use crate::common::{ChildBus, TestBus, evbus, evbus_at, json_lines, tail_json};
use crate::fixtures::{emit_many, replay_job};

fn seqs(events: &[Value]) -> Vec<u64> {
    events
        .iter()
        .map(|event| event["seq"].as_u64().unwrap())
        .collect()
}

/// The group gets exactly the replayed slice, in order, as fresh deliveries, while live
/// events keep flowing to it; its cursor does not move back.
fn replay_to_a_group_runs_alongside_live_delivery(bus: TestBus) {
    emit_many(&bus.url, "pay.old", 10);
    let history = tail_json(&bus.url, &["pay.*", "--from-start", "--count", "10"]);
    let slice = &seqs(&history)[2..6];
    evbus(&bus)
        .args(["groups", "create", "ledger", "--pattern", "pay.*"])
        .assert()
        .success();
    emit_many(&bus.url, "pay.new", 3);
    let from = slice[0].to_string();
    let to = slice[3].to_string();
    let output = evbus(&bus)
        .args([
            "replay",
            "pay.*",
            "--from-seq",
            &from,
            "--to-seq",
            &to,
            "--group",
            "ledger",
        ])
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let job: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (job["status"].as_str(), job["done"].as_u64()),
        (Some("done"), Some(4))
    );
    emit_many(&bus.url, "pay.new", 2);
    let output = evbus(&bus)
        .args([
            "consume", "pay.*", "--group", "ledger", "--count", "9", "--output", "json",
        ])
        .output()
        .unwrap();
    let delivered = json_lines(&output.stdout);
    let replayed: Vec<u64> = delivered
        .iter()
        .filter(|event| event["type"] == "pay.old")
        .map(|event| event["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(replayed, slice, "exactly the slice, in log order");
    let live = delivered
        .iter()
        .filter(|event| event["type"] == "pay.new")
        .count();
    assert_eq!(live, 5, "live delivery carried on");
}

fn replay_to_a_topic_marks_copies_and_dry_run_changes_nothing(bus: TestBus) {
    emit_many(&bus.url, "src.x", 5);
    let originals = tail_json(&bus.url, &["src.x", "--from-start", "--count", "5"]);
    let before = crate::fixtures::status(&bus.url).events;
    let plan = evbus(&bus)
        .args([
            "replay",
            "src.*",
            "--from-start",
            "--dry-run",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    let plan: Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["events"], 5);
    assert_eq!(plan["topics"]["src.x"], 5);
    assert_eq!(
        crate::fixtures::status(&bus.url).events,
        before,
        "a dry run writes nothing"
    );
    evbus(&bus)
        .args(["replay", "src.*", "--from-start", "--to-topic", "copy.x"])
        .assert()
        .success();
    let copies = tail_json(&bus.url, &["copy.x", "--from-start", "--count", "5"]);
    for (copy, original) in copies.iter().zip(&originals) {
        let expected = format!("{}@{}", original["id"].as_str().unwrap(), original["seq"]);
        assert_eq!(copy["replayof"], expected.as_str());
        assert_eq!(copy["data"], original["data"]);
        assert_ne!(copy["id"], original["id"]);
    }
}

/// Replay to stdout, then `emit --batch` of that output: the same data, byte for byte.
fn stdout_replay_round_trips_through_emit_batch(bus: TestBus) {
    let data = [
        r#"{"a":1,"b":[true,null]}"#,
        r#""text""#,
        r#"{"nested":{"x":1.5e3}}"#,
    ];
    for (n, data) in data.iter().enumerate() {
        evbus(&bus)
            .args([
                "emit",
                "rt.x",
                "--data",
                data,
                "--attr",
                &format!("trace=t{n}"),
            ])
            .assert()
            .success();
    }
    let replayed = evbus(&bus)
        .args(["replay", "rt.x", "--from-start"])
        .output()
        .unwrap();
    assert!(replayed.status.success());
    let other = TestBus::start();
    evbus(&other)
        .args(["emit", "--batch"])
        .write_stdin(replayed.stdout.clone())
        .assert()
        .success();
    let again = evbus(&other)
        .args(["replay", "rt.x", "--from-start"])
        .output()
        .unwrap();
    let data_of = |stdout: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(stdout)
            .lines()
            .map(|line| {
                let raw: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
                    serde_json::from_str(line).unwrap();
                format!("{} {}", raw["data"].get(), raw["trace"].get())
            })
            .collect()
    };
    assert_eq!(data_of(&replayed.stdout).len(), 3);
    assert_eq!(data_of(&replayed.stdout), data_of(&again.stdout));
}

crate::on_every_engine!(
    replay_to_a_group_runs_alongside_live_delivery,
    replay_to_a_topic_marks_copies_and_dry_run_changes_nothing,
    stdout_replay_round_trips_through_emit_batch,
);

/// Waits until the replay job `id` is `done` (as `what` says), and gives it.
fn wait_for(url: &str, id: &str, what: &str, done: impl Fn(&ReplayInfo) -> bool) -> ReplayInfo {
    let what = format!("the replay {what}");
    crate::common::eventually(&what, Duration::from_secs(30), || {
        let job = replay_job(url, id);
        if done(&job) {
            Ok(job)
        } else {
            Err(Box::new(job))
        }
    })
}

/// A job cut by `kill -9` is reported as interrupted with how far it got; `resume` ends
/// it without re-emitting any event twice.
#[test]
fn a_replay_interrupted_by_kill_9_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let server = ChildBus::start(dir.path(), &[]);
    emit_many(&server.url, "job.src", 400);
    let output = evbus_at(&server.url)
        .args([
            "replay",
            "job.src",
            "--from-start",
            "--to-topic",
            "job.copy",
        ])
        .args(["--rate", "200", "--detach", "--output", "json"])
        .output()
        .unwrap();
    let job: Value = serde_json::from_slice(&output.stdout).unwrap();
    let id = job["id"].as_str().unwrap().to_owned();
    wait_for(&server.url, &id, "got going", |job| job.done >= 50);
    server.kill_hard();

    let restarted = ChildBus::start(dir.path(), &[]);
    let job = replay_job(&restarted.url, &id);
    assert_eq!(job.status, ReplayStatus::Interrupted);
    let position = job.position;
    assert!((50..400).contains(&position), "position {position}");
    evbus_at(&restarted.url)
        .args(["replay", "resume", &id])
        .assert()
        .success();
    let job = wait_for(&restarted.url, &id, "finished", |job| {
        job.status == ReplayStatus::Done
    });
    assert_eq!(job.done, 400);
    let copies = tail_json(
        &restarted.url,
        &["job.copy", "--from-start", "--count", "400"],
    );
    let originals: HashSet<&str> = copies
        .iter()
        .map(|copy| copy["replayof"].as_str().unwrap())
        .collect();
    assert_eq!(originals.len(), 400, "every event once");
    let extra = evbus_at(&restarted.url)
        .args([
            "tail",
            "job.copy",
            "--from-seq",
            &(copies[399]["seq"].as_u64().unwrap() + 1).to_string(),
        ])
        .args(["--timeout", "300ms"])
        .assert()
        .code(5);
    drop(extra);
}

#[test]
fn cancel_stops_a_job_and_resume_continues_it() {
    let bus = TestBus::start();
    emit_many(&bus.url, "slow.src", 20);
    let output = evbus(&bus)
        .args([
            "replay",
            "slow.src",
            "--from-start",
            "--to-topic",
            "slow.copy",
        ])
        .args(["--rate", "20", "--detach", "--output", "json"])
        .output()
        .unwrap();
    let id = serde_json::from_slice::<Value>(&output.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    evbus(&bus)
        .args(["replay", "cancel", &id])
        .assert()
        .success();
    let cancelled = replay_job(&bus.url, &id);
    assert_eq!(cancelled.status, ReplayStatus::Cancelled);
    evbus(&bus).args(["replay", "cancel", &id]).assert().code(7);
    evbus(&bus)
        .args(["replay", "resume", &id])
        .assert()
        .success();
    let job = wait_for(&bus.url, &id, "finished", |job| {
        job.status == ReplayStatus::Done
    });
    assert_eq!(job.done, 20);
    let copies = tail_json(&bus.url, &["slow.copy", "--from-start", "--count", "20"]);
    let unique: HashSet<&str> = copies
        .iter()
        .map(|c| c["replayof"].as_str().unwrap())
        .collect();
    assert_eq!(unique.len(), 20);
    evbus(&bus)
        .args(["replay", "show", "nope"])
        .assert()
        .code(4);
    evbus(&bus).args(["replay", "slow.src"]).assert().code(2);
}
