//! What exists only because several servers share one bus (JetStream with several
//! `evbus serve`): relaying a settle or a cancel to the server that runs it, telling
//! each other which members are alive and what each holds, and adopting the groups and
//! routes created through other servers. This module is the bus's only caller of the
//! engine's cluster side (`engine::peers`); on an engine without peers it does nothing.

mod adopt;
mod answers;
mod leads;
mod relay;
pub(crate) mod servers;
mod shares;

pub(crate) use leads::LeadCache;
pub(crate) use relay::{Ask, Refusal, SettleAsk};

use crate::bus::Bus;
use crate::engine::peers::Peers;

impl Bus {
    /// The other servers of this bus; `None` on an engine of one server.
    fn peers(&self) -> Option<&dyn Peers> {
        self.engine().peers()
    }

    /// This server's name among the bus's servers, on a shared engine.
    pub(crate) fn server_id(&self) -> Option<&str> {
        self.peers().map(|peers| peers.server_id())
    }
}
