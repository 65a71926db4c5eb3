//! Following an event: one event by seq or id, the causal tree around it (`evbus
//! trace`), and why a group did or did not get it (`evbus why`). Reads the event index
//! and the steps the groups recorded, never the whole log.

pub mod index;

use std::collections::HashSet;

use serde_json::value::RawValue;

use super::{Bus, BusError};
use crate::api::follow::{Cause, Link, Outcome, Step, Trace, TraceNode, Why};
use crate::api::group::{address_of, glob_matches};
use crate::api::time::format_rfc3339_ms;
use crate::engine::StoredEvent;

/// Most events one trace shows; past it the tree is cut, and the trace says so.
const MAX_NODES: usize = 500;
/// Most causes followed up the chain.
const MAX_CAUSES: usize = 100;

/// The attributes following an event reads.
#[derive(serde::Deserialize, Default)]
struct Attributes {
    id: Option<String>,
    source: Option<String>,
    causationid: Option<String>,
    replayof: Option<String>,
    traceparent: Option<String>,
}

fn attributes(event: &StoredEvent) -> Attributes {
    serde_json::from_slice(&event.json).unwrap_or_default()
}

impl Bus {
    /// The stored event `seq`.
    pub async fn event(&self, seq: u64) -> Result<StoredEvent, BusError> {
        self.get(seq).await?.ok_or_else(|| {
            BusError::NotFound(format!(
                "no event {seq}: the log does not hold it (never stored, or dropped by retention)"
            ))
        })
    }

    /// The newest stored event with `id` (and `source`, when given).
    pub async fn event_by_id(
        &self,
        id: &str,
        source: Option<&str>,
    ) -> Result<StoredEvent, BusError> {
        let found = self.events_with_id(id).await?;
        let matching: Vec<(&StoredEvent, Option<String>)> = found
            .iter()
            .map(|event| (event, attributes(event).source))
            .filter(|(_, found)| source.is_none_or(|source| found.as_deref() == Some(source)))
            .collect();
        let sources: HashSet<&str> = matching
            .iter()
            .filter_map(|(_, source)| source.as_deref())
            .collect();
        if source.is_none() && sources.len() > 1 {
            let mut sources: Vec<&str> = sources.into_iter().collect();
            sources.sort();
            return Err(BusError::Conflict(format!(
                "events of several sources have id '{id}' ({}): give the source too",
                sources.join(", ")
            )));
        }
        matching
            .last()
            .map(|(event, _)| (*event).clone())
            .ok_or_else(|| {
                BusError::NotFound(format!(
                    "no stored event has id '{id}'{}",
                    source
                        .map(|source| format!(" and source '{source}'"))
                        .unwrap_or_default()
                ))
            })
    }

    /// Indexes what was committed and the indexer has not taken in yet, so a lookup
    /// right after an emit finds the event.
    async fn catch_up_index(&self) -> Result<(), BusError> {
        let last = self.engine().live().last_seq();
        while self.index().through() < last {
            let from = self.index().through() + 1;
            let events = crate::engine::read_through_live(&**self.engine(), from, 1_000).await?;
            if events.is_empty() {
                break;
            }
            self.index().add(&events);
        }
        Ok(())
    }

    /// Every stored event with `id`, by seq.
    async fn events_with_id(&self, id: &str) -> Result<Vec<StoredEvent>, BusError> {
        self.catch_up_index().await?;
        let seqs = self.index().with_id(id);
        let events = self.engine().get_many(seqs).await?;
        Ok(events
            .into_iter()
            .filter(|event| attributes(event).id.as_deref() == Some(id))
            .collect())
    }

    /// What the groups recorded of event `seq`, in time order.
    pub async fn steps_of(&self, seq: u64) -> Result<Vec<Step>, BusError> {
        let bodies = self.engine().steps(crate::engine::step_bucket(seq)).await?;
        Ok(crate::bus::groups::state::steps::steps_of(&bodies, seq))
    }

    /// The causal tree around event `seq`: its causes up the `causationid` chain, and
    /// everything it led to (events caused by it, routed and replayed copies), each with
    /// what every group did with it.
    pub async fn trace(&self, seq: u64) -> Result<Trace, BusError> {
        let event = self.event(seq).await?;
        self.catch_up_index().await?;
        let mut notes = Vec::new();
        let causes = self.causes_of(&event, &mut notes).await?;
        let trace_id = attributes(&event)
            .traceparent
            .and_then(|text| text.parse::<crate::api::trace::TraceParent>().ok())
            .map(|parent| parent.trace_id);
        let tree = self.tree(event, &mut notes).await?;
        Ok(Trace {
            seq,
            causes,
            tree,
            trace_id,
            notes,
        })
    }

