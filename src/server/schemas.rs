//! `/v1/schemas`: add, replace, list, show and remove the contracts events' data must meet.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, parse_body};
use crate::api::schema::{SchemaInfo, SchemaSpec};

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<SchemaInfo>>, ApiError> {
    Ok(Json(state.bus.list_schemas().await?))
}

pub async fn add(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: SchemaSpec = parse_body(&body)?;
    let info = state.bus.put_schema(spec, false).await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

/// Adds or replaces the schema `name`; the body's `name`, when given, must be the same.
pub async fn replace(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Json<SchemaInfo>, ApiError> {
    let spec: SchemaSpec = parse_body(&body)?;
    if spec.name != name {
        return Err(ApiError::invalid(format!(
            "the body names schema '{}', the path '{name}': they must be the same",
            spec.name
        )));
    }
    Ok(Json(state.bus.put_schema(spec, true).await?))
}

pub async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<SchemaInfo>, ApiError> {
    Ok(Json(state.bus.schema(&name).await?))
}

pub async fn remove(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<SchemaInfo>, ApiError> {
    Ok(Json(state.bus.remove_schema(&name).await?))
}
