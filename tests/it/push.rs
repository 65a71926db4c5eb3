//! Push groups against a real local HTTP receiver: binary mode, signatures, retries after
//! 500s, Retry-After on 429, dead letters when attempts run out, 410 pausing the group.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};

use crate::common::{TestBus, evbus, tail_json};
use crate::fixtures::group;

/// What the receiver answers next: a status and an optional Retry-After.
type Script = Arc<Mutex<VecDeque<(u16, Option<String>)>>>;

struct Hit {
    at: Instant,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A webhook receiver that answers from a script (then 200) and records every hit.
struct Receiver {
    url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Receiver {
    fn start(script: &[(u16, Option<&str>)]) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let script: Script = Arc::new(Mutex::new(
            script
                .iter()
                .map(|(status, retry)| (*status, retry.map(str::to_owned)))
                .collect(),
        ));
        let app = {
            let hits = hits.clone();
            axum::Router::new().route(
                "/hook",
                axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                    let (hits, script) = (hits.clone(), script.clone());
                    async move {
                        hits.lock().unwrap().push(Hit {
                            at: Instant::now(),
                            headers,
                            body: body.to_vec(),
                        });
                        let (status, retry) =
                            script.lock().unwrap().pop_front().unwrap_or((200, None));
                        let mut response =
                            axum::response::Response::new(axum::body::Body::from("nope"));
                        *response.status_mut() = StatusCode::from_u16(status).unwrap();
                        if let Some(retry) = retry {
                            response
                                .headers_mut()
                                .insert("retry-after", retry.parse().unwrap());
                        }
                        response
                    }
                }),
            )
        };
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        runtime.spawn(async move { axum::serve(listener, app).await });
        Self {
            url,
            hits,
            _runtime: runtime,
        }
    }

    fn wait_for(&self, count: usize) {
        let what = format!("the receiver gets {count} pushes");
        crate::common::eventually(&what, Duration::from_secs(15), || {
            let got = self.hits.lock().unwrap().len();
            crate::common::when(got >= count, got)
        })
    }
}

/// A push group `name` on `web.*` posting to `url`, with `extra` flags.
fn push_group(bus: &TestBus, name: &str, url: &str, extra: &[&str]) {
    evbus(bus)
        .args([
            "groups",
            "create",
            name,
            "--pattern",
            "web.*",
            "--push",
            url,
        ])
        .args(extra)
        .assert()
        .success();
}

/// The bus's dead letters, once there is one.
fn dead_letters_once_there_are(bus: &TestBus) -> Vec<evbus::api::dead_letter::DeadLetter> {
    crate::common::eventually("a dead letter", Duration::from_secs(10), || {
        let letters = crate::fixtures::all_dead_letters(&bus.url);
        if letters.is_empty() {
            Err("none")
        } else {
            Ok(letters)
        }
    })
}

