use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::api::group::Backoff;
use crate::engine::handout::{Handout, HandoutToken};

fn def(max_attempts: u32) -> GroupDef {
    GroupDef {
        name: "g".into(),
        pattern: "a.>".parse().unwrap(),
        filter: None,
        filter_text: None,
        max_attempts,
        backoff: Backoff {
            min: Duration::from_millis(100),
            max: Duration::from_secs(1),
        },
        ack_timeout: Duration::from_secs(30),
        created_ms: 0,
        push: None,
        ordered: false,
    }
}

fn event(seq: u64, topic: &str) -> StoredEvent {
    StoredEvent {
        seq,
        ts_ms: 0,
        topic: topic.into(),
        json: format!(r#"{{"seq":{seq},"type":"{topic}"}}"#).into(),
    }
}

/// A hand-out of the event at `seq`, after `earlier` unfinished ones.
fn handout(event: StoredEvent, earlier: u32, direct: bool) -> Handout {
    Handout {
        token: HandoutToken::from(format!("ack.{}.{earlier}", event.seq)),
        event,
        earlier,
        direct,
        history: None,
        event_kept: false,
    }
}

/// A group handed the log events `events` (`(seq, topic)`).
fn group_with(events: &[(u64, &str)], max_attempts: u32) -> GroupState {
    let mut group = GroupState::new(def(max_attempts), 1);
    // No filter here: acceptance is the pattern's.
    let accepted = |topic: &str| group.def.pattern.matches(topic);
    let events = events
        .iter()
        .map(|(seq, topic)| (handout(event(*seq, topic), 0, false), accepted(topic)))
        .collect();
    group.add_handouts(events, 0, &mut Changes::default());
    group
}

fn pull(group: &mut GroupState, max: usize, now: i64) -> Vec<Leased> {
    let mut changes = Changes::default();
    let member: Arc<str> = Arc::from("m");
    let mut leased = group.lease_due(&member, max, now, &mut changes);
    let _ = group.lease_new(&member, max, now, &mut leased, &mut changes);
    leased
}

#[test]
fn hands_out_matching_events_in_order_and_moves_the_cursor() {
    let mut group = group_with(&[(1, "a.x"), (2, "b.x"), (3, "a.y")], 5);
    let leased = pull(&mut group, 10, 0);
    let seqs: Vec<u64> = leased.iter().map(|l| l.event.seq).collect();
    assert_eq!(seqs, [1, 3]);
    assert_eq!(group.cursor, 4);
    assert_eq!(group.in_flight(), 2);
    assert!(
        pull(&mut group, 10, 0).is_empty(),
        "leased events are not handed out twice"
    );
}

#[test]
fn an_ack_sent_again_completes_once_and_stores_the_same_again() {
    let mut group = group_with(&[(1, "a.x")], 5);
    let receipt = pull(&mut group, 1, 0).remove(0).receipt.to_string();
    let mut first = Changes::default();
    group.ack(&receipt, 10, &mut first).unwrap();
    assert_eq!(group.completed, 1);
    let mut again = Changes::default();
    group.ack(&receipt, 20, &mut again).unwrap();
    assert_eq!(group.completed, 1, "completed once");
    assert_eq!(group.in_flight(), 0);
    assert_eq!(
        again.finished, first.finished,
        "the hand-out is let go again"
    );
    assert_eq!(again.ops.len(), 1, "{:?}", again.ops);
    assert!(
        group
            .nack(&receipt, None, "late".into(), 30, &mut again)
            .is_err(),
        "only an ack answers as before"
    );
    assert!(group.ack("1.2", 30, &mut again).is_err(), "another attempt");
}

#[test]
fn an_expired_lease_is_a_failed_attempt_retried_after_backoff() {
    let mut group = group_with(&[(1, "a.x")], 5);
    let first = pull(&mut group, 1, 0).remove(0);
    let mut changes = Changes::default();
    group.expire(30_000, &mut changes);
    assert_eq!(group.in_flight(), 0);
    assert!(
        group
            .ack(&first.receipt.to_string(), 30_001, &mut changes)
            .is_err()
    );
    let retry = &changes.retried[0];
    assert_eq!(
        (retry.delay, retry.due_ms, retry.attempts),
        (Duration::from_millis(100), 30_100, 1),
        "the backoff minimum, for the engine to time"
    );
    assert!(
        pull(&mut group, 1, 30_050).is_empty(),
        "the retry is the engine's"
    );
    hand_back(&mut group, &mut changes, 30_100);
    let second = pull(&mut group, 1, 30_100).remove(0);
    assert_eq!(second.attempt, 2);
    assert_eq!(second.receipt.to_string(), "1.2");
}

/// What the engine does with retries once they are due: hands them out again.
fn hand_back(group: &mut GroupState, changes: &mut Changes, now: i64) {
    let handouts = std::mem::take(&mut changes.retried)
        .into_iter()
        .map(|retry| {
            let mut again = handout(event(retry.seq, "a.x"), retry.attempts, true);
            again.history = Some(retry.history);
            (again, true)
        })
        .collect();
    group.add_handouts(handouts, now, changes);
}

#[test]
fn gives_up_after_max_attempts_with_the_whole_history() {
    let mut group = group_with(&[(1, "a.x")], 3);
    let mut now = 0;
    let mut changes = Changes::default();
    for attempt in 1..=3 {
        let leased = pull(&mut group, 1, now).remove(0);
        assert_eq!(leased.attempt, attempt);
        group
            .nack(
                &leased.receipt.to_string(),
                Some(Duration::ZERO),
                format!("boom {attempt}"),
                now,
                &mut changes,
            )
            .unwrap();
        now += 1;
        hand_back(&mut group, &mut changes, now);
    }
    assert_eq!(changes.dead.len(), 1);
    let letter = &changes.dead[0];
    assert_eq!(letter.reason, DeadReason::MaxAttempts);
    let errors: Vec<&str> = letter.attempts.iter().map(|a| a.error.as_str()).collect();
    assert_eq!(errors, ["boom 1", "boom 2", "boom 3"]);
    assert_eq!(group.dead, 1);
    assert!(pull(&mut group, 1, now + 10_000).is_empty());
}

fn handed(seq: u64, earlier: u32) -> Handout {
    handout(event(seq, "a.x"), earlier, false)
}

#[test]
fn the_engine_times_retries_and_keeps_the_history() {
    let mut group = GroupState::new(def(5), 1);
    let mut changes = Changes::default();
    group.add_handouts(vec![(handed(1, 0), true)], 0, &mut changes);
    let leased = pull(&mut group, 1, 0).remove(0);
    assert_eq!(group.share().held, 1);
    group
        .nack(
            &leased.receipt.to_string(),
            Some(Duration::from_secs(7)),
            "boom".into(),
            10,
            &mut changes,
        )
        .unwrap();
    let retried: Vec<(&str, Duration)> = changes
        .retried
        .iter()
        .map(|retry| (&*retry.token, retry.delay))
        .collect();
    assert_eq!(retried, [("ack.1.0", Duration::from_secs(7))]);
    assert!(changes.retried[0].history.contains("boom"));
    assert_eq!(group.share(), ServerShare::default(), "let go of");
    assert!(
        pull(&mut group, 1, 60_000).is_empty(),
        "the retry is the engine's"
    );
}

#[test]
fn a_hand_out_with_no_attempt_left_is_buried_as_expired() {
    let mut group = GroupState::new(def(2), 1);
    let mut changes = Changes::default();
    group.add_handouts(vec![(handed(1, 2), true)], 0, &mut changes);
    assert!(pull(&mut group, 1, 0).is_empty());
    let mut changes = Changes::default();
    group.add_handouts(vec![(handed(2, 2), true)], 0, &mut changes);
    let _ = group.lease_new(&Arc::from("m"), 1, 0, &mut Vec::new(), &mut changes);
    let letter = &changes.dead[0];
    assert_eq!(letter.reason, DeadReason::Expired);
    assert_eq!(letter.attempts[0].attempt, 2);
    assert_eq!(&*changes.terminated[0], "ack.2.2");
    assert_eq!(group.dead, 2);
}

#[test]
fn reject_buries_at_once_and_extend_keeps_the_lease() {
    let mut group = group_with(&[(1, "a.x"), (2, "a.y")], 5);
    let leased = pull(&mut group, 2, 0);
    let mut changes = Changes::default();
    group
        .reject(
            &leased[0].receipt.to_string(),
            "poison".into(),
            0,
            &mut changes,
        )
        .unwrap();
    assert_eq!(changes.dead[0].reason, DeadReason::Rejected);
    let until = group
        .extend(
            &leased[1].receipt.to_string(),
            Duration::from_secs(60),
            20_000,
            &mut changes,
        )
        .unwrap();
    assert_eq!(until, 80_000);
    group.expire(50_000, &mut changes);
    assert!(
        group
            .ack(&leased[1].receipt.to_string(), 50_000, &mut changes)
            .is_ok()
    );
}

/// An ordered group of log events `(seq, key)` on topic `a.x`.
fn ordered_with(events: &[(u64, Option<&str>)]) -> GroupState {
    let mut group = GroupState::new(
        GroupDef {
            ordered: true,
            ..def(3)
        },
        1,
    );
    let events = events
        .iter()
        .map(|&(seq, key)| {
            let key = key.map_or(String::new(), |key| format!(r#","partitionkey":"{key}""#));
            let json = format!(r#"{{"seq":{seq},"type":"a.x"{key}}}"#);
            let event = StoredEvent {
                seq,
                ts_ms: 0,
                topic: "a.x".into(),
                json: json.into(),
            };
            (handout(event, 0, false), true)
        })
        .collect();
    group.add_handouts(events, 0, &mut Changes::default());
    group
}

fn seqs(leased: &[Leased]) -> Vec<u64> {
    leased.iter().map(|lease| lease.event.seq).collect()
}

#[test]
fn an_ordered_group_hands_out_one_event_per_key_and_the_next_once_it_completes() {
    let mut group = ordered_with(&[
        (1, Some("a")),
        (2, Some("a")),
        (3, Some("b")),
        (4, None),
        (5, None),
    ]);
    let first = pull(&mut group, 10, 0);
    assert_eq!(
        seqs(&first),
        [1, 3, 4, 5],
        "one per key; events without a key all go"
    );
    assert!(pull(&mut group, 10, 0).is_empty());
    let mut changes = Changes::default();
    group
        .ack(&first[0].receipt.to_string(), 5, &mut changes)
        .unwrap();
    assert!(
        changes.ops.iter().any(|op| matches!(op, StateOp::PutDelivery { delivery, .. } if delivery.seq == 2 && delivery.due_ms == 5 && delivery.member.as_deref() == Some(HELD_BACK))),
        "the key's next event is due now, stored as held back"
    );
    assert_eq!(seqs(&pull(&mut group, 10, 5)), [2]);
}

#[test]
fn a_failed_attempt_keeps_its_key_and_the_group_times_its_retry() {
    let mut group = ordered_with(&[(1, Some("a")), (2, Some("a"))]);
    let first = pull(&mut group, 10, 0).remove(0);
    let mut changes = Changes::default();
    let nack = group.nack(
        &first.receipt.to_string(),
        Some(Duration::from_secs(1)),
        "no".into(),
        0,
        &mut changes,
    );
    nack.unwrap();
    assert!(changes.retried.is_empty(), "not the engine's to time");
    let keys = group.keys_info().unwrap();
    assert_eq!((keys.blocked_count, keys.waiting), (1, 1));
    assert!(
        pull(&mut group, 10, 999).is_empty(),
        "the key waits for the retry"
    );
    let retry = pull(&mut group, 10, 1_000);
    assert_eq!((seqs(&retry), retry[0].attempt), (vec![1], 2));
}

#[test]
fn restored_keys_go_to_the_leased_event_or_else_the_oldest() {
    let stored = |seq, member: Option<&str>, due_ms| StoredDelivery {
        seq,
        attempts: 1,
        due_ms,
        member: member.map(Arc::from),
        history: None,
        event: None,
    };
    let keyed = |seq| StoredEvent {
        seq,
        ts_ms: 0,
        topic: "a.x".into(),
        json: format!(r#"{{"seq":{seq},"type":"a.x","partitionkey":"k"}}"#).into(),
    };
    let mut group = GroupState::new(
        GroupDef {
            ordered: true,
            ..def(3)
        },
        10,
    );
    let token = || HandoutToken::from("t");
    group.restore(stored(3, Some(HELD_BACK), i64::MAX), keyed(3), token());
    group.restore(stored(2, Some(HELD_BACK), i64::MAX), keyed(2), token());
    group.restore(stored(1, Some(HELD_BACK), 500), keyed(1), token());
    group.restore_keys(100);
    assert_eq!(group.in_flight(), 0, "held back is not in flight");
    assert!(
        pull(&mut group, 10, 499).is_empty(),
        "the oldest holds the key until its retry"
    );
    assert_eq!(seqs(&pull(&mut group, 10, 500)), [1]);
}
