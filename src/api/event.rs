//! The CloudEvents 1.0 envelope as evbus stores and serves it (JSON event format).
//!
//! Parsing keeps `data` as raw JSON text, so an event that goes in comes back out byte for
//! byte in its data, with every extension attribute preserved.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use super::topic::Topic;

pub const SPEC_VERSION: &str = "1.0";
/// How deep an event's `data` may nest. Everything that reads an event (filters, handlers,
/// `serde_json` with its limit of 128) can then take it whole.
pub const MAX_DATA_DEPTH: usize = 64;

/// The CloudEvents partitioning extension: an event's ordering key.
pub const KEY_ATTRIBUTE: &str = "partitionkey";
/// Longest ordering key accepted, in bytes.
pub const MAX_KEY_LEN: usize = 256;

/// One CloudEvent. `type` is the topic; `seq` is the bus's log position (an extension
/// attribute on the wire, assigned by the bus and ignored on input).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specversion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(rename = "type")]
    pub topic: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datacontenttype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataschema: Option<String>,
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_base64: Option<String>,
}

/// Why an event was refused; the message names the attribute and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("an event must be a JSON object")]
    NotAnObject,
    #[error(
        "the event has no 'type' attribute: the topic goes there, e.g. \"type\": \"order.created\""
    )]
    MissingType,
    #[error("{0}")]
    BadTopic(String),
    #[error("attribute '{name}' {reason}")]
    BadAttribute { name: String, reason: String },
    #[error("specversion '{0}' is not supported: evbus speaks CloudEvents 1.0")]
    UnsupportedSpecVersion(String),
    #[error("an event carries 'data' or 'data_base64', not both")]
    DataAndBase64,
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The data breaks a schema the bus holds for the topic.
    #[error("{0}")]
    Schema(String),
    /// A validation error that travelled through serde as a custom message.
    #[error("{0}")]
    Invalid(String),
}

impl Event {
    /// Parses one event from JSON text.
    pub fn from_json(text: &[u8]) -> Result<Event, EventError> {
        serde_json::from_slice(text).map_err(|err| {
            let message = err.to_string();
            // Our own validation errors travel through serde as custom messages.
            match message.split_once(" at line ") {
                Some((reason, _)) if err.is_data() => EventError::Invalid(reason.to_owned()),
                _ if err.is_data() => EventError::Invalid(message),
                _ => EventError::Json(message),
            }
        })
    }

    pub fn from_attributes(raw: BTreeMap<String, Box<RawValue>>) -> Result<Event, EventError> {
        let mut event = Event::default();
        let mut topic = None;
        for (name, value) in raw {
            match name.as_str() {
                "data" => event.data = Some(value),
                "seq" => {} // assigned by the bus; an incoming one is ignored
                "type" => topic = Some(string_attribute(&name, &value)?),
                "specversion" => event.specversion = optional_string(&name, &value)?,
                "id" => event.id = non_empty(&name, optional_string(&name, &value)?)?,
                "source" => event.source = non_empty(&name, optional_string(&name, &value)?)?,
                "time" => event.time = optional_string(&name, &value)?,
                "subject" => event.subject = optional_string(&name, &value)?,
                "datacontenttype" => event.datacontenttype = optional_string(&name, &value)?,
                "dataschema" => event.dataschema = optional_string(&name, &value)?,
                "data_base64" => event.data_base64 = optional_string(&name, &value)?,
                _ => {
                    if let Some(value) = extension_value(&name, &value)? {
                        event.extensions.insert(name, value);
                    }
                }
            }
        }
        event.topic = topic.ok_or(EventError::MissingType)?;
        event.validate()?;
        Ok(event)
    }

    /// Checks what the CloudEvents spec and evbus require of an event.
    pub fn validate(&self) -> Result<(), EventError> {
        self.topic.parse::<Topic>().map_err(EventError::BadTopic)?;
        if let Some(version) = &self.specversion
            && version != SPEC_VERSION
        {
            return Err(EventError::UnsupportedSpecVersion(version.clone()));
        }
        if let Some(time) = &self.time {
            super::time::parse_rfc3339_ms(time).map_err(|reason| EventError::BadAttribute {
                name: "time".into(),
                reason,
            })?;
        }
        if self.data.is_some() && self.data_base64.is_some() {
            return Err(EventError::DataAndBase64);
        }
        if let Some(key) = self.extensions.get(KEY_ATTRIBUTE) {
            validate_key(key).map_err(|reason| bad(KEY_ATTRIBUTE, &reason))?;
        }
        self.validate_trace_context()?;
        if let Some(data) = &self.data
            && nesting_depth(data.get().as_bytes()) > MAX_DATA_DEPTH
        {
            return Err(bad(
                "data",
                &format!("nests deeper than {MAX_DATA_DEPTH} levels: flatten it"),
            ));
        }
        if let Some(encoded) = &self.data_base64 {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(|err| bad("data_base64", &format!("is not valid base64 ({err})")))?;
        }
        Ok(())
    }

