//! The HTTP client every CLI command uses: one method per endpoint, errors typed so the
//! CLI can choose an exit code (`cli::exit`).

use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use crate::api::event::{BatchReceipt, Emitted};
use crate::api::route::{RouteInfo, RouteSpec};
use crate::api::schedule::{ScheduleInfo, ScheduleSpec};
use crate::api::status::{Status, TopicInfo};
use crate::api::{ErrorBody, ErrorCode};

mod follow;
mod groups;
mod replays;
mod schemas;
mod snapshot;
pub use groups::DlqFilter;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the bus at {url}: is `evbus serve` running? ({reason})")]
    Unreachable { url: String, reason: String },
    #[error(
        "the bus at {url} presented a certificate this client does not trust ({reason}): pass --ca FILE (or set EVBUS_CA) for a private CA"
    )]
    Untrusted { url: String, reason: String },
    #[error("{message}")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
    },
    #[error("the bus did not answer in time")]
    Timeout,
    #[error("unexpected answer from the bus: {0}")]
    Decode(String),
}

/// Where a tail starts, as query parameters.
#[derive(Debug, Clone, Default)]
pub struct TailQuery {
    pub patterns: Vec<String>,
    pub since: Option<String>,
    pub from_seq: Option<u64>,
    pub from_start: bool,
    pub filter: Option<String>,
    /// A bounded read ends after this seq…
    pub to_seq: Option<u64>,
    /// …or at the last event before this time.
    pub until: Option<String>,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

/// Installs the ring provider for rustls (https servers), once per process; reqwest is
/// built without a default provider to keep the build lean (see MEASUREMENTS.md).
pub fn install_tls_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Client {
    pub fn new(server: &str, token: Option<String>) -> Result<Self, ClientError> {
        Self::with_ca(server, token, None)
    }

    /// A client that also trusts the CA certificates in `ca` (PEM) for https:// servers.
    pub fn with_ca(
        server: &str,
        token: Option<String>,
        ca: Option<&[u8]>,
    ) -> Result<Self, ClientError> {
        install_tls_provider();
        let base = server.trim_end_matches('/').to_owned();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            // The bus closes a connection idle for 30 s: let go of it first, so a
            // request never races that close.
            .pool_idle_timeout(Duration::from_secs(20))
            .tcp_nodelay(true);
        if !base.starts_with("https://") {
            // No TLS will be spoken: skip loading the system's root certificates, which
            // costs a few milliseconds per process (`evbus emit` in a loop).
            builder = builder.tls_certs_only(Vec::new());
        } else if let Some(ca) = ca {
            let certs = reqwest::Certificate::from_pem_bundle(ca)
                .map_err(|err| ClientError::Decode(format!("--ca is not PEM: {err}")))?;
            builder = builder.tls_certs_merge(certs);
        }
        let http = builder
            .build()
            .map_err(|err| ClientError::Decode(err.to_string()))?;
        Ok(Self { http, base, token })
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => builder.header(AUTHORIZATION, format!("Bearer {token}")),
            None => builder,
        }
    }

