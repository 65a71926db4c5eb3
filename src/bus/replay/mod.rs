//! Replay jobs: a slice of the log, in log order, re-emitted onto a topic (copies marked
//! `replayof`) or re-delivered to a group, at a chosen pace.
//!
//! A job's progress is committed atomically with the copies or deliveries it made, so a
//! job cut short by a crash resumes exactly after what it already did. After a restart
//! an unfinished job is `interrupted` until someone resumes it: never silently, never twice.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::cluster::{Ask, Refusal};
use super::forward::Target;
use super::{Bus, BusError, End, JqFilter, Start, SubscriptionRequest, WhenExhausted};
use crate::api::Pattern;
use crate::api::replay::{ReplayInfo, ReplayPlan, ReplayRequest, ReplayStatus};
use crate::api::time::{format_rfc3339_ms, now_ms, parse_since_ms};
use crate::engine::StateOp;

mod run;

const RECORD_KIND: &str = "replay";

#[derive(Default)]
pub struct Replays {
    jobs: Mutex<BTreeMap<String, Arc<Job>>>,
}

struct Job {
    info: Mutex<ReplayInfo>,
    /// Bumped by cancel and resume: a runner whose generation is gone stops.
    generation: AtomicU64,
    /// Held by the job's runner while it runs, so a resumed runner starts only after the
    /// previous one has stopped (and its last batch is accounted for).
    running: tokio::sync::Mutex<()>,
}

impl Job {
    fn new(info: ReplayInfo) -> Arc<Self> {
        Arc::new(Self {
            info: Mutex::new(info),
            generation: AtomicU64::new(0),
            running: tokio::sync::Mutex::new(()),
        })
    }

    /// Whether the runner of `generation` is still the job's runner.
    fn is_current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    fn info(&self) -> std::sync::MutexGuard<'_, ReplayInfo> {
        self.info.lock().expect("replay poisoned")
    }
}

/// What a request selects, checked and resolved.
struct Slice {
    pattern: Pattern,
    filter: Option<JqFilter>,
    start: Start,
    end: End,
}

fn invalid(message: impl Into<String>) -> BusError {
    BusError::InvalidArgument(message.into())
}

impl Bus {
    fn replays(&self) -> &Replays {
        &self.inner.replays
    }

    fn slice(&self, request: &ReplayRequest) -> Result<Slice, BusError> {
        let pattern: Pattern = request.pattern.parse().map_err(invalid)?;
        let filter = match &request.filter {
            Some(code) => Some(JqFilter::compile(code).map_err(invalid)?),
            None => None,
        };
        let start = match (&request.since, request.from_seq) {
            (Some(_), Some(_)) => return Err(invalid("give since or from_seq, not both")),
            (Some(since), None) => Start::Time(parse_since_ms(since).map_err(invalid)?),
            (None, Some(seq)) => Start::Seq(seq),
            (None, None) => {
                return Err(invalid(
                    "a replay needs a start: since (10m, an RFC 3339 time) or from_seq",
                ));
            }
        };
        let end = match (&request.until, request.to_seq) {
            (Some(_), Some(_)) => return Err(invalid("give until or to_seq, not both")),
            (Some(until), None) => End::Time(parse_since_ms(until).map_err(invalid)?),
            (None, Some(seq)) => End::Seq(seq),
            (None, None) => End::Seq(self.engine().live().last_seq()),
        };
        Ok(Slice {
            pattern,
            filter,
            start,
            end,
        })
    }

    /// Resolves a slice to `(first seq, last seq)` of the log.
    async fn bounds(&self, slice: &Slice) -> Result<(u64, u64), BusError> {
        let first = self.start_seq(slice.start).await?;
        let last = match slice.end {
            End::Seq(seq) => seq.min(self.engine().live().last_seq()),
            End::Time(ts_ms) => self.engine().seq_at(ts_ms).await?.saturating_sub(1),
        };
        Ok((first, last))
    }

    /// Reads the slice and says what it holds; changes nothing.
    pub async fn plan_replay(&self, request: &ReplayRequest) -> Result<ReplayPlan, BusError> {
        let slice = self.slice(request)?;
        let (first, last) = self.bounds(&slice).await?;
        self.plan_slice(slice, first, last).await
    }

