//! Push groups: the bus is the member. Each delivery is POSTed to the group's webhook in
//! CloudEvents binary mode; 2xx acks, 429 and 503 wait for `Retry-After`, other failures
//! retry with the group's backoff and end in the dead letters; 410 Gone pauses the group.
//! After `pause_after` failed POSTs in a row the group pauses itself, and its pusher
//! tries one delivery every `probe_every`: the first one taken resumes the group.
//!
//! With a secret, each POST carries `evbus-timestamp` (Unix seconds) and
//! `evbus-signature: v1=HEX`, the HMAC-SHA256 of `ID.TIMESTAMP.BODY` under the secret.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use base64::Engine as _;
use serde_json::value::RawValue;
use tokio::sync::Semaphore;

use super::admin::PushState;
use super::{Leased, PushPolicy, PushTarget, Settlement};
use crate::bus::Bus;

/// The member name push deliveries are leased to.
pub const PUSH_MEMBER: &str = "push";
/// The member a paused push group's probe is leased to: the one delivery it hands out.
pub const PROBE_MEMBER: &str = "push-probe";
/// How long a pull for pushes waits before checking the group again.
const PULL_WAIT: Duration = Duration::from_secs(1);

/// Characters a CloudEvents header value carries percent-encoded.
const HEADER_ESCAPES: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'%');

/// The signature a receiver recomputes: HMAC-SHA256 of `ID.TIMESTAMP.BODY`, hex.
pub fn signature(secret: &str, id: &str, timestamp: u64, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let mut context = ring::hmac::Context::with_key(&key);
    context.update(format!("{id}.{timestamp}.").as_bytes());
    context.update(body);
    crate::bus::ids::hex(context.sign().as_ref())
}

/// One event as a binary-mode request: attributes as `ce-*` headers, data as the body.
fn binary_request(
    http: &reqwest::Client,
    target: &PushTarget,
    event_json: &[u8],
) -> Result<reqwest::RequestBuilder, String> {
    let attributes: BTreeMap<String, Box<RawValue>> =
        serde_json::from_slice(event_json).map_err(|err| err.to_string())?;
    let text = |raw: &RawValue| -> String {
        serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_owned())
    };
    let content_type = attributes
        .get("datacontenttype")
        .map(|raw| text(raw))
        .unwrap_or_else(|| "application/json".into());
    let body: Vec<u8> = match (attributes.get("data"), attributes.get("data_base64")) {
        (_, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(text(encoded))
            .map_err(|err| err.to_string())?,
        (Some(data), None) if !content_type.contains("json") => text(data).into_bytes(),
        (Some(data), None) => data.get().as_bytes().to_vec(),
        (None, None) => Vec::new(),
    };
    let mut request = http
        .post(&target.url)
        .header(reqwest::header::CONTENT_TYPE, content_type);
    for (name, value) in &attributes {
        if matches!(name.as_str(), "data" | "data_base64" | "datacontenttype") {
            continue;
        }
        let value = percent_encoding::utf8_percent_encode(&text(value), HEADER_ESCAPES).to_string();
        // W3C trace context travels in its own headers too, where tracing libraries on
        // the receiving side look for it.
        if matches!(name.as_str(), "traceparent" | "tracestate") {
            request = request.header(name.as_str(), value.as_str());
        }
        request = request.header(format!("ce-{name}"), value);
    }
    for (name, value) in &target.headers {
        request = request.header(name, value);
    }
    if let Some(secret) = &target.secret {
        let id = attributes
            .get("id")
            .map(|raw| text(raw))
            .unwrap_or_default();
        let now_ms = crate::api::time::now_ms();
        let timestamp = now_ms as u64 / 1_000;
        // During a rotation's grace, the old secret signs too: `v1=NEW v1=OLD`.
        let mut signatures = format!("v1={}", signature(secret, &id, timestamp, &body));
        if let Some((old, until)) = &target.previous_secret
            && now_ms < *until
        {
            signatures.push_str(&format!(" v1={}", signature(old, &id, timestamp, &body)));
        }
        request = request
            .header("evbus-timestamp", timestamp.to_string())
            .header("evbus-signature", signatures);
    }
    Ok(request.body(body))
}

