//! The worker processes that evaluate filters, shared by everything in this process.
//!
//! One thread with a runtime of its own drives them, so any runtime (the server's, a
//! test's, the CLI's) can ask, and a worker never depends on the runtime of whoever
//! asked first. At most one worker per core runs at a time; a worker that exceeds the
//! time budget is killed, one that dies (stack, memory) is replaced, and the event it
//! was on gets `Exhausted`.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::worker::{self, COMPILED, EVENT, NOT_COMPILED, OUTPUT, PASSES, SET_FILTER, VALUE};
use super::{Budget, EVENT_BUDGET, FilterError};

/// Memory a worker may map (its 64 MiB stack included); past it, allocation fails and
/// the worker ends.
const WORKER_MEMORY: u64 = 384 << 20;
/// How long a worker may take to start and compile a filter.
const COMPILE_BUDGET: Duration = Duration::from_secs(5);

/// What a filter said of one event: whether it passes, or its first output.
#[derive(Debug, Clone)]
pub(super) enum Answer {
    Passes(bool),
    /// The first output as JSON, or why there is none.
    Output(Result<String, String>),
}

/// What is asked of each event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ask {
    Verdict,
    Value,
}

type Answers = Vec<Result<Answer, FilterError>>;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
static SERVICE: OnceLock<Result<mpsc::UnboundedSender<Job>, String>> = OnceLock::new();

/// The `evbus` binary to start workers from, when this process is not it (tests that
/// run a bus in-process). Takes effect only before the first filter runs.
pub fn set_worker_program(path: PathBuf) {
    let _ = PROGRAM.set(path);
}

struct Job {
    code: Arc<str>,
    ask: Ask,
    events: Vec<Bytes>,
    reply: oneshot::Sender<Answers>,
}

pub(super) async fn evaluate(code: Arc<str>, ask: Ask, events: Vec<Bytes>) -> Answers {
    let count = events.len();
    let unavailable = |why: String| vec![Err(FilterError::Unavailable(why)); count];
    let service = match SERVICE.get_or_init(start) {
        Ok(service) => service,
        Err(why) => return unavailable(why.clone()),
    };
    let (reply, answer) = oneshot::channel();
    if service
        .send(Job {
            code,
            ask,
            events,
            reply,
        })
        .is_err()
    {
        return unavailable("the filter service stopped".into());
    }
    answer
        .await
        .unwrap_or_else(|_| unavailable("the filter service stopped".into()))
}

