//! Durations (`500ms`, `10s`, `10m`, `2h`, `7d`, `1h30m`) and RFC 3339 timestamps, as users
//! type them on the command line and in query strings.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parses a duration such as `10m` or `1h30m`. A bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let usage = || format!("invalid duration '{text}': use e.g. 500ms, 10s, 5m, 2h, 7d or 1h30m");
    let text = text.trim();
    if text.is_empty() {
        return Err(usage());
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(usage)?;
        if digits == 0 {
            return Err(usage());
        }
        let amount: u64 = rest[..digits].parse().map_err(|_| usage())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let millis_per_unit: u64 = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(usage()),
        };
        rest = &rest[unit_len..];
        let millis = amount.checked_mul(millis_per_unit).ok_or_else(usage)?;
        total = total
            .checked_add(Duration::from_millis(millis))
            .ok_or_else(usage)?;
    }
    Ok(total)
}

/// Parses an RFC 3339 timestamp (any offset) into milliseconds since the Unix epoch.
pub fn parse_rfc3339_ms(text: &str) -> Result<i64, String> {
    text.parse::<jiff::Timestamp>()
        .map(|ts| ts.as_millisecond())
        .map_err(|_| format!("invalid time '{text}': use RFC 3339, e.g. 2026-11-26T18:00:00Z"))
}

/// `--since` accepts a duration back from now or an RFC 3339 time; returns epoch ms.
pub fn parse_since_ms(text: &str) -> Result<i64, String> {
    if let Ok(duration) = parse_duration(text) {
        return Ok(now_ms() - duration.as_millis() as i64);
    }
    parse_rfc3339_ms(text).map_err(|_| {
        format!("invalid --since '{text}': use a duration (10m, 2h, 7d) or an RFC 3339 time")
    })
}

/// Formats epoch milliseconds as RFC 3339 in UTC.
pub fn format_rfc3339_ms(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .map(|ts| ts.to_string())
        .unwrap_or_else(|_| millis.to_string())
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

/// A duration in the syntax `parse_duration` reads back exactly: `90s` → `90s`, `5m`, `250ms`.
pub fn format_duration_exact(duration: Duration) -> String {
    let millis = duration.as_millis() as u64;
    let units = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
    ];
    match units
        .iter()
        .find(|(size, _)| millis > 0 && millis.is_multiple_of(*size))
    {
        Some((size, unit)) => format!("{}{unit}", millis / size),
        None => format!("{millis}ms"),
    }
}

/// A duration as people read it: `1.5s`, `250ms`, `3m`, `2h`, `4d`.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    match secs {
        s if s < 1.0 => format!("{}ms", duration.as_millis()),
        s if s < 60.0 => format!("{s:.1}s"),
        s if s < 3_600.0 => format!("{}m", (s / 60.0) as u64),
        s if s < 86_400.0 => format!("{}h", (s / 3_600.0) as u64),
        s => format!("{}d", (s / 86_400.0) as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_compounds() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(604_800)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
    }

    #[test]
    fn rejects_unknown_units_with_the_expected_form() {
        for bad in ["", "10x", "m", "1.5s", "-3s"] {
            assert!(
                parse_duration(bad).unwrap_err().contains("use e.g."),
                "{bad}"
            );
        }
    }

    #[test]
    fn exact_durations_read_back() {
        for text in ["250ms", "90s", "5m", "2h", "7d", "1500ms", "0ms"] {
            let duration = parse_duration(text).unwrap();
            assert_eq!(format_duration_exact(duration), text);
        }
    }

    #[test]
    fn parses_rfc3339_with_offsets() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01Z"), Ok(1_000));
        assert_eq!(parse_rfc3339_ms("1970-01-01T01:00:01+01:00"), Ok(1_000));
        assert!(parse_rfc3339_ms("yesterday").is_err());
    }
}