fn header(hit: &Hit, name: &str) -> String {
    hit.headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn push_retries_then_delivers_signed_in_binary_mode(bus: TestBus) {
    let receiver = Receiver::start(&[(500, None), (429, Some("1"))]);
    evbus(&bus)
        .args([
            "groups",
            "create",
            "hooks",
            "--pattern",
            "web.*",
            "--push",
            &receiver.url,
        ])
        .args(["--secret", "s3cret", "--backoff", "100ms..200ms"])
        .assert()
        .success();
    evbus(&bus)
        .args([
            "emit",
            "web.signup",
            "--data",
            r#"{"user":"ada"}"#,
            "--id",
            "evt-1",
            "--attr",
            "trace=t 1",
            "--attr",
            "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ])
        .assert()
        .success();
    receiver.wait_for(3);
    let hits = receiver.hits.lock().unwrap();
    assert!(
        hits[1].at - hits[0].at >= Duration::from_millis(100),
        "retried after the backoff"
    );
    assert!(
        hits[2].at - hits[1].at >= Duration::from_millis(950),
        "Retry-After was honoured"
    );
    let hit = &hits[2];
    assert_eq!(header(hit, "ce-type"), "web.signup");
    assert_eq!(header(hit, "ce-id"), "evt-1");
    assert_eq!(
        header(hit, "ce-trace"),
        "t%201",
        "header values are percent-encoded"
    );
    assert_eq!(
        header(hit, "traceparent"),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "trace context in its W3C header"
    );
    assert_eq!(header(hit, "content-type"), "application/json");
    assert_eq!(hit.body, br#"{"user":"ada"}"#);
    let timestamp: u64 = header(hit, "evbus-timestamp").parse().unwrap();
    let expected = evbus::bus::groups::push::signature("s3cret", "evt-1", timestamp, &hit.body);
    assert_eq!(header(hit, "evbus-signature"), format!("v1={expected}"));
    let forged = evbus::bus::groups::push::signature("wrong", "evt-1", timestamp, &hit.body);
    assert_ne!(
        header(hit, "evbus-signature"),
        format!("v1={forged}"),
        "a bad signature is detected"
    );
    drop(hits);
    crate::common::eventually("the push is acked", Duration::from_secs(10), || {
        let completed = group(&bus.url, "hooks").completed;
        crate::common::when(completed == 1, completed)
    });
}

fn failing_pushes_end_in_the_dead_letters(bus: TestBus) {
    let receiver = Receiver::start(&[(500, None), (502, None), (500, None)]);
    evbus(&bus)
        .args([
            "groups",
            "create",
            "broken",
            "--pattern",
            "web.*",
            "--push",
            &receiver.url,
        ])
        .args(["--max-attempts", "2", "--backoff", "50ms..50ms"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "web.x", "--data", "1"])
        .assert()
        .success();
    receiver.wait_for(2);
    let letters = dead_letters_once_there_are(&bus);
    let attempts = &letters[0].attempts;
    assert_eq!(attempts.len(), 2);
    let error = attempts[1].error.as_str();
    assert!(error.contains("HTTP 502"), "{error}");
    assert!(
        !error.contains("nope"),
        "the endpoint's body is not kept: {error}"
    );
}

fn gone_pauses_the_group_until_resumed(bus: TestBus) {
    let receiver = Receiver::start(&[(410, None)]);
    evbus(&bus)
        .args([
            "groups",
            "create",
            "moved",
            "--pattern",
            "web.*",
            "--push",
            &receiver.url,
        ])
        .args(["--backoff", "50ms..50ms"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "web.y", "--data", "1"])
        .assert()
        .success();
    receiver.wait_for(1);
    let paused = tail_json(
        &bus.url,
        &["$evbus.group.paused", "--from-start", "--count", "1"],
    );
    assert_eq!(paused[0]["data"]["group"], "moved");
    assert!(group(&bus.url, "moved").paused);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        receiver.hits.lock().unwrap().len(),
        1,
        "a paused group posts nothing"
    );
    evbus(&bus)
        .args(["groups", "resume", "moved"])
        .assert()
        .success();
    receiver.wait_for(2);
}

/// An ordered push group posts one event per key at a time: the key's second event
/// waits until the first, failed once, is delivered.
fn an_ordered_push_group_posts_each_key_in_order(bus: TestBus) {
    let receiver = Receiver::start(&[(500, None)]);
    evbus(&bus)
        .args(["groups", "create", "hooks", "--pattern", "web.*"])
        .args([
            "--ordered",
            "--push",
            &receiver.url,
            "--backoff",
            "100ms..100ms",
        ])
        .assert()
        .success();
    for n in [1, 2] {
        evbus(&bus)
            .args(["emit", "web.paid", "--key", "order-7"])
            .args(["--data", &format!(r#"{{"n":{n}}}"#)])
            .assert()
            .success();
    }
    receiver.wait_for(3);
    let hits = receiver.hits.lock().unwrap();
    let bodies: Vec<String> = hits
        .iter()
        .map(|hit| String::from_utf8_lossy(&hit.body).into_owned())
        .collect();
    assert_eq!(bodies, [r#"{"n":1}"#, r#"{"n":1}"#, r#"{"n":2}"#]);
    assert!(
        hits.iter()
            .all(|hit| header(hit, "ce-partitionkey") == "order-7")
    );
}

/// An endpoint that keeps failing pauses its group after `--pause-after` POSTs in a row;
/// the group then tries one delivery every `--probe-every`, and resumes by itself once
/// the endpoint takes one. Nothing is dead-lettered meanwhile.
fn a_failing_endpoint_pauses_its_group_which_resumes_once_a_probe_is_taken(bus: TestBus) {
    let receiver = Receiver::start(&[(500, None), (503, None), (500, None), (500, None)]);
    evbus(&bus)
        .args([
            "groups",
            "create",
            "flaky",
            "--pattern",
            "web.*",
            "--push",
            &receiver.url,
        ])
        .args(["--pause-after", "3", "--probe-every", "300ms"])
        .args(["--backoff", "20ms..20ms", "--max-attempts", "50"])
        .assert()
        .success();
    evbus(&bus)
        .args(["emit", "web.z", "--data", "1"])
        .assert()
        .success();
    let paused = tail_json(
        &bus.url,
        &["$evbus.group.paused", "--from-start", "--count", "1"],
    );
    let reason = paused[0]["data"]["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("3 failed POSTs in a row"), "{reason}");
    let info = group(&bus.url, "flaky");
    assert!(info.paused && info.probing, "{info:?}");
    // Probes: the fourth POST fails too, the fifth is taken and resumes the group.
    let resumed = tail_json(
        &bus.url,
        &["$evbus.group.resumed", "--from-start", "--count", "1"],
    );
    assert_eq!(resumed[0]["data"]["group"], "flaky");
    let hits = receiver.hits.lock().unwrap();
    assert_eq!(hits.len(), 5, "three failures, then one probe at a time");
    let gap = hits[3].at.duration_since(hits[2].at);
    assert!(
        gap >= Duration::from_millis(300),
        "probes wait --probe-every: {gap:?}"
    );
    drop(hits);
    let info = group(&bus.url, "flaky");
    assert!(!info.paused && !info.probing && info.dead == 0, "{info:?}");
}

crate::on_every_engine!(
    a_failing_endpoint_pauses_its_group_which_resumes_once_a_probe_is_taken,
    an_ordered_push_group_posts_each_key_in_order,
    push_retries_then_delivers_signed_in_binary_mode,
    failing_pushes_end_in_the_dead_letters,
    gone_pauses_the_group_until_resumed,
);

/// A bus that listens off loopback refuses push destinations inside the network — here
/// with the same policy on a loopback test bus: an address in the URL at once, a name
/// when a connection resolves it; `--push-allow` lets one in.
#[test]
fn a_guarded_bus_refuses_pushes_to_internal_addresses_unless_allowed() {
    let guarded = |allow: &[&str]| evbus::bus::BusConfig {
        push_policy: evbus::bus::groups::PushPolicy::guarded(
            &allow
                .iter()
                .map(|item| item.to_string())
                .collect::<Vec<_>>(),
            Vec::new(),
        )
        .unwrap(),
        ..evbus::bus::BusConfig::default()
    };
    let bus = TestBus::start_with(guarded(&[]), None);
    evbus(&bus)
        .args(["groups", "create", "meta", "--pattern", "web.*"])
        .args(["--push", "http://169.254.169.254/latest/meta-data"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("link-local"));

    let receiver = Receiver::start(&[]);
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    push_group(&bus, "inside", &by_name, &["--max-attempts", "1"]);
    evbus(&bus)
        .args(["emit", "web.a", "--data", "1"])
        .assert()
        .success();
    let letters = dead_letters_once_there_are(&bus);
    let error = &letters[0].attempts[0].error;
    assert!(
        error.contains("loopback") && error.contains("--push-allow"),
        "{error}"
    );
    assert!(
        receiver.hits.lock().unwrap().is_empty(),
        "nothing reached it"
    );

    let allowed = TestBus::start_with(guarded(&["127.0.0.0/8"]), None);
    push_group(&allowed, "inside", &by_name, &[]);
    evbus(&allowed)
        .args(["emit", "web.b", "--data", "1"])
        .assert()
        .success();
    receiver.wait_for(1);
}

#[test]
fn a_push_header_reaches_the_receiver_and_is_shown_masked() {
    let bus = TestBus::start();
    let receiver = Receiver::start(&[]);
    push_group(
        &bus,
        "hooked",
        &receiver.url,
        &[
            "--header",
            "Authorization=Bearer hook-s3cret",
            "--header",
            "X-Team=billing",
        ],
    );
    evbus(&bus)
        .args(["emit", "web.h", "--data", "1"])
        .assert()
        .success();
    receiver.wait_for(1);
    let hits = receiver.hits.lock().unwrap();
    assert_eq!(header(&hits[0], "authorization"), "Bearer hook-s3cret");
    assert_eq!(header(&hits[0], "x-team"), "billing");
    drop(hits);
    let shown = evbus(&bus)
        .args(["groups", "show", "hooked"])
        .assert()
        .success();
    let shown = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    assert!(shown.contains("authorization: ****"), "{shown}");
    assert!(
        !shown.contains("hook-s3cret") && !shown.contains("billing"),
        "{shown}"
    );
    let info = group(&bus.url, "hooked");
    assert_eq!(info.headers["x-team"], "****");
    // The bus's own headers stay the bus's.
    evbus(&bus)
        .args([
            "groups",
            "create",
            "spoof",
            "--pattern",
            "web.*",
            "--push",
            &receiver.url,
        ])
        .args(["--header", "ce-type=fake"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is the bus's to set"));
}

#[test]
fn a_rotated_secret_signs_beside_the_old_one_during_its_grace() {
    let bus = TestBus::start();
    let receiver = Receiver::start(&[]);
    push_group(&bus, "signed", &receiver.url, &["--secret", "old-s3cret"]);
    let rotated = evbus(&bus)
        .args(["groups", "rotate-secret", "signed", "--grace", "1h"])
        .assert()
        .success()
        .stderr(predicates::str::contains("shown only now"));
    let new = String::from_utf8_lossy(&rotated.get_output().stdout)
        .trim()
        .to_owned();
    assert!(new.starts_with("whsec_"), "{new}");
    let signatures = |hit: &Hit| {
        let id = header(hit, "ce-id");
        let timestamp: u64 = header(hit, "evbus-timestamp").parse().unwrap();
        let sign = |secret: &str| {
            let hex = evbus::bus::groups::push::signature(secret, &id, timestamp, &hit.body);
            format!("v1={hex}")
        };
        (
            header(hit, "evbus-signature"),
            sign(&new),
            sign("old-s3cret"),
        )
    };
    evbus(&bus)
        .args(["emit", "web.s", "--data", "1"])
        .assert()
        .success();
    receiver.wait_for(1);
    let (sent, by_new, by_old) = signatures(&receiver.hits.lock().unwrap()[0]);
    assert_eq!(sent, format!("{by_new} {by_old}"), "both, the new first");

    // No grace: the old secret stops at once.
    let again = evbus(&bus)
        .args([
            "groups",
            "rotate-secret",
            "signed",
            "--grace",
            "0s",
            "--secret",
            "third",
        ])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&again.get_output().stdout).trim(),
        "third"
    );
    evbus(&bus)
        .args(["emit", "web.s", "--data", "2"])
        .assert()
        .success();
    receiver.wait_for(2);
    let hits = receiver.hits.lock().unwrap();
    let timestamp: u64 = header(&hits[1], "evbus-timestamp").parse().unwrap();
    let id = header(&hits[1], "ce-id");
    let only = evbus::bus::groups::push::signature("third", &id, timestamp, &hits[1].body);
    assert_eq!(header(&hits[1], "evbus-signature"), format!("v1={only}"));
    drop(hits);
    evbus(&bus)
        .args(["groups", "create", "pulled", "--pattern", "web.*"])
        .assert()
        .success();
    evbus(&bus)
        .args(["groups", "rotate-secret", "pulled"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a push group"));
}
