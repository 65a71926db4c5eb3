//! The HTTP API over a `Bus`: routes, authentication, graceful shutdown.
//!
//! `run` serves until its shutdown future completes, then ends every open stream, waits
//! for in-flight requests and closes the engine.

pub mod auth;
mod cloudevents;
mod config;
mod console;
mod dlq;
pub mod error;
mod events;
mod follow;
mod groups;
mod guard;
mod listen;
mod replays;
mod request;
mod routes;
mod schedules;
mod schemas;
pub mod shutdown;
mod snapshot;
pub mod system;
pub mod tls;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{delete, get, post};

use crate::api::ErrorCode;
use crate::bus::Bus;
use error::ApiError;
pub use guard::AllowedHosts;
pub use listen::{IDLE_TIMEOUT, Limits};

/// Every route the router serves, as (method, path); the OpenAPI document must name each.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/events"),
    ("GET", "/v1/events"),
    ("GET", "/v1/events/{seq}"),
    ("GET", "/v1/events/{seq}/trace"),
    ("GET", "/v1/events/{seq}/why"),
    ("GET", "/v1/groups"),
    ("POST", "/v1/groups"),
    ("GET", "/v1/groups/{name}"),
    ("DELETE", "/v1/groups/{name}"),
    ("POST", "/v1/groups/{name}/reset"),
    ("POST", "/v1/groups/{name}/pull"),
    ("POST", "/v1/groups/{name}/pause"),
    ("POST", "/v1/groups/{name}/resume"),
    ("POST", "/v1/groups/{name}/rotate-secret"),
    ("POST", "/v1/groups/{name}/ack"),
    ("POST", "/v1/groups/{name}/nack"),
    ("POST", "/v1/groups/{name}/reject"),
    ("POST", "/v1/groups/{name}/extend"),
    ("DELETE", "/v1/groups/{name}/members/{member}"),
    ("GET", "/v1/dlq"),
    ("GET", "/v1/dlq/summary"),
    ("GET", "/v1/dlq/{id}"),
    ("DELETE", "/v1/dlq/{id}"),
    ("POST", "/v1/dlq/requeue"),
    ("POST", "/v1/dlq/purge"),
    ("POST", "/v1/request"),
    ("GET", "/v1/routes"),
    ("POST", "/v1/routes"),
    ("DELETE", "/v1/routes/{name}"),
    ("GET", "/v1/config"),
    ("POST", "/v1/config"),
    ("GET", "/v1/schemas"),
    ("POST", "/v1/schemas"),
    ("GET", "/v1/schemas/{name}"),
    ("PUT", "/v1/schemas/{name}"),
    ("DELETE", "/v1/schemas/{name}"),
    ("GET", "/v1/snapshot"),
    ("POST", "/v1/snapshot"),
    ("GET", "/v1/schedules"),
    ("POST", "/v1/schedules"),
    ("GET", "/v1/schedules/{id}"),
    ("DELETE", "/v1/schedules/{id}"),
    ("POST", "/v1/replays"),
    ("GET", "/v1/replays"),
    ("GET", "/v1/replays/{id}"),
    ("POST", "/v1/replays/{id}/cancel"),
    ("POST", "/v1/replays/{id}/resume"),
    ("GET", "/v1/topics"),
    ("GET", "/v1/status"),
    ("GET", "/v1/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
];

#[derive(Clone)]
pub struct AppState {
    pub bus: Bus,
    /// The tokens it knows; `None`: an open bus.
    auth: Option<Arc<auth::Auth>>,
    /// Room for large request bodies, in KiB (`events::BODY_BUDGET_KIB`).
    bodies: Arc<tokio::sync::Semaphore>,
    /// Streams (tails) open at once; a tenth of the connections stays for the rest.
    max_streams: u64,
}

/// Who may use the server (the token clients must present, the host names it answers
/// to) and how many connections it keeps open.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// The tokens clients must present (`--token`, `--auth`); `None`: an open bus.
    pub auth: Option<Arc<auth::Auth>>,
    pub hosts: AllowedHosts,
    pub limits: Limits,
    /// HTTPS with this certificate (re-read on SIGHUP); plain HTTP without.
    pub tls: Option<Arc<tls::Tls>>,
}

/// The default `serve --max-connections`.
pub const MAX_CONNECTIONS: usize = 10_000;

impl From<Option<String>> for ServerOptions {
    fn from(token: Option<String>) -> Self {
        Self {
            auth: auth::Auth::new(token, None)
                .expect("a token alone always loads")
                .map(Arc::new),
            hosts: AllowedHosts::default(),
            limits: Limits {
                max_connections: MAX_CONNECTIONS,
                idle_timeout: IDLE_TIMEOUT,
            },
            tls: None,
        }
    }
}

