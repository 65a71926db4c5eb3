//! Consumer groups on JetStream: each group is a durable pull consumer on the log, so
//! every server of the bus takes the group's events from the same queue. The group's
//! definition travels in the consumer's description, so any server can pick it up.
//!
//! The consumer filters on the group's pattern (`PREFIX.events.PATTERN`), so it sees
//! only plain events of its topics. An addressed event (`emit --to`) reaches a group
//! whatever its pattern, so addressed events have subjects of their own
//! (`PREFIX.to.TOPIC`) and a second consumer per group takes all of them; evbus keeps
//! what the address names (and what the jq filter accepts) and finishes the rest. A
//! third consumer reads the group's own subject of the direct stream, where events put
//! straight into the group go (requeued dead letters, replays and routes to a group).
//!
//! JetStream times what happens to an event between attempts: a failed attempt (a
//! member's nack, or a lease the bus saw expire) goes back with `-NAK` and the delay
//! the group's backoff computes, so the retry goes to whichever server pulls once it is
//! due; the consumer's max deliveries are the group's max attempts plus one (see
//! `max_deliveries`). The consumer's ack wait is not the group's ack timeout but
//! `HOLD_FOR`, which the holding server renews while it runs the lease: only that server
//! can settle the lease, so once it dies its events should come back in seconds, not
//! when a five-minute lease would have run out.
//! No backoff list is set on the consumer: NATS adds it to a NAK's delay (measured on
//! 2.9.10 and 2.15.1 alike: with backoff [3s, 5s, 8s], `-NAK` with 2 s on the second
//! delivery redelivered after 4 s), and evbus already computes every delay.

use std::time::Duration;

use async_nats::jetstream::consumer::{self, AckPolicy, DeliverPolicy, PullConsumer};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, stream::Stream};
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};

use super::cursor::{fetch_now, header};
use super::{Shared, unavailable};
use crate::engine::queue::{
    GroupQueue, QueueCounts, QueueSpec, QueueToken, Queued, Relayed, SHARE_FRESH, ServerShare,
};
use crate::engine::{EngineError, EngineResult, StoredEvent};

/// How long an event stays with the server that took it without word from it; the bus
/// renews its hold well within this, so only a dead server's events move on.
pub const HOLD_FOR: Duration = Duration::from_secs(10);

/// What a group's consumer description holds.
#[derive(Serialize, Deserialize)]
struct Description {
    evbus_group: String,
    spec: String,
    #[serde(default)]
    queue: QueueSpec,
}

/// No limit on hand-outs: a route's events are handed out until done.
const UNLIMITED: i64 = -1;

/// How many hand-outs a group's event gets: one more than the group's attempts, so that
/// should a server die during the last attempt, another still gets the event and buries
/// it (where NATS would stop handing it out and say so only in an advisory).
fn max_deliveries(queue: &QueueSpec) -> i64 {
    match queue.max_attempts {
        // A group stored before its policy reached the queue.
        0 => UNLIMITED,
        attempts => i64::from(attempts) + 1,
    }
}

/// A group name as one subject token or consumer name (neither may hold dots; group
/// names cannot hold `~`).
fn group_token(group: &str) -> String {
    group.replace('.', "~")
}

fn consumer_name(group: &str) -> String {
    format!("G-{}", group_token(group))
}

/// A route's two consumers: its pattern's plain events, and its pattern's addressed
/// ones (a route goes by topic only).
fn route_consumer_names(route: &str) -> [String; 2] {
    let token = group_token(route);
    [format!("R-{token}"), format!("RA-{token}")]
}

/// What a route's consumer description holds.
#[derive(Serialize, Deserialize)]
struct RouteDescription {
    evbus_route: String,
    record: String,
}

fn direct_consumer_name(group: &str) -> String {
    format!("D-{}", group_token(group))
}

fn addressed_consumer_name(group: &str) -> String {
    format!("A-{}", group_token(group))
}

