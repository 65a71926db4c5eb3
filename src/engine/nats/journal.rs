//! Group state (definitions, cursors, deliveries in progress, replay and route records)
//! kept in one JetStream stream as a journal of op lists, one message per atomic commit,
//! compacted now and then into a snapshot.
//!
//! A snapshot is written as parts on `.snap` (the first part's seq is the snapshot's
//! start; later parts name it in a header), then a `.done` marker carrying that start,
//! then everything before the start is purged. Loading reads from the newest `.done`'s
//! start: a snapshot cut short by a crash has no marker, so it is simply skipped.

use async_nats::HeaderMap;
use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::context::PublishErrorKind;
use async_nats::jetstream::message::PublishMessage as Publish;
use async_nats::jetstream::{self, stream::Stream};
use bytes::Bytes;

use super::cursor::{Cursor, header};
use super::{Names, unavailable};
use crate::engine::groups::GroupTables;
use crate::engine::{EngineError, EngineResult, GroupOp};

/// Journal messages after which the next commit writes a snapshot.
const SNAPSHOT_EVERY: u64 = 10_000;
/// Largest journal message; a bigger op list is split (each part still in order).
const MAX_PART_BYTES: usize = 256 << 10;
const SNAPSHOT_START: &str = "Evbus-Snapshot-Start";

pub struct Journal {
    context: jetstream::Context,
    stream: Stream,
    names: Names,
    /// Journal messages written since the snapshot loading started from.
    since_snapshot: u64,
    /// The newest message this journal knows of: each write expects it to still be the
    /// newest, so a second evbus server writing the same group state is refused loudly
    /// instead of both handing out the same events.
    last_seq: u64,
}

impl Journal {
    /// Replays the journal into fresh tables.
    pub async fn load(
        context: jetstream::Context,
        stream: Stream,
        names: Names,
    ) -> EngineResult<(Self, GroupTables)> {
        let start = match stream
            .get_last_raw_message_by_subject(&names.state_done)
            .await
        {
            Ok(marker) => parse_seq(&marker.payload)?,
            Err(_) => 1, // no snapshot yet: the journal from its first message
        };
        let last = stream
            .get_info()
            .await
            .map_err(unavailable)?
            .state
            .last_sequence;
        let mut tables = GroupTables::default();
        let mut since_snapshot = 0;
        let mut cursor = Cursor::open(
            &stream,
            &names.state_filter,
            DeliverPolicy::ByStartSequence {
                start_sequence: start,
            },
            false,
        )
        .await?;
        while let Some(page) = cursor.page_through(last, 1_000).await? {
            for message in page {
                let (seq, _) = super::cursor::position(&message)?;
                let subject = message.subject.as_str();
                let apply = if subject == names.state_ops {
                    since_snapshot += 1;
                    true
                } else if subject == names.state_snap {
                    let part_of = header(&message, SNAPSHOT_START)
                        .and_then(|start| start.parse::<u64>().ok());
                    seq == start || part_of == Some(start)
                } else {
                    false
                };
                if apply {
                    let ops: Vec<GroupOp> = serde_json::from_slice(&message.payload)
                        .map_err(|err| EngineError::Corrupt(format!("group journal: {err}")))?;
                    ops.into_iter().for_each(|op| tables.apply(op));
                }
            }
        }
        let journal = Self {
            context,
            stream,
            names,
            since_snapshot,
            last_seq: last,
        };
        Ok((journal, tables))
    }

    /// Writes `ops` as one journal message (split only when huge) and waits for NATS.
    pub async fn write(&mut self, ops: &[GroupOp]) -> EngineResult<()> {
        for part in parts(ops)? {
            let subject = self.names.state_ops.clone();
            self.publish(&subject, part, None).await?;
            self.since_snapshot += 1;
        }
        Ok(())
    }

    pub fn wants_snapshot(&self) -> bool {
        self.since_snapshot >= SNAPSHOT_EVERY
    }

    /// Writes `tables` as a snapshot and drops the journal before it.
    pub async fn snapshot(&mut self, tables: &GroupTables) -> EngineResult<()> {
        let snap = self.names.state_snap.clone();
        let mut start = None;
        for part in parts(&tables.snapshot_ops())? {
            let headers = start.map(|start: u64| {
                let mut headers = HeaderMap::new();
                headers.insert(SNAPSHOT_START, start.to_string().as_str());
                headers
            });
            let seq = self.publish(&snap, part, headers).await?;
            start.get_or_insert(seq);
        }
        let start = match start {
            Some(start) => start,
            // Nothing to keep: an empty part marks the place.
            None => self.publish(&snap, Bytes::from_static(b"[]"), None).await?,
        };
        let done = self.names.state_done.clone();
        self.publish(&done, Bytes::from(start.to_string()), None)
            .await?;
        self.stream
            .purge()
            .sequence(start)
            .await
            .map_err(unavailable)?;
        self.since_snapshot = 0;
        Ok(())
    }

    async fn publish(
        &mut self,
        subject: &str,
        payload: Bytes,
        headers: Option<HeaderMap>,
    ) -> EngineResult<u64> {
        let mut message = Publish::build()
            .payload(payload)
            .expected_last_sequence(self.last_seq);
        if let Some(headers) = headers {
            message = message.headers(headers);
        }
        let ack = self
            .context
            .send_publish(subject.to_owned(), message)
            .await
            .map_err(unavailable)?
            .await
            .map_err(|err| match err.kind() {
                PublishErrorKind::WrongLastSequence => EngineError::Conflict(format!(
                    "another evbus server changed this bus's group state ({}): on JetStream, groups, replay jobs and routes run on one server per --nats-prefix for now; attach their clients to that server",
                    self.names.state_stream
                )),
                _ => unavailable(err),
            })?;
        self.last_seq = ack.sequence;
        Ok(ack.sequence)
    }
}

/// `ops` as JSON arrays of at most about `MAX_PART_BYTES` each.
fn parts(ops: &[GroupOp]) -> EngineResult<Vec<Bytes>> {
    let mut parts = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for op in ops {
        let json = serde_json::to_vec(op).map_err(|err| EngineError::Corrupt(err.to_string()))?;
        if !current.is_empty() && current.len() + json.len() > MAX_PART_BYTES {
            current.push(b']');
            parts.push(Bytes::from(std::mem::take(&mut current)));
        }
        current.push(if current.is_empty() { b'[' } else { b',' });
        current.extend_from_slice(&json);
    }
    if !current.is_empty() {
        current.push(b']');
        parts.push(Bytes::from(current));
    }
    Ok(parts)
}

fn parse_seq(payload: &[u8]) -> EngineResult<u64> {
    std::str::from_utf8(payload)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| EngineError::Corrupt("group journal: a bad snapshot marker".into()))
}
