//! Fixing dead letters through the real binary: counted by error, rewritten by a jq
//! transform (tried first as a dry run), edited in a scripted $EDITOR, and requeued
//! with where they came from.

use std::path::Path;

use evbus::api::dead_letter::DeadLetter;
use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{TestBus, evbus};
use crate::fixtures::all_dead_letters;

/// Fails an event whose amount is a string (exit 3) or missing (exit 4), and keeps
/// every event it was handed in `dir` as `SEQ-ATTEMPT.json`.
fn handler(dir: &Path) -> String {
    format!(
        r#"e=$(cat); printf '%s' "$e" > {dir}/$EVBUS_SEQ-$EVBUS_ATTEMPT.json
case "$e" in
  *'"amount":"'*) echo "amount is a string" >&2; exit 3;;
  *'"amount"'*) exit 0;;
  *) echo "no amount" >&2; exit 4;;
esac"#,
        dir = dir.display()
    )
}

/// Runs the handler on whatever the group has, until nothing comes for a moment.
fn consume(bus: &TestBus, dir: &Path) {
    evbus(bus)
        .args(["consume", "pay.*", "--group", "pay", "--timeout", "1s"])
        .args(["--exec", &handler(dir)])
        .assert()
        .code(5);
}

/// The event the handler last got of `seq`.
fn handed(dir: &Path, seq: u64) -> Value {
    let mut attempts: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(&format!("{seq}-")))
        .collect();
    attempts.sort();
    let last = attempts.last().expect("the handler got the event");
    serde_json::from_slice(&std::fs::read(dir.join(last)).unwrap()).unwrap()
}

fn letter_of(letters: &[DeadLetter], error: &str) -> DeadLetter {
    letters
        .iter()
        .find(|letter| letter.attempts.last().unwrap().error.contains(error))
        .unwrap_or_else(|| panic!("a dead letter failing with '{error}'"))
        .clone()
}

