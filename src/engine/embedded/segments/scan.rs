//! Reading the records of one segment file in order, from an offset up to a limit, a
//! chunk at a time, without taking the file's cursor (readers share the file).

use std::fs::File;
use std::os::unix::fs::FileExt as _;

use super::record::{Frame, Record, frame, parse};

/// Bytes read from the file at a time, at least.
const CHUNK: usize = 64 * 1024;

pub(super) struct Scanner<'f> {
    file: &'f File,
    /// The file offset of `buf[0]`.
    base: u64,
    /// Where reading stops: the end of what is committed.
    limit: u64,
    buf: Vec<u8>,
    /// The next record's position in `buf`.
    at: usize,
}

/// Why a scan stopped before its limit.
#[derive(Debug)]
pub(super) enum Stop {
    /// The bytes at `offset` are not a whole record (a torn write, at start-up).
    Torn {
        offset: u64,
    },
    Io(std::io::Error),
}

impl<'f> Scanner<'f> {
    pub(super) fn new(file: &'f File, offset: u64, limit: u64) -> Self {
        Self {
            file,
            base: offset,
            limit,
            buf: Vec::new(),
            at: 0,
        }
    }

    /// The file offset of the next record.
    pub(super) fn offset(&self) -> u64 {
        self.base + self.at as u64
    }

    /// The next record, with the offsets where it starts and ends; `Ok(None)` at the
    /// limit.
    pub(super) fn next(&mut self) -> Result<Option<(u64, u64, Record<'_>)>, Stop> {
        loop {
            if self.offset() >= self.limit {
                return Ok(None);
            }
            match frame(&self.buf[self.at..]) {
                Frame::Whole(len) => {
                    let (start, offset) = (self.at, self.offset());
                    self.at += len;
                    return match parse(&self.buf[start..start + len]) {
                        Some(record) => Ok(Some((offset, offset + len as u64, record))),
                        None => Err(Stop::Torn { offset }),
                    };
                }
                Frame::Partial(needed) => {
                    if self.offset() + needed as u64 > self.limit {
                        return Err(Stop::Torn {
                            offset: self.offset(),
                        });
                    }
                    self.fill(needed).map_err(Stop::Io)?;
                }
                Frame::Corrupt => {
                    return Err(Stop::Torn {
                        offset: self.offset(),
                    });
                }
            }
        }
    }

    /// Reads on so that at least `needed` bytes from the next record are in `buf`.
    fn fill(&mut self, needed: usize) -> std::io::Result<()> {
        self.buf.drain(..self.at);
        self.base += self.at as u64;
        self.at = 0;
        let have = self.buf.len();
        let want = needed.max(CHUNK).max(have);
        let end = (self.base + want as u64).min(self.limit);
        let to_read = (end - self.base) as usize - have;
        self.buf.resize(have + to_read, 0);
        self.file
            .read_exact_at(&mut self.buf[have..], self.base + have as u64)
    }
}
