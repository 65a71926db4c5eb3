//! Settling through any server. On a shared engine only the server that leased an event
//! runs its lease, so the receipts it hands out name it (`42.1.SERVER`); a receipt
//! settled through another server is relayed to that one over the engine, and the
//! answers are put together as if one server had settled them all.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Settlement;
use crate::api::receipt::Receipt;
use crate::bus::cluster::{Ask, SettleAsk};
use crate::bus::{Bus, BusError};

/// What settling some receipts came to.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Outcome {
    pub settled: usize,
    /// The new lease end, for `extend`.
    pub until: Option<i64>,
    /// Why each receipt that did not settle did not.
    pub conflicts: Vec<String>,
}

impl Outcome {
    fn add(&mut self, other: Outcome) {
        self.settled += other.settled;
        self.until = self.until.max(other.until);
        self.conflicts.extend(other.conflicts);
    }

    /// Every receipt failing for one reason.
    fn failed(receipts: &[String], why: &dyn Fn(&str) -> String) -> Self {
        Self {
            conflicts: receipts.iter().map(|receipt| why(receipt)).collect(),
            ..Self::default()
        }
    }

    /// The settled count and lease end, or a conflict naming each receipt that did not
    /// settle (up to `NAMED`; the others still did).
    pub(super) fn into_result(self, total: usize) -> Result<(usize, Option<i64>), BusError> {
        const NAMED: usize = 20;
        if self.conflicts.is_empty() {
            return Ok((self.settled, self.until));
        }
        let mut named = self.conflicts[..self.conflicts.len().min(NAMED)].join("; ");
        if self.conflicts.len() > NAMED {
            named.push_str(&format!("; and {} more", self.conflicts.len() - NAMED));
        }
        Err(BusError::Conflict(format!(
            "{} of {total} receipts settled; {named}",
            self.settled
        )))
    }
}

impl Bus {
    /// Receipts by the server that leased them (`None`: this one, the name dropped).
    fn by_server(&self, receipts: &[String]) -> BTreeMap<Option<String>, Vec<String>> {
        let here = self.server_id();
        let mut split: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        for text in receipts {
            match text.parse::<Receipt>() {
                Ok(receipt) if receipt.server.is_some() && receipt.server.as_deref() == here => {
                    let lease = receipt.at(None).to_string();
                    split.entry(None).or_default().push(lease);
                }
                Ok(Receipt {
                    server: Some(server),
                    ..
                }) if here.is_some() => {
                    split.entry(Some(server)).or_default().push(text.clone());
                }
                // Not a receipt of a shared engine: this server says what is wrong.
                _ => split.entry(None).or_default().push(text.clone()),
            }
        }
        split
    }

    /// Settles each receipt through the server that leased its event.
    pub async fn settle(
        &self,
        name: &str,
        member: Option<&str>,
        receipts: &[String],
        how: &Settlement,
    ) -> Result<(usize, Option<i64>), BusError> {
        let mut outcome = Outcome::default();
        for (server, some) in self.by_server(receipts) {
            outcome.add(match server {
                None => self.settle_here(name, member, &some, how).await?,
                Some(server) => self.settle_at(&server, name, member, some, how).await?,
            });
        }
        outcome.into_result(receipts.len())
    }

    async fn settle_at(
        &self,
        server: &str,
        name: &str,
        member: Option<&str>,
        receipts: Vec<String>,
        how: &Settlement,
    ) -> Result<Outcome, BusError> {
        let ask = Ask::Settle(SettleAsk {
            group: name.to_owned(),
            member: member.map(str::to_owned),
            receipts: receipts.clone(),
            how: how.clone(),
        });
        // A server that died while asked does not answer either: say so per receipt, as
        // for one that is gone, and let the other receipts settle.
        let answer = match self.ask(server, &ask).await {
            Ok(answer) => answer,
            Err(err) => {
                return Ok(Outcome::failed(&receipts, &|receipt| {
                    format!(
                        "receipt {receipt}: the server that leased it did not answer ({err}); if it is gone, the event goes back to the group once its hold lapses"
                    )
                }));
            }
        };
        Ok(answer.unwrap_or_else(|| {
            Outcome::failed(&receipts, &|receipt| {
                format!(
                    "receipt {receipt}: the server that leased it is gone; the event goes back to the group once its hold lapses"
                )
            })
        }))
    }

    /// A relayed settle's outcome; what stops it altogether fails every receipt.
    pub(crate) async fn answer_settle(&self, request: SettleAsk) -> Outcome {
        let leases: Vec<String> = self
            .by_server(&request.receipts)
            .remove(&None)
            .unwrap_or_default();
        let member = request.member.as_deref();
        match self
            .settle_here(&request.group, member, &leases, &request.how)
            .await
        {
            Ok(outcome) => outcome,
            Err(err) => Outcome::failed(&request.receipts, &|receipt| {
                format!("receipt {receipt}: {err}")
            }),
        }
    }
}
