//! The hand-out contract (`engine::handout`), checked the same way on every engine: a
//! group's events are handed out once, come back after a retry's delay with their
//! attempts, never come back once finished or terminated, and what is put straight into
//! the group arrives with what was stored along.

use std::time::{Duration, Instant};

use super::event;
use crate::api::time::now_ms;
use crate::engine::handout::{Handout, HandoutSpec, Retry};
use crate::engine::{Engine, StateOp, StoredEvent};

const GROUP: &str = "handed";

/// Creates the group `GROUP` on `h.>` from the log's start, and stores `count` events
/// of its topic.
async fn group_with_events(engine: &dyn Engine, count: u64) {
    let create = StateOp::PutGroup {
        name: GROUP.into(),
        spec: "{}".into(),
        cursor: 1,
        queue: HandoutSpec {
            pattern: "h.>".into(),
            max_attempts: 5,
        },
    };
    engine.write_state(vec![create]).await.unwrap();
    let events = (0..count).map(|n| event("h.x", None, n)).collect();
    engine.append(events).await.unwrap();
}

async fn take(engine: &dyn Engine) -> Vec<Handout> {
    engine
        .handouts()
        .take(GROUP, 100, now_ms())
        .await
        .expect("the group hands out")
}

fn seqs(handed: &[Handout]) -> Vec<u64> {
    let mut seqs: Vec<u64> = handed.iter().map(|handout| handout.event.seq).collect();
    seqs.sort_unstable();
    seqs
}

