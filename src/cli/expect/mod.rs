//! `evbus expect`: a scenario against a running bus, as a test that passes or fails.

mod flow;
mod junit;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use colored::Colorize;
use futures_util::StreamExt;
use serde_json::Value;

use super::Context;
use super::exit::{Exit, ExitCode};
use super::output::plural;
use crate::api::time::parse_duration;
use crate::client::TailQuery;
use crate::filter::JqFilter;
use flow::{Flow, Kind};
use junit::CaseResult;

/// Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq
/// `where`, how many, within how long, in order, correlated with an earlier step's
/// event), expect none of a kind for a while, wait for a group to drain. Prints each step
/// as it passes; on a failure, what was expected and the nearest events seen instead.
/// Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.
///
/// flow.yaml:
///   steps:
///     - name: order
///       emit: {topic: order.created, data: {id: 1}}
///     - expect: {topic: order.fulfilled, where: ".data.id == 1", within: 5s, correlated: order}
///     - expect_none: {topic: order.failed, for: 2s}
///     - drain: {group: billing, within: 30s}
///
/// Examples:
///   evbus expect -f flow.yaml
///   evbus expect -f flow.yaml --junit report.xml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ExpectArgs {
    /// The flow to run ('-': stdin)
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: PathBuf,
    /// Also write a JUnit XML report here, one test case per step
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// An event seen while the flow ran.
struct Seen {
    seq: u64,
    json: Value,
}

impl Seen {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.json.get(name).and_then(Value::as_str)
    }

    fn describe(&self) -> String {
        let data = self
            .json
            .get("data")
            .map(Value::to_string)
            .unwrap_or_default();
        let data: String = data.chars().take(120).collect();
        format!(
            "#{} {} {}",
            self.seq,
            self.attribute("type").unwrap_or("?"),
            data
        )
    }
}

/// How a step ended: passed (with what to say), failed, or timed out.
enum Outcome {
    Passed(String),
    Failed(String),
    TimedOut(String),
}

/// What the flow remembers between steps.
struct Run<'a> {
    ctx: &'a Context,
    /// The first seq the flow may see: events from before it started do not count.
    from_seq: u64,
    /// The events the named steps emitted or matched, by step name.
    named: std::collections::HashMap<String, Seen>,
    /// The seq of the event the last expectation matched.
    last_matched: u64,
}

pub async fn run(args: ExpectArgs, ctx: &Context) -> anyhow::Result<()> {
    let flow: Flow = super::document::read(&args.file)?;
    let file = args.file.display().to_string();
    for (at, step) in flow.steps.iter().enumerate() {
        step.kind()
            .map_err(|reason| Exit::usage(format!("{file}: steps[{at}]: {reason}")))?;
        check_step(step).map_err(|reason| {
            Exit::usage(format!("{file}: steps[{at}] ({}): {reason}", step.title()))
        })?;
    }
    let status = ctx.client.status().await?;
    let mut run = Run {
        ctx,
        from_seq: status.last_seq.unwrap_or(0) + 1,
        named: Default::default(),
        last_matched: 0,
    };
    let mut cases = Vec::new();
    let mut verdict: Option<(ExitCode, String)> = None;
    for (at, step) in flow.steps.iter().enumerate() {
        let title = format!("{} {}", at + 1, step.title());
        if verdict.is_some() {
            cases.push(CaseResult {
                name: title,
                elapsed: Duration::ZERO,
                problem: None,
                skipped: true,
            });
            continue;
        }
        let started = Instant::now();
        let outcome = run.step(step).await?;
        let elapsed = started.elapsed();
        let problem = match outcome {
            Outcome::Passed(note) => {
                if !ctx.out.is_json() {
                    ctx.out.line(&format!("{} {title}: {note}", "✓".green()))?;
                }
                None
            }
            Outcome::Failed(message) => {
                verdict = Some((ExitCode::Failure, format!("step {title}: {message}")));
                Some(("failure", message))
            }
            Outcome::TimedOut(message) => {
                verdict = Some((ExitCode::Timeout, format!("step {title}: {message}")));
                Some(("error", message))
            }
        };
        if let Some((_, message)) = &problem
            && !ctx.out.is_json()
        {
            ctx.out.line(&format!("{} {title}: {message}", "✗".red()))?;
        }
        if ctx.out.is_json() {
            ctx.out
                .json(&serde_json::json!({ "step": at + 1, "title": step.title(),
                "passed": problem.is_none(), "elapsed_ms": elapsed.as_millis() as u64,
                "error": problem.as_ref().map(|(_, message)| message) }))?;
        }
        cases.push(CaseResult {
            name: title,
            elapsed,
            problem,
            skipped: false,
        });
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, junit::report(&file, &cases))
            .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", path.display()))?;
    }
    match verdict {
        None => {
            if !ctx.out.is_json() {
                ctx.out
                    .line(&format!("{} steps passed", flow.steps.len()))?;
            }
            Ok(())
        }
        Some((code, message)) => Err(Exit(code, message).into()),
    }
}

