//! Reading the log: events from a seq, and the first event at a time, on the readers'
//! own file handles.

use std::collections::VecDeque;
use std::fs::File;
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, RwLock};

use super::record::Record;
use super::scan::{Scanner, Stop};
use super::{HINTS, Index, Mark};

/// The readers' side of the log: cheap to clone, never blocks the writer for longer than
/// a copy of a few file handles.
#[derive(Clone)]
pub(crate) struct LogView {
    pub(super) index: Arc<RwLock<Index>>,
    /// Where the event after a recent read's last starts (`ts_ms` unused).
    pub(super) hints: Arc<Mutex<VecDeque<Mark>>>,
}

impl LogView {
    /// The seq the oldest segment starts at (retention may keep less of it).
    pub(crate) fn first_seq(&self) -> u64 {
        let index = self.index.read().expect("log index poisoned");
        index
            .segments
            .first()
            .map_or(1, |segment| segment.first_seq)
    }

    /// Visits every record from the mark (or read hint) at or before `from_seq` on, in
    /// log order, with its segment and the offsets where it starts and ends, until
    /// `visit` breaks.
    pub(crate) fn scan(
        &self,
        from_seq: u64,
        mut visit: impl FnMut(u64, u64, u64, &Record<'_>) -> ControlFlow<()>,
    ) -> std::io::Result<()> {
        let hint = {
            let hints = self.hints.lock().expect("read hints poisoned");
            hints
                .iter()
                .filter(|hint| hint.seq <= from_seq)
                .max_by_key(|hint| hint.seq)
                .copied()
        };
        let (start_segment, start, files) = {
            let index = self.index.read().expect("log index poisoned");
            let at = index.marks.partition_point(|mark| mark.seq <= from_seq);
            let mark = at.checked_sub(1).map(|at| index.marks[at]);
            let (segment, offset) = match (mark, hint) {
                (Some(mark), Some(hint)) if hint.seq > mark.seq => (hint.segment, hint.offset),
                (None, Some(hint)) => (hint.segment, hint.offset),
                (Some(mark), _) => (mark.segment, mark.offset),
                (None, None) => (index.segments.first().map_or(0, |s| s.first_seq), 0),
            };
            let files: Vec<(u64, Arc<File>, u64)> = index
                .segments
                .iter()
                .filter(|s| s.first_seq >= segment)
                .map(|s| (s.first_seq, s.file.clone(), s.len))
                .collect();
            (segment, offset, files)
        };
        for (segment, file, len) in &files {
            // The start's own segment may have gone with a trim since: read the next whole.
            let from = if *segment == start_segment { start } else { 0 };
            let mut scanner = Scanner::new(file, from, *len);
            loop {
                match scanner.next() {
                    Ok(Some((offset, end, record))) => {
                        if visit(*segment, offset, end, &record).is_break() {
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
    pub(crate) fn events(
        &self,
        from_seq: u64,
        mut visit: impl FnMut(&Record<'_>) -> ControlFlow<()>,
    ) -> std::io::Result<()> {
        let mut stopped = None;
        self.scan(from_seq, |segment, _, end, record| match record {
            Record::Event { seq, .. } if *seq >= from_seq => {
                let flow = visit(record);
                if flow.is_break() {
                    stopped = Some((*seq, segment, end));
                }
                flow
            }
            _ => ControlFlow::Continue(()),
        })?;
        if let Some((seq, segment, offset)) = stopped {
            let mut hints = self.hints.lock().expect("read hints poisoned");
            if !hints.iter().any(|hint| hint.seq == seq + 1) {
                if hints.len() == HINTS {
                    hints.pop_front();
                }
                hints.push_back(Mark {
                    seq: seq + 1,
                    ts_ms: 0,
                    segment,
                    offset,
                });
            }
        }
        Ok(())
    }

    /// The seq of the first event committed at or after `ts_ms`, if any.
    pub(crate) fn first_at(&self, ts_ms: i64) -> std::io::Result<Option<u64>> {
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
