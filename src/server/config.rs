//! `/v1/config`: the bus's topology as one document; export it, or plan and apply one.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;

use super::AppState;
use super::error::{ApiError, QueryResult, parse_body, query};
use crate::api::config::{ApplyOptions, BusDocument, Plan};

pub async fn export(State(state): State<AppState>) -> Result<Json<BusDocument>, ApiError> {
    Ok(Json(state.bus.export_config().await?))
}

/// Plans the document against the bus and applies it, unless `dry_run`.
pub async fn apply(
    State(state): State<AppState>,
    options: QueryResult<ApplyOptions>,
    body: Bytes,
) -> Result<Json<Plan>, ApiError> {
    let options = query(options)?;
    let document: BusDocument = parse_body(&body)?;
    Ok(Json(state.bus.apply_config(document, options).await?))
}
