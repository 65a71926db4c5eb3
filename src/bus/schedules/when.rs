//! When a schedule fires: once at a time, every so long, or on a five-field cron
//! expression in a time zone. Checked when a schedule is made, so a bad one is refused
//! before anything is stored.

use std::str::FromStr;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::api::time::{format_duration_exact, parse_duration, parse_rfc3339_ms};

/// The shortest `every`.
const MIN_EVERY: Duration = Duration::from_millis(100);

/// How a schedule repeats.
#[derive(Debug, Clone)]
pub enum Repeat {
    Once,
    Every(Duration),
    Cron(Box<Cron>),
}

/// A parsed cron expression with its zone, and the text they came from.
#[derive(Debug, Clone)]
pub struct Cron {
    pub text: String,
    pub zone_name: String,
    schedule: jiff_cron::Schedule,
    zone: TimeZone,
}

impl Cron {
    /// Five fields, `minute hour day-of-month month day-of-week` (days of the week 0-7
    /// from Sunday, or names), in `zone` (an IANA name; default UTC).
    pub fn parse(text: &str, zone: Option<&str>) -> Result<Self, String> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        let expected = "expected five fields, minute hour day-of-month month day-of-week, e.g. --cron '*/5 * * * *' or '0 9 * * mon-fri'";
        if fields.len() != 5 {
            return Err(format!("cron '{text}': {expected}"));
        }
        let weekdays = weekday_names(fields[4]);
        let full = format!(
            "0 {} {} {} {} {weekdays}",
            fields[0], fields[1], fields[2], fields[3]
        );
        let schedule = jiff_cron::Schedule::from_str(&full)
            .map_err(|err| format!("cron '{text}': {err}; {expected}"))?;
        let zone_name = zone.unwrap_or("UTC").to_owned();
        let zone = TimeZone::get(&zone_name).map_err(|_| {
            format!("time zone '{zone_name}': not an IANA zone name (e.g. UTC, Europe/Paris, America/New_York)")
        })?;
        Ok(Self {
            text: fields.join(" "),
            zone_name,
            schedule,
            zone,
        })
    }

    /// The first time after `after_ms` the expression names.
    pub fn next_after(&self, after_ms: i64) -> Option<i64> {
        let after = Timestamp::from_millisecond(after_ms)
            .ok()?
            .to_zoned(self.zone.clone());
        let next = self.schedule.after(after).next()?;
        Some(next.timestamp().as_millisecond())
    }
}

