//! Consumer groups and deliveries as they travel over the wire (dead letters: `dead_letter`).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::time::{format_duration_exact, parse_duration};

pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;
pub const DEFAULT_BACKOFF: Backoff = Backoff {
    min: Duration::from_secs(1),
    max: Duration::from_secs(300),
};
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(30);

/// The exit code with which an `--exec` handler rejects an event as poison
/// (`EX_DATAERR` from sysexits: "the input data was incorrect").
pub const REJECT_EXIT_CODE: i32 = 65;

/// Retry delays: exponential from `min`, capped at `max`, written `1s..5m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub min: Duration,
    pub max: Duration,
}

impl std::str::FromStr for Backoff {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let usage = |why: String| {
            format!("invalid backoff '{text}': {why}; use MIN..MAX, e.g. 1s..5m or 200ms..10s")
        };
        let (min, max) = text
            .split_once("..")
            .ok_or_else(|| usage("no '..' between the minimum and the maximum".into()))?;
        let min = parse_duration(min).map_err(usage)?;
        let max = parse_duration(max).map_err(usage)?;
        if min.is_zero() || min > max {
            return Err(usage(
                "the minimum must be above zero and at most the maximum".into(),
            ));
        }
        Ok(Self { min, max })
    }
}

impl std::fmt::Display for Backoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}..{}",
            format_duration_exact(self.min),
            format_duration_exact(self.max)
        )
    }
}

/// `POST /v1/groups`: what defines a group. Durations in the user's syntax (`30s`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub name: String,
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// `new` (default), `beginning`, a seq, or a time (duration back or RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_timeout: Option<String>,
    /// A push group: the bus POSTs each event to this URL (CloudEvents binary mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<String>,
    /// Push: sign each delivery with HMAC-SHA256 under this secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Push: at most this many deliveries per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Push: at most this many deliveries in flight (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_in_flight: Option<u32>,
    /// Push: fixed headers sent with every POST (e.g. `Authorization`); shown masked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Push: pause the group after this many failed POSTs in a row (default 20; 0: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_after: Option<u32>,
    /// Push: while paused by failures, try one delivery this often (default 1m).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_every: Option<String>,
    /// One event per ordering key (`partitionkey`) in flight at a time, in log order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordered: bool,
}

/// `GET /v1/groups/{name}`: a group's definition and where it stands.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupInfo {
    pub name: String,
    pub pattern: String,
    pub filter: Option<String>,
    pub max_attempts: u32,
    pub backoff: String,
    pub ack_timeout: String,
    pub created: String,
    /// The next log seq the group will look at.
    pub cursor: u64,
    /// Failed deliveries waiting for their retry.
    pub pending: u64,
    pub in_flight: u64,
    pub dead: u64,
    /// Log events after the cursor: not yet looked at (an upper bound on what is to come).
    pub lag: u64,
    /// Completed since the server started.
    pub completed: u64,
    pub members: Vec<MemberInfo>,
    /// The webhook of a push group.
    #[serde(default)]
    pub push: Option<String>,
    /// A paused group hands out nothing (`groups resume`).
    #[serde(default)]
    pub paused: bool,
    /// A push group's fixed headers, their values masked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Paused by its pusher after failed POSTs: one delivery is tried every `probe_every`,
    /// and the first that succeeds resumes the group.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub probing: bool,
    /// Hands out one event per ordering key at a time, in log order.
    #[serde(default)]
    pub ordered: bool,
    /// An ordered group's keys in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<KeysInfo>,
}

/// Where an ordered group's keys stand.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeysInfo {
    /// Keys whose event is leased to a member now.
    pub in_flight: u64,
    /// Events waiting for their key (an earlier event of it is in progress).
    pub waiting: u64,
    /// Keys held back by a failed attempt until its retry completes or is dead-lettered
    /// (the first `BLOCKED_SHOWN`, oldest first).
    pub blocked: Vec<BlockedKey>,
    /// How many keys are blocked in all.
    pub blocked_count: u64,
}

/// A key held back by a failed attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlockedKey {
    pub key: String,
    pub seq: u64,
    /// Attempts so far.
    pub attempts: u32,
    /// When the retry is due.
    pub retry_at: String,
}

/// How many blocked keys `groups show` lists.
pub const BLOCKED_SHOWN: usize = 20;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberInfo {
    pub name: String,
    pub in_flight: u64,
    pub last_seen: String,
}

/// One leased event, as `pull` hands it out.
#[derive(Debug, Serialize, Deserialize)]
pub struct Delivery {
    /// Names this lease in ack, nack, reject and extend.
    pub receipt: String,
    pub attempt: u32,
    pub lease_expires: String,
    pub event: Box<RawValue>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Pulled {
    pub deliveries: Vec<Delivery>,
}

/// What to do with the leases some receipts name: what the HTTP body of ack, nack,
/// reject and extend comes to, and what a relayed settle carries to another server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Settlement {
    Ack,
    Nack {
        delay: Option<Duration>,
        error: String,
    },
    Reject {
        error: String,
    },
    Extend {
        lease: Option<Duration>,
    },
}

