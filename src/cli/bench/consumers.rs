//! Scenarios that take events out: emit-to-tail latency, group members pulling and
//! acking, request/reply round trips, and a whole `evbus replay` process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures_util::StreamExt;

use super::BenchArgs;
use super::load::{event_body, store};
use crate::cli::Context;
use crate::client::TailQuery;

/// Emits at a steady rate on a fresh topic while a tail reads it; latency is from the
/// start of the POST to the event's arrival at the tail.
pub(super) async fn latency(
    args: &BenchArgs,
    ctx: &Context,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
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

/// Stores `--group-events` events on a fresh topic, then times `--members` members of a
/// new group pulling `--fetch` at a time and acking each pull, until all are completed.
/// `ordered`: the events are keyed over `--keys` keys and the group is ordered.
pub(super) async fn group(args: &BenchArgs, ctx: &Context, ordered: bool) -> anyhow::Result<f64> {
    use crate::api::group::{GroupSpec, Settlement};
    let name = format!("bench-{}", crate::bus::ids::new_ulid().to_lowercase());
    let topic = format!("bench.group.{}", name.trim_start_matches("bench-"));
    // Start the group at its own events, not at the start of a log earlier runs filled.
    let keys = ordered.then_some(args.keys as usize);
    let first = store(ctx, args, &topic, args.group_events, keys).await?;
    ctx.client
        .create_group(&GroupSpec {
            name: name.clone(),
            pattern: topic,
            start: Some(first.map_or("beginning".into(), |seq| seq.to_string())),
            ordered,
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
pub(super) async fn request(
    args: &BenchArgs,
    ctx: &Context,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
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
pub(super) async fn replay(
    args: &BenchArgs,
    ctx: &Context,
    slice: &mut Option<(String, u64)>,
) -> anyhow::Result<f64> {
    if slice.is_none() {
        let topic = format!(
            "bench.replay.{}",
            crate::bus::ids::new_ulid().to_lowercase()
        );
        let first = store(ctx, args, &topic, args.replay_events, None)
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
