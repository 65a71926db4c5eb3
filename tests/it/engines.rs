//! The engine conformance suite, run against every engine.

use std::sync::Arc;
use std::time::Duration;

use evbus::engine::{self, Engine, EngineConfig, EngineOptions, Fsync, conformance};

async fn open(kind: &str, dir: &tempfile::TempDir) -> Arc<dyn Engine> {
    let config = match kind {
        "memory" => EngineConfig::Memory,
        _ => EngineConfig::Embedded {
            dir: dir.path().to_owned(),
            fsync: Fsync::Always,
        },
    };
    let options = EngineOptions {
        dedup_window: Duration::from_secs(120),
    };
    engine::open(&config, options).await.unwrap()
}

/// One test per conformance check for the engine `kind`, each on a fresh engine.
macro_rules! conformance_tests {
    ($kind:ident: $($check:ident),* $(,)?) => {
        mod $kind {
            $(
                #[tokio::test]
                async fn $check() {
                    let dir = tempfile::tempdir().unwrap();
                    let engine = super::open(stringify!($kind), &dir).await;
                    evbus::engine::conformance::$check(&*engine).await;
                    engine.close().await.unwrap();
                }
            )*
        }
    };
}

macro_rules! every_check {
    ($kind:ident) => {
        conformance_tests!($kind:
            appends_in_order_and_reads_back,
            deduplicates_within_the_window,
            tracks_stats_and_topics,
            seeks_by_time,
            trims_oldest_by_size,
            trims_oldest_by_age,
            notifies_live_readers,
            stores_group_state,
        );
    };
}

every_check!(memory);
every_check!(embedded);

/// The embedded engine keeps everything, dedup memory included, across a reopen.
#[tokio::test]
async fn embedded_reopens_with_log_stats_and_dedup_intact() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open("embedded", &dir).await;
    conformance::tracks_stats_and_topics(&*engine).await;
    let keyed = evbus::engine::NewEvent {
        topic: "k".into(),
        dedup_key: Some("src\nid-1".into()),
        body: br#"{"type":"k"}"#.to_vec(),
    };
    let first = engine.append(vec![keyed.clone()]).await.unwrap();
    engine.close().await.unwrap();
    drop(engine);

    let reopened = open("embedded", &dir).await;
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
#[tokio::test]
async fn embedded_reopens_with_group_state_intact() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open("embedded", &dir).await;
    conformance::stores_group_state(&*engine).await;
    let before = engine.load_groups().await.unwrap();
    engine.close().await.unwrap();
    drop(engine);
    let reopened = open("embedded", &dir).await;
    assert_eq!(reopened.load_groups().await.unwrap(), before);
    assert_eq!(reopened.dead_letter_counts().await.unwrap().len(), 2);
}
