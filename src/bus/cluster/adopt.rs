//! Groups and routes created through other servers: found when first asked for, and
//! every few seconds.

use crate::bus::{Bus, BusError};
use crate::engine::peers::ServerShare;

impl Bus {
    /// On a shared engine: adopts groups created through other servers and follows their
    /// pause state and position. (A group deleted elsewhere goes when its queue says so.)
    pub(crate) async fn refresh_groups(&self) -> Result<(), BusError> {
        if self.peers().is_none() {
            return Ok(());
        }
        let stored = self.engine().load_groups().await?;
        self.follow_stored_groups(stored).await
    }

    /// Every few seconds, on a shared engine: tells the other servers the members and
    /// share of each group here (`(group, members, share)`), and picks up the groups and
    /// routes created through them.
    pub(crate) async fn cluster_round(&self, groups: Vec<(String, Vec<String>, ServerShare)>) {
        let Some(peers) = self.peers() else {
            return;
        };
        for (group, names, share) in groups {
            let told = async {
                peers.present(&group, &names).await?;
                peers.report(&group, share).await
            };
            if let Err(err) = told.await {
                tracing::debug!(error = %err, "cannot tell other servers about members");
            }
        }
        if let Err(err) = self.refresh_groups().await {
            tracing::debug!(error = %err, "cannot look for groups created elsewhere");
        }
        self.start_pushers();
        if let Err(err) = self.refresh_routes().await {
            tracing::debug!(error = %err, "cannot look for routes added elsewhere");
        }
    }
}
