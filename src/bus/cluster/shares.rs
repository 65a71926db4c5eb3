//! What the servers of one bus tell each other about groups: which members are alive
//! where, and what each holds; and what `groups show` and `request` make of it.

use crate::api::group::{GroupInfo, MemberInfo};
use crate::api::time::format_rfc3339_ms;
use crate::bus::Bus;
use crate::engine::StoredEvent;
use crate::engine::peers::ServerShare;

impl Bus {
    /// On a shared engine, the dead letters per group in the one list all servers share
    /// (read once per listing); `None` otherwise, or when it cannot be read now.
    pub(crate) async fn shared_dead_counts(
        &self,
    ) -> Option<std::collections::HashMap<String, u64>> {
        self.peers()?;
        self.engine().dead_letter_counts().await.ok()
    }

    /// On a shared engine: adds the other servers' shares and the members attached to
    /// them (their own in-flight counts are those servers' to know: shown as 0). What
    /// waits for a retry waits in the queue, which no server holds.
    pub(crate) async fn with_other_servers(
        &self,
        mut info: GroupInfo,
        here: ServerShare,
    ) -> GroupInfo {
        let Some(peers) = self.peers() else {
            return info;
        };
        if let Ok(counts) = peers.counts(&info.name).await {
            let everywhere = here + counts.elsewhere;
            info.in_flight = everywhere.in_flight;
            info.completed = everywhere.completed;
            info.pending =
                (counts.unsettled + counts.untaken_direct).saturating_sub(everywhere.held);
            info.lag = counts.untaken_log;
        }
        let Ok(everywhere) = peers.members(&info.name).await else {
            return info;
        };
        for (name, last_seen) in everywhere {
            if info.members.iter().all(|member| member.name != name) {
                info.members.push(MemberInfo {
                    name,
                    in_flight: 0,
                    last_seen: format_rfc3339_ms(last_seen),
                });
            }
        }
        info.members.sort_by(|a, b| a.name.cmp(&b.name));
        info
    }

    /// Whether a member of one of `matching` (the groups that would receive `probe`) is
    /// alive on another server.
    pub(crate) async fn listens_elsewhere(
        &self,
        probe: &StoredEvent,
        mut matching: Vec<String>,
    ) -> bool {
        let Some(peers) = self.peers() else {
            return false;
        };
        // The responders' group may have been created through another server just now.
        if self.refresh_groups().await.is_ok() {
            matching = self.groups_receiving(probe).await;
        }
        for group in matching {
            if peers.has_members(&group).await.unwrap_or(false) {
                return true;
            }
        }
        false
    }

    /// Tells the other servers which members of `group` came and went here, and (after
    /// it let events go for a retry, which they then count as waiting) what it holds.
    pub(crate) async fn tell_peers(
        &self,
        group: &str,
        joined: &[String],
        left: &[String],
        share: Option<ServerShare>,
    ) {
        let Some(peers) = self.peers() else {
            return;
        };
        if let Some(share) = share
            && let Err(err) = peers.report(group, share).await
        {
            tracing::debug!(error = %err, "cannot tell other servers what this one holds");
        }
        // Other servers learn of members here (`request` asks whether any listen).
        let presence = async {
            peers.present(group, joined).await?;
            for member in left {
                peers.absent(group, member).await?;
            }
            Ok::<_, crate::engine::EngineError>(())
        };
        if let Err(err) = presence.await {
            tracing::debug!(error = %err, "cannot tell other servers about members");
        }
    }
}