    async fn send(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let response = builder
            .send()
            .await
            .map_err(|err| self.transport_error(err))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap_or_default();
        Err(match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(error) => ClientError::Api {
                status,
                code: error.error.code,
                message: error.error.message,
            },
            Err(_) => ClientError::Api {
                status,
                code: ErrorCode::Unknown,
                message: format!(
                    "the bus answered HTTP {status}: {}",
                    String::from_utf8_lossy(&body).trim()
                ),
            },
        })
    }

    fn transport_error(&self, err: reqwest::Error) -> ClientError {
        if err.is_timeout() {
            return ClientError::Timeout;
        }
        let mut reason = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            reason = cause.to_string();
            source = cause.source();
        }
        if reason.contains("certificate") {
            return ClientError::Untrusted {
                url: self.base.clone(),
                reason,
            };
        }
        ClientError::Unreachable {
            url: self.base.clone(),
            reason,
        }
    }

    async fn json<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = self.send(builder).await?;
        let body = response
            .bytes()
            .await
            .map_err(|err| self.transport_error(err))?;
        serde_json::from_slice(&body).map_err(|err| ClientError::Decode(err.to_string()))
    }

    /// Emits one structured-mode event (its JSON object).
    pub async fn emit(&self, event_json: Vec<u8>) -> Result<Emitted, ClientError> {
        self.post_events("application/cloudevents+json", event_json)
            .await
    }

    /// Emits a batch as NDJSON, committed all or nothing.
    pub async fn emit_ndjson(&self, ndjson: Vec<u8>) -> Result<BatchReceipt, ClientError> {
        self.post_events("application/x-ndjson", ndjson).await
    }

    async fn post_events<T: DeserializeOwned>(
        &self,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<T, ClientError> {
        let builder = self
            .request(reqwest::Method::POST, "/v1/events")
            .header(CONTENT_TYPE, content_type)
            .body(body);
        self.json(builder).await
    }

    /// Sends a request event and waits up to `timeout` for its reply event.
    pub async fn send_request(
        &self,
        event_json: Vec<u8>,
        timeout: Duration,
    ) -> Result<Box<serde_json::value::RawValue>, ClientError> {
        let builder = self
            .request(reqwest::Method::POST, "/v1/request")
            .query(&[("timeout", format!("{}ms", timeout.as_millis()))])
            .header(CONTENT_TYPE, "application/cloudevents+json")
            .body(event_json);
        self.json(builder).await
    }

    pub async fn routes(&self) -> Result<Vec<RouteInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/routes"))
            .await
    }

    pub async fn add_route(&self, spec: &RouteSpec) -> Result<RouteInfo, ClientError> {
        self.json(self.request(reqwest::Method::POST, "/v1/routes").json(spec))
            .await
    }

    pub async fn remove_route(&self, name: &str) -> Result<(), ClientError> {
        let path = format!("/v1/routes/{}", segment(name));
        self.send(self.request(reqwest::Method::DELETE, &path))
            .await
            .map(drop)
    }

    pub async fn create_schedule(&self, spec: &ScheduleSpec) -> Result<ScheduleInfo, ClientError> {
        self.json(
            self.request(reqwest::Method::POST, "/v1/schedules")
                .json(spec),
        )
        .await
    }

    pub async fn schedules(&self) -> Result<Vec<ScheduleInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/schedules"))
            .await
    }

    pub async fn schedule(&self, id: &str) -> Result<ScheduleInfo, ClientError> {
        let path = format!("/v1/schedules/{}", segment(id));
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn cancel_schedule(&self, id: &str) -> Result<ScheduleInfo, ClientError> {
        let path = format!("/v1/schedules/{}", segment(id));
        self.json(self.request(reqwest::Method::DELETE, &path))
            .await
    }

    pub async fn topics(&self) -> Result<Vec<TopicInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/topics"))
            .await
    }

    pub async fn status(&self) -> Result<Status, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/status"))
            .await
    }

    /// Streams matching events as NDJSON lines (each a full CloudEvent).
    pub async fn tail(
        &self,
        query: &TailQuery,
    ) -> Result<impl Stream<Item = Result<Bytes, ClientError>> + use<>, ClientError> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if !query.patterns.is_empty() {
            params.push(("topic", query.patterns.join(",")));
        }
        if let Some(since) = &query.since {
            params.push(("since", since.clone()));
        }
        if let Some(seq) = query.from_seq {
            params.push(("from_seq", seq.to_string()));
        }
        if query.from_start {
            params.push(("from_start", "true".into()));
        }
        if let Some(filter) = &query.filter {
            params.push(("filter", filter.clone()));
        }
        if let Some(seq) = query.to_seq {
            params.push(("to_seq", seq.to_string()));
        }
        if let Some(until) = &query.until {
            params.push(("until", until.clone()));
        }
        let builder = self
            .request(reqwest::Method::GET, "/v1/events")
            .query(&params)
            .header(ACCEPT, "application/x-ndjson");
        let response = self.send(builder).await?;
        Ok(self.ndjson_lines(response))
    }

    /// The lines of an NDJSON answer, ending with the error the bus ends it with, if any.
    fn ndjson_lines(
        &self,
        response: reqwest::Response,
    ) -> impl Stream<Item = Result<Bytes, ClientError>> + use<> {
        let status = response.status().as_u16();
        let url = self.base.clone();
        let lines = lines(response.bytes_stream().map(move |chunk| {
            chunk.map_err(|err| ClientError::Unreachable {
                url: url.clone(),
                reason: err.to_string(),
            })
        }));
        lines.map(move |line| line.and_then(|line| refused_in_stream(status, line)))
    }
}

/// One path segment, percent-encoded: names come from users.
fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A stream that the bus ends with `{"error": {…}}` (a filter over its budget, say) ends
/// with that error. No event is such an object: extension values are never objects.
fn refused_in_stream(status: u16, line: Bytes) -> Result<Bytes, ClientError> {
    if !line.starts_with(br#"{"error":{"#) {
        return Ok(line);
    }
    match serde_json::from_slice::<ErrorBody>(&line) {
        Ok(body) => Err(ClientError::Api {
            status,
            code: body.error.code,
            message: body.error.message,
        }),
        Err(_) => Ok(line),
    }
}

/// Splits a byte stream into lines (without the newline).
fn lines(
    chunks: impl Stream<Item = Result<Bytes, ClientError>>,
) -> impl Stream<Item = Result<Bytes, ClientError>> {
    let state = (Box::pin(chunks), bytes::BytesMut::new(), false);
    futures_util::stream::unfold(state, |(mut chunks, mut buffer, mut done)| async move {
        loop {
            if let Some(end) = buffer.iter().position(|&byte| byte == b'\n') {
                let line = buffer.split_to(end + 1).freeze().slice(..end);
                return Some((Ok(line), (chunks, buffer, done)));
            }
            if done {
                return None;
            }
            match chunks.next().await {
                Some(Ok(chunk)) => buffer.extend_from_slice(&chunk),
                Some(Err(err)) => {
                    done = true;
                    return Some((Err(err), (chunks, buffer, done)));
                }
                None => done = true,
            }
        }
    })
}
