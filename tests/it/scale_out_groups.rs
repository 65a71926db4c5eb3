//! Consumer groups on a bus of several `evbus serve` processes over one NATS: members on
//! any server share a group, a receipt settles through any server, and what a killed
//! server held goes to the others.

use std::time::Duration;

use crate::common::{ChildBus, evbus_at, post_json};
use crate::fixtures::create_and_fill;
use crate::nats::NatsPrefix;

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
    crate::fixtures::emit_many(&first.url, "job.run", 2_000);
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
            let info = crate::fixtures::group(&server.url, "workers");
            let (lag, completed) = (info.lag, info.completed);
            crate::common::when(lag < 10 && completed == 2_000, (lag, completed))
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
    // An ack sent again (its answer lost, say) answers as the first did, and changes
    // nothing.
    assert_eq!(again, (200, serde_json::json!({ "settled": 1 })));
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
    tokio::task::spawn_blocking(move || crate::fixtures::emit_many(&url, "noise.x", 50))
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
    crate::fixtures::emit_many(&first.url, "dead.x", 3);
    evbus_at(&first.url)
        .args(["consume", "dead.*", "--group", "dead", "--timeout", "1s"])
        .args(["--exec", "exit 1"])
        .assert()
        .code(5);
    assert_eq!(crate::fixtures::all_dead_letters(&second.url).len(), 3);
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
    assert!(crate::fixtures::all_dead_letters(&first.url).is_empty());
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
