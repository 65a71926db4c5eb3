//! `/v1/routes`: add, list and remove routes.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, parse_body};
use crate::api::route::{RouteInfo, RouteSpec};

pub async fn list(State(state): State<AppState>) -> Json<Vec<RouteInfo>> {
    Json(state.bus.list_routes())
}

pub async fn add(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: RouteSpec = parse_body(&body)?;
    let info = state.bus.add_route(spec).await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.bus.remove_route(&name).await?;
    Ok(Json(serde_json::json!({ "removed": name })))
}
