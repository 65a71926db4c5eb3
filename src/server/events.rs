//! `POST /v1/events` (append) and `GET /v1/events` (stream history then live events as
//! Server-Sent Events, or NDJSON).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use serde_json::value::RawValue;

use super::AppState;
use super::auth::{Caller, Permission};
use super::cloudevents::decode;
use super::error::ApiError;
use crate::api::event::{BatchReceipt, Emitted};
use crate::api::time::parse_since_ms;
use crate::api::{ErrorCode, Pattern};
use crate::bus::{
    BusError, End, JqFilter, Start, Subscription, SubscriptionRequest, WhenExhausted,
};
use crate::engine::StoredEvent;

/// Largest request body accepted, whatever the per-event limit (a batch).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// KiB of large bodies read and decoded at once, server-wide. Decoding costs a few
/// times a body's size, so this bounds what batches in flight take together: a large
/// batch waits for room instead of piling up.
pub const BODY_BUDGET_KIB: u32 = 128 * 1024;
/// Bodies up to this size never wait (single events, ordinary batches).
const SMALL_BODY: usize = 1024 * 1024;
/// How long a large body may wait for room, and then how long it may take to arrive.
const BODY_WAIT: Duration = Duration::from_secs(30);

pub async fn post_events(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let max_body = MAX_BODY_BYTES.max(state.bus.config().max_event_size);
    let length = content_length(&parts.headers);
    let _room = room_for_body(&state, length.unwrap_or(max_body)).await?;
    let body = tokio::time::timeout(BODY_WAIT, read_body(body, length, max_body))
        .await
        .map_err(|_| ApiError::invalid("the request body did not arrive in time"))??;
    let decoded = decode(&parts.headers, &body)?;
    drop(body);
    if decoded.events.is_empty() {
        return Err(ApiError::invalid("the request holds no events"));
    }
    if let Some(caller) = parts.extensions.get::<Caller>() {
        for event in &decoded.events {
            if event.topic == crate::bus::INBOX && !caller.full {
                check_reply(&state, caller, event).await?;
            } else {
                caller.require(Permission::Publish(event.topic.as_str()))?;
            }
        }
    }
    let receipts = state.bus.emit(decoded.events).await?;
    if decoded.batch {
        let duplicates = receipts.iter().filter(|receipt| receipt.duplicate).count();
        let body = BatchReceipt {
            accepted: receipts.len() - duplicates,
            duplicates,
            results: receipts,
        };
        return Ok((StatusCode::CREATED, axum::Json(body)).into_response());
    }
    let receipt = receipts.into_iter().next().expect("one event, one receipt");
    let stored = state.bus.get(receipt.seq).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("event {} vanished after its append", receipt.seq),
        )
    })?;
    let event: &RawValue = serde_json::from_slice(&stored.json)
        .map_err(|err| ApiError::new(ErrorCode::Internal, err.to_string()))?;
    let status = if receipt.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, axum::Json(Emitted { receipt, event })).into_response())
}

/// A reply to a synchronous request, from a token with scoped rights: it must name its
/// request (`requestseq`, as `evbus reply` does) and may be sent only by a token allowed
/// to consume a group that receives the request's topic. Nobody else can answer for a
/// responder, whatever they may publish.
async fn check_reply(
    state: &AppState,
    caller: &Caller,
    reply: &crate::api::Event,
) -> Result<(), ApiError> {
    let forbidden = |why: String| Err(ApiError::new(ErrorCode::Forbidden, why));
    let Some(topic) = state.bus.request_answered_by(reply).await? else {
        return forbidden(format!(
            "an event on {} answers a request: it needs {} naming the request's seq and the request's correlationid (evbus reply sets both)",
            crate::bus::INBOX,
            crate::bus::REQUEST_SEQ
        ));
    };
    for group in state.bus.list_groups().await? {
        let receives = group
            .pattern
            .parse::<Pattern>()
            .is_ok_and(|pattern| pattern.matches(&topic));
        if receives && caller.rights.may_consume(&group.name) {
            return Ok(());
        }
    }
    forbidden(format!(
        "token '{}' may not answer a request on '{topic}': it lacks consume on a group that receives it",
        caller.token.as_deref().unwrap_or("")
    ))
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
}

