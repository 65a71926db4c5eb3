//! Dead letters: list, show, count by error, requeue to their group (rewritten on the
//! way if asked), purge.
//!
//! A requeued event carries where it came from (`requeueof`, `requeues`,
//! `requeueedited`), and the dead letter it left is kept as a `requeued` record: when
//! the event dies again, its new dead letter shows the attempts from before.

mod requeue;

use std::collections::BTreeMap;

use super::{Bus, BusError};
use crate::api::Pattern;
use crate::api::dead_letter::{Attempt, Counted, DeadLetter, DeadReason, DlqSummaryRow, Planned};
use crate::api::event::json_string;
use crate::api::group::glob_matches;
use crate::api::time::{format_rfc3339_ms, now_ms, parse_rfc3339_ms};
use crate::engine::{DeadLetterQuery, StateOp, StoredDeadLetter, StoredEvent};

/// Dead letters read from the engine per page while filtering.
const PAGE: usize = 500;
/// The record kind that keeps a dead letter once it was requeued.
const REQUEUED: &str = "requeued";

#[derive(Debug, Clone, Default)]
pub struct DlqQuery {
    pub group: Option<String>,
    pub topic: Option<Pattern>,
    /// Only letters that died at or after this time (epoch ms).
    pub since_ms: Option<i64>,
    /// Only letters whose last error contains this text.
    pub error: Option<String>,
    /// Paging: only letters after this id.
    pub after: Option<String>,
    pub limit: usize,
}

impl DlqQuery {
    fn selects(&self, letter: &DeadLetter) -> bool {
        let topic_ok = self
            .topic
            .as_ref()
            .is_none_or(|pattern| pattern.matches(&letter.topic));
        let time_ok = self
            .since_ms
            .is_none_or(|since| parse_rfc3339_ms(&letter.dead_at).is_ok_and(|dead| dead >= since));
        let error_ok = self.error.as_deref().is_none_or(|text| {
            letter
                .attempts
                .last()
                .is_some_and(|attempt| attempt.error.contains(text))
        });
        topic_ok && time_ok && error_ok
    }
}

/// What a requeued event carries of its past, read from its attributes.
#[derive(serde::Deserialize, Default)]
struct Requeued {
    requeueof: Option<String>,
    #[serde(default)]
    requeues: u32,
}

impl Requeued {
    fn of(event_json: &[u8]) -> Self {
        const KEY: &[u8] = b"\"requeueof\":";
        if !event_json.windows(KEY.len()).any(|window| window == KEY) {
            return Self::default();
        }
        serde_json::from_slice(event_json).unwrap_or_default()
    }
}

fn parse_letter(stored: &StoredDeadLetter) -> Result<DeadLetter, BusError> {
    serde_json::from_str(&stored.body).map_err(|err| {
        BusError::Engine(crate::engine::EngineError::Corrupt(format!(
            "dead letter {}: {err}",
            stored.id
        )))
    })
}

/// A new dead letter of `group` for `event`, and the op that stores it.
pub(crate) fn bury(
    group: &str,
    event: &StoredEvent,
    reason: DeadReason,
    attempts: Vec<Attempt>,
    dead_ms: i64,
) -> (DeadLetter, StateOp) {
    let original = serde_json::from_slice(&event.json)
        .unwrap_or_else(|_| json_string(&String::from_utf8_lossy(&event.json)));
    let past = Requeued::of(&event.json);
    let mut attempts = attempts;
    for attempt in &mut attempts {
        attempt.round = past.requeues;
    }
    let letter = DeadLetter {
        id: super::ids::new_ulid(),
        group: group.to_owned(),
        topic: event.topic.to_string(),
        seq: event.seq,
        reason,
        dead_at: format_rfc3339_ms(dead_ms),
        attempts,
        key: event.key().map(|key| key.to_string()),
        requeueof: past.requeueof,
        requeues: past.requeues,
        event: original,
    };
    let op = StateOp::PutDeadLetter(StoredDeadLetter {
        id: letter.id.clone(),
        group: letter.group.clone(),
        body: serde_json::to_string(&letter).expect("dead letters serialize"),
    });
    (letter, op)
}

impl Bus {
    /// `$evbus.dlq.added` for a new dead letter.
    pub(crate) fn announce_dead_letter(&self, letter: &DeadLetter) {
        self.announce(
            "$evbus.dlq.added",
            serde_json::json!({
                "id": letter.id, "group": letter.group, "topic": letter.topic,
                "seq": letter.seq, "reason": letter.reason, "key": letter.key,
                "attempts": letter.attempts.len(),
                "error": letter.attempts.last().map(|attempt| &attempt.error),
            }),
        );
    }

    /// For an event addressed to `address`: true (and a `no_route` dead letter) when no
    /// group matches it, so it is never dropped silently.
    pub(super) async fn route_or_bury(&self, address: &str, seq: u64) -> Result<bool, BusError> {
        let routed = self
            .group_names()
            .iter()
            .any(|name| glob_matches(address, name));
        if routed {
            return Ok(false);
        }
        let event = self.get(seq).await?.ok_or_else(|| {
            BusError::Engine(crate::engine::EngineError::Unavailable(format!(
                "event {seq} vanished after its append"
            )))
        })?;
        let (letter, op) = bury(address, &event, DeadReason::NoRoute, Vec::new(), now_ms());
        self.store(vec![op]).await?;
        self.announce_dead_letter(&letter);
        Ok(true)
    }

