//! `/v1/dlq`: list, show, requeue and purge dead letters.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, QueryResult, parse_body, query};
use crate::api::Pattern;
use crate::api::group::{Counted, DeadLetter, DeadLetterIds};
use crate::api::time::parse_since_ms;
use crate::bus::DlqQuery;

/// Most dead letters one list answers; page on with `after`.
pub const MAX_LIST: usize = 1_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    group: Option<String>,
    topic: Option<String>,
    since: Option<String>,
    after: Option<String>,
    limit: Option<usize>,
}

pub async fn list(
    State(state): State<AppState>,
    params: QueryResult<ListQuery>,
) -> Result<Json<Vec<DeadLetter>>, ApiError> {
    let params = query(params)?;
    let topic = params
        .topic
        .as_deref()
        .map(str::parse::<Pattern>)
        .transpose()
        .map_err(ApiError::invalid)?;
    let since_ms = params
        .since
        .as_deref()
        .map(parse_since_ms)
        .transpose()
        .map_err(ApiError::invalid)?;
    let limit = params.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIST {
        return Err(ApiError::invalid(format!(
            "limit must be between 1 and {MAX_LIST}; page on with after=ID"
        )));
    }
    let letters = state
        .bus
        .dead_letters(DlqQuery {
            group: params.group,
            topic,
            since_ms,
            after: params.after,
            limit,
        })
        .await?;
    Ok(Json(letters))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DeadLetter>, ApiError> {
    Ok(Json(state.bus.dead_letter(&id).await?))
}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Counted>, ApiError> {
    let count = state.bus.purge(&[id]).await?;
    Ok(Json(Counted { count }))
}

fn ids(body: &[u8]) -> Result<Vec<String>, ApiError> {
    let ids: DeadLetterIds = parse_body(body)?;
    if ids.ids.is_empty() {
        return Err(ApiError::invalid("no ids: send {\"ids\": [\"01J…\", …]}"));
    }
    Ok(ids.ids)
}

pub async fn requeue(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Counted>, ApiError> {
    let count = state.bus.requeue(&ids(&body)?).await?;
    Ok(Json(Counted { count }))
}

pub async fn purge(State(state): State<AppState>, body: Bytes) -> Result<Json<Counted>, ApiError> {
    let count = state.bus.purge(&ids(&body)?).await?;
    Ok(Json(Counted { count }))
}