/// The whole body, at most `max` bytes, in one buffer of the size it announced.
async fn read_body(body: Body, length: Option<usize>, max: usize) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the request body is over {max} bytes: send smaller batches"),
        )
    };
    if length.is_some_and(|length| length > max) {
        return Err(too_large());
    }
    let mut buffer = bytes::BytesMut::with_capacity(length.unwrap_or(0));
    let mut chunks = body.into_data_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk =
            chunk.map_err(|err| ApiError::invalid(format!("cannot read the body: {err}")))?;
        if buffer.len() + chunk.len() > max {
            return Err(too_large());
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.freeze())
}

/// A large body's share of the body budget. Dropping it gives the heap the request
/// freed back to the system: glibc keeps freed memory for reuse, so a few large
/// batches would otherwise leave the server at their peak.
struct Room<'a> {
    _permit: tokio::sync::SemaphorePermit<'a>,
}

impl Drop for Room<'_> {
    fn drop(&mut self) {
        tokio::task::spawn_blocking(crate::bus::give_back_memory);
    }
}

/// Room for a body of `length` bytes; `None` for a small one, which never waits.
async fn room_for_body(state: &AppState, length: usize) -> Result<Option<Room<'_>>, ApiError> {
    if length <= SMALL_BODY {
        return Ok(None);
    }
    let kib = u32::try_from(length.div_ceil(1024))
        .unwrap_or(u32::MAX)
        .min(BODY_BUDGET_KIB);
    match tokio::time::timeout(BODY_WAIT, state.bodies.acquire_many(kib)).await {
        Ok(Ok(permit)) => Ok(Some(Room { _permit: permit })),
        _ => Err(ApiError::new(
            ErrorCode::Unavailable,
            "the bus is busy taking other large batches: retry, or send smaller ones",
        )),
    }
}

/// The reader's query: `topic` (repeatable or comma-separated), `from_seq`, `from_start`,
/// `since` (duration or RFC 3339), `filter` (jq), and for a bounded read `to_seq` or
/// `until`. `Last-Event-ID` resumes after that seq.
pub fn parse_stream_query(
    query: &str,
    headers: &HeaderMap,
) -> Result<SubscriptionRequest, ApiError> {
    let mut patterns = Vec::new();
    let mut starts = Vec::new();
    let mut filter = None;
    let mut ends = Vec::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "topic" | "pattern" => {
                for text in value.split(',').filter(|text| !text.is_empty()) {
                    patterns.push(text.parse::<Pattern>().map_err(ApiError::invalid)?);
                }
            }
            "from_seq" => starts.push(Start::Seq(value.parse().map_err(|_| {
                ApiError::invalid(format!("from_seq '{value}' is not a sequence number"))
            })?)),
            "from_start" if value != "false" => starts.push(Start::Beginning),
            "from_start" => {}
            "since" => starts.push(Start::Time(
                parse_since_ms(&value).map_err(ApiError::invalid)?,
            )),
            "filter" => filter = Some(JqFilter::compile(&value).map_err(ApiError::invalid)?),
            "to_seq" => ends.push(End::Seq(value.parse().map_err(|_| {
                ApiError::invalid(format!("to_seq '{value}' is not a sequence number"))
            })?)),
            "until" => ends.push(End::Time(
                parse_since_ms(&value).map_err(ApiError::invalid)?,
            )),
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown query parameter '{other}': use topic, since, from_seq, from_start, filter, to_seq or until"
                )));
            }
        }
    }
    if ends.len() > 1 {
        return Err(ApiError::invalid("give one of to_seq and until"));
    }
    if starts.len() > 1 {
        return Err(ApiError::invalid(
            "give one of since, from_seq and from_start",
        ));
    }
    let mut start = starts.pop().unwrap_or(Start::Now);
    if let Some(last_id) = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
    {
        let seq: u64 = last_id.trim().parse().map_err(|_| {
            ApiError::invalid(format!(
                "Last-Event-ID '{last_id}' is not a sequence number"
            ))
        })?;
        start = Start::Seq(seq + 1);
    }
    Ok(SubscriptionRequest {
        patterns,
        filter,
        when_exhausted: WhenExhausted::Fail,
        start,
        end: ends.pop(),
    })
}

