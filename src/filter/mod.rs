//! Content filters: jq expressions (`.data.amount > 100`) that tails, groups, routes,
//! replays and requeues evaluate on events.
//!
//! A filter is code from the network, and jaq has no fuel, no memory cap, and recurses
//! on the machine stack: `def f: f; f` never returns, `[range(1e9)]` eats memory,
//! `((((…))))` a thousand deep or an event nested ten thousand deep overflows the stack
//! of whatever thread runs it — and a stack overflow aborts the whole process. So:
//! - a filter is at most [`MAX_LEN`] bytes, and is compiled on a thread whose stack
//!   fits any nesting that length allows ([`JqFilter::compile`]);
//! - filters are evaluated only in worker processes (`pool`, `worker`), each under a
//!   memory limit, killed when one event takes longer than [`EVENT_BUDGET`]; a crash
//!   (stack, memory) takes only the worker with it. The bus's own threads never run jq.
//!
//! Time stands in for a step count: jaq has no hook to count steps, and only a process
//! can be stopped in the middle of one.

mod pool;
mod program;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

pub use pool::set_worker_program;

/// The longest filter accepted, in bytes.
pub const MAX_LEN: usize = 8 * 1024;
/// How long one event may take to evaluate.
pub const EVENT_BUDGET: Duration = Duration::from_millis(100);
/// Stack for compiling a filter of up to `MAX_LEN` bytes however it nests (jaq's parser
/// and compiler recurse once per level; reserved, not committed, until used).
const COMPILE_STACK: usize = 512 << 20;

/// Why a filter is refused, or could not say whether an event passes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("invalid jq filter '{code}': {reason}")]
    Invalid { code: String, reason: String },
    #[error("the jq filter is {len} bytes, over the {MAX_LEN}-byte limit")]
    TooLong { len: usize },
    #[error("the jq filter exhausted its budget: {0}; simplify it")]
    Exhausted(Budget),
    #[error("cannot run jq filters: {0}")]
    Unavailable(String),
}

impl From<FilterError> for String {
    fn from(err: FilterError) -> Self {
        err.to_string()
    }
}

/// What a filter ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Budget {
    #[error("it ran longer than {} ms on one event", EVENT_BUDGET.as_millis())]
    Time,
    #[error("it ran out of memory or stack (unbounded recursion, or data nested too deep?)")]
    Space,
}

/// A compiled-and-checked jq filter; cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JqFilter {
    code: Arc<str>,
}

/// The event a new filter is tried on before it is accepted, so that one that loops or
/// grows on any input (`def f: f; f`, `repeat(1) | select(false)`) is refused at once.
const SAMPLE_EVENT: &[u8] = br#"{"specversion":"1.0","id":"01J0000000000000000000SAMPLE","source":"evbus","type":"sample","time":"2026-01-01T00:00:00.000Z","seq":1,"data":{}}"#;

impl JqFilter {
    /// Checks that `code` is valid jq within the length limit. Does not run it.
    pub fn compile(code: &str) -> Result<Self, FilterError> {
        if code.len() > MAX_LEN {
            return Err(FilterError::TooLong { len: code.len() });
        }
        let owned = code.to_owned();
        let checked = std::thread::Builder::new()
            .name("evbus-jq-compile".into())
            .stack_size(COMPILE_STACK)
            .spawn(move || program::Program::compile(&owned).map(|_| ()))
            .map_err(|err| FilterError::Unavailable(format!("cannot start a thread: {err}")))?
            .join()
            .map_err(|_| FilterError::Unavailable("the jq compiler panicked".into()))?;
        checked.map_err(|reason| FilterError::Invalid {
            code: code.to_owned(),
            reason,
        })?;
        Ok(Self {
            code: Arc::from(code),
        })
    }

    /// Runs the filter on a sample event: one that exhausts its budget there would on
    /// every event, and is refused before it is taken into use.
    pub async fn try_on_sample(&self) -> Result<(), FilterError> {
        self.verdict(&bytes::Bytes::from_static(SAMPLE_EVENT))
            .await
            .map(|_| ())
    }

    /// [`compile`](Self::compile), then [`try_on_sample`](Self::try_on_sample).
    pub async fn compile_and_try(code: &str) -> Result<Self, FilterError> {
        let filter = Self::compile(code)?;
        filter.try_on_sample().await?;
        Ok(filter)
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether each event (its full CloudEvent JSON) passes, in order: `Ok(true)` when
    /// the first output is truthy, `Ok(false)` when it is not or the filter errors on
    /// it, `Err` when it exhausted its budget on that event.
    pub async fn verdicts(
        &self,
        events: impl IntoIterator<Item = bytes::Bytes>,
    ) -> Vec<Result<bool, FilterError>> {
        let events: Vec<bytes::Bytes> = events.into_iter().collect();
        if events.is_empty() {
            return Vec::new();
        }
        pool::evaluate(self.code.clone(), pool::Ask::Verdict, events)
            .await
            .into_iter()
            .map(|answer| match answer? {
                pool::Answer::Passes(passes) => Ok(passes),
                pool::Answer::Output(_) => Ok(false),
            })
            .collect()
    }

    /// The first output of the expression on each event, in order: `Ok(Ok(json))`, or
    /// `Ok(Err(why))` when it errors or yields nothing there, `Err` when it exhausted
    /// its budget on that event. What transforms (`dlq requeue --transform`) and `why`
    /// read.
    pub async fn outputs(
        &self,
        events: impl IntoIterator<Item = bytes::Bytes>,
    ) -> Vec<Result<Result<serde_json::Value, String>, FilterError>> {
        let events: Vec<bytes::Bytes> = events.into_iter().collect();
        if events.is_empty() {
            return Vec::new();
        }
        pool::evaluate(self.code.clone(), pool::Ask::Value, events)
            .await
            .into_iter()
            .map(|answer| match answer? {
                pool::Answer::Output(output) => Ok(output.and_then(|json| {
                    serde_json::from_str(&json)
                        .map_err(|err| format!("the output is not JSON ({err}): {json}"))
                })),
                pool::Answer::Passes(_) => Ok(Err("no output".into())),
            })
            .collect()
    }

    /// [`verdicts`](Self::verdicts) for one event.
    pub async fn verdict(&self, event: &bytes::Bytes) -> Result<bool, FilterError> {
        self.verdicts([event.clone()])
            .await
            .pop()
            .unwrap_or(Ok(false))
    }
}
