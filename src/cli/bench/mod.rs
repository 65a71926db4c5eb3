//! `evbus bench`: load a running bus over HTTP and print medians over several runs, next
//! to a bare axum handler measured with the same load generator in the same run.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures_util::StreamExt;
use serde::Serialize;

mod bus;

use super::Context;
use super::serve::EngineKind;
use crate::client::TailQuery;

/// Load a running bus and print medians.
///
/// Scenarios: publish (single-event POSTs from --clients keep-alive connections), baseline
/// (the same load on a bare axum handler that only parses the JSON, started inside this
/// process), batch (NDJSON requests of --batch events), latency (emit → tail at --rate
/// events/s), process (whole `evbus emit` processes), fill (store --fill events, then
/// report the server's RSS), group (--members members of one group pull --fetch events
/// at a time and ack each pull, over --group-events stored events), replay (a whole
/// `evbus replay` process writing --replay-events stored events to stdout), request
/// (request/reply round trips, one at a time, to an in-process responder).
///
/// Examples:
///   evbus bench
///   evbus bench --scenario publish --scenario baseline --runs 5
///   evbus bench --scenario fill --fill 1000000
///   evbus bench --scenario group --members 4 --fetch 100
///   evbus bench --scenario replay --replay-events 1000000
///   evbus bench --engine embedded --engine nats://127.0.0.1:4222 --scenario publish --scenario batch --scenario group
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
    /// Events consumed per group run
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub group_events: usize,
    /// Events stored once, then replayed to stdout per run, in the replay scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub replay_events: usize,
    /// Events to store in the fill scenario
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub fill: usize,
    /// Instead of the bus at --server, start a bus on each ENGINE (repeatable: embedded,
    /// memory, nats://HOST:PORT) with fresh storage, and measure them in one run
    #[arg(long, value_name = "ENGINE", value_parser = super::serve::engine_kind)]
    pub engine: Vec<EngineKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    Publish,
    Baseline,
    Batch,
    Latency,
    Process,
    Fill,
    Group,
    Replay,
    Request,
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
}

