//! `evbus bench`: load a running bus over HTTP and print medians over several runs, next
//! to a bare axum handler measured with the same load generator in the same run.

use serde::Serialize;

mod bus;
mod consumers;
mod load;
mod peers;
mod trace;

use consumers::{group, latency, replay, request};
use load::{baseline, batch, fill, process, publish};

use super::Context;
use super::serve::EngineKind;

/// Load a running bus and print medians.
///
/// Scenarios: publish (single-event POSTs from --clients keep-alive connections), baseline
/// (the same load on a bare axum handler that only parses the JSON, started inside this
/// process), batch (NDJSON requests of --batch events), latency (emit → tail at --rate
/// events/s), process (whole `evbus emit` processes), fill (store --fill events, then
/// report the server's RSS), group (--members members of one group pull --fetch events
/// at a time and ack each pull, over --group-events stored events), ordered (the same
/// with the events keyed over --keys keys and the group ordered), replay (a whole
/// `evbus replay` process writing --replay-events stored events to stdout), request
/// (request/reply round trips, one at a time, to an in-process responder), trace
/// (`GET /v1/events/{seq}/trace` of a small causal tree stored after --trace-events
/// others). The raw peers, measured once per run: nats-baseline (JetStream on --nats:
/// --clients sync publishers of --events, an async publish of --batch-events, a durable
/// pull by --members members fetching --fetch), redis-baseline (XADD from --clients
/// connections to --redis, which should run with appendfsync always). Each evbus figure
/// with a peer in the same run is printed with its ratio to it.
///
/// Examples:
///   evbus bench
///   evbus bench --scenario publish --scenario baseline --runs 5
///   evbus bench --scenario fill --fill 1000000
///   evbus bench --scenario group --members 4 --fetch 100
///   evbus bench --scenario group --scenario ordered --keys 1000
///   evbus bench --scenario replay --replay-events 1000000
///   evbus bench --scenario trace --trace-events 1000000
///   evbus bench --engine embedded --engine nats://127.0.0.1:4222 --scenario publish --scenario batch --scenario group
///   evbus bench --engine embedded --scenario publish --scenario redis-baseline --scenario nats-baseline
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct BenchArgs {
    /// Scenarios to run (repeatable) [default: publish, baseline, batch, latency, process]
    #[arg(long, value_enum, value_name = "NAME")]
    pub scenario: Vec<Scenario>,
    /// Runs per scenario; the median is reported
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Concurrent keep-alive connections for publish and baseline
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub clients: usize,
    /// Events per publish/baseline run
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub events: usize,
    /// Event size in bytes, as sent
    #[arg(long, value_name = "BYTES", default_value_t = 256)]
    pub size: usize,
    /// Events per request in the batch scenario
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    pub batch: usize,
    /// Events per batch run
    #[arg(long, value_name = "N", default_value_t = 300_000)]
    pub batch_events: usize,
    /// Events per second in the latency scenario
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    pub rate: u64,
    /// Events per latency run
    #[arg(long, value_name = "N", default_value_t = 3_000)]
    pub latency_events: usize,
    /// Members pulling from the group in the group scenario
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub members: usize,
    /// Events per pull (and per ack) in the group scenario
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub fetch: usize,
    /// Ordering keys the events of the ordered scenario are spread over
    #[arg(long, value_name = "N", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub keys: u64,
    /// Events consumed per group run
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub group_events: usize,
    /// Events stored once, then replayed to stdout per run, in the replay scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub replay_events: usize,
    /// Events stored before the traced tree in the trace scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub trace_events: usize,
    /// Events to store in the fill scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub fill: usize,
    /// Instead of the bus at --server, start a bus on each ENGINE (repeatable: embedded,
    /// memory, nats://HOST:PORT) with fresh storage, and measure them in one run
    #[arg(long, value_name = "ENGINE", value_parser = super::serve::engine_kind)]
    pub engine: Vec<EngineKind>,
    /// The NATS server (with JetStream) of the nats-baseline scenario
    #[arg(long, value_name = "URL", default_value = "nats://127.0.0.1:4222")]
    pub nats: String,
    /// The Redis server of the redis-baseline scenario
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:6379")]
    pub redis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    Publish,
    Baseline,
    Batch,
    Latency,
    Process,
    Fill,
    Group,
    Ordered,
    Replay,
    Request,
    Trace,
    NatsBaseline,
    RedisBaseline,
}

impl Scenario {
    /// A raw peer, measured once per run whatever the engines.
    fn is_peer(self) -> bool {
        matches!(self, Scenario::NatsBaseline | Scenario::RedisBaseline)
    }

    fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map(|value| value.get_name().to_owned())
            .unwrap_or_default()
    }
}

#[derive(Debug, Serialize)]
struct Figure {
    /// The engine of a bus the bench started (`--engine`); none for `--server`'s bus.
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<String>,
    scenario: Scenario,
    metric: &'static str,
    median: f64,
    runs: Vec<f64>,
    /// The raw peer this figure is held against, measured in the same run, and the ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    peer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ratio: Option<f64>,
}

/// The peer figure (scenario, metric) an evbus figure is held against: JetStream's own for
/// the JetStream engine, Redis `XADD` (appendfsync always) for a durable single publish.
fn peer_of(figure: &Figure) -> Option<(Scenario, &'static str)> {
    let on_nats = figure
        .engine
        .as_deref()
        .is_some_and(|engine| engine.starts_with("nats://"));
    match (figure.scenario, figure.metric, on_nats) {
        (Scenario::Publish, "events/s", true) => Some((Scenario::NatsBaseline, "sync publish/s")),
        (Scenario::Publish, "events/s", false) => Some((Scenario::RedisBaseline, "xadd/s")),
        (Scenario::Batch, "events/s", true) => Some((Scenario::NatsBaseline, "async publish/s")),
        (Scenario::Group, "events/s", _) => Some((Scenario::NatsBaseline, "durable pull/s")),
        _ => None,
    }
}

