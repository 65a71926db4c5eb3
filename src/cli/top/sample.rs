//! What `top` reads each second, and the rates between readings.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use crate::api::group::GroupInfo;
use crate::api::status::Status;
use crate::cli::Context;

/// Readings kept, one a second: the chart's width.
const KEPT: usize = 120;

/// One reading of the bus.
pub struct Sample {
    pub at: Instant,
    pub status: Status,
    pub groups: Vec<GroupInfo>,
}

pub async fn take(ctx: &Context) -> anyhow::Result<Sample> {
    let (status, groups) = tokio::try_join!(ctx.client.status(), ctx.client.groups())?;
    Ok(Sample {
        at: Instant::now(),
        status,
        groups,
    })
}

/// The latest readings, oldest first.
#[derive(Default)]
pub struct Samples {
    kept: VecDeque<Sample>,
    /// Events appended per second between consecutive readings.
    pub rates_in: VecDeque<u64>,
}

impl Samples {
    pub fn push(&mut self, sample: Sample) {
        if let Some(last) = self.kept.back() {
            self.rates_in.push_back(per_second(
                last.status.events,
                sample.status.events,
                last.at,
                sample.at,
            ) as u64);
            if self.rates_in.len() > KEPT {
                self.rates_in.pop_front();
            }
        }
        self.kept.push_back(sample);
        // Two readings are enough for the rates.
        while self.kept.len() > 2 {
            self.kept.pop_front();
        }
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.kept.back()
    }

    /// Events completed per second in each group, over the last two readings.
    pub fn completed_rates(&self) -> HashMap<&str, f64> {
        let (Some(before), Some(now)) = (self.kept.front(), self.kept.back()) else {
            return HashMap::new();
        };
        let earlier: HashMap<&str, u64> = before
            .groups
            .iter()
            .map(|group| (group.name.as_str(), group.completed))
            .collect();
        now.groups
            .iter()
            .map(|group| {
                let was = earlier
                    .get(group.name.as_str())
                    .copied()
                    .unwrap_or(group.completed);
                (
                    group.name.as_str(),
                    per_second(was, group.completed, before.at, now.at),
                )
            })
            .collect()
    }
}

/// The change from `was` to `now` per second between two readings (none if they are one).
fn per_second(was: u64, now: u64, then: Instant, at: Instant) -> f64 {
    let seconds = at.duration_since(then).as_secs_f64();
    if seconds <= 0.0 {
        return 0.0;
    }
    now.saturating_sub(was) as f64 / seconds
}
