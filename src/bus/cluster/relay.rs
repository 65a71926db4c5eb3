//! What one server of a bus asks another, on an engine several servers share: to settle
//! receipts of leases it runs, to cancel a replay job it runs, or whether it is up.
//! `Bus::ask` asks; each server takes what is asked of it here and answers it in
//! `answers`, above the groups and replays that both ask and answer.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::api::group::Settlement;
use crate::bus::{Bus, BusError};
use crate::engine::EngineError;

#[derive(Serialize, Deserialize)]
#[serde(tag = "ask", rename_all = "snake_case")]
pub(crate) enum Ask {
    Settle(SettleAsk),
    Pull(PullAsk),
    /// Where an ordered group's keys stand, asked of its leader.
    Keys {
        group: String,
    },
    CancelReplay {
        id: String,
    },
    Ping,
}

/// A settle relayed to the server that leased the events.
#[derive(Serialize, Deserialize)]
pub(crate) struct SettleAsk {
    pub group: String,
    pub member: Option<String>,
    pub receipts: Vec<String>,
    pub how: Settlement,
}

/// A pull relayed to the leader of an ordered group (`leads`).
#[derive(Serialize, Deserialize)]
pub(crate) struct PullAsk {
    pub group: String,
    pub member: String,
    pub max: usize,
    pub wait_ms: u64,
}

/// A refusal, as it crosses back to the asking server.
#[derive(Serialize, Deserialize)]
pub(crate) struct Refusal {
    code: ErrorCode,
    message: String,
}

impl From<&BusError> for Refusal {
    fn from(err: &BusError) -> Self {
        Self {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

impl From<Refusal> for BusError {
    fn from(refusal: Refusal) -> Self {
        match refusal.code {
            ErrorCode::NotFound => BusError::NotFound(refusal.message),
            ErrorCode::Conflict => BusError::Conflict(refusal.message),
            ErrorCode::InvalidArgument => BusError::InvalidArgument(refusal.message),
            _ => BusError::Engine(EngineError::Unavailable(refusal.message)),
        }
    }
}

impl Bus {
    /// Asks the server named `server`; `None` when no such server is up.
    pub(crate) async fn ask<T: DeserializeOwned>(
        &self,
        server: &str,
        ask: &Ask,
    ) -> Result<Option<T>, BusError> {
        let Some(peers) = self.peers() else {
            return Ok(None);
        };
        let body = serde_json::to_vec(ask).expect("asks serialize");
        match peers.relay(server, body.into()).await {
            Ok(answer) => serde_json::from_slice(&answer).map(Some).map_err(|err| {
                BusError::Engine(EngineError::Unavailable(format!(
                    "server {server} gave an answer this server cannot read: {err}"
                )))
            }),
            Err(EngineError::NotFound) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Whether the server named `server` is up.
    pub(crate) async fn is_up(&self, server: &str) -> Result<bool, BusError> {
        let answer: Option<serde_json::Value> = self.ask(server, &Ask::Ping).await?;
        Ok(answer.is_some())
    }

    /// Answers what other servers ask of this one, until shutdown.
    pub(crate) async fn run_relay(self) {
        let Some(peers) = self.peers() else {
            return;
        };
        let mut asked = match peers.relayed().await {
            Ok(asked) => asked,
            Err(err) => {
                tracing::error!(error = %err, "cannot take what other servers ask of this one");
                return;
            }
        };
        let mut shutdown = self.shutdown_signal();
        loop {
            let request = tokio::select! {
                request = asked.recv() => request,
                _ = shutdown.wait_for(|stopping| *stopping) => None,
            };
            let Some(request) = request else {
                return;
            };
            let bus = self.clone();
            tokio::spawn(async move {
                let answer = bus.answer(&request.body).await;
                let _ = request.answer.send(answer.into());
            });
        }
    }
}

pub(crate) fn answer_with<T: Serialize>(outcome: Result<T, BusError>) -> Vec<u8> {
    let outcome = outcome.map_err(|err| Refusal::from(&err));
    serde_json::to_vec(&outcome).expect("answers serialize")
}