/// `Retry-After` in seconds, if the answer has one.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    value
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

enum Verdict {
    Ack,
    Retry {
        delay: Option<Duration>,
        error: String,
    },
    Gone(String),
}

async fn push_once(
    http: &reqwest::Client,
    policy: &PushPolicy,
    target: &PushTarget,
    lease: &Leased,
    timeout: Duration,
) -> Verdict {
    // An address in the URL is never resolved: it is checked here, every time (the
    // policy may have been tightened since the group was made).
    if let Err(error) = policy.check_url(&target.url) {
        return Verdict::Retry { delay: None, error };
    }
    let request = match binary_request(http, target, &lease.event.json) {
        Ok(request) => request.timeout(timeout),
        Err(err) => {
            return Verdict::Retry {
                delay: None,
                error: format!("cannot encode the event: {err}"),
            };
        }
    };
    let response = match request.send().await {
        Ok(response) => response,
        Err(err) => {
            // The innermost cause says what happened (a refused address, a reset).
            let mut cause: &dyn std::error::Error = &err;
            while let Some(source) = cause.source() {
                cause = source;
            }
            return Verdict::Retry {
                delay: None,
                error: format!("POST {} failed: {cause}", target.url),
            };
        }
    };
    let status = response.status();
    if status.is_success() {
        return Verdict::Ack;
    }
    let delay = match status.as_u16() {
        429 | 503 => retry_after(&response),
        _ => None,
    };
    // The body is neither read nor kept: an endpoint's error page may hold what readers
    // of dead letters should not see, and may be of any size.
    let error = format!("HTTP {status} from {}", target.url);
    if status.as_u16() == 410 {
        return Verdict::Gone(error);
    }
    Verdict::Retry { delay, error }
}

