//! `/v1/schedules`: make, list, show and cancel scheduled events.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, parse_body};
use crate::api::schedule::{ScheduleInfo, ScheduleSpec};

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<ScheduleInfo>>, ApiError> {
    Ok(Json(state.bus.list_schedules().await?))
}

/// 201 for a new schedule; 200 with `"duplicate": true` for one already made with the
/// same `source` and `id`.
pub async fn create(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: ScheduleSpec = parse_body(&body)?;
    let info = state.bus.create_schedule(spec).await?;
    let status = if info.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(info)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleInfo>, ApiError> {
    Ok(Json(state.bus.schedule(&id).await?))
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleInfo>, ApiError> {
    Ok(Json(state.bus.cancel_schedule(&id).await?))
}
