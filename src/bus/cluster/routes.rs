//! Routes on a shared engine: each is a queue every server takes from, so each event
//! of the route is forwarded by one server, which lets go of it only once its copy is
//! stored (a copy sent twice after a crash has the same id, so the log keeps one).

use crate::api::Pattern;
use crate::api::route::RouteInfo;
use crate::bus::forward::{Origin, Target};
use crate::bus::routes::Route;
use crate::bus::subscription::screen;
use crate::bus::{Bus, BusError, JqFilter, WhenExhausted};
use crate::engine::handout::Handouts;
use crate::engine::peers::Peers;
use crate::engine::{EngineError, StoredEvent};

/// Events a route takes from a shared queue at once.
const ROUTE_PAGE: usize = 256;
/// How long a route on a shared queue waits before looking again (or retrying).
const ROUTE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

impl Bus {
    /// Stores a new route where every server finds it; `false` on an engine of one
    /// server, which keeps its routes itself.
    pub(crate) async fn share_route(&self, info: &RouteInfo) -> Result<bool, BusError> {
        let Some(peers) = self.peers() else {
            return Ok(false);
        };
        let record = serde_json::to_string(info).expect("routes serialize");
        let spec = &info.spec;
        peers
            .put_route(&spec.name, &spec.pattern, info.position + 1, &record)
            .await?;
        Ok(true)
    }

    /// Removes a route for every server (`NotFound` when it was not there); `None` on an
    /// engine of one server.
    pub(crate) async fn unshare_route(&self, name: &str) -> Option<Result<(), EngineError>> {
        Some(self.peers()?.delete_route(name).await)
    }

    /// Runs a route from its shared queue until it is removed; `false` at once on an
    /// engine of one server.
    pub(crate) async fn run_shared_route(&self, route: &Route) -> bool {
        let Some(peers) = self.peers() else {
            return false;
        };
        self.take_route_events(route, peers, self.engine().handouts())
            .await;
        true
    }

    /// On a shared engine: runs routes added through other servers, stops removed ones.
    pub(crate) async fn refresh_routes(&self) -> Result<(), BusError> {
        let Some(peers) = self.peers() else {
            return Ok(());
        };
        let stored = peers.routes().await?;
        let names: std::collections::HashSet<&str> =
            stored.iter().map(|(name, _)| name.as_str()).collect();
        let gone: Vec<String> = self
            .list_routes()
            .into_iter()
            .map(|route| route.spec.name)
            .filter(|name| !names.contains(name.as_str()))
            .collect();
        for name in gone {
            self.stop_route(&name);
        }
        for (name, record) in &stored {
            match serde_json::from_str::<RouteInfo>(record) {
                Ok(info) => self.start_route(info),
                Err(_) => tracing::warn!(%name, "unreadable route skipped"),
            }
        }
        Ok(())
    }

    /// On a shared engine: forwards what the route's queue hands this server, then lets
    /// it go. A failure (NATS away) leaves the events held, for a retry here or another
    /// server once the hold runs out.
    async fn take_route_events(&self, route: &Route, peers: &dyn Peers, handouts: &dyn Handouts) {
        let spec = route.info.lock().expect("route poisoned").spec.clone();
        let filter = match spec.filter.as_deref().map(JqFilter::compile).transpose() {
            Ok(filter) => filter,
            Err(err) => {
                tracing::error!(route = %spec.name, error = %err, "a route's filter does not compile");
                return;
            }
        };
        // The queue's subject filter also passes the bus's own `$evbus.` events, which a
        // pattern names only explicitly.
        let Ok(pattern) = spec.pattern.parse::<Pattern>() else {
            return;
        };
        let mut committed = self.engine().live().subscribe();
        let mut shutdown = self.shutdown_signal();
        while route.alive.load(std::sync::atomic::Ordering::SeqCst) && !*shutdown.borrow() {
            committed.borrow_and_update();
            let handed = match peers.take_route(&spec.name, ROUTE_PAGE).await {
                Ok(handed) => handed,
                Err(crate::engine::EngineError::NotFound) => {
                    self.stop_route(&spec.name); // removed through another server
                    return;
                }
                Err(err) => {
                    tracing::warn!(route = %spec.name, error = %err, "a route cannot take events; retrying");
                    tokio::time::sleep(ROUTE_RETRY).await;
                    continue;
                }
            };
            if handed.is_empty() {
                tokio::select! {
                    _ = committed.changed() => {}
                    _ = tokio::time::sleep(ROUTE_RETRY) => {}
                    _ = shutdown.wait_for(|stopping| *stopping) => {}
                }
                continue;
            }
            let tokens: Vec<_> = handed.iter().map(|queued| queued.token.clone()).collect();
            let last = handed
                .iter()
                .map(|queued| queued.event.seq)
                .max()
                .unwrap_or(0);
            let mut events: Vec<StoredEvent> = handed
                .into_iter()
                .map(|queued| queued.event)
                .filter(|event| pattern.matches(&event.topic))
                .collect();
            if let Some(filter) = &filter {
                events = screen(filter, events, WhenExhausted::Skip).await.0;
            }
            let count = events.len() as u64;
            let forwarded = match Target::of(spec.to_topic.as_deref(), spec.to_group.as_deref()) {
                Some(target) if count > 0 => {
                    self.forward_events(events, target, &spec.name, Origin::CausedBy, Vec::new())
                        .await
                }
                _ => Ok(()),
            };
            let done = match forwarded {
                Ok(()) => handouts
                    .finish(&spec.name, &tokens)
                    .await
                    .map_err(BusError::from),
                Err(err) => Err(err),
            };
            if let Err(err) = done {
                tracing::warn!(route = %spec.name, error = %err, "a route could not forward; retrying");
                tokio::time::sleep(ROUTE_RETRY).await;
                continue;
            }
            let mut info = route.info.lock().expect("route poisoned");
            info.position = info.position.max(last);
            info.forwarded += count;
        }
    }
}
