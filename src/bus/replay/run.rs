//! Running a replay job: the slice read page by page, re-emitted or re-delivered in
//! batches at the job's pace, each batch committed with the job's progress.

use std::sync::Arc;
use std::time::Duration;

use super::{Job, invalid};
use crate::api::replay::{ReplayRequest, ReplayStatus};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::bus::forward::{Origin, Target};
use crate::bus::{Bus, BusError, End, Start, SubscriptionRequest, WhenExhausted};
use crate::engine::StoredEvent;

impl Bus {
    pub(super) async fn run_replay(self, job: Arc<Job>, generation: u64) {
        let _running = job.running.lock().await;
        let current = || job.is_current(generation);
        let outcome = if current() {
            self.replay_slice(&job, generation).await
        } else {
            Ok(false)
        };
        let info = {
            let mut info = job.info();
            if current() {
                info.finished = Some(format_rfc3339_ms(now_ms()));
                info.status = match outcome {
                    Ok(true) => ReplayStatus::Done,
                    Ok(false) => {
                        // The bus is shutting down: leave it for `resume`.
                        info.finished = None;
                        ReplayStatus::Interrupted
                    }
                    Err(err) => {
                        info.error = Some(err.to_string());
                        ReplayStatus::Failed
                    }
                };
            }
            // Cancelled or resumed meanwhile: the status is theirs, but this runner's last
            // batch may have recorded an older one, so record it again.
            info.clone()
        };
        if let Err(err) = self.save_replay(&info).await {
            tracing::warn!(id = %info.id, error = %err, "cannot record how a replay ended");
        }
    }

    /// Handles the rest of the slice; `Ok(true)` when all of it is done, `Ok(false)` when
    /// stopped (cancelled or resumed elsewhere, or the bus is shutting down).
    async fn replay_slice(&self, job: &Job, generation: u64) -> Result<bool, BusError> {
        let current = || job.is_current(generation);
        let (request, position, to_seq) = {
            let info = job.info();
            (info.request.clone(), info.position, info.to_seq)
        };
        if position >= to_seq {
            return Ok(true);
        }
        let slice = self.slice(&request)?;
        let mut reader = self
            .subscribe(SubscriptionRequest {
                patterns: vec![slice.pattern],
                filter: slice.filter,
                when_exhausted: WhenExhausted::Fail,
                start: Start::Seq(position + 1),
                end: Some(End::Seq(to_seq)),
            })
            .await?;
        let mut pacer = Pacer::new(&request);
        let shutdown = self.shutdown_signal();
        while let Some(page) = reader.next_page().await {
            let page = page?;
            for batch in pacer.batches(page) {
                pacer.wait(&batch).await;
                if !current() || *shutdown.borrow() {
                    return Ok(false);
                }
                self.replay_batch(job, &request, batch).await?;
            }
        }
        if *shutdown.borrow() || !current() {
            return Ok(false);
        }
        job.info().position = to_seq;
        Ok(true)
    }

    /// Re-emits or re-delivers one batch, with the job's new position in the same commit.
    async fn replay_batch(
        &self,
        job: &Job,
        request: &ReplayRequest,
        batch: Vec<StoredEvent>,
    ) -> Result<(), BusError> {
        let Some(last) = batch.last().map(|event| event.seq) else {
            return Ok(());
        };
        let mut next = job.info().clone();
        next.position = last;
        next.done += batch.len() as u64;
        let progress = vec![Self::record(&next)];
        let target = Target::of(request.to_topic.as_deref(), request.group.as_deref())
            .ok_or_else(|| invalid("a replay job without a target"))?;
        self.forward_events(batch, target, &next.id, Origin::ReplayOf, progress)
            .await?;
        let mut info = job.info();
        info.position = next.position;
        info.done = next.done;
        Ok(())
    }
}

/// Pacing: as fast as possible, at most `rate` events per second, or the original gaps
/// divided by `speed`.
struct Pacer {
    rate: Option<f64>,
    original: Option<f64>,
    started: tokio::time::Instant,
    sent: u64,
    previous_ts: Option<i64>,
}

impl Pacer {
    fn new(request: &ReplayRequest) -> Self {
        Self {
            rate: request.rate,
            original: (request.pace.as_deref() == Some("original"))
                .then(|| request.speed.unwrap_or(1.0)),
            started: tokio::time::Instant::now(),
            sent: 0,
            previous_ts: None,
        }
    }

    /// Unpaced: the whole page at once. Paced: an event at a time.
    fn batches(&self, page: Vec<StoredEvent>) -> Vec<Vec<StoredEvent>> {
        if self.rate.is_none() && self.original.is_none() {
            return vec![page];
        }
        page.into_iter().map(|event| vec![event]).collect()
    }

    async fn wait(&mut self, batch: &[StoredEvent]) {
        if let Some(rate) = self.rate {
            let due = self.started + Duration::from_secs_f64(self.sent as f64 / rate);
            tokio::time::sleep_until(due).await;
        }
        if let (Some(speed), Some(event)) = (self.original, batch.first()) {
            if let Some(previous) = self.previous_ts {
                let gap = (event.ts_ms - previous).max(0) as f64 / 1_000.0 / speed;
                tokio::time::sleep(Duration::from_secs_f64(gap)).await;
            }
            self.previous_ts = Some(event.ts_ms);
        }
        self.sent += batch.len() as u64;
    }
}
