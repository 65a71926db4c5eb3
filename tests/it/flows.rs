//! Event flows as tests, through the real binary on every engine: `evbus expect` passes
//! on a working `consume --exec --emit` flow and fails (exit 1, naming the expectation
//! and the nearest event) when the handler is broken, with a JUnit report naming the
//! failing step.

use std::process::Stdio;

use predicates::prelude::*;

use crate::common::{TestBus, evbus};

const FLOW: &str = r#"
steps:
  - name: order
    emit: {topic: order.created, data: {id: 1}}
  - expect: {topic: order.fulfilled, where: ".data.id == 1", within: 5s, correlated: order}
  - expect_none: {topic: order.failed, for: 500ms}
  - drain: {group: shop, within: 5s}
"#;

/// `consume order.created --exec HANDLER --emit order.fulfilled`, until dropped.
struct Handler(std::process::Child);

impl Handler {
    fn start(bus: &TestBus, script: &str) -> Self {
        let child = crate::common::bin()
            .env("EVBUS_URL", &bus.url)
            .args([
                "consume",
                "order.created",
                "--group",
                "shop",
                "--start",
                "beginning",
            ])
            .args([
                "--exec",
                script,
                "--emit",
                "order.fulfilled",
                "--max-attempts",
                "1",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        crate::common::wait_for_members(&bus.url, "shop", 1);
        Handler(child)
    }
}

impl Drop for Handler {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn a_flow_passes_on_a_working_handler_and_fails_on_a_broken_one(bus: TestBus) {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("flow.yaml");
    std::fs::write(&flow, FLOW).unwrap();
    let flow = flow.display().to_string();
    let report = dir.path().join("report.xml");
    {
        let _handler = Handler::start(&bus, "jq -c .data");
        evbus(&bus)
            .args(["expect", "-f", &flow, "--junit", report.to_str().unwrap()])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("✓ 2 expect order.fulfilled")
                    .and(predicate::str::contains("4 steps passed")),
            );
        let xml = std::fs::read_to_string(&report).unwrap();
        assert!(xml.contains(r#"tests="4" failures="0""#), "{xml}");
    }
    // The broken handler fulfils the wrong order.
    let _handler = Handler::start(&bus, "jq -c '.data | .id = 2'");
    evbus(&bus)
        .args(["expect", "-f", &flow, "--junit", report.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("✗ 2 expect order.fulfilled where .data.id == 1")
                .and(predicate::str::contains("expected 1 event on order.fulfilled where .data.id == 1 correlated with step 'order' within 5s; saw 0"))
                .and(predicate::str::contains(r#"Nearest seen on order.fulfilled: "#))
                .and(predicate::str::contains(r#"{"id":2}"#)),
        );
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(xml.contains(r#"tests="4" failures="1""#), "{xml}");
    assert!(
        xml.contains(r#"name="2 expect order.fulfilled where .data.id == 1" time="#),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"expected 1 event on order.fulfilled"),
        "{xml}"
    );
    assert!(xml.contains("<skipped/>"), "later steps are skipped: {xml}");
}

crate::on_every_engine!(a_flow_passes_on_a_working_handler_and_fails_on_a_broken_one);

/// A bad flow is a usage error before anything is emitted.
#[test]
fn a_bad_flow_is_refused_before_it_runs() {
    let bus = TestBus::start();
    evbus(&bus)
        .args(["expect", "-f", "-"])
        .write_stdin("steps:\n  - emit: {topic: a.b}\n    expect: {topic: a.c}\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "steps[0]: a step is one of emit, expect, expect_none or drain",
        ));
    evbus(&bus)
        .args(["expect", "-f", "-"])
        .write_stdin("steps:\n  - expect: {topic: a.c, where: '.data |'}\n")
        .assert()
        .code(2);
    evbus(&bus)
        .args(["tail", "--from-start", "--timeout", "300ms"])
        .assert()
        .code(5)
        .stdout("");
}
