//! Receipts a group completed lately, so that an ack sent again answers as the first
//! one did. A client whose ack got a 5xx or no answer cannot know whether it took
//! effect; sending it again must not turn a completed event into a conflict.

use std::collections::{HashMap, VecDeque};

use crate::engine::handout::HandoutToken;

/// How many completed receipts a group remembers.
const REMEMBERED: usize = 8_192;

#[derive(Default)]
pub(super) struct RecentAcks {
    order: VecDeque<(u64, u32)>,
    tokens: HashMap<(u64, u32), Vec<HandoutToken>>,
}

impl RecentAcks {
    /// `seq` was completed on `attempt`, finishing these hand-outs.
    pub fn remember(&mut self, seq: u64, attempt: u32, tokens: Vec<HandoutToken>) {
        if self.tokens.insert((seq, attempt), tokens).is_none() {
            self.order.push_back((seq, attempt));
        }
        while self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.tokens.remove(&oldest);
            }
        }
    }

    /// The hand-outs finished when `seq` was completed on `attempt`, if it was lately.
    pub fn get(&self, seq: u64, attempt: u32) -> Option<&[HandoutToken]> {
        self.tokens.get(&(seq, attempt)).map(Vec::as_slice)
    }
}
