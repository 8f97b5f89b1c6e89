//! Sprint dates: ISO-8601 as people type it and as Jira sends it, and the clock that says "now".
//!
//! Accepted: `2024-05-01` (midnight UTC), `2024-05-01T09:30`, `2024-05-01T09:30:00`, with optional fractional
//! seconds and an optional zone (`Z`, `+10:00`, `+1000`, `+10`); without a zone the time is taken as UTC.
//! Dates are sent to Jira as `2024-05-01T09:30:00.000Z` (or with the offset that was given).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::site::quoted_preview;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// An instant with the UTC offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Milliseconds since the Unix epoch (UTC).
    pub millis: i64,
    /// The offset from UTC it is shown in, in minutes.
    pub offset_minutes: i32,
}

impl Timestamp {
    /// An instant shown in UTC.
    pub fn utc(millis: i64) -> Self {
        Timestamp { millis, offset_minutes: 0 }
    }

    /// The same offset, `delta` milliseconds later.
    pub fn plus_millis(self, delta: i64) -> Self {
        Timestamp { millis: self.millis.saturating_add(delta), ..self }
    }

    /// The ISO-8601 text Jira's agile API accepts: `2024-05-01T09:30:00.000+10:00`, `Z` for UTC.
    pub fn to_jira(self) -> String {
        let local = self.millis + i64::from(self.offset_minutes) * 60_000;
        let (days, ms_of_day) = (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS));
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
        let (second, milli) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
        let zone = if self.offset_minutes == 0 {
            "Z".to_string()
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let abs = self.offset_minutes.unsigned_abs();
            format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
        };
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}{zone}")
    }
}

/// Parses an ISO-8601 date or date-time; `arg` names the argument in the error.
pub fn parse_timestamp(arg: &str, text: &str) -> Result<Timestamp> {
    let trimmed = text.trim();
    parse(trimmed).ok_or_else(|| {
        Error::invalid_input(format!(
            "`{arg}` must be an ISO-8601 date like 2024-05-01 or a date-time like 2024-05-01T09:00:00+02:00, got {}",
            quoted_preview(text)
        ))
    })
}

/// Both dates of a sprint, checked so that the end comes after the start.
pub fn check_order(start: &Timestamp, end: &Timestamp) -> Result<()> {
    if end.millis <= start.millis {
        return Err(Error::invalid_input(format!(
            "the end date ({}) must be after the start date ({})",
            end.to_jira(),
            start.to_jira()
        )));
    }
    Ok(())
}

fn parse(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = bytes.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date_ms = days_from_civil(year, month, day) * DAY_MS;
    if bytes.len() == 10 {
        return Some(Timestamp::utc(date_ms));
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(11, 2)?, digits(14, 2)?);
    let mut at = 16;
    let mut second = 0;
    let mut millis = 0;
    if bytes.get(at) == Some(&b':') {
        second = digits(at + 1, 2)?;
        at += 3;
        if matches!(bytes.get(at), Some(b'.' | b',')) {
            let fraction_len = bytes[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if fraction_len == 0 || fraction_len > 9 {
                return None;
            }
            let first_three = format!("{:0<3}", &text[at + 1..at + 1 + fraction_len.min(3)]);
            millis = first_three.parse::<i64>().ok()?;
            at += 1 + fraction_len;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset_minutes = parse_zone(&text[at..])?;
    let local = date_ms + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
    Some(Timestamp { millis: local - i64::from(offset_minutes) * 60_000, offset_minutes })
}

/// `""` and `Z` are UTC; `+HH:MM`, `+HHMM` and `+HH` (or `-`) are offsets up to 18 hours.
fn parse_zone(zone: &str) -> Option<i32> {
    if zone.is_empty() || zone == "Z" || zone == "z" {
        return Some(0);
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let rest = rest.replacen(':', "", usize::from(rest.len() == 5));
    if !(rest.len() == 2 || rest.len() == 4) || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = rest[..2].parse().ok()?;
    let minutes: i32 = if rest.len() == 4 { rest[2..].parse().ok()? } else { 0 };
    (hours <= 18 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's proleptic Gregorian calendar algorithms (public domain).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * shifted_month + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Says what time it is; injectable so that sprint defaults are deterministic in tests.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;
}

/// The system clock (WASI `wall-clock` in the component).
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock stopped at one instant.
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jira(text: &str) -> String {
        parse_timestamp("start_date", text).expect(text).to_jira()
    }

    #[test]
    fn dates_and_date_times_are_normalised_for_jira() {
        assert_eq!(jira("2024-05-01"), "2024-05-01T00:00:00.000Z");
        assert_eq!(jira("2024-05-01T09:30"), "2024-05-01T09:30:00.000Z");
        assert_eq!(jira(" 2024-05-01T09:30:15Z "), "2024-05-01T09:30:15.000Z");
        assert_eq!(jira("2015-04-11T15:22:00.000+10:00"), "2015-04-11T15:22:00.000+10:00");
        assert_eq!(jira("2024-01-15T10:30:00.000+0000"), "2024-01-15T10:30:00.000Z");
        assert_eq!(jira("2016-04-11T07:29:03.294-07:00"), "2016-04-11T07:29:03.294-07:00");
        assert_eq!(jira("2020-11-15T05:39:24.463123Z"), "2020-11-15T05:39:24.463Z");
        assert_eq!(jira("2024-02-29 23:59:59+05"), "2024-02-29T23:59:59.000+05:00");
    }

    #[test]
    fn offsets_give_the_same_instant() {
        let a = parse_timestamp("d", "2015-04-11T15:22:00.000+10:00").expect("a");
        let b = parse_timestamp("d", "2015-04-11T05:22:00Z").expect("b");
        assert_eq!(a.millis, b.millis);
        assert_eq!(a.plus_millis(14 * DAY_MS).to_jira(), "2015-04-25T15:22:00.000+10:00");
    }

    #[test]
    fn malformed_dates_are_invalid_input_naming_the_argument() {
        for bad in [
            "",
            "tomorrow",
            "2024-13-01",
            "2023-02-29",
            "2024-04-31",
            "2024-5-1",
            "2024-05-01T25:00",
            "2024-05-01T09",
            "2024-05-01T09:00:00+25:00",
            "2024-05-01T09:00:00.Z",
            "2024-05-01T09:00:00 UTC",
            "1714550400",
        ] {
            let err = parse_timestamp("end_date", bad).expect_err(bad);
            assert!(err.message.starts_with("`end_date` must be an ISO-8601 date"), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn the_end_must_come_after_the_start() {
        let start = parse_timestamp("s", "2024-05-01").expect("s");
        assert!(check_order(&start, &start.plus_millis(1)).is_ok());
        let err = check_order(&start, &start).expect_err("same instant");
        assert!(err.message.contains("must be after the start date"), "{}", err.message);
    }

    #[test]
    fn the_unix_epoch_round_trips() {
        assert_eq!(Timestamp::utc(0).to_jira(), "1970-01-01T00:00:00.000Z");
        assert_eq!(parse_timestamp("d", "1970-01-01").expect("epoch").millis, 0);
        assert!(SystemClock.now_millis() > 1_700_000_000_000);
        assert_eq!(FixedClock(5).now_millis(), 5);
    }
}
