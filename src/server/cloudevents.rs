//! Decoding `POST /v1/events` bodies per the CloudEvents HTTP protocol binding: structured
//! (`application/cloudevents+json`), batch (`application/cloudevents-batch+json`), binary
//! (`ce-*` headers, the body is the data) and NDJSON (one event per line). A plain
//! `application/json` body is taken as one structured event, or a batch when it is an array.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use base64::Engine as _;
use percent_encoding::percent_decode_str;
use serde_json::value::RawValue;

use super::error::ApiError;
use crate::api::event::json_string;
use crate::api::{ErrorCode, Event, EventError};

/// The most events one request may hold: beyond it, per-event bookkeeping (receipts,
/// attributes) would dwarf the body, and a client splits anyway (`emit --batch --chunk`).
pub const MAX_BATCH_EVENTS: usize = 10_000;

fn too_many(count: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "the batch holds {count} events, over the {MAX_BATCH_EVENTS} a request may hold: send smaller batches (emit --batch --chunk N)"
        ),
    )
}

/// The events of one request, and whether the client sent them as a batch.
pub struct Decoded {
    pub events: Vec<Event>,
    pub batch: bool,
}

pub fn decode(headers: &HeaderMap, body: &[u8]) -> Result<Decoded, ApiError> {
    if headers.contains_key("ce-specversion") {
        return Ok(Decoded {
            events: vec![binary_event(headers, body)?],
            batch: false,
        });
    }
    let content_type = content_type(headers).unwrap_or("");
    match media_type(content_type).as_str() {
        "application/cloudevents+json" => single(body),
        "application/cloudevents-batch+json" => batch(body),
        "application/x-ndjson" | "application/ndjson" => ndjson(body),
        "application/json" => {
            if body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'[') {
                batch(body)
            } else {
                single(body)
            }
        }
        _ => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "unsupported content type '{content_type}': send application/cloudevents+json, \
                 application/cloudevents-batch+json, application/x-ndjson, or binary mode with ce-* headers"
            ),
        )),
    }
}

fn event_error(index: Option<usize>, err: EventError) -> ApiError {
    let at = index.map(|i| format!("event {i}: ")).unwrap_or_default();
    ApiError::invalid(format!("{at}{err}"))
}

fn single(body: &[u8]) -> Result<Decoded, ApiError> {
    let event = Event::from_json(body).map_err(|err| event_error(None, err))?;
    Ok(Decoded {
        events: vec![event],
        batch: false,
    })
}

fn batch(body: &[u8]) -> Result<Decoded, ApiError> {
    let items = match serde_json::from_slice::<BoundedBatch>(body) {
        Ok(BoundedBatch(items)) => items,
        Err(err) if err.to_string().starts_with(TOO_MANY) => {
            return Err(too_many(MAX_BATCH_EVENTS + 1));
        }
        Err(err) => {
            return Err(ApiError::invalid(format!(
                "a batch must be a JSON array of events: {err}"
            )));
        }
    };
    let events = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            Event::from_json(item.get().as_bytes()).map_err(|err| event_error(Some(index), err))
        })
        .collect::<Result<_, _>>()?;
    Ok(Decoded {
        events,
        batch: true,
    })
}

/// A JSON array of at most `MAX_BATCH_EVENTS` raw items; reading stops at the one after.
struct BoundedBatch(Vec<Box<RawValue>>);

const TOO_MANY: &str = "too many events";

impl<'de> serde::Deserialize<'de> for BoundedBatch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items;
        impl<'de> serde::de::Visitor<'de> for Items {
            type Value = BoundedBatch;
            fn expecting(&self, out: &mut std::fmt::Formatter) -> std::fmt::Result {
                out.write_str("an array of events")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Box<RawValue>>()? {
                    if items.len() == MAX_BATCH_EVENTS {
                        return Err(serde::de::Error::custom(TOO_MANY));
                    }
                    items.push(item);
                }
                Ok(BoundedBatch(items))
            }
        }
        deserializer.deserialize_seq(Items)
    }
}

fn ndjson(body: &[u8]) -> Result<Decoded, ApiError> {
    let lines = || {
        body.split(|&byte| byte == b'\n')
            .filter(|line| line.iter().any(|byte| !byte.is_ascii_whitespace()))
    };
    let count = lines().count();
    if count > MAX_BATCH_EVENTS {
        return Err(too_many(count));
    }
    let events = lines()
        .enumerate()
        .map(|(index, line)| Event::from_json(line).map_err(|err| event_error(Some(index), err)))
        .collect::<Result<_, _>>()?;
    Ok(Decoded {
        events,
        batch: true,
    })
}

