//! `GET /healthz`, `GET /metrics`, `GET /v1/status`, `GET /v1/topics`,
//! `GET /v1/openapi.json`.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::api::status::{CallerInfo, Status, TopicInfo};

/// The OpenAPI document; `tests` check it names every route the router serves.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Below this much free space under the data dir, appends are about to fail.
const MIN_FREE_BYTES: u64 = 16 << 20;

/// `ok` while the bus can take events; `503 degraded` with what is wrong when the disk
/// under its data dir is (nearly) full or it is shutting down.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let free = state
        .bus
        .engine()
        .data_dir()
        .and_then(|dir| crate::bus::health::disk_free(dir).map(|free| (dir.to_owned(), free)));
    let stopping = *state.bus.shutdown_signal().borrow();
    let problems = health_problems(
        free.as_ref().map(|(dir, free)| (dir.as_path(), *free)),
        stopping,
    );
    if problems.is_empty() {
        return Json(serde_json::json!({ "status": "ok" })).into_response();
    }
    let body = serde_json::json!({ "status": "degraded", "problems": problems });
    (axum::http::StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
}

fn health_problems(free: Option<(&std::path::Path, u64)>, stopping: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some((dir, free)) = free
        && free < MIN_FREE_BYTES
    {
        problems.push(format!(
            "{free} bytes free under {}: appends fail until space is freed",
            dir.display()
        ));
    }
    if stopping {
        problems.push("the bus is shutting down".to_owned());
    }
    problems
}

/// The bus's figures, and who is asking with what rights.
pub async fn status(
    State(state): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
) -> Result<Json<Status>, ApiError> {
    let mut status = state.bus.status().await?;
    status.caller = caller.map(|axum::Extension(caller)| CallerInfo {
        token: caller.token.as_deref().map(str::to_owned),
        rights: (*caller.rights).clone(),
    });
    Ok(Json(status))
}

pub async fn topics(State(state): State<AppState>) -> Result<Json<Vec<TopicInfo>>, ApiError> {
    Ok(Json(state.bus.topics().await?))
}

pub async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let bus = &state.bus;
    let counters = bus.counters();
    let status = bus.status().await?;
    let mut text = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, value: u64| {
        let _ = writeln!(
            text,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    };
    metric(
        "evbus_events_appended_total",
        "counter",
        "Events appended to the log since start.",
        counters.events_appended.load(Ordering::Relaxed),
    );
    metric(
        "evbus_bytes_appended_total",
        "counter",
        "Bytes of events appended since start.",
        counters.bytes_appended.load(Ordering::Relaxed),
    );
    metric(
        "evbus_duplicates_total",
        "counter",
        "Emits recognised as duplicates within the dedup window.",
        counters.duplicates.load(Ordering::Relaxed),
    );
    metric(
        "evbus_open_streams",
        "gauge",
        "Open event streams (tails).",
        status.open_streams,
    );
    metric(
        "evbus_log_events",
        "gauge",
        "Events stored in the log.",
        status.events,
    );
    metric(
        "evbus_log_bytes",
        "gauge",
        "Bytes of events stored in the log.",
        status.log_bytes,
    );
    if let Some(rss) = status.rss_bytes {
        metric(
            "evbus_resident_memory_bytes",
            "gauge",
            "Resident memory of the server.",
            rss,
        );
    }
    if let Some(free) = bus
        .engine()
        .data_dir()
        .and_then(crate::bus::health::disk_free)
    {
        metric(
            "evbus_disk_free_bytes",
            "gauge",
            "Free space under the data dir.",
            free,
        );
    }
    // Per group, the figures `$evbus.health` carries.
    let groups = bus.list_groups().await?;
    type Figure = fn(&crate::api::group::GroupInfo) -> u64;
    let per_group: [(&str, &str, Figure); 4] = [
        (
            "evbus_group_lag",
            "Log events after the group's cursor.",
            |g| g.lag,
        ),
        (
            "evbus_group_pending",
            "Failed deliveries waiting for their retry.",
            |g| g.pending,
        ),
        ("evbus_group_in_flight", "Leased deliveries.", |g| {
            g.in_flight
        }),
        (
            "evbus_group_dead_letters",
            "Dead letters of the group.",
            |g| g.dead,
        ),
    ];
    for (name, help, value) in per_group {
        let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} gauge");
        for group in &groups {
            let _ = writeln!(text, "{name}{{group=\"{}\"}} {}", group.name, value(group));
        }
    }
    bus.engine().commit_latency().render(
        "evbus_commit_seconds",
        "Time one group commit took, fsync included.",
        &mut text,
    );
    Ok(([(CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_or_a_shutdown_is_degraded() {
        let dir = std::path::Path::new("/data");
        assert!(health_problems(Some((dir, 1 << 30)), false).is_empty());
        assert!(health_problems(None, false).is_empty());
        let full = health_problems(Some((dir, 4096)), false);
        assert_eq!(
            full,
            ["4096 bytes free under /data: appends fail until space is freed"]
        );
        assert_eq!(health_problems(None, true), ["the bus is shutting down"]);
    }
}
