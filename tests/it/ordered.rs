//! Ordered groups through the real binary: one event per ordering key at a time, in log
//! order, while other keys and events without a key run in parallel; a failing key
//! holds back only itself, and what an ordered group holds back survives `kill -9`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use evbus::api::group::Settlement;

use crate::common::{ChildBus, TestBus, evbus, evbus_at, eventually, when};
use crate::fixtures::{create_group, dead_letters, event_of, group, pull, settle};

/// A handler that logs `start KEY SEQ MEMBER` and then `end …` (or `fail …`) to `log`,
/// sleeping a few milliseconds in between; MEMBER is the pid of the `evbus consume` that
/// ran it. Each line is one appending write, so the log's order is the order things
/// happened in.
fn logging_handler(log: &Path, fails: &str) -> String {
    let log = log.display();
    format!(
        "echo \"start $EVBUS_KEY $EVBUS_SEQ $PPID\" >> {log}; \
         sleep 0.00$(( EVBUS_SEQ * 7 % 10 )); \
         if {fails}; then echo \"fail $EVBUS_KEY $EVBUS_SEQ $PPID\" >> {log}; exit 1; fi; \
         echo \"end $EVBUS_KEY $EVBUS_SEQ $PPID\" >> {log}"
    )
}

/// `evbus consume` members running `handler`, killed when dropped.
struct Members(Vec<Child>);

impl Members {
    fn start(url: &str, group: &str, handler: &str, count: usize, concurrency: u32) -> Self {
        let members = (0..count)
            .map(|n| {
                crate::common::bin()
                    .args(["consume", "ord.>", "--group", group, "--exec", handler])
                    .args(["--concurrency", &concurrency.to_string()])
                    .args(["--member", &format!("m{n}")])
                    .env("EVBUS_URL", url)
                    .env_remove("EVBUS_TOKEN")
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("evbus consume starts")
            })
            .collect();
        Self(members)
    }
}

impl Drop for Members {
    fn drop(&mut self) {
        for member in &mut self.0 {
            let _ = member.kill();
            let _ = member.wait();
        }
    }
}

/// Emits `keys` × `per_key` keyed events interleaved (`k0`, `k1`, … then again), then
/// `unkeyed` events without a key, in one batch.
fn emit_keyed(url: &str, keys: usize, per_key: usize, unkeyed: usize) {
    let mut lines = String::new();
    for n in 0..keys * per_key {
        let key = n % keys;
        lines.push_str(&format!(
            "{{\"type\":\"ord.keyed\",\"partitionkey\":\"k{key}\",\"data\":{{\"n\":{n}}}}}\n"
        ));
    }
    for n in 0..unkeyed {
        lines.push_str(&format!(
            "{{\"type\":\"ord.plain\",\"data\":{{\"n\":{n}}}}}\n"
        ));
    }
    evbus_at(url)
        .args(["emit", "--batch"])
        .write_stdin(lines)
        .assert()
        .success();
}

/// An ordered group `ledger` on `ord.>` filled by [`emit_keyed`], and a handler that
/// fails the first attempt of every ninth seq, logging to `log`.
struct OrderedRun {
    _dir: tempfile::TempDir,
    log: std::path::PathBuf,
    handler: String,
}

impl OrderedRun {
    fn start(url: &str, keys: usize, per_key: usize, unkeyed: usize) -> Self {
        create_group(
            url,
            "ledger",
            "ord.>",
            &["--ordered", "--backoff", "50ms..50ms"],
        );
        emit_keyed(url, keys, per_key, unkeyed);
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("runs.log");
        let fails = "[ \"$EVBUS_ATTEMPT\" = 1 ] && [ $(( EVBUS_SEQ % 9 )) = 0 ]";
        let handler = logging_handler(&log, fails);
        Self {
            _dir: dir,
            log,
            handler,
        }
    }

    /// Each of `keys` keys completed its `per_key` events in log order, and runs without
    /// a key overlapped (see [`read_runs`]). An event whose run a `killed` member
    /// finished but never acked runs again: only then may a completion repeat, at once.
    fn check(&self, keys: usize, per_key: usize, killed: &[u32]) {
        let (completed, most_unkeyed) = read_runs(&self.log, killed);
        assert_eq!(completed.len(), keys);
        for (key, seqs) in &completed {
            let mut distinct = seqs.clone();
            distinct.dedup();
            if killed.is_empty() {
                assert_eq!(&distinct, seqs, "key {key} completed each event once");
            }
            assert_eq!(distinct.len(), per_key, "key {key}: {seqs:?}");
            assert!(
                distinct.windows(2).all(|pair| pair[0] < pair[1]),
                "key {key} completed in log order: {seqs:?}"
            );
        }
        assert!(
            most_unkeyed > 1,
            "events without a key are not ordered: they ran {most_unkeyed} at a time"
        );
    }
}