    /// `traceparent` and `tracestate`, when present, are W3C trace context.
    fn validate_trace_context(&self) -> Result<(), EventError> {
        use super::trace::{TRACEPARENT, TRACESTATE, TraceParent, check_tracestate};
        let text = |name: &str| match self.extensions.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.as_str())),
            Some(_) => Err(bad(name, "must be a string (W3C trace context)")),
        };
        if let Some(parent) = text(TRACEPARENT)? {
            parent
                .parse::<TraceParent>()
                .map_err(|reason| bad(TRACEPARENT, &reason))?;
        }
        if let Some(state) = text(TRACESTATE)? {
            check_tracestate(state).map_err(|reason| bad(TRACESTATE, &reason))?;
        }
        Ok(())
    }

    /// The event's ordering key (`partitionkey`), if it has one.
    pub fn key(&self) -> Option<&str> {
        self.extensions.get(KEY_ATTRIBUTE)?.as_str()
    }

    /// The event as one line of JSON (no trailing newline).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an Event always serializes: its fields are JSON values")
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, Box<RawValue>>::deserialize(deserializer)
            .map_err(|_| D::Error::custom(EventError::NotAnObject))?;
        Event::from_attributes(raw).map_err(D::Error::custom)
    }
}

/// What an ordering key must be: a string of 1 to `MAX_KEY_LEN` bytes.
fn validate_key(key: &Value) -> Result<(), String> {
    match key {
        Value::String(key) if key.is_empty() => Err("must not be empty".into()),
        Value::String(key) if key.len() > MAX_KEY_LEN => Err(format!(
            "is {} bytes: an ordering key is at most {MAX_KEY_LEN}",
            key.len()
        )),
        Value::String(_) => Ok(()),
        _ => Err("must be a string (the event's ordering key)".into()),
    }
}

/// An ordering key as `emit --key` takes it, checked before anything is sent.
pub fn parse_key(text: &str) -> Result<String, String> {
    let key = Value::String(text.to_owned());
    validate_key(&key).map_err(|reason| format!("an ordering key {reason}"))?;
    Ok(text.to_owned())
}

fn bad(name: &str, reason: &str) -> EventError {
    EventError::BadAttribute {
        name: name.to_owned(),
        reason: reason.to_owned(),
    }
}

fn string_attribute(name: &str, value: &RawValue) -> Result<String, EventError> {
    serde_json::from_str::<String>(value.get()).map_err(|_| bad(name, "must be a string"))
}

/// A string attribute where JSON `null` means absent.
fn optional_string(name: &str, value: &RawValue) -> Result<Option<String>, EventError> {
    serde_json::from_str::<Option<String>>(value.get()).map_err(|_| bad(name, "must be a string"))
}

fn non_empty(name: &str, value: Option<String>) -> Result<Option<String>, EventError> {
    match value {
        Some(text) if text.is_empty() => Err(bad(name, "must not be empty")),
        other => Ok(other),
    }
}

/// Extension attributes: lower-case alphanumeric names, scalar values (null = absent).
fn extension_value(name: &str, value: &RawValue) -> Result<Option<Value>, EventError> {
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid_name {
        return Err(bad(
            name,
            "is not a valid extension name: use lower-case letters and digits only",
        ));
    }
    let value: Value =
        serde_json::from_str(value.get()).map_err(|err| EventError::Json(err.to_string()))?;
    match value {
        Value::Null => Ok(None),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => Ok(Some(value)),
        _ => Err(bad(name, "must be a string, number or boolean")),
    }
}

/// How deep arrays and objects nest in valid JSON text (a scalar is 0).
fn nesting_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// A string as a raw JSON value (quoted and escaped), for building attribute maps.
pub fn json_string(text: &str) -> Box<RawValue> {
    let quoted = serde_json::to_string(text).expect("a string always serializes");
    RawValue::from_string(quoted).expect("a serialized string is valid JSON")
}

