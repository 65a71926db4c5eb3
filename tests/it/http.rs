//! The HTTP API with a plain HTTP client: every CloudEvents mode, errors, SSE resume.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestBus, all_events, get_json};

async fn post(bus: &TestBus, content_type: &str, body: &str) -> (StatusCode, Value) {
    let response = crate::common::http()
        .post(format!("{}/v1/events", bus.url))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// Events stored besides the bus's `$evbus.server.started`.
async fn status_events(bus: &TestBus) -> u64 {
    let (_, status) = get_json(&format!("{}/v1/status", bus.url)).await;
    status["events"].as_u64().unwrap() - 1
}

#[tokio::test]
async fn structured_mode_fills_missing_attributes() {
    let bus = TestBus::start();
    let (status, body) = post(
        &bus,
        "application/cloudevents+json",
        r#"{"type":"a.b","data":{"k":1}}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["seq"], crate::common::FIRST_SEQ);
    assert_eq!(body["duplicate"], false);
    let event = &body["event"];
    assert_eq!(event["specversion"], "1.0");
    assert_eq!(event["source"], "evbus");
    assert_eq!(event["id"].as_str().unwrap().len(), 26);
    assert!(event["time"].is_string());
}

#[tokio::test]
async fn binary_mode_percent_decodes_headers_and_types_the_body() {
    let bus = TestBus::start();
    let client = crate::common::http();
    let send = |content_type: &'static str, body: Vec<u8>, id: &'static str| {
        client
            .post(format!("{}/v1/events", bus.url))
            .header("ce-specversion", "1.0")
            .header("ce-type", "bin.event")
            .header("ce-id", id)
            .header("ce-source", "%2Fsensors%2Fk%C3%BCche")
            .header("ce-region", "eu%2Dwest")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    assert_eq!(
        send("application/json", br#"{"t":21.5}"#.to_vec(), "1")
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        send("text/plain", b"hello".to_vec(), "2")
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        send("application/octet-stream", vec![0, 159, 146, 150], "3")
            .await
            .unwrap()
            .status(),
        201
    );
    let events = all_events(&bus.url, 3);
    assert_eq!(events[0]["source"], "/sensors/küche");
    assert_eq!(events[0]["region"], "eu-west");
    assert_eq!(events[0]["data"], json!({"t": 21.5}));
    assert_eq!(events[0]["datacontenttype"], "application/json");
    assert_eq!(events[1]["data"], "hello");
    assert_eq!(events[2]["data_base64"], "AJ+Slg==");
    assert!(events[2].get("data").is_none());
}

#[tokio::test]
async fn batch_and_ndjson_modes_answer_one_result_per_event() {
    let bus = TestBus::start();
    let batch = r#"[{"type":"b.one","data_base64":"aGk="},{"type":"b.two","id":"x","source":"s"}]"#;
    let (status, body) = post(&bus, "application/cloudevents-batch+json", batch).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["accepted"], 2);
    assert_eq!(body["results"][1]["seq"], crate::common::FIRST_SEQ + 1);
    let ndjson = "{\"type\":\"n.one\"}\n{\"type\":\"b.two\",\"id\":\"x\",\"source\":\"s\"}\n";
    let (status, body) = post(&bus, "application/x-ndjson", ndjson).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (body["accepted"].as_u64(), body["duplicates"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        body["results"][1],
        json!({"id":"x","source":"s","seq":crate::common::FIRST_SEQ + 1,"duplicate":true})
    );
    assert_eq!(status_events(&bus).await, 3);
}

#[tokio::test]
async fn a_batch_with_one_bad_event_is_refused_whole_naming_its_index() {
    let bus = TestBus::start();
    let batch = r#"[{"type":"ok.one"},{"type":"ok.two"},{"type":"no good"}]"#;
    let (status, body) = post(&bus, "application/cloudevents-batch+json", batch).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "invalid_argument");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("event 2:"),
        "{body}"
    );
    assert_eq!(status_events(&bus).await, 0);
}

#[tokio::test]
async fn errors_have_one_shape_and_the_right_status() {
    let bus = TestBus::start_with(
        evbus::bus::BusConfig {
            max_event_size: 100,
            ..Default::default()
        },
        None,
    );
    let cases = [
        (
            "application/cloudevents+json",
            "{nope".to_owned(),
            400,
            "invalid_argument",
        ),
        (
            "application/cloudevents+json",
            r#"{"type":"a","specversion":"0.3"}"#.to_owned(),
            400,
            "invalid_argument",
        ),
        (
            "application/cloudevents+json",
            r#"{"type":"a","data":1,"data_base64":"AA=="}"#.to_owned(),
            400,
            "invalid_argument",
        ),
        (
            "application/cloudevents+json",
            format!(r#"{{"type":"a","data":"{}"}}"#, "x".repeat(200)),
            413,
            "payload_too_large",
        ),
        (
            "application/xml",
            "<e/>".to_owned(),
            415,
            "unsupported_media_type",
        ),
        (
            "application/x-ndjson",
            "".to_owned(),
            400,
            "invalid_argument",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let (got, answer) = post(&bus, content_type, &body).await;
        assert_eq!(got.as_u16(), status, "{content_type} {body}: {answer}");
        assert_eq!(answer["error"]["code"], code);
        assert!(answer["error"]["message"].is_string());
    }
    let (status, answer) = get_json(&format!("{}/v1/nothing", bus.url)).await;
    assert_eq!(status, 404);
    assert_eq!(answer["error"]["code"], "not_found");
    let (status, _) = get_json(&format!("{}/v1/events?topic=a..b", bus.url)).await;
    assert_eq!(status, 400);
    assert_eq!(status_events(&bus).await, 0);
}

#[tokio::test]
async fn sse_resumes_after_last_event_id() {
    let bus = TestBus::start();
    for n in 1..=4 {
        post(
            &bus,
            "application/cloudevents+json",
            &format!(r#"{{"type":"s.e","data":{n}}}"#),
        )
        .await;
    }
    let response = crate::common::http()
        .get(format!("{}/v1/events?topic=s.*", bus.url))
        .header("last-event-id", "2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut stream = response.bytes_stream();
    let mut text = String::new();
    while text.matches("\n\n").count() < 2 {
        let chunk = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            futures_util::StreamExt::next(&mut stream),
        )
        .await
        .expect("SSE events arrive")
        .unwrap()
        .unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("id: "))
        .collect();
    assert_eq!(ids, ["3", "4"]);
    assert!(text.contains(r#""data":3"#));
}

#[tokio::test]
async fn healthz_metrics_and_openapi() {
    let bus = TestBus::start_with(Default::default(), Some("t0k"));
    assert_eq!(get_json(&format!("{}/healthz", bus.url)).await.0, 200);
    assert_eq!(get_json(&format!("{}/v1/status", bus.url)).await.0, 401);
    let metrics =
        crate::common::text_of(crate::common::http().get(format!("{}/metrics", bus.url))).await;
    for name in [
        "evbus_events_appended_total",
        "evbus_open_streams",
        "evbus_commit_seconds_bucket",
        "evbus_log_bytes",
    ] {
        assert!(metrics.contains(name), "{name} missing from /metrics");
    }
    let openapi: Value = crate::common::http()
        .get(format!("{}/v1/openapi.json", bus.url))
        .bearer_auth("t0k")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        openapi["openapi"].as_str().unwrap().chars().next(),
        Some('3')
    );
    for (method, path) in evbus::server::ROUTES {
        let operation = &openapi["paths"][path][method.to_lowercase()];
        assert!(
            operation.is_object(),
            "the OpenAPI document lacks {method} {path}"
        );
    }
    let documented = openapi["paths"].as_object().unwrap();
    for (path, operations) in documented {
        // Path-level `parameters` are shared by the operations, not an operation.
        let methods = operations.as_object().unwrap().keys();
        for method in methods.filter(|key| *key != "parameters") {
            assert!(
                evbus::server::ROUTES
                    .iter()
                    .any(|(m, p)| p == path && m.eq_ignore_ascii_case(method)),
                "the OpenAPI document names {method} {path}, which the router does not serve"
            );
        }
    }
}
