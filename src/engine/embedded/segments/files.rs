//! The segment files themselves: their names, how they are opened and created, and the
//! one write a commit makes.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

/// Writes `buf` at `offset` and, with `sync`, makes it durable (`fdatasync`) before
/// returning. (`pwritev2` with `RWF_DSYNC`, one system call instead of two, measured no
/// different here.)
pub(super) fn write_at(file: &File, buf: &[u8], offset: u64, sync: bool) -> std::io::Result<()> {
    file.write_all_at(buf, offset)?;
    if sync { file.sync_data() } else { Ok(()) }
}

pub(super) fn segment_path(dir: &Path, first_seq: u64) -> PathBuf {
    dir.join(format!("{first_seq:020}.seg"))
}

pub(super) fn open_segment(path: &Path, create: bool) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(create)
        .mode(0o600)
        .open(path)
}

/// A new, empty segment whose name is durable in the directory.
pub(super) fn create_segment(dir: &Path, first_seq: u64) -> std::io::Result<File> {
    let file = open_segment(&segment_path(dir, first_seq), true)?;
    File::open(dir)?.sync_all()?;
    Ok(file)
}
