//! Groups, their deliveries and their dead letters, through the client.

use std::time::Duration;

use super::{Client, ClientError, segment};
use crate::api::dead_letter::{Counted, DeadLetter, DeadLetterIds, DlqSummaryRow, Requeue};
use crate::api::group::{GroupInfo, GroupSpec, Pulled, Settled, Settlement};

/// Which dead letters to list.
#[derive(Debug, Clone, Default)]
pub struct DlqFilter {
    pub group: Option<String>,
    pub topic: Option<String>,
    pub since: Option<String>,
    /// Only letters whose last error contains this text.
    pub error: Option<String>,
    pub after: Option<String>,
    pub limit: Option<usize>,
}

impl DlqFilter {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params: Vec<(&str, String)> = Vec::new();
        let fields = [
            ("group", &self.group),
            ("topic", &self.topic),
            ("since", &self.since),
            ("error", &self.error),
            ("after", &self.after),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                params.push((key, value.clone()));
            }
        }
        if let Some(limit) = self.limit {
            params.push(("limit", limit.to_string()));
        }
        params
    }
}

impl Client {
    pub async fn create_group(&self, spec: &GroupSpec) -> Result<GroupInfo, ClientError> {
        self.json(self.request(reqwest::Method::POST, "/v1/groups").json(spec))
            .await
    }

    pub async fn groups(&self) -> Result<Vec<GroupInfo>, ClientError> {
        self.json(self.request(reqwest::Method::GET, "/v1/groups"))
            .await
    }

    pub async fn group(&self, name: &str) -> Result<GroupInfo, ClientError> {
        let path = format!("/v1/groups/{}", segment(name));
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn delete_group(&self, name: &str) -> Result<(), ClientError> {
        let path = format!("/v1/groups/{}", segment(name));
        self.send(self.request(reqwest::Method::DELETE, &path))
            .await
            .map(drop)
    }

    pub async fn pause_group(&self, name: &str) -> Result<GroupInfo, ClientError> {
        self.post_to_group(name, "pause").await
    }

    pub async fn resume_group(&self, name: &str) -> Result<GroupInfo, ClientError> {
        self.post_to_group(name, "resume").await
    }

    async fn post_to_group(&self, name: &str, verb: &str) -> Result<GroupInfo, ClientError> {
        let path = format!("/v1/groups/{}/{verb}", segment(name));
        self.json(self.request(reqwest::Method::POST, &path)).await
    }

    pub async fn rotate_secret(
        &self,
        name: &str,
        rotate: &crate::api::group::Rotate,
    ) -> Result<crate::api::group::Rotated, ClientError> {
        let path = format!("/v1/groups/{}/rotate-secret", segment(name));
        self.json(self.request(reqwest::Method::POST, &path).json(rotate))
            .await
    }

    pub async fn reset_group(&self, name: &str, to: &str) -> Result<GroupInfo, ClientError> {
        let path = format!("/v1/groups/{}/reset", segment(name));
        let body = serde_json::json!({ "to": to });
        self.json(self.request(reqwest::Method::POST, &path).json(&body))
            .await
    }

    /// Leases up to `max` deliveries, waiting up to `wait` for the first.
    pub async fn pull(
        &self,
        group: &str,
        member: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Pulled, ClientError> {
        let path = format!("/v1/groups/{}/pull", segment(group));
        let wait = format!("{}ms", wait.as_millis());
        let params = [
            ("member", member),
            ("max", &max.to_string()),
            ("wait", &wait),
        ];
        self.json(self.request(reqwest::Method::POST, &path).query(&params))
            .await
    }

    /// Settles the leases `receipts` name, for `member`.
    pub async fn settle(
        &self,
        group: &str,
        member: &str,
        receipts: Vec<String>,
        how: &Settlement,
    ) -> Result<Settled, ClientError> {
        let path = format!("/v1/groups/{}/{}", segment(group), how.action());
        let builder = self
            .request(reqwest::Method::POST, &path)
            .query(&[("member", member)])
            .json(&how.body(receipts));
        self.json(builder).await
    }

    pub async fn leave_group(&self, group: &str, member: &str) -> Result<(), ClientError> {
        let path = format!("/v1/groups/{}/members/{}", segment(group), segment(member));
        self.send(self.request(reqwest::Method::DELETE, &path))
            .await
            .map(drop)
    }

    pub async fn dead_letters(&self, filter: &DlqFilter) -> Result<Vec<DeadLetter>, ClientError> {
        let request = self.request(reqwest::Method::GET, "/v1/dlq");
        self.json(request.query(&filter.params())).await
    }

    pub async fn dlq_summary(&self, filter: &DlqFilter) -> Result<Vec<DlqSummaryRow>, ClientError> {
        let request = self.request(reqwest::Method::GET, "/v1/dlq/summary");
        self.json(request.query(&filter.params())).await
    }

    pub async fn dead_letter(&self, id: &str) -> Result<DeadLetter, ClientError> {
        let path = format!("/v1/dlq/{}", segment(id));
        self.json(self.request(reqwest::Method::GET, &path)).await
    }

    /// Requeues dead letters (rewritten or replaced as asked); on a dry run, what
    /// each would become.
    pub async fn requeue(&self, request: &Requeue) -> Result<Counted, ClientError> {
        let post = self.request(reqwest::Method::POST, "/v1/dlq/requeue");
        self.json(post.json(request)).await
    }

    /// Purges the dead letters `ids`; on a dry run, which would go.
    pub async fn purge(&self, ids: Vec<String>, dry_run: bool) -> Result<Counted, ClientError> {
        let post = self.request(reqwest::Method::POST, "/v1/dlq/purge");
        self.json(post.json(&DeadLetterIds { ids, dry_run })).await
    }
}
