//! Dead letters in a stream of their own: one message each, its id as the NATS message
//! id (so a re-sent one is stored once), its group in a header. An index of id → (seq,
//! group) stays in memory; bodies stay in NATS until asked for.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use async_nats::HeaderMap;
use async_nats::jetstream::consumer::DeliverPolicy;
use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage as Publish;
use async_nats::jetstream::{self, stream::Stream};
use bytes::Bytes;
use futures_util::future::try_join_all;

use super::cursor::{Cursor, header};
use super::unavailable;
use crate::engine::{DeadLetterQuery, EngineError, EngineResult, StoredDeadLetter};

const ID: &str = "Evbus-Dead-Letter";
const GROUP: &str = "Evbus-Group";

pub struct DeadLetters {
    stream: Stream,
    subject: String,
    /// id → (stream seq, group), in id (= age) order.
    index: BTreeMap<String, (u64, String)>,
    /// The newest stream seq the index has looked at.
    indexed_through: u64,
}

impl DeadLetters {
    /// Indexes the stream, reading headers only.
    pub async fn load(stream: Stream, subject: String) -> EngineResult<Self> {
        let mut letters = Self {
            stream,
            subject,
            index: BTreeMap::new(),
            indexed_through: 0,
        };
        letters.catch_up().await?;
        Ok(letters)
    }

    /// Takes in what other servers added or removed since this index last looked: new
    /// messages are indexed; a count that still disagrees (removals) rebuilds the index.
    pub async fn catch_up(&mut self) -> EngineResult<()> {
        let state = self.stream.get_info().await.map_err(unavailable)?.state;
        if state.last_sequence > self.indexed_through {
            self.index_from(self.indexed_through + 1, state.last_sequence)
                .await?;
        }
        if state.messages != self.index.len() as u64 {
            self.index.clear();
            self.index_from(1, state.last_sequence).await?;
        }
        Ok(())
    }

    /// Indexes the messages from `first` through `last`, reading headers only.
    async fn index_from(&mut self, first: u64, last: u64) -> EngineResult<()> {
        let start = DeliverPolicy::ByStartSequence {
            start_sequence: first,
        };
        let mut cursor = Cursor::open(&self.stream, &self.subject, start, true).await?;
        while let Some(page) = cursor.page_through(last, 1_000).await? {
            for message in page {
                let (seq, _) = super::cursor::position(&message)?;
                if let (Some(id), Some(group)) = (header(&message, ID), header(&message, GROUP)) {
                    self.index.insert(id.to_owned(), (seq, group.to_owned()));
                }
            }
        }
        self.indexed_through = self.indexed_through.max(last);
        Ok(())
    }

    /// Sends one dead letter; `record` indexes it once NATS has acknowledged.
    pub async fn send(
        &self,
        context: &jetstream::Context,
        letter: &StoredDeadLetter,
    ) -> EngineResult<PublishAckFuture> {
        let mut headers = HeaderMap::new();
        headers.insert(ID, letter.id.as_str());
        headers.insert(GROUP, letter.group.as_str());
        let message = Publish::build()
            .payload(Bytes::from(letter.body.clone()))
            .headers(headers)
            .message_id(&letter.id);
        context
            .send_publish(self.subject.clone(), message)
            .await
            .map_err(unavailable)
    }

    pub fn record(&mut self, letter: &StoredDeadLetter, seq: u64) {
        self.index
            .insert(letter.id.clone(), (seq, letter.group.clone()));
    }

    /// Deletes dead letters by id; unknown ids are already gone.
    pub async fn remove(&mut self, ids: &[String]) -> EngineResult<()> {
        if ids.iter().any(|id| !self.index.contains_key(id)) {
            self.catch_up().await?; // added through another server
        }
        let seqs: Vec<u64> = ids
            .iter()
            .filter_map(|id| self.index.get(id).map(|(seq, _)| *seq))
            .collect();
        try_join_all(seqs.iter().map(|seq| self.stream.delete_message(*seq)))
            .await
            .map_err(unavailable)?;
        for id in ids {
            self.index.remove(id);
        }
        Ok(())
    }

    pub fn counts(&self) -> HashMap<String, u64> {
        let mut counts = HashMap::new();
        for (_, group) in self.index.values() {
            *counts.entry(group.clone()).or_default() += 1;
        }
        counts
    }

    /// The page `query` asks for: (id, seq, group) in id order.
    pub fn page(&self, query: &DeadLetterQuery) -> Vec<(String, u64, String)> {
        let after = query.after.clone().unwrap_or_default();
        self.index
            .range::<String, _>((Bound::Excluded(after), Bound::Unbounded))
            .filter(|(_, (_, group))| query.group.as_ref().is_none_or(|wanted| wanted == group))
            .take(query.limit)
            .map(|(id, (seq, group))| (id.clone(), *seq, group.clone()))
            .collect()
    }

    pub fn locate(&self, id: &str) -> Option<(u64, String)> {
        self.index.get(id).cloned()
    }

    pub fn stream(&self) -> Stream {
        self.stream.clone()
    }
}

/// Fetches the bodies of indexed dead letters.
pub async fn fetch(
    stream: &Stream,
    entries: Vec<(String, u64, String)>,
) -> EngineResult<Vec<StoredDeadLetter>> {
    try_join_all(entries.into_iter().map(|(id, seq, group)| async move {
        let message = stream.get_raw_message(seq).await.map_err(unavailable)?;
        let body = String::from_utf8(message.payload.to_vec())
            .map_err(|err| EngineError::Corrupt(format!("dead letter {id}: {err}")))?;
        Ok(StoredDeadLetter { id, group, body })
    }))
    .await
}
