//! `/v1/dlq`: list, show, requeue and purge dead letters.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, QueryResult, parse_body, query};
use crate::api::Pattern;
use crate::api::dead_letter::{Counted, DeadLetter, DeadLetterIds, DlqSummaryRow, Requeue};
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
    error: Option<String>,
    after: Option<String>,
    limit: Option<usize>,
}

impl ListQuery {
    /// The bus's query, at most `limit` letters.
    fn selection(self, limit: usize) -> Result<DlqQuery, ApiError> {
        let topic = self
            .topic
            .as_deref()
            .map(str::parse::<Pattern>)
            .transpose()
            .map_err(ApiError::invalid)?;
        let since_ms = self
            .since
            .as_deref()
            .map(parse_since_ms)
            .transpose()
            .map_err(ApiError::invalid)?;
        Ok(DlqQuery {
            group: self.group,
            topic,
            since_ms,
            error: self.error.filter(|text| !text.is_empty()),
            after: self.after,
            limit,
        })
    }
}

pub async fn list(
    State(state): State<AppState>,
    params: QueryResult<ListQuery>,
) -> Result<Json<Vec<DeadLetter>>, ApiError> {
    let params = query(params)?;
    let limit = params.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIST {
        return Err(ApiError::invalid(format!(
            "limit must be between 1 and {MAX_LIST}; page on with after=ID"
        )));
    }
    let letters = state.bus.dead_letters(params.selection(limit)?).await?;
    Ok(Json(letters))
}

/// Dead letters counted by group, reason and error (`evbus dlq summary`).
pub async fn summary(
    State(state): State<AppState>,
    params: QueryResult<ListQuery>,
) -> Result<Json<Vec<DlqSummaryRow>>, ApiError> {
    let params = query(params)?;
    if params.limit.is_some() {
        return Err(ApiError::invalid(
            "a summary counts every dead letter: drop limit",
        ));
    }
    let rows = state.bus.dlq_summary(params.selection(usize::MAX)?).await?;
    Ok(Json(rows))
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
    Ok(Json(state.bus.purge(&[id], false).await?))
}

fn no_ids() -> ApiError {
    ApiError::invalid("no ids: send {\"ids\": [\"01J…\", …]}")
}

pub async fn requeue(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Counted>, ApiError> {
    let request: Requeue = parse_body(&body)?;
    if request.ids.is_empty() {
        return Err(no_ids());
    }
    Ok(Json(state.bus.requeue(request).await?))
}

pub async fn purge(State(state): State<AppState>, body: Bytes) -> Result<Json<Counted>, ApiError> {
    let request: DeadLetterIds = parse_body(&body)?;
    if request.ids.is_empty() {
        return Err(no_ids());
    }
    Ok(Json(state.bus.purge(&request.ids, request.dry_run).await?))
}
