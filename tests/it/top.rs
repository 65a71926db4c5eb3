//! `evbus top` in a real terminal (a tmux pane of its own): it shows a group's lag,
//! follows the arrow keys and exits on `q`; without a terminal it refuses with a hint.

use std::process::Command;
use std::time::Duration;

use predicates::prelude::*;

use crate::common::{TestBus, evbus, eventually, when};
use crate::fixtures::{create_group, emit_many};

/// A tmux server of its own (its own socket), killed when dropped.
struct Pane {
    socket: String,
}

impl Pane {
    /// Runs `command` in a new 110×32 pane; `None` (the test skips) when tmux is not
    /// installed, unless EVBUS_REQUIRE_TMUX is set (CI installs it).
    fn start(command: &str) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("EVBUS_REQUIRE_TMUX").is_none(),
                "tmux is required (EVBUS_REQUIRE_TMUX) but not installed"
            );
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        let pane = Self {
            socket: format!("evbus-top-{}-{}", std::process::id(), fastrand::u32(..)),
        };
        let started = pane
            .tmux()
            .args(["new-session", "-d", "-x", "110", "-y", "32", command])
            .status()
            .unwrap();
        assert!(started.success(), "tmux starts a session");
        Some(pane)
    }

    fn tmux(&self) -> Command {
        let mut tmux = Command::new("tmux");
        tmux.args(["-L", &self.socket, "-f", "/dev/null"]);
        tmux
    }

    /// What the pane shows now.
    fn screen(&self) -> String {
        let output = self.tmux().args(["capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        assert!(
            self.tmux()
                .args(["send-keys", keys])
                .status()
                .unwrap()
                .success()
        );
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// The row of `group` in the groups table, its cells split on blanks.
fn row_of(screen: &str, group: &str) -> Option<Vec<String>> {
    screen.lines().find_map(|line| {
        let cells: Vec<String> = line
            .trim_matches(|c| c == '│' || c == ' ')
            .trim_start_matches('›')
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        (cells.first().map(String::as_str) == Some(group)).then_some(cells)
    })
}

#[test]
fn top_shows_a_group_s_lag_follows_the_keys_and_quits_on_q() {
    let bus = TestBus::start();
    create_group(&bus.url, "audit", "job.*", &[]);
    create_group(&bus.url, "billing", "job.*", &["--ordered"]);
    emit_many(&bus.url, "job.run", 7);
    let dir = tempfile::tempdir().unwrap();
    let exited = dir.path().join("exited");
    let command = format!(
        "HOME={home} XDG_CONFIG_HOME={home} {bin} top --server {url}; echo $? > {exited}; sleep 60",
        home = dir.path().display(),
        bin = crate::common::BIN,
        url = bus.url,
        exited = exited.display(),
    );
    let Some(pane) = Pane::start(&command) else {
        return;
    };
    let audit = eventually("top shows the audit group", Duration::from_secs(10), || {
        let screen = pane.screen();
        row_of(&screen, "audit").ok_or(screen)
    });
    // GROUP PATTERN LAG PENDING IN-FLIGHT DEAD MEMBERS DONE/s
    assert_eq!(audit[1], "job.*");
    let lag = crate::fixtures::group(&bus.url, "audit").lag;
    assert!(lag >= 7, "the seven events are lag");
    assert_eq!(
        audit[2],
        lag.to_string(),
        "the lag, as the bus says: {audit:?}"
    );
    assert!(
        pane.screen().contains(" audit "),
        "the first group's detail"
    );
    pane.keys("Down");
    eventually("the second group selected", Duration::from_secs(5), || {
        let screen = pane.screen();
        when(
            screen.contains("billing (ordered)") && screen.contains("keys "),
            screen,
        )
    });
    pane.keys("q");
    let code = eventually("top exits on q", Duration::from_secs(5), || {
        std::fs::read_to_string(&exited)
            .ok()
            .filter(|text| !text.is_empty())
            .ok_or(())
    });
    assert_eq!(code.trim(), "0");
}

#[test]
fn top_without_a_terminal_points_to_status_json() {
    let bus = TestBus::start();
    evbus(&bus).arg("top").assert().code(2).stdout("").stderr(
        predicate::str::contains("needs a terminal")
            .and(predicate::str::contains("status --output json")),
    );
}
