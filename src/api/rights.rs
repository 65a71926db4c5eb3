//! What a token may do: publish and subscribe on topic patterns, consume groups by name
//! or glob, read the bus's state, administer it.

use serde::{Deserialize, Serialize};

use super::Pattern;
use super::group::{glob_matches, validate_address};

/// One token's rights, as the auth file and `GET /v1/status` spell them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Topic patterns it may emit on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publish: Vec<Pattern>,
    /// Topic patterns it may read: tails, replays to stdout, requests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscribe: Vec<Pattern>,
    /// Groups (names or globs) it may pull from, settle and reply for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consume: Vec<String>,
    /// Status, topics, groups, dead letters, replays, routes and schedules: looking.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read: bool,
    /// Changing groups, routes, schedules, dead letters and replays.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub admin: bool,
}

/// A permission a request needs; its name is what a refusal says is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission<'a> {
    Publish(&'a str),
    /// Reading events at all (tails see only what they may).
    Subscribe,
    /// Reading events on this topic.
    SubscribeTo(&'a str),
    Consume(&'a str),
    Read,
    Admin,
}

impl Rights {
    /// Everything: the `--token` shorthand, and a bus without tokens.
    pub fn full() -> Self {
        // `>` leaves out the bus's own topics, which only patterns naming them match.
        let any: Vec<Pattern> = [">", "$evbus.>"]
            .iter()
            .map(|text| text.parse().expect("a pattern"))
            .collect();
        Self {
            publish: any.clone(),
            subscribe: any,
            consume: vec!["*".to_owned()],
            read: true,
            admin: true,
        }
    }

    /// Checks the group globs (patterns are checked as they are parsed).
    pub fn validate(&self) -> Result<(), String> {
        self.consume
            .iter()
            .try_for_each(|glob| validate_address(glob))
    }

    pub fn allows(&self, permission: Permission<'_>) -> bool {
        match permission {
            Permission::Publish(topic) => matches(&self.publish, topic),
            Permission::Subscribe => !self.subscribe.is_empty(),
            Permission::SubscribeTo(topic) => self.may_see(topic),
            Permission::Consume(group) => self.may_consume(group),
            Permission::Read => self.read || self.admin,
            Permission::Admin => self.admin,
        }
    }

    pub fn may_consume(&self, group: &str) -> bool {
        self.consume.iter().any(|glob| glob_matches(glob, group))
    }

    /// Whether a reader may see an event on `topic`.
    pub fn may_see(&self, topic: &str) -> bool {
        matches(&self.subscribe, topic)
    }

    /// One line for people: `publish order.*; consume billing-*; read`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let list = |name: &str, items: Vec<&str>| format!("{name} {}", items.join(", "));
        if !self.publish.is_empty() {
            parts.push(list(
                "publish",
                self.publish.iter().map(Pattern::as_str).collect(),
            ));
        }
        if !self.subscribe.is_empty() {
            parts.push(list(
                "subscribe",
                self.subscribe.iter().map(Pattern::as_str).collect(),
            ));
        }
        if !self.consume.is_empty() {
            parts.push(list(
                "consume",
                self.consume.iter().map(String::as_str).collect(),
            ));
        }
        if self.read {
            parts.push("read".to_owned());
        }
        if self.admin {
            parts.push("admin".to_owned());
        }
        if parts.is_empty() {
            return "nothing".to_owned();
        }
        parts.join("; ")
    }
}

/// Unlike `pattern::any_matches`, no patterns match nothing.
fn matches(patterns: &[Pattern], topic: &str) -> bool {
    patterns.iter().any(|pattern| pattern.matches(topic))
}

impl Permission<'_> {
    /// What a refusal tells the caller to ask for.
    pub fn missing(&self, token: &str) -> String {
        let what = match self {
            Permission::Publish(topic) => format!("publish on '{topic}'"),
            Permission::Subscribe => "subscribe (to read events)".to_owned(),
            Permission::SubscribeTo(topic) => format!("subscribe on '{topic}'"),
            Permission::Consume(group) => format!("consume group '{group}'"),
            Permission::Read => "read".to_owned(),
            Permission::Admin => "admin".to_owned(),
        };
        format!(
            "token '{token}' may not do this: it lacks {what} (see `evbus auth add --help`; `evbus status` shows what it may do)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_right_allows_its_own_and_nothing_else() {
        let rights = Rights {
            publish: vec!["order.*".parse().unwrap()],
            subscribe: vec!["order.>".parse().unwrap()],
            consume: vec!["billing-*".to_owned()],
            read: false,
            admin: false,
        };
        assert!(rights.allows(Permission::Publish("order.created")));
        assert!(!rights.allows(Permission::Publish("user.created")));
        assert!(rights.allows(Permission::Consume("billing-eu")));
        assert!(!rights.allows(Permission::Consume("shipping")));
        assert!(rights.may_see("order.created.eu"));
        assert!(!rights.may_see("user.created"));
        assert!(!rights.allows(Permission::Read));
        assert!(!rights.allows(Permission::Admin));
        assert_eq!(
            rights.summary(),
            "publish order.*; subscribe order.>; consume billing-*"
        );
        assert!(Rights::full().allows(Permission::Publish("$evbus.anything")));
    }
}