pub async fn get_events(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let query = request.uri().query().unwrap_or("");
    if form_urlencoded::parse(query.as_bytes()).any(|(key, _)| key == "id") {
        let caller = request.extensions().get::<Caller>().cloned();
        return super::follow::by_id(&state, query, caller).await;
    }
    let subscription_request = parse_stream_query(query, request.headers())?;
    let wants_ndjson = request
        .headers()
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/x-ndjson"));
    let open = state
        .bus
        .counters()
        .open_streams
        .load(std::sync::atomic::Ordering::Relaxed);
    if open >= state.max_streams {
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            format!(
                "the bus has {open} streams open, its limit (a tenth of serve --max-connections stays for other requests): retry later"
            ),
        ));
    }
    if let Some(filter) = &subscription_request.filter {
        filter.try_on_sample().await.map_err(ApiError::invalid)?;
    }
    let subscription = state.bus.subscribe(subscription_request).await?;
    // A token sees only the topics it may subscribe to, whatever its patterns ask for.
    let caller = request
        .extensions()
        .get::<Caller>()
        .filter(|caller| !caller.full)
        .cloned();
    let pages = into_pages(subscription).map(move |page| {
        page.map(|mut page| {
            if let Some(caller) = &caller {
                page.retain(|event| caller.may_see(&event.topic));
            }
            page
        })
    });
    if wants_ndjson {
        // One chunk per page: a replay of history goes out in large writes. A read that
        // fails (a filter over its budget) ends with one `{"error": …}` line.
        let chunks = pages.map(|page| {
            let chunk = match page {
                Ok(page) => {
                    let size = page.iter().map(|event| event.json.len() + 1).sum();
                    let mut chunk = Vec::with_capacity(size);
                    for event in &page {
                        chunk.extend_from_slice(&event.json);
                        chunk.push(b'\n');
                    }
                    chunk
                }
                Err(err) => format!("{}\n", error_body(err)).into_bytes(),
            };
            Ok::<_, Infallible>(Bytes::from(chunk))
        });
        return Ok((
            [(CONTENT_TYPE, "application/x-ndjson")],
            Body::from_stream(chunks),
        )
            .into_response());
    }
    let sse_events = pages.flat_map(|page| {
        let events: Vec<SseEvent> = match page {
            Ok(page) => page
                .iter()
                .map(|event| {
                    let data = String::from_utf8_lossy(&event.json).into_owned();
                    SseEvent::default().id(event.seq.to_string()).data(data)
                })
                .collect(),
            Err(err) => vec![SseEvent::default().event("error").data(error_body(err))],
        };
        futures_util::stream::iter(events.into_iter().map(Ok::<_, Infallible>))
    });
    Ok(Sse::new(sse_events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

/// What a stream that `err` ended says last, as in any error response.
pub(super) fn error_body(err: BusError) -> String {
    serde_json::to_string(&ApiError::from(err).body()).expect("an error body serializes")
}

/// Pages of matching events; ends at shutdown, at the end of a bounded read, or after a
/// read error (the last item; the client resumes by seq).
fn into_pages(
    subscription: Subscription,
) -> impl Stream<Item = Result<Vec<StoredEvent>, BusError>> + Send {
    futures_util::stream::unfold(Some(subscription), |subscription| async move {
        let mut subscription = subscription?;
        match subscription.next_page().await? {
            Ok(page) => Some((Ok(page), Some(subscription))),
            Err(err) => {
                tracing::warn!(error = %err, "a stream ended on a read error");
                Some((Err(err), None))
            }
        }
    })
}
