//! Reading the log and what it holds: pages of events from a seq, the seq at a time,
//! the stream's figures, the topics, and the steps kept of each group's attempts.

use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::stream::LastRawMessageErrorKind;
use async_nats::jetstream::{self};
use futures_util::StreamExt as _;
use futures_util::future::try_join_all;

use super::cursor::{self, Cursor};
use super::{Inner, unavailable};
use crate::engine::{EngineError, EngineResult, LogStats, StoredEvent, TopicStats};

impl Inner {
    pub(super) fn stored(&self, message: &jetstream::Message) -> EngineResult<StoredEvent> {
        let (seq, ts_ms) = cursor::position(message)?;
        Ok(self.event(seq, ts_ms, &message.subject, &message.payload))
    }

    fn event(&self, seq: u64, ts_ms: i64, subject: &str, payload: &[u8]) -> StoredEvent {
        StoredEvent {
            seq,
            ts_ms,
            topic: self.names.topic_of(subject).into(),
            json: crate::engine::with_seq(seq, payload),
        }
    }

    /// The events at these seqs, each asked of the stream at once rather than read
    /// through a cursor of its own; a seq the stream does not hold is left out.
    pub(super) async fn events_at(&self, seqs: Vec<u64>) -> EngineResult<Vec<StoredEvent>> {
        self.check()?;
        let found = try_join_all(seqs.into_iter().map(|seq| async move {
            match self.events.get_raw_message(seq).await {
                Ok(message) => Ok(Some(self.event(
                    message.sequence,
                    cursor::epoch_ms(message.time),
                    &message.subject,
                    &message.payload,
                ))),
                Err(err) if err.kind() == LastRawMessageErrorKind::NoMessageFound => Ok(None),
                Err(err) => Err(unavailable(err)),
            }
        }))
        .await?;
        Ok(found.into_iter().flatten().collect())
    }

    /// A cursor already at `from_seq`, or a new one.
    async fn cursor_at(&self, from_seq: u64) -> EngineResult<Cursor> {
        match self.cursors.take_at(from_seq) {
            Some(cursor) => Ok(cursor),
            None => self.new_cursor(from_seq).await,
        }
    }

    async fn new_cursor(&self, from_seq: u64) -> EngineResult<Cursor> {
        let start = DeliverPolicy::ByStartSequence {
            start_sequence: from_seq.max(1),
        };
        Cursor::open(&self.events, &self.names.events_filter, start, false).await
    }

    /// Up to `max` events from `from_seq` on, through a cursor kept for the next page.
    pub(super) async fn read_events(
        &self,
        from_seq: u64,
        max: usize,
    ) -> EngineResult<Vec<StoredEvent>> {
        self.check()?;
        let mut cursor = self.cursor_at(from_seq).await?;
        let page = match cursor.page(max).await {
            Ok(page) => page,
            // A cursor idle too long is gone on the server: start a fresh one.
            Err(_) => {
                cursor = self.new_cursor(from_seq).await?;
                cursor.page(max).await?
            }
        };
        let events = page
            .iter()
            .map(|message| self.stored(message))
            .collect::<EngineResult<Vec<_>>>()?;
        self.cursors.keep(cursor);
        Ok(events)
    }

    pub(super) async fn log_stats(&self) -> EngineResult<LogStats> {
        self.check()?;
        let state = self.events.get_info().await.map_err(unavailable)?.state;
        let any = state.messages > 0;
        Ok(LogStats {
            events: state.messages,
            bytes: state.bytes,
            first_seq: any.then_some(state.first_sequence),
            last_seq: any.then_some(state.last_sequence),
        })
    }

    /// Each topic's count and newest time, from the log's subjects.
    pub(super) async fn topic_stats(&self) -> EngineResult<Vec<TopicStats>> {
        self.check()?;
        let names = &self.names;
        let mut subjects = self
            .events
            .info_with_subjects(&names.events_filter)
            .await
            .map_err(unavailable)?;
        let mut counts = Vec::new();
        while let Some(entry) = subjects.next().await {
            counts.push(entry.map_err(unavailable)?);
        }
        let per_subject = try_join_all(counts.into_iter().map(|(subject, count)| async move {
            let newest = self
                .events
                .get_last_raw_message_by_subject(&subject)
                .await
                .map_err(unavailable)?;
            Ok::<_, EngineError>(TopicStats {
                topic: names.topic_of(&subject).to_owned(),
                events: count as u64,
                last_ts_ms: cursor::epoch_ms(newest.time),
            })
        }))
        .await?;
        // A topic with plain and addressed events has a subject of each kind.
        let mut topics: std::collections::BTreeMap<String, TopicStats> = Default::default();
        for stats in per_subject {
            match topics.get_mut(&stats.topic) {
                Some(known) => {
                    known.events += stats.events;
                    known.last_ts_ms = known.last_ts_ms.max(stats.last_ts_ms);
                }
                None => {
                    topics.insert(stats.topic.clone(), stats);
                }
            }
        }
        Ok(topics.into_values().collect())
    }

    /// Read off the bucket's subject of the steps stream, through to what it held when
    /// asked.
    pub(super) async fn steps_in(&self, bucket: u64) -> EngineResult<Vec<String>> {
        self.check()?;
        let subject = format!("{}{bucket}", self.names.steps_prefix);
        let last = match self.steps.clone().info().await {
            Ok(info) => info.state.last_sequence,
            Err(err) => return Err(unavailable(err)),
        };
        let mut steps = Vec::new();
        if last == 0 {
            return Ok(steps);
        }
        let mut cursor = Cursor::open(&self.steps, &subject, DeliverPolicy::All, false).await?;
        cursor.next = 1;
        while let Some(page) = cursor.page_through(last, 1_000).await? {
            for message in page {
                steps.push(String::from_utf8_lossy(&message.payload).into_owned());
            }
            if cursor.next > last {
                break;
            }
        }
        Ok(steps)
    }
}
