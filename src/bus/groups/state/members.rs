//! The members of a group as this server sees them: when each was last heard of, and
//! what each holds; a member silent for `MEMBER_IDLE_MS` has left.

use super::{Changes, GroupState};

/// A member that has not pulled, settled or extended for this long has left.
pub const MEMBER_IDLE_MS: i64 = 45_000;

#[derive(Default)]
pub(super) struct Member {
    pub last_seen_ms: i64,
    pub in_flight: u64,
}

impl GroupState {
    /// `(name, in flight, last seen)` per member.
    pub fn members(&self) -> Vec<(String, u64, i64)> {
        let mut members: Vec<_> = self
            .members
            .iter()
            .map(|(name, member)| (name.clone(), member.in_flight, member.last_seen_ms))
            .collect();
        members.sort();
        members
    }

    pub fn has_members(&self) -> bool {
        !self.members.is_empty()
    }

    /// Records that `member` is alive; a new member is reported as joined.
    pub fn touch(&mut self, member: &str, now_ms: i64, changes: &mut Changes) {
        match self.members.get_mut(member) {
            Some(known) => known.last_seen_ms = now_ms,
            None => {
                self.members.insert(
                    member.to_owned(),
                    Member {
                        last_seen_ms: now_ms,
                        in_flight: 0,
                    },
                );
                changes.joined.push(member.to_owned());
            }
        }
    }

    pub fn leave(&mut self, member: &str, changes: &mut Changes) {
        if self.members.remove(member).is_some() {
            changes.left.push(member.to_owned());
        }
    }

    /// Lets go of every member silent for longer than `MEMBER_IDLE_MS`.
    pub(super) fn let_idle_members_go(&mut self, now_ms: i64, changes: &mut Changes) {
        let idle: Vec<String> = self
            .members
            .iter()
            .filter(|(_, member)| now_ms - member.last_seen_ms > MEMBER_IDLE_MS)
            .map(|(name, _)| name.clone())
            .collect();
        for name in idle {
            self.leave(&name, changes);
        }
    }
}