impl Bus {
    /// Delivers a push group's events until the group is deleted or the bus stops.
    pub(crate) async fn run_pusher(self, name: String) {
        crate::client::install_tls_provider();
        let policy = self.config().push_policy.clone();
        let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if let Some(resolver) = policy.resolver() {
            builder = builder.dns_resolver(resolver);
        }
        let http = match builder.build() {
            Ok(http) => http,
            Err(err) => {
                tracing::error!(group = %name, error = %err, "cannot build the push client");
                return;
            }
        };
        let mut shutdown = self.shutdown_signal();
        let mut slots: Option<Arc<Semaphore>> = None;
        let mut next_at = tokio::time::Instant::now();
        // Failed POSTs in a row, across the deliveries in flight.
        let failures = Arc::new(AtomicU32::new(0));
        loop {
            if *shutdown.borrow() {
                return;
            }
            let Some(PushState {
                target,
                ack_timeout,
                paused,
                probing,
            }) = self.push_target(&name).await
            else {
                return; // deleted
            };
            if paused && probing {
                if !crate::bus::wait_unless_stopping(&mut shutdown, target.probe_every).await {
                    return;
                }
                if self
                    .probe(&http, &policy, &name, &target, ack_timeout)
                    .await
                {
                    failures.store(0, Ordering::Relaxed);
                }
                continue;
            }
            if paused {
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            let slots = slots
                .get_or_insert_with(|| Arc::new(Semaphore::new(target.max_in_flight as usize)))
                .clone();
            let first = match slots.clone().acquire_owned().await {
                Ok(permit) => permit,
                Err(_) => return,
            };
            let room = slots.available_permits() + 1;
            let leased = match self.pull(&name, PUSH_MEMBER, room, PULL_WAIT).await {
                Ok(leased) => leased,
                Err(crate::bus::BusError::NotFound(_)) => return,
                Err(err) => {
                    tracing::warn!(group = %name, error = %err, "push pull failed; will retry");
                    drop(first);
                    tokio::time::sleep(PULL_WAIT).await;
                    continue;
                }
            };
            // Read again: the pull may have waited through a change (a rotated secret).
            let Some(PushState { target, .. }) = self.push_target(&name).await else {
                return;
            };
            let mut first = Some(first);
            for lease in leased {
                let permit = match first.take() {
                    Some(permit) => permit,
                    None => match slots.clone().acquire_owned().await {
                        Ok(permit) => permit,
                        Err(_) => return,
                    },
                };
                if let Some(rate) = target.rate {
                    tokio::time::sleep_until(next_at).await;
                    next_at = tokio::time::Instant::now().max(next_at)
                        + Duration::from_secs_f64(1.0 / rate);
                }
                let (bus, http, policy, target, name, failures) = (
                    self.clone(),
                    http.clone(),
                    policy.clone(),
                    target.clone(),
                    name.clone(),
                    failures.clone(),
                );
                tokio::spawn(async move {
                    let verdict = push_once(&http, &policy, &target, &lease, ack_timeout).await;
                    match &verdict {
                        Verdict::Ack => failures.store(0, Ordering::Relaxed),
                        Verdict::Retry { error, .. } => {
                            let row = failures.fetch_add(1, Ordering::Relaxed) + 1;
                            if target.pause_after > 0 && row == target.pause_after {
                                bus.pause_failing(&name, &target, row, error).await;
                            }
                        }
                        Verdict::Gone(_) => {}
                    }
                    bus.settle_push(&name, PUSH_MEMBER, &lease, verdict).await;
                    drop(permit);
                });
            }
        }
    }

    /// Pauses a group whose endpoint failed `row` POSTs in a row; its pusher then probes.
    async fn pause_failing(&self, name: &str, target: &PushTarget, row: u32, error: &str) {
        let reason = format!(
            "{row} failed POSTs in a row (the last: {error}); trying one delivery every {}",
            crate::api::time::format_duration(target.probe_every)
        );
        tracing::warn!(group = %name, %reason, "pausing a push group");
        if let Err(err) = self.set_paused(name, true, true, &reason).await {
            tracing::warn!(group = %name, error = %err, "cannot pause the push group");
        }
    }

    /// One delivery to a group paused by its failures; resumes the group when it is
    /// taken. Answers whether it was.
    async fn probe(
        &self,
        http: &reqwest::Client,
        policy: &PushPolicy,
        name: &str,
        target: &PushTarget,
        ack_timeout: Duration,
    ) -> bool {
        let leased = match self.pull(name, PROBE_MEMBER, 1, PULL_WAIT).await {
            Ok(leased) => leased,
            Err(err) => {
                tracing::debug!(group = %name, error = %err, "no probe this round");
                return false;
            }
        };
        let Some(lease) = leased.into_iter().next() else {
            return false; // nothing to deliver: try again next round
        };
        let verdict = push_once(http, policy, target, &lease, ack_timeout).await;
        let answered = matches!(verdict, Verdict::Ack);
        self.settle_push(name, PROBE_MEMBER, &lease, verdict).await;
        if answered {
            let reason = format!("{} answered a probe", target.url);
            if let Err(err) = self.set_paused(name, false, false, &reason).await {
                tracing::warn!(group = %name, error = %err, "cannot resume the push group");
            }
        }
        answered
    }

    async fn settle_push(&self, name: &str, member: &str, lease: &Leased, verdict: Verdict) {
        let how = match verdict {
            Verdict::Ack => Settlement::Ack,
            Verdict::Retry { delay, error } => Settlement::Nack { delay, error },
            Verdict::Gone(error) => {
                if let Err(err) = self.set_paused(name, true, false, &error).await {
                    tracing::warn!(group = %name, error = %err, "cannot pause the push group");
                }
                Settlement::Nack { delay: None, error }
            }
        };
        let receipts = [lease.receipt.to_string()];
        if let Err(err) = self.settle(name, Some(member), &receipts, &how).await {
            tracing::warn!(group = %name, error = %err, "cannot settle a push delivery");
        }
    }
}
