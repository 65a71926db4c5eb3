//! Opening the log at start-up: its segments, the marks SQLite kept, and the records
//! after the newest of them, cut back to the last whole commit.

use std::collections::VecDeque;
use std::os::unix::fs::DirBuilderExt as _;
use std::path::Path;
use std::sync::{Arc, RwLock};

use super::files::{create_segment, open_segment, segment_path};
use super::record::Record;
use super::scan::{Scanner, Stop};
use super::{Index, LogView, MARK_STRIDE, Mark, SEGMENT_BYTES, Segment, Segments, wholly_before};

/// What start-up found at the end of the log.
pub(crate) struct Recovered {
    /// The newest committed event's seq and commit time.
    pub last: Option<(u64, i64)>,
}

impl Segments {
    /// Opens the log under `dir` (created with its first segment at `first_seq` when
    /// there is none), drops whole segments before `keep_from` (a trim that crashed
    /// before removing its files), and cuts the newest segment back to its last whole
    /// commit. `saved` are the marks stored in SQLite.
    pub(crate) fn open(
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
        let count = wholly_before(names.iter().copied(), keep_from);
        for first_seq in names.drain(..count) {
            std::fs::remove_file(segment_path(&dir, first_seq))?;
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
            hints: Arc::default(),
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
            },
            Recovered { last: tail.last },
        ))
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
            let (at, _, record) = match scanner.next() {
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
