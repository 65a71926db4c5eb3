//! What the engine handed out for an event the group is not done with: its hand-outs'
//! tokens, to finish, retry or terminate them with, and what came with them.

use super::super::history::History;
use crate::engine::handout::HandoutToken;

/// What the engine handed out for one event and the group is not done with.
#[derive(Default)]
pub(super) struct Handed {
    /// One from the log; one more if it was also put straight into the group.
    pub tokens: Tokens,
    /// Hand-outs before that nobody finished (a server died holding it).
    pub earlier: u32,
    /// Failed attempts another server remembered.
    pub history: History,
}

/// The hand-outs of one event: almost always one, so it is kept inline.
#[derive(Default)]
pub(super) struct Tokens {
    first: Option<HandoutToken>,
    more: Vec<HandoutToken>,
}

impl Tokens {
    pub fn push(&mut self, token: HandoutToken) {
        match self.first {
            None => self.first = Some(token),
            Some(_) => self.more.push(token),
        }
    }

    pub fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.more.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &HandoutToken> {
        self.first.iter().chain(&self.more)
    }
}

impl IntoIterator for Tokens {
    type Item = HandoutToken;
    type IntoIter =
        std::iter::Chain<std::option::IntoIter<HandoutToken>, std::vec::IntoIter<HandoutToken>>;

    fn into_iter(self) -> Self::IntoIter {
        self.first.into_iter().chain(self.more)
    }
}