const SEQ: &str = "Evbus-Seq";
const TOPIC: &str = "Evbus-Topic";
const TS: &str = "Evbus-Ts";

/// A group as JetStream keeps it: name, definition, and where its queue is.
pub struct StoredQueue {
    pub name: String,
    pub spec: String,
    pub next_seq: u64,
}

impl Shared {
    fn direct_subject(&self, group: &str) -> String {
        format!("{}{}", self.names.direct_prefix, group_token(group))
    }

    /// The group's consumers: its pattern's plain events and every addressed event on
    /// the log, and what is put straight into it on the direct stream.
    fn group_consumers(&self, group: &str) -> [(&Stream, String); 3] {
        [
            (&self.events, consumer_name(group)),
            (&self.events, addressed_consumer_name(group)),
            (&self.direct, direct_consumer_name(group)),
        ]
    }

    /// Creates the group's consumers at `start`, or updates the definition it carries.
    pub(super) async fn put_group(
        &self,
        group: &str,
        spec: &str,
        start: u64,
        queue: QueueSpec,
    ) -> EngineResult<()> {
        let max_deliver = max_deliveries(&queue);
        let plain = match queue.pattern.as_str() {
            "" => self.names.plain_filter.clone(),
            pattern => format!("{}{pattern}", self.names.events_prefix),
        };
        let description = Description {
            evbus_group: group.to_owned(),
            spec: spec.to_owned(),
            queue,
        };
        let description = serde_json::to_string(&description).expect("strings serialize");
        let addressed = self.names.addressed_filter.clone();
        let configs = [
            queue_config(consumer_name(group), Some(description), start, plain),
            queue_config(addressed_consumer_name(group), None, start, addressed),
            queue_config(
                direct_consumer_name(group),
                None,
                1,
                self.direct_subject(group),
            ),
        ];
        for ((stream, name), mut config) in self.group_consumers(group).into_iter().zip(configs) {
            config.max_deliver = max_deliver;
            if let Ok(info) = stream.consumer_info(&name).await {
                // Only the description and limits change: the position and what it
                // filters on are the consumer's own.
                config.deliver_policy = info.config.deliver_policy;
                config.filter_subject = info.config.filter_subject.clone();
            }
            stream.create_consumer(config).await.map_err(unavailable)?;
        }
        self.forget_consumers(group);
        Ok(())
    }

    fn forget_consumers(&self, group: &str) {
        let mut consumers = self.consumers.lock().expect("consumer cache lock poisoned");
        for (_, name) in self.group_consumers(group) {
            consumers.remove(&name);
        }
    }

    /// Removes the consumer `name` from `stream` and from the cache; `NotFound` when it
    /// was not there.
    async fn drop_consumer(&self, stream: &Stream, name: &str) -> EngineResult<()> {
        self.consumers
            .lock()
            .expect("consumer cache lock poisoned")
            .remove(name);
        stream
            .delete_consumer(name)
            .await
            .map(|_| ())
            .map_err(consumer_error)
    }