/// What the handlers' log shows: for each key, the seqs completed in the order they
/// completed; and the most runs without a key that were running at once. Fails the
/// test if two runs of one key ever overlapped, but for a run of a `killed` member,
/// which never ends.
fn read_runs(log: &Path, killed: &[u32]) -> (BTreeMap<String, Vec<u64>>, usize) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut running: HashMap<String, (u64, u32)> = HashMap::new();
    let mut completed: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let (mut unkeyed, mut most_unkeyed) = (0usize, 0usize);
    for line in text.lines() {
        let mut fields = line.split(' ');
        let (what, key, seq, member) = (fields.next(), fields.next(), fields.next(), fields.next());
        let (Some(what), Some(key), Some(seq), Some(member)) = (what, key, seq, member) else {
            panic!("a handler log line of four fields: {line:?}");
        };
        let seq: u64 = seq.parse().expect("a seq");
        let member: u32 = member.parse().expect("a pid");
        if key.is_empty() {
            match what {
                "start" => unkeyed += 1,
                _ => unkeyed -= 1,
            }
            most_unkeyed = most_unkeyed.max(unkeyed);
            continue;
        }
        match what {
            "start" => match running.insert(key.to_owned(), (seq, member)) {
                Some((_, by)) if killed.contains(&by) => {}
                Some((other, _)) => {
                    panic!("key {key}: event {seq} started while event {other} still ran")
                }
                None => {}
            },
            _ => {
                let run = running.remove(key).map(|(seq, _)| seq);
                assert_eq!(run, Some(seq), "key {key}: {line}");
                if what == "end" {
                    completed.entry(key.to_owned()).or_default().push(seq);
                }
            }
        }
    }
    (completed, most_unkeyed)
}

/// 3 members × 4 handlers over 50 keys × 40 events, some first attempts failing: each
/// key's runs never overlap and complete in log order, once each; events without a key
/// run side by side.
fn each_key_runs_alone_and_in_log_order_while_others_run_in_parallel(bus: TestBus) {
    let (keys, per_key, unkeyed) = (50, 40, 60);
    let run = OrderedRun::start(&bus.url, keys, per_key, unkeyed);
    let handler = &run.handler;
    let members = Members::start(&bus.url, "ledger", handler, 3, 4);
    let total = (keys * per_key + unkeyed) as u64;
    eventually("every event completes", Duration::from_secs(120), || {
        let info = group(&bus.url, "ledger");
        when(
            info.completed == total,
            (info.completed, info.pending, info.keys),
        )
    });
    drop(members);
    run.check(keys, per_key, &[]);
    let info = group(&bus.url, "ledger");
    let keys_now = info.keys.expect("an ordered group reports its keys");
    assert_eq!(
        (keys_now.in_flight, keys_now.waiting, keys_now.blocked_count),
        (0, 0, 0)
    );
}

