//! What keeps web pages off the bus: a bus on a developer's loopback has no token, and
//! any page the browser shows could otherwise drive it.
//!
//! - `Host` must name the bus: an IP address, `localhost`, this machine's name, or what
//!   `serve --allow-host` adds. A DNS-rebinding page reaches us under its own name and is
//!   refused.
//! - A state-changing request from a browser (`Origin`, or `Sec-Fetch-Site:
//!   cross-site`) must come from the bus's own origin; pages the bus serves keep
//!   working, other sites are refused.
//! - A request body is read only with the content type it is: JSON (`/v1/events` also
//!   takes the CloudEvents types and binary mode). A browser sends JSON to another site
//!   only after a CORS preflight, which the bus never grants; `text/plain` and form
//!   bodies are what a plain cross-site form can send, and are refused.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, HOST, ORIGIN, TRANSFER_ENCODING};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::cloudevents::{content_type, media_type};
use super::error::ApiError;
use crate::api::ErrorCode;

/// The host names (besides IP addresses and `localhost`) the bus answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: Arc<[String]>,
}

impl AllowedHosts {
    /// This machine's name and `extra` (`*` allows any host; `*.example.com` its
    /// subdomains).
    pub fn new(extra: &[String]) -> Self {
        let mut names: Vec<String> = extra.iter().map(|name| name.to_ascii_lowercase()).collect();
        if let Some(name) = machine_name() {
            names.push(name.to_ascii_lowercase());
        }
        Self {
            names: names.into(),
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let name = strip_port(&host);
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        if name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok()
        {
            return true;
        }
        self.names
            .iter()
            .any(|allowed| match allowed.strip_prefix("*.") {
                _ if allowed == "*" => true,
                Some(domain) => name.ends_with(&format!(".{domain}")),
                None => allowed == name,
            })
    }
}

impl Default for AllowedHosts {
    fn default() -> Self {
        Self::new(&[])
    }
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        return rest.split_once(']').map_or(host, |(address, _)| address);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

fn machine_name() -> Option<String> {
    let mut buffer = [0u8; 256];
    // SAFETY: gethostname writes at most `len` bytes into the buffer we own.
    let written = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    if written != 0 {
        return None;
    }
    let end = buffer.iter().position(|&byte| byte == 0)?;
    String::from_utf8(buffer[..end].to_vec())
        .ok()
        .filter(|name| !name.is_empty())
}

pub async fn guard(
    State(hosts): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let headers = request.headers();
    let host = headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if !hosts.allows(host) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "this bus does not answer to host '{host}': use its address, or start it with `evbus serve --allow-host NAME`"
            ),
        ));
    }
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state {
        refuse_cross_site(headers, host)?;
        let path = request.uri().path();
        if path != "/v1/events" {
            // A snapshot is NDJSON, which no cross-site form can send either.
            require_json_body(headers, path == "/v1/snapshot")?;
        }
    }
    Ok(next.run(request).await)
}

/// Browsers say where a request comes from; other clients send neither header.
fn refuse_cross_site(headers: &HeaderMap, host: &str) -> Result<(), ApiError> {
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "cross-site");
    let foreign_origin = headers
        .get(ORIGIN)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|origin| {
            let own = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            !own.is_some_and(|own| own.eq_ignore_ascii_case(host))
        });
    if cross_site || foreign_origin {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "cross-site requests are refused: a web page may change this bus only when the bus serves it",
        ));
    }
    Ok(())
}

fn require_json_body(headers: &HeaderMap, ndjson_too: bool) -> Result<(), ApiError> {
    let has_body = headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|length| length.trim() != "0");
    let content_type = content_type(headers);
    let json = content_type.map(media_type).is_some_and(|media| {
        media == "application/json"
            || media.ends_with("+json")
            || (ndjson_too && media == "application/x-ndjson")
    });
    if json || (!has_body && content_type.is_none()) {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::UnsupportedMediaType,
        format!(
            "a request body must be JSON: send Content-Type: application/json (got '{}')",
            content_type.unwrap_or("none")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_ips_localhost_this_machine_and_the_allowed() {
        let hosts = AllowedHosts {
            names: vec!["bus.internal".to_owned(), "*.example.com".to_owned()].into(),
        };
        for host in [
            "127.0.0.1:7717",
            "[::1]:7717",
            "10.0.0.5",
            "localhost:7717",
            "app.localhost",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in ["bus.internal:7717", "BUS.internal", "a.example.com:80"] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.com:7717",
            "example.com",
            "",
            "localhost.evil.com",
            "127.0.0.1.nip.io",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        let any = AllowedHosts {
            names: vec!["*".to_owned()].into(),
        };
        assert!(any.allows("evil.com"));
    }
}
