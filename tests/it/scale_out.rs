//! Several `evbus serve` processes over one NATS are one bus.

use assert_cmd::prelude::*;
use predicates::prelude::*;

use crate::common::{ChildBus, evbus_at, status, tail_json};
use std::time::Duration;

use crate::common::post_json;
use crate::nats::{NatsPrefix, PrivateNats};

/// An event emitted through either server is seen by tails on both, and both report the
/// same log and the NATS behind it.
#[test]
fn two_servers_on_one_nats_are_one_bus() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args(["emit", "order.created", "--data", r#"{"via":"first"}"#])
        .assert()
        .success();
    evbus_at(&second.url)
        .args(["emit", "order.created", "--data", r#"{"via":"second"}"#])
        .assert()
        .success();
    for server in [&first, &second] {
        let events = tail_json(
            &server.url,
            &["order.created", "--from-start", "--count", "2"],
        );
        let via: Vec<&str> = events
            .iter()
            .map(|event| event["data"]["via"].as_str().unwrap())
            .collect();
        assert_eq!(via, ["first", "second"], "on {}", server.url);
    }
    let (a, b) = (status(&first.url), status(&second.url));
    assert_eq!(a["engine"], "nats");
    assert_eq!(a["last_seq"], b["last_seq"]);
    assert_eq!(a["nats"]["prefix"], prefix.prefix.as_str());
    assert_eq!(a["nats"]["connected"], true);
    let streams = a["nats"]["streams"].as_array().unwrap();
    assert_eq!(
        streams.len(),
        7,
        "events, state, dead letters, members, direct, attempts, settled: {a}"
    );
    assert!(streams[0]["messages"].as_u64().unwrap() >= 4, "{a}");
    evbus_at(&first.url)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "prefix {}",
            prefix.prefix
        )));
}

/// A live tail on one server sees what is emitted through the other as it happens.
#[test]
fn a_live_tail_follows_events_emitted_elsewhere() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let tail = crate::common::bin()
        .args(["tail", "live.>", "--count", "1", "--timeout", "20s"])
        .args(["--output", "json", "--server", &second.url])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    crate::common::wait_for_open_streams(&second.url, 1);
    evbus_at(&first.url)
        .args(["emit", "live.one", "--data", "1"])
        .assert()
        .success();
    let output = tail.wait_with_output().unwrap();
    assert!(output.status.success());
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(event["type"], "live.one");
}

/// No NATS at the given address: a one-line error naming it, exit 3, nothing served.
#[test]
fn engine_takes_a_comma_separated_list_of_a_cluster_s_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let mut args = prefix.serve_args();
    // The first server is down: the list is the cluster's, any live one serves.
    args[1] = format!("nats://127.0.0.1:1,{}", args[1]);
    let bus = ChildBus::serve(&args);
    evbus_at(&bus.url)
        .args(["emit", "order.created", "--data", "{}"])
        .assert()
        .success();
    assert_eq!(status(&bus.url)["engine"], "nats");
    crate::common::bin()
        .args(["serve", "--engine", "nats://127.0.0.1:4222,nats://:x"])
        .env_remove("EVBUS_DATA_DIR")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a NATS server URL"));
}

#[test]
fn serve_without_nats_fails_fast_with_exit_3() {
    let output = crate::common::bin()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--engine",
            "nats://127.0.0.1:1",
        ])
        .env_remove("EVBUS_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach NATS at nats://127.0.0.1:1"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(output.stdout.is_empty(), "nothing listened");
}

/// A bad engine or prefix is a usage error.
#[test]
fn bad_engine_flags_are_usage_errors() {
    for args in [
        &["--engine", "redis://127.0.0.1"][..],
        &["--engine", "nats://127.0.0.1:4222", "--nats-prefix", "a.b"][..],
    ] {
        crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("EVBUS_DATA_DIR")
            .assert()
            .code(2);
    }
}

