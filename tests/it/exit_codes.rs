//! Bad input and failures: one line on stderr, a documented exit code, nothing written.

use predicates::prelude::*;

use crate::common::{TestBus, evbus, evbus_at};

/// Events stored besides the bus's `$evbus.server.started`.
fn event_count(bus: &TestBus) -> u64 {
    crate::fixtures::status(&bus.url).events - 1
}

fn one_line() -> impl Predicate<str> {
    predicate::function(|text: &str| text.lines().count() == 1 && text.starts_with("evbus: "))
}

#[test]
fn unreachable_bus_names_evbus_serve_and_exits_3() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for args in [
        vec!["status"],
        vec!["emit", "a.b", "--data", "1"],
        vec!["tail", "--count", "1"],
        vec!["topics"],
    ] {
        evbus_at(&format!("http://127.0.0.1:{port}"))
            .args(&args)
            .assert()
            .code(3)
            .stdout("")
            .stderr(one_line().and(predicate::str::contains("evbus serve")));
    }
}

#[test]
fn usage_errors_exit_2_and_send_nothing() {
    let bus = TestBus::start();
    let cases: &[&[&str]] = &[
        &["emit", "bad..topic", "--data", "{}"],
        &["emit", "a.b", "--data", "{not json"],
        &["emit", "a.b", "--attr", "Bad=1"],
        &["emit", "a.b", "--attr", "novalue"],
        &["emit", "$evbus.fake", "--data", "{}"],
        &["emit", "--data", "{}"],
        &["tail", "a..b"],
        &["tail", "--filter", ".data >"],
        &["tail", "--since", "yesterday"],
        &["tail", "--timeout", "5 minutes"],
        &["emit", "a.b", "--no-such-flag"],
        &["status", "--output", "yaml"],
    ];
    for args in cases {
        evbus(&bus).args(*args).assert().code(2).stdout("");
    }
    assert_eq!(event_count(&bus), 0);
}

#[test]
fn oversize_events_are_refused_with_the_limit() {
    let bus = TestBus::start_with(
        evbus::bus::BusConfig {
            max_event_size: 200,
            ..Default::default()
        },
        None,
    );
    let big = format!("\"{}\"", "x".repeat(300));
    evbus(&bus)
        .args(["emit", "a.b", "--data", &big])
        .assert()
        .code(2)
        .stderr(one_line().and(predicate::str::contains("200-byte limit")));
    assert_eq!(event_count(&bus), 0);
}

#[test]
fn tail_timeout_exits_5() {
    let bus = TestBus::start();
    evbus(&bus)
        .args(["tail", "--timeout", "200ms"])
        .assert()
        .code(5)
        .stderr("evbus: no event within 200ms\n");
}

#[test]
fn a_wrong_or_missing_token_exits_6_and_healthz_stays_open() {
    let bus = TestBus::start_with(Default::default(), Some("s3cret"));
    evbus(&bus)
        .args(["emit", "a.b", "--data", "1"])
        .assert()
        .code(6)
        .stderr(one_line().and(predicate::str::contains("token")));
    evbus(&bus)
        .args(["status", "--token", "wrong"])
        .assert()
        .code(6);
    evbus(&bus)
        .env("EVBUS_TOKEN", "s3cret")
        .args(["emit", "a.b", "--data", "1"])
        .assert()
        .success();
}