/// A key whose every attempt fails holds back only its own events until each is
/// dead-lettered (the dead letter names the key); the other keys finish meanwhile.
fn a_failing_key_holds_back_only_itself(bus: TestBus) {
    create_group(
        &bus.url,
        "ledger",
        "ord.>",
        &[
            "--ordered",
            "--max-attempts",
            "2",
            "--backoff",
            // Long enough that a loaded machine finishes the other keys first.
            "1500ms..1500ms",
        ],
    );
    let mut lines = String::new();
    for n in 0..3 {
        lines.push_str(&format!(
            "{{\"type\":\"ord.keyed\",\"partitionkey\":\"bad\",\"data\":{{\"n\":{n}}}}}\n"
        ));
    }
    evbus(&bus)
        .args(["emit", "--batch"])
        .write_stdin(lines)
        .assert()
        .success();
    emit_keyed(&bus.url, 10, 5, 0);
    let dir = tempfile::tempdir().unwrap();
    let handler = logging_handler(&dir.path().join("runs.log"), "[ \"$EVBUS_KEY\" = bad ]");
    let _members = Members::start(&bus.url, "ledger", &handler, 1, 4);
    let blocked = eventually(
        "the bad key is seen blocked",
        Duration::from_secs(20),
        || {
            let keys = group(&bus.url, "ledger").keys.expect("keys");
            match keys.blocked.first() {
                Some(blocked) if keys.blocked_count == 1 => Ok(blocked.clone()),
                _ => Err(keys),
            }
        },
    );
    assert_eq!(blocked.key, "bad");
    eventually("the other keys finish", Duration::from_secs(20), || {
        let info = group(&bus.url, "ledger");
        when(info.completed == 50, info.completed)
    });
    let dead_meanwhile = dead_letters(&bus.url, "ledger").len();
    assert!(
        dead_meanwhile < 3,
        "the other keys finished while the bad key still held its events ({dead_meanwhile} dead)"
    );
    let letters = eventually("the bad key's events die", Duration::from_secs(20), || {
        let letters = dead_letters(&bus.url, "ledger");
        if letters.len() == 3 {
            Ok(letters)
        } else {
            Err(letters.len())
        }
    });
    let seqs: Vec<u64> = letters.iter().map(|letter| letter.seq).collect();
    assert!(
        seqs.windows(2).all(|pair| pair[0] < pair[1]),
        "died in log order: {seqs:?}"
    );
    for letter in &letters {
        assert_eq!(letter.key.as_deref(), Some("bad"));
        assert_eq!(letter.attempts.len(), 2);
        assert_eq!(event_of(letter)["partitionkey"], "bad");
    }
}

