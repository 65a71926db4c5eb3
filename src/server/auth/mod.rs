//! Who may do what: `serve --token` (one token, every right) and `serve --auth FILE`
//! (named tokens, each with its rights; re-read on SIGHUP).
//!
//! Every `/v1` request passes [`authorize`]: its bearer token is hashed and compared, in
//! constant time, with every known hash; the route then says which permission it needs.
//! What depends on the request's content (the topics of emitted events, what a tail may
//! see) is checked by its handler through the [`Caller`] left in the request.

pub mod file;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::RequestPartsExt as _;
use axum::extract::{MatchedPath, RawPathParams, Request, State};
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use super::AppState;
use super::error::ApiError;
use crate::api::ErrorCode;
pub use crate::api::rights::{Permission, Rights};

/// The tokens a server knows.
pub struct Auth {
    /// The `--token` shorthand, if given: every right, named `token`.
    shorthand: Option<Key>,
    file: Option<PathBuf>,
    keys: RwLock<Arc<Vec<Key>>>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names and the file, never hashes.
        let keys = self.keys.read().expect("auth keys poisoned");
        let names: Vec<&str> = self
            .shorthand
            .iter()
            .chain(keys.iter())
            .map(|key| &*key.name)
            .collect();
        f.debug_struct("Auth")
            .field("file", &self.file)
            .field("tokens", &names)
            .finish()
    }
}

struct Key {
    name: Arc<str>,
    hash: String,
    rights: Arc<Rights>,
    /// Every right: nothing to check or filter (worked out once, not per request).
    full: bool,
}

impl Key {
    fn new(name: Arc<str>, hash: String, rights: Rights) -> Self {
        Self {
            full: rights == Rights::full(),
            name,
            hash,
            rights: Arc::new(rights),
        }
    }
}

/// Who sent a request, and what they may do.
#[derive(Clone, Debug, Serialize)]
pub struct Caller {
    /// The token's name; `null` on a bus without tokens.
    pub token: Option<Arc<str>>,
    pub rights: Arc<Rights>,
    /// Every right: nothing to filter.
    #[serde(skip)]
    pub full: bool,
}

impl Caller {
    fn anyone() -> Self {
        Self {
            token: None,
            rights: Arc::new(Rights::full()),
            full: true,
        }
    }

    /// `Err(403)` naming what is missing unless the caller has `permission`.
    pub fn require(&self, permission: Permission<'_>) -> Result<(), ApiError> {
        if self.full || self.rights.allows(permission) {
            return Ok(());
        }
        Err(ApiError::new(
            ErrorCode::Forbidden,
            permission.missing(self.token.as_deref().unwrap_or("")),
        ))
    }

    /// Whether the caller may see an event on `topic` (tails, requests).
    pub fn may_see(&self, topic: &str) -> bool {
        self.full || self.rights.may_see(topic)
    }
}

impl Auth {
    /// `None` when there is neither a token nor a file: an open bus.
    pub fn new(token: Option<String>, file: Option<&Path>) -> Result<Option<Self>, String> {
        if token.is_none() && file.is_none() {
            return Ok(None);
        }
        let auth = Self {
            shorthand: token
                .map(|token| Key::new("token".into(), file::hash(&token), Rights::full())),
            file: file.map(Path::to_owned),
            keys: RwLock::new(Arc::new(Vec::new())),
        };
        auth.reload()?;
        Ok(Some(auth))
    }