fn start() -> Result<mpsc::UnboundedSender<Job>, String> {
    let program = match PROGRAM.get() {
        Some(program) => program.clone(),
        None => std::env::current_exe()
            .map_err(|err| format!("cannot find the evbus binary to run filters: {err}"))?,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the filter service: {err}"))?;
    let (jobs, queue) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("evbus-jq-pool".into())
        .spawn(move || runtime.block_on(serve(program, queue)))
        .map_err(|err| format!("cannot start the filter service: {err}"))?;
    Ok(jobs)
}

async fn serve(program: PathBuf, mut queue: mpsc::UnboundedReceiver<Job>) {
    let slots = std::thread::available_parallelism().map_or(2, |cores| cores.get().max(2));
    let pool = Arc::new(Pool {
        program,
        idle: Mutex::new(Vec::new()),
        slots: Semaphore::new(slots),
    });
    while let Some(job) = queue.recv().await {
        let pool = pool.clone();
        tokio::spawn(async move {
            let verdicts = pool.evaluate(&job.code, job.ask, &job.events).await;
            let _ = job.reply.send(verdicts);
        });
    }
}

struct Pool {
    program: PathBuf,
    idle: Mutex<Vec<Worker>>,
    slots: Semaphore,
}

impl Pool {
    async fn evaluate(&self, code: &Arc<str>, ask: Ask, events: &[Bytes]) -> Answers {
        let _slot = self
            .slots
            .acquire()
            .await
            .expect("the slots are never closed");
        let mut verdicts = Vec::with_capacity(events.len());
        // A page goes to a worker whole; once a worker stops on it, the rest goes one
        // event at a time, so the event that exhausted the budget is the one named.
        let mut one_by_one = false;
        while verdicts.len() < events.len() {
            let rest = &events[verdicts.len()..];
            let batch = if one_by_one { &rest[..1] } else { rest };
            let mut worker = match self.worker() {
                Ok(worker) => worker,
                Err(why) => {
                    verdicts.resize(events.len(), Err(FilterError::Unavailable(why)));
                    break;
                }
            };
            match worker.run(code, ask, batch, &mut verdicts).await {
                Ok(()) => self
                    .idle
                    .lock()
                    .expect("idle workers poisoned")
                    .push(worker),
                Err(Stop::Exhausted(budget)) if batch.len() == 1 => {
                    verdicts.push(Err(FilterError::Exhausted(budget)));
                }
                Err(Stop::Exhausted(_)) => one_by_one = true,
                Err(Stop::Refused(error)) => {
                    verdicts.resize(events.len(), Err(error));
                    break;
                }
            }
        }
        verdicts
    }

    /// An idle worker that is still alive, or a new one.
    fn worker(&self) -> Result<Worker, String> {
        let mut idle = self.idle.lock().expect("idle workers poisoned");
        while let Some(mut worker) = idle.pop() {
            if matches!(worker.child.try_wait(), Ok(None)) {
                return Ok(worker);
            }
        }
        drop(idle);
        Worker::spawn(&self.program)
    }
}

/// Why a worker stopped before answering every event.
enum Stop {
    /// On the next event; the worker is gone.
    Exhausted(Budget),
    /// The filter itself, or the worker could not be used: the same for every event.
    Refused(FilterError),
}

struct Worker {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
    filter: Option<Arc<str>>,
}

impl Worker {
    fn spawn(program: &PathBuf) -> Result<Self, String> {
        let mut command = Command::new(program);
        command
            .arg(worker::ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        // SAFETY: the closure only makes async-signal-safe system calls.
        unsafe { command.pre_exec(confine) };
        let mut child = command
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", program.display()))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("the filter worker has no pipes".into());
        };
        Ok(Self {
            child,
            input: BufWriter::with_capacity(256 * 1024, input),
            output: BufReader::new(output),
            filter: None,
        })
    }

    /// Evaluates `code` on `events`, pushing one answer per event answered.
    async fn run(
        &mut self,
        code: &Arc<str>,
        ask: Ask,
        events: &[Bytes],
        answers: &mut Answers,
    ) -> Result<(), Stop> {
        if self.filter.as_ref() != Some(code) {
            self.set_filter(code).await?;
        }
        let (input, output) = (&mut self.input, &mut self.output);
        let kind = match ask {
            Ask::Verdict => EVENT,
            Ask::Value => VALUE,
        };
        let write = async {
            for event in events {
                write_frame(input, kind, event).await?;
            }
            input.flush().await
        };
        // Answers come in runs (the worker flushes when it has read everything, or every
        // `worker::FLUSH_EVERY` answers); each run must come within the budget.
        let read = async {
            let mut answered = 0;
            while answered < events.len() {
                if ask == Ask::Value {
                    answers.push(Ok(Answer::Output(read_output(output).await?)));
                    answered += 1;
                    continue;
                }
                let run = match tokio::time::timeout(EVENT_BUDGET, output.fill_buf()).await {
                    Ok(Ok(run)) if !run.is_empty() => run,
                    Ok(_) => return Err(Stop::Exhausted(Budget::Space)),
                    Err(_) => return Err(Stop::Exhausted(Budget::Time)),
                };
                let taken = run.len().min(events.len() - answered);
                answers.extend(
                    run[..taken]
                        .iter()
                        .map(|&answer| Ok(Answer::Passes(answer == PASSES))),
                );
                output.consume(taken);
                answered += taken;
            }
            Ok(())
        };
        tokio::pin!(write, read);
        let mut written = false;
        let outcome = loop {
            tokio::select! {
                outcome = &mut read => break outcome,
                // A failed write means the worker is gone: the read says how.
                _ = &mut write, if !written => written = true,
            }
        };
        if outcome.is_err() {
            let _ = self.child.start_kill();
        }
        outcome
    }

    async fn set_filter(&mut self, code: &Arc<str>) -> Result<(), Stop> {
        let gone = |_| Stop::Refused(FilterError::Unavailable("the filter worker stopped".into()));
        let answer = tokio::time::timeout(COMPILE_BUDGET, async {
            write_frame(&mut self.input, SET_FILTER, code.as_bytes()).await?;
            self.input.flush().await?;
            let kind = self.output.read_u8().await?;
            if kind != NOT_COMPILED {
                return Ok(Ok(kind));
            }
            let len = self.output.read_u32_le().await?;
            let mut reason = vec![0; len as usize];
            self.output.read_exact(&mut reason).await?;
            Ok::<_, std::io::Error>(Err(String::from_utf8_lossy(&reason).into_owned()))
        })
        .await;
        match answer {
            Ok(Ok(Ok(COMPILED))) => {
                self.filter = Some(code.clone());
                Ok(())
            }
            Ok(Ok(Err(reason))) => Err(Stop::Refused(FilterError::Invalid {
                code: code.to_string(),
                reason,
            })),
            Ok(Ok(Ok(_))) | Ok(Err(_)) => Err(gone(())),
            Err(_) => {
                let _ = self.child.start_kill();
                Err(Stop::Refused(FilterError::Exhausted(Budget::Time)))
            }
        }
    }
}

/// One event's output (or why there is none), which must come within the budget.
async fn read_output(output: &mut BufReader<ChildStdout>) -> Result<Result<String, String>, Stop> {
    let frame = async {
        let kind = output.read_u8().await?;
        let len = output.read_u32_le().await?;
        let mut text = vec![0; len as usize];
        output.read_exact(&mut text).await?;
        Ok::<_, std::io::Error>((kind, String::from_utf8_lossy(&text).into_owned()))
    };
    match tokio::time::timeout(EVENT_BUDGET, frame).await {
        Ok(Ok((OUTPUT, json))) => Ok(Ok(json)),
        Ok(Ok((_, why))) => Ok(Err(why)),
        Ok(Err(_)) => Err(Stop::Exhausted(Budget::Space)),
        Err(_) => Err(Stop::Exhausted(Budget::Time)),
    }
}

async fn write_frame(
    output: &mut BufWriter<ChildStdin>,
    kind: u8,
    payload: &[u8],
) -> std::io::Result<()> {
    output.write_u8(kind).await?;
    output.write_u32_le(payload.len() as u32).await?;
    output.write_all(payload).await
}

/// In the worker, between fork and exec: a memory limit, no core dumps, and death with
/// the thread that started it (the pool's, which lives as long as this process).
fn confine() -> std::io::Result<()> {
    let limit = |resource, value| {
        let bound = libc::rlimit {
            rlim_cur: value,
            rlim_max: value,
        };
        // SAFETY: setrlimit reads the struct we pass and nothing else.
        if unsafe { libc::setrlimit(resource, &bound) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    };
    limit(libc::RLIMIT_DATA, WORKER_MEMORY)?;
    limit(libc::RLIMIT_CORE, 0)?;
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number and nothing else.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    Ok(())
}