fn dead_letters_are_fixed_and_requeued_with_where_they_came_from(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    crate::fixtures::create_group(&bus.url, "pay", "pay.*", &["--max-attempts", "1"]);
    for data in [
        json!({"amount": "12"}),
        json!({"amount": "13"}),
        json!({"note": 1}),
    ] {
        evbus(&bus)
            .args(["emit", "pay.due", "--data", &data.to_string()])
            .assert()
            .success();
    }
    consume(&bus, dir.path());
    assert_eq!(all_dead_letters(&bus.url).len(), 3);

    // Triage: two different errors, counted apart.
    let summary = evbus(&bus)
        .args(["dlq", "summary", "--output", "json"])
        .output()
        .unwrap();
    let rows: Vec<Value> = String::from_utf8(summary.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let counts: Vec<(u64, &str)> = rows
        .iter()
        .map(|row| {
            (
                row["count"].as_u64().unwrap(),
                row["error"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            (2, "exit code 3: amount is a string"),
            (1, "exit code 4: no amount")
        ]
    );

    // A dry run shows the diff and changes nothing.
    let fix = ["--transform", ".data.amount |= tonumber"];
    evbus(&bus)
        .args([
            "dlq",
            "requeue",
            "--all",
            "--error",
            "amount is a string",
            "--dry-run",
        ])
        .args(fix)
        .assert()
        .success()
        .stdout(predicate::str::contains(r#"-     "amount": "12""#))
        .stdout(predicate::str::contains(r#"+     "amount": 12"#))
        .stderr(predicate::str::contains("would requeue 2"));
    assert_eq!(
        all_dead_letters(&bus.url).len(),
        3,
        "a dry run changes nothing"
    );

    // A transform that fails on one event requeues none.
    let no_amount = letter_of(&all_dead_letters(&bus.url), "no amount");
    evbus(&bus)
        .args(["dlq", "requeue", "--all"])
        .args(fix)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(&no_amount.id))
        .stderr(predicate::str::contains("nothing requeued"));
    assert_eq!(all_dead_letters(&bus.url).len(), 3);

    // Fixed, the events complete and say where they came from.
    let strings = all_dead_letters(&bus.url);
    let twelve = letter_of(&strings, "amount is a string");
    evbus(&bus)
        .args(["dlq", "requeue", "--all", "--error", "amount is a string"])
        .args(fix)
        .assert()
        .success()
        .stdout(predicate::str::contains("requeued 2"));
    consume(&bus, dir.path());
    assert_eq!(
        all_dead_letters(&bus.url).len(),
        1,
        "the fixed ones completed"
    );
    let got = handed(dir.path(), twelve.seq);
    assert!(got["data"]["amount"].is_number(), "{got}");
    assert_eq!(got["requeueof"], twelve.id.as_str());
    assert_eq!(
        (&got["requeues"], &got["requeueedited"]),
        (&json!(1), &json!(true))
    );

    // Requeued unchanged, it dies again: the new dead letter keeps the attempts from
    // before and counts the requeue.
    evbus(&bus)
        .args(["dlq", "requeue", &no_amount.id])
        .assert()
        .success();
    consume(&bus, dir.path());
    let again = letter_of(&all_dead_letters(&bus.url), "no amount");
    assert_eq!(again.requeueof.as_deref(), Some(no_amount.id.as_str()));
    assert_eq!(again.requeues, 1);
    let rounds: Vec<u32> = again.attempts.iter().map(|attempt| attempt.round).collect();
    assert_eq!(rounds, [0, 1], "{:?}", again.attempts);
    assert_eq!(handed(dir.path(), again.seq).get("requeueedited"), None);

    // An editor that changes nothing requeues nothing; one that fixes it does.
    evbus(&bus)
        .args(["dlq", "edit", &again.id])
        .env("EDITOR", "true")
        .env_remove("VISUAL")
        .assert()
        .success()
        .stderr(predicate::str::contains("unchanged"));
    assert_eq!(all_dead_letters(&bus.url).len(), 1);
    evbus(&bus)
        .args(["dlq", "edit", &again.id])
        .env("EDITOR", r#"sed -i 's/"note": 1/"amount": 7/'"#)
        .env_remove("VISUAL")
        .assert()
        .success()
        .stdout(predicate::str::contains("(edited)"));
    consume(&bus, dir.path());
    assert!(
        all_dead_letters(&bus.url).is_empty(),
        "the edited one completed"
    );
    let edited = handed(dir.path(), again.seq);
    assert_eq!(edited["data"], json!({"amount": 7}));
    assert_eq!(
        (&edited["requeues"], &edited["requeueedited"]),
        (&json!(2), &json!(true))
    );
}

/// A group `pay` whose one event on `pay.due` is a dead letter.
fn one_dead_letter(bus: &TestBus) -> DeadLetter {
    crate::fixtures::create_group(&bus.url, "pay", "pay.*", &["--max-attempts", "1"]);
    evbus(bus).args(["emit", "pay.due"]).assert().success();
    evbus(bus)
        .args(["consume", "pay.*", "--group", "pay", "--timeout", "1s"])
        .args(["--exec", "exit 1"])
        .assert()
        .code(5);
    all_dead_letters(&bus.url).remove(0)
}

/// Bad edits and dry-run purges change nothing.
fn a_bad_edit_and_a_dry_run_purge_change_nothing(bus: TestBus) {
    let letter = one_dead_letter(&bus);
    evbus(&bus)
        .args(["dlq", "edit", &letter.id])
        .env(
            "EDITOR",
            r#"sed -i 's/"type": "pay.due"/"type": "pay..due"/'"#,
        )
        .env_remove("VISUAL")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not valid").and(predicate::str::contains("nothing requeued")),
        );
    evbus(&bus)
        .args(["dlq", "purge", "--all", "--dry-run", "--output", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&letter.id));
    evbus(&bus)
        .args(["dlq", "requeue", &letter.id, "--transform", "[1]"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must be a JSON object"));

    assert_eq!(all_dead_letters(&bus.url).len(), 1, "nothing changed");
}

/// A transform may not make an event bigger than the bus takes from producers.
#[test]
fn a_transform_cannot_grow_an_event_past_the_size_limit() {
    let config = evbus::bus::BusConfig {
        max_event_size: 600,
        ..Default::default()
    };
    let bus = TestBus::start_with(config, None);
    let letter = one_dead_letter(&bus);
    let big = format!(".data = \"{}\"", "x".repeat(700));
    evbus(&bus)
        .args(["dlq", "requeue", &letter.id, "--transform", &big])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "over the bus's --max-event-size of 600",
        ));
    assert_eq!(all_dead_letters(&bus.url).len(), 1, "nothing requeued");
}

crate::on_every_engine!(
    dead_letters_are_fixed_and_requeued_with_where_they_came_from,
    a_bad_edit_and_a_dry_run_purge_change_nothing,
);
