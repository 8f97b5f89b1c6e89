//! Tests of the retry policy with a scripted sender, a recording sleeper and a fixed clock and seed.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::*;
use crate::error::ErrorKind;

/// 2026-03-26T16:00:00Z.
const NOW: u64 = 1_774_540_800;

struct Harness {
    answers: RefCell<VecDeque<Result<Response, TransportError>>>,
    sent: RefCell<Vec<Request>>,
    slept: RefCell<Vec<u64>>,
    jitter: Jitter,
    policy: Policy,
}

impl Harness {
    fn new(answers: Vec<Result<Response, TransportError>>) -> Self {
        Harness {
            answers: RefCell::new(answers.into()),
            sent: RefCell::default(),
            slept: RefCell::default(),
            jitter: Jitter::new(7),
            policy: Policy { max_retries: 3, max_wait_ms: 60_000 },
        }
    }

    fn with_policy(mut self, max_retries: u32, max_wait_seconds: u64) -> Self {
        self.policy = Policy { max_retries, max_wait_ms: max_wait_seconds * 1000 };
        self
    }

    fn run(&self, request: Request) -> (Result<Response>, CallStats) {
        let sleep = |d: Duration| self.slept.borrow_mut().push(d.as_millis() as u64);
        let now = || NOW;
        let retrier = Retrier { policy: self.policy, sleep: &sleep, now: &now, jitter: &self.jitter };
        let mut stats = CallStats::default();
        let outcome = retrier.send(request, "get issue", &mut stats, |r| {
            self.sent.borrow_mut().push(r);
            self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(TransportError::Other("no answer".into())))
        });
        (outcome, stats)
    }

    fn slept(&self) -> Vec<u64> {
        self.slept.borrow().clone()
    }
}

fn get() -> Request {
    Request::new(Method::Get, "https://acme.atlassian.net/rest/api/3/issue/ACME-1")
}

fn create() -> Request {
    Request::new(Method::Post, "https://acme.atlassian.net/rest/api/3/issue")
}

fn ok() -> Result<Response, TransportError> {
    Ok(Response::new(200, "{}"))
}

fn status(code: u16, headers: &[(&str, &str)]) -> Result<Response, TransportError> {
    Ok(headers.iter().fold(Response::new(code, ""), |r, (n, v)| r.with_header(n, v)))
}

#[test]
fn retry_after_is_read_as_seconds_or_an_http_date() {
    let wait = |value: &str| server_wait_seconds(&Response::new(429, "").with_header("Retry-After", value), NOW);
    assert_eq!(wait("17"), Some(17));
    assert_eq!(wait(" 0 "), Some(0));
    assert_eq!(wait("Thu, 26 Mar 2026 16:01:30 GMT"), Some(90));
    assert_eq!(wait("Thu, 26 Mar 2026 15:00:00 GMT"), Some(0), "a date in the past means now");
    for bad in ["soon", "-5", "1.5", "Thu, 26 Mar 2026 16:01:30 UTC", "26 Mar 2026 16:01:30 GMT", ""] {
        assert_eq!(wait(bad), None, "{bad}");
    }
    assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
    assert_eq!(parse_http_date("Sun, 30 Feb 1994 08:49:37 GMT"), None);
}

#[test]
fn rate_limit_reset_is_read_as_iso_8601() {
    assert_eq!(parse_iso8601("2026-03-26T16:00Z"), Some(NOW));
    assert_eq!(parse_iso8601("2026-03-26T16:00:05.123Z"), Some(NOW + 5));
    assert_eq!(parse_iso8601("2026-03-26T17:00+01:00"), Some(NOW));
    assert_eq!(parse_iso8601("2026-03-26T15:30-0030"), Some(NOW));
    for bad in ["2026-03-26", "2026-13-01T00:00Z", "2026-03-26T16:00", "26-03-2026T16:00Z", "2026-03-26T16:0xZ"] {
        assert_eq!(parse_iso8601(bad), None, "{bad}");
    }
    let reset = Response::new(429, "").with_header("X-RateLimit-Reset", "2026-03-26T16:02Z");
    assert_eq!(server_wait_seconds(&reset, NOW), Some(120));
    let both = reset.with_header("Retry-After", "3");
    assert_eq!(server_wait_seconds(&both, NOW), Some(3), "Retry-After wins");
}

