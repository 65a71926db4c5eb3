//! How `evbus serve` reaches NATS: a cluster's server list, no NATS at all, bad engine
//! flags, a NATS lost and back, a password, TLS.

use assert_cmd::prelude::*;
use predicates::prelude::*;
use std::time::Duration;

use crate::common::{ChildBus, evbus_at, tail_json};
use crate::nats::{NatsPrefix, PrivateNats};

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
    assert_eq!(crate::fixtures::status(&bus.url).engine, "nats");
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
