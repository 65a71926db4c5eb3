//! Topic patterns: `*` matches exactly one token, a final `>` matches one or more.

use std::fmt;
use std::str::FromStr;

use super::topic::{SYSTEM_PREFIX, validate_tokens};

/// A validated subscription pattern such as `order.*` or `order.>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pattern(String);

impl TryFrom<String> for Pattern {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<Pattern> for String {
    fn from(pattern: Pattern) -> String {
        pattern.0
    }
}

impl Pattern {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `topic` matches. System topics (`$evbus.…`) match only patterns that name
    /// them explicitly, so `>` never mixes the bus's own events into a user's stream.
    pub fn matches(&self, topic: &str) -> bool {
        if topic.starts_with(SYSTEM_PREFIX) && !self.0.starts_with('$') {
            return false;
        }
        let mut topic_tokens = topic.split('.');
        for pattern_token in self.0.split('.') {
            match (pattern_token, topic_tokens.next()) {
                (">", Some(_)) => return true,
                ("*", Some(_)) => {}
                (literal, Some(token)) if literal == token => {}
                _ => return false,
            }
        }
        topic_tokens.next().is_none()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Pattern {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        validate_tokens(text, true)?;
        Ok(Pattern(text.to_owned()))
    }
}

/// True when any of `patterns` matches; an empty list matches every non-system topic.
pub fn any_matches(patterns: &[Pattern], topic: &str) -> bool {
    if patterns.is_empty() {
        return !topic.starts_with(SYSTEM_PREFIX);
    }
    patterns.iter().any(|pattern| pattern.matches(topic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        text.parse().unwrap()
    }

    #[test]
    fn star_matches_one_token() {
        assert!(pattern("order.*").matches("order.created"));
        assert!(!pattern("order.*").matches("order"));
        assert!(!pattern("order.*").matches("order.created.eu"));
        assert!(pattern("*.created").matches("user.created"));
    }

    #[test]
    fn gt_matches_the_rest() {
        assert!(pattern("order.>").matches("order.created"));
        assert!(pattern("order.>").matches("order.created.eu"));
        assert!(!pattern("order.>").matches("order"));
        assert!(pattern(">").matches("anything.at.all"));
    }

    #[test]
    fn literals_match_exactly() {
        assert!(pattern("order.created").matches("order.created"));
        assert!(!pattern("order.created").matches("order.createdx"));
    }

    #[test]
    fn system_topics_need_an_explicit_pattern() {
        assert!(!pattern(">").matches("$evbus.server.started"));
        assert!(!pattern("*.server.started").matches("$evbus.server.started"));
        assert!(pattern("$evbus.>").matches("$evbus.server.started"));
        assert!(!any_matches(&[], "$evbus.health"));
        assert!(any_matches(&[], "order.created"));
    }

    #[test]
    fn rejects_misplaced_wildcards() {
        assert!("order.>.x".parse::<Pattern>().is_err());
        assert!("order.a*".parse::<Pattern>().is_err());
    }
}
