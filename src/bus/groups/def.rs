//! A group's definition: its pattern, filter, retry policy and push target, and which
//! events it takes. Deciding that may run its jq filter (in a worker process), so it
//! lives here, outside the I/O-free state machine in `state`.

use std::sync::Arc;
use std::time::Duration;

use crate::api::Pattern;
use crate::api::group::{Backoff, address_of, glob_matches};
use crate::bus::JqFilter;
use crate::engine::StoredEvent;
use crate::engine::handout::HandoutSpec;

pub struct GroupDef {
    pub name: String,
    pub pattern: Pattern,
    pub filter: Option<Arc<JqFilter>>,
    pub filter_text: Option<String>,
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub ack_timeout: Duration,
    pub created_ms: i64,
    pub push: Option<PushTarget>,
    /// Hands out one event per ordering key at a time, in log order.
    pub ordered: bool,
}

/// Where and how a push group delivers.
#[derive(Clone)]
pub struct PushTarget {
    pub url: String,
    pub secret: Option<String>,
    pub rate: Option<f64>,
    pub max_in_flight: u32,
    /// The secret a rotation replaced, and until when (Unix ms) it signs as well.
    pub previous_secret: Option<(String, i64)>,
    /// Fixed headers sent with every POST.
    pub headers: std::collections::BTreeMap<String, String>,
    /// Consecutive failed POSTs that pause the group (0: never).
    pub pause_after: u32,
    /// While paused by failures, one delivery is tried this often.
    pub probe_every: std::time::Duration,
}

impl GroupDef {
    /// The key `event` is ordered by in this group: none unless the group is ordered.
    pub fn key_of(&self, event: &StoredEvent) -> Option<Arc<str>> {
        if self.ordered { event.key() } else { None }
    }

    /// What a shared queue's consumers need to know of the group.
    pub fn queue_spec(&self) -> HandoutSpec {
        HandoutSpec {
            pattern: self.pattern.to_string(),
            max_attempts: self.max_attempts,
        }
    }

    /// Whether each event goes to this group. An addressed event (`emit --to`) goes to
    /// the groups its address names, whatever their patterns; any other event to the
    /// groups whose pattern and filter accept it. An event the filter cannot decide on
    /// (over its budget) does not, and the log says so.
    pub async fn accepts<'a>(
        &self,
        events: impl IntoIterator<Item = &'a StoredEvent>,
    ) -> Vec<bool> {
        let events: Vec<&StoredEvent> = events.into_iter().collect();
        let mut verdicts: Vec<Option<bool>> = events
            .iter()
            .map(|event| match address_of(&event.json) {
                Some(address) => Some(glob_matches(&address, &self.name)),
                None if !self.pattern.matches(&event.topic) => Some(false),
                None => self.filter.is_none().then_some(true),
            })
            .collect();
        if let Some(filter) = &self.filter {
            let undecided: Vec<usize> = (0..events.len())
                .filter(|&at| verdicts[at].is_none())
                .collect();
            let answers = filter
                .verdicts(undecided.iter().map(|&at| events[at].json.clone()))
                .await;
            for (at, answer) in undecided.into_iter().zip(answers) {
                verdicts[at] = Some(answer.unwrap_or_else(|err| {
                    tracing::warn!(group = %self.name, seq = events[at].seq, error = %err, "the group's filter could not decide on an event; it is not delivered");
                    false
                }));
            }
        }
        verdicts
            .into_iter()
            .map(|verdict| verdict.unwrap_or(false))
            .collect()
    }
}
