//! `serve --nats-creds FILE` against a NATS in operator mode (decentralized JWT auth, as
//! NGS and most managed NATS use): the test mints an operator, an account with JetStream
//! and a user, the way `nsc` would, and hands the server the operator and account.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use nkeys::KeyPair;

use crate::common::{ChildBus, evbus_at};
use crate::nats::PrivateNats;

/// A NATS JWT: `claims` about `subject`, issued and signed by `issuer`.
fn jwt(issuer: &KeyPair, subject: &KeyPair, name: &str, nats: serde_json::Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"ed25519-nkey"}"#);
    let claims = serde_json::json!({
        "jti": format!("{:032X}", fastrand::u128(..)),
        "iat": 1_700_000_000,
        "iss": issuer.public_key(),
        "sub": subject.public_key(),
        "name": name,
        "nats": nats,
    });
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{claims}");
    let signature = URL_SAFE_NO_PAD.encode(issuer.sign(signed.as_bytes()).unwrap());
    format!("{signed}.{signature}")
}

/// The operator's JWT, a NATS config trusting it with the account preloaded, and a
/// user's creds file of that account, in `dir`.
fn operator_mode(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (operator, system, account, user) = (
        KeyPair::new_operator(),
        KeyPair::new_account(),
        KeyPair::new_account(),
        KeyPair::new_user(),
    );
    let unlimited = -1;
    let operator_jwt = jwt(
        &operator,
        &operator,
        "op",
        serde_json::json!({
            "type": "operator", "version": 2, "system_account": system.public_key()
        }),
    );
    // JetStream needs a system account to run in operator mode.
    let system_jwt = jwt(
        &operator,
        &system,
        "SYS",
        serde_json::json!({ "type": "account", "version": 2 }),
    );
    let account_jwt = jwt(
        &operator,
        &account,
        "evbus",
        serde_json::json!({
            "type": "account", "version": 2,
            "limits": {
                "subs": unlimited, "data": unlimited, "payload": unlimited,
                "imports": unlimited, "exports": unlimited, "wildcards": true,
                "conn": unlimited, "leaf": unlimited,
                "mem_storage": unlimited, "disk_storage": unlimited,
                "streams": unlimited, "consumer": unlimited,
            },
        }),
    );
    let user_jwt = jwt(
        &account,
        &user,
        "bus",
        serde_json::json!({
            "type": "user", "version": 2,
            "subs": unlimited, "data": unlimited, "payload": unlimited,
        }),
    );
    let operator_file = dir.join("operator.jwt");
    std::fs::write(&operator_file, &operator_jwt).unwrap();
    let config = dir.join("nats.conf");
    std::fs::write(
        &config,
        format!(
            "operator: {}\nsystem_account: {system}\nresolver: MEMORY\n\
             resolver_preload: {{\n  {system}: {system_jwt}\n  {}: {account_jwt}\n}}\n",
            operator_file.display(),
            account.public_key(),
            system = system.public_key(),
        ),
    )
    .unwrap();
    let creds = dir.join("bus.creds");
    std::fs::write(
        &creds,
        format!(
            "-----BEGIN NATS USER JWT-----\n{user_jwt}\n------END NATS USER JWT------\n\n\
             -----BEGIN USER NKEY SEED-----\n{}\n------END USER NKEY SEED------\n",
            user.seed().unwrap()
        ),
    )
    .unwrap();
    (config, creds)
}

/// With the creds of a user of an account that has JetStream, the bus runs; without
/// them NATS is unreachable (exit 3), and a file that is not creds is a usage error
/// (exit 2), each said in one line.
#[test]
fn serve_authenticates_with_a_creds_file() {
    let dir = tempfile::tempdir().unwrap();
    let (config, creds) = operator_mode(dir.path());
    let config = config.display().to_string();

    let Some(nats) = PrivateNats::start_with(&["-c", &config]) else {
        return;
    };
    let serve = |extra: &[&str], code: i32| {
        let output = crate::common::bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--engine", &nats.url])
            .args(extra)
            .env_remove("EVBUS_DATA_DIR")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        stderr
    };
    let anonymous = serve(&[], 3);
    assert!(anonymous.contains("cannot reach NATS"), "{anonymous}");
    let garbage = dir.path().join("garbage.creds");
    std::fs::write(&garbage, "not creds").unwrap();
    let garbage = garbage.display().to_string();
    let unreadable = serve(&["--nats-creds", &garbage], 2);
    assert!(
        unreadable.contains("cannot read NATS credentials") && unreadable.contains(&garbage),
        "{unreadable}"
    );

    let bus = ChildBus::serve(&[
        "--engine".into(),
        nats.url.clone(),
        "--nats-creds".into(),
        creds.display().to_string(),
    ]);
    evbus_at(&bus.url)
        .args(["emit", "creds.ok", "--data", "1"])
        .assert()
        .success();
    let events = crate::common::tail_json(&bus.url, &["creds.ok", "--from-start", "--count", "1"]);
    assert_eq!(events[0]["data"], 1);
}
