//! Scheduled events through the real binary: appended when due (not before, once), on
//! every engine; repeated until cancelled; idempotent by (source, id); exactly once
//! across `kill -9`; once per bus on JetStream with several servers.

use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{ChildBus, TestBus, evbus, evbus_at, eventually, logged, when};

/// The schedule `emit … --output json` made.
fn scheduled(url: &str, args: &[&str]) -> Value {
    let made = crate::common::ok_json_lines(
        evbus_at(url)
            .arg("emit")
            .args(args)
            .args(["--output", "json"]),
    );
    made[0].clone()
}

/// `--in 2s` is in no tail before it is due and in the log once after, with its own id
/// (from the schedule's and the due time), `scheduleid` and `scheduledfor`.
fn an_event_for_later_is_appended_once_when_due(bus: TestBus) {
    let schedule = scheduled(
        &bus.url,
        &["sch.later", "--in", "2s", "--data", r#"{"n":1}"#],
    );
    let id = schedule["id"].as_str().unwrap().to_owned();
    evbus(&bus)
        .args(["tail", "sch.*", "--from-start", "--timeout", "1s"])
        .assert()
        .code(5)
        .stdout("");
    let first = crate::common::tail_json(&bus.url, &["sch.*", "--from-start", "--count", "1"]);
    let event = &first[0];
    assert_eq!(event["scheduleid"], id.as_str());
    assert_eq!(event["scheduledfor"], schedule["next"]);
    assert_eq!(event["data"]["n"], 1);
    let due = evbus::api::time::parse_rfc3339_ms(schedule["next"].as_str().unwrap()).unwrap();
    let fired = evbus::api::time::parse_rfc3339_ms(event["time"].as_str().unwrap()).unwrap();
    assert!(fired >= due, "not before it was due");
    assert!(
        fired - due < 1_000,
        "fired {} ms after it was due",
        fired - due
    );
    assert!(event["id"].as_str().unwrap().starts_with(&id));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(logged(&bus.url, "sch.*").len(), 1, "once");
    // Fired, a one-off schedule is gone.
    evbus(&bus)
        .args(["schedules", "show", &id])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no schedule"));
}

/// `--every 1s` fires every second until `schedules cancel`; the bus says so on
/// `$evbus.schedule.*`.
fn a_repeating_event_fires_every_period_until_cancelled(bus: TestBus) {
    let schedule = scheduled(&bus.url, &["sch.tick", "--every", "1s"]);
    let id = schedule["id"].as_str().unwrap().to_owned();
    let ticks = eventually("three ticks", Duration::from_secs(10), || {
        let ticks = logged(&bus.url, "sch.tick");
        if ticks.len() >= 3 {
            Ok(ticks)
        } else {
            Err(ticks.len())
        }
    });
    let due: Vec<i64> = ticks
        .iter()
        .map(|tick| {
            evbus::api::time::parse_rfc3339_ms(tick["scheduledfor"].as_str().unwrap()).unwrap()
        })
        .collect();
    assert!(
        due.windows(2).all(|pair| pair[1] - pair[0] == 1_000),
        "one second apart: {due:?}"
    );
    evbus(&bus)
        .args(["schedules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(id.as_str()).and(predicate::str::contains("every 1s")));
    evbus(&bus)
        .args(["schedules", "cancel", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("cancelled schedule"));
    let after_cancel = logged(&bus.url, "sch.tick").len();
    std::thread::sleep(Duration::from_millis(2_200));
    assert_eq!(
        logged(&bus.url, "sch.tick").len(),
        after_cancel,
        "no tick after cancel"
    );
    let news = logged(&bus.url, "$evbus.schedule.>");
    let kinds: Vec<&str> = news
        .iter()
        .map(|event| event["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"$evbus.schedule.created"));
    assert_eq!(kinds.last(), Some(&"$evbus.schedule.cancelled"));
    let fired: Vec<&Value> = news
        .iter()
        .filter(|event| event["type"] == "$evbus.schedule.fired")
        .collect();
    assert_eq!(fired.len(), after_cancel);
    assert_eq!(fired[0]["data"]["schedule"], id.as_str());
    assert_eq!(fired[0]["data"]["seq"], ticks[0]["seq"]);
    assert_eq!(fired[0]["data"]["scheduledfor"], ticks[0]["scheduledfor"]);
}

/// A time in the past, a zero duration, a bad cron expression, `--every` with `--at`: a
/// usage error naming the expected form, and nothing stored. The same (source, id) twice
/// over HTTP is one schedule.
fn bad_timings_are_refused_and_a_producer_id_is_idempotent(bus: TestBus) {
    for (args, says) in [
        (vec!["--at", "2020-01-01T00:00:00Z"], "in the past"),
        (vec!["--in", "0s"], "above zero"),
        (vec!["--every", "-5s"], "above zero"),
        (vec!["--cron", "61 * * *"], "five fields"),
        (
            vec!["--every", "1s", "--at", "2030-01-01T00:00:00Z"],
            "cannot be used with",
        ),
    ] {
        evbus(&bus)
            .args(["emit", "sch.bad"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    let spec = serde_json::json!({
        "event": {"type": "sch.once", "source": "ci", "id": "nightly-7"},
        "cron": "0 3 * * *", "tz": "Europe/Paris",
    });
    let url = format!("{}/v1/schedules", bus.url);
    let post = |body: &Value| {
        crate::common::block_on(crate::common::post_for_status(&url, Some(body.clone())))
    };
    assert_eq!(post(&spec).0, 201);
    let (status, again) = post(&spec);
    assert_eq!(status, 200);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["tz"], "Europe/Paris");
    let bad = serde_json::json!({"event": {"type": "sch.x"}, "in": "1s", "every": "1s"});
    assert_eq!(post(&bad).0, 400);
    let listed =
        crate::common::ok_json_lines(evbus(&bus).args(["schedules", "list", "--output", "json"]));
    assert_eq!(listed[0].as_array().map(Vec::len), Some(1), "{listed:?}");
}

crate::on_every_engine!(
    an_event_for_later_is_appended_once_when_due,
    a_repeating_event_fires_every_period_until_cancelled,
    bad_timings_are_refused_and_a_producer_id_is_idempotent,
);

/// `kill -9` before the due time: the event fires once after the restart, late, with
/// `scheduledfor` saying when it was meant.
#[test]
fn an_event_due_while_the_bus_was_down_fires_once_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    let schedule = scheduled(&bus.url, &["sch.late", "--in", "1s"]);
    bus.kill_hard();
    std::thread::sleep(Duration::from_millis(1_500));
    let bus = ChildBus::start(dir.path(), &[]);
    let fired = crate::common::tail_json(&bus.url, &["sch.late", "--from-start", "--count", "1"]);
    assert_eq!(fired[0]["scheduledfor"], schedule["next"]);
    assert!(
        fired[0]["time"].as_str() > schedule["next"].as_str(),
        "late"
    );
    bus.kill_hard();
    let bus = ChildBus::start(dir.path(), &[]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(logged(&bus.url, "sch.late").len(), 1, "once, never twice");
}

/// On JetStream with two servers a repeating schedule fires once per period for the
/// whole bus, and goes on after the server that made it is killed.
#[test]
fn a_schedule_fires_once_per_bus_and_outlives_its_server() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let schedule = scheduled(&first.url, &["sch.beat", "--every", "1s"]);
    eventually("two beats", Duration::from_secs(10), || {
        let beats = logged(&second.url, "sch.beat").len();
        when(beats >= 2, beats)
    });
    first.kill_hard();
    let before = logged(&second.url, "sch.beat").len();
    eventually(
        "two more beats from the second server",
        Duration::from_secs(10),
        || {
            let beats = logged(&second.url, "sch.beat").len();
            when(beats >= before + 2, beats)
        },
    );
    evbus_at(&second.url)
        .args(["schedules", "cancel", schedule["id"].as_str().unwrap()])
        .assert()
        .success();
    let beats = logged(&second.url, "sch.beat");
    let mut due: Vec<&str> = beats
        .iter()
        .map(|beat| beat["scheduledfor"].as_str().unwrap())
        .collect();
    let fired = due.len();
    due.dedup();
    assert_eq!(due.len(), fired, "each due time fired once: {due:?}");
}
