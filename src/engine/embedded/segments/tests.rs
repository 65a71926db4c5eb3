use std::fs::OpenOptions;
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt as _;
use std::path::Path;

use super::files::segment_path;
use super::*;

fn commit(segments: &mut Segments, seqs: std::ops::RangeInclusive<u64>) {
    for seq in seqs.clone() {
        let json = format!(r#"{{"seq":{seq},"pad":"{}"}}"#, "x".repeat(100));
        let key = (seq % 2 == 0).then(|| format!("k{seq}"));
        segments
            .stage_event(seq, seq as i64 * 10, "t.a", key.as_deref(), json.as_bytes())
            .unwrap();
    }
    segments.write(*seqs.end(), true).unwrap();
    segments.publish();
}

fn seqs(view: &LogView, from: u64) -> Vec<u64> {
    let mut found = Vec::new();
    view.events(from, |record| {
        if let Record::Event { seq, .. } = record {
            found.push(*seq);
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    found
}

#[test]
fn reads_back_from_any_seq_across_segments_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let (mut segments, recovered) = Segments::open(dir.path(), 1, 0, Vec::new()).unwrap();
    assert!(recovered.last.is_none());
    segments.segment_bytes = 4_096;
    for start in (1..=300).step_by(10) {
        commit(&mut segments, start..=start + 9);
    }
    let view = segments.view();
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert!(files > 5, "the log rolled into {files} segments");
    assert_eq!(seqs(&view, 1), (1..=300).collect::<Vec<_>>());
    assert_eq!(seqs(&view, 157), (157..=300).collect::<Vec<_>>());
    assert_eq!(view.first_at(1_575).unwrap(), Some(158));
    assert_eq!(view.first_at(0).unwrap(), Some(1));
    assert_eq!(view.first_at(3_001).unwrap(), None);
    let saved = segments.take_unsaved();
    assert!(saved.len() >= files, "a mark at least per segment");
    drop(segments);

    // Reopened with only half of the marks saved: the rest is found again.
    let half = saved[..saved.len() / 2].to_vec();
    let (segments, recovered) = Segments::open(dir.path(), 1, 0, half).unwrap();
    assert_eq!(recovered.last, Some((300, 3_000)));
    assert_eq!(seqs(&segments.view(), 211), (211..=300).collect::<Vec<_>>());
}

#[test]
fn a_torn_or_unfinished_commit_is_cut_off_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut segments, _) = Segments::open(dir.path(), 1, 0, Vec::new()).unwrap();
    commit(&mut segments, 1..=5);
    let saved = segments.take_unsaved();
    // Events 6 and 7 without their commit's end, then half a record.
    for seq in 6..=7 {
        segments.stage_event(seq, 60, "t.a", None, b"{}").unwrap();
    }
    let mut unfinished = std::mem::take(&mut segments.staged);
    unfinished.extend_from_slice(&[9, 0, 0, 0, 1]);
    let path = segment_path(dir.path(), 1);
    let before = segments.active_len;
    assert!(
        std::fs::metadata(&path).unwrap().len() > before,
        "zeros ahead"
    );
    drop(segments);
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all_at(&unfinished, before).unwrap();
    // A saved mark for event 6 too, as if its commit had been counted.
    let mut marks = saved.clone();
    marks.push(Mark {
        seq: 6,
        ts_ms: 60,
        segment: 1,
        offset: before,
    });

    let (mut segments, recovered) = Segments::open(dir.path(), 1, 0, marks).unwrap();
    assert_eq!(recovered.last, Some((5, 50)));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), before);
    commit(&mut segments, 6..=8);
    assert_eq!(seqs(&segments.view(), 1), (1..=8).collect::<Vec<_>>());
    drop(segments);
    let (_, recovered) = Segments::open(dir.path(), 1, 0, saved).unwrap();
    assert_eq!(recovered.last, Some((8, 80)));
}

/// Events 1..=60, five per commit, in segments of about 1 KiB.
fn sixty_events_in_small_segments(dir: &Path) -> Segments {
    let (mut segments, _) = Segments::open(dir, 1, 0, Vec::new()).unwrap();
    segments.segment_bytes = 1_024;
    for start in (1..=60).step_by(5) {
        commit(&mut segments, start..=start + 4);
    }
    segments
}

#[test]
fn forgetting_removes_whole_segments_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut segments = sixty_events_in_small_segments(dir.path());
    let first = segments.forget_before(23).unwrap();
    assert!(first <= 23 && first > 1, "kept from segment {first}");
    assert!(!segment_path(dir.path(), 1).exists());
    assert_eq!(seqs(&segments.view(), 23)[0], 23);
    assert_eq!(segments.view().first_seq(), first);
    // The active segment stays, whatever is forgotten.
    let active = segments.forget_before(1_000).unwrap();
    assert!(active > first && active <= 60);
    assert_eq!(seqs(&segments.view(), 1), (active..=60).collect::<Vec<_>>());
    drop(segments);
    let (segments, recovered) = Segments::open(dir.path(), 1, 0, Vec::new()).unwrap();
    assert_eq!(recovered.last, Some((60, 600)));
    assert_eq!(segments.view().first_seq(), active);
}

#[test]
fn start_up_removes_the_files_a_crashed_trim_left() {
    let dir = tempfile::tempdir().unwrap();
    let segments = sixty_events_in_small_segments(dir.path());
    drop(segments);
    let (segments, _) = Segments::open(dir.path(), 1, 30, Vec::new()).unwrap();
    let first = segments.view().first_seq();
    assert!(first > 1 && first <= 30, "kept from segment {first}");
    assert!(!segment_path(dir.path(), 1).exists());
    assert_eq!(seqs(&segments.view(), 30)[0], 30);
}
