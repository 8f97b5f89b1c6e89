//! Reading Jira's rate-limit headers: `Retry-After` (delta-seconds or an RFC 9110 IMF-fixdate),
//! `X-RateLimit-Reset` (ISO 8601, `2026-03-26T16:00Z`) and `RateLimit-Reason`.

use crate::http::Response;

/// How long the server asked to wait, in seconds from `now` (Unix seconds): `Retry-After` first (seconds
/// or an HTTP-date), else `X-RateLimit-Reset`. A time already past is 0; an unreadable header is ignored.
pub fn server_wait_seconds(response: &Response, now: u64) -> Option<u64> {
    let until = |at: u64| at.saturating_sub(now);
    let retry_after = response.header_value("retry-after").map(str::trim).and_then(|value| {
        if value.bytes().all(|b| b.is_ascii_digit()) {
            // Absurdly long numbers saturate rather than being ignored.
            Some(value.parse::<u64>().unwrap_or(u64::MAX)).filter(|_| !value.is_empty())
        } else {
            parse_http_date(value).map(until)
        }
    });
    retry_after.or_else(|| response.header_value("x-ratelimit-reset").and_then(parse_iso8601).map(until))
}

/// Which limit a 429 reports (`jira-burst-based`, `jira-per-issue-on-write`, `jira-quota-tenant-based`,
/// `jira-quota-global-based`), lower-cased; Atlassian has sent it under three names.
pub fn rate_limit_reason(response: &Response) -> Option<String> {
    ["ratelimit-reason", "x-ratelimit-reason", "x-beta-ratelimit-reason"]
        .iter()
        .find_map(|name| response.header_value(name))
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as Unix seconds.
pub fn parse_http_date(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [weekday, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const DAYS: [&str; 7] = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if !DAYS.contains(weekday) || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
    let (hour, minute, second) = clock_time(time, true)?;
    unix_seconds(number(year)?, month, number(day)?, hour, minute, second, 0)
}

/// An ISO 8601 date-time with minutes and an offset (`2026-03-26T16:00Z`, `2026-03-26T16:00:05.123+01:00`)
/// as Unix seconds.
pub fn parse_iso8601(text: &str) -> Option<u64> {
    let text = text.trim();
    let (date, rest) = text.split_once(['T', 't'])?;
    let mut fields = date.split('-');
    let (year, month, day) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let zone_at = rest.find(['Z', 'z', '+', '-'])?;
    let (time, zone) = rest.split_at(zone_at);
    let time = time.split_once('.').map_or(
        time,
        |(whole, fraction)| {
            if fraction.bytes().all(|b| b.is_ascii_digit()) {
                whole
            } else {
                ""
            }
        },
    );
    let (hour, minute, second) = clock_time(time, false)?;
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 {
                return None;
            }
            sign * (i64::from(number(&digits[..2])?) * 3600 + i64::from(number(&digits[2..])?) * 60)
        }
    };
    unix_seconds(number(year)?, number(month)?, number(day)?, hour, minute, second, offset)
}

/// `HH:MM:SS` (or `HH:MM` when seconds are optional).
fn clock_time(text: &str, seconds_required: bool) -> Option<(u32, u32, u32)> {
    let fields: Vec<&str> = text.split(':').collect();
    let (h, m, s) = match fields.as_slice() {
        [h, m, s] => (h, m, Some(s)),
        [h, m] if !seconds_required => (h, m, None),
        _ => return None,
    };
    if h.len() != 2 || m.len() != 2 || s.is_some_and(|s| s.len() != 2) {
        return None;
    }
    Some((number(h)?, number(m)?, s.map_or(Some(0), |s| number(s))?))
}

/// Unsigned decimal digits only (no sign, no spaces).
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Unix seconds of a UTC calendar time minus `offset` seconds; None for impossible fields or before 1970.
fn unix_seconds(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32, offset: i64) -> Option<u64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let valid = (1..=12).contains(&month) && day >= 1 && hour < 24 && minute < 60 && second <= 60;
    if !valid || day > month_days[month as usize - 1] {
        return None;
    }
    // Days from the civil calendar (Howard Hinnant's algorithm), with March as the first month of a year.
    let (y, m) = (i64::from(year) - i64::from(month <= 2), i64::from(month));
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second) - offset;
    u64::try_from(seconds).ok()
}