/// NATS lost while serving: requests fail with 503 (exit 1) instead of hanging, and the
/// server reconnects on its own once NATS is back, with everything acknowledged before.
#[test]
fn a_lost_nats_means_503_until_it_is_back() {
    let Some(mut nats) = PrivateNats::start() else {
        return;
    };
    let bus = ChildBus::serve(&["--engine".into(), nats.url.clone()]);
    let emit = |data: &str| {
        evbus_at(&bus.url)
            .args(["emit", "up.down", "--data", data])
            .output()
            .unwrap()
    };
    assert!(emit("1").status.success());
    nats.kill();
    let refused = emit("2");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("NATS"), "the error names NATS: {stderr}");

    nats.resume().unwrap();
    crate::common::eventually("the bus reconnects", Duration::from_secs(30), || {
        let output = emit("3");
        crate::common::when(output.status.success(), output)
    });
    let data: Vec<serde_json::Value> =
        tail_json(&bus.url, &["up.down", "--from-start", "--count", "2"])
            .into_iter()
            .map(|event| event["data"].clone())
            .collect();
    assert_eq!(data, [serde_json::json!(1), serde_json::json!(3)]);
    // What NATS kept in memory (who is a member) is set up again: status and presence
    // work without restarting evbus.
    crate::common::wait_until_status_answers(
        &bus.url,
        Duration::from_secs(30),
        "status never worked again after the NATS restart",
    );
    let _responder = crate::patterns::Responder::start_at(
        &bus.url,
        "svc.echo",
        "echo",
        "cat > /dev/null; echo pong",
    );
    evbus_at(&bus.url)
        .args(["request", "svc.echo", "--data", "{}", "--timeout", "10s"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pong"));
}

/// Replay jobs are the bus's, not a server's: started through either server, listed,
/// cancelled and resumed through either; a job whose server dies is interrupted, and
/// another server resumes it where it stopped.
#[test]
fn replay_jobs_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    crate::groups::emit_many(&first.url, "old.x", 20);
    let start = |url: &str, to: &str, rate: &str| {
        let job = crate::common::ok_json_lines(
            evbus_at(url)
                .args(["replay", "old.*", "--from-start"])
                .args([
                    "--to-topic",
                    to,
                    "--rate",
                    rate,
                    "--detach",
                    "--output",
                    "json",
                ]),
        );
        job[0]["id"].as_str().unwrap().to_owned()
    };
    let job = |url: &str, id: &str| {
        crate::common::ok_json_lines(evbus_at(url).args(["replay", "show", id, "--output", "json"]))
            .remove(0)
    };
    let wait_for = |url: &str, id: &str, status: &str| {
        let what = format!("the job is {status}");
        crate::common::eventually(&what, Duration::from_secs(30), || {
            let info = job(url, id);
            if info["status"] == status {
                Ok(info)
            } else {
                Err(info)
            }
        })
    };

    // Started through each server, both run to the end; either server lists both.
    let fast_first = start(&first.url, "copy.a", "100000");
    let fast_second = start(&second.url, "copy.b", "100000");
    wait_for(&second.url, &fast_first, "done");
    wait_for(&first.url, &fast_second, "done");
    let listed = crate::common::ok_json_lines(
        evbus_at(&second.url).args(["replay", "list", "--output", "json"]),
    );
    assert_eq!(listed[0].as_array().map(Vec::len), Some(2), "{listed:?}");

    // Cancelled through the server that does not run it: it stops where it runs.
    let slow = start(&first.url, "copy.c", "4");
    let running = job(&second.url, &slow);
    assert_eq!(running["status"], "running", "{running}");
    evbus_at(&second.url)
        .args(["replay", "cancel", &slow])
        .assert()
        .success();
    let cancelled = wait_for(&first.url, &slow, "cancelled");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        job(&first.url, &slow)["done"],
        cancelled["done"],
        "it stopped"
    );

    // Its server dies: interrupted; resumed through the other, it ends there.
    let orphan = start(&first.url, "copy.d", "4");
    while job(&first.url, &orphan)["done"] == 0 {
        std::thread::sleep(Duration::from_millis(50));
    }
    first.kill_hard();
    wait_for(&second.url, &orphan, "interrupted");
    evbus_at(&second.url)
        .args(["replay", "resume", &orphan])
        .assert()
        .success();
    let done = wait_for(&second.url, &orphan, "done");
    assert_eq!(done["done"], 20, "{done}");
    let copies = tail_json(&second.url, &["copy.d", "--from-start", "--count", "20"]);
    let originals: std::collections::HashSet<String> = copies
        .iter()
        .map(|copy| copy["replayof"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(originals.len(), 20, "each event copied once");
}

/// Routes are the bus's, not a server's: added through one server, they forward events
/// emitted through either, each once; removed through the other, they stop everywhere.
#[test]
fn routes_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "order.*",
            "--to-topic",
            "audit.big",
        ])
        .args(["--filter", ".data.n >= 5"])
        .assert()
        .success();
    evbus_at(&second.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "x.*",
            "--to-topic",
            "x.y",
        ])
        .assert()
        .code(7);
    crate::groups::emit_many(&first.url, "order.placed", 10);
    crate::groups::emit_many(&second.url, "order.placed", 10);
    let copies = tail_json(&second.url, &["audit.big", "--from-start", "--count", "10"]);
    let mut data: Vec<u64> = copies
        .iter()
        .map(|event| event["data"]["n"].as_u64().unwrap())
        .collect();
    data.sort_unstable();
    assert_eq!(data, [5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    let topics: serde_json::Value = serde_json::from_slice(
        &evbus_at(&first.url)
            .args(["topics", "--output", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let big = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|topic| topic["topic"] == "audit.big")
        .unwrap();
    assert_eq!(big["events"], 10, "each copy once");
    evbus_at(&second.url)
        .args(["routes", "remove", "big"])
        .assert()
        .success();
    evbus_at(&first.url)
        .args(["routes", "remove", "big"])
        .assert()
        .code(4);
}

/// Members of one group attached to different servers share its events: every event is
/// handled, by one member only, and both servers' members get some. (The group is a
/// JetStream durable consumer both servers take from.)
#[test]
fn members_on_two_servers_share_a_group() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args(["groups", "create", "workers", "--pattern", "job.>"])
        .assert()
        .success();
    let consume = |url: &str| {
        crate::common::bin()
            .args(["consume", "job.>", "--group", "workers", "--timeout", "5s"])
            .args(["--output", "json", "--server", url])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let observer = ChildBus::serve(&prefix.serve_args());
    crate::common::ok_json_lines(
        evbus_at(&observer.url).args(["groups", "show", "workers", "--output", "json"]),
    );
    let consumers = [consume(&first.url), consume(&second.url)];
    for server in [&first, &second] {
        // Each server lists both members: its own and the other's.
        crate::common::wait_for_members(&server.url, "workers", 2);
    }
    crate::groups::emit_many(&first.url, "job.run", 2_000);
    let mut seen = Vec::new();
    for consumer in consumers {
        // Drained: `--timeout` ends it with exit 5 once nothing more comes.
        let output = consumer.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(5),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let ids: Vec<String> = crate::common::json_lines(&output.stdout)
            .iter()
            .map(|event| event["id"].as_str().unwrap().to_owned())
            .collect();
        seen.push(ids);
    }
    assert!(
        seen.iter().all(|ids| !ids.is_empty()),
        "both servers' members got events: {} and {}",
        seen[0].len(),
        seen[1].len()
    );
    let all: std::collections::HashSet<&String> = seen.iter().flatten().collect();
    assert_eq!(
        seen[0].len() + seen[1].len(),
        2_000,
        "each event handled once"
    );
    assert_eq!(all.len(), 2_000, "every event handled");
    // Every server measures lag from the shared queue, a server whose members took
    // nothing too (only the bus's own trailing events, member.left and the like, remain),
    // and counts what every server completed, as the servers report it.
    for server in [&first, &second, &observer] {
        let what = "lag under 10 and 2,000 completed";
        crate::common::eventually(what, Duration::from_secs(10), || {
            let info = crate::common::ok_json_lines(
                evbus_at(&server.url).args(["groups", "show", "workers", "--output", "json"]),
            );
            let (lag, completed) = (&info[0]["lag"], &info[0]["completed"]);
            crate::common::when(
                lag.as_u64().unwrap() < 10 && completed == 2_000,
                (lag.clone(), completed.clone()),
            )
        });
    }
}

/// Killing one server loses nothing of a shared group: what its member held goes to a
/// member on another server once the dead server's hold on it runs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_s_group_events_go_to_the_other_server() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let spec = serde_json::json!({ "name": "work", "pattern": "task.>", "ack_timeout": "5m" });
    create_and_fill(&first.url, spec, "task.run", 50).await;
    let held = pull(&first.url, "work", "doomed", 10, "5s").await;
    let held: Vec<String> = held["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| delivery["event"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(held.len(), 10);
    first.kill_hard();

    let url = second.url.clone();
    let consumed = tokio::task::spawn_blocking(move || {
        crate::common::ok_json_lines(
            evbus_at(&url)
                .args(["consume", "task.>", "--group", "work", "--count", "50"])
                .args(["--timeout", "25s", "--output", "json"]),
        )
    })
    .await
    .unwrap();
    let ids: std::collections::HashSet<String> = consumed
        .iter()
        .map(|event| event["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 50, "every event, once");
    assert!(
        held.iter().all(|id| ids.contains(id)),
        "the dead server's held events came back"
    );
}

/// A server that dies during an event's last attempt does not take the event with it:
/// JetStream hands it out once more, and the server that gets it has no attempt left to
/// make, so it buries it as expired, saying the lease was lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_whose_last_attempt_died_with_its_server_is_dead_lettered() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let spec = serde_json::json!({
        "name": "last", "pattern": "l.*", "max_attempts": 1, "ack_timeout": "5m"
    });
    create_and_fill(&first.url, spec, "l.x", 1).await;
    let pulled = pull(&first.url, "last", "a", 1, "5s").await;
    assert_eq!(pulled["deliveries"][0]["attempt"], 1, "{pulled}");
    first.kill_hard();

    // A member of the second server pulls until the hold lapses: it gets nothing to do,
    // and the event turns up in the dead letters.
    let url = second.url.clone();
    let letters =
        crate::common::eventually_async("dead-lettered", Duration::from_secs(30), || async {
            let pulled = pull(&url, "last", "b", 1, "1s").await;
            assert_eq!(pulled["deliveries"], serde_json::json!([]), "{pulled}");
            let (_, letters) = crate::common::get_json(&format!("{url}/v1/dlq")).await;
            let any = letters
                .as_array()
                .is_some_and(|letters| !letters.is_empty());
            if any { Ok(letters) } else { Err(letters) }
        })
        .await;
    let letter = &letters[0];
    assert_eq!(letter["reason"], "expired", "{letters}");
    assert_eq!(letter["attempts"][0]["attempt"], 1, "{letter}");
    assert!(
        letter["attempts"][0]["error"]
            .as_str()
            .is_some_and(|error| error.contains("lease lost")),
        "{letter}"
    );
    let (_, info) = crate::common::get_json(&format!("{}/v1/groups/last", second.url)).await;
    assert_eq!(
        (info["pending"].as_u64(), info["dead"].as_u64()),
        (Some(0), Some(1))
    );
}

/// Behind a load balancer a member's ack may reach another server than its pull did: a
/// receipt names the server that leased the event, and any server relays it there.
/// A receipt whose server is gone is a conflict that says what happens next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_settles_through_any_server() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let spec = serde_json::json!({ "name": "lb", "pattern": "lb.*", "ack_timeout": "5m" });
    create_and_fill(&first.url, spec, "lb.x", 3).await;
    let pulled = pull(&first.url, "lb", "m", 3, "5s").await;
    let receipts = crate::common::receipts_of(&pulled);
    assert_eq!(receipts.len(), 3, "{pulled}");
    let settle = |url: &str, action: &str, body: serde_json::Value| {
        let url = format!("{url}/v1/groups/lb/{action}?member=m");
        async move { crate::common::post_for_status(&url, Some(body)).await }
    };

    let extended = settle(
        &second.url,
        "extend",
        serde_json::json!({ "receipts": [receipts[0]], "lease": "10m" }),
    )
    .await;
    assert_eq!(extended.0, 200, "{extended:?}");
    assert!(extended.1["lease_expires"].is_string(), "{extended:?}");
    let acked = settle(
        &second.url,
        "ack",
        serde_json::json!({ "receipts": [receipts[0], receipts[1]] }),
    )
    .await;
    assert_eq!(acked, (200, serde_json::json!({ "settled": 2 })));
    let again = settle(
        &second.url,
        "ack",
        serde_json::json!({ "receipts": [receipts[0]] }),
    )
    .await;
    assert_eq!(again.0, 409, "{again:?}");
    let (_, info) = crate::common::get_json(&format!("{}/v1/groups/lb", first.url)).await;
    assert_eq!(
        (info["completed"].as_u64(), info["in_flight"].as_u64()),
        (Some(2), Some(1))
    );

    first.kill_hard();
    let orphan = settle(
        &second.url,
        "ack",
        serde_json::json!({ "receipts": [receipts[2]] }),
    )
    .await;
    assert_eq!(orphan.0, 409, "{orphan:?}");
    assert!(
        orphan.1["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("the server that leased it is gone")),
        "{orphan:?}"
    );
}

/// A group's consumer on the log filters on the group's pattern, so other topics never
/// reach it and lag counts only what is the group's to take; addressed events reach it
/// through a consumer of their own, which a group stored before that consumer existed
/// gets when a server starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_s_consumer_filters_on_its_pattern() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let bus = ChildBus::serve(&prefix.serve_args());
    let spec = serde_json::json!({ "name": "orders", "pattern": "order.*" });
    create_and_fill(&bus.url, spec, "order.created", 3).await;
    let url = bus.url.clone();
    tokio::task::spawn_blocking(move || crate::groups::emit_many(&url, "noise.x", 50))
        .await
        .unwrap();
    let client = async_nats::connect(crate::nats::nats_url()).await.unwrap();
    let jetstream = async_nats::jetstream::new(client);
    let events = jetstream
        .get_stream(format!("{}_EVENTS", prefix.prefix.to_uppercase()))
        .await
        .unwrap();
    let plain = events.consumer_info("G-orders").await.unwrap();
    assert_eq!(
        plain.config.filter_subject,
        format!("{}.events.order.*", prefix.prefix)
    );
    assert_eq!(plain.num_pending, 3, "only the group's topics");
    let (_, info) = crate::common::get_json(&format!("{}/v1/groups/orders", bus.url)).await;
    assert_eq!(info["lag"], 3, "{info}");

    // A group stored before addressed events had a consumer of their own.
    events.delete_consumer("A-orders").await.unwrap();
    drop(bus);
    let bus = ChildBus::serve(&prefix.serve_args());
    evbus_at(&bus.url)
        .args(["emit", "noise.y", "--to", "orders", "--data", "{}"])
        .assert()
        .success();
    let pulled = pull(&bus.url, "orders", "m", 10, "5s").await;
    let topics: Vec<&str> = pulled["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| delivery["event"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        topics,
        ["order.created", "order.created", "order.created", "noise.y"]
    );
}

/// Request/reply across servers: a responder attached to one server answers a request
/// made through the other, and "no responders" still means none on any server.
#[test]
fn a_request_through_one_server_is_answered_by_a_responder_on_the_other() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .assert()
        .code(8);
    let _adder = crate::patterns::Responder::start_at(
        &first.url,
        "math.add",
        "adders",
        r#"read -r request; echo '{"sum":5}'"#,
    );
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .args(["--timeout", "10s"])
        .assert()
        .success()
        .stdout("{\"sum\":5}\n");
}

