//! `--memory`: the whole log in process memory, gone when the server stops. Same contract
//! and same sequencing rules as the embedded engine, so tests and throwaway buses behave
//! like the real thing.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use super::handout::Handouts;
use super::handout::log::{LogHandouts, OverLog};
use super::sequencer::Sequencer;
use super::state::StateTables;
use super::topics::TopicCounts;
use super::{
    Appended, DeadLetterQuery, Durable, Engine, EngineError, EngineOptions, EngineResult, Fsync,
    Histogram, LiveLog, LogStats, NewEvent, Retention, StateOp, StoredDeadLetter, StoredEvent,
    StoredGroup, TopicStats,
};
use crate::api::time::now_ms;

/// How many events one `trim` call drops at most.
const TRIM_CHUNK: usize = 10_000;

pub struct MemoryEngine {
    state: Mutex<MemoryState>,
    handouts: LogHandouts,
    live: LiveLog,
    commit_latency: Histogram,
}

struct MemoryState {
    events: VecDeque<StoredEvent>,
    bytes: u64,
    sequencer: Sequencer,
    topics: TopicCounts,
    groups: StateTables,
    closed: bool,
}

impl MemoryEngine {
    pub fn new(options: EngineOptions) -> Self {
        let window_ms = options.dedup_window.as_millis() as i64;
        Self {
            state: Mutex::new(MemoryState {
                events: VecDeque::new(),
                bytes: 0,
                sequencer: Sequencer::new(1, 0, window_ms),
                topics: TopicCounts::default(),
                groups: StateTables::default(),
                closed: false,
            }),
            handouts: LogHandouts::default(),
            live: LiveLog::new(1_024, 0),
            commit_latency: Histogram::default(),
        }
    }

    fn state(&self) -> EngineResult<std::sync::MutexGuard<'_, MemoryState>> {
        let state = self.state.lock().expect("memory engine lock poisoned");
        if state.closed {
            return Err(EngineError::Unavailable("the engine is closed".into()));
        }
        Ok(state)
    }
}

impl OverLog for MemoryEngine {
    fn log_handouts(&self) -> &LogHandouts {
        &self.handouts
    }
}

#[async_trait::async_trait]
impl Engine for MemoryEngine {
    fn name(&self) -> &'static str {
        "memory"
    }

    fn data_dir(&self) -> Option<&Path> {
        None
    }

    fn fsync(&self) -> Fsync {
        Fsync::Never
    }

    async fn append_with(
        &self,
        events: Vec<NewEvent>,
        ops: Vec<StateOp>,
    ) -> EngineResult<Vec<Appended>> {
        let started = Instant::now();
        let mut state = self.state()?;
        let ts = state.sequencer.timestamp();
        let planned = state.sequencer.plan(ts, events);
        let rows: Vec<StoredEvent> = planned.rows.into_iter().map(|row| row.stored).collect();
        for event in &rows {
            state.bytes += event.json.len() as u64;
            state.topics.add(&event.topic, 1, event.ts_ms);
            state.events.push_back(event.clone());
        }
        self.handouts.observe(&ops);
        for op in ops {
            state.groups.apply(op);
        }
        self.live.publish(&rows);
        self.commit_latency.record(started.elapsed());
        Ok(planned.receipts)
    }

    async fn read(&self, from_seq: u64, max: usize) -> EngineResult<Vec<StoredEvent>> {
        let state = self.state()?;
        let Some(first) = state.events.front().map(|event| event.seq) else {
            return Ok(Vec::new());
        };
        let skip = from_seq.saturating_sub(first) as usize;
        Ok(state.events.iter().skip(skip).take(max).cloned().collect())
    }

    async fn seq_at(&self, ts_ms: i64) -> EngineResult<u64> {
        let state = self.state()?;
        let index = state.events.partition_point(|event| event.ts_ms < ts_ms);
        Ok(match state.events.get(index) {
            Some(event) => event.seq,
            None => self.live.last_seq() + 1,
        })
    }

    async fn stats(&self) -> EngineResult<LogStats> {
        let state = self.state()?;
        Ok(LogStats {
            events: state.events.len() as u64,
            bytes: state.bytes,
            first_seq: state.events.front().map(|event| event.seq),
            last_seq: state.events.back().map(|event| event.seq),
        })
    }

    async fn topics(&self) -> EngineResult<Vec<TopicStats>> {
        Ok(self.state()?.topics.list())
    }

    async fn trim(&self, retention: Retention) -> EngineResult<u64> {
        let mut state = self.state()?;
        let cutoff = retention
            .max_age
            .map(|age| now_ms() - age.as_millis() as i64);
        let mut removed = 0;
        while removed < TRIM_CHUNK {
            let Some(oldest) = state.events.front() else {
                break;
            };
            let too_old = cutoff.is_some_and(|cutoff| oldest.ts_ms < cutoff);
            let too_big = retention.max_bytes.is_some_and(|max| state.bytes > max);
            if !too_old && !too_big {
                break;
            }
            let oldest = state.events.pop_front().expect("front was just seen");
            state.bytes -= oldest.json.len() as u64;
            state.topics.remove(&oldest.topic, 1);
            removed += 1;
        }
        if let Some(first) = state.events.front() {
            let first = first.seq;
            state
                .groups
                .forget_steps_before(crate::engine::step_bucket(first));
            self.live.forget_before(first);
        } else if removed > 0 {
            self.live.forget_before(u64::MAX);
        }
        Ok(removed as u64)
    }

    fn write_state(&self, ops: Vec<StateOp>) -> Durable {
        let mut state = match self.state() {
            Ok(state) => state,
            Err(err) => return Durable::answered(Err(err)),
        };
        self.handouts.observe(&ops);
        for op in ops {
            state.groups.apply(op);
        }
        Durable::answered(Ok(()))
    }

    async fn load_groups(&self) -> EngineResult<Vec<StoredGroup>> {
        let groups = self.state()?.groups.groups();
        self.handouts.prime(&groups);
        Ok(groups)
    }

    fn handouts(&self) -> &dyn Handouts {
        self
    }

    async fn dead_letters(&self, query: DeadLetterQuery) -> EngineResult<Vec<StoredDeadLetter>> {
        Ok(self.state()?.groups.dead_letters(&query))
    }

    async fn dead_letter(&self, id: String) -> EngineResult<Option<StoredDeadLetter>> {
        Ok(self.state()?.groups.dead_letter(&id))
    }

    async fn dead_letter_counts(&self) -> EngineResult<std::collections::HashMap<String, u64>> {
        Ok(self.state()?.groups.dead_letter_counts())
    }

    async fn records(&self, kind: &str) -> EngineResult<Vec<(String, String)>> {
        Ok(self.state()?.groups.records(kind))
    }

    async fn steps(&self, bucket: u64) -> EngineResult<Vec<String>> {
        Ok(self.state()?.groups.steps(bucket))
    }

    async fn record(&self, kind: &str, id: &str) -> EngineResult<Option<String>> {
        Ok(self.state()?.groups.record(kind, id))
    }

    fn live(&self) -> &LiveLog {
        &self.live
    }

    fn commit_latency(&self) -> &Histogram {
        &self.commit_latency
    }

    async fn close(&self) -> EngineResult<()> {
        self.state()?.closed = true;
        Ok(())
    }
}
