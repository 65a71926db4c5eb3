//! Ordered groups across servers: one server leads each ordered group, taking and
//! handing out all of its events, so the group's keys are held in one place. Pulls on
//! the other servers are relayed to it; their receipts name it, so settles go there too.
//! The lead lapses unless renewed (`engine::peers::LEAD_LAPSE`), and another server
//! takes it once what the dead leader held is handed out again.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::relay::{Ask, PullAsk};
use crate::api::group::KeysInfo;
use crate::api::receipt::Receipt;
use crate::bus::groups::Leased;
use crate::bus::{Bus, BusError};
use crate::engine::StoredEvent;

/// How long a follower trusts who it last heard leads.
const FOLLOWER_CHECKS_EVERY: Duration = Duration::from_secs(1);
/// How often the leader renews its lead, well within `LEAD_LAPSE` (the hold round
/// renews it too, when nobody pulls).
const LEADER_RENEWS_EVERY: Duration = Duration::from_secs(2);
/// Longest wait of one relayed pull (a relayed request times out at 10 s).
const RELAYED_WAIT: Duration = Duration::from_secs(5);

/// Who this server last heard leads one ordered group, and when.
#[derive(Default)]
pub(crate) struct LeadCache(std::sync::Mutex<Option<(String, Instant)>>);

impl LeadCache {
    fn known(&self) -> Option<(String, Instant)> {
        self.0.lock().expect("lead cache poisoned").clone()
    }

    fn remember(&self, leader: String) {
        *self.0.lock().expect("lead cache poisoned") = Some((leader, Instant::now()));
    }

    /// Forgets who leads, so the next look asks the engine.
    fn forget(&self) {
        self.0.lock().expect("lead cache poisoned").take();
    }
}

/// A lease as it crosses back from the leader.
#[derive(Serialize, Deserialize)]
pub(crate) struct RelayedLease {
    receipt: String,
    attempt: u32,
    due_ms: i64,
    seq: u64,
    ts_ms: i64,
    topic: String,
    event: Box<RawValue>,
}

impl From<Leased> for RelayedLease {
    fn from(lease: Leased) -> Self {
        let json = String::from_utf8_lossy(&lease.event.json).into_owned();
        Self {
            receipt: lease.receipt.to_string(),
            attempt: lease.attempt,
            due_ms: lease.due_ms,
            seq: lease.event.seq,
            ts_ms: lease.event.ts_ms,
            topic: lease.event.topic.to_string(),
            event: RawValue::from_string(json)
                .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON")),
        }
    }
}

impl TryFrom<RelayedLease> for Leased {
    type Error = BusError;

    fn try_from(lease: RelayedLease) -> Result<Self, BusError> {
        let receipt: Receipt = lease.receipt.parse().map_err(|_| {
            BusError::InvalidArgument(format!("the leader sent a bad receipt '{}'", lease.receipt))
        })?;
        Ok(Leased {
            receipt,
            attempt: lease.attempt,
            due_ms: lease.due_ms,
            event: StoredEvent {
                seq: lease.seq,
                ts_ms: lease.ts_ms,
                topic: lease.topic.into(),
                json: bytes::Bytes::from(lease.event.get().to_owned()),
            },
        })
    }
}

impl Bus {
    /// The server leading ordered `group`, when that is not this one (on a shared
    /// engine; with one server, it always leads).
    pub(crate) async fn leader_elsewhere(
        &self,
        group: &str,
        cache: &LeadCache,
    ) -> Result<Option<String>, BusError> {
        let Some(peers) = self.peers() else {
            return Ok(None);
        };
        let me = peers.server_id();
        let known = cache.known();
        if let Some((leader, checked)) = &known {
            let trust = if leader == me {
                LEADER_RENEWS_EVERY
            } else {
                FOLLOWER_CHECKS_EVERY
            };
            if checked.elapsed() < trust {
                return Ok((leader != me).then(|| leader.clone()));
            }
        }
        let leader = peers.lead(group).await?;
        if known.as_ref().is_some_and(|(was, _)| was == me) && leader != me {
            tracing::warn!(%group, %leader, "this server lost the lead of an ordered group");
        }
        cache.remember(leader.clone());
        Ok((leader != me).then_some(leader))
    }

    /// Renews the lead of `group` if this server holds it (from the hold round, so a
    /// leader nobody pulls from keeps what it holds).
    pub(crate) async fn renew_lead(&self, group: &str, cache: &LeadCache) {
        let leads = cache
            .known()
            .is_some_and(|(leader, _)| Some(leader.as_str()) == self.server_id());
        if leads {
            cache.forget();
            if let Err(err) = self.leader_elsewhere(group, cache).await {
                tracing::warn!(%group, error = %err, "cannot renew the lead of an ordered group");
            }
        }
    }

    /// Where ordered `group`'s keys stand, as its leader knows them, when another server
    /// leads it (`None` when this one does, or the leader does not answer).
    pub(crate) async fn keys_elsewhere(&self, group: &str, cache: &LeadCache) -> Option<KeysInfo> {
        let leader = self.leader_elsewhere(group, cache).await.ok()??;
        let ask = Ask::Keys {
            group: group.to_owned(),
        };
        let answer: Option<Result<Option<KeysInfo>, super::Refusal>> =
            self.ask(&leader, &ask).await.ok()?;
        answer?.ok()?
    }

    /// Pulls through `leader`; if it is gone, asks again who leads (perhaps this server).
    pub(crate) async fn pull_from(
        &self,
        mut leader: String,
        group: &str,
        cache: &LeadCache,
        member: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Leased>, BusError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let ask = Ask::Pull(PullAsk {
                group: group.to_owned(),
                member: member.to_owned(),
                max,
                wait_ms: left.min(RELAYED_WAIT).as_millis() as u64,
            });
            // A leader that died while it was asked does not answer: it is gone too.
            let answer: Option<Result<Vec<RelayedLease>, super::Refusal>> =
                self.ask(&leader, &ask).await.unwrap_or_else(|err| {
                    tracing::debug!(%leader, error = %err, "the leader of an ordered group did not answer");
                    None
                });
            match answer {
                Some(Ok(leases)) => {
                    if !leases.is_empty() || left.is_zero() {
                        return leases.into_iter().map(Leased::try_from).collect();
                    }
                }
                Some(Err(refusal)) => return Err(refusal.into()),
                None => {
                    // The leader is gone: wait for its lead to lapse, then lead here.
                    cache.forget();
                    match self.leader_elsewhere(group, cache).await? {
                        Some(other) => leader = other,
                        None => return self.pull_here(group, member, max, left).await,
                    }
                    if left.is_zero() {
                        return Ok(Vec::new());
                    }
                    tokio::time::sleep(FOLLOWER_CHECKS_EVERY.min(left)).await;
                }
            }
        }
    }
}
