//! `/v1/snapshot`: the whole bus as NDJSON (`api::snapshot`); save it, or load one into
//! an empty bus.

use std::convert::Infallible;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::AppState;
use super::error::ApiError;
use super::events::error_body;
use crate::api::ErrorCode;
use crate::api::snapshot::Counts;

/// Events read per page while saving.
const PAGE: usize = 1_000;
/// Largest snapshot a load takes: it is read whole and checked before anything changes.
pub const MAX_SNAPSHOT_BYTES: usize = 512 * 1024 * 1024;

/// The snapshot, streamed: the header and the bus's state, then the log's events up to
/// the last one when the state was read. A read that fails ends the stream with one
/// `{"error": …}` line, which no load accepts.
pub async fn save(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (lines, last) = state.bus.snapshot_state().await?;
    let mut head = Vec::new();
    for line in &lines {
        serde_json::to_writer(&mut head, line).expect("snapshot lines serialize");
        head.push(b'\n');
    }
    let bus = state.bus.clone();
    let events = futures_util::stream::unfold(Some(1), move |from| {
        let bus = bus.clone();
        async move {
            let from = from.filter(|from| *from <= last)?;
            match bus.read(from, PAGE).await {
                Ok(page) => {
                    let page: Vec<_> = page.into_iter().filter(|event| event.seq <= last).collect();
                    let next = page.last().map(|event| event.seq + 1);
                    let mut chunk = Vec::new();
                    for event in &page {
                        chunk.extend_from_slice(b"{\"event\":");
                        chunk.extend_from_slice(&event.json);
                        chunk.extend_from_slice(b"}\n");
                    }
                    Some((chunk, next))
                }
                Err(err) => Some((format!("{}\n", error_body(err)).into_bytes(), None)),
            }
        }
    });
    let body = futures_util::stream::once(async move { head })
        .chain(events)
        .map(|chunk| Ok::<_, Infallible>(Bytes::from(chunk)));
    Ok((
        [(CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(body),
    )
        .into_response())
}

/// Loads the snapshot in the body into this bus, which must be empty; the same snapshot
/// again changes nothing.
pub async fn load(State(state): State<AppState>, body: Body) -> Result<Json<Counts>, ApiError> {
    let body = axum::body::to_bytes(body, MAX_SNAPSHOT_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "a snapshot to load may be at most {} MiB",
                    MAX_SNAPSHOT_BYTES >> 20
                ),
            )
        })?;
    Ok(Json(state.bus.load_snapshot(&body).await?))
}