    /// The letters `query` selects of one page read from the engine after `after`,
    /// and where the next page starts (`None`: no more).
    async fn selected_page(
        &self,
        query: &DlqQuery,
        after: Option<String>,
    ) -> Result<(Vec<DeadLetter>, Option<String>), BusError> {
        let page = self
            .engine()
            .dead_letters(DeadLetterQuery {
                group: query.group.clone(),
                after,
                limit: PAGE,
            })
            .await?;
        let next = page.last().map(|last| last.id.clone());
        let mut selected = Vec::new();
        for stored in &page {
            let letter = parse_letter(stored)?;
            if query.selects(&letter) {
                selected.push(letter);
            }
        }
        Ok((selected, next))
    }

    /// Dead letters in the order they died, oldest first.
    pub async fn dead_letters(&self, query: DlqQuery) -> Result<Vec<DeadLetter>, BusError> {
        let mut found = Vec::new();
        let mut after = query.after.clone();
        while found.len() < query.limit {
            let (page, next) = self.selected_page(&query, after).await?;
            for letter in page.into_iter().take(query.limit - found.len()) {
                found.push(self.with_earlier_attempts(letter).await?);
            }
            match next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        Ok(found)
    }

    pub async fn dead_letter(&self, id: &str) -> Result<DeadLetter, BusError> {
        let stored = self
            .engine()
            .dead_letter(id.to_owned())
            .await?
            .ok_or_else(|| {
                BusError::NotFound(format!(
                    "no dead letter '{id}': see `evbus dlq list` for the ids"
                ))
            })?;
        self.with_earlier_attempts(parse_letter(&stored)?).await
    }

    /// A dead letter of an event that was requeued before, with the attempts from
    /// before it was (the dead letter it was requeued from was kept, joined likewise).
    async fn with_earlier_attempts(&self, mut letter: DeadLetter) -> Result<DeadLetter, BusError> {
        let Some(before) = &letter.requeueof else {
            return Ok(letter);
        };
        if let Some(body) = self.engine().record(REQUEUED, before).await?
            && let Ok(earlier) = serde_json::from_str::<DeadLetter>(&body)
        {
            let mut attempts = earlier.attempts;
            attempts.append(&mut letter.attempts);
            letter.attempts = attempts;
        }
        Ok(letter)
    }

    /// Dead letters counted by group, reason and error, the most first: the triage
    /// view. Reads every letter the query selects.
    pub async fn dlq_summary(&self, query: DlqQuery) -> Result<Vec<DlqSummaryRow>, BusError> {
        let mut rows: BTreeMap<(String, &'static str, String), DlqSummaryRow> = BTreeMap::new();
        let mut after = query.after.clone();
        loop {
            let (page, next) = self.selected_page(&query, after).await?;
            for letter in page {
                let error = letter.error_signature();
                let key = (letter.group.clone(), letter.reason.as_str(), error.clone());
                let row = rows.entry(key).or_insert_with(|| DlqSummaryRow {
                    group: letter.group.clone(),
                    reason: letter.reason,
                    error,
                    count: 0,
                    first_seen: letter.dead_at.clone(),
                    last_seen: letter.dead_at.clone(),
                });
                row.count += 1;
                // Letters come oldest first.
                row.last_seen = letter.dead_at.clone();
            }
            match next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let mut rows: Vec<DlqSummaryRow> = rows.into_values().collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.group.cmp(&b.group)));
        Ok(rows)
    }

    /// Every letter named, or a not-found error naming the first missing one.
    async fn letters(&self, ids: &[String]) -> Result<Vec<DeadLetter>, BusError> {
        let mut letters: Vec<DeadLetter> = Vec::with_capacity(ids.len());
        for id in ids {
            if !letters.iter().any(|letter| &letter.id == id) {
                letters.push(self.dead_letter(id).await?);
            }
        }
        Ok(letters)
    }

    /// Deletes dead letters for good. All or nothing, like `requeue`; a dry run answers
    /// which would go.
    pub async fn purge(&self, ids: &[String], dry_run: bool) -> Result<Counted, BusError> {
        let letters = self.letters(ids).await?;
        if dry_run {
            let letters = letters
                .into_iter()
                .map(|letter| Planned {
                    id: letter.id,
                    group: letter.group,
                    seq: letter.seq,
                    topic: letter.topic,
                    before: letter.event,
                    after: None,
                    edited: false,
                    error: None,
                })
                .collect::<Vec<_>>();
            return Ok(Counted {
                count: letters.len(),
                dry_run: true,
                letters,
            });
        }
        let ops = letters
            .iter()
            .map(|letter| StateOp::RemoveDeadLetter {
                id: letter.id.clone(),
            })
            .collect();
        self.store(ops).await?;
        let mut per_group: BTreeMap<&str, u64> = BTreeMap::new();
        for letter in &letters {
            *per_group.entry(&letter.group).or_default() += 1;
        }
        for (group, count) in per_group {
            self.forget_dead(group, count).await;
        }
        Ok(Counted {
            count: letters.len(),
            ..Counted::default()
        })
    }
}
