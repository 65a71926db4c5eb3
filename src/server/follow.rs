//! `/v1/events/{seq}`: one stored event, its trace, and why a group did or did not get
//! it; `GET /v1/events?id=…` finds one by id.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::error::{ApiError, QueryResult, query};
use crate::api::ErrorCode;
use crate::api::follow::{Trace, Why};
use crate::engine::StoredEvent;

/// The event as the bus holds it, byte for byte, if the caller may see its topic.
fn answer(event: StoredEvent, caller: Option<&Caller>) -> Result<Response, ApiError> {
    if caller.is_some_and(|caller| !caller.may_see(&event.topic)) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "event {} is on '{}', which this token may not subscribe to",
                event.seq, event.topic
            ),
        ));
    }
    Ok(([(CONTENT_TYPE, "application/json")], event.json).into_response())
}

fn seq_of(text: &str) -> Result<u64, ApiError> {
    text.parse().map_err(|_| {
        ApiError::invalid(format!(
            "'{text}' is not a sequence number: find an event by id with GET /v1/events?id=ID"
        ))
    })
}

pub async fn one(
    State(state): State<AppState>,
    Path(seq): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let caller = request.extensions().get::<Caller>().cloned();
    let event = state.bus.event(seq_of(&seq)?).await?;
    answer(event, caller.as_ref())
}

/// `GET /v1/events?id=ID[&source=SOURCE]`, when the query names an id.
pub async fn by_id(
    state: &AppState,
    query: &str,
    caller: Option<Caller>,
) -> Result<Response, ApiError> {
    let (mut id, mut source) = (None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "id" => id = Some(value.into_owned()),
            "source" => source = Some(value.into_owned()),
            other => {
                return Err(ApiError::invalid(format!(
                    "'{other}' does not go with id: find an event with id and source only"
                )));
            }
        }
    }
    let id = id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::invalid("id is empty"))?;
    let event = state.bus.event_by_id(&id, source.as_deref()).await?;
    answer(event, caller.as_ref())
}

pub async fn trace(
    State(state): State<AppState>,
    Path(seq): Path<String>,
) -> Result<Json<Trace>, ApiError> {
    Ok(Json(state.bus.trace(seq_of(&seq)?).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhyQuery {
    group: String,
}

pub async fn why(
    State(state): State<AppState>,
    Path(seq): Path<String>,
    params: QueryResult<WhyQuery>,
) -> Result<Json<Why>, ApiError> {
    let params = query(params)?;
    Ok(Json(state.bus.why(seq_of(&seq)?, &params.group).await?))
}
