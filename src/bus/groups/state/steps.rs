//! What the group records of each attempt's end, for following an event (`evbus
//! trace`, `evbus why`): collected in the change it describes and stored with it, one
//! compact list per group and bucket of seqs, since every ack writes one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Changes, GroupState};
use crate::api::follow::{Outcome, Step};
use crate::api::time::format_rfc3339_ms;
use crate::engine::{StateOp, step_bucket};

/// One step as stored: short keys, the time in ms (formatted only when read).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepRow {
    #[serde(rename = "q")]
    pub seq: u64,
    #[serde(rename = "a")]
    pub attempt: u32,
    #[serde(rename = "t")]
    pub at_ms: i64,
    #[serde(rename = "m", default, skip_serializing_if = "String::is_empty")]
    pub member: String,
    #[serde(rename = "o")]
    pub outcome: Outcome,
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<String>,
    #[serde(rename = "x", default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
}

/// The steps of one group in one bucket, as one stored list.
#[derive(Serialize, Deserialize)]
struct StoredSteps {
    #[serde(rename = "g")]
    group: String,
    #[serde(rename = "s")]
    rows: Vec<StepRow>,
}

impl GroupState {
    pub(super) fn record_step(&self, row: StepRow, changes: &mut Changes) {
        changes.steps.push(row);
    }
}

/// The ops that store `group`'s `rows`: one list per bucket of seqs.
pub fn ops_of(group: &str, rows: Vec<StepRow>) -> Vec<StateOp> {
    let mut buckets: BTreeMap<u64, Vec<StepRow>> = BTreeMap::new();
    for row in rows {
        buckets.entry(step_bucket(row.seq)).or_default().push(row);
    }
    buckets
        .into_iter()
        .map(|(bucket, rows)| StateOp::PutSteps {
            bucket,
            body: serde_json::to_string(&StoredSteps {
                group: group.to_owned(),
                rows,
            })
            .expect("steps serialize"),
        })
        .collect()
}

/// The steps of event `seq` in its bucket's stored lists, in time order (a list that
/// does not parse counts as none).
pub fn steps_of(bodies: &[String], seq: u64) -> Vec<Step> {
    let mut rows: Vec<(String, StepRow)> = Vec::new();
    for body in bodies {
        if let Ok(stored) = serde_json::from_str::<StoredSteps>(body) {
            let group = stored.group;
            rows.extend(
                stored
                    .rows
                    .into_iter()
                    .filter(|row| row.seq == seq)
                    .map(|row| (group.clone(), row)),
            );
        }
    }
    rows.sort_by_key(|(_, row)| row.at_ms);
    rows.into_iter()
        .map(|(group, row)| Step {
            group,
            seq: row.seq,
            attempt: row.attempt,
            at: format_rfc3339_ms(row.at_ms),
            member: row.member,
            outcome: row.outcome,
            error: row.error,
            dead_letter: row.dead_letter,
            edited: row.edited,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_stored_per_bucket_and_read_back_per_event() {
        let row = |seq, outcome| StepRow {
            seq,
            attempt: 1,
            at_ms: 1_700_000_000_000,
            member: "m".into(),
            outcome,
            error: None,
            dead_letter: None,
            edited: false,
        };
        let ops = ops_of(
            "g",
            vec![
                row(1, Outcome::Acked),
                row(2, Outcome::Nacked),
                row(64, Outcome::Acked),
            ],
        );
        assert_eq!(ops.len(), 2, "seqs 1 and 2 share a bucket, 64 is the next");
        let StateOp::PutSteps { bucket: 0, body } = &ops[0] else {
            panic!("{ops:?}");
        };
        let steps = steps_of(std::slice::from_ref(body), 2);
        assert_eq!(steps.len(), 1);
        assert_eq!(
            (steps[0].group.as_str(), steps[0].outcome),
            ("g", Outcome::Nacked)
        );
        assert_eq!(steps[0].at, "2023-11-14T22:13:20Z");
    }
}
