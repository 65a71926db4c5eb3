//! The JetStream engine through NATS failing hard: `kill -9` of nats-server under group
//! load, and a 3-node cluster losing a node.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{ChildBus, post_for_status};
use crate::nats::PrivateNats;

/// nats-server 2.9 writes a consumer's acks to disk on its own schedule, so after a
/// `kill -9` it handed out again hundreds of events whose ack it had confirmed. An event
/// a group completed is never handed out again, whatever NATS went through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_completed_before_nats_was_killed_are_not_handed_out_again() {
    let Some(mut nats) = PrivateNats::start() else {
        return;
    };
    let bus = ChildBus::serve(&["--engine".into(), nats.url.clone()]);
    const EVENTS: usize = 3_000;
    let spec = json!({ "name": "crash", "pattern": "crash.>", "ack_timeout": "5m" });
    crate::fixtures::create_and_fill(&bus.url, spec, "crash.x", EVENTS).await;

    // Completions per event id: the first ones before the kill, the rest after.
    let mut completed: HashMap<String, u32> = HashMap::new();
    let mut killed = false;
    let deadline = Instant::now() + Duration::from_secs(90);
    while completed.len() < EVENTS {
        assert!(
            Instant::now() < deadline,
            "only {} of {EVENTS} events completed",
            completed.len()
        );
        if !killed && completed.len() >= EVENTS / 3 {
            // Right after a run of acks, as a crash under load would.
            nats.kill();
            nats.resume().unwrap();
            killed = true;
        }
        for id in pull_and_ack(&bus.url, "crash", "m", 100).await {
            *completed.entry(id).or_default() += 1;
        }
    }
    let again: Vec<_> = completed.iter().filter(|(_, times)| **times > 1).collect();
    assert!(
        again.is_empty(),
        "{} completed events were handed out again, e.g. {:?}",
        again.len(),
        again.iter().take(5).collect::<Vec<_>>()
    );
}

