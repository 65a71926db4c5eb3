//! The data dir: the owner's alone, and one `serve` at a time.

use std::fs::File;
use std::path::Path;

/// The data dir and the database are the owner's alone (0700, 0600): they hold every
/// event and the push groups' secrets. SQLite gives its WAL files the database's mode.
pub(super) fn owner_only(dir: &Path, db: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot make data dir {} owner-only", dir.display()))?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(db)
        .with_context(|| format!("cannot open {}", db.display()))?;
    for file in ["evbus.db", "evbus.db-wal", "evbus.db-shm"] {
        let file = dir.join(file);
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("cannot make {} owner-only", file.display()))?;
        }
    }
    Ok(())
}

/// Takes an exclusive lock on `DIR/LOCK` for the life of the server, so a second
/// `evbus serve` on the same data dir fails at once instead of sharing the files.
pub(super) fn lock_data_dir(dir: &Path) -> anyhow::Result<File> {
    use std::io::Write as _;
    let path = dir.join("LOCK");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            anyhow::bail!(
                "data dir {} is in use by another evbus serve (pid {}): stop it, or pass another --data-dir",
                dir.display(),
                holder.trim()
            );
        }
        Err(std::fs::TryLockError::Error(err)) => return Err(err.into()),
    }
    file.set_len(0)?;
    write!(file, "{}", std::process::id())?;
    Ok(file)
}
