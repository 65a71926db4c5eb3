//! The streams a bus prefix owns: their names and subjects, and setting them up.

use std::time::Instant;

use anyhow::Context as _;
use async_nats::jetstream::Context;
use async_nats::jetstream::stream::{self, Stream};

use super::ELECTION;
use crate::engine::EngineOptions;
use crate::engine::peers::PRESENCE;

/// The stream and subject names of one bus prefix.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    pub(super) events_stream: String,
    /// Every event: plain ones on `PREFIX.events.TOPIC`, addressed ones (`emit --to`)
    /// on `PREFIX.to.TOPIC`, so a group's consumer can take its pattern's plain events
    /// and, from a second consumer, every addressed one.
    pub(super) events_filter: String,
    pub(super) events_prefix: String,
    pub(super) addressed_prefix: String,
    /// `PREFIX.events.>` and `PREFIX.to.>`: every plain, every addressed event.
    pub(super) plain_filter: String,
    pub(super) addressed_filter: String,
    pub(super) state_stream: String,
    pub(super) state_filter: String,
    pub(super) state_ops: String,
    pub(super) state_snap: String,
    pub(super) state_done: String,
    pub(super) dlq_stream: String,
    pub(super) dlq_subject: String,
    pub(super) members_stream: String,
    pub(super) members_prefix: String,
    pub(super) direct_stream: String,
    pub(super) direct_prefix: String,
    pub(super) attempts_stream: String,
    pub(super) attempts_prefix: String,
    pub(super) settled_stream: String,
    pub(super) settled_prefix: String,
    pub(super) steps_stream: String,
    pub(super) steps_prefix: String,
    /// Core NATS (no stream): requests relayed to one server, by its id.
    pub(super) relay_prefix: String,
}

impl Names {
    /// The topic an event's subject names.
    pub(super) fn topic_of<'a>(&self, subject: &'a str) -> &'a str {
        subject
            .strip_prefix(&self.events_prefix)
            .or_else(|| subject.strip_prefix(&self.addressed_prefix))
            .unwrap_or(subject)
    }

    pub(super) fn new(prefix: &str) -> Self {
        let upper = prefix.to_ascii_uppercase();
        Self {
            events_stream: format!("{upper}_EVENTS"),
            events_filter: format!("{prefix}.*.>"),
            events_prefix: format!("{prefix}.events."),
            addressed_prefix: format!("{prefix}.to."),
            plain_filter: format!("{prefix}.events.>"),
            addressed_filter: format!("{prefix}.to.>"),
            state_stream: format!("{upper}_STATE"),
            state_filter: format!("{prefix}.state.>"),
            state_ops: format!("{prefix}.state.ops"),
            state_snap: format!("{prefix}.state.snap"),
            state_done: format!("{prefix}.state.done"),
            dlq_stream: format!("{upper}_DLQ"),
            dlq_subject: format!("{prefix}.dlq"),
            members_stream: format!("{upper}_MEMBERS"),
            members_prefix: format!("{prefix}.members."),
            direct_stream: format!("{upper}_DIRECT"),
            direct_prefix: format!("{prefix}.direct."),
            attempts_stream: format!("{upper}_ATTEMPTS"),
            attempts_prefix: format!("{prefix}.attempts."),
            settled_stream: format!("{upper}_SETTLED"),
            settled_prefix: format!("{prefix}.settled."),
            steps_stream: format!("{upper}_STEPS"),
            steps_prefix: format!("{prefix}.steps."),
            relay_prefix: format!("{prefix}.relay."),
        }
    }
}

/// The streams of one bus prefix, set up.
pub(super) struct Streams {
    pub events: Stream,
    pub state: Stream,
    pub dlq: Stream,
    pub members: Stream,
    /// Kept to set the members stream up again: NATS keeps it in memory only.
    pub members_config: stream::Config,
    pub direct: Stream,
    pub attempts: Stream,
    pub settled: Stream,
    /// What happened to each event in each group: a list per group and bucket of seqs
    /// on `PREFIX.steps.BUCKET`, kept as long as the events are.
    pub steps: Stream,
}

