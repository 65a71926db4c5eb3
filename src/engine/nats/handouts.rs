//! Taking a group's events from its consumers, and settling them: the hand-out
//! contract on JetStream.
//!
//! JetStream times what happens to an event between attempts: a failed attempt (a
//! member's nack, or a lease the bus saw expire) goes back with `-NAK` and the delay
//! the group's backoff computes, so the retry goes to whichever server pulls once it is
//! due. No backoff list is set on the consumer: NATS adds it to a NAK's delay (measured
//! on 2.9.10 and 2.15.1 alike: with backoff [3s, 5s, 8s], `-NAK` with 2 s on the second
//! delivery redelivered after 4 s), and evbus already computes every delay.

use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self};

use super::cursor::{fetch_now, header};
use super::groups::{addressed_consumer_name, consumer_name, direct_consumer_name, group_token};
use super::{Inner, NatsEngine, unavailable};
use crate::engine::handout::{Handout, HandoutToken, Handouts, Retry};
use crate::engine::{Engine as _, EngineResult, StateOp, StoredEvent};

/// How often a waiting pull asks JetStream again.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

const SEQ: &str = "Evbus-Seq";
const TOPIC: &str = "Evbus-Topic";
const TS: &str = "Evbus-Ts";

impl Inner {
    /// Up to `max` events of the log that the consumer `name` has now.
    async fn take_from_log(&self, name: String, max: usize) -> EngineResult<Vec<Handout>> {
        let consumer = self.consumer(&self.events, name).await?;
        let mut taken = Vec::new();
        for message in self.fetch_unsettled(&consumer, max).await? {
            let event = self.stored(&message)?;
            taken.push(queued(&message, event, false)?);
        }
        Ok(taken)
    }

    /// Up to `max` events from each of a plain and an addressed consumer, in log order.
    pub(super) async fn take_from_both(
        &self,
        [plain, addressed]: [String; 2],
        max: usize,
    ) -> EngineResult<Vec<Handout>> {
        let (plain, addressed) = futures_util::future::try_join(
            self.take_from_log(plain, max),
            self.take_from_log(addressed, max),
        )
        .await?;
        let mut taken: Vec<Handout> = plain.into_iter().chain(addressed).collect();
        taken.sort_by_key(|queued| queued.event.seq);
        Ok(taken)
    }

    /// Up to `max` events put straight into the group.
    async fn take_direct(&self, group: &str, max: usize) -> EngineResult<Vec<Handout>> {
        let direct = self
            .consumer(&self.direct, direct_consumer_name(group))
            .await?;
        let mut taken = Vec::new();
        for message in self.fetch_unsettled(&direct, max).await? {
            let number = |name| header(&message, name)?.parse::<i64>().ok();
            let topic = header(&message, TOPIC).unwrap_or_default();
            let (Some(seq), Some(ts_ms)) = (number(SEQ), number(TS)) else {
                continue;
            };
            let event = StoredEvent {
                seq: seq as u64,
                ts_ms,
                topic: topic.into(),
                json: message.payload.clone(),
            };
            taken.push(queued(&message, event, true)?);
        }
        Ok(taken)
    }

    /// Up to `max` hand-outs from `consumer`, leaving out (and settling again) those
    /// settled before NATS went away and came back without knowing it.
    async fn fetch_unsettled(
        &self,
        consumer: &PullConsumer,
        max: usize,
    ) -> EngineResult<Vec<jetstream::Message>> {
        let messages = fetch_now(consumer, max, None).await?;
        self.settled
            .unsettled(&self.client, consumer, messages)
            .await
    }

    /// Completes or terminates hand-outs: stores their markers, then tells JetStream
    /// without waiting for it to confirm. Should that word be lost, the redelivery
    /// meets its marker and is settled again (see `settled`).
    pub(super) async fn settle_for_good(
        &self,
        tokens: &[HandoutToken],
        how: &'static [u8],
    ) -> EngineResult<()> {
        self.check()?;
        self.settled.record(tokens, how).await?;
        for token in tokens {
            self.client
                .publish(token.to_string(), bytes::Bytes::from_static(how))
                .await
                .map_err(unavailable)?;
        }
        self.client.flush().await.map_err(unavailable)
    }

    /// Acknowledges each hand-out (`+ACK`, `+TERM`, `-NAK`) and waits for JetStream to
    /// confirm.
    pub(super) async fn settle_handouts(
        &self,
        tokens: &[HandoutToken],
        how: bytes::Bytes,
    ) -> EngineResult<()> {
        self.check()?;
        let acks = tokens
            .iter()
            .map(|token| self.client.request(token.to_string(), how.clone()));
        futures_util::future::try_join_all(acks)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    fn attempts_subject(&self, group: &str, seq: u64) -> String {
        format!("{}{}.{seq}", self.names.attempts_prefix, group_token(group))
    }

    /// What `remember` kept for an event handed out before.
    async fn remembered(&self, group: &str, seq: u64) -> Option<String> {
        let message = self
            .attempts
            .get_last_raw_message_by_subject(&self.attempts_subject(group, seq))
            .await
            .ok()?;
        String::from_utf8(message.payload.to_vec()).ok()
    }
}

impl Inner {
    /// Publishes events into the group's own subject; returns once all are stored.
    async fn put_direct(&self, group: &str, events: &[StoredEvent]) -> EngineResult<()> {
        self.check()?;
        let subject = self.direct_subject(group);
        let mut acks = Vec::with_capacity(events.len());
        for event in events {
            let mut headers = async_nats::HeaderMap::new();
            headers.insert(SEQ, event.seq.to_string().as_str());
            headers.insert(TOPIC, &*event.topic);
            headers.insert(TS, event.ts_ms.to_string().as_str());
            let message = PublishMessage::build()
                .payload(event.json.clone())
                .headers(headers);
            acks.push(
                self.context
                    .send_publish(subject.clone(), message)
                    .await
                    .map_err(unavailable)?,
            );
        }
        for ack in acks {
            ack.await.map_err(unavailable)?;
        }
        Ok(())
    }