/// Takes until something is handed out or `within` has passed.
async fn take_within(engine: &dyn Engine, within: Duration) -> Vec<Handout> {
    let started = Instant::now();
    loop {
        let handed = take(engine).await;
        if !handed.is_empty() || started.elapsed() >= within {
            return handed;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Takes until `count` events were handed out (or 5 s passed: a store that makes new
/// events visible a moment later).
async fn take_count(engine: &dyn Engine, count: usize) -> Vec<Handout> {
    let mut handed = Vec::new();
    while handed.len() < count {
        let more = take_within(engine, Duration::from_secs(5)).await;
        if more.is_empty() {
            break;
        }
        handed.extend(more);
    }
    handed
}

/// Each event once; a finished one never again.
pub async fn hands_out_each_event_once(engine: &dyn Engine) {
    group_with_events(engine, 3).await;
    let handed = take_count(engine, 3).await;
    assert_eq!(seqs(&handed), [1, 2, 3]);
    assert!(
        handed
            .iter()
            .all(|handout| handout.earlier == 0 && !handout.direct)
    );
    assert!(
        take(engine).await.is_empty(),
        "handed out again before it was let go of"
    );
    let tokens: Vec<_> = handed.iter().map(|handout| handout.token.clone()).collect();
    engine.handouts().finish(GROUP, &tokens).await.unwrap();
    assert!(
        take_within(engine, Duration::from_millis(1_500))
            .await
            .is_empty()
    );
}

/// A retried event comes back once its delay is over, not before, with its attempts.
pub async fn retries_after_the_delay(engine: &dyn Engine) {
    group_with_events(engine, 1).await;
    let handout = take_count(engine, 1).await.remove(0);
    let delay = Duration::from_secs(1);
    // Due by the bus's clock, in whole milliseconds: what "not before" is measured by.
    let due_ms = now_ms() + delay.as_millis() as i64;
    let retry = Retry {
        seq: handout.event.seq,
        token: handout.token,
        delay,
        due_ms,
        attempts: 1,
        history: r#"[{"attempt":1,"error":"boom"}]"#.into(),
        kept: None,
    };
    engine.handouts().retry(GROUP, retry).await.unwrap();
    assert!(take(engine).await.is_empty(), "retried before its delay");
    let again = take_within(engine, Duration::from_secs(10)).await;
    assert!(now_ms() >= due_ms, "came back too early");
    assert_eq!(seqs(&again), [1], "the retry came back");
    assert_eq!(again[0].earlier, 1);
    assert!(again[0].history.as_deref().unwrap().contains("boom"));
}

/// A terminated event never comes back, where a retried one would.
pub async fn terminated_never_again(engine: &dyn Engine) {
    group_with_events(engine, 2).await;
    let handed = take_count(engine, 2).await;
    assert_eq!(handed.len(), 2);
    let tokens: Vec<_> = handed.iter().map(|handout| handout.token.clone()).collect();
    engine.handouts().terminate(GROUP, &tokens).await.unwrap();
    assert!(
        take_within(engine, Duration::from_millis(1_500))
            .await
            .is_empty()
    );
}

/// What is put straight into the group is handed out at once, whatever the pattern,
/// and what was stored along with it is there.
pub async fn puts_straight_into_the_group(engine: &dyn Engine) {
    group_with_events(engine, 0).await;
    let requeued = StoredEvent::from_json(42, r#"{"seq":42,"type":"elsewhere"}"#.into());
    let along = StateOp::PutRecord {
        kind: "test".into(),
        id: "along".into(),
        body: "{}".into(),
    };
    let taken = engine
        .handouts()
        .put(GROUP, vec![requeued], vec![along])
        .await
        .unwrap();
    assert_eq!(taken, 1);
    assert_eq!(engine.records("test").await.unwrap().len(), 1);
    let handed = take_within(engine, Duration::from_secs(5)).await;
    assert_eq!(seqs(&handed), [42]);
    assert!(handed[0].direct, "due at once, whatever the pattern");
    assert_eq!(
        &handed[0].event.json[..],
        br#"{"seq":42,"type":"elsewhere"}"#
    );
}

/// Two engines on one store (JetStream: two servers on one prefix) share the group's
/// hand-outs: each event goes to one of them.
pub async fn two_engines_share_one_queue(first: &dyn Engine, second: &dyn Engine) {
    group_with_events(first, 20).await;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let started = Instant::now();
    while a.len() + b.len() < 20 && started.elapsed() < Duration::from_secs(10) {
        let (more_a, more_b) = tokio::join!(take(first), take(second));
        a.extend(seqs(&more_a));
        b.extend(seqs(&more_b));
    }
    let mut all: Vec<u64> = a.iter().chain(&b).copied().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (1..=20).collect::<Vec<_>>(),
        "each event to one engine"
    );
}

/// A route's events are handed out from where it starts, and once finished (with its
/// position past them) never again; the route is listed until it is deleted, once.
pub async fn hands_out_a_route_s_events(engine: &dyn Engine) {
    let handouts = engine.handouts();
    handouts.put_route("r", "h.>", 1, "{}").await.unwrap();
    let events = (0..3).map(|n| event("h.x", None, n)).collect();
    engine.append(events).await.unwrap();
    let started = Instant::now();
    let mut handed = Vec::new();
    while handed.len() < 3 && started.elapsed() < Duration::from_secs(5) {
        let position = handed
            .iter()
            .map(|h: &Handout| h.event.seq)
            .max()
            .unwrap_or(0);
        handed.extend(handouts.take_route("r", position, 100).await.unwrap());
    }
    assert_eq!(seqs(&handed), [1, 2, 3]);
    let tokens: Vec<_> = handed.iter().map(|handout| handout.token.clone()).collect();
    handouts.finish("r", &tokens).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert!(
        handouts.take_route("r", 3, 100).await.unwrap().is_empty(),
        "handed out again once finished"
    );
    assert_eq!(
        handouts.routes().await.unwrap(),
        [("r".to_owned(), "{}".to_owned())]
    );
    handouts.delete_route("r").await.unwrap();
    assert!(handouts.routes().await.unwrap().is_empty());
    assert!(matches!(
        handouts.delete_route("r").await,
        Err(crate::engine::EngineError::NotFound)
    ));
}
