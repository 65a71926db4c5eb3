//! `evbus serve` as a process: ready line, graceful SIGTERM, data-dir lock, reopen.

use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;

use crate::common::{ChildBus, evbus_at, wait_for_open_streams};

#[test]
fn sigterm_ends_open_streams_and_exits_0_and_the_log_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ChildBus::start(dir.path(), &[]);
    evbus_at(&server.url)
        .args(["emit", "keep.me", "--data", "1"])
        .assert()
        .success();
    let tail = crate::common::bin()
        .args(["tail", "--timeout", "30s"])
        .env("EVBUS_URL", &server.url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_open_streams(&server.url, 1);
    server.signal("TERM");
    assert!(server.wait_exit(Duration::from_secs(10)).success());
    let tail = tail.wait_with_output().unwrap();
    assert_eq!(
        tail.status.code(),
        Some(1),
        "the tail is told the bus went away"
    );
    assert!(String::from_utf8_lossy(&tail.stderr).contains("closed the stream"));

    let reopened = ChildBus::start(dir.path(), &[]);
    evbus_at(&reopened.url)
        .args(["tail", "--from-start", "--count", "1", "--output", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""type":"keep.me""#));
}

#[test]
fn a_second_server_on_the_same_data_dir_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let _first = ChildBus::start(dir.path(), &[]);
    assert_cmd::Command::from_std(crate::common::bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .timeout(Duration::from_secs(10))
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("in use by another evbus serve"));
}

#[test]
fn json_ready_line_and_non_loopback_refusal() {
    let mut child = crate::common::bin()
        .args([
            "serve",
            "--memory",
            "--listen",
            "127.0.0.1:0",
            "--output",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let ready: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert!(
        ready["listening"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_eq!(ready["engine"], "memory");

    assert_cmd::Command::from_std(crate::common::bin())
        .args(["serve", "--memory", "--listen", "0.0.0.0:0"])
        .env_remove("EVBUS_TOKEN")
        .timeout(Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without a token"));
}

#[test]
fn the_data_dir_and_its_files_are_the_owner_s_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("bus");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bus = ChildBus::start(&dir, &[]);
    crate::common::evbus_at(&bus.url)
        .args(["emit", "x.y", "--data", "{}"])
        .assert()
        .success();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for file in ["evbus.db", "evbus.db-wal", "evbus.db-shm"] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
    // The event log's segments: a folder and its files, the owner's alone too.
    assert_eq!(mode(&dir.join("log")), 0o700);
    let segments: Vec<_> = std::fs::read_dir(dir.join("log"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!segments.is_empty(), "the log has a segment");
    for segment in segments {
        assert_eq!(mode(&segment), 0o600, "{}", segment.display());
    }
}
