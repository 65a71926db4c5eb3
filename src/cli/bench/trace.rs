//! The trace scenario: how long `GET /v1/events/{seq}/trace` takes on a big log.

use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::BenchArgs;
use super::load::store;
use crate::api::group::{GroupSpec, Settlement};
use crate::cli::Context;

/// Traces timed per run.
const TRACES: usize = 100;
/// Events caused by the root, and by each of them.
const FAN_OUT: usize = 5;

/// On the first run, stores `--trace-events` events and, among the last, a small tree
/// (a root, events it caused, events those caused), each delivered to a group and
/// acked; each run then times [`TRACES`] traces of the root. Returns p50 and p99 in ms.
pub(super) async fn trace(
    args: &BenchArgs,
    ctx: &Context,
    root: &mut Option<u64>,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    if root.is_none() {
        *root = Some(plant(args, ctx).await?);
    }
    let seq = root.expect("planted above");
    let mut times = Vec::with_capacity(TRACES);
    for _ in 0..TRACES {
        let started = Instant::now();
        let trace = ctx.client.trace(seq).await?;
        times.push(started.elapsed().as_secs_f64() * 1_000.0);
        anyhow::ensure!(
            trace.tree.children.len() == FAN_OUT,
            "the trace shows {} events caused by the root, not {FAN_OUT}",
            trace.tree.children.len()
        );
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    Ok(vec![("p50 ms", at(0.50)), ("p99 ms", at(0.99))])
}

/// Fills the log and puts the tree at its end; the root's seq.
async fn plant(args: &BenchArgs, ctx: &Context) -> anyhow::Result<u64> {
    let run = crate::bus::ids::new_ulid().to_lowercase();
    store(
        ctx,
        args,
        &format!("bench.trace.fill.{run}"),
        args.trace_events,
        None,
    )
    .await?;
    let topic = format!("bench.trace.{run}");
    let group = format!("bench-trace-{run}");
    ctx.client
        .create_group(&GroupSpec {
            name: group.clone(),
            pattern: topic.clone(),
            start: Some("beginning".into()),
            ..GroupSpec::default()
        })
        .await?;
    let emit = |id: String, cause: Option<String>| {
        let mut event = serde_json::json!({"type": topic, "id": id, "source": "bench", "data": {}});
        if let Some(cause) = cause {
            event["causationid"] = cause.into();
        }
        serde_json::to_vec(&event).expect("serializes")
    };
    let root_id = format!("root-{run}");
    let root = ctx
        .client
        .emit(emit(root_id.clone(), None))
        .await?
        .receipt
        .seq;
    let mut planted = 1;
    for child in 0..FAN_OUT {
        let child_id = format!("{root_id}-{child}");
        ctx.client
            .emit(emit(child_id.clone(), Some(root_id.clone())))
            .await?;
        for grandchild in 0..FAN_OUT {
            let id = format!("{child_id}-{grandchild}");
            ctx.client.emit(emit(id, Some(child_id.clone()))).await?;
        }
        planted += 1 + FAN_OUT;
    }
    // Deliver and ack each, so the trace has steps to read.
    let mut acked = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked < planted {
        anyhow::ensure!(
            Instant::now() < deadline,
            "the tree's events were not delivered"
        );
        let pulled = ctx
            .client
            .pull(&group, "bench", 100, Duration::from_secs(1))
            .await?;
        let receipts: Vec<String> = pulled.deliveries.into_iter().map(|d| d.receipt).collect();
        if receipts.is_empty() {
            continue;
        }
        acked += receipts.len();
        ctx.client
            .settle(&group, "bench", receipts, &Settlement::Ack)
            .await
            .context("cannot ack the tree's events")?;
    }
    Ok(root)
}