impl Streams {
    /// Opens each stream of `names`, creating it or updating the limits `options` set.
    pub(super) async fn ensure(
        context: &Context,
        names: &Names,
        replicas: usize,
        options: &EngineOptions,
    ) -> anyhow::Result<Self> {
        let replicas = replicas.max(1);
        let retention = options.retention;
        let max_age = retention.max_age.unwrap_or_default();
        let mut dedup_window = options.dedup_window;
        if !max_age.is_zero() {
            // JetStream refuses a window longer than the stream keeps messages.
            dedup_window = dedup_window.min(max_age);
        }
        let plain = |name: &str, subject: String| stream_config(name, subject, replicas);
        let members_config = stream::Config {
            storage: stream::StorageType::Memory,
            max_age: PRESENCE,
            max_messages_per_subject: 1,
            ..plain(&names.members_stream, format!("{}>", names.members_prefix))
        };
        let (events, state, dlq, members, direct, attempts, settled, steps) = tokio::try_join!(
            ensure_stream(
                context,
                stream::Config {
                    max_age,
                    max_bytes: retention
                        .max_bytes
                        .map_or(-1, |bytes| bytes.min(i64::MAX as u64) as i64),
                    duplicate_window: dedup_window,
                    subjects: vec![names.plain_filter.clone(), names.addressed_filter.clone()],
                    ..plain(&names.events_stream, String::new())
                },
            ),
            ensure_stream(
                context,
                plain(&names.state_stream, names.state_filter.clone())
            ),
            ensure_stream(
                context,
                stream::Config {
                    duplicate_window: options.dedup_window,
                    ..plain(&names.dlq_stream, names.dlq_subject.clone())
                },
            ),
            ensure_stream(context, members_config.clone()),
            ensure_stream(
                context,
                plain(&names.direct_stream, format!("{}>", names.direct_prefix))
            ),
            ensure_stream(
                context,
                stream::Config {
                    max_messages_per_subject: 1,
                    ..plain(
                        &names.attempts_stream,
                        format!("{}>", names.attempts_prefix)
                    )
                },
            ),
            ensure_stream(
                context,
                plain(&names.settled_stream, format!("{}>", names.settled_prefix))
            ),
            ensure_stream(
                context,
                stream::Config {
                    max_age,
                    ..plain(&names.steps_stream, format!("{}>", names.steps_prefix))
                },
            ),
        )?;
        Ok(Self {
            events,
            state,
            dlq,
            members,
            members_config,
            direct,
            attempts,
            settled,
            steps,
        })
    }
}

/// Every stream a bus prefix owns: what `status` reports and clean-up deletes.
pub fn streams_of(prefix: &str) -> [String; 8] {
    let names = Names::new(prefix);
    [
        names.events_stream,
        names.state_stream,
        names.dlq_stream,
        names.members_stream,
        names.direct_stream,
        names.attempts_stream,
        names.settled_stream,
        names.steps_stream,
    ]
}

/// Waits (up to [`ELECTION`]) while JetStream answers nothing but time-outs: a cluster
/// started with the bus elects its leader in the first seconds. Any other answer, or
/// none in time, goes on to the stream set-up, which says what is wrong.
pub(super) async fn wait_for_jetstream(context: &Context) {
    let deadline = Instant::now() + ELECTION;
    let mut said = false;
    while Instant::now() < deadline {
        match context.query_account().await {
            Err(err) if err.to_string().contains("timed out") => {
                if !std::mem::replace(&mut said, true) {
                    tracing::info!("waiting for JetStream (a cluster electing its leader?)");
                }
            }
            _ => return,
        }
    }
}

/// A file-stored stream `name` over `subject`, with no limits of its own.
pub(super) fn stream_config(name: &str, subject: String, replicas: usize) -> stream::Config {
    stream::Config {
        name: name.to_owned(),
        subjects: vec![subject],
        storage: stream::StorageType::File,
        num_replicas: replicas,
        max_bytes: -1,
        max_messages: -1,
        ..Default::default()
    }
}

/// Opens a stream, creating it, or updating limits that `serve`'s flags changed.
pub(super) async fn ensure_stream(
    context: &Context,
    config: stream::Config,
) -> anyhow::Result<Stream> {
    // Boxed: the JetStream requests' futures are large, and start-up awaits several of
    // these at once on the caller's stack.
    Box::pin(open_or_create(context, config)).await
}

async fn open_or_create(context: &Context, config: stream::Config) -> anyhow::Result<Stream> {
    let name = config.name.clone();
    let hint = || {
        format!(
            "cannot set up the JetStream stream {name}: is JetStream enabled on the NATS server (nats-server -js)?"
        )
    };
    if let Ok(stream) = context.get_stream(&name).await {
        return update_if_changed(context, stream, config)
            .await
            .with_context(hint);
    }
    match context.create_stream(config.clone()).await {
        Ok(stream) => Ok(stream),
        // Another server created it in between: open that one.
        Err(err) if taken_by_another(&err) => {
            let stream = context.get_stream(&name).await.with_context(hint)?;
            update_if_changed(context, stream, config)
                .await
                .with_context(hint)
        }
        Err(err) => Err(err).with_context(hint),
    }
}

/// Whether a create failed because the stream now exists: JetStream says that its name,
/// or its subjects, are taken.
fn taken_by_another(err: &async_nats::jetstream::context::CreateStreamError) -> bool {
    use async_nats::jetstream::ErrorCode;
    use async_nats::jetstream::context::CreateStreamErrorKind;
    match err.kind() {
        CreateStreamErrorKind::JetStream(err) => matches!(
            err.error_code(),
            ErrorCode::STREAM_NAME_EXIST | ErrorCode::STREAM_SUBJECT_OVERLAP
        ),
        _ => false,
    }
}

/// Updates the limits of an existing stream where `config` differs.
async fn update_if_changed(
    context: &Context,
    stream: Stream,
    config: stream::Config,
) -> anyhow::Result<Stream> {
    let current = &stream.cached_info().config;
    let changed = current.max_age != config.max_age
        || current.max_bytes != config.max_bytes
        || current.duplicate_window != config.duplicate_window
        || current.num_replicas != config.num_replicas
        || current.subjects != config.subjects;
    if changed {
        context.update_stream(config).await?;
    }
    Ok(stream)
}
