//! What this server answers when another server of the bus asks (see `relay`): the
//! one place that knows every kind of ask, so groups and replays only ask.

use super::leads::RelayedLease;
use super::relay::{Ask, PullAsk, answer_with};
use crate::bus::{Bus, BusError};

impl Bus {
    pub(super) async fn answer(&self, body: &[u8]) -> Vec<u8> {
        let ask = match serde_json::from_slice::<Ask>(body) {
            Ok(ask) => ask,
            Err(err) => {
                let refusal = BusError::InvalidArgument(format!(
                    "an ask this server cannot read (another evbus version?): {err}"
                ));
                return answer_with::<()>(Err(refusal));
            }
        };
        match ask {
            Ask::Settle(settle) => {
                serde_json::to_vec(&self.answer_settle(settle).await).expect("serializes")
            }
            Ask::Pull(pull) => answer_with(self.answer_pull(pull).await),
            Ask::Keys { group } => answer_with(self.keys_here(&group).await),
            Ask::CancelReplay { id } => answer_with(self.cancel_replay_here(&id).await),
            Ask::Ping => b"{}".to_vec(),
        }
    }

    /// A pull another server relayed to this one, the leader of an ordered group.
    async fn answer_pull(&self, pull: PullAsk) -> Result<Vec<RelayedLease>, BusError> {
        let wait = std::time::Duration::from_millis(pull.wait_ms);
        let leased = self
            .pull_here(&pull.group, &pull.member, pull.max, wait)
            .await?;
        Ok(leased.into_iter().map(RelayedLease::from).collect())
    }
}
