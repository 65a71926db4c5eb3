//! One behaviour suite for every engine. Each check takes a fresh, empty engine and panics
//! with a message when the engine breaks the contract; `tests/it/engines.rs` runs them all
//! against every engine.

use std::time::Duration;

use super::{Engine, NewEvent, Retention};

fn event(topic: &str, key: Option<&str>, data: u64) -> NewEvent {
    NewEvent {
        topic: topic.to_owned(),
        dedup_key: key.map(str::to_owned),
        body: format!(r#"{{"type":"{topic}","data":{data}}}"#).into_bytes(),
    }
}

/// Seqs start at 1, are consecutive, and reads return events in order with `seq` inside.
pub async fn appends_in_order_and_reads_back(engine: &dyn Engine) {
    let first = engine
        .append((0..3).map(|n| event("a.b", None, n)).collect())
        .await
        .unwrap();
    let seqs: Vec<u64> = first.iter().map(|appended| appended.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let second = engine.append(vec![event("a.c", None, 3)]).await.unwrap();
    assert_eq!(second[0].seq, 4);
    let read = engine.read(2, 10).await.unwrap();
    assert_eq!(read.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(&read[0].json[..], br#"{"seq":2,"type":"a.b","data":1}"#);
    assert_eq!(&*read[2].topic, "a.c");
    assert_eq!(engine.read(3, 1).await.unwrap().len(), 1);
    assert!(engine.read(5, 10).await.unwrap().is_empty());
}

/// The same dedup key within the window answers the original seq and stores nothing.
pub async fn deduplicates_within_the_window(engine: &dyn Engine) {
    let first = engine
        .append(vec![event("a", Some("s\n1"), 0)])
        .await
        .unwrap();
    let again = engine
        .append(vec![
            event("a", Some("s\n1"), 0),
            event("a", Some("s\n2"), 0),
        ])
        .await
        .unwrap();
    assert!(!first[0].duplicate);
    assert!(again[0].duplicate, "a re-sent event must be recognised");
    assert_eq!(again[0].seq, first[0].seq);
    assert_eq!(again[1].seq, first[0].seq + 1);
    assert_eq!(engine.stats().await.unwrap().events, 2);
}

/// Stats and topic counts follow appends without scanning.
pub async fn tracks_stats_and_topics(engine: &dyn Engine) {
    assert_eq!(engine.stats().await.unwrap().events, 0);
    engine
        .append(vec![
            event("x.one", None, 1),
            event("x.two", None, 2),
            event("x.one", None, 3),
        ])
        .await
        .unwrap();
    let stats = engine.stats().await.unwrap();
    assert_eq!(
        (stats.events, stats.first_seq, stats.last_seq),
        (3, Some(1), Some(3))
    );
    assert!(stats.bytes > 0);
    let topics = engine.topics().await.unwrap();
    let counts: Vec<(&str, u64)> = topics
        .iter()
        .map(|t| (t.topic.as_str(), t.events))
        .collect();
    assert_eq!(counts, [("x.one", 2), ("x.two", 1)]);
}

/// Seeking by time finds the first event accepted at or after it.
pub async fn seeks_by_time(engine: &dyn Engine) {
    engine.append(vec![event("t", None, 1)]).await.unwrap();
    let before_second = crate::api::time::now_ms() + 5;
    tokio::time::sleep(Duration::from_millis(10)).await;
    engine.append(vec![event("t", None, 2)]).await.unwrap();
    assert_eq!(engine.seq_at(0).await.unwrap(), 1);
    assert_eq!(engine.seq_at(before_second).await.unwrap(), 2);
    assert_eq!(
        engine.seq_at(i64::MAX).await.unwrap(),
        3,
        "past the end: the next seq"
    );
}

/// Retention by size drops the oldest events and keeps counts true.
pub async fn trims_oldest_by_size(engine: &dyn Engine) {
    engine
        .append((0..10).map(|n| event("r.a", None, n)).collect())
        .await
        .unwrap();
    let newest_four: u64 = engine
        .read(7, 4)
        .await
        .unwrap()
        .iter()
        .map(|e| e.json.len() as u64)
        .sum();
    let retention = Retention {
        max_age: None,
        max_bytes: Some(newest_four),
    };
    let mut removed = 0;
    loop {
        let step = engine.trim(retention).await.unwrap();
        if step == 0 {
            break;
        }
        removed += step;
    }
    assert_eq!(removed, 6);
    let stats = engine.stats().await.unwrap();
    assert_eq!(
        (stats.events, stats.first_seq, stats.last_seq),
        (4, Some(7), Some(10))
    );
    assert_eq!(engine.read(1, 100).await.unwrap()[0].seq, 7);
    assert_eq!(engine.topics().await.unwrap()[0].events, 4);
    let next = engine.append(vec![event("r.a", None, 11)]).await.unwrap();
    assert_eq!(next[0].seq, 11, "seqs are never reused after a trim");
}

/// Live readers are told about commits and can read them from the window.
pub async fn notifies_live_readers(engine: &dyn Engine) {
    let mut committed = engine.live().subscribe();
    committed.borrow_and_update();
    engine.append(vec![event("l", None, 1)]).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), committed.changed())
        .await
        .expect("a commit must wake live readers")
        .unwrap();
    assert_eq!(engine.live().last_seq(), 1);
    let window = engine
        .live()
        .read(1, 10)
        .expect("the window holds the newest event");
    assert_eq!(window[0].seq, 1);
}

/// Retention by age drops events older than the limit and keeps newer ones.
pub async fn trims_oldest_by_age(engine: &dyn Engine) {
    engine
        .append(vec![event("g.old", None, 1), event("g.old", None, 2)])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await; // the age gap under test
    engine.append(vec![event("g.new", None, 3)]).await.unwrap();
    let new_ts = engine.read(3, 1).await.unwrap()[0].ts_ms;
    // Halfway between the old events' age and the new one's, with 150 ms of slack.
    let age = (crate::api::time::now_ms() - new_ts + 150) as u64;
    let retention = Retention {
        max_age: Some(Duration::from_millis(age)),
        max_bytes: None,
    };
    assert_eq!(engine.trim(retention).await.unwrap(), 2);
    assert_eq!(engine.trim(retention).await.unwrap(), 0);
    let stats = engine.stats().await.unwrap();
    assert_eq!((stats.events, stats.first_seq), (1, Some(3)));
    let topics: Vec<String> = engine
        .topics()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.topic)
        .collect();
    assert_eq!(topics, ["g.new"]);
}
