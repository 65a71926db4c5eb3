//! Routes, the event router: bus-side rules that forward each event matching a pattern
//! and filter, exactly once, to a topic (a new event with `causationid`) or straight to
//! a group (routed point-to-point).
//!
//! The engine hands out each route's events (`Handouts::take_route`): on one server's log
//! from the route's position, which is committed in the same commit as what it forwarded,
//! so a crash neither loses nor repeats a forward; on JetStream from a queue every server
//! takes from, so each event goes to one server, which lets go of it only once its copy
//! is stored (a copy sent twice after a crash has the same id, so the log keeps one).
//! A route that would close a cycle (A → B → A) is refused when added.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::forward::{Origin, Target};
use super::subscription::screen;
use super::{Bus, BusError, JqFilter, WhenExhausted};
use crate::api::Pattern;
use crate::api::route::{RouteInfo, RouteSpec};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::engine::{EngineError, StoredEvent};

/// Events a route takes at once.
const ROUTE_PAGE: usize = 256;
/// How long an idle route waits before looking again (or a failed one before retrying).
const ROUTE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Default)]
pub struct Routes {
    routes: Mutex<BTreeMap<String, Arc<Route>>>,
}

pub(crate) struct Route {
    pub(crate) info: Mutex<RouteInfo>,
    /// Cleared when the route is removed; its runner stops.
    pub(crate) alive: std::sync::atomic::AtomicBool,
}

fn invalid(message: impl Into<String>) -> BusError {
    BusError::InvalidArgument(message.into())
}

/// Whether adding `new` closes a cycle: a chain of topic routes leading back to a route
/// already on it. Filters are ignored: a cycle that a filter would break today is one
/// data change away from looping.
fn closes_cycle(existing: &[RouteSpec], new: &RouteSpec) -> Option<String> {
    let mut all: Vec<&RouteSpec> = existing
        .iter()
        .filter(|route| route.name != new.name)
        .collect();
    all.push(new);
    let feeds = |from: &RouteSpec, to: &RouteSpec| -> bool {
        let (Some(topic), Ok(pattern)) = (&from.to_topic, to.pattern.parse::<Pattern>()) else {
            return false;
        };
        pattern.matches(topic)
    };
    // Depth-first from the new route, looking for a way back to it.
    let mut stack = vec![(new, vec![new.name.clone()])];
    let mut seen = std::collections::HashSet::new();
    while let Some((route, path)) = stack.pop() {
        for next in all.iter().filter(|next| feeds(route, next)) {
            if next.name == new.name {
                return Some(format!("{} → {}", path.join(" → "), new.name));
            }
            if seen.insert(next.name.clone()) {
                let mut longer = path.clone();
                longer.push(next.name.clone());
                stack.push((next, longer));
            }
        }
    }
    None
}

impl Bus {
    fn routes(&self) -> &Routes {
        &self.inner.routes
    }

    pub fn list_routes(&self) -> Vec<RouteInfo> {
        let routes = self.routes().routes.lock().expect("routes poisoned");
        routes
            .values()
            .map(|route| route.info.lock().expect("route poisoned").clone())
            .collect()
    }

    pub async fn add_route(&self, spec: RouteSpec) -> Result<RouteInfo, BusError> {
        self.add_route_from(spec, None).await
    }

    /// `add_route`, forwarding the events after `position` (default: from now on).
    pub(crate) async fn add_route_from(
        &self,
        spec: RouteSpec,
        position: Option<u64>,
    ) -> Result<RouteInfo, BusError> {
        super::groups::validate_name(&spec.name)?;
        spec.pattern.parse::<Pattern>().map_err(invalid)?;
        if let Some(filter) = &spec.filter {
            JqFilter::compile_and_try(filter).await.map_err(invalid)?;
        }
        let target = Target::of(spec.to_topic.as_deref(), spec.to_group.as_deref())
            .ok_or_else(|| invalid("a route needs one target: to_topic or to_group"))?;
        self.check_target(&target, "a route").await?;
        self.refresh_routes().await?; // routes added through other servers count too
        let existing: Vec<RouteSpec> = self
            .list_routes()
            .into_iter()
            .map(|route| route.spec)
            .collect();
        if existing.iter().any(|route| route.name == spec.name) {
            return Err(BusError::Conflict(format!(
                "route '{}' already exists: remove it first",
                spec.name
            )));
        }
        if let Some(cycle) = closes_cycle(&existing, &spec) {
            return Err(BusError::Conflict(format!(
                "route '{}' would close a cycle ({cycle}): events would loop forever",
                spec.name
            )));
        }
        let info = RouteInfo {
            spec,
            position: position.unwrap_or_else(|| self.engine().live().last_seq()),
            forwarded: 0,
            created: format_rfc3339_ms(now_ms()),
        };
        let record = serde_json::to_string(&info).expect("routes serialize");
        let spec = &info.spec;
        self.engine()
            .handouts()
            .put_route(&spec.name, &spec.pattern, info.position + 1, &record)
            .await?;
        self.start_route(info.clone());
        self.announce(
            "$evbus.route.added",
            serde_json::json!({ "route": info.spec.name, "pattern": info.spec.pattern,
                "filter": info.spec.filter, "to_topic": info.spec.to_topic,
                "to_group": info.spec.to_group }),
        );
        Ok(info)
    }

