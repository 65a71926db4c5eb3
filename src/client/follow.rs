//! Following events through the client: one event, its trace, why a group got it.

use serde_json::value::RawValue;

use super::{Client, ClientError};
use crate::api::follow::{Trace, Why};

impl Client {
    /// The stored event `seq`, as the bus holds it.
    pub async fn event(&self, seq: u64) -> Result<Box<RawValue>, ClientError> {
        let path = format!("/v1/events/{seq}");
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    /// The newest stored event with `id` (and `source`).
    pub async fn event_by_id(
        &self,
        id: &str,
        source: Option<&str>,
    ) -> Result<Box<RawValue>, ClientError> {
        let mut params = vec![("id", id)];
        if let Some(source) = source {
            params.push(("source", source));
        }
        let request = self.request(reqwest::Method::GET, "/v1/events");
        self.json(request.query(&params)).await
    }

    pub async fn trace(&self, seq: u64) -> Result<Trace, ClientError> {
        let path = format!("/v1/events/{seq}/trace");
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn why(&self, seq: u64, group: &str) -> Result<Why, ClientError> {
        let path = format!("/v1/events/{seq}/why");
        let request = self.request(reqwest::Method::GET, &path);
        self.json(request.query(&[("group", group)])).await
    }
}
