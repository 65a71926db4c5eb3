//! Consumer groups on JetStream: each group is a durable pull consumer on the log, so
//! every server of the bus takes the group's events from the same queue. The group's
//! definition travels in the consumer's description, so any server can pick it up.
//! This file keeps the consumers (create, update, delete, reset, list); `handouts`
//! takes and settles through them, `peers` does what servers tell each other.
//!
//! The consumer filters on the group's pattern (`PREFIX.events.PATTERN`), so it sees
//! only plain events of its topics. An addressed event (`emit --to`) reaches a group
//! whatever its pattern, so addressed events have subjects of their own
//! (`PREFIX.to.TOPIC`) and a second consumer per group takes all of them; evbus keeps
//! what the address names (and what the jq filter accepts) and finishes the rest. A
//! third consumer reads the group's own subject of the direct stream, where events put
//! straight into the group go (requeued dead letters, replays and routes to a group).
//!
//! The consumer's max deliveries are the group's max attempts plus one (see
//! `max_deliveries`). Its ack wait is not the group's ack timeout but `HOLD_FOR`, which
//! the holding server renews while it runs the lease: only that server can settle the
//! lease, so once it dies its events should come back in seconds, not when a
//! five-minute lease would have run out.

use std::time::Duration;

use async_nats::jetstream::consumer::{self, AckPolicy, DeliverPolicy, PullConsumer};
use async_nats::jetstream::stream::Stream;
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};

use super::{Inner, unavailable};
use crate::engine::handout::HandoutSpec;
use crate::engine::{EngineError, EngineResult};

/// How long an event stays with the server that took it without word from it; the bus
/// renews its hold well within this, so only a dead server's events move on.
pub const HOLD_FOR: Duration = Duration::from_secs(10);

/// What a group's consumer description holds.
#[derive(Serialize, Deserialize)]
struct Description {
    evbus_group: String,
    spec: String,
    #[serde(default)]
    queue: HandoutSpec,
}

/// No limit on hand-outs: a route's events are handed out until done.
pub(super) const UNLIMITED: i64 = -1;

/// How many hand-outs a group's event gets: one more than the group's attempts, so that
/// should a server die during the last attempt, another still gets the event and buries
/// it (where NATS would stop handing it out and say so only in an advisory).
fn max_deliveries(queue: &HandoutSpec) -> i64 {
    match queue.max_attempts {
        // A group stored before its policy reached the queue.
        0 => UNLIMITED,
        attempts => i64::from(attempts) + 1,
    }
}

/// A group name as one subject token or consumer name (neither may hold dots; group
/// names cannot hold `~`).
pub(super) fn group_token(group: &str) -> String {
    group.replace('.', "~")
}

pub(super) fn consumer_name(group: &str) -> String {
    format!("G-{}", group_token(group))
}

/// A route's two consumers: its pattern's plain events, and its pattern's addressed
/// ones (a route goes by topic only).
pub(super) fn route_consumer_names(route: &str) -> [String; 2] {
    let token = group_token(route);
    [format!("R-{token}"), format!("RA-{token}")]
}

/// What a route's consumer description holds.
#[derive(Serialize, Deserialize)]
pub(super) struct RouteDescription {
    pub evbus_route: String,
    pub record: String,
}

pub(super) fn direct_consumer_name(group: &str) -> String {
    format!("D-{}", group_token(group))
}

pub(super) fn addressed_consumer_name(group: &str) -> String {
    format!("A-{}", group_token(group))
}

/// A group as JetStream keeps it: name, definition, and where its queue is.
pub struct StoredQueue {
    pub name: String,
    pub spec: String,
    pub next_seq: u64,
}

impl Inner {
    pub(super) fn direct_subject(&self, group: &str) -> String {
        format!("{}{}", self.names.direct_prefix, group_token(group))
    }

    /// The group's consumers: its pattern's plain events and every addressed event on
    /// the log, and what is put straight into it on the direct stream.
    pub(super) fn group_consumers(&self, group: &str) -> [(&Stream, String); 3] {
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
        queue: HandoutSpec,
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
    pub(super) async fn drop_consumer(&self, stream: &Stream, name: &str) -> EngineResult<()> {
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

    /// The first seq of the log `group` may not have finished with: JetStream keeps no
    /// list of what a consumer holds, only its ack floor, so whatever its plain or its
    /// addressed consumer has pending counts from that floor on.
    pub(super) async fn unfinished_from(&self, group: &str, cursor: u64) -> EngineResult<u64> {
        let mut from = cursor;
        for name in [consumer_name(group), addressed_consumer_name(group)] {
            let info = self
                .events
                .consumer_info(&name)
                .await
                .map_err(consumer_error)?;
            if info.num_ack_pending > 0 {
                let start = match info.config.deliver_policy {
                    DeliverPolicy::ByStartSequence { start_sequence } => start_sequence,
                    _ => 1,
                };
                from = from.min(start.max(info.ack_floor.stream_sequence + 1));
            }
        }
        Ok(from)
    }

    /// A group's consumer (`name`, on `stream`), cached once looked up.
    pub(super) async fn consumer(
        &self,
        stream: &Stream,
        name: String,
    ) -> EngineResult<PullConsumer> {
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
}

/// A durable work queue on `filter_subject` from `start`: each message to one taker,
/// held for `HOLD_FOR` unless renewed, handed out until done (a group limits that).
pub(super) fn queue_config(
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

/// A consumer request's failure: `NotFound` when the consumer is not there (the
/// client reports that only in its message), else NATS being unavailable.
pub(super) fn consumer_error(err: impl std::fmt::Display) -> EngineError {
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
