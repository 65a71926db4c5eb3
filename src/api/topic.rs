//! Topics: dot-separated tokens such as `order.fulfilled`.

use std::fmt;
use std::str::FromStr;

/// Longest topic accepted, in bytes.
pub const MAX_TOPIC_LEN: usize = 255;
/// Prefix of the bus's own system events.
pub const SYSTEM_PREFIX: &str = "$evbus.";

/// A validated topic (a CloudEvents `type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic(String);

impl Topic {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_system(&self) -> bool {
        self.0.starts_with(SYSTEM_PREFIX)
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Topic {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        validate_tokens(text, false)?;
        Ok(Topic(text.to_owned()))
    }
}

/// Checks the token syntax shared by topics and patterns. Wildcards (`*` as a whole token,
/// `>` as the last token) are allowed only when `wildcards` is set.
pub(crate) fn validate_tokens(text: &str, wildcards: bool) -> Result<(), String> {
    let what = if wildcards { "pattern" } else { "topic" };
    if text.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if text.len() > MAX_TOPIC_LEN {
        return Err(format!("the {what} is longer than {MAX_TOPIC_LEN} bytes"));
    }
    let tokens: Vec<&str> = text.split('.').collect();
    for (index, token) in tokens.iter().enumerate() {
        let last = index + 1 == tokens.len();
        match *token {
            "" => {
                return Err(format!(
                    "{what} '{text}' has an empty token (check the dots)"
                ));
            }
            "*" if wildcards => {}
            ">" if wildcards && last => {}
            ">" if wildcards => {
                return Err(format!("'>' must be the last token of pattern '{text}'"));
            }
            _ => {
                let body = if index == 0 {
                    token.strip_prefix('$').unwrap_or(token)
                } else {
                    token
                };
                let valid = !body.is_empty()
                    && body
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !valid {
                    return Err(format!(
                        "{what} '{text}' has an invalid token '{token}': use letters, digits, '-' and '_' between dots{}",
                        if wildcards {
                            ", or the wildcards '*' and '>'"
                        } else {
                            ""
                        }
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_system_topics() {
        for ok in [
            "order",
            "order.created",
            "a-b.c_d.9",
            "$evbus.server.started",
        ] {
            assert!(ok.parse::<Topic>().is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_topics_with_a_reason() {
        for bad in [
            "",
            "order..created",
            ".order",
            "order.",
            "order.*",
            "a b",
            "x.>",
            "a.$b",
        ] {
            let err = bad.parse::<Topic>().unwrap_err();
            assert!(err.contains("topic"), "{bad}: {err}");
        }
        assert!("a".repeat(256).parse::<Topic>().is_err());
    }
}