/// `groups list` and `groups show` say a group is ordered and where its keys stand.
fn groups_show_an_ordered_group_and_its_keys(bus: TestBus) {
    create_group(&bus.url, "ledger", "ord.>", &["--ordered"]);
    emit_keyed(&bus.url, 2, 2, 0);
    let leased = pull(&bus.url, "ledger", "m", 10, Duration::from_secs(2));
    assert_eq!(leased.len(), 2, "one event per key");
    let receipt = leased[0].receipt.clone();
    let nack = Settlement::Nack {
        delay: Some(Duration::from_secs(60)),
        error: "not yet".into(),
    };
    assert_eq!(settle(&bus.url, "ledger", "m", &[&receipt], nack), 1);
    evbus(&bus)
        .args(["groups", "show", "ledger"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ordered          true"))
        .stdout(predicates::str::contains("keys in flight   1"))
        .stdout(predicates::str::contains("waiting for key  2"))
        .stdout(predicates::str::contains("keys blocked     1"))
        .stdout(
            predicates::str::is_match(r"blocked key +k0 \(event \d+ failed attempt 1, retry at ")
                .unwrap(),
        );
    evbus(&bus)
        .args(["groups", "list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ord.> (ordered)"));
}

/// A requeued dead letter of a key waits for its key like any other event of it.
fn a_requeued_dead_letter_waits_for_its_key(bus: TestBus) {
    create_group(
        &bus.url,
        "ledger",
        "ord.>",
        &["--ordered", "--max-attempts", "1"],
    );
    emit_keyed(&bus.url, 1, 2, 0);
    let pull_now = || pull(&bus.url, "ledger", "m", 10, Duration::from_millis(200));
    let first = pull_now();
    assert_eq!(first.len(), 1);
    let reject = Settlement::Reject {
        error: "bad".into(),
    };
    assert_eq!(
        settle(&bus.url, "ledger", "m", &[&first[0].receipt], reject),
        1
    );
    let second = pull(&bus.url, "ledger", "m", 10, Duration::from_secs(2));
    assert_eq!(second.len(), 1, "the dead letter let its key go");
    let letters = dead_letters(&bus.url, "ledger");
    evbus(&bus)
        .args(["dlq", "requeue", &letters[0].id])
        .assert()
        .success();
    assert!(pull_now().is_empty(), "the key is held by the second event");
    assert_eq!(
        group(&bus.url, "ledger").keys.map(|keys| keys.waiting),
        Some(1)
    );
    assert_eq!(
        settle(
            &bus.url,
            "ledger",
            "m",
            &[&second[0].receipt],
            Settlement::Ack
        ),
        1
    );
    let requeued = pull(&bus.url, "ledger", "m", 10, Duration::from_secs(2));
    assert_eq!(requeued.len(), 1);
    let event: serde_json::Value = serde_json::from_str(requeued[0].event.get()).unwrap();
    assert_eq!(
        event["data"]["n"], 0,
        "the requeued event, once the key is free"
    );
}

crate::on_every_engine!(
    a_requeued_dead_letter_waits_for_its_key,
    each_key_runs_alone_and_in_log_order_while_others_run_in_parallel,
    a_failing_key_holds_back_only_itself,
    groups_show_an_ordered_group_and_its_keys,
);

/// What an ordered group holds back (events waiting for their key, a retry it times
/// itself) is stored with its leases: after `kill -9` the key is still held by the
/// failed event, which comes back first, at its retry time.
#[test]
fn held_back_events_keep_their_places_across_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    create_group(&bus.url, "ledger", "ord.>", &["--ordered"]);
    emit_keyed(&bus.url, 1, 3, 0);
    let first = pull(&bus.url, "ledger", "m", 10, Duration::from_secs(2));
    assert_eq!(first.len(), 1);
    let nack = Settlement::Nack {
        delay: Some(Duration::from_secs(2)),
        error: "later".into(),
    };
    assert_eq!(
        settle(&bus.url, "ledger", "m", &[&first[0].receipt], nack),
        1
    );
    bus.kill_hard();
    let bus = ChildBus::start(dir.path(), &[]);
    let keys = group(&bus.url, "ledger").keys.expect("keys");
    assert_eq!((keys.blocked_count, keys.waiting), (1, 2), "{keys:?}");
    assert!(
        pull(&bus.url, "ledger", "m", 10, Duration::from_millis(300)).is_empty(),
        "the key waits for its failed event's retry"
    );
    let mut order = Vec::new();
    for _ in 0..3 {
        let leased = pull(&bus.url, "ledger", "m", 10, Duration::from_secs(5));
        assert_eq!(leased.len(), 1, "one at a time");
        let event: serde_json::Value = serde_json::from_str(leased[0].event.get()).unwrap();
        order.push(event["data"]["n"].as_u64().unwrap());
        assert_eq!(
            settle(
                &bus.url,
                "ledger",
                "m",
                &[&leased[0].receipt],
                Settlement::Ack
            ),
            1
        );
    }
    assert_eq!(
        order,
        [0, 1, 2],
        "the failed event first, then the rest in log order"
    );
    assert_eq!(first[0].attempt, 1);
}

/// Two members on each of two servers over one JetStream share an ordered group with
/// the same guarantee. The server leading it (the first pulled from) is killed mid-run
/// with its members: once its hold lapses, the other server leads and hands out what
/// the dead one held, each key still one at a time and in order. (An event whose run
/// finished on the dead server but was never acked runs again: completions repeat, in
/// order.)
#[test]
fn servers_share_an_ordered_group_and_a_dead_leader_lets_its_keys_go() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let (keys, per_key, unkeyed) = (20, 20, 20);
    let run = OrderedRun::start(&first.url, keys, per_key, unkeyed);
    let (log, handler) = (&run.log, &run.handler);
    let on_first = Members::start(&first.url, "ledger", handler, 2, 4);
    let completed_count = || {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        text.lines().filter(|line| line.starts_with("end")).count()
    };
    eventually(
        "the first server leads and hands out",
        Duration::from_secs(20),
        || when(completed_count() > 0, 0),
    );
    let _on_second = Members::start(&second.url, "ledger", handler, 2, 4);
    // The server that does not lead shows the keys as the leader has them.
    eventually(
        "keys in flight, seen through the other server",
        Duration::from_secs(20),
        || {
            let keys = group(&second.url, "ledger").keys;
            when(keys.as_ref().is_some_and(|keys| keys.in_flight > 0), keys)
        },
    );
    eventually("a third of the run", Duration::from_secs(60), || {
        let done = completed_count();
        when(done >= (keys * per_key + unkeyed) / 3, done)
    });
    let killed: Vec<u32> = on_first.0.iter().map(Child::id).collect();
    first.kill_hard();
    drop(on_first);
    let total = keys * per_key + unkeyed;
    eventually("every event completes", Duration::from_secs(90), || {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let done: std::collections::HashSet<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("end "))
            .filter_map(|line| line.rsplit_once(' ').map(|(run, _)| run))
            .collect();
        when(done.len() == total, done.len())
    });
    run.check(keys, per_key, &killed);
    let info = group(&second.url, "ledger");
    assert_eq!(info.keys.map(|keys| keys.in_flight), Some(0));
}