    /// What the log holds of `slice` between seqs `first` and `last`.
    async fn plan_slice(
        &self,
        slice: Slice,
        first: u64,
        last: u64,
    ) -> Result<ReplayPlan, BusError> {
        let mut plan = ReplayPlan::default();
        if first > last {
            return Ok(plan);
        }
        let mut reader = self
            .subscribe(SubscriptionRequest {
                patterns: vec![slice.pattern],
                filter: slice.filter,
                when_exhausted: WhenExhausted::Fail,
                start: Start::Seq(first),
                end: Some(End::Seq(last)),
            })
            .await?;
        let (mut first_ts, mut last_ts) = (None, None);
        while let Some(page) = reader.next_page().await {
            for event in page? {
                plan.events += 1;
                plan.first_seq.get_or_insert(event.seq);
                plan.last_seq = Some(event.seq);
                first_ts.get_or_insert(event.ts_ms);
                last_ts = Some(event.ts_ms);
                *plan.topics.entry(event.topic.to_string()).or_default() += 1;
            }
        }
        plan.first_time = first_ts.map(format_rfc3339_ms);
        plan.last_time = last_ts.map(format_rfc3339_ms);
        Ok(plan)
    }

    /// Starts a replay job onto a topic or into a group.
    pub async fn start_replay(&self, request: ReplayRequest) -> Result<ReplayInfo, BusError> {
        if request.to_topic.is_some() && request.group.is_some() {
            return Err(invalid("give to_topic or group, not both"));
        }
        let target = Target::of(request.to_topic.as_deref(), request.group.as_deref())
            .ok_or_else(|| {
                invalid(
                    "a replay job needs a target: to_topic or group (read a slice to stdout with GET /v1/events?…&to_seq=N)",
                )
            })?;
        self.check_target(&target, "a replay").await?;
        if request
            .rate
            .is_some_and(|rate| rate.is_nan() || rate <= 0.0)
        {
            return Err(invalid("rate must be above zero (events per second)"));
        }
        match request.pace.as_deref() {
            None | Some("original") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "pace '{other}': the only pace is 'original'"
                )));
            }
        }
        if request
            .speed
            .is_some_and(|speed| speed.is_nan() || speed <= 0.0)
        {
            return Err(invalid(
                "speed must be above zero (e.g. 10 for ten times faster)",
            ));
        }
        let slice = self.slice(&request)?;
        let (from_seq, to_seq) = self.bounds(&slice).await?;
        let total = self.plan_slice(slice, from_seq, to_seq).await?.events;
        let info = ReplayInfo {
            id: super::ids::new_ulid(),
            status: ReplayStatus::Running,
            request,
            from_seq,
            to_seq,
            position: from_seq.saturating_sub(1),
            done: 0,
            total,
            created: format_rfc3339_ms(now_ms()),
            finished: None,
            error: None,
            server: self.server_id().map(str::to_owned),
        };
        self.save_replay(&info).await?;
        let job = Job::new(info.clone());
        self.replays()
            .jobs
            .lock()
            .expect("replay jobs poisoned")
            .insert(info.id.clone(), job.clone());
        tokio::spawn(self.clone().run_replay(job, 0));
        Ok(info)
    }

    pub async fn list_replays(&self) -> Result<Vec<ReplayInfo>, BusError> {
        self.sync_replays().await?;
        let jobs = self.replays().jobs.lock().expect("replay jobs poisoned");
        Ok(jobs.values().map(|job| job.info().clone()).collect())
    }

    fn job(&self, id: &str) -> Result<Arc<Job>, BusError> {
        let jobs = self.replays().jobs.lock().expect("replay jobs poisoned");
        jobs.get(id)
            .cloned()
            .ok_or_else(|| BusError::NotFound(format!("no replay '{id}': see `evbus replay list`")))
    }

    pub async fn replay_info(&self, id: &str) -> Result<ReplayInfo, BusError> {
        self.sync_replays().await?;
        Ok(self.job(id)?.info().clone())
    }

    /// On a shared engine, other servers start and end jobs too: takes them on.
    async fn sync_replays(&self) -> Result<(), BusError> {
        match self.server_id() {
            Some(_) => self.adopt_replays().await,
            None => Ok(()),
        }
    }

    /// Takes on the jobs as recorded (by every server, on a shared engine), but for those
    /// running here (this server's own record of them is the freshest). A job recorded as
    /// running whose server is not up (this one before a restart, or another one that
    /// died) is interrupted.
    pub(super) async fn adopt_replays(&self) -> Result<(), BusError> {
        for (id, body) in self.engine().records(RECORD_KIND).await? {
            let Ok(mut info) = serde_json::from_str::<ReplayInfo>(&body) else {
                tracing::warn!(%id, "unreadable replay record skipped");
                continue;
            };
            let known = self
                .replays()
                .jobs
                .lock()
                .expect("replay jobs poisoned")
                .get(&id)
                .cloned();
            if known
                .as_ref()
                .is_some_and(|job| job.running.try_lock().is_err())
            {
                continue;
            }
            if info.status == ReplayStatus::Running && !self.runs_elsewhere(&info).await? {
                info.status = ReplayStatus::Interrupted;
                self.save_replay(&info).await?;
                tracing::warn!(%id, position = info.position, "replay interrupted (its server stopped); `evbus replay resume` continues it");
            }
            match known {
                Some(job) => *job.info() = info,
                None => {
                    let job = Job::new(info);
                    self.replays()
                        .jobs
                        .lock()
                        .expect("replay jobs poisoned")
                        .insert(id, job);
                }
            }
        }
        Ok(())
    }

    /// Whether another server of the bus, still up, runs the job.
    async fn runs_elsewhere(&self, info: &ReplayInfo) -> Result<bool, BusError> {
        match info.server.as_deref() {
            Some(runner) if Some(runner) != self.server_id() => self.is_up(runner).await,
            _ => Ok(false),
        }
    }

    /// Stops a running or interrupted job; it keeps what it did, and can be resumed. A job
    /// running on another server of the bus is stopped there.
    pub async fn cancel_replay(&self, id: &str) -> Result<ReplayInfo, BusError> {
        self.sync_replays().await?;
        let info = self.job(id)?.info().clone();
        if let Some(runner) = info.server.as_deref()
            && info.status == ReplayStatus::Running
            && Some(runner) != self.server_id()
        {
            let ask = Ask::CancelReplay { id: id.to_owned() };
            if let Some(answer) = self
                .ask::<Result<ReplayInfo, Refusal>>(runner, &ask)
                .await?
            {
                return answer.map_err(BusError::from);
            }
        }
        self.cancel_replay_here(id).await
    }

    pub(crate) async fn cancel_replay_here(&self, id: &str) -> Result<ReplayInfo, BusError> {
        let job = self.job(id)?;
        let info = {
            let mut info = job.info();
            if !matches!(
                info.status,
                ReplayStatus::Running | ReplayStatus::Interrupted
            ) {
                return Err(BusError::Conflict(format!(
                    "replay {id} has already ended ({})",
                    info.status.as_str()
                )));
            }
            job.generation.fetch_add(1, Ordering::SeqCst);
            info.status = ReplayStatus::Cancelled;
            info.finished = Some(format_rfc3339_ms(now_ms()));
            info.clone()
        };
        self.save_replay(&info).await?;
        Ok(info)
    }

    /// Continues an interrupted, failed or cancelled job after the last event it handled,
    /// on this server.
    pub async fn resume_replay(&self, id: &str) -> Result<ReplayInfo, BusError> {
        self.sync_replays().await?;
        let job = self.job(id)?;
        let (info, generation) = {
            let mut info = job.info();
            if matches!(info.status, ReplayStatus::Running | ReplayStatus::Done) {
                return Err(BusError::Conflict(format!(
                    "replay {id} is {}: only an interrupted, failed or cancelled replay resumes",
                    info.status.as_str()
                )));
            }
            let generation = job.generation.fetch_add(1, Ordering::SeqCst) + 1;
            info.status = ReplayStatus::Running;
            info.error = None;
            info.finished = None;
            info.server = self.server_id().map(str::to_owned);
            (info.clone(), generation)
        };
        self.save_replay(&info).await?;
        tokio::spawn(self.clone().run_replay(job, generation));
        Ok(info)
    }

    fn record(info: &ReplayInfo) -> StateOp {
        StateOp::PutRecord {
            kind: RECORD_KIND.into(),
            id: info.id.clone(),
            body: serde_json::to_string(info).expect("replays serialize"),
        }
    }

    async fn save_replay(&self, info: &ReplayInfo) -> Result<(), BusError> {
        self.store(vec![Self::record(info)]).await?;
        Ok(())
    }
}
