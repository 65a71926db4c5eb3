//! Snapshots: the events, groups with their cursors, dead letters, routes, schedules and
//! schemas of a bus as one NDJSON file (`api::snapshot`), saved from any engine and
//! loaded into an empty bus on any engine, so that a test starts from a known state.
//!
//! A load appends the events again, so each gets the next seq of the bus it goes into:
//! everything that names a seq (a group's cursor, a dead letter, a route's position) is
//! carried over through `SeqMap`. Into a fresh bus the seqs come out the same.

mod load;
mod seqs;

use super::dlq::DlqQuery;
use super::{Bus, BusError};
use crate::api::snapshot::{GroupSnapshot, Header, Line, VERSION};
use crate::api::time::{format_rfc3339_ms, now_ms};

/// Dead letters read per page.
const PAGE: usize = 500;

impl Bus {
    /// Everything a snapshot holds besides the events, as of now, and the last seq of the
    /// log it goes with: the events up to it follow (`read`), so a group's cursor never
    /// points past the events saved with it.
    pub async fn snapshot_state(&self) -> Result<(Vec<Line>, u64), BusError> {
        let mut lines = vec![Line::Snapshot(Header {
            version: VERSION,
            saved: Some(format_rfc3339_ms(now_ms())),
            engine: Some(self.engine().name().to_owned()),
        })];
        for info in self.list_schemas().await? {
            lines.push(Line::Schema(info.spec));
        }
        self.refresh_groups().await?;
        let stored = self.engine().load_groups().await?;
        for name in self.group_names() {
            let Some(group) = stored.iter().find(|group| group.name == name) else {
                continue; // deleted meanwhile
            };
            let (spec, info) = match (self.group_spec(&name).await, self.group(&name).await) {
                (Ok(spec), Ok(info)) => (spec, info),
                (Err(BusError::NotFound(_)), _) | (_, Err(BusError::NotFound(_))) => continue,
                (Err(err), _) | (_, Err(err)) => return Err(err),
            };
            let unfinished = self.engine().unfinished(group).await?;
            let queued = unfinished
                .kept
                .iter()
                .filter_map(|event| serde_json::from_slice(&event.json).ok())
                .collect();
            lines.push(Line::Group(GroupSnapshot {
                spec: self.without_defaults(spec).await?,
                cursor: unfinished.from,
                paused: info.paused,
                probing: info.probing,
                in_progress: unfinished.seqs,
                queued,
            }));
        }
        self.refresh_routes().await?;
        lines.extend(self.list_routes().into_iter().map(Line::Route));
        lines.extend(self.list_schedules().await?.into_iter().map(Line::Schedule));
        let mut after = None;
        loop {
            let page = self
                .dead_letters(DlqQuery {
                    after: after.clone(),
                    limit: PAGE,
                    ..DlqQuery::default()
                })
                .await?;
            after = page.last().map(|letter| letter.id.clone());
            let full = page.len() == PAGE;
            lines.extend(page.into_iter().map(Line::DeadLetter));
            if !full {
                break;
            }
        }
        Ok((lines, self.engine().live().last_seq()))
    }
}
