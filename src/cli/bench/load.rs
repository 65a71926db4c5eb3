//! Scenarios that store events: single POSTs (and the bare-handler baseline), batches,
//! whole `evbus emit` processes, and filling the log to read the server's memory.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use super::{BenchArgs, median};
use crate::cli::Context;

/// One structured CloudEvent of about `size` bytes.
pub(super) fn event_body(size: usize, topic: &str, n: usize) -> String {
    keyed_event_body(size, topic, n, None)
}

/// [`event_body`] with the ordering key `kKEY`, if any.
pub(super) fn keyed_event_body(size: usize, topic: &str, n: usize, key: Option<usize>) -> String {
    let key = key.map_or(String::new(), |key| format!(r#""partitionkey":"k{key}","#));
    let head = format!(r#"{{"type":"{topic}",{key}"data":{{"n":{n},"pad":""#);
    let pad = size.saturating_sub(head.len() + 3);
    format!("{head}{}\"}}}}", "x".repeat(pad))
}

/// Runs `clients` tasks at once, each `client(index)`, which does `per_client` of the
/// load's operations; returns operations/s over all of them.
pub(super) async fn spread<F, Fut>(
    clients: usize,
    per_client: usize,
    client: F,
) -> anyhow::Result<f64>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|index| tokio::spawn(client(index)))
        .collect();
    for task in tasks {
        task.await??;
    }
    Ok((per_client * clients) as f64 / started.elapsed().as_secs_f64())
}

/// `clients` tasks share `events` single-event POSTs to `url`; returns events/s.
pub(super) async fn post_load(
    url: &str,
    token: Option<String>,
    args: &BenchArgs,
) -> anyhow::Result<f64> {
    crate::client::install_tls_provider();
    let http = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let target = Arc::new(format!("{url}/v1/events"));
    let per_client = args.events / args.clients.max(1);
    spread(args.clients.max(1), per_client, |client| {
        let (http, target, token, size) = (http.clone(), target.clone(), token.clone(), args.size);
        async move {
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
        }
    })
    .await
}

pub(super) async fn publish(url: &str, args: &BenchArgs, ctx: &Context) -> anyhow::Result<f64> {
    post_load(url, ctx.client.token().map(str::to_owned), args).await
}

/// The HTTP ceiling on this machine: a bare axum handler that parses the JSON and answers
/// 201, loaded exactly like `publish`.
pub(super) async fn baseline(args: &BenchArgs) -> anyhow::Result<f64> {
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

pub(super) async fn batch(args: &BenchArgs, ctx: &Context) -> anyhow::Result<f64> {
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

/// Median wall time of whole `evbus emit` processes against the bus.
pub(super) async fn process(ctx: &Context) -> anyhow::Result<f64> {
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
/// Stores `count` events on `topic` in batches (keyed over `keys` keys, round robin, if
/// any); returns the first one's seq.
pub(super) async fn store(
    ctx: &Context,
    args: &BenchArgs,
    topic: &str,
    count: usize,
    keys: Option<usize>,
) -> anyhow::Result<Option<u64>> {
    let progress = ctx.out.progress(Some(count as u64), "events stored");
    let mut stored = 0;
    let mut first = None;
    while stored < count {
        let chunk = args.batch.min(count - stored).max(1);
        let mut body = Vec::with_capacity(chunk * (args.size + 1));
        for n in 0..chunk {
            let n = stored + n;
            let key = keys.map(|keys| n % keys.max(1));
            body.extend_from_slice(keyed_event_body(args.size, topic, n, key).as_bytes());
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

/// Stores `--fill` events in batches, then reports the log size and the RSS the server
/// settles at.
pub(super) async fn fill(
    args: &BenchArgs,
    ctx: &Context,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    store(ctx, args, "bench.fill", args.fill, None).await?;
    // The size it settles at, holding the events, once its memory upkeep has given back
    // what the load freed.
    tokio::time::sleep(crate::bus::MEMORY_UPKEEP + Duration::from_millis(500)).await;
    let status = ctx.client.status().await?;
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    Ok(vec![
        ("events stored", status.events as f64),
        ("server RSS MiB", mib(status.rss_bytes.unwrap_or(0))),
        ("log MiB", mib(status.log_bytes)),
    ])
}