    async fn causes_of(
        &self,
        event: &StoredEvent,
        notes: &mut Vec<String>,
    ) -> Result<Vec<Cause>, BusError> {
        let mut causes = Vec::new();
        let mut seen = HashSet::from([event.seq]);
        let mut current = event.clone();
        while let Some(cause_id) = attributes(&current).causationid {
            if causes.len() == MAX_CAUSES {
                notes.push(format!("the causes were cut after {MAX_CAUSES}"));
                break;
            }
            // The cause came before: the newest earlier event with that id.
            let earlier = self
                .events_with_id(&cause_id)
                .await?
                .into_iter()
                .rfind(|found| found.seq < current.seq && !seen.contains(&found.seq));
            let Some(cause) = earlier else {
                notes.push(format!(
                    "event {} names its cause '{cause_id}', which the log does not hold",
                    current.seq
                ));
                break;
            };
            seen.insert(cause.seq);
            causes.push(Cause {
                seq: cause.seq,
                id: cause_id,
                topic: cause.topic.to_string(),
            });
            current = cause;
        }
        Ok(causes)
    }

    /// `event` with its steps and what it led to, a level of the tree at a time (one
    /// scan of the index per level).
    async fn tree(
        &self,
        root: StoredEvent,
        notes: &mut Vec<String>,
    ) -> Result<TraceNode, BusError> {
        let mut seen = HashSet::from([root.seq]);
        // Every node, with its parent's place in this list.
        let mut nodes: Vec<(Option<usize>, TraceNode)> =
            vec![(None, self.node(&root, None).await?)];
        let mut level = vec![0];
        while !level.is_empty() {
            let ids: Vec<String> = level.iter().map(|&at| nodes[at].1.id.clone()).collect();
            let seqs: Vec<u64> = level.iter().map(|&at| nodes[at].1.seq).collect();
            let mut found = self.index().children(&index::Parents {
                ids: &ids,
                seqs: &seqs,
            });
            found.sort_unstable_by_key(|&(_, seq, _)| seq);
            let mut next = Vec::new();
            for (which, seq, replayed) in found {
                if seen.contains(&seq) || seq <= seqs[which] {
                    continue;
                }
                if seen.len() >= MAX_NODES {
                    notes.push(format!("the tree was cut at {MAX_NODES} events"));
                    next.clear();
                    break;
                }
                let Some(child) = self.get(seq).await? else {
                    continue;
                };
                let found = attributes(&child);
                let names_it = if replayed {
                    found.replayof.as_deref().and_then(index::origin_seq) == Some(seqs[which])
                } else {
                    found.causationid.as_deref() == Some(ids[which].as_str())
                };
                if !names_it {
                    continue; // a hash that matched by chance
                }
                seen.insert(seq);
                let link = if replayed {
                    Link::Replayed
                } else {
                    Link::Caused
                };
                nodes.push((Some(level[which]), self.node(&child, Some(link)).await?));
                next.push(nodes.len() - 1);
            }
            level = next;
        }
        // Children were added after their parents and in seq order: fold from the end.
        while nodes.len() > 1 {
            let (parent, node) = nodes.pop().expect("more than one");
            let parent = parent.expect("only the root has no parent");
            nodes[parent].1.children.insert(0, node);
        }
        Ok(nodes.pop().expect("the root").1)
    }

    /// One event of a trace with its steps, without its children.
    async fn node(&self, event: &StoredEvent, link: Option<Link>) -> Result<TraceNode, BusError> {
        let id = attributes(event).id.unwrap_or_default();
        let steps = self.steps_of(event.seq).await?;
        let requeued: HashSet<&str> = steps
            .iter()
            .filter(|step| step.outcome == Outcome::Requeued)
            .filter_map(|step| step.dead_letter.as_deref())
            .collect();
        let dead_letters = steps
            .iter()
            .filter(|step| step.outcome == Outcome::Dead)
            .filter_map(|step| step.dead_letter.clone())
            .filter(|letter| !requeued.contains(letter.as_str()))
            .collect();
        Ok(TraceNode {
            seq: event.seq,
            id,
            topic: event.topic.to_string(),
            time: (event.ts_ms > 0).then(|| format_rfc3339_ms(event.ts_ms)),
            link,
            steps,
            dead_letters,
            children: Vec::new(),
        })
    }

