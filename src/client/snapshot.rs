//! Snapshots of the whole bus, through the client.

use bytes::Bytes;
use futures_util::Stream;

use super::{Client, ClientError};
use crate::api::snapshot::Counts;

impl Client {
    /// The bus's snapshot, line by line as it streams in.
    pub async fn save_snapshot(
        &self,
    ) -> Result<impl Stream<Item = Result<Bytes, ClientError>> + use<>, ClientError> {
        let builder = self.request(reqwest::Method::GET, "/v1/snapshot");
        Ok(self.ndjson_lines(self.send(builder).await?))
    }

    /// Loads a snapshot (its NDJSON) into the bus, which must be empty.
    pub async fn load_snapshot(&self, snapshot: Vec<u8>) -> Result<Counts, ClientError> {
        let builder = self
            .request(reqwest::Method::POST, "/v1/snapshot")
            .header(reqwest::header::CONTENT_TYPE, "application/x-ndjson")
            .body(snapshot);
        self.json(builder).await
    }
}
