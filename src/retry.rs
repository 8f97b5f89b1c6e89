//! The one retry policy for requests sent with credentials: when to try again, how long to wait, and when
//! to give up and say why.
//!
//! - **429** means Jira did not process the request, so any request (a creating POST too) may be sent again.
//!   `RateLimit-Reason: jira-quota-*` (the hourly points quota) will not clear within a call: fail fast with
//!   the reset time. Burst and per-issue write limits (or no reason) are retried.
//! - **502/503/504, timeouts and failed connections** may or may not have been processed: retried only for
//!   idempotent requests (see [`is_idempotent`]); a POST that creates is never sent twice.
//! - **Waits** honour `Retry-After` (delta-seconds or an HTTP-date) and `X-RateLimit-Reset` (ISO 8601), and
//!   are never shorter than [`MIN_WAIT_MS`] (so `Retry-After: 0` is not a hot loop); otherwise exponential
//!   backoff with full jitter between [`MIN_WAIT_MS`] and a ceiling that doubles per retry.
//! - **Bounds**: `options.max_retries` retries and `options.max_retry_wait_seconds` of waiting per request.
//!   A wait the server asks for that does not fit in what is left is not waited: the error says so.

mod headers;

use std::cell::Cell;
use std::time::Duration;

use crate::config::Options;
use crate::error::{error_from_response_at, Error, Result};
use crate::http::{Method, Request, Response, TransportError};

pub use headers::{parse_http_date, parse_iso8601, rate_limit_reason, server_wait_seconds};

/// The shortest wait before any retry, also for `Retry-After: 0`.
pub const MIN_WAIT_MS: u64 = 1_000;
/// The backoff ceiling of the first retry; it doubles with each retry.
const BACKOFF_BASE_MS: u64 = 1_000;
/// The largest backoff ceiling.
const BACKOFF_CAP_MS: u64 = 30_000;

/// POST endpoints that only read (searches and bulk fetches): safe to send again after a 5xx or a timeout.
const READ_ONLY_POSTS: [&str; 5] = [
    "/rest/api/3/search/jql",
    "/rest/api/3/search/approximate-count",
    "/rest/api/3/issue/bulkfetch",
    "/rest/api/3/changelog/bulkfetch",
    "/rest/api/3/user/bulk",
];

/// True when sending the request twice has the effect of sending it once: GET, PUT, DELETE, and the POSTs
/// of [`READ_ONLY_POSTS`] (matched on the URL path, also under the gateway's `/ex/jira/<cloudId>` prefix).
pub fn is_idempotent(request: &Request) -> bool {
    match request.method {
        Method::Get | Method::Put | Method::Delete => true,
        Method::Patch => false,
        Method::Post => {
            let path = request.url.split(['?', '#']).next().unwrap_or("");
            READ_ONLY_POSTS.iter().any(|p| path.ends_with(p))
        }
    }
}

/// The bounds of retrying one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub max_retries: u32,
    pub max_wait_ms: u64,
}

impl Policy {
    /// The bounds the configuration's `options` set.
    pub fn from_options(options: &Options) -> Self {
        Policy { max_retries: options.max_retries, max_wait_ms: u64::from(options.max_retry_wait_seconds) * 1000 }
    }
}

/// What happened during the last call: retries, waiting, and Jira's rate-limit signals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallStats {
    /// Requests sent again after a rate limit or a transient failure.
    pub retries: u32,
    /// Time spent waiting between attempts, in milliseconds.
    pub waited_ms: u64,
    /// Jira said `X-RateLimit-NearLimit: true` on some response: slow down.
    pub near_limit: bool,
    /// The last `X-RateLimit-Remaining` Jira sent.
    pub rate_limit_remaining: Option<u32>,
}

impl CallStats {
    /// Records the rate-limit headers of a response.
    pub fn observe(&mut self, response: &Response) {
        let near = ["x-ratelimit-nearlimit", "x-beta-ratelimit-nearlimit"]
            .iter()
            .filter_map(|name| response.header_value(name))
            .any(|v| v.trim().eq_ignore_ascii_case("true"));
        self.near_limit |= near;
        if let Some(remaining) = response.header_value("x-ratelimit-remaining").and_then(|v| v.trim().parse().ok()) {
            self.rate_limit_remaining = Some(remaining);
        }
    }
}

/// A small PRNG (xorshift64*) for jitter: retries of many clients must not line up, and tests must be
/// repeatable, so it is seeded from the clock by default and from a fixed seed in tests.
pub struct Jitter(Cell<u64>);

impl Jitter {
    /// A generator from a seed (any value; zero is replaced).
    pub fn new(seed: u64) -> Self {
        Jitter(Cell::new(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed }))
    }

    /// A generator seeded from the wall clock's nanoseconds.
    pub fn from_clock() -> Self {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        Jitter::new(nanos)
    }

    /// A value in `low..=high` (`low` when `high <= low`).
    pub fn between(&self, low: u64, high: u64) -> u64 {
        let mut x = self.0.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0.set(x);
        let span = high.saturating_sub(low);
        if span == 0 {
            return low;
        }
        low + x.wrapping_mul(0x2545_F491_4F6C_DD1D) % (span + 1)
    }
}

/// How the client waits between attempts.
pub type Sleeper = Box<dyn Fn(Duration)>;

