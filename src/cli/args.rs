//! Value parsers shared by several commands: durations and byte sizes.

use std::time::Duration;

pub fn duration(text: &str) -> Result<Duration, String> {
    crate::api::time::parse_duration(text)
}

/// A rate per second: `100` or `100/s` (fractions allowed: `0.5/s`).
pub fn rate(text: &str) -> Result<f64, String> {
    let number = text.strip_suffix("/s").unwrap_or(text);
    match number.trim().parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!(
            "invalid rate '{text}': use events per second, e.g. 100/s or 0.5/s"
        )),
    }
}

/// `1048576`, `512KiB`, `1MiB`, `10GiB`, `5MB`, `2GB`.
pub fn byte_size(text: &str) -> Result<u64, String> {
    let usage = || format!("invalid size '{text}': use e.g. 1048576, 512KiB, 1MiB, 10GiB or 5GB");
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let amount: u64 = digits.parse().map_err(|_| usage())?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return Err(usage()),
    };
    amount.checked_mul(multiplier).ok_or_else(usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_per_second() {
        assert_eq!(rate("100/s"), Ok(100.0));
        assert_eq!(rate("0.5"), Ok(0.5));
        assert!(rate("0/s").unwrap_err().contains("e.g. 100/s"));
        assert!(rate("fast").is_err());
    }

    #[test]
    fn sizes_take_binary_and_decimal_units() {
        assert_eq!(byte_size("1MiB"), Ok(1 << 20));
        assert_eq!(byte_size("10GiB"), Ok(10 << 30));
        assert_eq!(byte_size("5MB"), Ok(5_000_000));
        assert_eq!(byte_size("42"), Ok(42));
        assert!(byte_size("lots").unwrap_err().contains("use e.g."));
        assert!(byte_size("1.5GiB").is_err());
    }
}