/// On a 3-node cluster with R3 streams, the node a server is connected to dies under
/// load: emits go on (through either server, retried by id), members on both servers
/// keep getting events, nothing acknowledged is lost or completed twice, and both
/// servers read the whole history. (Group delivery stopped here once: a fetch whose
/// answer died with the node held the group forever.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_losing_a_node_loses_nothing() {
    use std::sync::{Arc, Mutex};
    let Some(mut cluster) = crate::nats::NatsCluster::start() else {
        return;
    };
    let serve = |node: &PrivateNats| {
        ChildBus::serve(&[
            "--engine".into(),
            node.url.clone(),
            "--nats-replicas".into(),
            "3".into(),
        ])
    };
    let servers = [serve(&cluster.nodes[0]), serve(&cluster.nodes[1])];
    let urls: Vec<String> = servers.iter().map(|server| server.url.clone()).collect();
    // Leases short enough that one whose ack never got through goes out again in time.
    let spec = json!({ "name": "work", "pattern": "load.>", "ack_timeout": "20s" });
    let (status, body) = post_for_status(&format!("{}/v1/groups", urls[0]), Some(spec)).await;
    assert_eq!(status, 201, "{body}");

    const BATCHES: usize = 60;
    const PER_BATCH: usize = 50;
    let emitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let emitter = {
        let (urls, emitted) = (urls.clone(), emitted.clone());
        tokio::spawn(async move {
            for batch in 0..BATCHES {
                let ids: Vec<String> = (0..PER_BATCH)
                    .map(|k| format!("e{}", batch * PER_BATCH + k))
                    .collect();
                let events: Vec<_> = ids
                    .iter()
                    .map(|id| json!({"specversion": "1.0", "type": "load.x", "source": "t", "id": id, "data": {}}))
                    .collect();
                let deadline = Instant::now() + Duration::from_secs(30);
                for attempt in 0.. {
                    assert!(Instant::now() < deadline, "batch {batch} never stored");
                    let url = format!("{}/v1/events", urls[(batch + attempt) % 2]);
                    let (status, _) = post_for_status(&url, Some(json!(events))).await;
                    if status == 201 || status == 200 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                emitted.lock().unwrap().extend(ids);
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
        })
    };
    let completed = Arc::new(Mutex::new(HashMap::<String, u32>::new()));
    let members: Vec<_> = urls
        .iter()
        .enumerate()
        .map(|(index, url)| {
            let (url, completed) = (url.clone(), completed.clone());
            tokio::spawn(async move {
                let member = format!("m{index}");
                loop {
                    let ids = pull_and_ack(&url, "work", &member, 50).await;
                    let mut completed = completed.lock().unwrap();
                    for id in ids {
                        *completed.entry(id).or_default() += 1;
                    }
                }
            })
        })
        .collect();

    crate::common::eventually_async("the load gets going", Duration::from_secs(60), || async {
        let emitted = emitted.lock().unwrap().len();
        crate::common::when(emitted >= BATCHES * PER_BATCH / 3, emitted)
    })
    .await;
    cluster.nodes[0].kill();
    emitter.await.unwrap();
    cluster.nodes[0].resume().unwrap();
    let emitted: Vec<String> = emitted.lock().unwrap().clone();
    let what = "members complete every event (group delivery went on)";
    crate::common::eventually_async(what, Duration::from_secs(60), || async {
        let completed = completed.lock().unwrap();
        let done = emitted
            .iter()
            .filter(|id| completed.contains_key(*id))
            .count();
        crate::common::when(
            done == emitted.len(),
            format!("{done} of {}", emitted.len()),
        )
    })
    .await;
    // Members on both servers got events, before and after the node died.
    for member in members {
        member.abort();
    }
    // The log first: an event stored twice is also completed twice, by id.
    for url in &urls {
        let history = history_ids(url, "load.%3E", emitted.len()).await;
        let missing: Vec<_> = emitted.iter().filter(|id| !history.contains(*id)).collect();
        assert!(
            missing.is_empty(),
            "{url} reads a history without {} acknowledged events, e.g. {:?}",
            missing.len(),
            missing.iter().take(5).collect::<Vec<_>>()
        );
        let mut stored = HashMap::<&str, u32>::new();
        for id in &history {
            *stored.entry(id).or_default() += 1;
        }
        let again: Vec<_> = stored.iter().filter(|(_, times)| **times > 1).collect();
        assert!(
            again.is_empty(),
            "{url} stores {} events more than once, e.g. {:?}",
            again.len(),
            again.iter().take(5).collect::<Vec<_>>()
        );
        assert_eq!(history.len(), emitted.len(), "{url}: each event once");
    }
    let completed = completed.lock().unwrap().clone();
    let twice: Vec<_> = completed.iter().filter(|(_, times)| **times > 1).collect();
    assert!(twice.is_empty(), "completed twice: {twice:?}");
}

/// One member's turn: pulls up to `max` of `group`'s events through `url` and acks them;
/// the ids it completed (none when the pull failed, as NATS going away makes it, or the
/// ack kept failing; a failed pull waits a moment before the next turn).
async fn pull_and_ack(url: &str, group: &str, member: &str, max: usize) -> Vec<String> {
    let pull = format!("{url}/v1/groups/{group}/pull?member={member}&max={max}&wait=1s");
    let (status, pulled) = post_for_status(&pull, None).await;
    if status != 200 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        return Vec::new();
    }
    let receipts = crate::common::receipts_of(&pulled);
    if receipts.is_empty() {
        return Vec::new();
    }
    // An ack the bus could not take as a node went away (5xx) is sent again, as a client
    // would: the leases last minutes, and an ack sent again for a receipt already
    // completed answers as the first did. A 409 says some leases are gone (those events
    // go out again): each receipt is then asked alone, and only the acked ones count.
    let ack = format!("{url}/v1/groups/{group}/ack?member={member}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _) = post_for_status(&ack, Some(json!({ "receipts": receipts }))).await;
        if status == 200 {
            break;
        }
        if status == 409 {
            let mut acked = Vec::new();
            for (receipt, delivery) in receipts.iter().zip(deliveries(&pulled)) {
                let body = json!({ "receipts": [receipt] });
                if post_for_status(&ack, Some(body)).await.0 == 200 {
                    acked.push(delivery);
                }
            }
            return acked;
        }
        if Instant::now() >= deadline {
            return Vec::new();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    deliveries(&pulled)
}

/// The event ids of a pull's deliveries, in order.
fn deliveries(pulled: &serde_json::Value) -> Vec<String> {
    pulled["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| delivery["event"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The ids of every stored event matching `pattern` (URL-encoded), read through `url`
/// up to the log's last seq. A cluster that just got a node back may answer `503` for a
/// moment (which clients retry), so the read is retried until both its status and its
/// history answer 200.
/// The ids of the history on `pattern` through `url`, read again (for up to 30 s) while
/// it holds fewer than `expected`: a server whose node just died reads from another,
/// which may still be catching up.
async fn history_ids(url: &str, pattern: &str, expected: usize) -> Vec<String> {
    let what = format!("{url} answers its status and a history of {expected} events");
    crate::common::eventually_async(&what, Duration::from_secs(30), || async {
        let (status, info) = crate::common::get_json(&format!("{url}/v1/status")).await;
        if status != 200 {
            return Err(format!("status: {status} {info}"));
        }
        let last = &info["last_seq"];
        let read = crate::common::http()
            .get(format!(
                "{url}/v1/events?topic={pattern}&from_start=true&to_seq={last}"
            ))
            .header("accept", "application/x-ndjson")
            .timeout(Duration::from_secs(30));
        let response = read.send().await.map_err(|err| err.to_string())?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|err| err.to_string())?;
        if status != 200 {
            return Err(format!("history: {status} {body}"));
        }
        let ids: Vec<String> = body
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|event| event["id"].as_str().map(str::to_owned))
            .collect();
        if ids.len() < expected {
            return Err(format!("{} events so far", ids.len()));
        }
        Ok(ids)
    })
    .await
}

/// What a group completed is remembered for its consumer as it was: after a restart of
/// evbus (everything stored is then looked up), a group reset to the beginning hands
/// out its history again.
#[test]
fn a_reset_group_is_handed_out_what_it_completed_before() {
    let Some(prefix) = crate::nats::NatsPrefix::new() else {
        return;
    };
    let consume = |url: &str| {
        crate::common::ok_json_lines(
            crate::common::evbus_at(url)
                .args(["consume", "again.>", "--group", "again", "--count", "20"])
                .args(["--timeout", "15s", "--output", "json"]),
        )
        .len()
    };
    let bus = ChildBus::serve(&prefix.serve_args());
    crate::common::evbus_at(&bus.url)
        .args(["groups", "create", "again", "--pattern", "again.>"])
        .assert()
        .success();
    crate::fixtures::emit_many(&bus.url, "again.x", 20);
    assert_eq!(consume(&bus.url), 20);
    drop(bus);
    let bus = ChildBus::serve(&prefix.serve_args());
    crate::common::evbus_at(&bus.url)
        .args(["groups", "reset", "again", "--to", "beginning"])
        .assert()
        .success();
    assert_eq!(consume(&bus.url), 20, "the history again");
}
