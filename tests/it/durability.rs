//! Crash safety: every acknowledged emit survives `kill -9` of the server.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{ChildBus, all_events, get_json};
use crate::nats::NatsPrefix;

/// Emitters keep POSTing with their own ids until the server dies; each id the server
/// acknowledged (2xx) must be in the log after a restart, once, intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_kill_9_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let args = vec!["--data-dir".to_owned(), dir.path().display().to_string()];
    acknowledged_events_survive_kill_9(args, None).await;
}

/// The same on JetStream: through a restarted server…
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_kill_9_on_nats() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    acknowledged_events_survive_kill_9(prefix.serve_args(), None).await;
}

/// …and through a second server on the same NATS that never stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_server_has_every_event_the_killed_one_acknowledged() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let witness = ChildBus::serve(&prefix.serve_args());
    acknowledged_events_survive_kill_9(prefix.serve_args(), Some(witness)).await;
}

/// Loads a server started with `serve_args` until `kill -9`, then checks every
/// acknowledged event through `witness` (or the same server, restarted).
async fn acknowledged_events_survive_kill_9(serve_args: Vec<String>, witness: Option<ChildBus>) {
    let server = ChildBus::serve(&serve_args);
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let client = crate::common::http();
    let mut emitters = Vec::new();
    for worker in 0..8 {
        let (client, url, acked) = (client.clone(), server.url.clone(), acked.clone());
        emitters.push(tokio::spawn(async move {
            for n in 0.. {
                let id = format!("w{worker}-{n}");
                let body = format!(
                    r#"{{"type":"load.test","id":"{id}","source":"crash","data":{{"n":{n}}}}}"#
                );
                let sent = client
                    .post(format!("{url}/v1/events"))
                    .header("content-type", "application/cloudevents+json")
                    .body(body)
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        acked.lock().unwrap().push(id)
                    }
                    _ => return,
                }
            }
        }));
    }
    // Kill once the load is well under way (a readiness condition, not a fixed sleep).
    crate::common::eventually_async("the load gets going", Duration::from_secs(30), || async {
        let acked = acked.lock().unwrap().len();
        crate::common::when(acked >= 500, acked)
    })
    .await;
    server.kill_hard();
    for emitter in emitters {
        emitter.await.unwrap();
    }
    let acked: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();

    let reader = witness.unwrap_or_else(|| ChildBus::serve(&serve_args));
    let url = reader.url.clone();
    let (_, status) = get_json(&format!("{url}/v1/status")).await;
    let (_, topics) = get_json(&format!("{url}/v1/topics")).await;
    let system: u64 = topics
        .as_array()
        .unwrap()
        .iter()
        .filter(|topic| topic["topic"].as_str().unwrap().starts_with("$evbus."))
        .map(|topic| topic["events"].as_u64().unwrap())
        .sum();
    let stored = (status["events"].as_u64().unwrap() - system) as usize;
    assert!(
        stored >= acked.len(),
        "{stored} stored < {} acknowledged",
        acked.len()
    );
    let events = tokio::task::spawn_blocking(move || all_events(&url, stored))
        .await
        .unwrap();
    let mut seen = HashSet::new();
    let mut last_seq = 0;
    for event in &events {
        let seq = event["seq"].as_u64().unwrap();
        assert!(seq > last_seq, "seqs only grow: {seq} after {last_seq}");
        last_seq = seq;
        assert_eq!(event["type"], "load.test");
        assert!(event["data"]["n"].is_u64(), "an intact event: {event}");
        assert!(
            seen.insert(event["id"].as_str().unwrap().to_owned()),
            "stored twice: {event}"
        );
    }
    let missing: Vec<&String> = acked.iter().filter(|id| !seen.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged events lost, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

/// What a group consumer saw before the crash.
#[derive(Default)]
struct Consumed {
    /// Event ids whose ack the server confirmed.
    completed: Vec<String>,
    /// Event ids whose ack was sent but never answered: completed or not, unknown.
    uncertain: Vec<String>,
}

/// One pull and the ack of all it leased: the leased event ids, and whether the ack was
/// confirmed. `None` when the pull itself failed.
async fn pull_and_ack(
    client: &reqwest::Client,
    url: &str,
    member: &str,
    wait: &str,
) -> Option<(Vec<String>, bool)> {
    let body: serde_json::Value = client
        .post(format!(
            "{url}/v1/groups/dur/pull?member={member}&max=100&wait={wait}"
        ))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let deliveries = body["deliveries"].as_array()?;
    if deliveries.is_empty() {
        return Some((Vec::new(), true));
    }
    let receipts: Vec<&serde_json::Value> = deliveries.iter().map(|d| &d["receipt"]).collect();
    let ids = deliveries
        .iter()
        .map(|d| d["event"]["id"].as_str().unwrap().to_owned())
        .collect();
    let acked = client
        .post(format!("{url}/v1/groups/dur/ack"))
        .json(&serde_json::json!({ "receipts": receipts }))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    match acked {
        Ok(response) if response.status().is_success() => Some((ids, true)),
        Ok(response) => panic!("ack refused: {}", response.status()),
        Err(_) => Some((ids, false)),
    }
}

/// Pulls and acks until the server stops answering.
async fn consume_until_error(url: String, member: String, seen: Arc<Mutex<Consumed>>) {
    let client = crate::common::http();
    while let Some((ids, confirmed)) = pull_and_ack(&client, &url, &member, "1s").await {
        let mut seen = seen.lock().unwrap();
        if confirmed {
            seen.completed.extend(ids);
        } else {
            seen.uncertain.extend(ids);
            return;
        }
    }
}

/// Emitters and two group members run until `kill -9`. After a restart the group delivers
/// every acknowledged emit that was not completed, and nothing completed before the
/// crash is delivered again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_lose_nothing_and_complete_nothing_twice_across_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let server = ChildBus::start(dir.path(), &[]);
    let client = crate::common::http();
    let created = client
        .post(format!("{}/v1/groups", server.url))
        .json(&serde_json::json!({
            "name": "dur", "pattern": "load.*", "ack_timeout": "2s", "backoff": "50ms..100ms"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let emitted: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let (client, url, emitted) = (client.clone(), server.url.clone(), emitted.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0.. {
                let id = format!("w{worker}-{n}");
                let sent = client
                    .post(format!("{url}/v1/events"))
                    .header("content-type", "application/cloudevents+json")
                    .body(format!(
                        r#"{{"type":"load.group","id":"{id}","source":"crash"}}"#
                    ))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        emitted.lock().unwrap().push(id)
                    }
                    _ => return,
                }
            }
        }));
    }
    let before: Arc<Mutex<Consumed>> = Arc::default();
    for member in ["m1", "m2"] {
        let url = server.url.clone();
        tasks.push(tokio::spawn(consume_until_error(
            url,
            member.into(),
            before.clone(),
        )));
    }
    crate::common::eventually_async("the load gets going", Duration::from_secs(30), || async {
        let completed = before.lock().unwrap().completed.len();
        let emitted = emitted.lock().unwrap().len();
        crate::common::when(completed >= 300 && emitted >= 600, (completed, emitted))
    })
    .await;
    server.kill_hard();
    for task in tasks {
        task.await.unwrap();
    }

    let restarted = ChildBus::start(dir.path(), &[]);
    let mut after = Vec::new();
    // Wait past the restored leases (2s) so deliveries in flight at the crash return.
    loop {
        let (ids, confirmed) = pull_and_ack(&client, &restarted.url, "r", "3s")
            .await
            .expect("the restarted bus answers");
        assert!(confirmed);
        if ids.is_empty() {
            break;
        }
        after.extend(ids);
    }
    let before = before.lock().unwrap();
    let completed: HashSet<&String> = before.completed.iter().collect();
    let uncertain: HashSet<&String> = before.uncertain.iter().collect();
    let after: HashSet<&String> = after.iter().collect();
    let twice: Vec<&&String> = completed.intersection(&after).collect();
    assert!(
        twice.is_empty(),
        "completed before the crash, delivered again: {twice:?}"
    );
    let emitted = emitted.lock().unwrap();
    let lost: Vec<&String> = emitted
        .iter()
        .filter(|id| !completed.contains(id) && !after.contains(id) && !uncertain.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged emits never delivered, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
}

