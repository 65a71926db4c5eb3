//! `/v1/groups`: create, list, show, delete and reset groups; pull, ack, nack, reject and
//! extend deliveries; members leaving.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, QueryResult, parse_body, query};
use crate::api::ErrorCode;
use crate::api::group::{GroupInfo, GroupSpec, Settle, Settled};
use crate::api::time::{format_rfc3339_ms, parse_duration};
use crate::bus::groups::{Leased, Settlement};

/// Most deliveries one pull hands out.
pub const MAX_PULL: usize = 1_000;
/// Longest a pull waits for its first delivery.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<GroupInfo>>, ApiError> {
    Ok(Json(state.bus.list_groups().await?))
}

pub async fn create(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: GroupSpec = parse_body(&body)?;
    let info = state.bus.create_group(spec).await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<GroupInfo>, ApiError> {
    Ok(Json(state.bus.group(&name).await?))
}

pub async fn delete(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.bus.delete_group(&name).await?;
    Ok(Json(serde_json::json!({ "deleted": name })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    to: String,
}

pub async fn reset(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Json<GroupInfo>, ApiError> {
    let reset: ResetBody = parse_body(&body)?;
    Ok(Json(state.bus.reset_group(&name, &reset.to).await?))
}

pub async fn rotate_secret(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Json<crate::api::group::Rotated>, ApiError> {
    let rotate: crate::api::group::Rotate = if body.is_empty() {
        Default::default()
    } else {
        parse_body(&body)?
    };
    Ok(Json(state.bus.rotate_secret(&name, &rotate).await?))
}

#[derive(Deserialize)]
pub struct PullQuery {
    member: Option<String>,
    max: Option<usize>,
    wait: Option<String>,
}

#[derive(Deserialize)]
pub struct MemberQuery {
    member: Option<String>,
}

pub async fn pull(
    State(state): State<AppState>,
    Path(name): Path<String>,
    params: QueryResult<PullQuery>,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let max = params.max.unwrap_or(10);
    if max == 0 || max > MAX_PULL {
        return Err(ApiError::invalid(format!(
            "max must be between 1 and {MAX_PULL}"
        )));
    }
    let wait = match &params.wait {
        Some(text) => parse_duration(text).map_err(ApiError::invalid)?,
        None => Duration::ZERO,
    };
    if wait > MAX_WAIT {
        return Err(ApiError::invalid(
            "wait must be at most 60s; pull again to wait longer",
        ));
    }
    let member = params.member.as_deref().unwrap_or("anonymous");
    let leased = state.bus.pull(&name, member, max, wait).await?;
    Ok((
        [(CONTENT_TYPE, "application/json")],
        deliveries_json(&leased),
    )
        .into_response())
}

/// `{"deliveries":[…]}`, written directly: the events are already JSON, and a pull of a
/// thousand should not parse and re-encode them.
fn deliveries_json(leased: &[Leased]) -> Vec<u8> {
    let size: usize = leased.iter().map(|lease| lease.event.json.len() + 96).sum();
    let mut out = Vec::with_capacity(size + 20);
    out.extend_from_slice(b"{\"deliveries\":[");
    // One pull's leases mostly share their end: format it once.
    let mut expires = (i64::MIN, String::new());
    for (index, lease) in leased.iter().enumerate() {
        if expires.0 != lease.due_ms {
            expires = (lease.due_ms, format_rfc3339_ms(lease.due_ms));
        }
        if index > 0 {
            out.push(b',');
        }
        // Receipts are digits and a dot; times are RFC 3339: neither needs escaping.
        out.extend_from_slice(
            format!(
                "{{\"receipt\":\"{}\",\"attempt\":{},\"lease_expires\":\"{}\",\"event\":",
                lease.receipt, lease.attempt, expires.1
            )
            .as_bytes(),
        );
        out.extend_from_slice(&lease.event.json);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// `POST /v1/groups/{name}/{ack|nack|reject|extend}`: one handler, as the four differ
/// only in what they do to each receipt.
pub async fn settle(
    State(state): State<AppState>,
    Path((name, action)): Path<(String, String)>,
    params: QueryResult<MemberQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let member = query(params)?.member;
    let request: Settle = parse_body(&body)?;
    if request.receipts.is_empty() {
        return Err(ApiError::invalid(
            "no receipts: send {\"receipts\": [\"42.1\", …]}",
        ));
    }
    let how = match Settlement::from_body(&action, &request) {
        Some(how) => how.map_err(ApiError::invalid)?,
        None => {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no action '{action}' on a group: use ack, nack, reject or extend"),
            ));
        }
    };
    let (settled, until) = state
        .bus
        .settle(&name, member.as_deref(), &request.receipts, &how)
        .await?;
    let mut body = serde_json::to_value(Settled { settled }).expect("serializes");
    if let Some(until) = until {
        body["lease_expires"] = format_rfc3339_ms(until).into();
    }
    Ok(Json(body).into_response())
}

pub async fn leave(
    State(state): State<AppState>,
    Path((name, member)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.bus.leave_group(&name, &member).await?;
    Ok(Json(serde_json::json!({ "left": member })))
}

pub async fn pause(
    state: State<AppState>,
    name: Path<String>,
) -> Result<Json<GroupInfo>, ApiError> {
    set_paused(state, name, true).await
}

pub async fn resume(
    state: State<AppState>,
    name: Path<String>,
) -> Result<Json<GroupInfo>, ApiError> {
    set_paused(state, name, false).await
}

async fn set_paused(
    State(state): State<AppState>,
    Path(name): Path<String>,
    paused: bool,
) -> Result<Json<GroupInfo>, ApiError> {
    let reason = if paused {
        "paused by request"
    } else {
        "resumed by request"
    };
    Ok(Json(
        state.bus.set_paused(&name, paused, false, reason).await?,
    ))
}