impl Settlement {
    /// The endpoint under `/v1/groups/{name}/` that settles this way.
    pub fn action(&self) -> &'static str {
        match self {
            Settlement::Ack => "ack",
            Settlement::Nack { .. } => "nack",
            Settlement::Reject { .. } => "reject",
            Settlement::Extend { .. } => "extend",
        }
    }

    /// The HTTP body that settles `receipts` this way (an empty error: the server's
    /// default).
    pub fn body(&self, receipts: Vec<String>) -> Settle {
        let error = |error: &String| (!error.is_empty()).then(|| error.clone());
        let duration = |duration: &Option<Duration>| duration.map(format_duration_exact);
        let mut body = Settle {
            receipts,
            ..Settle::default()
        };
        match self {
            Settlement::Ack => {}
            Settlement::Nack { delay, error: text } => {
                body.delay = duration(delay);
                body.error = error(text);
            }
            Settlement::Reject { error: text } => body.error = error(text),
            Settlement::Extend { lease } => body.lease = duration(lease),
        }
        body
    }

    /// What a body sent to the endpoint `action` asks; `None` when there is no such
    /// endpoint, an error when a duration in it does not parse.
    pub fn from_body(action: &str, body: &Settle) -> Option<Result<Self, String>> {
        let duration = |text: &Option<String>| text.as_deref().map(parse_duration).transpose();
        let error = |default: &str| body.error.clone().unwrap_or_else(|| default.to_owned());
        let settlement = match action {
            "ack" => Ok(Settlement::Ack),
            "nack" => duration(&body.delay).map(|delay| Settlement::Nack {
                delay,
                error: error("nacked"),
            }),
            "reject" => Ok(Settlement::Reject {
                error: error("rejected as poison"),
            }),
            "extend" => duration(&body.lease).map(|lease| Settlement::Extend { lease }),
            _ => return None,
        };
        Some(settlement)
    }
}

/// Body of ack, nack, reject and extend.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settle {
    pub receipts: Vec<String>,
    /// nack: wait this long before the retry instead of the group's backoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
    /// nack, reject: what went wrong, kept in the attempt history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// extend: the new lease length from now (default: the group's ack timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Settled {
    pub settled: usize,
}

/// An address for `emit --to`: a group name, or a glob of names with `*` (`billing-*`).
pub fn validate_address(address: &str) -> Result<(), String> {
    let valid = !address.is_empty()
        && address
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '*'));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid address '{address}': a group name, or a glob such as billing-*"
        ))
    }
}

/// Whether `name` matches `glob`, where `*` stands for any run of characters.
pub fn glob_matches(glob: &str, name: &str) -> bool {
    let mut parts = glob.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*`: the whole name
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// The `to` address an event's JSON carries, if any. Cheap for the usual event without
/// one: a (SIMD) substring search, then a real parse only when `"to":` appears.
pub fn address_of(event_json: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"\"to\":";
    memchr::memmem::find(event_json, KEY)?;
    #[derive(Deserialize)]
    struct To {
        to: Option<String>,
    }
    serde_json::from_slice::<To>(event_json).ok()?.to
}

/// `POST /v1/groups/{name}/rotate-secret`: a new signing secret for a push group.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotate {
    /// How long the old secret still signs too (default 24h; 0s: stop at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
    /// The new secret; a random one when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// The answer to a rotation: the new secret (shown this once) and when the old one stops.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rotated {
    pub group: String,
    pub secret: String,
    pub previous_until: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_group_names() {
        assert!(glob_matches("billing", "billing"));
        assert!(!glob_matches("billing", "billing-eu"));
        assert!(glob_matches("billing-*", "billing-eu"));
        assert!(glob_matches("*-eu", "billing-eu"));
        assert!(glob_matches("b*g-*u", "billing-eu"));
        assert!(!glob_matches("billing-*", "shipping-eu"));
        assert!(glob_matches("*", "anything"));
    }

    #[test]
    fn addresses_are_found_only_at_the_top_level() {
        assert_eq!(
            address_of(br#"{"type":"a","to":"billing"}"#).as_deref(),
            Some("billing")
        );
        assert_eq!(address_of(br#"{"type":"a","data":{"to":"x"}}"#), None);
        assert_eq!(address_of(br#"{"type":"a"}"#), None);
    }

    #[test]
    fn backoff_reads_min_dot_dot_max() {
        let backoff: Backoff = "200ms..10s".parse().unwrap();
        assert_eq!(backoff.min, Duration::from_millis(200));
        assert_eq!(backoff.max, Duration::from_secs(10));
        assert_eq!(backoff.to_string(), "200ms..10s");
        for bad in ["1s", "5m..1s", "0s..1s", "x..1s"] {
            let err = bad.parse::<Backoff>().unwrap_err();
            assert!(err.contains("use MIN..MAX"), "{err}");
        }
    }
}
