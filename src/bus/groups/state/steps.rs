//! What the group records of each attempt's end, for following an event (`evbus
//! trace`, `evbus why`): stored with the change it describes.

use super::{Changes, GroupState};
use crate::api::follow::{Outcome, Step};
use crate::api::time::format_rfc3339_ms;
use crate::engine::StateOp;

/// One step, before it is stored.
pub(super) struct Record<'a> {
    pub seq: u64,
    pub attempt: u32,
    pub member: &'a str,
    pub outcome: Outcome,
    pub error: Option<&'a str>,
    pub dead_letter: Option<&'a str>,
}

impl GroupState {
    pub(super) fn record_step(&self, record: Record<'_>, now_ms: i64, changes: &mut Changes) {
        changes.ops.push(step_op(Step {
            group: self.def.name.clone(),
            seq: record.seq,
            attempt: record.attempt,
            at: format_rfc3339_ms(now_ms),
            member: record.member.to_owned(),
            outcome: record.outcome,
            error: record.error.map(str::to_owned),
            dead_letter: record.dead_letter.map(str::to_owned),
            edited: false,
        }));
    }
}

/// The op that stores `step`.
pub fn step_op(step: Step) -> StateOp {
    StateOp::PutStep {
        seq: step.seq,
        body: serde_json::to_string(&step).expect("steps serialize"),
    }
}
