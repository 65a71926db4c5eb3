//! The engine conformance suite, run against every engine.

use std::sync::Arc;
use std::time::Duration;

use evbus::engine::{self, Engine, EngineConfig, EngineOptions, conformance};

use crate::nats::NatsPrefix;
use crate::storage::{EngineKind, Storage};

/// A fresh engine of `kind`, with what keeps its storage alive (a temp dir, a NATS
/// prefix); `None` when the kind cannot run here (no NATS, and not required).
async fn open(kind: EngineKind) -> Option<(Arc<dyn Engine>, Storage)> {
    let storage = Storage::new(kind)?;
    let engine = engine::open(&storage.config(), options()).await.unwrap();
    Some((engine, storage))
}

/// Opens the same storage again, as a restarted server would.
async fn reopen(storage: &Storage) -> Arc<dyn Engine> {
    assert!(
        !matches!(storage, Storage::None),
        "the memory engine keeps nothing to reopen"
    );
    engine::open(&storage.config(), options()).await.unwrap()
}

fn options() -> EngineOptions {
    EngineOptions {
        dedup_window: Duration::from_secs(120),
        retention: Default::default(),
    }
}

/// One test per conformance check for the engine `kind`, each on a fresh engine.
macro_rules! conformance_tests {
    ($kind:ident = $engine:ident: $($check:ident),* $(,)?) => {
        mod $kind {
            $(
                #[tokio::test]
                async fn $check() {
                    let kind = crate::storage::EngineKind::$engine;
                    let Some((engine, _storage)) = crate::engines::open(kind).await else {
                        return;
                    };
                    evbus::engine::conformance::$check(&*engine).await;
                    engine.close().await.unwrap();
                }
            )*
        }
    };
}

macro_rules! every_check {
    ($kind:ident = $engine:ident) => {
        conformance_tests!($kind = $engine:
            appends_in_order_and_reads_back,
            deduplicates_within_the_window,
            tracks_stats_and_topics,
            seeks_by_time,
            notifies_live_readers,
            stores_group_state,
            hands_out_each_event_once,
            retries_after_the_delay,
            terminated_never_again,
            puts_straight_into_the_group,
            hands_out_a_route_s_events,
        );
    };
}

/// Engines the bus trims (JetStream applies retention itself: see `nats_*` below).
macro_rules! trim_checks {
    ($kind:ident = $engine:ident) => {
        conformance_tests!(
            $kind = $engine: trims_oldest_by_size,
            trims_oldest_by_age,
            trims_by_age_and_size_at_once
        );
    };
}

every_check!(memory = Memory);
every_check!(embedded = Embedded);
every_check!(nats = Nats);
mod trims {
    trim_checks!(memory = Memory);
    trim_checks!(embedded = Embedded);
}

/// A durable engine keeps everything, dedup memory included, across a reopen.
async fn reopens_with_log_stats_and_dedup_intact(kind: EngineKind) {
    let Some((engine, storage)) = open(kind).await else {
        return;
    };
    conformance::tracks_stats_and_topics(&*engine).await;
    let keyed = evbus::engine::NewEvent {
        topic: "k".into(),
        dedup_key: Some("src\nid-1".into()),
        body: br#"{"type":"k"}"#.to_vec(),
    };
    let first = engine.append(vec![keyed.clone()]).await.unwrap();
    engine.close().await.unwrap();
    drop(engine);

    let reopened = reopen(&storage).await;
    let stats = reopened.stats().await.unwrap();
    assert_eq!((stats.events, stats.last_seq), (4, Some(4)));
    assert_eq!(reopened.topics().await.unwrap().len(), 3);
    let again = reopened.append(vec![keyed]).await.unwrap();
    assert!(again[0].duplicate, "dedup survives a restart");
    assert_eq!(again[0].seq, first[0].seq);
    let next = reopened
        .append(vec![evbus::engine::NewEvent {
            topic: "k".into(),
            dedup_key: None,
            body: br#"{"type":"k"}"#.to_vec(),
        }])
        .await
        .unwrap();
    assert_eq!(next[0].seq, 5);
}

/// Group state written before a close is there after a reopen.
async fn reopens_with_group_state_intact(kind: EngineKind) {
    let Some((engine, storage)) = open(kind).await else {
        return;
    };
    conformance::stores_group_state(&*engine).await;
    let before = engine.load_groups().await.unwrap();
    engine.close().await.unwrap();
    drop(engine);
    let reopened = reopen(&storage).await;
    assert_eq!(reopened.load_groups().await.unwrap(), before);
    assert_eq!(reopened.dead_letter_counts().await.unwrap().len(), 2);
}

mod reopen {
    use crate::storage::EngineKind;

    #[tokio::test]
    async fn embedded_keeps_log_stats_and_dedup() {
        super::reopens_with_log_stats_and_dedup_intact(EngineKind::Embedded).await;
    }

    #[tokio::test]
    async fn nats_keeps_log_stats_and_dedup() {
        super::reopens_with_log_stats_and_dedup_intact(EngineKind::Nats).await;
    }

    #[tokio::test]
    async fn embedded_keeps_group_state() {
        super::reopens_with_group_state_intact(EngineKind::Embedded).await;
    }

