//! Several `evbus serve` processes over one NATS are one bus.

use assert_cmd::prelude::*;
use predicates::prelude::*;

use crate::common::{ChildBus, evbus_at, status, tail_json};
use std::time::Duration;

use crate::nats::{NatsPrefix, PrivateNats};

/// An event emitted through either server is seen by tails on both, and both report the
/// An event emitted through either server is seen by tails on both, and both report the
/// same log and the NATS behind it.
#[test]
fn two_servers_on_one_nats_are_one_bus() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args(["emit", "order.created", "--data", r#"{"via":"first"}"#])
        .assert()
        .success();
    evbus_at(&second.url)
        .args(["emit", "order.created", "--data", r#"{"via":"second"}"#])
        .assert()
        .success();
    for server in [&first, &second] {
        let events = tail_json(
            &server.url,
            &["order.created", "--from-start", "--count", "2"],
        );
        let via: Vec<&str> = events
            .iter()
            .map(|event| event["data"]["via"].as_str().unwrap())
            .collect();
        assert_eq!(via, ["first", "second"], "on {}", server.url);
    }
    let (a, b) = (status(&first.url), status(&second.url));
    assert_eq!(a["engine"], "nats");
    assert_eq!(a["last_seq"], b["last_seq"]);
    assert_eq!(a["nats"]["prefix"], prefix.prefix.as_str());
    assert_eq!(a["nats"]["connected"], true);
    let streams = a["nats"]["streams"].as_array().unwrap();
    assert_eq!(
        streams.len(),
        7,
        "events, state, dead letters, members, direct, attempts, settled: {a}"
    );
    assert!(streams[0]["messages"].as_u64().unwrap() >= 4, "{a}");
    evbus_at(&first.url)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "prefix {}",
            prefix.prefix
        )));
}

/// A live tail on one server sees what is emitted through the other as it happens.
#[test]
fn a_live_tail_follows_events_emitted_elsewhere() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    let tail = crate::common::bin()
        .args(["tail", "live.>", "--count", "1", "--timeout", "20s"])
        .args(["--output", "json", "--server", &second.url])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    crate::common::wait_for_open_streams(&second.url, 1);
    evbus_at(&first.url)
        .args(["emit", "live.one", "--data", "1"])
        .assert()
        .success();
    let output = tail.wait_with_output().unwrap();
    assert!(output.status.success());
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(event["type"], "live.one");
}

/// No NATS at the given address: a one-line error naming it, exit 3, nothing served.
#[test]
fn engine_takes_a_comma_separated_list_of_a_cluster_s_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let mut args = prefix.serve_args();
    // The first server is down: the list is the cluster's, any live one serves.
    args[1] = format!("nats://127.0.0.1:1,{}", args[1]);
    let bus = ChildBus::serve(&args);
    evbus_at(&bus.url)
        .args(["emit", "order.created", "--data", "{}"])
        .assert()
        .success();
    assert_eq!(status(&bus.url)["engine"], "nats");
    crate::common::bin()
        .args(["serve", "--engine", "nats://127.0.0.1:4222,nats://:x"])
        .env_remove("EVBUS_DATA_DIR")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a NATS server URL"));
}

#[test]
fn serve_without_nats_fails_fast_with_exit_3() {
    let output = crate::common::bin()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--engine",
            "nats://127.0.0.1:1",
        ])
        .env_remove("EVBUS_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach NATS at nats://127.0.0.1:1"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(output.stdout.is_empty(), "nothing listened");
}

/// A bad engine or prefix is a usage error.
#[test]
fn bad_engine_flags_are_usage_errors() {
    for args in [
        &["--engine", "redis://127.0.0.1"][..],
        &["--engine", "nats://127.0.0.1:4222", "--nats-prefix", "a.b"][..],
    ] {
        crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("EVBUS_DATA_DIR")
            .assert()
            .code(2);
    }
}

