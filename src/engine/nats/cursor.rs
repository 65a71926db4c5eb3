//! Reading a stream in order from a position: an ephemeral pull consumer that acks
//! nothing, fetched a page at a time. JetStream forgets it once it sits idle.

use std::time::Duration;

use async_nats::jetstream::consumer::{self, AckPolicy, DeliverPolicy, PullConsumer};
use async_nats::jetstream::{self, stream::Stream};
use futures_util::StreamExt as _;

use super::unavailable;
use crate::engine::{EngineError, EngineResult};

/// How long an idle cursor lives on the server.
const IDLE: Duration = Duration::from_secs(30);
/// How long a fetch of what is there now may go unanswered.
const FETCH_DEADLINE: Duration = Duration::from_secs(5);
/// Most bytes one page carries, whatever its count: big events make short pages.
const MAX_PAGE_BYTES: usize = 8 << 20;

pub struct Cursor {
    consumer: PullConsumer,
    /// The stream seq the next page starts at (as far as this cursor knows).
    pub next: u64,
}

impl Cursor {
    /// A cursor over `filter` from `start` on; `headers_only` leaves payloads on the server.
    pub async fn open(
        stream: &Stream,
        filter: &str,
        start: DeliverPolicy,
        headers_only: bool,
    ) -> EngineResult<Self> {
        let next = match start {
            DeliverPolicy::ByStartSequence { start_sequence } => start_sequence,
            _ => 0,
        };
        let consumer = stream
            .create_consumer(consumer::pull::Config {
                deliver_policy: start,
                ack_policy: AckPolicy::None,
                filter_subject: filter.to_owned(),
                headers_only,
                inactive_threshold: IDLE,
                memory_storage: true,
                ..Default::default()
            })
            .await
            .map_err(unavailable)?;
        Ok(Self { consumer, next })
    }

    /// Up to `max` messages that are there now (no waiting for new ones).
    pub async fn page(&mut self, max: usize) -> EngineResult<Vec<jetstream::Message>> {
        let page = fetch_now(&self.consumer, max, Some(MAX_PAGE_BYTES)).await?;
        if let Some(info) = page.last().and_then(|message| message.info().ok()) {
            self.next = info.stream_sequence + 1;
        }
        Ok(page)
    }

    /// The next page of messages up to seq `last`; `None` once past it (or nothing is
    /// left), for reading a stream through to where it ended when the reader began.
    pub async fn page_through(
        &mut self,
        last: u64,
        max: usize,
    ) -> EngineResult<Option<Vec<jetstream::Message>>> {
        if self.next > last {
            return Ok(None);
        }
        let page = self.page(max).await?;
        Ok((!page.is_empty()).then_some(page))
    }

    /// Every message from here on, as it arrives. The stream ends in an error when NATS
    /// goes away (a missed heartbeat, a lost consumer); the caller opens a new cursor.
    pub async fn follow(&self) -> EngineResult<consumer::pull::Stream> {
        self.consumer
            .stream()
            .max_messages_per_batch(512)
            .heartbeat(Duration::from_secs(2))
            .expires(Duration::from_secs(10))
            .messages()
            .await
            .map_err(unavailable)
    }
}

/// Up to `max` messages (and `max_bytes`) that `consumer` has now. A fetch that is never
/// answered (its consumer's leader died with the request, on a cluster) fails after
/// [`FETCH_DEADLINE`] rather than holding its caller (a group's pull, a tail) forever.
pub async fn fetch_now(
    consumer: &PullConsumer,
    max: usize,
    max_bytes: Option<usize>,
) -> EngineResult<Vec<jetstream::Message>> {
    let fetch = async {
        let mut request = consumer.fetch().max_messages(max.max(1));
        if let Some(max_bytes) = max_bytes {
            request = request.max_bytes(max_bytes);
        }
        let mut batch = request.messages().await.map_err(unavailable)?;
        let mut messages = Vec::new();
        while let Some(message) = batch.next().await {
            messages.push(message.map_err(unavailable)?);
        }
        Ok(messages)
    };
    tokio::time::timeout(FETCH_DEADLINE, fetch)
        .await
        .map_err(|_| unavailable("a fetch went unanswered"))?
}

/// Idle cursors kept for readers that come back for the next page.
const CACHED_CURSORS: usize = 8;

/// The last few cursors readers left, by where their next page starts.
#[derive(Default)]
pub struct Cursors(std::sync::Mutex<Vec<Cursor>>);

impl Cursors {
    /// A cursor whose next page starts at `from_seq`, if one is kept.
    pub fn take_at(&self, from_seq: u64) -> Option<Cursor> {
        let mut cursors = self.0.lock().expect("cursor cache lock poisoned");
        let found = cursors.iter().position(|cursor| cursor.next == from_seq);
        found.map(|index| cursors.swap_remove(index))
    }

    /// Keeps `cursor` for the reader's next page, forgetting the oldest beyond a few.
    pub fn keep(&self, cursor: Cursor) {
        let mut cursors = self.0.lock().expect("cursor cache lock poisoned");
        if cursors.len() >= CACHED_CURSORS {
            cursors.remove(0);
        }
        cursors.push(cursor);
    }
}

/// The first seq of `stream` (over `filter`) accepted at or after `ts_ms`: the next seq
/// if none is.
pub async fn seq_at(stream: &Stream, filter: &str, ts_ms: i64) -> EngineResult<u64> {
    let state = stream.get_info().await.map_err(unavailable)?.state;
    if state.messages == 0 || ts_ms > epoch_ms(state.last_timestamp) {
        return Ok(state.last_sequence + 1);
    }
    if ts_ms <= epoch_ms(state.first_timestamp) {
        return Ok(state.first_sequence);
    }
    let start_time = time::OffsetDateTime::from_unix_timestamp_nanos(ts_ms as i128 * 1_000_000)
        .map_err(|err| EngineError::Unavailable(err.to_string()))?;
    let start = DeliverPolicy::ByStartTime { start_time };
    let mut cursor = Cursor::open(stream, filter, start, true).await?;
    match cursor.page(1).await?.first() {
        Some(message) => Ok(position(message)?.0),
        None => Ok(state.last_sequence + 1),
    }
}

/// The value of header `name`, if the message has it.
pub fn header<'a>(message: &'a jetstream::Message, name: &str) -> Option<&'a str> {
    Some(message.headers.as_ref()?.get(name)?.as_str())
}

/// Stream seq and acceptance time (epoch ms) of a message a consumer delivered.
pub fn position(message: &jetstream::Message) -> EngineResult<(u64, i64)> {
    let info = message.info().map_err(unavailable)?;
    Ok((info.stream_sequence, epoch_ms(info.published)))
}

pub fn epoch_ms(time: time::OffsetDateTime) -> i64 {
    (time.unix_timestamp_nanos() / 1_000_000) as i64
}