    /// Keeps an event's failed attempts where any server that takes it next finds them.
    async fn remember(&self, group: &str, seq: u64, history: String) -> EngineResult<()> {
        self.check()?;
        let message = PublishMessage::build().payload(bytes::Bytes::from(history));
        self.context
            .send_publish(self.attempts_subject(group, seq), message)
            .await
            .map_err(unavailable)?
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl Handouts for NatsEngine {
    /// Into the group's own subject of the direct stream; `with` is stored once they are
    /// all in (a JetStream publish and a journal commit are not one commit).
    async fn put(
        &self,
        group: &str,
        events: Vec<StoredEvent>,
        with: Vec<StateOp>,
    ) -> EngineResult<usize> {
        self.inner.put_direct(group, &events).await?;
        if !with.is_empty() {
            self.write_state(with).await?;
        }
        Ok(events.len())
    }

    /// What was put straight into the group first, then the log's plain and addressed
    /// events in log order: all asked at once (one round trip), so a pull may bring back
    /// up to three times `max`.
    async fn take(&self, group: &str, max: usize, _now_ms: i64) -> EngineResult<Vec<Handout>> {
        let inner = &self.inner;
        inner.check()?;
        let log_consumers = [consumer_name(group), addressed_consumer_name(group)];
        let (direct, log) = futures_util::future::try_join(
            inner.take_direct(group, max),
            inner.take_from_both(log_consumers, max),
        )
        .await?;
        let mut taken: Vec<Handout> = direct.into_iter().chain(log).collect();
        // Handed out before: another server may have kept its failed attempts.
        for handout in taken.iter_mut().filter(|handout| handout.earlier > 0) {
            handout.history = inner.remembered(group, handout.event.seq).await;
        }
        Ok(taken)
    }

    async fn finish(&self, _group: &str, tokens: &[HandoutToken]) -> EngineResult<()> {
        self.inner.settle_for_good(tokens, b"+ACK").await
    }

    async fn terminate(&self, _group: &str, tokens: &[HandoutToken]) -> EngineResult<()> {
        self.inner.settle_for_good(tokens, b"+TERM").await
    }

    /// Keeps the attempts for whichever server takes the event next, then lets it go
    /// with the delay (JetStream counts the attempts itself).
    async fn retry(&self, group: &str, retry: Retry) -> EngineResult<()> {
        self.inner.remember(group, retry.seq, retry.history).await?;
        let nak = format!("-NAK {{\"delay\":{}}}", retry.delay.as_nanos());
        self.inner
            .settle_handouts(std::slice::from_ref(&retry.token), nak.into())
            .await
    }

    async fn forget(&self, group: &str, seqs: &[u64]) -> EngineResult<()> {
        let inner = &self.inner;
        inner.check()?;
        let purges = seqs.iter().map(|seq| {
            inner
                .attempts
                .purge()
                .filter(inner.attempts_subject(group, *seq))
                .into_future()
        });
        futures_util::future::try_join_all(purges)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn hold(&self, tokens: &[HandoutToken]) -> EngineResult<()> {
        let inner = &self.inner;
        inner.check()?;
        for token in tokens {
            inner
                .client
                .publish(token.to_string(), bytes::Bytes::from_static(b"+WPI"))
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    /// None: what a stopped server held comes back as a hand-out after `HOLD_FOR`.
    fn reclaim(&self, _group: &str, _seq: u64) -> Option<HandoutToken> {
        None
    }

    /// JetStream times retries out of sight, and hands out what a dead server held
    /// without a word: look again every `LOOK_AGAIN`.
    fn next_due_ms(&self, _group: &str, now_ms: i64) -> Option<i64> {
        Some(now_ms + LOOK_AGAIN.as_millis() as i64)
    }

    fn waiting(&self, _group: &str) -> u64 {
        0
    }

    async fn put_route(
        &self,
        name: &str,
        pattern: &str,
        start: u64,
        record: &str,
    ) -> EngineResult<()> {
        self.inner.put_route(name, pattern, start, record).await
    }

    async fn delete_route(&self, name: &str) -> EngineResult<()> {
        self.inner.delete_route(name).await
    }

    async fn routes(&self) -> EngineResult<Vec<(String, String)>> {
        self.inner.routes().await
    }

    /// From the route's consumers, which keep its position.
    async fn take_route(
        &self,
        name: &str,
        _position: u64,
        max: usize,
    ) -> EngineResult<Vec<Handout>> {
        self.inner.take_route(name, max).await
    }

    /// Nothing: the route's consumers keep its position.
    fn route_progress(&self, _name: &str, _record: &str) -> Vec<StateOp> {
        Vec::new()
    }
}

/// A hand-out: the event, the ack subject that names it, and earlier hand-outs.
fn queued(message: &jetstream::Message, event: StoredEvent, direct: bool) -> EngineResult<Handout> {
    let delivered = message.info().map_err(unavailable)?.delivered;
    let token = message
        .reply
        .as_ref()
        .ok_or_else(|| unavailable("a hand-out without an ack subject"))?;
    Ok(Handout {
        event,
        token: HandoutToken::from(token.as_str()),
        earlier: (delivered - 1).max(0) as u32,
        direct,
        history: None,
        event_kept: false,
    })
}