/// Retries waiting at a `kill -9` come back, are delivered once due with their attempt
/// count, and a dead letter made after the restart tells the attempts before it.
#[tokio::test]
async fn retries_waiting_at_a_kill_9_are_delivered_when_due_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &[]);
    let (url, client) = (bus.url.clone(), crate::common::http());
    let post = |path: String, body: serde_json::Value| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let response = client
                .post(format!("{url}{path}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_success(),
                "{path}: {}",
                response.status()
            );
            response.json::<serde_json::Value>().await.unwrap()
        }
    };
    post(
        "/v1/groups".into(),
        serde_json::json!({"name": "r", "pattern": "r.*", "max_attempts": 2}),
    )
    .await;
    for n in 0..3 {
        post(
            "/v1/events".into(),
            serde_json::json!({"type": "r.x", "data": {"n": n}}),
        )
        .await;
    }
    let pulled = post(
        "/v1/groups/r/pull?member=m&max=10&wait=5s".into(),
        serde_json::json!({}),
    )
    .await;
    let receipts = crate::common::receipts_of(&pulled);
    assert_eq!(receipts.len(), 3);
    post(
        "/v1/groups/r/nack?member=m".into(),
        serde_json::json!({"receipts": receipts, "delay": "1s", "error": "boom"}),
    )
    .await;
    bus.kill_hard();
    let bus = ChildBus::start(dir.path(), &[]);
    let url = bus.url.clone();
    let seen = std::sync::Mutex::new(Vec::new());
    let what = "the three retries after the restart";
    crate::common::eventually_async(what, Duration::from_secs(10), || async {
        let response = client
            .post(format!("{url}/v1/groups/r/pull?member=m&max=10&wait=5s"))
            .send()
            .await
            .unwrap();
        let pulled: serde_json::Value = response.json().await.unwrap();
        let mut seen = seen.lock().unwrap();
        seen.extend(pulled["deliveries"].as_array().unwrap().iter().cloned());
        crate::common::when(seen.len() >= 3, seen.len())
    })
    .await;
    let seen = seen.into_inner().unwrap();
    let mut numbers: Vec<u64> = seen
        .iter()
        .map(|d| d["event"]["data"]["n"].as_u64().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, [0, 1, 2], "each retry once, with its event");
    assert!(seen.iter().all(|delivery| delivery["attempt"] == 2));
    let receipts: Vec<serde_json::Value> = seen.iter().map(|d| d["receipt"].clone()).collect();
    let response = client
        .post(format!("{url}/v1/groups/r/nack?member=m"))
        .json(&serde_json::json!({"receipts": receipts, "error": "again"}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let (_, letters) = get_json(&format!("{url}/v1/dlq?group=r")).await;
    let letters = letters.as_array().unwrap();
    assert_eq!(letters.len(), 3, "the second failure was the last attempt");
    let errors: Vec<&str> = letters[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| attempt["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["boom", "again"]);
}
