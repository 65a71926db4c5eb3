//! Following the log: every event stored through any server reaches this server's
//! live readers.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::DeliverPolicy;
use futures_util::{FutureExt as _, StreamExt as _};

use super::cursor::Cursor;
use super::streams::ensure_stream;
use super::{Inner, unavailable};
use crate::engine::EngineResult;

/// Feeds every event in the log, from whichever server, to this server's live readers.
pub(super) async fn follow(inner: Arc<Inner>, mut next: u64) {
    loop {
        if let Err(err) = follow_from(&inner, &mut next).await {
            tracing::debug!(error = %err, next, "following the JetStream log again");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        // The log stopped: NATS may have restarted, and lost what it kept in memory.
        if let Err(err) = ensure_stream(&inner.context, inner.members_config.clone()).await {
            tracing::debug!(error = %err, "cannot set up the members stream yet");
        }
    }
}

/// Follows the log from `next` until NATS fails; `next` moves with what was published.
pub(super) async fn follow_from(inner: &Inner, next: &mut u64) -> EngineResult<()> {
    let start = DeliverPolicy::ByStartSequence {
        start_sequence: *next,
    };
    let cursor = Cursor::open(&inner.events, &inner.names.events_filter, start, false).await?;
    let mut messages = cursor.follow().await?;
    while let Some(message) = messages.next().await {
        let mut batch = vec![message];
        while batch.len() < 512 {
            match messages.next().now_or_never() {
                Some(Some(message)) => batch.push(message),
                _ => break,
            }
        }
        let mut events = Vec::with_capacity(batch.len());
        let mut failure = None;
        for message in batch {
            match message.map_err(unavailable).and_then(|m| inner.stored(&m)) {
                Ok(event) if event.seq >= *next => events.push(event),
                Ok(_) => {}
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
        if let Some(last) = events.last() {
            *next = last.seq + 1;
            inner.live.publish(&events);
        }
        if let Some(err) = failure {
            return Err(err);
        }
    }
    Ok(())
}