pub async fn run(args: BenchArgs, ctx: &Context) -> anyhow::Result<()> {
    let mut figures = Vec::new();
    if args.engine.is_empty() {
        ctx.client.status().await?; // fail early, with the usual message, if no bus answers
        figures = measure(&args, ctx, None).await?;
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
        let measured = measure(&args, &engine_ctx, Some(label)).await;
        bus.stop().await?;
        figures.extend(measured?);
    }
    if ctx.out.is_json() {
        return Ok(ctx.out.json(&figures)?);
    }
    let with_engine = !args.engine.is_empty();
    let rows = figures
        .iter()
        .map(|figure| {
            let mut row = vec![
                format!("{:?}", figure.scenario).to_lowercase(),
                figure.metric.to_owned(),
                format!("{:.2}", figure.median),
                figure
                    .runs
                    .iter()
                    .map(|value| format!("{value:.2}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ];
            if with_engine {
                row.insert(0, figure.engine.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    let mut headers = vec!["SCENARIO", "METRIC", "MEDIAN", "RUNS"];
    if with_engine {
        headers.insert(0, "ENGINE");
    }
    Ok(ctx.out.table(&headers, rows)?)
}

/// Every scenario `args` names, `args.runs` times each, against `ctx`'s bus.
async fn measure(
    args: &BenchArgs,
    ctx: &Context,
    engine: Option<String>,
) -> anyhow::Result<Vec<Figure>> {
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
    let mut figures = Vec::new();
    let mut replay_slice = None;
    for scenario in scenarios {
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
                Scenario::Group => vec![("events/s", group(args, ctx).await?)],
                Scenario::Request => request(args, ctx).await?,
                Scenario::Replay => {
                    vec![("events/s", replay(args, ctx, &mut replay_slice).await?)]
                }
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
            });
        }
        if !ctx.out.is_json() {
            let last = figures.iter().rev().take(runs[0].len()).collect::<Vec<_>>();
            let on = engine.as_deref().map(|engine| format!(" on {engine}"));
            for figure in last.into_iter().rev() {
                ctx.out.note(&format!(
                    "{:?} {}{}: median {:.2}",
                    figure.scenario,
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

/// One structured CloudEvent of about `size` bytes.
fn event_body(size: usize, topic: &str, n: usize) -> String {
    let head = format!(r#"{{"type":"{topic}","data":{{"n":{n},"pad":""#);
    let pad = size.saturating_sub(head.len() + 3);
    format!("{head}{}\"}}}}", "x".repeat(pad))
}

/// `clients` tasks share `events` single-event POSTs to `url`; returns events/s.
async fn post_load(url: &str, token: Option<String>, args: &BenchArgs) -> anyhow::Result<f64> {
    crate::client::install_tls_provider();
    let http = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let target = Arc::new(format!("{url}/v1/events"));
    let per_client = args.events / args.clients.max(1);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients.max(1) {
        let (http, target, token, size) = (http.clone(), target.clone(), token.clone(), args.size);
        tasks.push(tokio::spawn(async move {
            for n in 0..per_client {
                let mut request = http
                    .post(target.as_str())
                    .header("content-type", "application/cloudevents+json")
                    .body(event_body(size, "bench.publish", client * per_client + n));
                if let Some(token) = &token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await?;
                anyhow::ensure!(
                    response.status().is_success(),
                    "the bus answered {}",
                    response.status()
                );
                response.bytes().await?;
            }
            Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok((per_client * args.clients.max(1)) as f64 / started.elapsed().as_secs_f64())
}

async fn publish(url: &str, args: &BenchArgs, ctx: &Context) -> anyhow::Result<f64> {
    post_load(url, ctx.client.token().map(str::to_owned), args).await
}

/// The HTTP ceiling on this machine: a bare axum handler that parses the JSON and answers
/// 201, loaded exactly like `publish`.
async fn baseline(args: &BenchArgs) -> anyhow::Result<f64> {
    use axum::routing::post;
    let app = axum::Router::new().route(
        "/v1/events",
        post(|body: axum::body::Bytes| async move {
            match serde_json::from_slice::<serde_json::Value>(&body) {
                Ok(_) => (axum::http::StatusCode::CREATED, "{}"),
                Err(_) => (axum::http::StatusCode::BAD_REQUEST, "{}"),
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let result = post_load(&url, None, args).await;
    server.abort();
    result
}

async fn batch(args: &BenchArgs, ctx: &Context) -> anyhow::Result<f64> {
    let requests = (args.batch_events / args.batch.max(1)).max(1);
    let bodies: Vec<Vec<u8>> = (0..requests)
        .map(|request| {
            let mut body = Vec::with_capacity(args.batch * (args.size + 1));
            for n in 0..args.batch {
                body.extend_from_slice(
                    event_body(args.size, "bench.batch", request * args.batch + n).as_bytes(),
                );
                body.push(b'\n');
            }
            body
        })
        .collect();
    // Two requests in flight: one being committed while the next is parsed.
    let started = Instant::now();
    let mut stream = futures_util::stream::iter(bodies)
        .map(|body| ctx.client.emit_ndjson(body))
        .buffer_unordered(2);
    let mut accepted = 0;
    while let Some(receipt) = stream.next().await {
        accepted += receipt?.accepted;
    }
    Ok(accepted as f64 / started.elapsed().as_secs_f64())
}

/// Emits at a steady rate on a fresh topic while a tail reads it; latency is from the
/// start of the POST to the event's arrival at the tail.
async fn latency(args: &BenchArgs, ctx: &Context) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let topic = format!(
        "bench.latency.{}",
        crate::bus::ids::new_ulid().to_lowercase()
    );
    let stream = ctx
        .client
        .tail(&TailQuery {
            patterns: vec![topic.clone()],
            ..TailQuery::default()
        })
        .await?;
    let total = args.latency_events;
    let sent: Arc<std::sync::Mutex<Vec<Option<Instant>>>> =
        Arc::new(std::sync::Mutex::new(vec![None; total]));
    let receiver = {
        let sent = sent.clone();
        tokio::spawn(async move {
            futures_util::pin_mut!(stream);
            let mut latencies = Vec::with_capacity(total);
            while latencies.len() < total {
                let line = tokio::time::timeout(Duration::from_secs(10), stream.next())
                    .await
                    .context("the tail stopped receiving")?
                    .context("the tail ended")??;
                let arrived = Instant::now();
                let event: serde_json::Value = serde_json::from_slice(&line)?;
                let n = event["data"]["n"]
                    .as_u64()
                    .context("a bench event without data.n")? as usize;
                if let Some(start) = sent.lock().expect("latency lock").get(n).copied().flatten() {
                    latencies.push(arrived.duration_since(start).as_secs_f64() * 1_000.0);
                }
            }
            anyhow::Ok(latencies)
        })
    };
    // Wait until the tail is attached before emitting.
    let deadline = Instant::now() + Duration::from_secs(10);
    while ctx.client.status().await?.open_streams == 0 {
        anyhow::ensure!(Instant::now() < deadline, "the tail never attached");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / args.rate.max(1) as f64));
    for n in 0..total {
        ticker.tick().await;
        sent.lock().expect("latency lock")[n] = Some(Instant::now());
        ctx.client
            .emit(event_body(args.size, &topic, n).into_bytes())
            .await?;
    }
    let mut latencies = receiver.await??;
    latencies.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Ok(vec![("p50 ms", at(0.50)), ("p99 ms", at(0.99))])
}

/// Median wall time of whole `evbus emit` processes against the bus.
async fn process(ctx: &Context) -> anyhow::Result<f64> {
    let exe = std::env::current_exe()?;
    let mut times = Vec::new();
    for n in 0..21 {
        let started = Instant::now();
        let status = tokio::process::Command::new(&exe)
            .args([
                "emit",
                "bench.process",
                "--data",
                &n.to_string(),
                "--server",
                ctx.client.base_url(),
            ])
            .stdout(std::process::Stdio::null())
            .status()
            .await?;
        anyhow::ensure!(status.success(), "evbus emit failed");
        times.push(started.elapsed().as_secs_f64() * 1_000.0);
    }
    Ok(median(&times))
}

/// Stores `count` events on `topic` in batches of `--batch`; returns the first one's seq.
async fn store(
    ctx: &Context,
    args: &BenchArgs,
    topic: &str,
    count: usize,
) -> anyhow::Result<Option<u64>> {
    let progress = ctx.out.progress(Some(count as u64), "events stored");
    let mut stored = 0;
    let mut first = None;
    while stored < count {
        let chunk = args.batch.min(count - stored).max(1);
        let mut body = Vec::with_capacity(chunk * (args.size + 1));
        for n in 0..chunk {
            body.extend_from_slice(event_body(args.size, topic, stored + n).as_bytes());
            body.push(b'\n');
        }
        let receipt = ctx.client.emit_ndjson(body).await?;
        first = first.or(receipt.results.first().map(|result| result.seq));
        stored += receipt.accepted;
        progress.set_position(stored as u64);
    }
    progress.finish_and_clear();
    Ok(first)
}

/// Stores `--group-events` events on a fresh topic, then times `--members` members of a
/// new group pulling `--fetch` at a time and acking each pull, until all are completed.
async fn group(args: &BenchArgs, ctx: &Context) -> anyhow::Result<f64> {
    use crate::api::group::{GroupSpec, Settlement};
    let name = format!("bench-{}", crate::bus::ids::new_ulid().to_lowercase());
    let topic = format!("bench.group.{}", name.trim_start_matches("bench-"));
    // Start the group at its own events, not at the start of a log earlier runs filled.
    let first = store(ctx, args, &topic, args.group_events).await?;
    ctx.client
        .create_group(&GroupSpec {
            name: name.clone(),
            pattern: topic,
            filter: None,
            start: Some(first.map_or("beginning".into(), |seq| seq.to_string())),
            max_attempts: None,
            backoff: None,
            ack_timeout: None,
            ..GroupSpec::default()
        })
        .await?;
    let remaining = Arc::new(std::sync::atomic::AtomicI64::new(args.group_events as i64));
    let started = Instant::now();
    let mut members = Vec::new();
    for member in 0..args.members.max(1) {
        let (client, name, remaining) = (ctx.client.clone(), name.clone(), remaining.clone());
        let (member, fetch) = (format!("m{member}"), args.fetch);
        members.push(tokio::spawn(async move {
            use std::sync::atomic::Ordering;
            while remaining.load(Ordering::Relaxed) > 0 {
                let pulled = client
                    .pull(&name, &member, fetch, Duration::from_millis(200))
                    .await?;
                if pulled.deliveries.is_empty() {
                    continue;
                }
                let count = pulled.deliveries.len() as i64;
                let receipts = pulled.deliveries.into_iter().map(|d| d.receipt).collect();
                client
                    .settle(&name, &member, receipts, &Settlement::Ack)
                    .await?;
                remaining.fetch_sub(count, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for member in members {
        member.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    ctx.client.delete_group(&name).await?;
    Ok(args.group_events as f64 / elapsed)
}

/// Round trips of `--latency-events` requests, one at a time, answered by a responder
/// inside this process that pulls from its group, emits each reply and acks: p50/p99 ms.
async fn request(args: &BenchArgs, ctx: &Context) -> anyhow::Result<Vec<(&'static str, f64)>> {
    use crate::api::group::{GroupSpec, Settlement};
    let id = crate::bus::ids::new_ulid().to_lowercase();
    let (topic, group) = (format!("bench.request.{id}"), format!("bench-reply-{id}"));
    ctx.client
        .create_group(&GroupSpec {
            name: group.clone(),
            pattern: topic.clone(),
            filter: None,
            start: None,
            max_attempts: Some(1),
            backoff: None,
            ack_timeout: None,
            ..GroupSpec::default()
        })
        .await?;
    let responder = {
        let (client, group) = (ctx.client.clone(), group.clone());
        tokio::spawn(async move {
            loop {
                let pulled = client
                    .pull(&group, "bench-responder", 100, Duration::from_secs(1))
                    .await?;
                let mut receipts = Vec::new();
                for delivery in pulled.deliveries {
                    let request: serde_json::Value = serde_json::from_str(delivery.event.get())?;
                    let reply = serde_json::json!({
                        "type": request["replyto"], "correlationid": request["correlationid"],
                        "replystatus": "ok", "data": request["data"],
                    });
                    client.emit(serde_json::to_vec(&reply)?).await?;
                    receipts.push(delivery.receipt);
                }
                if !receipts.is_empty() {
                    client
                        .settle(&group, "bench-responder", receipts, &Settlement::Ack)
                        .await?;
                }
            }
            #[allow(unreachable_code)]
            anyhow::Ok(())
        })
    };
    // The responder is a member once its first pull is in.
    let deadline = Instant::now() + Duration::from_secs(10);
    while ctx.client.group(&group).await?.members.is_empty() {
        anyhow::ensure!(Instant::now() < deadline, "the responder never joined");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut latencies = Vec::with_capacity(args.latency_events);
    for n in 0..args.latency_events {
        let body = event_body(args.size, &topic, n).into_bytes();
        let started = Instant::now();
        ctx.client
            .send_request(body, Duration::from_secs(5))
            .await?;
        latencies.push(started.elapsed().as_secs_f64() * 1_000.0);
    }
    responder.abort();
    ctx.client.delete_group(&group).await?;
    latencies.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Ok(vec![("p50 ms", at(0.50)), ("p99 ms", at(0.99))])
}

/// Times a whole `evbus replay` process writing the slice to a pipe (counted); the slice
/// (`--replay-events` on a fresh topic) is stored on the first run only.
async fn replay(
    args: &BenchArgs,
    ctx: &Context,
    slice: &mut Option<(String, u64)>,
) -> anyhow::Result<f64> {
    if slice.is_none() {
        let topic = format!(
            "bench.replay.{}",
            crate::bus::ids::new_ulid().to_lowercase()
        );
        let first = store(ctx, args, &topic, args.replay_events)
            .await?
            .context("nothing was stored")?;
        *slice = Some((topic, first));
    }
    let (topic, first) = slice.as_ref().expect("stored above");
    let last = first + args.replay_events as u64 - 1;
    let started = Instant::now();
    let output = tokio::process::Command::new(std::env::current_exe()?)
        .args(["replay", topic, "--from-seq", &first.to_string()])
        .args([
            "--to-seq",
            &last.to_string(),
            "--server",
            ctx.client.base_url(),
        ])
        .envs(ctx.client.token().map(|token| ("EVBUS_TOKEN", token)))
        .stdout(std::process::Stdio::piped())
        .output()
        .await?;
    let elapsed = started.elapsed().as_secs_f64();
    anyhow::ensure!(output.status.success(), "evbus replay failed");
    let lines = output.stdout.iter().filter(|&&byte| byte == b'\n').count();
    anyhow::ensure!(
        lines == args.replay_events,
        "replay wrote {lines} events, not {}",
        args.replay_events
    );
    Ok(lines as f64 / elapsed)
}

/// Stores `--fill` events in batches, then reports the log size and the server's RSS.
async fn fill(args: &BenchArgs, ctx: &Context) -> anyhow::Result<Vec<(&'static str, f64)>> {
    store(ctx, args, "bench.fill", args.fill).await?;
    let status = ctx.client.status().await?;
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    Ok(vec![
        ("events stored", status.events as f64),
        ("server RSS MiB", mib(status.rss_bytes.unwrap_or(0))),
        ("log MiB", mib(status.log_bytes)),
    ])
}
