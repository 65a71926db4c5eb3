//! The embedded engine's event log: segment files of records under `DIR/log`, each named
//! by the seq of its first event, appended with one `write` and one `fdatasync` per group
//! commit. SQLite keeps everything else (groups, deliveries, dead letters, counts).
//!
//! Finding an event: a mark (seq, commit time, file, offset) every 32 KiB of records,
//! kept in memory and in SQLite, so a read starts at most one stride before its seq and
//! seeking by time is a binary search over marks (commit times never decrease along
//! seqs). Start-up reads the marks and scans only the records after the newest one.

use std::collections::VecDeque;
use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::path::PathBuf;
use std::sync::Arc;

use files::{create_segment, segment_path, write_at};
use record::Record;

mod files;
mod open;
mod record;
mod scan;
#[cfg(test)]
mod tests;
mod view;

pub(super) use record::Record as LogRecord;
pub(super) use view::LogView;

/// A segment takes no new commit once it is this big.
const SEGMENT_BYTES: u64 = 64 << 20;
/// Most bytes of records between two marks.
const MARK_STRIDE: u64 = 32 << 10;
/// Where recent reads ended, kept so that the next read from there (a group or a tail
/// reading on, page by page) starts at its event instead of the mark before it.
const HINTS: usize = 16;
/// How far the active segment is filled with zeros ahead of its records: an `fdatasync`
/// of data written over zeros has no file size to journal, which halves its time on ext4.
/// Start-up stops at the first zero length, as at a torn record.
const ZERO_AHEAD: u64 = 4 << 20;

/// Where one event's record starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    pub seq: u64,
    pub ts_ms: i64,
    /// The segment's name: the seq of its first event.
    pub segment: u64,
    pub offset: u64,
}

struct Segment {
    first_seq: u64,
    file: Arc<File>,
    /// The committed length: readers never read past it.
    len: u64,
}

#[derive(Default)]
struct Index {
    segments: Vec<Segment>,
    marks: VecDeque<Mark>,
}

/// The writer's side: stages one commit's records, writes them, and makes them visible.
pub(super) struct Segments {
    dir: PathBuf,
    view: LogView,
    active: Arc<File>,
    active_first: u64,
    /// The committed length of the active segment.
    active_len: u64,
    /// The offset of the active segment's newest mark, committed.
    mark_at: Option<u64>,
    staged: Vec<u8>,
    staged_marks: Vec<Mark>,
    /// Written (and synced) but not yet visible: the active segment's length after it.
    written: Option<u64>,
    /// Marks not yet stored in SQLite.
    unsaved: Vec<Mark>,
    /// A segment takes no new commit once it is this big.
    segment_bytes: u64,
    /// The active segment's length on disk, zeros past `active_len` included.
    zeroed: u64,
}

/// How many of the oldest segments (their first seqs, in order) hold only events before
/// `keep_from`: those whose successor starts at or before it. The newest always stays.
fn wholly_before(firsts: impl Iterator<Item = u64>, keep_from: u64) -> usize {
    firsts
        .skip(1)
        .take_while(|&first| first <= keep_from)
        .count()
}

impl Segments {
    pub(super) fn view(&self) -> LogView {
        self.view.clone()
    }

    /// Adds an event to the commit being staged; a full segment is sealed before a
    /// commit's first event, so a commit never spans two files.
    pub(super) fn stage_event(
        &mut self,
        seq: u64,
        ts_ms: i64,
        topic: &str,
        dedup: Option<&str>,
        json: &[u8],
    ) -> std::io::Result<()> {
        if self.staged.is_empty() && self.active_len >= self.segment_bytes {
            self.roll(seq)?;
        }
        let offset = self.active_len + self.staged.len() as u64;
        let newest = self.staged_marks.last().map(|m| m.offset).or(self.mark_at);
        if newest.is_none_or(|at| offset - at >= MARK_STRIDE) {
            self.staged_marks.push(Mark {
                seq,
                ts_ms,
                segment: self.active_first,
                offset,
            });
        }
        Record::Event {
            seq,
            ts_ms,
            topic,
            dedup,
            json,
        }
        .encode(&mut self.staged);
        Ok(())
    }

    /// Adds the state changes committed with the staged events.
    pub(super) fn stage_ops(&mut self, json: &[u8]) {
        Record::Ops(json).encode(&mut self.staged);
    }

