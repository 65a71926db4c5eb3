//! The embedded engine's event log: segment files of records under `DIR/log`, each named
//! by the seq of its first event, appended with one `write` and one `fdatasync` per group
//! commit. SQLite keeps everything else (groups, deliveries, dead letters, counts).
//!
//! Finding an event: a mark (seq, commit time, file, offset) every 32 KiB of records,
//! kept in memory and in SQLite, so a read starts at most one stride before its seq and
//! seeking by time is a binary search over marks (commit times never decrease along
//! seqs). Start-up reads the marks and scans only the records after the newest one.

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::ops::ControlFlow;
use std::os::unix::fs::{DirBuilderExt as _, FileExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use record::Record;
use scan::{Scanner, Stop};

mod record;
mod scan;
#[cfg(test)]
mod tests;

pub(crate) use record::Record as LogRecord;

/// A segment takes no new commit once it is this big.
const SEGMENT_BYTES: u64 = 64 << 20;
/// Most bytes of records between two marks.
const MARK_STRIDE: u64 = 32 << 10;
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

/// The readers' side of the log: cheap to clone, never blocks the writer for longer than
/// a copy of a few file handles.
#[derive(Clone)]
pub(super) struct LogView {
    index: Arc<RwLock<Index>>,
}

impl LogView {
    /// The seq the oldest segment starts at (retention may keep less of it).
    pub(super) fn first_seq(&self) -> u64 {
        let index = self.index.read().expect("log index poisoned");
        index
            .segments
            .first()
            .map_or(1, |segment| segment.first_seq)
    }

    /// Visits every record from the mark at or before `from_seq` on, in log order, with
    /// its segment and offset, until `visit` breaks.
    pub(super) fn scan(
        &self,
        from_seq: u64,
        mut visit: impl FnMut(u64, u64, &Record<'_>) -> ControlFlow<()>,
    ) -> std::io::Result<()> {
        let (start, files) = {
            let index = self.index.read().expect("log index poisoned");
            let at = index.marks.partition_point(|mark| mark.seq <= from_seq);
            let (segment, offset) = match at.checked_sub(1).map(|at| index.marks[at]) {
                Some(mark) => (mark.segment, mark.offset),
                None => (index.segments.first().map_or(0, |s| s.first_seq), 0),
            };
            let files: Vec<(u64, Arc<File>, u64)> = index
                .segments
                .iter()
                .filter(|s| s.first_seq >= segment)
                .map(|s| (s.first_seq, s.file.clone(), s.len))
                .collect();
            (offset, files)
        };
        for (i, (segment, file, len)) in files.iter().enumerate() {
            let mut scanner = Scanner::new(file, if i == 0 { start } else { 0 }, *len);
            loop {
                match scanner.next() {
                    Ok(Some((offset, record))) => {
                        if visit(*segment, offset, &record).is_break() {
                            return Ok(());
                        }
                    }
                    Ok(None) => break,
                    Err(Stop::Io(err)) => return Err(err),
                    Err(Stop::Torn { offset }) => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!("segment {segment:020} is damaged at offset {offset}"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Visits the events from `from_seq` on, in seq order, until `visit` breaks.
    pub(super) fn events(
        &self,
        from_seq: u64,
        mut visit: impl FnMut(&Record<'_>) -> ControlFlow<()>,
    ) -> std::io::Result<()> {
        self.scan(from_seq, |_, _, record| match record {
            Record::Event { seq, .. } if *seq >= from_seq => visit(record),
            _ => ControlFlow::Continue(()),
        })
    }

    /// The seq of the first event committed at or after `ts_ms`, if any.
    pub(super) fn first_at(&self, ts_ms: i64) -> std::io::Result<Option<u64>> {
        let from = {
            let index = self.index.read().expect("log index poisoned");
            let at = index.marks.partition_point(|mark| mark.ts_ms < ts_ms);
            at.checked_sub(1).map_or(0, |at| index.marks[at].seq)
        };
        let mut found = None;
        self.events(from, |record| match record {
            Record::Event { seq, ts_ms: at, .. } if *at >= ts_ms => {
                found = Some(*seq);
                ControlFlow::Break(())
            }
            _ => ControlFlow::Continue(()),
        })?;
        Ok(found)
    }
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
    zero_ahead: u64,
}

/// What start-up found at the end of the log.
pub(super) struct Recovered {
    /// The newest committed event's seq and commit time.
    pub last: Option<(u64, i64)>,
}

impl Segments {
    /// Opens the log under `dir` (created with its first segment at `first_seq` when
    /// there is none), drops whole segments before `keep_from` (a trim that crashed
    /// before removing its files), and cuts the newest segment back to its last whole
    /// commit. `saved` are the marks stored in SQLite.
    pub(super) fn open(
        dir: &Path,
        first_seq: u64,
        keep_from: u64,
        saved: Vec<Mark>,
    ) -> anyhow::Result<(Self, Recovered)> {
        use anyhow::Context as _;
        let dir = dir.to_owned();
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let mut names: Vec<u64> = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            if let Some(seq) = name.strip_suffix(".seg").and_then(|s| s.parse().ok()) {
                names.push(seq);
            }
        }
        names.sort_unstable();
        if names.is_empty() {
            create_segment(&dir, first_seq)?;
            names.push(first_seq);
        }
        while names.len() > 1 && names[1] <= keep_from {
            std::fs::remove_file(segment_path(&dir, names[0]))?;
            names.remove(0);
        }
        let mut segments = Vec::with_capacity(names.len());
        for first_seq in names {
            let path = segment_path(&dir, first_seq);
            let file = open_segment(&path, false)
                .with_context(|| format!("cannot open {}", path.display()))?;
            let len = file.metadata()?.len();
            segments.push(Segment {
                first_seq,
                file: Arc::new(file),
                len,
            });
        }
        let mut marks: VecDeque<Mark> = saved
            .into_iter()
            .filter(|mark| {
                segments
                    .iter()
                    .any(|s| s.first_seq == mark.segment && mark.offset < s.len)
            })
            .collect();
        marks.make_contiguous().sort_by_key(|mark| mark.seq);

        let tail = loop {
            match recover_tail(&mut segments, marks.back().copied())? {
                Some(tail) => break tail,
                None => {
                    marks.pop_back(); // a mark that no longer names an event: start earlier
                }
            }
        };
        let active = segments.last().expect("a log has a segment");
        active.file.set_len(tail.end)?;
        let (active, active_first) = (active.file.clone(), active.first_seq);
        segments.last_mut().expect("a log has a segment").len = tail.end;
        marks.retain(|mark| mark.segment != active_first || mark.offset < tail.end);
        let mut unsaved = Vec::new();
        for mark in tail.marks {
            if marks.back().is_none_or(|last| last.seq < mark.seq) {
                marks.push_back(mark);
                unsaved.push(mark);
            }
        }
        let mark_at = marks
            .back()
            .filter(|mark| mark.segment == active_first)
            .map(|mark| mark.offset);
        let view = LogView {
            index: Arc::new(RwLock::new(Index { segments, marks })),
        };
        Ok((
            Self {
                dir,
                view,
                active,
                active_first,
                active_len: tail.end,
                mark_at,
                staged: Vec::new(),
                staged_marks: Vec::new(),
                written: None,
                unsaved,
                segment_bytes: SEGMENT_BYTES,
                zeroed: tail.end,
                zero_ahead: std::env::var("EVBUS_ZERO_AHEAD")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(ZERO_AHEAD),
            },
            Recovered { last: tail.last },
        ))
    }

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
        let result = self
            .zero_to(end)
            .and_then(|()| self.active.write_all_at(&self.staged, self.active_len))
            .and_then(|()| {
                if sync {
                    self.active.sync_data()
                } else {
                    Ok(())
                }
            });
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
        let mut gone = Vec::new();
        while index.segments.len() > 1 && index.segments[1].first_seq <= keep_from {
            gone.push(index.segments.remove(0).first_seq);
        }
        let first = index.segments[0].first_seq;
        while index.marks.front().is_some_and(|mark| mark.segment < first) {
            index.marks.pop_front();
        }
        drop(index);
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

    /// Fills the active segment with zeros past `end`, by `zero_ahead` at a time.
    fn zero_to(&mut self, end: u64) -> std::io::Result<()> {
        if self.zero_ahead == 0 || end <= self.zeroed {
            return Ok(());
        }
        static ZEROS: [u8; 64 << 10] = [0; 64 << 10];
        let target = end + self.zero_ahead;
        while self.zeroed < target {
            let len = ZEROS.len().min((target - self.zeroed) as usize);
            self.active.write_all_at(&ZEROS[..len], self.zeroed)?;
            self.zeroed += len as u64;
        }
        Ok(())
    }
}

/// The records after the newest saved mark, read at start-up.
struct Tail {
    /// Where the newest segment's last whole commit ends.
    end: u64,
    last: Option<(u64, i64)>,
    /// Marks for the events read, per the stride.
    marks: Vec<Mark>,
}

/// Reads from `from` (or the start of the log) to the end, keeping what whole commits
/// hold. `None`: `from` does not name an event's record (a mark from before a power cut
/// took the tail away).
fn recover_tail(segments: &mut [Segment], from: Option<Mark>) -> std::io::Result<Option<Tail>> {
    let (start_segment, start) = from.map_or((0, 0), |mark| (mark.segment, mark.offset));
    let mut tail = Tail {
        end: 0,
        last: None,
        marks: Vec::new(),
    };
    // A mark's event is committed only if a commit's end follows it.
    let mut saw_commit = false;
    let count = segments.len();
    for (i, segment) in segments.iter_mut().enumerate() {
        if segment.first_seq < start_segment {
            continue;
        }
        let first = segment.first_seq == start_segment && from.is_some();
        let offset = if first { start } else { 0 };
        let mut scanner = Scanner::new(&segment.file, offset, segment.len);
        let (mut committed, mut mark_at): (u64, Option<u64>) = (offset, None);
        let mut pending = Vec::new();
        let mut newest = None;
        let mut checked_from = !first;
        loop {
            let (at, record) = match scanner.next() {
                Ok(Some(next)) => next,
                Ok(None) => break,
                Err(Stop::Io(err)) => return Err(err),
                Err(Stop::Torn { offset }) => {
                    if i + 1 < count {
                        tracing::warn!(
                            segment = segment.first_seq,
                            offset,
                            "a sealed log segment ends in a torn record; reading on from the next"
                        );
                    }
                    break;
                }
            };
            match record {
                Record::Event { seq, ts_ms, .. } => {
                    if !checked_from {
                        if Some(seq) != from.map(|mark| mark.seq) {
                            return Ok(None);
                        }
                        checked_from = true;
                        mark_at = Some(at);
                    } else if mark_at.is_none_or(|mark| at - mark >= MARK_STRIDE) {
                        pending.push(Mark {
                            seq,
                            ts_ms,
                            segment: segment.first_seq,
                            offset: at,
                        });
                        mark_at = Some(at);
                    }
                    newest = Some((seq, ts_ms));
                }
                Record::Ops(_) => {}
                Record::Commit { .. } => {
                    saw_commit = true;
                    committed = scanner.offset();
                    tail.marks.append(&mut pending);
                    if newest.is_some() {
                        tail.last = newest;
                    }
                }
            }
        }
        if !checked_from {
            return Ok(None); // the mark is at or past the end
        }
        segment.len = committed;
        tail.end = committed;
    }
    if from.is_some() && !saw_commit {
        return Ok(None);
    }
    Ok(Some(tail))
}

fn segment_path(dir: &Path, first_seq: u64) -> PathBuf {
    dir.join(format!("{first_seq:020}.seg"))
}

fn open_segment(path: &Path, create: bool) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(create)
        .mode(0o600)
        .open(path)
}

/// A new, empty segment whose name is durable in the directory.
fn create_segment(dir: &Path, first_seq: u64) -> std::io::Result<File> {
    let file = open_segment(&segment_path(dir, first_seq), true)?;
    File::open(dir)?.sync_all()?;
    Ok(file)
}