/// Unix cron counts days of the week from 0 (Sunday, also 7); the parser counts from 1:
/// numbers become names, which both read alike.
fn weekday_names(field: &str) -> String {
    const NAMES: [&str; 8] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let name = |text: &str| match text.parse::<usize>() {
        Ok(day) if day < NAMES.len() => NAMES[day].to_owned(),
        _ => text.to_owned(),
    };
    field
        .split(',')
        .map(|item| {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            let range = match range.split_once('-') {
                // A range ending on Sunday as 7: up to Saturday, and Sunday.
                Some((from, "7")) => format!("{}-Sat,Sun", name(from)),
                Some((from, to)) => format!("{}-{}", name(from), name(to)),
                None => name(range),
            };
            match step {
                Some(step) => format!("{range}/{step}"),
                None => range,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// What a schedule spec says of its timing, checked against `now_ms`: the first due
/// time and how it repeats.
pub fn first_due(
    at: Option<&str>,
    after: Option<&str>,
    every: Option<&str>,
    cron: Option<&str>,
    tz: Option<&str>,
    now_ms: i64,
) -> Result<(i64, Repeat), String> {
    let given = [at, after, every, cron]
        .iter()
        .filter(|when| when.is_some())
        .count();
    if given != 1 {
        return Err(
            "say when, with exactly one of: in (a duration, 10m), at (an RFC 3339 time), every (a duration), cron (five fields)"
                .into(),
        );
    }
    if tz.is_some() && cron.is_none() {
        return Err("tz is for cron: an RFC 3339 time carries its own offset".into());
    }
    if let Some(at) = at {
        let due = parse_rfc3339_ms(at).map_err(|err| format!("at '{at}': {err}"))?;
        if due <= now_ms {
            return Err(format!(
                "at '{at}' is in the past: give a future time, e.g. 2030-01-01T09:00:00Z"
            ));
        }
        return Ok((due, Repeat::Once));
    }
    if let Some(after) = after {
        let delay = positive(after, "in")?;
        return Ok((now_ms + delay.as_millis() as i64, Repeat::Once));
    }
    if let Some(every) = every {
        let period = positive(every, "every")?;
        if period < MIN_EVERY {
            return Err(format!(
                "every '{every}': at least {}",
                format_duration_exact(MIN_EVERY)
            ));
        }
        return Ok((now_ms + period.as_millis() as i64, Repeat::Every(period)));
    }
    let cron = Cron::parse(cron.expect("one was given"), tz)?;
    let due = cron
        .next_after(now_ms)
        .ok_or_else(|| format!("cron '{}' never comes due", cron.text))?;
    Ok((due, Repeat::Cron(Box::new(cron))))
}

fn positive(text: &str, what: &str) -> Result<Duration, String> {
    match parse_duration(text) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err(format!(
            "{what} '{text}': expected a duration above zero, e.g. 30s, 10m, 1h30m"
        )),
    }
}

impl Repeat {
    /// The due time after `due`, for a firing at `now_ms` (one that came due while the
    /// bus was down fires once, late; the next keeps to the schedule's times).
    pub fn next(&self, due: i64, now_ms: i64) -> Option<i64> {
        match self {
            Repeat::Once => None,
            Repeat::Every(period) => {
                let period = (period.as_millis() as i64).max(1);
                let missed = (now_ms - due).max(0) / period;
                Some(due + (missed + 1) * period)
            }
            Repeat::Cron(cron) => cron.next_after(due.max(now_ms)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000; // 2027-01-15T08:00:00Z, a Friday

    #[test]
    fn cron_reads_five_fields_with_unix_weekdays_in_a_zone() {
        let weekdays = Cron::parse("0 9 * * 1-5", None).unwrap();
        let next = weekdays.next_after(NOW).unwrap();
        assert_eq!(
            crate::api::time::format_rfc3339_ms(next),
            "2027-01-15T09:00:00Z"
        );
        let sunday = Cron::parse("30 6 * * 0", Some("Europe/Paris")).unwrap();
        let next = sunday.next_after(NOW).unwrap();
        // 06:30 in Paris in winter is 05:30 UTC, on Sunday the 17th.
        assert_eq!(
            crate::api::time::format_rfc3339_ms(next),
            "2027-01-17T05:30:00Z"
        );
        assert_eq!(weekday_names("5-7"), "Fri-Sat,Sun");
        assert_eq!(weekday_names("*/2"), "*/2");
    }

    #[test]
    fn bad_timings_are_refused_with_the_expected_form() {
        let bad =
            |at, after, every, cron, tz| first_due(at, after, every, cron, tz, NOW).unwrap_err();
        assert!(bad(None, Some("0s"), None, None, None).contains("above zero"));
        assert!(bad(None, Some("-5s"), None, None, None).contains("above zero"));
        assert!(bad(Some("2020-01-01T00:00:00Z"), None, None, None, None).contains("in the past"));
        assert!(bad(None, None, None, Some("* * *"), None).contains("five fields"));
        assert!(bad(None, None, None, Some("61 * * * *"), None).contains("five fields"));
        assert!(bad(None, None, Some("1s"), None, Some("UTC")).contains("tz is for cron"));
        assert!(
            bad(Some("2030-01-01T00:00:00Z"), None, Some("1s"), None, None).contains("exactly one")
        );
        assert!(bad(None, None, None, Some("* * * * *"), Some("Mars/Olympus")).contains("IANA"));
    }

    #[test]
    fn a_repeat_that_came_due_while_down_fires_once_then_keeps_its_times() {
        let every = Repeat::Every(Duration::from_secs(10));
        assert_eq!(every.next(NOW, NOW), Some(NOW + 10_000));
        assert_eq!(every.next(NOW, NOW + 35_000), Some(NOW + 40_000));
        assert_eq!(Repeat::Once.next(NOW, NOW), None);
    }
}