/// A NATS that wants a user and password: serve connects with them, and without them
/// (or with the wrong ones) fails at once with exit 3 and a line that says so.
#[test]
fn serve_authenticates_to_nats() {
    let Some(nats) = PrivateNats::start_with(&["--user", "evbus", "--pass", "s3cret"]) else {
        return;
    };
    let serve = |extra: &[&str]| {
        crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--engine", &nats.url])
            .args(extra)
            .env_remove("EVBUS_DATA_DIR")
            .output()
            .unwrap()
    };
    for wrong in [
        &[][..],
        &["--nats-user", "evbus", "--nats-password", "nope"][..],
    ] {
        let refused = serve(wrong);
        assert_eq!(refused.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("cannot reach NATS"), "{stderr}");
        assert!(stderr.contains("authorization violation"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
    let bus = ChildBus::serve(&[
        "--engine".into(),
        nats.url.clone(),
        "--nats-user".into(),
        "evbus".into(),
        "--nats-password".into(),
        "s3cret".into(),
    ]);
    evbus_at(&bus.url)
        .args(["emit", "auth.ok", "--data", "1"])
        .assert()
        .success();
}

/// Dead letters are one list for the bus: buried through one server, requeued through
/// the other, and delivered again to the group's members wherever they attach.
#[test]
fn dead_letters_requeued_through_one_server_reach_members_of_the_other() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args(["groups", "create", "dead", "--pattern", "dead.*"])
        .args(["--max-attempts", "1"])
        .assert()
        .success();
    crate::groups::emit_many(&first.url, "dead.x", 3);
    evbus_at(&first.url)
        .args(["consume", "dead.*", "--group", "dead", "--timeout", "1s"])
        .args(["--exec", "exit 1"])
        .assert()
        .code(5);
    let listed = evbus_at(&second.url)
        .args(["dlq", "list", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(crate::common::json_lines(&listed.stdout).len(), 3);
    evbus_at(&second.url)
        .args(["dlq", "requeue", "--all", "--group", "dead"])
        .assert()
        .success();
    let data: Vec<u64> = crate::common::ok_json_lines(
        evbus_at(&first.url)
            .args(["consume", "dead.*", "--group", "dead", "--count", "3"])
            .args(["--timeout", "10s", "--output", "json"]),
    )
    .iter()
    .map(|event| event["data"]["n"].as_u64().unwrap())
    .collect();
    assert_eq!(data.len(), 3);
    let left = evbus_at(&first.url)
        .args(["dlq", "list", "--output", "json"])
        .output()
        .unwrap();
    assert!(crate::common::json_lines(&left.stdout).is_empty());
}

/// A NATS that speaks TLS only: serve verifies it with `--nats-tls-ca`, and without the
/// CA the connection is refused in one line, exit 3.
#[test]
fn serve_reaches_nats_over_tls() {
    let certs = tempfile::tempdir().unwrap();
    let openssl = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(certs.path())
            .output()
            .is_ok_and(|output| output.status.success())
    };
    std::fs::write(
        certs.path().join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let made = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "1",
        "-subj",
        "/CN=evbus test CA",
    ]) && openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]) && openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "1",
        "-extfile",
        "ext.cnf",
    ]);
    if !made {
        eprintln!("skipping: no openssl here to make test certificates");
        return;
    }
    let path = |name: &str| certs.path().join(name).display().to_string();
    let Some(nats) = PrivateNats::start_with(&[
        "--tls",
        "--tlscert",
        &path("server.pem"),
        "--tlskey",
        &path("server.key"),
    ]) else {
        return;
    };
    let url = nats.url.replace("nats://", "tls://");
    let refused = crate::common::bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--engine", &url])
        .env_remove("EVBUS_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    let bus = ChildBus::serve(&[
        "--engine".into(),
        url,
        "--nats-tls-ca".into(),
        path("ca.pem"),
    ]);
    evbus_at(&bus.url)
        .args(["emit", "tls.ok", "--data", "1"])
        .assert()
        .success();
}

