//! The failed attempts of one delivery, kept as the JSON they are stored as.
//!
//! Most deliveries waiting for a retry are not looked at again before their lease; a
//! million of them parsed into attempts would cost their strings many times over, so
//! the list is parsed only to add to it or to bury the event.

use crate::api::dead_letter::Attempt;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History(Option<Box<str>>);

impl History {
    /// As stored: a JSON array of attempts, or nothing before the first failure.
    pub fn from_json(text: Option<String>) -> Self {
        Self(text.filter(|text| text != "[]").map(String::into_boxed_str))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Every attempt; a list that does not parse (written by hand?) counts as none.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.0
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }

    /// The number of the last attempt recorded.
    pub fn last_attempt(&self) -> Option<u32> {
        self.attempts().last().map(|attempt| attempt.attempt)
    }

    pub fn push(&mut self, attempt: Attempt) {
        let mut attempts = self.attempts();
        attempts.push(attempt);
        let text = serde_json::to_string(&attempts).expect("attempts serialize");
        self.0 = Some(text.into_boxed_str());
    }

    /// As stored; `None` while there is no failed attempt.
    pub fn to_json(&self) -> Option<String> {
        self.0.as_deref().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_go_in_and_come_back_as_json() {
        let mut history = History::from_json(None);
        assert!(history.is_empty());
        history.push(Attempt {
            attempt: 1,
            at: "t".into(),
            member: "m".into(),
            error: "boom".into(),
            round: 0,
        });
        assert_eq!(history.last_attempt(), Some(1));
        let again = History::from_json(history.to_json());
        assert_eq!(again.attempts()[0].error, "boom");
        assert!(History::from_json(Some("[]".into())).is_empty());
    }
}
