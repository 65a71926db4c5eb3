//! Crash safety: every acknowledged emit survives `kill -9` of the server.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{ChildBus, all_events, get_json};

/// Emitters keep POSTing with their own ids until the server dies; each id the server
/// acknowledged (2xx) must be in the log after a restart, once, intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_kill_9_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let server = ChildBus::start(dir.path(), &[]);
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
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while acked.lock().unwrap().len() < 500 {
        assert!(
            std::time::Instant::now() < deadline,
            "the load never got going"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill_hard();
    for emitter in emitters {
        emitter.await.unwrap();
    }
    let acked: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();

    let restarted = ChildBus::start(dir.path(), &[]);
    let url = restarted.url.clone();
    let (_, status) = get_json(&format!("{url}/v1/status")).await;
    let stored = status["events"].as_u64().unwrap() as usize;
    assert!(
        stored >= acked.len(),
        "{stored} stored < {} acknowledged",
        acked.len()
    );
    let events = tokio::task::spawn_blocking(move || all_events(&url, stored))
        .await
        .unwrap();
    let mut seen = HashSet::new();
    for (index, event) in events.iter().enumerate() {
        assert_eq!(
            event["seq"].as_u64(),
            Some(index as u64 + 1),
            "seqs are consecutive"
        );
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
