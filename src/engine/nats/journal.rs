//! Group state (definitions, cursors, deliveries in progress, replay and route records)
//! kept in one JetStream stream as a journal of op lists, one message per atomic commit,
//! compacted now and then into a snapshot.
//!
//! A snapshot is written as parts on `.snap` (the first part's seq is the snapshot's
//! start; later parts name it in a header), then a `.done` marker carrying that start,
//! then everything before the start is purged. Loading reads from the newest `.done`'s
//! start: a snapshot cut short by a crash has no marker, so it is simply skipped.
//!
//! Every server of the bus writes the journal (each its own replay jobs). A write
//! expects the newest message to be the one this server knows of; when another server
//! wrote since, the server reads the journal again and writes once more (the ops are
//! upserts and removals by key, so they apply on top of the other server's).

use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::context::PublishErrorKind;
use async_nats::jetstream::message::PublishMessage as Publish;
use async_nats::jetstream::{self, stream::Stream};
use bytes::Bytes;

use super::cursor::{Cursor, header};
use super::{Names, unavailable};
use crate::engine::state::StateTables;
use crate::engine::{EngineError, EngineResult, StateOp};

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
    /// newest, so a write never lands on state this server has not read.
    last_seq: u64,
}

/// How long a write keeps catching up with other servers' writes before giving up.
const WRITE_PATIENCE: Duration = Duration::from_secs(10);

impl Journal {
    /// Replays the journal into fresh tables.
    pub async fn load(
        context: jetstream::Context,
        stream: Stream,
        names: Names,
    ) -> EngineResult<(Self, StateTables)> {
        let mut journal = Self {
            context,
            stream,
            names,
            since_snapshot: 0,
            last_seq: 0,
        };
        let tables = journal.read().await?;
        Ok((journal, tables))
    }

    /// Applies what other servers wrote since this server last read: from where it
    /// left off, or the whole journal again when a snapshot purged part of that.
    pub async fn catch_up(&mut self, tables: &mut StateTables) -> EngineResult<()> {
        let info = self.stream.get_info().await.map_err(unavailable)?;
        let (first, last) = (info.state.first_sequence, info.state.last_sequence);
        if last == self.last_seq {
            return Ok(());
        }
        if first > self.last_seq + 1 {
            *tables = self.read().await?;
            return Ok(());
        }
        self.apply_from(self.last_seq + 1, None, last, tables).await
    }

    async fn newest(&self) -> EngineResult<u64> {
        let info = self.stream.get_info().await.map_err(unavailable)?;
        Ok(info.state.last_sequence)
    }

    /// The tables the journal holds now, from the newest complete snapshot on.
    async fn read(&mut self) -> EngineResult<StateTables> {
        let start = match self
            .stream
            .get_last_raw_message_by_subject(&self.names.state_done)
            .await
        {
            Ok(marker) => parse_seq(&marker.payload)?,
            Err(_) => 1, // no snapshot yet: the journal from its first message
        };
        let last = self.newest().await?;
        let mut tables = StateTables::default();
        self.since_snapshot = 0;
        self.apply_from(start, Some(start), last, &mut tables)
            .await?;
        Ok(tables)
    }

    /// Applies the journal from `start` through `last` to `tables`. Reading from a
    /// snapshot (`snapshot`: its start), only that snapshot's parts count; catching up,
    /// every part does (a snapshot restates what its writer had read, which is all the
    /// journal before it).
    async fn apply_from(
        &mut self,
        start: u64,
        snapshot: Option<u64>,
        last: u64,
        tables: &mut StateTables,
    ) -> EngineResult<()> {
        let names = &self.names;
        let mut cursor = Cursor::open(
            &self.stream,
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
                    self.since_snapshot += 1;
                    true
                } else if subject == names.state_snap {
                    let part_of = header(&message, SNAPSHOT_START)
                        .and_then(|start| start.parse::<u64>().ok());
                    snapshot.is_none_or(|start| seq == start || part_of == Some(start))
                } else {
                    // Another server's snapshot is done: the count starts over.
                    self.since_snapshot = 0;
                    false
                };
                if apply {
                    let ops: Vec<StateOp> = serde_json::from_slice(&message.payload)
                        .map_err(|err| EngineError::Corrupt(format!("group journal: {err}")))?;
                    ops.into_iter().for_each(|op| tables.apply(op));
                }
            }
        }
        self.last_seq = last;
        Ok(())
    }

    /// Writes `ops` as one journal message (split only when huge) and waits for NATS;
    /// when another server wrote first, catches up with it and writes again.
    pub async fn write(&mut self, ops: &[StateOp], tables: &mut StateTables) -> EngineResult<()> {
        let patience = tokio::time::Instant::now() + WRITE_PATIENCE;
        let mut parts = parts(ops)?.into_iter().peekable();
        while let Some(part) = parts.peek() {
            let subject = self.names.state_ops.clone();
            match self.publish(&subject, part.clone(), None).await {
                Ok(_) => {
                    parts.next();
                    self.since_snapshot += 1;
                }
                Err(Written::Elsewhere) if tokio::time::Instant::now() < patience => {
                    self.catch_up(tables).await?;
                    // Two servers writing in step would keep colliding: break the step.
                    let jitter = Duration::from_micros(fastrand::u64(..2_000));
                    tokio::time::sleep(jitter).await;
                }
                Err(err) => return Err(err.into()),
            }
        }
        Ok(())
    }

    pub fn wants_snapshot(&self) -> bool {
        self.since_snapshot >= SNAPSHOT_EVERY
    }

    /// Writes `tables` as a snapshot and drops the journal before it. Another server
    /// writing meanwhile leaves the snapshot unfinished (no marker, so never read): the
    /// tables are read again and the snapshot waits for a later commit.
    pub async fn snapshot(&mut self, tables: &mut StateTables) -> EngineResult<()> {
        match self.write_snapshot(tables).await {
            Err(Written::Elsewhere) => self.catch_up(tables).await,
            other => other.map_err(EngineError::from),
        }
    }

    async fn write_snapshot(&mut self, tables: &StateTables) -> Result<(), Written> {
        let snap = self.names.state_snap.clone();
        let mut start = None;
        for part in parts(&tables.snapshot_ops()).map_err(Written::Failed)? {
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
            .map_err(|err| Written::Failed(unavailable(err)))?;
        self.since_snapshot = 0;
        Ok(())
    }

    async fn publish(
        &mut self,
        subject: &str,
        payload: Bytes,
        headers: Option<HeaderMap>,
    ) -> Result<u64, Written> {
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
            .map_err(|err| Written::Failed(unavailable(err)))?
            .await
            .map_err(|err| match err.kind() {
                PublishErrorKind::WrongLastSequence => Written::Elsewhere,
                _ => Written::Failed(unavailable(err)),
            })?;
        self.last_seq = ack.sequence;
        Ok(ack.sequence)
    }
}

/// Why a journal message was not written.
enum Written {
    /// Another server wrote first: read the journal again.
    Elsewhere,
    Failed(EngineError),
}

impl From<Written> for EngineError {
    fn from(written: Written) -> Self {
        match written {
            Written::Elsewhere => EngineError::Unavailable(
                "the group journal kept changing under this server's writes; try again".into(),
            ),
            Written::Failed(err) => err,
        }
    }
}

/// `ops` as JSON arrays of at most about `MAX_PART_BYTES` each.
fn parts(ops: &[StateOp]) -> EngineResult<Vec<Bytes>> {
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