/// Really sleeping (on wasm32-wasip2 through `wasi:clocks/monotonic-clock`); unit tests never sleep.
pub fn default_sleeper() -> Sleeper {
    if cfg!(test) {
        Box::new(|_| {})
    } else {
        Box::new(std::thread::sleep)
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Hand the outcome to the caller as it is.
    Done,
    /// Wait this many milliseconds, then send again.
    Wait(u64),
    /// Stop: the reason goes into the error, with the server's wait (seconds) when known.
    GiveUp { reason: String, retry_after: Option<u64> },
}

/// Sends one request under the policy, with the client's sleeper, clock and jitter.
pub struct Retrier<'a> {
    pub policy: Policy,
    pub sleep: &'a dyn Fn(Duration),
    /// Unix seconds.
    pub now: &'a dyn Fn() -> u64,
    pub jitter: &'a Jitter,
}

impl Retrier<'_> {
    /// Sends `request` with `send` until it gets an answer that is not retried. Ok is any HTTP answer for
    /// the caller's status mapping; Err is a transport error, or the error of a retry that was given up.
    pub fn send(
        &self,
        request: Request,
        context: &str,
        stats: &mut CallStats,
        send: impl Fn(Request) -> Result<Response, TransportError>,
    ) -> Result<Response> {
        let idempotent = is_idempotent(&request);
        loop {
            let outcome = send(request.clone());
            if let Ok(response) = &outcome {
                stats.observe(response);
            }
            match self.verdict(&outcome, idempotent, stats) {
                Verdict::Done => return outcome.map_err(|e| Error::transport(context, &e)),
                Verdict::Wait(ms) => {
                    (self.sleep)(Duration::from_millis(ms));
                    stats.retries += 1;
                    stats.waited_ms += ms;
                }
                Verdict::GiveUp { reason, retry_after } => {
                    let mut error = match &outcome {
                        Ok(response) => error_from_response_at(response, context, (self.now)()),
                        Err(e) => Error::transport(context, e),
                    };
                    error.message.push_str(&format!(": {reason}"));
                    if let Some(seconds) = retry_after {
                        error.retry_after_seconds = Some(u32::try_from(seconds).unwrap_or(u32::MAX));
                    }
                    return Err(error);
                }
            }
        }
    }

    /// The decision after one attempt, given what the call already spent.
    pub fn verdict(&self, outcome: &Result<Response, TransportError>, idempotent: bool, stats: &CallStats) -> Verdict {
        let now = (self.now)();
        let server_wait = match outcome {
            Ok(r) if r.status == 429 => {
                let wait = server_wait_seconds(r, now);
                if let Some(quota) = rate_limit_reason(r).filter(|reason| reason.starts_with("jira-quota-")) {
                    return Verdict::GiveUp { reason: quota_reason(&quota, r, wait), retry_after: wait };
                }
                wait
            }
            Ok(r) if matches!(r.status, 502..=504) && idempotent => server_wait_seconds(r, now),
            Err(TransportError::Timeout | TransportError::ConnectionFailed(_)) if idempotent => None,
            _ => return Verdict::Done,
        };
        let spent = || format!("{} retries and {} of waiting", stats.retries, seconds_text(stats.waited_ms));
        if stats.retries >= self.policy.max_retries {
            if stats.retries == 0 {
                return Verdict::Done;
            }
            return Verdict::GiveUp { reason: format!("gave up after {}", spent()), retry_after: server_wait };
        }
        let left = self.policy.max_wait_ms.saturating_sub(stats.waited_ms);
        let asked = server_wait.map_or(0, |s| s.saturating_mul(1000)).max(MIN_WAIT_MS);
        if asked > left {
            let reason = match server_wait {
                Some(s) => format!(
                    "Jira asked to wait {s} s, more than the {} left of options.max_retry_wait_seconds; not waiting \
                     (gave up after {})",
                    seconds_text(left),
                    spent()
                ),
                None => format!("gave up after {} (options.max_retry_wait_seconds is used up)", spent()),
            };
            return Verdict::GiveUp { reason, retry_after: server_wait };
        }
        let ceiling = BACKOFF_BASE_MS.saturating_mul(1 << stats.retries.min(16)).min(BACKOFF_CAP_MS);
        let backoff = self.jitter.between(MIN_WAIT_MS, ceiling);
        Verdict::Wait(asked.max(backoff).min(left))
    }
}

/// Why a quota 429 is not retried, with the reset time when Jira gave it.
fn quota_reason(quota: &str, response: &Response, wait: Option<u64>) -> String {
    let reset: String = response
        .header_value("x-ratelimit-reset")
        .map(|v| v.chars().filter(|c| c.is_ascii_graphic()).take(40).collect())
        .unwrap_or_default();
    let when = match (reset.is_empty(), wait) {
        (false, Some(s)) => format!("; it resets at {reset} (in {s} s)"),
        (false, None) => format!("; it resets at {reset}"),
        (true, Some(s)) => format!("; it resets in {s} s"),
        (true, None) => String::new(),
    };
    format!("the {quota} quota is used up{when}; not retrying")
}

/// `1.5 s`.
fn seconds_text(ms: u64) -> String {
    format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
}

#[cfg(test)]
mod tests;
