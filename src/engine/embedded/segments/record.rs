//! One record of a segment file, as bytes: `[len u32][crc32 u32][payload]`, the payload
//! being a kind byte and its fields, little-endian.
//!
//! Three kinds: an event; the state changes committed with a batch of events (so a crash
//! between the segment and SQLite can be replayed); and the end of a commit. Start-up
//! keeps a segment's records through its last commit end only, so a commit torn by a
//! power cut is dropped whole, as SQLite would drop a torn transaction.

/// Bytes before each payload: its length and its checksum.
pub(super) const HEADER: usize = 8;
/// No record is bigger: a length beyond it is a torn or foreign file, not an event.
const MAX_PAYLOAD: usize = 1 << 30;

const EVENT: u8 = 1;
const OPS: u8 = 2;
const COMMIT: u8 = 3;
/// The dedup length that says "no dedup key".
const NO_DEDUP: u32 = u32::MAX;

#[derive(Debug, PartialEq)]
pub(crate) enum Record<'a> {
    Event {
        seq: u64,
        ts_ms: i64,
        topic: &'a str,
        dedup: Option<&'a str>,
        json: &'a [u8],
    },
    /// The JSON list of `StateOp`s committed with the events before it.
    Ops(&'a [u8]),
    /// The end of a commit whose newest event is `last_seq`.
    Commit { last_seq: u64 },
}

impl Record<'_> {
    /// Appends this record, framed, to `out`.
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&[0; HEADER]);
        match *self {
            Record::Event {
                seq,
                ts_ms,
                topic,
                dedup,
                json,
            } => {
                out.push(EVENT);
                out.extend_from_slice(&seq.to_le_bytes());
                out.extend_from_slice(&ts_ms.to_le_bytes());
                out.extend_from_slice(&(topic.len() as u32).to_le_bytes());
                let dedup_len = dedup.map_or(NO_DEDUP, |key| key.len() as u32);
                out.extend_from_slice(&dedup_len.to_le_bytes());
                out.extend_from_slice(topic.as_bytes());
                out.extend_from_slice(dedup.unwrap_or_default().as_bytes());
                out.extend_from_slice(json);
            }
            Record::Ops(json) => {
                out.push(OPS);
                out.extend_from_slice(json);
            }
            Record::Commit { last_seq } => {
                out.push(COMMIT);
                out.extend_from_slice(&last_seq.to_le_bytes());
            }
        }
        let payload = &out[start + HEADER..];
        let (len, crc) = (payload.len() as u32, crc32fast::hash(payload));
        out[start..start + 4].copy_from_slice(&len.to_le_bytes());
        out[start + 4..start + HEADER].copy_from_slice(&crc.to_le_bytes());
    }
}

/// What the bytes at the front of a buffer hold.
#[derive(Debug, PartialEq)]
pub(super) enum Frame {
    /// A whole record of this many bytes, header included, its checksum right.
    Whole(usize),
    /// The front of a record that needs this many bytes in all.
    Partial(usize),
    /// Not a record: a torn write, or not an evbus segment.
    Corrupt,
}

/// Checks the record at the front of `buf`.
pub(super) fn frame(buf: &[u8]) -> Frame {
    if buf.len() < HEADER {
        return Frame::Partial(HEADER);
    }
    let len = u32::from_le_bytes(buf[..4].try_into().expect("4 bytes")) as usize;
    if len == 0 || len > MAX_PAYLOAD {
        return Frame::Corrupt;
    }
    let Some(payload) = buf.get(HEADER..HEADER + len) else {
        return Frame::Partial(HEADER + len);
    };
    let crc = u32::from_le_bytes(buf[4..HEADER].try_into().expect("4 bytes"));
    if crc32fast::hash(payload) == crc {
        Frame::Whole(HEADER + len)
    } else {
        Frame::Corrupt
    }
}

/// Reads a whole record that `frame` said is `Whole`: `None` if its fields do not add up.
pub(super) fn parse(record: &[u8]) -> Option<Record<'_>> {
    let payload = record.get(HEADER..)?;
    let (&kind, rest) = payload.split_first()?;
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(rest.get(at..at + 8)?.try_into().ok()?))
    };
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(rest.get(at..at + 4)?.try_into().ok()?))
    };
    match kind {
        EVENT => {
            let (seq, ts_ms) = (u64_at(0)?, u64_at(8)? as i64);
            let topic_len = u32_at(16)? as usize;
            let dedup_len = u32_at(20)?;
            let topic_end = 24 + topic_len;
            let topic = std::str::from_utf8(rest.get(24..topic_end)?).ok()?;
            let (dedup, json_start) = if dedup_len == NO_DEDUP {
                (None, topic_end)
            } else {
                let end = topic_end + dedup_len as usize;
                (
                    Some(std::str::from_utf8(rest.get(topic_end..end)?).ok()?),
                    end,
                )
            };
            Some(Record::Event {
                seq,
                ts_ms,
                topic,
                dedup,
                json: rest.get(json_start..)?,
            })
        }
        OPS => Some(Record::Ops(rest)),
        COMMIT => Some(Record::Commit {
            last_seq: u64_at(0)?,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let records = [
            Record::Event {
                seq: 7,
                ts_ms: 1_700_000_000_000,
                topic: "order.created",
                dedup: Some("src\nid"),
                json: br#"{"seq":7}"#,
            },
            Record::Event {
                seq: 8,
                ts_ms: -1,
                topic: "a",
                dedup: None,
                json: b"{}",
            },
            Record::Ops(b"[]"),
            Record::Commit { last_seq: 8 },
        ];
        let mut buf = Vec::new();
        for record in &records {
            record.encode(&mut buf);
        }
        let mut rest = &buf[..];
        for record in &records {
            let Frame::Whole(len) = frame(rest) else {
                panic!("not whole")
            };
            assert_eq!(parse(&rest[..len]).as_ref(), Some(record));
            rest = &rest[len..];
        }
        assert!(rest.is_empty());
    }

    #[test]
    fn a_torn_or_damaged_record_is_told_apart() {
        let mut buf = Vec::new();
        Record::Commit { last_seq: 3 }.encode(&mut buf);
        assert_eq!(frame(&buf[..5]), Frame::Partial(HEADER));
        assert_eq!(frame(&buf[..HEADER + 2]), Frame::Partial(buf.len()));
        let last = buf.len() - 1;
        buf[last] ^= 1;
        assert_eq!(frame(&buf), Frame::Corrupt);
        assert_eq!(frame(&[0; 12]), Frame::Corrupt);
    }
}