    /// Writes the staged commit, ending with `last_seq`, in one `write`, and syncs it if
    /// `sync`. Nothing is visible until `publish`; `undo` takes it back.
    pub(super) fn write(&mut self, last_seq: u64, sync: bool) -> std::io::Result<()> {
        Record::Commit { last_seq }.encode(&mut self.staged);
        let end = self.active_len + self.staged.len() as u64;
        // Zeros ahead only pay off for a commit that is synced.
        let zeroed = if sync { self.zero_to(end) } else { Ok(()) };
        let result =
            zeroed.and_then(|()| write_at(&self.active, &self.staged, self.active_len, sync));
        self.staged.clear();
        match result {
            Ok(()) => {
                self.written = Some(end);
                Ok(())
            }
            Err(err) => {
                self.undo();
                Err(err)
            }
        }
    }

    /// Takes back a staged or written commit that its SQLite half refused.
    pub(super) fn undo(&mut self) {
        self.staged.clear();
        self.staged_marks.clear();
        // A zero length where the commit starts: start-up stops there, as at a torn write.
        if self.written.take().is_some()
            && let Err(err) = self
                .active
                .write_all_at(&[0; record::HEADER], self.active_len)
                .and_then(|()| self.active.sync_data())
        {
            tracing::error!(error = %err, "cannot cut a refused commit from the log");
        }
    }

    /// Makes the written commit visible to readers.
    pub(super) fn publish(&mut self) {
        let Some(end) = self.written.take() else {
            return;
        };
        self.active_len = end;
        if let Some(mark) = self.staged_marks.last() {
            self.mark_at = Some(mark.offset);
        }
        let mut index = self.view.index.write().expect("log index poisoned");
        if let Some(active) = index.segments.last_mut() {
            active.len = end;
        }
        index.marks.extend(self.staged_marks.iter().copied());
        drop(index);
        self.unsaved.append(&mut self.staged_marks);
    }

    /// The marks not yet stored in SQLite; the caller stores them.
    pub(super) fn take_unsaved(&mut self) -> Vec<Mark> {
        std::mem::take(&mut self.unsaved)
    }

    /// Gives marks back that could not be stored, to be stored with the next flush.
    pub(super) fn keep_unsaved(&mut self, mut marks: Vec<Mark>) {
        marks.append(&mut self.unsaved);
        self.unsaved = marks;
    }

    /// Syncs the active segment (closing, or `--fsync never` sealing a segment).
    pub(super) fn sync(&self) -> std::io::Result<()> {
        self.active.sync_data()
    }

    /// Removes the segment files holding only events before `keep_from`, never the
    /// active one, and their marks. Returns the first kept segment's name.
    pub(super) fn forget_before(&mut self, keep_from: u64) -> std::io::Result<u64> {
        let mut index = self.view.index.write().expect("log index poisoned");
        let firsts = index.segments.iter().map(|segment| segment.first_seq);
        let count = wholly_before(firsts, keep_from);
        let gone: Vec<u64> = index
            .segments
            .drain(..count)
            .map(|segment| segment.first_seq)
            .collect();
        let first = index.segments[0].first_seq;
        while index.marks.front().is_some_and(|mark| mark.segment < first) {
            index.marks.pop_front();
        }
        drop(index);
        self.view.hints.lock().expect("read hints poisoned").clear();
        self.unsaved.retain(|mark| mark.segment >= first);
        for segment in gone {
            std::fs::remove_file(segment_path(&self.dir, segment))?;
        }
        Ok(first)
    }

    /// Seals the active segment and starts a new one at `first_seq`.
    fn roll(&mut self, first_seq: u64) -> std::io::Result<()> {
        // Sealed without its zeros: a sealed segment is read to its file's end.
        self.active.set_len(self.active_len)?;
        self.active.sync_data()?;
        let file = Arc::new(create_segment(&self.dir, first_seq)?);
        self.view
            .index
            .write()
            .expect("log index poisoned")
            .segments
            .push(Segment {
                first_seq,
                file: file.clone(),
                len: 0,
            });
        self.active = file;
        self.active_first = first_seq;
        self.active_len = 0;
        self.zeroed = 0;
        self.mark_at = None;
        Ok(())
    }

    /// Fills the active segment with zeros past `end`, `ZERO_AHEAD` at a time.
    fn zero_to(&mut self, end: u64) -> std::io::Result<()> {
        if end <= self.zeroed {
            return Ok(());
        }
        static ZEROS: [u8; 64 << 10] = [0; 64 << 10];
        let target = end + ZERO_AHEAD;
        while self.zeroed < target {
            let len = ZEROS.len().min((target - self.zeroed) as usize);
            self.active.write_all_at(&ZEROS[..len], self.zeroed)?;
            self.zeroed += len as u64;
        }
        // On disk now, so a commit's sync has no blocks to allocate and no size to write.
        self.active.sync_data()
    }
}
