//! Routes on JetStream: each route is two consumers on the log (its pattern's plain and
//! addressed events), which every server of the bus takes from, so each event of the
//! route is forwarded by one server; the route's definition travels in the consumer's
//! description.

use futures_util::StreamExt as _;

use super::groups::{RouteDescription, queue_config, route_consumer_names};
use super::{Inner, unavailable};
use crate::engine::handout::Handout;
use crate::engine::{EngineError, EngineResult};

impl Inner {
    pub(super) async fn put_route(
        &self,
        name: &str,
        pattern: &str,
        start: u64,
        record: &str,
    ) -> EngineResult<()> {
        let description = RouteDescription {
            evbus_route: name.to_owned(),
            record: record.to_owned(),
        };
        let description = serde_json::to_string(&description).expect("strings serialize");
        let [plain, addressed] = route_consumer_names(name);
        let configs = [
            queue_config(
                plain,
                Some(description),
                start,
                format!("{}{pattern}", self.names.events_prefix),
            ),
            queue_config(
                addressed,
                None,
                start,
                format!("{}{pattern}", self.names.addressed_prefix),
            ),
        ];
        for config in configs {
            self.events
                .create_consumer(config)
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    pub(super) async fn delete_route(&self, name: &str) -> EngineResult<()> {
        let [plain, addressed] = route_consumer_names(name);
        match self.drop_consumer(&self.events, &addressed).await {
            Ok(()) | Err(EngineError::NotFound) => {}
            Err(err) => return Err(err),
        }
        // The one that carries the route: `NotFound` when the route was not there.
        self.drop_consumer(&self.events, &plain).await
    }

    pub(super) async fn routes(&self) -> EngineResult<Vec<(String, String)>> {
        let mut consumers = self.events.consumers();
        let mut routes = Vec::new();
        while let Some(info) = consumers.next().await {
            let info = info.map_err(unavailable)?;
            let description = info.config.description.as_deref().unwrap_or_default();
            if let Ok(route) = serde_json::from_str::<RouteDescription>(description) {
                routes.push((route.evbus_route, route.record));
            }
        }
        routes.sort();
        Ok(routes)
    }

    /// Up to `max` events of the route there now, each to this server only; `NotFound`
    /// once the route is gone.
    pub(super) async fn take_route(&self, name: &str, max: usize) -> EngineResult<Vec<Handout>> {
        self.check()?;
        self.take_from_both(route_consumer_names(name), max).await
    }
}
