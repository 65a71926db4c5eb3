//! What the bus settled, written down before JetStream is told (`PREFIX_SETTLED`).
//!
//! JetStream confirms an `+ACK` once the consumer has it in memory; nats-server (2.9 and
//! 2.15 alike) writes a consumer's acks to disk on its own schedule, so after a `kill -9`
//! of NATS it hands out again events whose ack it had confirmed. A stream message,
//! though, is in NATS's file before it is confirmed. So a completion or a termination
//! first stores a marker (one message per consumer and settle: how, and the stream seqs)
//! and only then tells the consumer; a hand-out that a marker names is settled again the
//! same way and never reaches a member.
//!
//! Only what can have been settled already needs a look: redeliveries, and events at or
//! below the streams' last seq when this server first saw the NATS server it is on now
//! (each start of nats-server has a new id, and a reconnect to another cluster node
//! names that node). Anything else was stored after, so in steady state a hand-out costs
//! no lookup. Markers count only from the consumer's creation on (a reset group starts
//! over under the same name), and are purged once NATS has run for [`KEEP_FOR`] since
//! they were written, by when the consumer's own state holds the acks on disk.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::{DeliverPolicy, PullConsumer};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, Context, stream::Stream};

use super::cursor::{Cursor, epoch_ms, position};
use super::unavailable;
use crate::engine::EngineResult;
use crate::engine::handout::HandoutToken;

/// How long a marker outlives its write while one NATS server runs throughout.
const KEEP_FOR: Duration = Duration::from_secs(60);
/// How often the purge looks.
const PURGE_EVERY: Duration = Duration::from_secs(20);

pub struct Settled {
    context: Context,
    stream: Stream,
    /// `PREFIX.settled.`
    prefix: String,
    /// The streams whose hand-outs may need a look, and up to which seq.
    watched: Vec<Stream>,
    suspect: std::sync::Mutex<Suspect>,
    /// What each consumer's markers say (by marker subject), read as hand-outs need.
    known: tokio::sync::Mutex<HashMap<String, Known>>,
}

/// One consumer's markers, read up to a seq of the marker stream.
#[derive(Default)]
struct Known {
    /// When the consumer they are for was created (epoch ms).
    created_ms: i64,
    through: u64,
    settled: HashMap<u64, bytes::Bytes>,
}

/// The NATS server the bounds were read from, and each watched stream's bound.
#[derive(Default)]
struct Suspect {
    server_id: String,
    through: HashMap<String, u64>,
}

impl Settled {
    pub fn new(context: Context, stream: Stream, prefix: String, watched: Vec<Stream>) -> Self {
        Self {
            context,
            stream,
            prefix,
            watched,
            suspect: Default::default(),
            known: Default::default(),
        }
    }

    /// Reads the bounds now, before anything is handed out: what is stored later was
    /// not settled before.
    pub async fn begin(&self, client: &async_nats::Client) -> EngineResult<()> {
        self.suspect_through(client).await.map(drop)
    }

    /// Stores markers for hand-outs settled `how` (`+ACK`, `+TERM`): one message per
    /// consumer; returns once NATS has them.
    pub async fn record(&self, tokens: &[HandoutToken], how: &'static [u8]) -> EngineResult<()> {
        let mut seqs: HashMap<String, Vec<u8>> = HashMap::new();
        for token in tokens {
            let Some((stream, consumer, seq)) = ack_parts(token) else {
                continue;
            };
            let payload = seqs
                .entry(self.subject(stream, consumer))
                .or_insert_with(|| how.to_vec());
            payload.push(b' ');
            payload.extend_from_slice(seq.as_bytes());
        }
        let mut acks = Vec::with_capacity(seqs.len());
        for (subject, payload) in seqs {
            let message = PublishMessage::build().payload(payload.into());
            acks.push(
                self.context
                    .send_publish(subject, message)
                    .await
                    .map_err(unavailable)?,
            );
        }
        for ack in acks {
            ack.await.map_err(unavailable)?;
        }
        Ok(())
    }

    /// `PREFIX.settled.STREAM.CONSUMER`: where the markers of one consumer go.
    fn subject(&self, stream: &str, consumer: &str) -> String {
        format!("{}{stream}.{consumer}", self.prefix)
    }

