//! `/v1/replays`: replay jobs (plan, start, list, show, cancel, resume).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, parse_body};
use crate::api::replay::{ReplayInfo, ReplayRequest};

/// A dry run answers the plan (200); otherwise the job starts (201).
pub async fn create(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let request: ReplayRequest = parse_body(&body)?;
    if request.dry_run {
        return Ok(Json(state.bus.plan_replay(&request).await?).into_response());
    }
    let info = state.bus.start_replay(request).await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<ReplayInfo>>, ApiError> {
    Ok(Json(state.bus.list_replays().await?))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReplayInfo>, ApiError> {
    Ok(Json(state.bus.replay_info(&id).await?))
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReplayInfo>, ApiError> {
    Ok(Json(state.bus.cancel_replay(&id).await?))
}

pub async fn resume(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReplayInfo>, ApiError> {
    Ok(Json(state.bus.resume_replay(&id).await?))
}
