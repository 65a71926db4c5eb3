//! One behaviour suite for every engine (the hand-out contract in `handouts`). Each check takes a fresh, empty engine and panics
//! with a message when the engine breaks the contract; `tests/it/engines.rs` runs them all
//! against every engine.

mod handouts;

use std::time::Duration;

pub use handouts::{
    hands_out_a_route_s_events, hands_out_each_event_once, puts_straight_into_the_group,
    retries_after_the_delay, terminated_never_again, two_engines_share_one_queue,
};

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

/// Trims until nothing more goes, as the bus does; returns how many went.
async fn trim_all(engine: &dyn Engine, retention: Retention) -> u64 {
    let mut removed = 0;
    loop {
        match engine.trim(retention).await.unwrap() {
            0 => return removed,
            step => removed += step,
        }
    }
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
    let removed = trim_all(engine, retention).await;
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

/// With both limits set, an event goes when either says so: age drops the old events,
/// size one of the new ones too.
pub async fn trims_by_age_and_size_at_once(engine: &dyn Engine) {
    engine
        .append((0..3).map(|n| event("b.old", None, n)).collect())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await; // the age gap under test
    engine
        .append(vec![event("b.new", None, 3), event("b.new", None, 4)])
        .await
        .unwrap();
    let new = engine.read(4, 2).await.unwrap();
    let age = (crate::api::time::now_ms() - new[0].ts_ms + 150) as u64;
    let retention = Retention {
        max_age: Some(Duration::from_millis(age)),
        max_bytes: Some(new[1].json.len() as u64),
    };
    let removed = trim_all(engine, retention).await;
    assert_eq!(removed, 4);
    let stats = engine.stats().await.unwrap();
    assert_eq!((stats.events, stats.first_seq), (1, Some(5)));
    let topics = engine.topics().await.unwrap();
    assert_eq!(
        (topics.len(), topics[0].topic.as_str(), topics[0].events),
        (1, "b.new", 1)
    );
}

fn delivery(seq: u64, member: Option<&str>) -> super::StoredDelivery {
    super::StoredDelivery {
        seq,
        attempts: 1,
        due_ms: 1_000 + seq as i64,
        member: member.map(std::sync::Arc::from),
        history: Some(r#"[{"attempt":1}]"#.into()),
        event: seq
            .is_multiple_of(2)
            .then(|| bytes::Bytes::from_static(br#"{"type":"a"}"#)),
    }
}

fn letter(id: &str, group: &str) -> super::StoredDeadLetter {
    super::StoredDeadLetter {
        id: id.into(),
        group: group.into(),
        body: format!(r#"{{"id":"{id}"}}"#),
    }
}

/// Group changes are applied in order and read back as written; dead letters page by id
/// and outlive their group.
pub async fn stores_group_state(engine: &dyn Engine) {
    use super::{DeadLetterQuery, StateOp};
    let put = |group: &str, delivery| StateOp::PutDelivery {
        group: group.into(),
        delivery,
    };
    let ops = vec![
        StateOp::PutGroup {
            name: "g1".into(),
            spec: "{}".into(),
            cursor: 5,
            queue: Default::default(),
        },
        StateOp::PutGroup {
            name: "g2".into(),
            spec: "{\"x\":1}".into(),
            cursor: 1,
            queue: Default::default(),
        },
        put("g1", delivery(3, Some("m"))),
        put("g1", delivery(4, None)),
        put("g2", delivery(9, None)),
        StateOp::Cursor {
            name: "g1".into(),
            cursor: 7,
        },
        StateOp::RemoveDelivery {
            group: "g1".into(),
            seq: 3,
        },
        StateOp::PutDeadLetter(letter("A", "g1")),
        StateOp::PutDeadLetter(letter("B", "g2")),
        StateOp::PutDeadLetter(letter("C", "g1")),
    ];
    engine.write_state(ops).await.unwrap();
    let groups = engine.load_groups().await.unwrap();
    assert_eq!(groups.len(), 2);
    // An engine several servers share keeps the position in its consumers, where the
    // group's `Cursor` ops need not go: it is still where the group started.
    let cursor = if engine.peers().is_some() { 5 } else { 7 };
    assert_eq!((groups[0].name.as_str(), groups[0].cursor), ("g1", cursor));
    assert_eq!(groups[0].deliveries, [delivery(4, None)]);
    assert_eq!(groups[1].spec, "{\"x\":1}");
    let list = |group: Option<&str>, after: Option<&str>, limit| DeadLetterQuery {
        group: group.map(str::to_owned),
        after: after.map(str::to_owned),
        limit,
    };
    let ids = |letters: Vec<super::StoredDeadLetter>| -> Vec<String> {
        letters.into_iter().map(|letter| letter.id).collect()
    };
    assert_eq!(
        ids(engine
            .dead_letters(list(Some("g1"), None, 10))
            .await
            .unwrap()),
        ["A", "C"]
    );
    assert_eq!(
        ids(engine.dead_letters(list(None, Some("A"), 1)).await.unwrap()),
        ["B"]
    );
    assert_eq!(
        engine.dead_letter("B".into()).await.unwrap(),
        Some(letter("B", "g2"))
    );
    assert_eq!(engine.dead_letter("Z".into()).await.unwrap(), None);
    let counts = engine.dead_letter_counts().await.unwrap();
    assert_eq!((counts["g1"], counts["g2"]), (2, 1));

    let ops = vec![
        StateOp::ResetGroup {
            name: "g1".into(),
            cursor: 1,
        },
        StateOp::DeleteGroup { name: "g2".into() },
        StateOp::RemoveDeadLetter { id: "A".into() },
    ];
    engine.write_state(ops).await.unwrap();
    let groups = engine.load_groups().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0].cursor, groups[0].deliveries.len()), (1, 0));
    assert_eq!(
        ids(engine.dead_letters(list(None, None, 10)).await.unwrap()),
        ["B", "C"]
    );
}