/// A nacked event waits for its retry in JetStream (`-NAK` with the backoff's delay), not
/// on the server that nacked it: that server can die, and the retry still comes, when it
/// is due, to a member of another server, with its story: the dead letter it ends in
/// lists the attempt that failed on the first server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_moves_to_another_server_with_its_attempt_history() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let spec = serde_json::json!({ "name": "hist", "pattern": "h.*", "backoff": "4s..4s" });
    create_and_fill(&first.url, spec, "h.x", 1).await;
    let pulled = pull(&first.url, "hist", "a", 1, "5s").await;
    let receipt = pulled["deliveries"][0]["receipt"].clone();
    let body = serde_json::json!({ "receipts": [receipt], "error": "boom on the first" });
    post_json(&format!("{}/v1/groups/hist/nack", first.url), Some(body)).await;
    let nacked = std::time::Instant::now();
    first.kill_hard();

    // Not before its backoff, though nobody holds it.
    let early = pull(&second.url, "hist", "b", 1, "1s").await;
    if nacked.elapsed() < Duration::from_secs(4) {
        assert_eq!(early["deliveries"], serde_json::json!([]), "early: {early}");
        let (_, info) = crate::common::get_json(&format!("{}/v1/groups/hist", second.url)).await;
        assert_eq!(info["pending"], 1, "waiting for its retry: {info}");
    }
    let retried = pull(&second.url, "hist", "b", 1, "25s").await;
    let delivery = &retried["deliveries"][0];
    assert_eq!(delivery["attempt"], 2, "{retried}");
    let body = serde_json::json!({ "receipts": [delivery["receipt"]], "error": "poison" });
    let rejected = post_json(&format!("{}/v1/groups/hist/reject", second.url), Some(body)).await;
    assert_eq!(rejected["settled"], 1, "{rejected}");
    let (_, letters) = crate::common::get_json(&format!("{}/v1/dlq", second.url)).await;
    let letter = &letters[0];
    let errors: Vec<&str> = letter["attempts"]
        .as_array()
        .unwrap_or_else(|| panic!("{letters}"))
        .iter()
        .map(|attempt| attempt["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["boom on the first", "poison"], "{letter}");
}

/// Pulls up to `max` of `group`'s events for `member` through `url`, waiting up to
/// `wait`: the answer as JSON.
async fn pull(url: &str, group: &str, member: &str, max: usize, wait: &str) -> serde_json::Value {
    let url = format!("{url}/v1/groups/{group}/pull?member={member}&max={max}&wait={wait}");
    post_json(&url, None).await
}

/// Creates a group through `url` (201) and emits `count` events on `topic` there.
pub(crate) async fn create_and_fill(
    url: &str,
    spec: serde_json::Value,
    topic: &'static str,
    count: usize,
) {
    let created = crate::common::http()
        .post(format!("{url}/v1/groups"))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || crate::groups::emit_many(&url, topic, count))
        .await
        .unwrap();
}