/// Binary mode: attributes from `ce-*` headers (percent-decoded, names lower-cased), the
/// body as data typed by `Content-Type`.
fn binary_event(headers: &HeaderMap, body: &[u8]) -> Result<Event, ApiError> {
    let mut attributes: BTreeMap<String, Box<RawValue>> = BTreeMap::new();
    for (name, value) in headers {
        let Some(attribute) = name.as_str().strip_prefix("ce-") else {
            continue;
        };
        let text = value
            .to_str()
            .map_err(|_| ApiError::invalid(format!("header {name} is not valid text")))?;
        let decoded = percent_decode_str(text).decode_utf8().map_err(|_| {
            ApiError::invalid(format!(
                "header {name} is not valid UTF-8 once percent-decoded"
            ))
        })?;
        if matches!(attribute, "data" | "data_base64" | "seq") {
            continue;
        }
        attributes.insert(attribute.to_owned(), json_string(&decoded));
    }
    let content_type = content_type(headers);
    if let Some(content_type) = content_type {
        attributes.insert("datacontenttype".into(), json_string(content_type));
    }
    if !body.is_empty() {
        let media_type = media_type(content_type.unwrap_or("application/json"));
        if is_json(&media_type) {
            let data: Box<RawValue> = serde_json::from_slice(body).map_err(|err| {
                ApiError::invalid(format!(
                    "the body is not valid JSON ({err}) but Content-Type says it is"
                ))
            })?;
            attributes.insert("data".into(), data);
        } else if let (true, Ok(text)) =
            (media_type.starts_with("text/"), std::str::from_utf8(body))
        {
            attributes.insert("data".into(), json_string(text));
        } else {
            let encoded = base64::engine::general_purpose::STANDARD.encode(body);
            attributes.insert("data_base64".into(), json_string(&encoded));
        }
    }
    Event::from_attributes(attributes).map_err(|err| event_error(None, err))
}

pub(super) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// `Application/JSON; charset=utf-8` → `application/json`.
pub(super) fn media_type(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or("");
    essence.trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json") || media_type == "text/json"
}

/// Property-based fuzzing of every mode: whatever the bytes, decoding answers an event or
/// a client error, never a panic or a 5xx; and whatever valid event goes in, in any mode,
/// the same event comes out.
#[cfg(test)]
mod fuzz {
    use axum::http::{HeaderName, HeaderValue};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    const MEDIA_TYPES: &[&str] = &[
        "application/cloudevents+json",
        "application/cloudevents-batch+json",
        "application/x-ndjson",
        "application/json",
        "text/plain",
        "application/octet-stream",
    ];

    fn headers(pairs: &[(&str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(HeaderName::from_bytes(name.as_bytes()).unwrap(), value);
            }
        }
        map
    }

    fn topic() -> impl Strategy<Value = String> {
        proptest::collection::vec("[a-z0-9_-]{1,8}", 1..4).prop_map(|tokens| tokens.join("."))
    }

    fn data() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    fn event() -> impl Strategy<Value = (String, String, Value)> {
        (topic(), "[ -~]{1,20}", data())
    }

    fn structured(topic: &str, id: &str, data: &Value) -> Value {
        json!({"specversion": "1.0", "type": topic, "id": id, "source": "/fuzz", "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "data": data})
    }

    fn check(decoded: &Decoded, expected: &[(String, String, Value)]) {
        assert_eq!(decoded.events.len(), expected.len());
        for (event, (topic, id, data)) in decoded.events.iter().zip(expected) {
            assert_eq!(&event.topic, topic);
            assert_eq!(event.id.as_deref(), Some(id.as_str()));
            let back: Value = event
                .data
                .as_ref()
                .map_or(Value::Null, |raw| serde_json::from_str(raw.get()).unwrap());
            assert_eq!(&back, data);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_are_an_event_or_a_client_error(
            body in proptest::collection::vec(any::<u8>(), 0..512),
            media in proptest::sample::select(MEDIA_TYPES),
            binary in any::<bool>(),
            header in ".{0,16}",
        ) {
            let mut pairs = vec![("content-type", media.to_owned())];
            if binary {
                pairs.extend([("ce-specversion", "1.0".into()), ("ce-type", header.clone()), ("ce-id", header)]);
            }
            if let Err(err) = decode(&headers(&pairs), &body) {
                prop_assert!(matches!(
                    err.code(),
                    ErrorCode::InvalidArgument | ErrorCode::UnsupportedMediaType | ErrorCode::PayloadTooLarge
                ));
            }
        }

        #[test]
        fn every_mode_gives_back_the_events_sent(events in proptest::collection::vec(event(), 1..5)) {
            let (topic, id, data) = &events[0];
            let one = serde_json::to_vec(&structured(topic, id, data)).unwrap();
            let decoded = decode(&headers(&[("content-type", "application/cloudevents+json".into())]), &one).unwrap();
            check(&decoded, &events[..1]);

            let all: Vec<Value> = events.iter().map(|(t, i, d)| structured(t, i, d)).collect();
            let batch = serde_json::to_vec(&all).unwrap();
            let decoded = decode(&headers(&[("content-type", "application/cloudevents-batch+json".into())]), &batch).unwrap();
            check(&decoded, &events);

            let lines: String = all.iter().map(|event| format!("{event}\n")).collect();
            let decoded = decode(&headers(&[("content-type", "application/x-ndjson".into())]), lines.as_bytes()).unwrap();
            check(&decoded, &events);

            let encoded_id = percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string();
            let binary = headers(&[
                ("ce-specversion", "1.0".into()),
                ("ce-type", topic.clone()),
                ("ce-id", encoded_id),
                ("ce-source", "/fuzz".into()),
                ("content-type", "application/json".into()),
            ]);
            let body = serde_json::to_vec(data).unwrap();
            check(&decode(&binary, &body).unwrap(), &events[..1]);
        }
    }
}
