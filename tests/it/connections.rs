//! Slow, idle and too many clients: each is bounded, and none locks the others out for
//! longer than the idle timeout.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{ChildBus, evbus_at, wait_until_status_answers};

fn connect(url: &str) -> TcpStream {
    let address = url.trim_start_matches("http://");
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Reads until the server closes the connection; how long that took.
fn closed_after(mut stream: TcpStream) -> Duration {
    let started = Instant::now();
    let mut buffer = [0u8; 256];
    while matches!(stream.read(&mut buffer), Ok(read) if read > 0) {}
    started.elapsed()
}

#[test]
fn idle_and_slow_connections_are_closed_at_the_idle_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &["--idle-timeout", "1s"]);
    let idle = connect(&bus.url);
    assert!(
        closed_after(idle) < Duration::from_secs(5),
        "an idle socket is closed"
    );
    // A slowloris: one byte of headers every 200 ms never completes them.
    let slow = connect(&bus.url);
    let writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        let mut writer = writer;
        for byte in b"GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaa" {
            if writer.write_all(&[*byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    assert!(closed_after(slow.try_clone().unwrap()) < Duration::from_secs(5));
    let _ = slow.shutdown(std::net::Shutdown::Both);
    trickle.join().unwrap();
    assert_eq!(
        crate::fixtures::status(&bus.url).open_streams,
        0,
        "the bus still answers"
    );
}

#[test]
fn one_connection_over_the_limit_is_answered_503_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &["--max-connections", "4"]);
    let held: Vec<TcpStream> = (0..4).map(|_| connect(&bus.url)).collect();
    let mut extra = connect(&bus.url);
    extra
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = extra.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("--max-connections"), "{answer}");
    evbus_at(&bus.url)
        .arg("status")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("connections open"));
    drop(held);
    wait_until_status_answers(
        &bus.url,
        Duration::from_secs(10),
        "the slots never came back",
    );
}
