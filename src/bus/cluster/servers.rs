//! Which servers make up the bus, as scaling events: each server says it is there every
//! few seconds (a presence that ages out after 15 s, like a member's), in a task of its
//! own so that it never holds up the renewal of what the server holds; it says
//! `$evbus.server.joined` once when it first sees itself among them, and says
//! `$evbus.server.left` for a server that stopped being there. Every server sees a
//! leaver, so the event's id is the leaver's: the log keeps one.

use std::collections::BTreeSet;

use crate::bus::Bus;

/// The presence "group" the servers are members of; no group name starts with `_`.
const SERVERS: &str = "_servers";

#[derive(Default)]
pub struct Servers {
    known: std::sync::Mutex<Option<BTreeSet<String>>>,
}

/// How often a server says it is there.
const ROUND: std::time::Duration = std::time::Duration::from_secs(3);

impl Bus {
    /// On a shared engine, until shutdown: says this server is there, and what changed.
    pub(crate) async fn run_servers(self) {
        if self.peers().is_none() {
            return;
        }
        let mut shutdown = self.shutdown_signal();
        loop {
            self.servers_round().await;
            if !crate::bus::wait_unless_stopping(&mut shutdown, ROUND).await {
                return;
            }
        }
    }

    async fn servers_round(&self) {
        let Some(peers) = self.peers() else {
            return;
        };
        let me = peers.server_id().to_owned();
        if let Err(err) = peers.present(SERVERS, std::slice::from_ref(&me)).await {
            tracing::debug!(error = %err, "cannot tell the other servers this one is here");
            return;
        }
        let now: BTreeSet<String> = match peers.members(SERVERS).await {
            Ok(servers) => servers.into_iter().map(|(name, _)| name).collect(),
            Err(_) => return,
        };
        let before = self
            .inner
            .servers
            .known
            .lock()
            .expect("servers poisoned")
            .replace(now.clone());
        match before {
            None => self.announce_as(
                "$evbus.server.joined",
                format!("joined-{me}"),
                serde_json::json!({ "server": me, "servers": now.len(),
                    "version": env!("CARGO_PKG_VERSION") }),
            ),
            Some(before) => {
                for gone in before.difference(&now) {
                    self.announce_as(
                        "$evbus.server.left",
                        format!("left-{gone}"),
                        serde_json::json!({ "server": gone, "servers": now.len() }),
                    );
                }
            }
        }
    }
}