    /// Sets a route running here, unless it already is.
    pub(crate) fn start_route(&self, info: RouteInfo) {
        let route = {
            let mut routes = self.routes().routes.lock().expect("routes poisoned");
            if routes.contains_key(&info.spec.name) {
                return;
            }
            let route = Arc::new(Route {
                info: Mutex::new(info.clone()),
                alive: std::sync::atomic::AtomicBool::new(true),
            });
            routes.insert(info.spec.name.clone(), route.clone());
            route
        };
        tokio::spawn(self.clone().run_route(route));
    }

    /// Stops a route here (removed, or gone through another server).
    pub(crate) fn stop_route(&self, name: &str) -> Option<Arc<Route>> {
        let route = self
            .routes()
            .routes
            .lock()
            .expect("routes poisoned")
            .remove(name)?;
        route
            .alive
            .store(false, std::sync::atomic::Ordering::SeqCst);
        Some(route)
    }

    pub async fn remove_route(&self, name: &str) -> Result<(), BusError> {
        self.stop_route(name);
        match self.engine().handouts().delete_route(name).await {
            Err(EngineError::NotFound) => Err(BusError::NotFound(format!(
                "no route '{name}': see `evbus routes list`"
            ))),
            Err(err) => Err(err.into()),
            Ok(()) => {
                self.announce("$evbus.route.removed", serde_json::json!({ "route": name }));
                Ok(())
            }
        }
    }

    /// Runs the routes the engine holds and stops those it no longer does: at start-up,
    /// and now and then on a bus of several servers (routes added or removed through
    /// another).
    pub(crate) async fn refresh_routes(&self) -> Result<(), BusError> {
        let stored = self.engine().handouts().routes().await?;
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

    /// Forwards what the engine hands out for the route, page by page, until the route
    /// is removed: each page's copies are stored with the route's new position where the
    /// engine keeps it (`route_progress`), and only then let go of. A failure (the store
    /// away) leaves the page to be taken again; a copy sent twice has the same id, so the
    /// log keeps one.
    async fn run_route(self, route: Arc<Route>) {
        let spec = route.info.lock().expect("route poisoned").spec.clone();
        let filter = match spec.filter.as_deref().map(JqFilter::compile).transpose() {
            Ok(filter) => filter,
            Err(err) => {
                tracing::error!(route = %spec.name, error = %err, "a route's filter does not compile");
                return;
            }
        };
        // What is handed out may hold events of other topics (the log itself, or a
        // queue's subject filter, which also passes the bus's own `$evbus.` events).
        let Ok(pattern) = spec.pattern.parse::<Pattern>() else {
            return;
        };
        let Some(target) = Target::of(spec.to_topic.as_deref(), spec.to_group.as_deref()) else {
            return;
        };
        let handouts = self.engine().handouts();
        let mut committed = self.engine().live().subscribe();
        let mut shutdown = self.shutdown_signal();
        while route.alive.load(std::sync::atomic::Ordering::SeqCst) && !*shutdown.borrow() {
            committed.borrow_and_update();
            let position = route.info.lock().expect("route poisoned").position;
            let handed = match handouts.take_route(&spec.name, position, ROUTE_PAGE).await {
                Ok(handed) => handed,
                Err(EngineError::NotFound) => {
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
            let tokens: Vec<_> = handed.iter().map(|handout| handout.token.clone()).collect();
            let last = handed.iter().map(|handout| handout.event.seq).max();
            let mut events: Vec<StoredEvent> = handed
                .into_iter()
                .map(|handout| handout.event)
                .filter(|event| pattern.matches(&event.topic))
                .collect();
            if let Some(filter) = &filter {
                events = screen(filter, events, WhenExhausted::Skip).await.0;
            }
            let mut next = route.info.lock().expect("route poisoned").clone();
            next.position = next.position.max(last.unwrap_or(0));
            next.forwarded += events.len() as u64;
            // A page with nothing to forward moves the position here only: stored with
            // the next forward (or looked through again after a restart).
            let forwarded = if events.is_empty() {
                Ok(())
            } else {
                let record = serde_json::to_string(&next).expect("routes serialize");
                let progress = handouts.route_progress(&spec.name, &record);
                self.forward_events(events, target, &spec.name, Origin::CausedBy, progress)
                    .await
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
            info.position = next.position;
            info.forwarded = next.forwarded;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(name: &str, pattern: &str, to_topic: &str) -> RouteSpec {
        RouteSpec {
            name: name.into(),
            pattern: pattern.into(),
            filter: None,
            to_topic: Some(to_topic.into()),
            to_group: None,
        }
    }

    #[test]
    fn cycles_are_found_through_patterns() {
        let existing = [route("a", "x.*", "y.one"), route("b", "y.*", "z.one")];
        assert!(closes_cycle(&existing, &route("c", "z.>", "x.two")).is_some());
        assert!(closes_cycle(&existing, &route("c", "z.>", "w.two")).is_none());
        assert!(closes_cycle(&[], &route("self", "q.*", "q.again")).is_some());
    }
}
