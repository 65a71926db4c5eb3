//! Per-topic counts and last-seen times, kept up to date on append and trim so
//! `evbus topics` never scans the log.

use std::collections::HashMap;

use super::TopicStats;

#[derive(Default, Clone)]
pub struct TopicCounts {
    by_topic: HashMap<String, (u64, i64)>,
}

impl TopicCounts {
    pub fn add(&mut self, topic: &str, count: u64, ts_ms: i64) {
        match self.by_topic.get_mut(topic) {
            Some(entry) => {
                entry.0 += count;
                entry.1 = entry.1.max(ts_ms);
            }
            None => {
                self.by_topic.insert(topic.to_owned(), (count, ts_ms));
            }
        }
    }

    /// Takes `count` events of `topic` away; a topic with none left disappears.
    pub fn remove(&mut self, topic: &str, count: u64) {
        if let Some(entry) = self.by_topic.get_mut(topic) {
            entry.0 = entry.0.saturating_sub(count);
            if entry.0 == 0 {
                self.by_topic.remove(topic);
            }
        }
    }

    /// Adds every count of `other` (a batch's counts) to these.
    pub fn merge(&mut self, other: &TopicCounts) {
        for (topic, &(count, ts)) in &other.by_topic {
            self.add(topic, count, ts);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_topic.is_empty()
    }

    pub fn get(&self, topic: &str) -> Option<(u64, i64)> {
        self.by_topic.get(topic).copied()
    }

    /// Sorted by topic name.
    pub fn list(&self) -> Vec<TopicStats> {
        let mut topics: Vec<TopicStats> = self
            .by_topic
            .iter()
            .map(|(topic, &(events, last_ts_ms))| TopicStats {
                topic: topic.clone(),
                events,
                last_ts_ms,
            })
            .collect();
        topics.sort_by(|a, b| a.topic.cmp(&b.topic));
        topics
    }
}
