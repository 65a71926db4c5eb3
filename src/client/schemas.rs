//! Schemas and the topology document, through the client.

use super::{Client, ClientError, segment};
use crate::api::schema::{SchemaInfo, SchemaSpec};

impl Client {
    pub async fn schemas(&self) -> Result<Vec<SchemaInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/schemas"))
            .await
    }

    pub async fn schema(&self, name: &str) -> Result<SchemaInfo, ClientError> {
        let path = format!("/v1/schemas/{}", segment(name));
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    /// Adds a schema; with `replace`, one of the same name is replaced instead of being
    /// a conflict.
    pub async fn put_schema(
        &self,
        spec: &SchemaSpec,
        replace: bool,
    ) -> Result<SchemaInfo, ClientError> {
        let builder = if replace {
            let path = format!("/v1/schemas/{}", segment(&spec.name));
            self.request(reqwest::Method::PUT, &path)
        } else {
            self.request(reqwest::Method::POST, "/v1/schemas")
        };
        self.json(builder.json(spec)).await
    }

    pub async fn remove_schema(&self, name: &str) -> Result<SchemaInfo, ClientError> {
        let path = format!("/v1/schemas/{}", segment(name));
        self.json(self.request(reqwest::Method::DELETE, &path))
            .await
    }
}

impl Client {
    /// The bus's topology as one document.
    pub async fn export_config(&self) -> Result<crate::api::config::BusDocument, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/config"))
            .await
    }

    /// Plans `document` against the bus and applies it, unless `options.dry_run`.
    pub async fn apply_config(
        &self,
        document: &crate::api::config::BusDocument,
        options: crate::api::config::ApplyOptions,
    ) -> Result<crate::api::config::Plan, ClientError> {
        let flag = |on: bool| if on { "true" } else { "false" };
        let builder = self
            .request(reqwest::Method::POST, "/v1/config")
            .query(&[
                ("dry_run", flag(options.dry_run)),
                ("prune", flag(options.prune)),
                ("replace", flag(options.replace)),
            ])
            .json(document);
        self.json(builder).await
    }
}