#[test]
fn jitter_stays_within_its_bounds_and_is_repeatable() {
    let jitter = Jitter::new(42);
    let values: Vec<u64> = (0..1000).map(|_| jitter.between(1_000, 4_000)).collect();
    assert!(values.iter().all(|v| (1_000..=4_000).contains(v)));
    assert!(values.iter().any(|v| *v < 1_500) && values.iter().any(|v| *v > 3_500), "spread over the range");
    let again = Jitter::new(42);
    assert_eq!(values[..5], (0..5).map(|_| again.between(1_000, 4_000)).collect::<Vec<_>>()[..]);
    assert_eq!(jitter.between(5, 5), 5);
}

#[test]
fn burst_limits_back_off_exponentially_with_full_jitter_then_succeed() {
    let burst = || status(429, &[("RateLimit-Reason", "jira-burst-based")]);
    let h = Harness::new(vec![burst(), burst(), burst(), ok()]);
    let (outcome, stats) = h.run(get());
    assert_eq!(outcome.expect("success after retries").status, 200);
    assert_eq!(h.sent.borrow().len(), 4);
    let slept = h.slept();
    for (i, ms) in slept.iter().enumerate() {
        let ceiling = 1_000u64 << i;
        assert!((1_000..=ceiling).contains(ms), "wait {i} = {ms} ms, ceiling {ceiling}");
    }
    assert_eq!(stats.retries, 3);
    assert_eq!(stats.waited_ms, slept.iter().sum::<u64>());
}

#[test]
fn retry_after_is_honoured_and_zero_still_waits_the_minimum() {
    let h = Harness::new(vec![status(429, &[("Retry-After", "5")]), status(429, &[("Retry-After", "0")]), ok()]);
    let (outcome, _) = h.run(get());
    assert!(outcome.is_ok());
    let slept = h.slept();
    assert_eq!(slept[0], 5_000, "the server's wait exceeds the first backoff ceiling");
    assert!((MIN_WAIT_MS..=2_000).contains(&slept[1]), "Retry-After: 0 is never a hot loop: {}", slept[1]);
}

#[test]
fn quota_limits_fail_fast_with_the_reset_time() {
    let quota =
        status(429, &[("RateLimit-Reason", "jira-quota-tenant-based"), ("X-RateLimit-Reset", "2026-03-26T17:00Z")]);
    let h = Harness::new(vec![quota, ok()]);
    let err = h.run(get()).0.expect_err("quota");
    assert_eq!(h.sent.borrow().len(), 1, "not retried");
    assert!(h.slept().is_empty());
    assert_eq!((err.kind, err.status, err.retry_after_seconds), (ErrorKind::RateLimited, Some(429), Some(3600)));
    assert!(err.message.contains("jira-quota-tenant-based quota is used up"), "{}", err.message);
    assert!(err.message.contains("resets at 2026-03-26T17:00Z (in 3600 s)"), "{}", err.message);
    let global = status(429, &[("X-RateLimit-Reason", "jira-quota-global-based"), ("Retry-After", "30")]);
    let err = Harness::new(vec![global, ok()]).run(get()).0.expect_err("global quota");
    assert_eq!(err.retry_after_seconds, Some(30));
    assert!(err.message.contains("resets in 30 s; not retrying"), "{}", err.message);
}

#[test]
fn a_server_wait_beyond_the_budget_is_not_waited() {
    let h = Harness::new(vec![status(429, &[("Retry-After", "120")]), ok()]).with_policy(3, 60);
    let err = h.run(get()).0.expect_err("too long");
    assert!(h.slept().is_empty());
    assert_eq!((err.kind, err.retry_after_seconds), (ErrorKind::RateLimited, Some(120)));
    assert!(err.message.contains("Jira asked to wait 120 s, more than the 60.0 s left"), "{}", err.message);
}

#[test]
fn the_total_wait_is_bounded_and_reported() {
    let limited = || status(429, &[("Retry-After", "2")]);
    let h = Harness::new(vec![limited(), limited(), limited(), ok()]).with_policy(5, 5);
    let err = h.run(get()).0.expect_err("budget used up");
    assert!(h.slept().iter().sum::<u64>() <= 5_000, "{:?}", h.slept());
    assert!(err.message.contains("gave up after 2 retries"), "{}", err.message);
    assert!(err.message.contains("of waiting"), "{}", err.message);
    let h = Harness::new(vec![limited(), limited(), limited(), ok()]).with_policy(2, 60);
    let err = h.run(get()).0.expect_err("retries used up");
    assert_eq!(h.sent.borrow().len(), 3);
    assert!(err.message.contains("gave up after 2 retries and 4.0 s of waiting"), "{}", err.message);
    assert_eq!(err.retry_after_seconds, Some(2));
}