/// Fills in each figure's ratio to its peer, where the run measured the peer.
fn hold_against_peers(figures: &mut [Figure]) {
    let peers: Vec<(Scenario, &'static str, f64)> = figures
        .iter()
        .filter(|figure| figure.scenario.is_peer())
        .map(|figure| (figure.scenario, figure.metric, figure.median))
        .collect();
    for figure in figures.iter_mut() {
        let Some((scenario, metric)) = peer_of(figure) else {
            continue;
        };
        if let Some((_, _, median)) = peers
            .iter()
            .find(|(peer, peer_metric, _)| *peer == scenario && *peer_metric == metric)
        {
            figure.peer = Some(format!("{} {metric}", scenario.name()));
            figure.ratio = Some(figure.median / median);
        }
    }
}

pub async fn run(args: BenchArgs, ctx: &Context) -> anyhow::Result<()> {
    let scenarios = if args.scenario.is_empty() {
        vec![
            Scenario::Publish,
            Scenario::Baseline,
            Scenario::Batch,
            Scenario::Latency,
            Scenario::Process,
        ]
    } else {
        args.scenario.clone()
    };
    let (peers, scenarios): (Vec<Scenario>, Vec<Scenario>) = scenarios
        .into_iter()
        .partition(|scenario| scenario.is_peer());
    let mut figures = measure(&args, &peers, ctx, None).await?;
    if args.engine.is_empty() && !scenarios.is_empty() {
        ctx.client.status().await?; // fail early, with the usual message, if no bus answers
        figures.extend(measure(&args, &scenarios, ctx, None).await?);
    }
    for kind in &args.engine {
        let bus = bus::BenchBus::start(kind).await?;
        let engine_ctx = Context {
            client: crate::client::Client::new(&bus.url, None)?,
            out: ctx.out.clone(),
        };
        let label = match kind {
            EngineKind::Nats(url) => url.clone(),
            other => format!("{other:?}").to_lowercase(),
        };
        let measured = measure(&args, &scenarios, &engine_ctx, Some(label)).await;
        bus.stop().await?;
        figures.extend(measured?);
    }
    hold_against_peers(&mut figures);
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&figures)?);
    }
    let with_engine = !args.engine.is_empty();
    let rows = figures
        .iter()
        .map(|figure| {
            let mut row = vec![
                figure.scenario.name(),
                figure.metric.to_owned(),
                format!("{:.2}", figure.median),
                figure
                    .runs
                    .iter()
                    .map(|value| format!("{value:.2}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                match (&figure.peer, figure.ratio) {
                    (Some(peer), Some(ratio)) => format!("{ratio:.2}× {peer}"),
                    _ => String::new(),
                },
            ];
            if with_engine {
                row.insert(0, figure.engine.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    let mut headers = vec!["SCENARIO", "METRIC", "MEDIAN", "RUNS", "VS PEER"];
    if with_engine {
        headers.insert(0, "ENGINE");
    }
    Ok(ctx.out.table(&headers, rows)?)
}

/// Each of `scenarios`, `args.runs` times, against `ctx`'s bus.
async fn measure(
    args: &BenchArgs,
    scenarios: &[Scenario],
    ctx: &Context,
    engine: Option<String>,
) -> anyhow::Result<Vec<Figure>> {
    let mut figures = Vec::new();
    let mut replay_slice = None;
    let mut traced = None;
    for &scenario in scenarios {
        let mut runs: Vec<Vec<(&'static str, f64)>> = Vec::new();
        for _ in 0..args.runs.max(1) {
            runs.push(match scenario {
                Scenario::Publish => {
                    vec![("events/s", publish(ctx.client.base_url(), args, ctx).await?)]
                }
                Scenario::Baseline => vec![("events/s", baseline(args).await?)],
                Scenario::Batch => vec![("events/s", batch(args, ctx).await?)],
                Scenario::Latency => latency(args, ctx).await?,
                Scenario::Process => vec![("ms/process", process(ctx).await?)],
                Scenario::Fill => fill(args, ctx).await?,
                Scenario::Group => vec![("events/s", group(args, ctx, false).await?)],
                Scenario::Ordered => vec![("events/s", group(args, ctx, true).await?)],
                Scenario::Request => request(args, ctx).await?,
                Scenario::Trace => trace::trace(args, ctx, &mut traced).await?,
                Scenario::Replay => {
                    vec![("events/s", replay(args, ctx, &mut replay_slice).await?)]
                }
                Scenario::NatsBaseline => peers::nats_baseline(args).await?,
                Scenario::RedisBaseline => peers::redis_baseline(args, ctx).await?,
            });
            if scenario == Scenario::Fill {
                break; // filling twice would measure a different log
            }
        }
        for (index, (metric, _)) in runs[0].iter().enumerate() {
            let values: Vec<f64> = runs.iter().map(|run| run[index].1).collect();
            figures.push(Figure {
                engine: engine.clone(),
                scenario,
                metric,
                median: median(&values),
                runs: values,
                peer: None,
                ratio: None,
            });
        }
        if !ctx.out.is_json() {
            let last = figures.iter().rev().take(runs[0].len()).collect::<Vec<_>>();
            let on = engine.as_deref().map(|engine| format!(" on {engine}"));
            for figure in last.into_iter().rev() {
                ctx.out.note(&format!(
                    "{} {}{}: median {:.2}",
                    figure.scenario.name(),
                    figure.metric,
                    on.as_deref().unwrap_or_default(),
                    figure.median
                ));
            }
        }
    }
    Ok(figures)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    sorted[sorted.len() / 2]
}
