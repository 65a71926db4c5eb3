//! Dead letters: list, show, requeue to their group, purge.

use std::collections::BTreeMap;

use super::{Bus, BusError};
use crate::api::Pattern;
use crate::api::event::json_string;
use crate::api::group::{Attempt, DeadLetter, DeadReason, glob_matches};
use crate::api::time::{format_rfc3339_ms, now_ms, parse_rfc3339_ms};
use crate::engine::{DeadLetterQuery, StateOp, StoredDeadLetter, StoredEvent};

/// Dead letters read from the engine per page while filtering.
const PAGE: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct DlqQuery {
    pub group: Option<String>,
    pub topic: Option<Pattern>,
    /// Only letters that died at or after this time (epoch ms).
    pub since_ms: Option<i64>,
    /// Paging: only letters after this id.
    pub after: Option<String>,
    pub limit: usize,
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
    let letter = DeadLetter {
        id: super::ids::new_ulid(),
        group: group.to_owned(),
        topic: event.topic.to_string(),
        seq: event.seq,
        reason,
        dead_at: format_rfc3339_ms(dead_ms),
        attempts,
        key: event.key().map(|key| key.to_string()),
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

    /// Dead letters in the order they died, oldest first.
    pub async fn dead_letters(&self, query: DlqQuery) -> Result<Vec<DeadLetter>, BusError> {
        let mut found = Vec::new();
        let mut after = query.after.clone();
        while found.len() < query.limit {
            let page = self
                .engine()
                .dead_letters(DeadLetterQuery {
                    group: query.group.clone(),
                    after: after.clone(),
                    limit: PAGE,
                })
                .await?;
            let Some(last) = page.last() else { break };
            after = Some(last.id.clone());
            for stored in &page {
                let letter = parse_letter(stored)?;
                let topic_ok = query
                    .topic
                    .as_ref()
                    .is_none_or(|pattern| pattern.matches(&letter.topic));
                let time_ok = query.since_ms.is_none_or(|since| {
                    parse_rfc3339_ms(&letter.dead_at).is_ok_and(|dead| dead >= since)
                });
                if topic_ok && time_ok {
                    found.push(letter);
                    if found.len() == query.limit {
                        break;
                    }
                }
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
        parse_letter(&stored)
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

    /// Puts dead letters back into their groups with fresh attempts. All or nothing:
    /// an unknown id or a deleted group changes nothing.
    pub async fn requeue(&self, ids: &[String]) -> Result<usize, BusError> {
        let letters = self.letters(ids).await?;
        let mut by_group: BTreeMap<String, Vec<DeadLetter>> = BTreeMap::new();
        for letter in letters {
            by_group
                .entry(letter.group.clone())
                .or_default()
                .push(letter);
        }
        for group in by_group.keys() {
            self.group(group).await.map_err(|_| {
                BusError::NotFound(format!(
                    "group '{group}' no longer exists: create it again to requeue its dead letters"
                ))
            })?;
        }
        let mut requeued = 0;
        for (group, letters) in by_group {
            let removals = letters
                .iter()
                .map(|letter| StateOp::RemoveDeadLetter {
                    id: letter.id.clone(),
                })
                .collect();
            let events = letters
                .iter()
                .map(|letter| {
                    StoredEvent::from_json(
                        letter.seq,
                        bytes::Bytes::copy_from_slice(letter.event.get().as_bytes()),
                    )
                })
                .collect();
            self.enqueue(&group, events, removals).await?;
            self.forget_dead(&group, letters.len() as u64).await;
            requeued += letters.len();
            for letter in letters {
                self.announce(
                    "$evbus.dlq.requeued",
                    serde_json::json!({
                        "id": letter.id, "group": letter.group,
                        "topic": letter.topic, "seq": letter.seq,
                    }),
                );
            }
        }
        Ok(requeued)
    }

    /// Deletes dead letters for good. All or nothing, like `requeue`.
    pub async fn purge(&self, ids: &[String]) -> Result<usize, BusError> {
        let letters = self.letters(ids).await?;
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
        Ok(letters.len())
    }
}
