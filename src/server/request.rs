//! `POST /v1/request`: emit a request event and wait for its reply.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::{Caller, Permission};
use super::cloudevents::decode;
use super::error::{ApiError, QueryResult, query};
use crate::api::time::parse_duration;

/// Longest a request waits for its reply.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request body: one event.
const MAX_BODY: usize = 16 * 1024 * 1024;

#[derive(Deserialize)]
pub struct RequestQuery {
    timeout: Option<String>,
}

/// The request is one event (structured or binary mode); the answer is the reply event.
pub async fn request(
    State(state): State<AppState>,
    params: QueryResult<RequestQuery>,
    request: Request,
) -> Result<Response, ApiError> {
    let timeout = match query(params)?.timeout {
        Some(text) => parse_duration(&text).map_err(ApiError::invalid)?,
        None => DEFAULT_TIMEOUT,
    };
    if timeout > MAX_TIMEOUT || timeout.is_zero() {
        return Err(ApiError::invalid(
            "timeout must be above zero and at most 60s",
        ));
    }
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::invalid("the request body is too large for one event"))?;
    let decoded = decode(&parts.headers, &body)?;
    let [event] = <[_; 1]>::try_from(decoded.events)
        .map_err(|_| ApiError::invalid("a request is exactly one event"))?;
    if let Some(caller) = parts.extensions.get::<Caller>() {
        caller.require(Permission::SubscribeTo(event.topic.as_str()))?;
    }
    let reply = state.bus.request(event, timeout).await?;
    Ok(([(CONTENT_TYPE, "application/cloudevents+json")], reply.json).into_response())
}