    /// Removes the group's consumers (either may be gone already) and what was put
    /// straight into it.
    pub(super) async fn delete_group(&self, group: &str) -> EngineResult<()> {
        for (stream, name) in self.group_consumers(group) {
            match self.drop_consumer(stream, &name).await {
                Ok(()) | Err(EngineError::NotFound) => {}
                Err(err) => return Err(err),
            }
            let stream = &stream.cached_info().config.name;
            self.settled.forget_consumer(stream, &name).await?;
        }
        self.direct
            .purge()
            .filter(self.direct_subject(group))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Starts the group's queue over at `start`: new consumers, the same definition.
    pub(super) async fn reset_group(&self, group: &str, start: u64) -> EngineResult<()> {
        let info = self
            .events
            .consumer_info(&consumer_name(group))
            .await
            .map_err(unavailable)?;
        let (spec, queue) =
            describe(&info.config.description).map_or_else(Default::default, |d| (d.spec, d.queue));
        self.delete_group(group).await?;
        self.put_group(group, &spec, start, queue).await
    }

    /// Up to `max` events of the log that the consumer `name` has now.
    async fn take_from_log(&self, name: String, max: usize) -> EngineResult<Vec<Queued>> {
        let consumer = self.consumer(&self.events, name).await?;
        let mut taken = Vec::new();
        for message in self.fetch_unsettled(&consumer, max).await? {
            let event = self.stored(&message)?;
            taken.push(queued(&message, event, false)?);
        }
        Ok(taken)
    }

    /// Up to `max` events from each of a plain and an addressed consumer, in log order.
    async fn take_from_both(
        &self,
        [plain, addressed]: [String; 2],
        max: usize,
    ) -> EngineResult<Vec<Queued>> {
        let (plain, addressed) = futures_util::future::try_join(
            self.take_from_log(plain, max),
            self.take_from_log(addressed, max),
        )
        .await?;
        let mut taken: Vec<Queued> = plain.into_iter().chain(addressed).collect();
        taken.sort_by_key(|queued| queued.event.seq);
        Ok(taken)
    }

    /// Every group of this bus, from the consumers on its log.
    pub(super) async fn stored_queues(&self) -> EngineResult<Vec<StoredQueue>> {
        let mut consumers = self.events.consumers();
        let mut queues = Vec::new();
        while let Some(info) = consumers.next().await {
            let info = info.map_err(unavailable)?;
            if info.config.durable_name.is_none() {
                continue;
            }
            if let Some(description) = describe(&info.config.description) {
                let start = match info.config.deliver_policy {
                    DeliverPolicy::ByStartSequence { start_sequence } => start_sequence,
                    _ => 1,
                };
                queues.push(StoredQueue {
                    name: description.evbus_group,
                    spec: description.spec,
                    next_seq: start.max(info.delivered.stream_sequence + 1),
                });
            }
        }
        queues.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(queues)
    }

    /// A group's consumer (`name`, on `stream`), cached once looked up.
    async fn consumer(&self, stream: &Stream, name: String) -> EngineResult<PullConsumer> {
        let cached = self
            .consumers
            .lock()
            .expect("consumer cache lock poisoned")
            .get(&name)
            .cloned();
        if let Some(consumer) = cached {
            return Ok(consumer);
        }
        let consumer: PullConsumer = stream.get_consumer(&name).await.map_err(consumer_error)?;
        self.consumers
            .lock()
            .expect("consumer cache lock poisoned")
            .insert(name, consumer.clone());
        Ok(consumer)
    }

    /// Up to `max` events put straight into the group.
    async fn take_direct(&self, group: &str, max: usize) -> EngineResult<Vec<Queued>> {
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
    async fn settle_for_good(&self, tokens: &[QueueToken], how: &'static [u8]) -> EngineResult<()> {
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
    async fn settle_handouts(&self, tokens: &[QueueToken], how: bytes::Bytes) -> EngineResult<()> {
        self.check()?;
        let acks = tokens
            .iter()
            .map(|token| self.client.request(token.to_string(), how.clone()));
        futures_util::future::try_join_all(acks)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// `PREFIX.members.GROUP.SERVER.held`: what one server holds of a group (one token
    /// more than a member's subject, so member lookups never see it).
    fn share_subject(&self, group: &str, server: &str) -> String {
        let group = group_token(group);
        format!("{}{group}.{server}.held", self.names.members_prefix)
    }

    /// What `group`'s consumers hold: hand-outs nobody settled yet, and events nobody
    /// took yet (on the log; put straight into the group).
    async fn consumer_counts(&self, group: &str) -> EngineResult<QueueCounts> {
        let infos = self
            .group_consumers(group)
            .map(|(stream, name)| async move { stream.consumer_info(name).await });
        let [plain, addressed, direct] = futures_util::future::try_join_all(infos)
            .await
            .map_err(consumer_error)?
            .try_into()
            .expect("three consumers");
        Ok(QueueCounts {
            unsettled: [&plain, &addressed, &direct]
                .iter()
                .map(|info| info.num_ack_pending as u64)
                .sum(),
            untaken_log: plain.num_pending + addressed.num_pending,
            untaken_direct: direct.num_pending,
            elsewhere: ServerShare::default(),
        })
    }

    /// Gives groups and routes stored before addressed events had subjects of their own
    /// the consumer for those, from where each is now.
    pub(super) async fn upgrade_consumers(&self) -> EngineResult<()> {
        let mut consumers = self.events.consumers();
        let mut missing = Vec::new();
        let mut names = std::collections::HashSet::new();
        while let Some(info) = consumers.next().await {
            let info = info.map_err(unavailable)?;
            let description = info.config.description.as_deref().unwrap_or_default();
            let addressed = if let Some(group) = describe(&info.config.description) {
                addressed_consumer_name(&group.evbus_group)
            } else if let Ok(route) = serde_json::from_str::<RouteDescription>(description) {
                route_consumer_names(&route.evbus_route)[1].clone()
            } else {
                names.insert(info.name);
                continue;
            };
            let start = info.delivered.stream_sequence + 1;
            missing.push((addressed, start));
            names.insert(info.name);
        }
        for (name, start) in missing {
            if !names.contains(&name) {
                let config = queue_config(name, None, start, self.names.addressed_filter.clone());
                self.events
                    .create_consumer(config)
                    .await
                    .map_err(unavailable)?;
            }
        }
        Ok(())
    }

    /// The newest message on each subject of the members stream that `filter` matches
    /// (one may age out between the listing and the read: it is left out).
    async fn latest_on_each(
        &self,
        filter: String,
    ) -> EngineResult<Vec<(String, jetstream::message::StreamMessage)>> {
        let mut subjects = self
            .members
            .info_with_subjects(filter)
            .await
            .map_err(unavailable)?;
        let mut latest = Vec::new();
        while let Some(entry) = subjects.next().await {
            let (subject, _) = entry.map_err(unavailable)?;
            if let Ok(last) = self.members.get_last_raw_message_by_subject(&subject).await {
                latest.push((subject, last));
            }
        }
        Ok(latest)
    }

    /// The other servers' shares of `group`, summed, as they last reported them.
    async fn shares_elsewhere(&self, group: &str) -> EngineResult<ServerShare> {
        let mine = self.share_subject(group, &self.server_id);
        let fresh_since = crate::api::time::now_ms() - SHARE_FRESH.as_millis() as i64;
        let mut total = ServerShare::default();
        for (subject, last) in self.latest_on_each(self.share_subject(group, "*")).await? {
            if subject == mine || super::cursor::epoch_ms(last.time) < fresh_since {
                continue;
            }
            if let Ok(share) = serde_json::from_slice::<ServerShare>(&last.payload) {
                total = total + share;
            }
        }
        Ok(total)
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

    /// `PREFIX.members.GROUP.MEMBER`, the member name base64url-encoded (it may hold
    /// anything).
    fn member_subject(&self, group: &str, member: &str) -> String {
        use base64::Engine as _;
        let member = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(member);
        format!(
            "{}{}.{member}",
            self.names.members_prefix,
            group_token(group)
        )
    }
}

#[async_trait::async_trait]
impl GroupQueue for Shared {
    /// Publishes events into the group's own subject; returns once all are stored.
    async fn put(&self, group: &str, events: &[StoredEvent]) -> EngineResult<()> {
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

    /// What was put straight into the group first, then the log's plain and addressed
    /// events in log order: all asked at once (one round trip), so a pull may bring back
    /// up to three times `max`; the bus keeps the rest for the next pull.
    async fn take(&self, group: &str, max: usize) -> EngineResult<Vec<Queued>> {
        self.check()?;
        let log_consumers = [consumer_name(group), addressed_consumer_name(group)];
        let (direct, log) = futures_util::future::try_join(
            self.take_direct(group, max),
            self.take_from_both(log_consumers, max),
        )
        .await?;
        let mut taken: Vec<Queued> = direct.into_iter().chain(log).collect();
        // Handed out before: another server may have kept its failed attempts.
        for queued in taken.iter_mut().filter(|queued| queued.earlier > 0) {
            queued.history = self.remembered(group, queued.event.seq).await;
        }
        Ok(taken)
    }

    async fn finish(&self, tokens: &[QueueToken]) -> EngineResult<()> {
        self.settle_for_good(tokens, b"+ACK").await
    }

    async fn terminate(&self, tokens: &[QueueToken]) -> EngineResult<()> {
        self.settle_for_good(tokens, b"+TERM").await
    }

    async fn retry(&self, token: &QueueToken, delay: Duration) -> EngineResult<()> {
        let nak = format!("-NAK {{\"delay\":{}}}", delay.as_nanos());
        self.settle_handouts(std::slice::from_ref(token), nak.into())
            .await
    }

    async fn remember(&self, group: &str, seq: u64, history: &str) -> EngineResult<()> {
        self.check()?;
        let message = PublishMessage::build().payload(bytes::Bytes::from(history.to_owned()));
        self.context
            .send_publish(self.attempts_subject(group, seq), message)
            .await
            .map_err(unavailable)?
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn forget(&self, group: &str, seqs: &[u64]) -> EngineResult<()> {
        self.check()?;
        let purges = seqs.iter().map(|seq| {
            self.attempts
                .purge()
                .filter(self.attempts_subject(group, *seq))
                .into_future()
        });
        futures_util::future::try_join_all(purges)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn hold(&self, tokens: &[QueueToken]) -> EngineResult<()> {
        self.check()?;
        for token in tokens {
            self.client
                .publish(token.to_string(), bytes::Bytes::from_static(b"+WPI"))
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn present(&self, group: &str, members: &[String]) -> EngineResult<()> {
        self.check()?;
        for member in members {
            self.client
                .publish(self.member_subject(group, member), bytes::Bytes::new())
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn absent(&self, group: &str, member: &str) -> EngineResult<()> {
        self.check()?;
        self.members
            .purge()
            .filter(self.member_subject(group, member))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn has_members(&self, group: &str) -> EngineResult<bool> {
        self.check()?;
        let filter = format!("{}{}.*", self.names.members_prefix, group_token(group));
        let mut subjects = self
            .members
            .info_with_subjects(filter)
            .await
            .map_err(unavailable)?;
        Ok(subjects
            .next()
            .await
            .transpose()
            .map_err(unavailable)?
            .is_some())
    }

    async fn members(&self, group: &str) -> EngineResult<Vec<(String, i64)>> {
        use base64::Engine as _;
        self.check()?;
        let prefix = format!("{}{}.", self.names.members_prefix, group_token(group));
        let mut members = Vec::new();
        for (subject, last) in self.latest_on_each(format!("{prefix}*")).await? {
            let Some(name) = subject
                .strip_prefix(&prefix)
                .and_then(|token| {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .decode(token)
                        .ok()
                })
                .and_then(|bytes| String::from_utf8(bytes).ok())
            else {
                continue;
            };
            members.push((name, super::cursor::epoch_ms(last.time)));
        }
        Ok(members)
    }

    async fn report(&self, group: &str, share: ServerShare) -> EngineResult<()> {
        self.check()?;
        let body = serde_json::to_vec(&share).expect("counts serialize");
        self.client
            .publish(self.share_subject(group, &self.server_id), body.into())
            .await
            .map_err(unavailable)
    }

    async fn counts(&self, group: &str) -> EngineResult<QueueCounts> {
        self.check()?;
        let (counts, elsewhere) = futures_util::future::try_join(
            self.consumer_counts(group),
            self.shares_elsewhere(group),
        )
        .await?;
        Ok(QueueCounts {
            elsewhere,
            ..counts
        })
    }

    fn server_id(&self) -> &str {
        &self.server_id
    }

    async fn relay(&self, server: &str, body: bytes::Bytes) -> EngineResult<bytes::Bytes> {
        self.relay_to(server, body).await
    }

    async fn relayed(&self) -> EngineResult<tokio::sync::mpsc::Receiver<Relayed>> {
        self.listen_for_relays().await
    }

    async fn put_route(
        &self,
        name: &str,
        pattern: &str,
        start: u64,
        record: &str,
    ) -> EngineResult<()> {
        let description = RouteDescription {
            evbus_route: name.to_owned(),
            record: record.to_owned(),
        };
        let description = serde_json::to_string(&description).expect("strings serialize");
        let [plain, addressed] = route_consumer_names(name);
        let configs = [
            queue_config(
                plain,
                Some(description),
                start,
                format!("{}{pattern}", self.names.events_prefix),
            ),
            queue_config(
                addressed,
                None,
                start,
                format!("{}{pattern}", self.names.addressed_prefix),
            ),
        ];
        for config in configs {
            self.events
                .create_consumer(config)
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn delete_route(&self, name: &str) -> EngineResult<()> {
        let [plain, addressed] = route_consumer_names(name);
        match self.drop_consumer(&self.events, &addressed).await {
            Ok(()) | Err(EngineError::NotFound) => {}
            Err(err) => return Err(err),
        }
        // The one that carries the route: `NotFound` when the route was not there.
        self.drop_consumer(&self.events, &plain).await
    }

    async fn routes(&self) -> EngineResult<Vec<(String, String)>> {
        let mut consumers = self.events.consumers();
        let mut routes = Vec::new();
        while let Some(info) = consumers.next().await {
            let info = info.map_err(unavailable)?;
            let description = info.config.description.as_deref().unwrap_or_default();
            if let Ok(route) = serde_json::from_str::<RouteDescription>(description) {
                routes.push((route.evbus_route, route.record));
            }
        }
        routes.sort();
        Ok(routes)
    }

    async fn take_route(&self, name: &str, max: usize) -> EngineResult<Vec<Queued>> {
        self.check()?;
        self.take_from_both(route_consumer_names(name), max).await
    }
}

/// A durable work queue on `filter_subject` from `start`: each message to one taker,
/// held for `HOLD_FOR` unless renewed, handed out until done (a group limits that).
fn queue_config(
    durable: String,
    description: Option<String>,
    start: u64,
    filter_subject: String,
) -> consumer::pull::Config {
    consumer::pull::Config {
        durable_name: Some(durable),
        description,
        deliver_policy: DeliverPolicy::ByStartSequence {
            start_sequence: start.max(1),
        },
        ack_policy: AckPolicy::Explicit,
        ack_wait: HOLD_FOR,
        max_deliver: UNLIMITED,
        max_ack_pending: 1_000_000,
        filter_subject,
        ..Default::default()
    }
}

/// A hand-out: the event, the ack subject that names it, and earlier hand-outs.
fn queued(message: &jetstream::Message, event: StoredEvent, direct: bool) -> EngineResult<Queued> {
    let delivered = message.info().map_err(unavailable)?.delivered;
    let token = message
        .reply
        .as_ref()
        .ok_or_else(|| unavailable("a hand-out without an ack subject"))?;
    Ok(Queued {
        event,
        token: QueueToken::from(token.as_str()),
        earlier: (delivered - 1).max(0) as u32,
        direct,
        history: None,
    })
}

/// A consumer request's failure: `NotFound` when the consumer is not there (the
/// client reports that only in its message), else NATS being unavailable.
fn consumer_error(err: impl std::fmt::Display) -> EngineError {
    let text = err.to_string();
    if text.contains("not found") {
        EngineError::NotFound
    } else {
        unavailable(text)
    }
}

fn describe(description: &Option<String>) -> Option<Description> {
    serde_json::from_str(description.as_deref()?).ok()
}