/// NATS lost while serving: requests fail with 503 (exit 1) instead of hanging, and the
/// server reconnects on its own once NATS is back, with everything acknowledged before.
#[test]
fn a_lost_nats_means_503_until_it_is_back() {
    let Some(mut nats) = PrivateNats::start() else {
        return;
    };
    let bus = ChildBus::serve(&["--engine".into(), nats.url.clone()]);
    let emit = |data: &str| {
        evbus_at(&bus.url)
            .args(["emit", "up.down", "--data", data])
            .output()
            .unwrap()
    };
    assert!(emit("1").status.success());
    nats.kill();
    let refused = emit("2");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("NATS"), "the error names NATS: {stderr}");

    nats.resume().unwrap();
    crate::common::eventually("the bus reconnects", Duration::from_secs(30), || {
        let output = emit("3");
        crate::common::when(output.status.success(), output)
    });
    let data: Vec<serde_json::Value> =
        tail_json(&bus.url, &["up.down", "--from-start", "--count", "2"])
            .into_iter()
            .map(|event| event["data"].clone())
            .collect();
    assert_eq!(data, [serde_json::json!(1), serde_json::json!(3)]);
    // What NATS kept in memory (who is a member) is set up again: status and presence
    // work without restarting evbus.
    crate::common::wait_until_status_answers(
        &bus.url,
        Duration::from_secs(30),
        "status never worked again after the NATS restart",
    );
    let _responder = crate::patterns::Responder::start_at(
        &bus.url,
        "svc.echo",
        "echo",
        "cat > /dev/null; echo pong",
    );
    evbus_at(&bus.url)
        .args(["request", "svc.echo", "--data", "{}", "--timeout", "10s"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pong"));
}

/// Replay jobs are the bus's, not a server's: started through either server, listed,
/// cancelled and resumed through either; a job whose server dies is interrupted, and
/// another server resumes it where it stopped.
#[test]
fn replay_jobs_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    crate::fixtures::emit_many(&first.url, "old.x", 20);
    let start = |url: &str, to: &str, rate: &str| {
        let job = crate::common::ok_json_lines(
            evbus_at(url)
                .args(["replay", "old.*", "--from-start"])
                .args([
                    "--to-topic",
                    to,
                    "--rate",
                    rate,
                    "--detach",
                    "--output",
                    "json",
                ]),
        );
        job[0]["id"].as_str().unwrap().to_owned()
    };
    let job = |url: &str, id: &str| {
        crate::common::ok_json_lines(evbus_at(url).args(["replay", "show", id, "--output", "json"]))
            .remove(0)
    };
    let wait_for = |url: &str, id: &str, status: &str| {
        let what = format!("the job is {status}");
        crate::common::eventually(&what, Duration::from_secs(30), || {
            let info = job(url, id);
            if info["status"] == status {
                Ok(info)
            } else {
                Err(info)
            }
        })
    };

    // Started through each server, both run to the end; either server lists both.
    let fast_first = start(&first.url, "copy.a", "100000");
    let fast_second = start(&second.url, "copy.b", "100000");
    wait_for(&second.url, &fast_first, "done");
    wait_for(&first.url, &fast_second, "done");
    let listed = crate::common::ok_json_lines(
        evbus_at(&second.url).args(["replay", "list", "--output", "json"]),
    );
    assert_eq!(listed[0].as_array().map(Vec::len), Some(2), "{listed:?}");

    // Cancelled through the server that does not run it: it stops where it runs.
    let slow = start(&first.url, "copy.c", "4");
    let running = job(&second.url, &slow);
    assert_eq!(running["status"], "running", "{running}");
    evbus_at(&second.url)
        .args(["replay", "cancel", &slow])
        .assert()
        .success();
    let cancelled = wait_for(&first.url, &slow, "cancelled");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        job(&first.url, &slow)["done"],
        cancelled["done"],
        "it stopped"
    );

    // Its server dies: interrupted; resumed through the other, it ends there.
    let orphan = start(&first.url, "copy.d", "4");
    while job(&first.url, &orphan)["done"] == 0 {
        std::thread::sleep(Duration::from_millis(50));
    }
    first.kill_hard();
    wait_for(&second.url, &orphan, "interrupted");
    evbus_at(&second.url)
        .args(["replay", "resume", &orphan])
        .assert()
        .success();
    let done = wait_for(&second.url, &orphan, "done");
    assert_eq!(done["done"], 20, "{done}");
    let copies = tail_json(&second.url, &["copy.d", "--from-start", "--count", "20"]);
    let originals: std::collections::HashSet<String> = copies
        .iter()
        .map(|copy| copy["replayof"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(originals.len(), 20, "each event copied once");
}

/// Routes are the bus's, not a server's: added through one server, they forward events
/// emitted through either, each once; removed through the other, they stop everywhere.
#[test]
fn routes_work_across_servers() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&first.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "order.*",
            "--to-topic",
            "audit.big",
        ])
        .args(["--filter", ".data.n >= 5"])
        .assert()
        .success();
    evbus_at(&second.url)
        .args([
            "routes",
            "add",
            "big",
            "--pattern",
            "x.*",
            "--to-topic",
            "x.y",
        ])
        .assert()
        .code(7);
    crate::fixtures::emit_many(&first.url, "order.placed", 10);
    crate::fixtures::emit_many(&second.url, "order.placed", 10);
    let copies = tail_json(&second.url, &["audit.big", "--from-start", "--count", "10"]);
    let mut data: Vec<u64> = copies
        .iter()
        .map(|event| event["data"]["n"].as_u64().unwrap())
        .collect();
    data.sort_unstable();
    assert_eq!(data, [5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    let topics: serde_json::Value = serde_json::from_slice(
        &evbus_at(&first.url)
            .args(["topics", "--output", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let big = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|topic| topic["topic"] == "audit.big")
        .unwrap();
    assert_eq!(big["events"], 10, "each copy once");
    evbus_at(&second.url)
        .args(["routes", "remove", "big"])
        .assert()
        .success();
    evbus_at(&first.url)
        .args(["routes", "remove", "big"])
        .assert()
        .code(4);
}

/// Request/reply across servers: a responder attached to one server answers a request
/// made through the other, and "no responders" still means none on any server.
#[test]
fn a_request_through_one_server_is_answered_by_a_responder_on_the_other() {
    let Some(prefix) = NatsPrefix::new() else {
        return;
    };
    let first = ChildBus::serve(&prefix.serve_args());
    let second = ChildBus::serve(&prefix.serve_args());
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .assert()
        .code(8);
    let _adder = crate::patterns::Responder::start_at(
        &first.url,
        "math.add",
        "adders",
        r#"read -r request; echo '{"sum":5}'"#,
    );
    evbus_at(&second.url)
        .args(["request", "math.add", "--data", r#"{"a":2,"b":3}"#])
        .args(["--timeout", "10s"])
        .assert()
        .success()
        .stdout("{\"sum\":5}\n");
}

/// A NATS that wants a user and password: serve connects with them, and without them
/// (or with the wrong ones) fails at once with exit 3 and a line that says so.
#[test]
fn serve_authenticates_to_nats() {
    let Some(nats) = PrivateNats::start_with(&["--user", "evbus", "--pass", "s3cret"]) else {
        return;
    };
    let serve = |extra: &[&str]| {
        crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--engine", &nats.url])
            .args(extra)
            .env_remove("EVBUS_DATA_DIR")
            .output()
            .unwrap()
    };
    for wrong in [
        &[][..],
        &["--nats-user", "evbus", "--nats-password", "nope"][..],
    ] {
        let refused = serve(wrong);
        assert_eq!(refused.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("cannot reach NATS"), "{stderr}");
        assert!(stderr.contains("authorization violation"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
    let bus = ChildBus::serve(&[
        "--engine".into(),
        nats.url.clone(),
        "--nats-user".into(),
        "evbus".into(),
        "--nats-password".into(),
        "s3cret".into(),
    ]);
    evbus_at(&bus.url)
        .args(["emit", "auth.ok", "--data", "1"])
        .assert()
        .success();
}

/// A NATS that speaks TLS only: serve verifies it with `--nats-tls-ca`, and without the
/// CA the connection is refused in one line, exit 3.
#[test]
fn serve_reaches_nats_over_tls() {
    let certs = tempfile::tempdir().unwrap();
    let openssl = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(certs.path())
            .output()
            .is_ok_and(|output| output.status.success())
    };
    std::fs::write(
        certs.path().join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let made = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "1",
        "-subj",
        "/CN=evbus test CA",
    ]) && openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]) && openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "1",
        "-extfile",
        "ext.cnf",
    ]);
    if !made {
        eprintln!("skipping: no openssl here to make test certificates");
        return;
    }
    let path = |name: &str| certs.path().join(name).display().to_string();
    let Some(nats) = PrivateNats::start_with(&[
        "--tls",
        "--tlscert",
        &path("server.pem"),
        "--tlskey",
        &path("server.key"),
    ]) else {
        return;
    };
    let url = nats.url.replace("nats://", "tls://");
    let refused = crate::common::bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--engine", &url])
        .env_remove("EVBUS_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    let bus = ChildBus::serve(&[
        "--engine".into(),
        url,
        "--nats-tls-ca".into(),
        path("ca.pem"),
    ]);
    evbus_at(&bus.url)
        .args(["emit", "tls.ok", "--data", "1"])
        .assert()
        .success();
}
