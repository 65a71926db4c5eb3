//! What many tests set up and look at: events emitted, groups created through the real
//! binary, and the server's state read back through evbus's own typed client, so a
//! renamed field breaks the tests that read it at compile time. (Where the JSON output
//! itself is under test, tests read JSON.)

use std::time::Duration;

use evbus::api::dead_letter::DeadLetter;
use evbus::api::group::{Delivery, GroupInfo, Settlement};
use evbus::api::replay::ReplayInfo;
use evbus::api::status::Status;
use evbus::client::{Client, DlqFilter};

use crate::common::evbus_at;

/// Emits `count` events on `topic` in one batch, data `{"n": i}`.
pub fn emit_many(url: &str, topic: &str, count: usize) {
    let lines: String = (0..count).map(|n| format!("{{\"n\":{n}}}\n")).collect();
    evbus_at(url)
        .args(["emit", topic, "--batch"])
        .write_stdin(lines)
        .assert()
        .success();
}

/// Creates the group `name` on `pattern` from the log's beginning, with `extra` flags.
pub fn create_group(url: &str, name: &str, pattern: &str, extra: &[&str]) {
    evbus_at(url)
        .args(["groups", "create", name, "--pattern", pattern])
        .args(["--start", "beginning"])
        .args(extra)
        .assert()
        .success();
}

/// Runs one client call to the bus at `url` to its end (from a test without a runtime).
fn ask<T>(url: &str, call: impl AsyncFnOnce(&Client) -> T) -> T {
    let client = Client::new(url, None).expect("a client for the test bus");
    crate::common::block_on(call(&client))
}

/// The replay job `id` as the bus at `url` shows it.
pub fn replay_job(url: &str, id: &str) -> ReplayInfo {
    ask(url, async |client| client.replay(id).await).expect("the replay job is there")
}

/// What the bus at `url` says of itself (`GET /v1/status`).
pub fn status(url: &str) -> Status {
    ask(url, async |client| client.status().await).expect("the bus answers its status")
}

/// The group `name` as the bus at `url` shows it.
pub fn group(url: &str, name: &str) -> GroupInfo {
    try_group(url, name).expect("the group is there")
}

/// The group `name`, or why the bus at `url` cannot show it (not created yet, say).
pub fn try_group(url: &str, name: &str) -> Result<GroupInfo, evbus::client::ClientError> {
    ask(url, async |client| client.group(name).await)
}

/// Leases up to `max` events of `group` to `member`, waiting up to `wait` for the first.
pub fn pull(url: &str, group: &str, member: &str, max: usize, wait: Duration) -> Vec<Delivery> {
    ask(url, async |client| {
        client.pull(group, member, max, wait).await
    })
    .expect("the pull is answered")
    .deliveries
}

/// Settles `receipts` of `member` in `group` as `how`; returns how many took effect.
pub fn settle(url: &str, group: &str, member: &str, receipts: &[&str], how: Settlement) -> usize {
    let receipts = receipts.iter().map(|receipt| receipt.to_string()).collect();
    ask(url, async |client| {
        client.settle(group, member, receipts, &how).await
    })
    .expect("the settle is answered")
    .settled
}

/// The dead letters of `group` at `url`, oldest first.
pub fn dead_letters(url: &str, group: &str) -> Vec<DeadLetter> {
    listed_dead_letters(url, Some(group))
}

/// Every dead letter at `url`, oldest first.
pub fn all_dead_letters(url: &str) -> Vec<DeadLetter> {
    listed_dead_letters(url, None)
}

/// A dead letter's event, as JSON.
pub fn event_of(letter: &DeadLetter) -> serde_json::Value {
    serde_json::from_str(letter.event.get()).expect("a dead letter holds its event")
}

fn listed_dead_letters(url: &str, group: Option<&str>) -> Vec<DeadLetter> {
    let filter = DlqFilter {
        group: group.map(str::to_owned),
        ..DlqFilter::default()
    };
    ask(url, async |client| client.dead_letters(&filter).await).expect("dead letters")
}

/// Creates a group through `url` (201) and emits `count` events on `topic` there.
pub async fn create_and_fill(
    url: &str,
    spec: serde_json::Value,
    topic: &'static str,
    count: usize,
) {
    let created = crate::common::http()
        .post(format!("{url}/v1/groups"))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || emit_many(&url, topic, count))
        .await
        .unwrap();
}