#[test]
fn retries_disabled_leave_the_plain_error() {
    let h = Harness::new(vec![status(503, &[]), ok()]).with_policy(0, 60);
    let response = h.run(get()).0.expect("the 503 goes to the status mapper");
    assert_eq!(response.status, 503);
    assert_eq!(h.sent.borrow().len(), 1);
}

#[test]
fn a_create_is_retried_after_429_but_never_after_503_or_a_timeout() {
    let h = Harness::new(vec![status(429, &[]), ok()]);
    assert!(h.run(create()).0.is_ok());
    assert_eq!(h.sent.borrow().len(), 2, "a 429 was not processed: sending again is safe");
    let h = Harness::new(vec![status(503, &[("Retry-After", "1")]), ok()]);
    assert_eq!(h.run(create()).0.expect("answer").status, 503);
    assert_eq!(h.sent.borrow().len(), 1, "the issue may have been created");
    let h = Harness::new(vec![Err(TransportError::Timeout), ok()]);
    assert_eq!(h.run(create()).0.expect_err("timeout").kind, ErrorKind::Transport);
    assert_eq!(h.sent.borrow().len(), 1);
}

#[test]
fn idempotent_requests_are_retried_after_5xx_and_transport_failures() {
    let h = Harness::new(vec![
        status(502, &[]),
        status(503, &[("Retry-After", "3")]),
        Err(TransportError::ConnectionFailed("reset".into())),
        ok(),
    ]);
    let (outcome, stats) = h.run(get());
    assert!(outcome.is_ok());
    assert_eq!(stats.retries, 3);
    assert_eq!(h.slept()[1], 3_000, "a 503's Retry-After is honoured");
    let h = Harness::new(vec![status(500, &[]), ok()]);
    assert_eq!(h.run(get()).0.expect("answer").status, 500, "a 500 is a bug, not a transient failure");
    let h = Harness::new(vec![Err(TransportError::Denied("policy".into())), ok()]);
    assert!(h.run(get()).0.is_err());
    assert_eq!(h.sent.borrow().len(), 1, "a host refusal is not retried");
    let timeouts = (0..4).map(|_| Err(TransportError::Timeout)).collect();
    let err = Harness::new(timeouts).run(get()).0.expect_err("timeouts");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.contains("timed out: gave up after 3 retries"), "{}", err.message);
}

#[test]
fn read_only_posts_are_idempotent_by_path() {
    let post = |url: &str| is_idempotent(&Request::new(Method::Post, url));
    assert!(post("https://acme.atlassian.net/rest/api/3/search/jql"));
    assert!(post("https://api.atlassian.com/ex/jira/abc/rest/api/3/issue/bulkfetch?x=1"));
    assert!(post("https://acme.atlassian.net/rest/api/3/changelog/bulkfetch"));
    assert!(!post("https://acme.atlassian.net/rest/api/3/issue"));
    assert!(!post("https://acme.atlassian.net/rest/api/3/issue/bulk"));
    assert!(!post("https://acme.atlassian.net/rest/api/3/search/jql/evil"));
    assert!(is_idempotent(&Request::new(Method::Delete, "https://acme.atlassian.net/rest/api/3/issue/A-1")));
    assert!(!is_idempotent(&Request::new(Method::Patch, "https://acme.atlassian.net/x")));
}

#[test]
fn near_limit_and_remaining_are_recorded() {
    let h = Harness::new(vec![
        status(429, &[("X-RateLimit-NearLimit", "true"), ("X-RateLimit-Remaining", "0")]),
        Ok(Response::new(200, "{}").with_header("X-RateLimit-Remaining", "41")),
    ]);
    let (_, stats) = h.run(get());
    assert!(stats.near_limit);
    assert_eq!(stats.rate_limit_remaining, Some(41));
    let (_, stats) = Harness::new(vec![ok()]).run(get());
    assert_eq!(stats, CallStats::default());
}