    /// Why group `group` did or did not get event `seq`.
    pub async fn why(&self, seq: u64, group: &str) -> Result<Why, BusError> {
        let event = self.event(seq).await?;
        let view = self.group_view(group, seq).await?;
        let steps: Vec<Step> = self
            .steps_of(seq)
            .await?
            .into_iter()
            .filter(|step| step.group == group)
            .collect();
        let answer = |verdict: &str, reason: String| Why {
            seq,
            group: group.to_owned(),
            verdict: verdict.to_owned(),
            reason,
            filter_value: None,
            steps: steps.clone(),
        };
        if let Some(last) = steps.last() {
            let when = &last.at;
            let (verdict, reason) = match last.outcome {
                Outcome::Acked => (
                    "delivered",
                    format!(
                        "delivered: attempt {} was acked by {} at {when}",
                        last.attempt, last.member
                    ),
                ),
                Outcome::Dead => (
                    "dead",
                    format!(
                        "delivered, and dead-lettered at {when} ({}): see `evbus dlq show {}`",
                        last.error.as_deref().unwrap_or_default(),
                        last.dead_letter.as_deref().unwrap_or_default()
                    ),
                ),
                Outcome::Requeued => (
                    "in_progress",
                    format!(
                        "delivered, dead-lettered, and requeued at {when}: it is going round again"
                    ),
                ),
                outcome => (
                    "in_progress",
                    format!(
                        "delivered: attempt {} {} at {when} ({}); it waits for its retry",
                        last.attempt,
                        outcome.as_str(),
                        last.error.as_deref().unwrap_or_default()
                    ),
                ),
            };
            return Ok(answer(verdict, reason));
        }
        if view.in_progress {
            return Ok(answer(
                "in_progress",
                "handed out: a member has it now, or it is due for a pull".into(),
            ));
        }
        if let Some(address) = address_of(&event.json) {
            if !glob_matches(&address, group) {
                return Ok(answer(
                    "addressed",
                    format!(
                        "it is addressed to '{address}' (emit --to), which does not name this group"
                    ),
                ));
            }
        } else {
            if !view.pattern.matches(&event.topic) {
                return Ok(answer(
                    "pattern",
                    format!(
                        "the group's pattern '{}' does not match its topic '{}'",
                        view.pattern, event.topic
                    ),
                ));
            }
            if event.ts_ms > 0 && event.ts_ms < view.created_ms && seq < view.cursor {
                return Ok(answer(
                    "before_start",
                    format!(
                        "the group was created after it (at {}) and started after it",
                        format_rfc3339_ms(view.created_ms)
                    ),
                ));
            }
            if let Some(filter) = &view.filter {
                let output = filter.outputs([event.json.clone()]).await.pop();
                let (passes, value) = match output {
                    Some(Ok(Ok(value))) => (
                        !matches!(
                            value,
                            serde_json::Value::Null | serde_json::Value::Bool(false)
                        ),
                        value.to_string(),
                    ),
                    Some(Ok(Err(why))) => (
                        false,
                        serde_json::Value::String(format!("error: {why}")).to_string(),
                    ),
                    Some(Err(err)) => (
                        false,
                        serde_json::Value::String(err.to_string()).to_string(),
                    ),
                    None => (false, "null".to_owned()),
                };
                if !passes {
                    let mut why = answer(
                        "filter",
                        format!(
                            "the group's filter '{}' is not true for it: it gave {value}",
                            filter.code()
                        ),
                    );
                    why.filter_value = RawValue::from_string(value).ok();
                    return Ok(why);
                }
            }
        }
        if seq >= view.cursor {
            let (verdict, reason) = if view.paused {
                (
                    "paused",
                    format!(
                        "the group is paused (groups resume {group}); its cursor is at {}",
                        view.cursor
                    ),
                )
            } else {
                (
                    "behind_cursor",
                    format!(
                        "not yet: the group's cursor is at {}, it reads the log in order",
                        view.cursor
                    ),
                )
            };
            return Ok(answer(verdict, reason));
        }
        Ok(answer(
            "delivered",
            "the group went past it and holds nothing of it: it was completed (no step of it is recorded)".into(),
        ))
    }
}

impl Bus {
    /// Keeps the event index up with the log, from its first event on (all of it at
    /// start-up, in the background), until shutdown.
    pub(crate) async fn run_indexer(self) {
        const PAGE: usize = 1_000;
        let mut shutdown = self.shutdown_signal();
        let mut committed = self.engine().live().subscribe();
        let mut next = match self.engine().stats().await {
            Ok(stats) => stats.first_seq.unwrap_or(1),
            Err(_) => 1,
        };
        loop {
            match crate::engine::read_through_live(&**self.engine(), next, PAGE).await {
                Ok(events) if !events.is_empty() => {
                    next = events.last().map_or(next, |last| last.seq + 1);
                    self.index().add(&events);
                    continue;
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read the log to index it; will retry");
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => continue,
                        _ = shutdown.wait_for(|stopping| *stopping) => return,
                    }
                }
            }
            tokio::select! {
                seen = committed.wait_for(|last| *last >= next) => {
                    if seen.is_err() {
                        return;
                    }
                }
                _ = shutdown.wait_for(|stopping| *stopping) => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::event::Event;
    use crate::bus::Bus;

    /// The index keeps 16-bit hashes of ids: a lookup reads the events whose id shares
    /// the hash and answers only with the one that has the id.
    #[tokio::test]
    async fn a_lookup_by_id_skips_events_whose_id_shares_its_hash() {
        let bus = Bus::in_memory().await;
        let other = super::index::tests::colliding_id("wanted");
        for id in ["wanted".to_owned(), other] {
            let event = Event {
                topic: "t.x".into(),
                id: Some(id),
                ..Event::default()
            };
            bus.emit(vec![event]).await.unwrap();
        }
        let found = bus.event_by_id("wanted", None).await.unwrap();
        assert_eq!(found.seq, 1);
    }
}