/// What can be checked before the flow runs: durations, jq, step names referred to.
fn check_step(step: &flow::Step) -> Result<(), String> {
    let jq = |filter: &Option<String>| match filter {
        Some(filter) => JqFilter::compile(filter)
            .map(drop)
            .map_err(|err| err.to_string()),
        None => Ok(()),
    };
    match step.kind()? {
        Kind::Emit(_) => Ok(()),
        Kind::Expect(expect) => {
            parse_duration(&expect.within)?;
            expect.topic.parse::<crate::api::Pattern>()?;
            if expect.count == 0 {
                return Err("count must be at least 1 (use expect_none for none)".into());
            }
            jq(&expect.filter)
        }
        Kind::ExpectNone(none) => {
            parse_duration(&none.duration)?;
            none.topic.parse::<crate::api::Pattern>()?;
            jq(&none.filter)
        }
        Kind::Drain(drain) => parse_duration(&drain.within).map(drop),
    }
}

impl Run<'_> {
    async fn step(&mut self, step: &flow::Step) -> anyhow::Result<Outcome> {
        let outcome = match step.kind().map_err(Exit::usage)? {
            Kind::Emit(emit) => self.emit(emit, step.name.as_deref()).await?,
            Kind::Expect(expect) => self.expect(expect, step.name.as_deref()).await?,
            Kind::ExpectNone(none) => self.expect_none(none).await?,
            Kind::Drain(drain) => self.drain(drain).await?,
        };
        Ok(outcome)
    }

    async fn emit(&mut self, emit: &flow::Emit, name: Option<&str>) -> anyhow::Result<Outcome> {
        let mut event = serde_json::Map::new();
        event.insert("type".into(), Value::String(emit.topic.clone()));
        for (key, value) in &emit.attributes {
            event.insert(key.clone(), value.clone());
        }
        let body = serde_json::to_vec(&event)?;
        crate::api::Event::from_json(&body)
            .map_err(|err| Exit::usage(format!("emit {}: {err}", emit.topic)))?;
        let emitted = self.ctx.client.emit(body).await?;
        let seq = emitted.receipt.seq;
        let json: Value = serde_json::from_str(emitted.event.get())?;
        if let Some(name) = name {
            self.named.insert(name.to_owned(), Seen { seq, json });
        }
        Ok(Outcome::Passed(format!("seq {seq}")))
    }

    /// Reads events on `topic` matching `filter` (on the bus) from the flow's start,
    /// until `keep` says stop or `until` passes.
    async fn watch(
        &self,
        topic: &str,
        filter: Option<&str>,
        until: tokio::time::Instant,
        keep: impl FnMut(Seen) -> bool,
    ) -> anyhow::Result<()> {
        self.read(topic, filter, None, until, keep).await
    }

    /// `watch`, ending after `to_seq` when given.
    async fn read(
        &self,
        topic: &str,
        filter: Option<&str>,
        to_seq: Option<u64>,
        until: tokio::time::Instant,
        mut keep: impl FnMut(Seen) -> bool,
    ) -> anyhow::Result<()> {
        let query = TailQuery {
            patterns: vec![topic.to_owned()],
            filter: filter.map(str::to_owned),
            from_seq: Some(self.from_seq),
            to_seq,
            ..TailQuery::default()
        };
        let events = self.ctx.client.tail(&query).await?;
        tokio::pin!(events);
        while let Ok(Some(line)) = tokio::time::timeout_at(until, events.next()).await {
            let json: Value = serde_json::from_slice(&line?)?;
            let seq = json.get("seq").and_then(Value::as_u64).unwrap_or(0);
            if !keep(Seen { seq, json }) {
                break;
            }
        }
        Ok(())
    }

    /// Whether `seen` was caused by `origin` (up its `causationid` chain, as far as the
    /// flow saw it) or shares its correlation id.
    fn correlated(&self, seen: &Seen, origin: &Seen, chain: &[Seen]) -> bool {
        let origin_id = origin.attribute("id");
        let correlation = origin.attribute("correlationid").or(origin_id);
        if seen.attribute("correlationid").is_some()
            && seen.attribute("correlationid") == correlation
        {
            return true;
        }
        let mut cause = seen.attribute("causationid");
        for _ in 0..16 {
            match cause {
                None => return false,
                Some(id) if Some(id) == origin_id => return true,
                Some(id) => {
                    cause = chain
                        .iter()
                        .find(|event| event.attribute("id") == Some(id))
                        .and_then(|event| event.attribute("causationid"));
                }
            }
        }
        false
    }

    async fn expect(
        &mut self,
        expect: &flow::Expect,
        name: Option<&str>,
    ) -> anyhow::Result<Outcome> {
        let within = parse_duration(&expect.within).map_err(Exit::usage)?;
        let origin = match &expect.correlated {
            Some(step) => Some(self.named.get(step).ok_or_else(|| {
                Exit::usage(format!("correlated: no earlier step is named '{step}'"))
            })?),
            None => None,
        };
        let after = if expect.in_order {
            self.last_matched
        } else {
            0
        };
        // Correlation follows causes through events of any topic: those seen so far,
        // read again at the end for causes that came in meanwhile.
        let mut chain = match origin {
            Some(_) => self.history().await?,
            None => Vec::new(),
        };
        let mut candidates: Vec<Seen> = Vec::new();
        let mut matched = 0;
        let until = tokio::time::Instant::now() + within;
        self.watch(&expect.topic, expect.filter.as_deref(), until, |seen| {
            if seen.seq > after {
                if origin.is_none_or(|origin| self.correlated(&seen, origin, &chain)) {
                    matched += 1;
                }
                candidates.push(seen);
            }
            matched < expect.count
        })
        .await?;
        let mut matched: Vec<Seen> = match origin {
            None => candidates,
            Some(origin) => {
                if matched < expect.count {
                    chain = self.history().await?;
                }
                candidates
                    .into_iter()
                    .filter(|seen| self.correlated(seen, origin, &chain))
                    .collect()
            }
        };
        if matched.len() >= expect.count {
            matched.truncate(expect.count);
            let last = matched.pop().expect("at least one");
            self.last_matched = last.seq;
            let note = format!("{} by #{}", plural(expect.count, "event"), last.seq);
            if let Some(name) = name {
                self.named.insert(name.to_owned(), last);
            }
            return Ok(Outcome::Passed(note));
        }
        let mut wanted = format!(
            "expected {} on {}",
            plural(expect.count, "event"),
            expect.topic
        );
        if let Some(filter) = &expect.filter {
            wanted.push_str(&format!(" where {filter}"));
        }
        if let Some(step) = &expect.correlated {
            wanted.push_str(&format!(" correlated with step '{step}'"));
        }
        if expect.in_order {
            wanted.push_str(&format!(" after #{after}"));
        }
        wanted.push_str(&format!(" within {}; saw {}", expect.within, matched.len()));
        Ok(Outcome::Failed(format!(
            "{wanted}. {}",
            self.nearest(&expect.topic).await?
        )))
    }

    /// Every event since the flow began, as far as the log has them now.
    async fn history(&self) -> anyhow::Result<Vec<Seen>> {
        self.stored(">").await
    }

    /// The events on `pattern` from the flow's start to the newest now.
    async fn stored(&self, pattern: &str) -> anyhow::Result<Vec<Seen>> {
        let last = self.ctx.client.status().await?.last_seq.unwrap_or(0);
        let mut seen = Vec::new();
        if last < self.from_seq {
            return Ok(seen);
        }
        let until = tokio::time::Instant::now() + Duration::from_secs(10);
        self.read(pattern, None, Some(last), until, |event| {
            seen.push(event);
            true
        })
        .await?;
        Ok(seen)
    }

    /// The events closest to what was expected: the last ones on the pattern since the
    /// flow began, else the last ones of any topic.
    async fn nearest(&self, topic: &str) -> anyhow::Result<String> {
        for pattern in [topic, ">"] {
            let seen = self.stored(pattern).await?;
            if !seen.is_empty() {
                let start = seen.len().saturating_sub(3);
                let shown: Vec<String> = seen[start..].iter().map(Seen::describe).collect();
                let which = if pattern == ">" {
                    "any topic".to_owned()
                } else {
                    pattern.to_owned()
                };
                return Ok(format!("Nearest seen on {which}: {}", shown.join("; ")));
            }
        }
        Ok("No event at all was seen since the flow began.".into())
    }

    async fn expect_none(&mut self, none: &flow::ExpectNone) -> anyhow::Result<Outcome> {
        let duration = parse_duration(&none.duration).map_err(Exit::usage)?;
        let mut found = None;
        let until = tokio::time::Instant::now() + duration;
        self.watch(&none.topic, none.filter.as_deref(), until, |seen| {
            found = Some(seen);
            false
        })
        .await?;
        Ok(match found {
            None => Outcome::Passed(format!("none for {}", none.duration)),
            Some(seen) => Outcome::Failed(format!(
                "expected no event on {}{} for {}; saw {}",
                none.topic,
                none.filter
                    .as_deref()
                    .map(|filter| format!(" where {filter}"))
                    .unwrap_or_default(),
                none.duration,
                seen.describe()
            )),
        })
    }

    async fn drain(&mut self, drain: &flow::Drain) -> anyhow::Result<Outcome> {
        let within = parse_duration(&drain.within).map_err(Exit::usage)?;
        let deadline = Instant::now() + within;
        loop {
            let group = self.ctx.client.group(&drain.group).await?;
            let left = group.lag + group.pending + group.in_flight;
            if left == 0 {
                return Ok(Outcome::Passed(format!("drained, {} dead", group.dead)));
            }
            if Instant::now() >= deadline {
                return Ok(Outcome::TimedOut(format!(
                    "group {} did not drain within {}: lag {}, pending {}, in flight {}",
                    drain.group, drain.within, group.lag, group.pending, group.in_flight
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
