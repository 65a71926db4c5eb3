//! Retry delays and the clock leases run on.

use std::time::Duration;

use crate::api::group::Backoff;

/// The delay before the retry that follows failed attempt `attempt` (1-based): full jitter
/// over `[min, cap]`, where the cap doubles per attempt from `min` up to `max`.
pub fn retry_delay(backoff: Backoff, attempt: u32) -> Duration {
    let cap = cap(backoff, attempt);
    let spread = (cap - backoff.min).as_millis() as u64;
    backoff.min + Duration::from_millis(fastrand::u64(0..=spread))
}

/// The largest delay `retry_delay` may choose after attempt `attempt`.
pub fn cap(backoff: Backoff, attempt: u32) -> Duration {
    let doublings = attempt.saturating_sub(1).min(32);
    backoff
        .min
        .checked_mul(1u32 << doublings.min(31))
        .unwrap_or(backoff.max)
        .min(backoff.max)
}

/// Wall-clock milliseconds that advance with tokio's clock: leases and retries are stored
/// as wall-clock times (they must survive a restart), yet tests can pause and advance time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    base_ms: i64,
    base: tokio::time::Instant,
}

impl Clock {
    pub fn new() -> Self {
        Self {
            base_ms: crate::api::time::now_ms(),
            base: tokio::time::Instant::now(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.base_ms + self.base.elapsed().as_millis() as i64
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff(min_ms: u64, max_ms: u64) -> Backoff {
        Backoff {
            min: Duration::from_millis(min_ms),
            max: Duration::from_millis(max_ms),
        }
    }

    #[test]
    fn the_cap_doubles_from_min_to_max() {
        let policy = backoff(100, 1_000);
        let caps: Vec<u128> = (1..=6).map(|n| cap(policy, n).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 800, 1_000, 1_000]);
        assert_eq!(cap(policy, 1_000), Duration::from_millis(1_000));
    }

    #[test]
    fn delays_stay_between_min_and_the_cap_and_spread_out() {
        let policy = backoff(100, 10_000);
        for attempt in 1..=8 {
            let delays: Vec<Duration> = (0..200).map(|_| retry_delay(policy, attempt)).collect();
            assert!(
                delays
                    .iter()
                    .all(|d| *d >= policy.min && *d <= cap(policy, attempt))
            );
            if attempt > 2 {
                let distinct: std::collections::HashSet<_> = delays.iter().collect();
                assert!(distinct.len() > 10, "jitter must spread retries out");
            }
        }
        assert_eq!(retry_delay(policy, 1), policy.min);
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_follows_tokio_time() {
        let clock = Clock::new();
        let start = clock.now_ms();
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(clock.now_ms() - start, 30_000);
    }
}