/// What the bus answers for each accepted event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EmitReceipt {
    pub id: String,
    pub source: String,
    pub seq: u64,
    /// True when the same (source, id) was already stored within the dedup window; `seq`
    /// is then the original's.
    pub duplicate: bool,
    /// The event was addressed (`to`) to no existing group and is now a `no_route`
    /// dead letter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_route: bool,
}

/// The answer to emitting one event: its receipt, and the event as stored (the server
/// sends it borrowed, clients read it owned).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Emitted<E = Box<RawValue>> {
    #[serde(flatten)]
    pub receipt: EmitReceipt,
    /// The stored event, byte for byte as the bus holds it.
    pub event: E,
}

/// The answer to emitting a batch: a receipt per event, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchReceipt {
    pub accepted: usize,
    pub duplicates: usize,
    pub results: Vec<EmitReceipt>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_extensions_and_raw_data() {
        let text = r#"{"specversion":"1.0","id":"1","source":"s","type":"a.b","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","n":1,"data":{"amount":1.50,"big":12345678901234567890}}"#;
        let event = Event::from_json(text.as_bytes()).unwrap();
        let back = String::from_utf8(event.to_json()).unwrap();
        assert!(
            back.contains(r#""data":{"amount":1.50,"big":12345678901234567890}"#),
            "{back}"
        );
        assert!(back.contains(
            r#""traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01""#
        ));
        assert!(back.contains(r#""n":1"#));
    }

    #[test]
    fn names_the_bad_attribute() {
        let err = Event::from_json(br#"{"type":"a","id":5}"#).unwrap_err();
        assert!(err.to_string().contains("'id' must be a string"), "{err}");
        let err = Event::from_json(br#"{"type":"a","Bad":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("extension name"), "{err}");
        let err = Event::from_json(br#"{"id":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("'type'"), "{err}");
        let err = Event::from_json(br#"{"type":"a..b"}"#).unwrap_err();
        assert!(err.to_string().contains("empty token"), "{err}");
        let err = Event::from_json(br#"[1]"#).unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
        let err = Event::from_json(br#"{"type":"a","time":"soon"}"#).unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
        let err = Event::from_json(br#"{"type":"a","traceparent":"x"}"#).unwrap_err();
        assert!(
            err.to_string().contains("'traceparent' must be W3C"),
            "{err}"
        );
    }

    #[test]
    fn an_ordering_key_is_a_short_non_empty_string() {
        let keyed = Event::from_json(br#"{"type":"a","partitionkey":"order-42"}"#).unwrap();
        assert_eq!(keyed.key(), Some("order-42"));
        assert_eq!(Event::from_json(br#"{"type":"a"}"#).unwrap().key(), None);
        let long = format!(
            r#"{{"type":"a","partitionkey":"{}"}}"#,
            "k".repeat(MAX_KEY_LEN + 1)
        );
        for (bad, says) in [
            (
                r#"{"type":"a","partitionkey":7}"#.to_owned(),
                "must be a string",
            ),
            (
                r#"{"type":"a","partitionkey":""}"#.to_owned(),
                "must not be empty",
            ),
            (long, "at most 256"),
        ] {
            let err = Event::from_json(bad.as_bytes()).unwrap_err().to_string();
            assert!(
                err.contains("'partitionkey'") && err.contains(says),
                "{err}"
            );
        }
        assert!(parse_key("").is_err() && parse_key("k").is_ok());
    }

    #[test]
    fn ignores_incoming_seq() {
        let event = Event::from_json(br#"{"type":"a","seq":7}"#).unwrap();
        assert_eq!(event.seq, None);
    }

    #[test]
    fn refuses_data_nested_too_deep_and_bad_base64() {
        let nested = |depth: usize| {
            let data = format!(r#"{}"x]"{}"#, "[".repeat(depth), "]".repeat(depth));
            Event::from_json(format!(r#"{{"type":"a","data":{data}}}"#).as_bytes())
        };
        assert!(nested(MAX_DATA_DEPTH).is_ok());
        let err = nested(MAX_DATA_DEPTH + 1).unwrap_err();
        assert!(err.to_string().contains("nests deeper than 64"), "{err}");
        let err = Event::from_json(br#"{"type":"a","data_base64":"no!"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("'data_base64' is not valid base64"),
            "{err}"
        );
        assert!(Event::from_json(br#"{"type":"a","data_base64":"aGk="}"#).is_ok());
    }
}