    /// Reads the auth file again (when there is one); on an error the tokens in use stay.
    /// Answers how many tokens it holds.
    pub fn reload(&self) -> Result<usize, String> {
        let Some(path) = &self.file else {
            return Ok(0);
        };
        let keys: Vec<Key> = file::AuthFile::load(path, false)?
            .tokens
            .into_iter()
            .map(|entry| Key::new(entry.name.into(), entry.hash, entry.rights))
            .collect();
        let count = keys.len();
        *self.keys.write().expect("auth keys poisoned") = Arc::new(keys);
        Ok(count)
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The caller whose token this is. Every hash is compared, in constant time, so the
    /// time taken says nothing about which (or whether one) matched.
    fn authenticate(&self, given: &str) -> Option<Caller> {
        let hash = file::hash(given);
        let keys = self.keys.read().expect("auth keys poisoned").clone();
        let mut found = None;
        for key in self.shorthand.iter().chain(keys.iter()) {
            if constant_time_eq(key.hash.as_bytes(), hash.as_bytes()) {
                found = Some(Caller {
                    token: Some(key.name.clone()),
                    full: key.full,
                    rights: key.rights.clone(),
                });
            }
        }
        found
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every `/v1` route: who is asking (401 without a token the bus knows), and whether the
/// route allows them (403 naming the permission they lack).
pub async fn authorize(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let caller = match &state.auth {
        None => Caller::anyone(),
        Some(auth) => request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .and_then(|given| auth.authenticate(given))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unauthorized,
                    "missing or wrong token: pass --token or set EVBUS_TOKEN",
                )
            })?,
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("", |path| path.as_str());
    let route = route.strip_prefix("/v1").unwrap_or(route).to_owned();
    let (mut parts, body) = request.into_parts();
    // The group a `/groups/{name}…` route names, percent-decoded as its handler sees it.
    let group = match route.starts_with("/groups/") {
        true => parts
            .extract::<RawPathParams>()
            .await
            .ok()
            .and_then(|params| {
                params
                    .iter()
                    .find(|(key, _)| *key == "name")
                    .map(|(_, value)| value.to_owned())
            }),
        false => None,
    };
    check_route(&caller, &parts.method, &route, group.as_deref())?;
    parts.extensions.insert(caller);
    Ok(next.run(Request::from_parts(parts, body)).await)
}

/// What each route needs. Emitting (the events' topics) and reading events (what the
/// caller may see) are checked by their handlers; status answers every caller, so a
/// token can see what it may do.
fn check_route(
    caller: &Caller,
    method: &Method,
    route: &str,
    group: Option<&str>,
) -> Result<(), ApiError> {
    let group = group.unwrap_or("");
    match (method.as_str(), route) {
        ("POST", "/events") | ("GET", "/status") | ("GET", "/openapi.json") => Ok(()),
        ("GET", "/events") | ("POST", "/request") => caller.require(Permission::Subscribe),
        // A consumer may look at the group it consumes; a refusal names the group to one.
        ("GET", "/groups/{name}") if !caller.rights.consume.is_empty() => caller
            .require(Permission::Consume(group))
            .or_else(|refusal| caller.require(Permission::Read).map_err(|_| refusal)),
        ("POST", "/groups/{name}/pull")
        | ("POST", "/groups/{name}/{action}")
        | ("DELETE", "/groups/{name}/members/{member}") => {
            caller.require(Permission::Consume(group))
        }
        // A snapshot holds push secrets, and every topic's events.
        ("GET", "/snapshot") => caller.require(Permission::Admin),
        ("GET", _) => caller.require(Permission::Read),
        _ => caller.require(Permission::Admin),
    }
}

/// Re-reads what SIGHUP reloads: the TLS certificate and the auth file.
pub async fn reload_on_hangup(tls: Option<Arc<super::tls::Tls>>, auth: Option<Arc<Auth>>) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hangups = match signal(SignalKind::hangup()) {
        Ok(hangups) => hangups,
        Err(err) => {
            tracing::warn!(error = %err, "cannot watch SIGHUP: nothing is reloaded");
            return;
        }
    };
    while hangups.recv().await.is_some() {
        if let Some(tls) = &tls {
            match tls.reload() {
                Ok(()) => tracing::info!("reloaded the TLS certificate"),
                Err(err) => tracing::error!(error = %err, "kept the TLS certificate in use"),
            }
        }
        if let Some(auth) = auth.as_ref().filter(|auth| auth.file().is_some()) {
            match auth.reload() {
                Ok(count) => tracing::info!(tokens = count, "reloaded the auth file"),
                Err(err) => tracing::error!(error = %err, "kept the tokens in use"),
            }
        }
    }
}
