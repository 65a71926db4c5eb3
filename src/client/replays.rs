//! Replay jobs, through the client.

use super::{Client, ClientError, segment};
use crate::api::replay::{ReplayInfo, ReplayPlan, ReplayRequest};

impl Client {
    /// What a replay would cover (`dry_run` is set for you).
    pub async fn plan_replay(&self, request: &ReplayRequest) -> Result<ReplayPlan, ClientError> {
        let request = ReplayRequest {
            dry_run: true,
            ..request.clone()
        };
        self.json(
            self.request(reqwest::Method::POST, "/v1/replays")
                .json(&request),
        )
        .await
    }

    pub async fn start_replay(&self, request: &ReplayRequest) -> Result<ReplayInfo, ClientError> {
        self.json(
            self.request(reqwest::Method::POST, "/v1/replays")
                .json(request),
        )
        .await
    }

    pub async fn replays(&self) -> Result<Vec<ReplayInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/replays"))
            .await
    }

    pub async fn replay(&self, id: &str) -> Result<ReplayInfo, ClientError> {
        let path = format!("/v1/replays/{}", segment(id));
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn cancel_replay(&self, id: &str) -> Result<ReplayInfo, ClientError> {
        self.post_to_replay(id, "cancel").await
    }

    pub async fn resume_replay(&self, id: &str) -> Result<ReplayInfo, ClientError> {
        self.post_to_replay(id, "resume").await
    }

    async fn post_to_replay(&self, id: &str, verb: &str) -> Result<ReplayInfo, ClientError> {
        let path = format!("/v1/replays/{}/{verb}", segment(id));
        self.json(self.request(reqwest::Method::POST, &path)).await
    }
}
