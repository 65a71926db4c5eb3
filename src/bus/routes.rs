//! Routes, the event router: bus-side rules that forward each event matching a pattern
//! and filter, exactly once, to a topic (a new event with `causationid`) or straight to
//! a group (routed point-to-point).
//!
//! Each route follows the log from where it was added. Its position is committed in the
//! same commit as what it forwarded, so a crash neither loses nor repeats a forward.
//! A route that would close a cycle (A → B → A) is refused when added.
//!
//! On a shared engine (JetStream) a route is a queue instead: every server runs every
//! route, each event of the route goes to one server, and a server lets go of an event
//! only once its copy is stored (a copy sent twice after a crash has the same id, so the
//! log keeps one).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::forward::{Origin, Target};
use super::{Bus, BusError, End, JqFilter, Start, SubscriptionRequest, WhenExhausted};
use crate::api::Pattern;
use crate::api::route::{RouteInfo, RouteSpec};
use crate::api::time::{format_rfc3339_ms, now_ms};
use crate::engine::{StateOp, StoredEvent};

const RECORD_KIND: &str = "route";

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
            position: self.engine().live().last_seq(),
            forwarded: 0,
            created: format_rfc3339_ms(now_ms()),
        };
        if !self.share_route(&info).await? {
            self.save_route(&info).await?;
        }
        self.start_route(info.clone());
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
        let missing = || BusError::NotFound(format!("no route '{name}': see `evbus routes list`"));
        if let Some(unshared) = self.unshare_route(name).await {
            self.stop_route(name);
            return match unshared {
                Err(crate::engine::EngineError::NotFound) => Err(missing()),
                other => Ok(other?),
            };
        }
        self.stop_route(name).ok_or_else(missing)?;
        self.store(vec![StateOp::RemoveRecord {
            kind: RECORD_KIND.into(),
            id: name.to_owned(),
        }])
        .await?;
        Ok(())
    }

    /// Reads routes back at start-up and sets them running from where they stopped.
    pub(super) async fn load_routes(&self) -> Result<(), BusError> {
        if self.is_shared() {
            return self.refresh_routes().await;
        }
        for (name, body) in self.engine().records(RECORD_KIND).await? {
            let Ok(info) = serde_json::from_str::<RouteInfo>(&body) else {
                tracing::warn!(%name, "unreadable route record skipped");
                continue;
            };
            self.start_route(info);
        }
        Ok(())
    }

    fn route_record(info: &RouteInfo) -> StateOp {
        StateOp::PutRecord {
            kind: RECORD_KIND.into(),
            id: info.spec.name.clone(),
            body: serde_json::to_string(info).expect("routes serialize"),
        }
    }

    async fn save_route(&self, info: &RouteInfo) -> Result<(), BusError> {
        self.store(vec![Self::route_record(info)]).await?;
        Ok(())
    }

    async fn run_route(self, route: Arc<Route>) {
        if self.run_shared_route(&route).await {
            return;
        }
        if let Err(err) = self.follow_route(&route).await {
            let name = route.info.lock().expect("route poisoned").spec.name.clone();
            tracing::error!(route = %name, error = %err, "a route stopped; restart the server to resume it");
        }
    }

    async fn follow_route(&self, route: &Route) -> Result<(), BusError> {
        let (spec, position) = {
            let info = route.info.lock().expect("route poisoned");
            (info.spec.clone(), info.position)
        };
        let mut reader = self
            .subscribe(SubscriptionRequest {
                patterns: vec![spec.pattern.parse().map_err(invalid)?],
                filter: spec
                    .filter
                    .as_deref()
                    .map(JqFilter::compile)
                    .transpose()
                    .map_err(invalid)?,
                when_exhausted: WhenExhausted::Skip,
                start: Start::Seq(position + 1),
                end: None::<End>,
            })
            .await?;
        while let Some(page) = reader.next_page().await {
            let page = page?;
            if !route.alive.load(std::sync::atomic::Ordering::SeqCst) {
                return Ok(());
            }
            self.forward(route, &spec, page).await?;
        }
        Ok(())
    }

    /// Forwards one page, with the route's new position in the same commit.
    async fn forward(
        &self,
        route: &Route,
        spec: &RouteSpec,
        page: Vec<StoredEvent>,
    ) -> Result<(), BusError> {
        let Some(last) = page.last().map(|event| event.seq) else {
            return Ok(());
        };
        let mut next = route.info.lock().expect("route poisoned").clone();
        next.position = last;
        next.forwarded += page.len() as u64;
        let progress = vec![Self::route_record(&next)];
        let target = Target::of(spec.to_topic.as_deref(), spec.to_group.as_deref())
            .ok_or_else(|| invalid("a route without a target"))?;
        self.forward_events(page, target, &spec.name, Origin::CausedBy, progress)
            .await?;
        let mut info = route.info.lock().expect("route poisoned");
        info.position = next.position;
        info.forwarded = next.forwarded;
        Ok(())
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