    /// Forgets what consumer `consumer` on `stream` settled: a group reset or deleted
    /// starts over under the same consumer name, and hands out the same seqs anew.
    pub async fn forget_consumer(&self, stream: &str, consumer: &str) -> EngineResult<()> {
        self.stream
            .purge()
            .filter(self.subject(stream, consumer))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// `messages` (from `consumer`) without those a marker says were settled already;
    /// those are settled again (NATS forgot) and left out.
    pub async fn unsettled(
        &self,
        client: &async_nats::Client,
        consumer: &PullConsumer,
        messages: Vec<jetstream::Message>,
    ) -> EngineResult<Vec<jetstream::Message>> {
        let through = self.suspect_through(client).await?;
        let suspect = |message: &jetstream::Message| {
            message.info().is_ok_and(|info| {
                let bound = through.get(info.stream).copied().unwrap_or(0);
                // A redelivery may follow an `+ACK` that never arrived.
                info.stream_sequence <= bound || info.delivered > 1
            })
        };
        if !messages.iter().any(suspect) {
            return Ok(messages);
        }
        let info = consumer.get_info().await.map_err(unavailable)?;
        let subject = self.subject(&info.stream_name, &info.name);
        let mut known = self.known.lock().await;
        let known = known.entry(subject.clone()).or_default();
        self.read_markers(&subject, epoch_ms(info.created), known)
            .await?;
        // At or below the ack floor nothing is handed out again.
        known
            .settled
            .retain(|seq, _| *seq > info.ack_floor.stream_sequence);
        let mut kept = Vec::with_capacity(messages.len());
        for message in messages {
            let seq = message.info().map(|info| info.stream_sequence).ok();
            let how = seq
                .and_then(|seq| known.settled.get(&seq))
                .filter(|_| suspect(&message));
            match (how, &message.reply) {
                (Some(how), Some(reply)) => {
                    client
                        .publish(reply.to_string(), how.clone())
                        .await
                        .map_err(unavailable)?;
                }
                _ => kept.push(message),
            }
        }
        Ok(kept)
    }

    /// Brings `known` up to the marker stream's end: what was written on `subject` since
    /// it was last read, from the consumer's creation on.
    async fn read_markers(
        &self,
        subject: &str,
        created_ms: i64,
        known: &mut Known,
    ) -> EngineResult<()> {
        if known.created_ms != created_ms {
            *known = Known {
                created_ms,
                ..Known::default()
            };
        }
        let last = self
            .stream
            .get_info()
            .await
            .map_err(unavailable)?
            .state
            .last_sequence;
        if last <= known.through {
            return Ok(());
        }
        let start = DeliverPolicy::ByStartSequence {
            start_sequence: known.through + 1,
        };
        let mut cursor = Cursor::open(&self.stream, subject, start, false).await?;
        while let Some(page) = cursor.page_through(last, 1_000).await? {
            for marker in page {
                if position(&marker)?.1 < created_ms {
                    continue;
                }
                let mut words = marker.payload.split(|byte| *byte == b' ');
                let how = bytes::Bytes::copy_from_slice(words.next().unwrap_or_default());
                for seq in words.filter_map(|word| std::str::from_utf8(word).ok()?.parse().ok()) {
                    known.settled.insert(seq, how.clone());
                }
            }
        }
        known.through = last;
        Ok(())
    }

    /// Each watched stream's last seq as of when this server first saw the NATS server
    /// it is connected to now.
    async fn suspect_through(
        &self,
        client: &async_nats::Client,
    ) -> EngineResult<HashMap<String, u64>> {
        let server_id = client.server_info().server_id;
        {
            let suspect = self.suspect.lock().expect("suspect lock poisoned");
            if suspect.server_id == server_id {
                return Ok(suspect.through.clone());
            }
        }
        let mut through = HashMap::new();
        for stream in &self.watched {
            let info = stream.get_info().await.map_err(unavailable)?;
            through.insert(info.config.name, info.state.last_sequence);
        }
        let mut suspect = self.suspect.lock().expect("suspect lock poisoned");
        *suspect = Suspect {
            server_id,
            through: through.clone(),
        };
        Ok(through)
    }

    /// Purges markers once the NATS server they were written to has run [`KEEP_FOR`]
    /// since; forever, as a task.
    pub async fn purge_old(&self, client: async_nats::Client) {
        // (when, NATS server, the marker stream's last seq then)
        let mut seen: VecDeque<(Instant, String, u64)> = VecDeque::new();
        loop {
            tokio::time::sleep(PURGE_EVERY).await;
            let server_id = client.server_info().server_id;
            let Ok(info) = self.stream.get_info().await else {
                continue;
            };
            // A restart or another node: nothing written before may go yet.
            seen.retain(|(_, id, _)| *id == server_id);
            seen.push_back((Instant::now(), server_id, info.state.last_sequence));
            let mut upto = None;
            while let Some((when, _, last)) = seen.front() {
                if when.elapsed() < KEEP_FOR {
                    break;
                }
                upto = Some(*last);
                seen.pop_front();
            }
            if let Some(last) = upto.filter(|last| *last > 0)
                && let Err(err) = self.stream.purge().sequence(last + 1).await
            {
                tracing::debug!(error = %err, "cannot purge settled markers yet");
            }
        }
    }
}

/// The stream, consumer and stream seq an ack subject names, in either of its forms:
/// `$JS.ACK.STREAM.CONSUMER.DELIVERED.SEQ.…` (9 tokens) or, with a domain and an account
/// hash, `$JS.ACK.DOMAIN.HASH.STREAM.CONSUMER.DELIVERED.SEQ.…` (11 and more).
fn ack_parts(ack_subject: &str) -> Option<(&str, &str, &str)> {
    let tokens: Vec<&str> = ack_subject.split('.').collect();
    let at = match tokens.len() {
        9 => 2,
        n if n >= 11 => 4,
        _ => return None,
    };
    Some((tokens[at], tokens[at + 1], tokens[at + 3]))
}

#[cfg(test)]
mod tests {
    use super::ack_parts;

    #[test]
    fn ack_subjects_name_stream_consumer_and_seq_in_both_forms() {
        let parts = Some(("EV_EVENTS", "g-work", "42"));
        assert_eq!(
            ack_parts("$JS.ACK.EV_EVENTS.g-work.1.42.7.1700000000.3"),
            parts
        );
        assert_eq!(
            ack_parts("$JS.ACK.hub.ACCHASH.EV_EVENTS.g-work.1.42.7.1700000000.3.rnd"),
            parts
        );
        assert_eq!(ack_parts("_INBOX.abc"), None);
    }
}