    #[tokio::test]
    async fn nats_keeps_group_state() {
        super::reopens_with_group_state_intact(EngineKind::Nats).await;
    }
}

/// A trim, then a restart: the topic counts read back from the store are those of the
/// events left, and a trimmed log goes on with the next seq.
#[tokio::test]
async fn embedded_keeps_its_counts_across_a_trim_and_a_restart() {
    let Some((engine, storage)) = open(EngineKind::Embedded).await else {
        return;
    };
    let event = |topic: &str| evbus::engine::NewEvent {
        topic: topic.into(),
        dedup_key: None,
        body: format!(r#"{{"type":"{topic}","data":"{}"}}"#, "x".repeat(200)).into_bytes(),
    };
    engine
        .append(
            (0..30)
                .map(|n| event(if n % 3 == 0 { "t.a" } else { "t.b" }))
                .collect(),
        )
        .await
        .unwrap();
    let before = engine.stats().await.unwrap();
    let retention = engine::Retention {
        max_age: None,
        max_bytes: Some(before.bytes / 2),
    };
    let dropped = engine.trim(retention).await.unwrap();
    assert!(dropped > 0 && dropped < 30, "dropped {dropped}");
    let counts =
        |topics: Vec<engine::TopicStats>| -> u64 { topics.iter().map(|topic| topic.events).sum() };
    assert_eq!(counts(engine.topics().await.unwrap()), 30 - dropped);
    engine.close().await.unwrap();
    drop(engine);

    let engine = reopen(&storage).await;
    let stats = engine.stats().await.unwrap();
    assert_eq!(stats.events, 30 - dropped);
    assert_eq!(stats.first_seq, Some(dropped + 1));
    assert_eq!(counts(engine.topics().await.unwrap()), 30 - dropped);
    assert_eq!(engine.read(1, 1).await.unwrap()[0].seq, dropped + 1);
    let next = engine.append(vec![event("t.a")]).await.unwrap();
    assert_eq!(next[0].seq, 31);
    engine.close().await.unwrap();
}

/// On JetStream, retention is the log stream's own limits, which NATS enforces: the
/// oldest events go once the stream is over its bytes, whatever evbus does.
#[tokio::test]
async fn nats_retention_is_the_stream_s_limits() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let options = EngineOptions {
        retention: engine::Retention {
            max_age: Some(Duration::from_secs(3_600)),
            max_bytes: Some(20_000),
        },
        ..options()
    };
    let config = EngineConfig::Nats(Box::new(prefix.config()));
    let engine = engine::open(&config, options).await.unwrap();
    let client = async_nats::connect(crate::nats::nats_url()).await.unwrap();
    let stream = async_nats::jetstream::new(client)
        .get_stream(format!("{}_EVENTS", prefix.prefix.to_uppercase()))
        .await
        .unwrap();
    let limits = &stream.cached_info().config;
    assert_eq!(
        (limits.max_age, limits.max_bytes),
        (Duration::from_secs(3_600), 20_000)
    );
    assert_eq!(limits.duplicate_window, Duration::from_secs(120));
    let big = |n: usize| evbus::engine::NewEvent {
        topic: "r.big".into(),
        dedup_key: None,
        body: format!(
            r#"{{"type":"r.big","data":"{}","n":{n}}}"#,
            "x".repeat(1_000)
        )
        .into_bytes(),
    };
    engine.append((0..100).map(big).collect()).await.unwrap();
    let stats = engine.stats().await.unwrap();
    assert!(stats.bytes <= 20_000, "{stats:?}");
    assert!(stats.first_seq > Some(1), "the oldest went: {stats:?}");
    assert_eq!(stats.last_seq, Some(100));
    assert_eq!(
        engine.read(1, 1).await.unwrap()[0].seq,
        stats.first_seq.unwrap()
    );
    engine.close().await.unwrap();
}

/// On JetStream every server writes the group journal: two engines on one prefix that
/// write records at once each catch up with the other's writes, and both end up with
/// every record, whichever wrote last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_journal_takes_writes_from_two_servers_at_once() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let config = EngineConfig::Nats(Box::new(prefix.config()));
    let (first, second) = tokio::join!(
        engine::open(&config, options()),
        engine::open(&config, options())
    );
    let engines = [first.unwrap(), second.unwrap()];
    let writers = engines
        .iter()
        .enumerate()
        .map(|(writer, engine)| async move {
            for n in 0..40 {
                let record = evbus::engine::StateOp::PutRecord {
                    kind: "test".into(),
                    id: format!("{writer}-{n}"),
                    body: "{}".into(),
                };
                engine.write_state(vec![record]).await.unwrap();
            }
        });
    futures_util::future::join_all(writers).await;
    for engine in &engines {
        let records = engine.records("test").await.unwrap();
        assert_eq!(records.len(), 80);
    }
    for engine in engines {
        engine.close().await.unwrap();
    }
}

/// Two servers on one JetStream prefix take from one queue per group.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_engines_on_one_prefix_share_each_group_s_hand_outs() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let config = EngineConfig::Nats(Box::new(prefix.config()));
    let first = engine::open(&config, options()).await.unwrap();
    let second = engine::open(&config, options()).await.unwrap();
    conformance::two_engines_share_one_queue(&*first, &*second).await;
    for engine in [first, second] {
        engine.close().await.unwrap();
    }
}
