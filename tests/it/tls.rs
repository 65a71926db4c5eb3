//! HTTPS: `serve --tls-cert/--tls-key` with a private CA the test makes, `--ca` and
//! `EVBUS_CA` on the client, and a certificate swapped on SIGHUP under an open stream.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};

use crate::common::{ChildBus, evbus_at, eventually, when};

/// A certificate authority of the test's own, and the files it writes.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    pub pem: PathBuf,
}

impl TestCa {
    pub fn new(dir: &Path, name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, format!("evbus test CA {name}"));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let pem = dir.join(format!("{name}-ca.pem"));
        std::fs::write(&pem, issuer.pem()).unwrap();
        Self { issuer, pem }
    }

    /// A certificate for 127.0.0.1 and localhost, and its key, written to `cert` and `key`.
    pub fn issue(&self, cert: &Path, key: &Path) {
        let pair = KeyPair::generate().unwrap();
        let params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        let certificate = params.signed_by(&pair, &self.issuer).unwrap();
        // Written whole and renamed in, as a certificate manager does.
        for (path, text) in [(cert, certificate.pem()), (key, pair.serialize_pem())] {
            let part = path.with_extension("part");
            std::fs::write(&part, text).unwrap();
            std::fs::rename(&part, path).unwrap();
        }
    }
}

fn https_bus(dir: &Path, ca: &TestCa) -> ChildBus {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    ca.issue(&cert, &key);
    ChildBus::serve(&[
        "--memory".into(),
        "--tls-cert".into(),
        cert.display().to_string(),
        "--tls-key".into(),
        key.display().to_string(),
    ])
}

#[test]
fn a_bus_on_https_is_trusted_with_its_ca_and_refused_without() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new(dir.path(), "first");
    let bus = https_bus(dir.path(), &ca);
    assert!(bus.url.starts_with("https://127.0.0.1:"), "{}", bus.url);

    evbus_at(&bus.url)
        .arg("status")
        .env_remove("EVBUS_CA")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("does not trust"))
        .stderr(predicate::str::contains("--ca FILE"));
    evbus_at(&bus.url)
        .args(["emit", "tls.hello", "--data", "{\"over\": \"tls\"}"])
        .arg("--ca")
        .arg(&ca.pem)
        .assert()
        .success();
    let tail = evbus_at(&bus.url)
        .args([
            "tail",
            "tls.*",
            "--from-start",
            "--count",
            "1",
            "--output",
            "json",
        ])
        .env("EVBUS_CA", &ca.pem)
        .assert()
        .success();
    let event: serde_json::Value = serde_json::from_slice(&tail.get_output().stdout).unwrap();
    assert_eq!(event["data"]["over"], "tls");

    // Plain HTTP to the HTTPS port gets no answer: nothing is served in clear.
    let plain = bus.url.replacen("https://", "http://", 1);
    evbus_at(&plain).arg("status").assert().code(3);
}

#[test]
fn sighup_swaps_the_certificate_without_dropping_an_open_stream() {
    let dir = tempfile::tempdir().unwrap();
    let first = TestCa::new(dir.path(), "first");
    let bus = https_bus(dir.path(), &first);
    let mut tail = crate::common::bin()
        .args(["--server", &bus.url, "tail", "swap.*", "--output", "json"])
        .arg("--ca")
        .arg(&first.pem)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    eventually("the tail attaches", Duration::from_secs(10), || {
        let output = evbus_at(&bus.url)
            .args(["status", "--output", "json", "--ca"])
            .arg(&first.pem)
            .output()
            .unwrap();
        let status: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        when(status["open_streams"] == 1, status["open_streams"].clone())
    });

    let second = TestCa::new(dir.path(), "second");
    second.issue(&dir.path().join("cert.pem"), &dir.path().join("key.pem"));
    bus.signal("HUP");
    eventually(
        "new connections get the new certificate",
        Duration::from_secs(10),
        || {
            let output = evbus_at(&bus.url)
                .args(["status", "--ca"])
                .arg(&second.pem)
                .output()
                .unwrap();
            when(
                output.status.success(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        },
    );
    evbus_at(&bus.url)
        .args(["status", "--ca"])
        .arg(&first.pem)
        .assert()
        .code(3);

    // The tail opened under the first certificate still gets what comes now.
    evbus_at(&bus.url)
        .args(["emit", "swap.after", "--data", "1", "--ca"])
        .arg(&second.pem)
        .assert()
        .success();
    let mut line = String::new();
    BufReader::new(tail.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = tail.kill();
    let _ = tail.wait();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["type"], "swap.after");
}

#[test]
fn a_bus_off_loopback_needs_tls_as_well_as_a_token() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::from_std(crate::common::bin())
        .args([
            "serve",
            "--memory",
            "--listen",
            "0.0.0.0:0",
            "--token",
            "t0ken",
        ])
        .timeout(Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without TLS"))
        .stderr(predicate::str::contains("--tls-cert"));
    let ca = TestCa::new(dir.path(), "wide");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    ca.issue(&cert, &key);
    std::fs::write(dir.path().join("garbage.pem"), "not a certificate").unwrap();
    assert_cmd::Command::from_std(crate::common::bin())
        .args(["serve", "--memory", "--listen", "127.0.0.1:0", "--tls-key"])
        .arg(&key)
        .arg("--tls-cert")
        .arg(dir.path().join("garbage.pem"))
        .timeout(Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no certificate"));
}