pub fn router(bus: Bus, options: impl Into<ServerOptions>) -> Router {
    let ServerOptions {
        auth,
        hosts,
        limits,
        tls: _,
    } = options.into();
    let state = AppState {
        bus,
        auth,
        max_streams: (limits.max_connections as u64 * 9 / 10).max(1),
        bodies: Arc::new(tokio::sync::Semaphore::new(
            events::BODY_BUDGET_KIB as usize,
        )),
    };
    let v1 = Router::new()
        .route("/events", get(events::get_events).post(events::post_events))
        .route("/events/{seq}", get(follow::one))
        .route("/events/{seq}/trace", get(follow::trace))
        .route("/events/{seq}/why", get(follow::why))
        .route("/groups", get(groups::list).post(groups::create))
        .route("/groups/{name}", get(groups::show).delete(groups::delete))
        .route("/groups/{name}/reset", post(groups::reset))
        .route("/groups/{name}/pull", post(groups::pull))
        .route("/groups/{name}/pause", post(groups::pause))
        .route("/groups/{name}/resume", post(groups::resume))
        .route("/groups/{name}/rotate-secret", post(groups::rotate_secret))
        // ack, nack, reject, extend; the fixed routes above take precedence.
        .route("/groups/{name}/{action}", post(groups::settle))
        .route("/groups/{name}/members/{member}", delete(groups::leave))
        .route("/dlq", get(dlq::list))
        .route("/dlq/summary", get(dlq::summary))
        .route("/dlq/requeue", post(dlq::requeue))
        .route("/dlq/purge", post(dlq::purge))
        .route("/dlq/{id}", get(dlq::show).delete(dlq::delete))
        .route("/request", post(request::request))
        .route("/routes", get(routes::list).post(routes::add))
        .route("/routes/{name}", delete(routes::remove))
        .route("/config", get(config::export).post(config::apply))
        .route("/schemas", get(schemas::list).post(schemas::add))
        .route(
            "/schemas/{name}",
            get(schemas::show)
                .put(schemas::replace)
                .delete(schemas::remove),
        )
        .route("/snapshot", get(snapshot::save).post(snapshot::load))
        .route("/schedules", get(schedules::list).post(schedules::create))
        .route(
            "/schedules/{id}",
            get(schedules::show).delete(schedules::cancel),
        )
        .route("/replays", get(replays::list).post(replays::create))
        .route("/replays/{id}", get(replays::show))
        .route("/replays/{id}/cancel", post(replays::cancel))
        .route("/replays/{id}/resume", post(replays::resume))
        .route("/topics", get(system::topics))
        .route("/status", get(system::status))
        .route("/openapi.json", get(system::openapi))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authorize,
        ));
    Router::new()
        .nest("/v1", v1)
        .route("/healthz", get(system::healthz))
        .route("/metrics", get(system::metrics))
        .merge(console::routes())
        .fallback(|| async {
            ApiError::new(ErrorCode::NotFound, "no such route: see /v1/openapi.json")
        })
        .with_state(state)
        .layer(middleware::from_fn_with_state(hosts, guard::guard))
}

/// Serves `bus` on `listener` until `shutdown` completes; then ends open streams, lets
/// in-flight requests finish, and flushes and closes the engine.
pub async fn run(
    listener: tokio::net::TcpListener,
    bus: Bus,
    options: impl Into<ServerOptions>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if let Err(err) = bus
        .emit_system("$evbus.server.started", bus.identity())
        .await
    {
        tracing::warn!(error = %err, "cannot store $evbus.server.started");
    }
    let stopping = bus.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: ending open streams");
        let identity = stopping.identity();
        if let Err(err) = stopping
            .emit_system("$evbus.server.stopping", identity)
            .await
        {
            tracing::warn!(error = %err, "cannot store $evbus.server.stopping");
        }
        stopping.begin_shutdown();
    };
    let options: ServerOptions = options.into();
    let limits = options.limits;
    let tls = options.tls.clone();
    if tls.is_some()
        || options
            .auth
            .as_ref()
            .is_some_and(|auth| auth.file().is_some())
    {
        tokio::spawn(auth::reload_on_hangup(tls.clone(), options.auth.clone()));
    }
    listen::serve(listener, router(bus.clone(), options), limits, tls, signal).await?;
    bus.close().await?;
    tracing::info!("log flushed and closed");
    Ok(())
}
