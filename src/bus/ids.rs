//! Event ids the bus fills in: ULIDs (time-ordered, 26 characters, Crockford base32),
//! monotonic within a millisecond so ids sort in emit order.

use std::sync::Mutex;

use crate::api::time::now_ms;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static LAST: Mutex<(u64, u128)> = Mutex::new((0, 0));

pub fn new_ulid() -> String {
    let millis = now_ms().max(0) as u64;
    let value = {
        let mut last = LAST.lock().expect("ulid lock poisoned");
        let value = if millis <= last.0 {
            last.1 + 1
        } else {
            (u128::from(millis) << 80) | (fastrand::u128(..) >> 48)
        };
        *last = (millis.max(last.0), value);
        value
    };
    (0..26)
        .map(|index| CROCKFORD[((value >> (125 - index * 5)) & 0x1f) as usize] as char)
        .collect()
}

/// `bytes` as lower-case hex: digests and signatures written as text.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `prefix` and 32 bytes from the system's secure random source, base64url: tokens and
/// signing secrets.
pub fn random_secret(prefix: &str) -> String {
    use base64::Engine as _;
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 32];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system's random source works");
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_are_26_chars_and_increase() {
        let ids: Vec<String> = (0..1_000).map(|_| new_ulid()).collect();
        assert!(ids.iter().all(|id| id.len() == 26));
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
