//! Rate limits and transient failures end to end: the component waits (really, through WASI clocks) and sends
//! again, fails fast on quotas, never resends a create, and tells the host when Jira says the limit is near.
//! Waits are kept short with small `Retry-After` values and a small `options.max_retry_wait_seconds`.

use std::time::{Duration, Instant};

use crate::common::cli::{jira_host_routed, run};
use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::demo::AuthMethod;
use jira_host::fake::{self, Fault};
use serde_json::{json, Value};

/// The account id of the fake's user.
const ACCOUNT_ID: &str = "5b10a2844c20165700ede21g";

/// The fake's configuration for `method` with retry options.
fn config_with(method: AuthMethod, options: Value) -> Value {
    let mut config = method.fake_config();
    config["options"] = options;
    config
}

/// The requests the fake received whose path ends with `suffix`.
fn hits(env: &Env, method: &str, suffix: &str) -> usize {
    env.api_requests().iter().filter(|r| r.method == method && r.path.ends_with(suffix)).count()
}

#[test]
fn a_burst_limit_is_waited_out_then_the_call_succeeds() {
    let env = Env::new();
    env.fake.inject(Fault::burst_limited("/myself", 1));
    let started = Instant::now();
    let me = env.ok(ApiKey, "jira_get_myself", json!({}));
    let elapsed = started.elapsed();
    assert_eq!(me["account_id"], ACCOUNT_ID, "{me}");
    assert_eq!(hits(&env, "GET", "/rest/api/3/myself"), 2, "one 429, then the same request again");
    assert!(elapsed >= Duration::from_millis(1_000), "Retry-After: 1 was honoured: {elapsed:?}");
    assert!(elapsed < Duration::from_millis(3_000), "{elapsed:?}");
}

#[test]
fn a_burst_of_503s_on_a_read_is_retried_within_the_budget() {
    let env = Env::new();
    env.fake.inject(Fault::unavailable("/issue/ACME-1", 2, Some(0)));
    let config = config_with(OAuth, json!({"max_retry_wait_seconds": 2}));
    let started = Instant::now();
    let issue = env.call_with_config(&config, "jira_get_issue", json!({"issue_key": "ACME-1"})).expect("issue");
    assert_eq!(issue["key"], "ACME-1");
    assert_eq!(hits(&env, "GET", "/rest/api/3/issue/ACME-1"), 3);
    let elapsed = started.elapsed();
    assert!((Duration::from_millis(2_000)..Duration::from_millis(3_500)).contains(&elapsed), "{elapsed:?}");
}

#[test]
fn a_quota_limit_fails_fast_with_the_reset_time() {
    let env = Env::new();
    env.fake.inject(Fault::quota_exhausted("/search/jql", "jira-quota-global-based", "2099-01-01T00:00Z"));
    let started = Instant::now();
    let error = env.err(ApiKey, "jira_search", json!({"jql": "project = ACME"}), ErrorKind::RateLimited);
    assert!(started.elapsed() < Duration::from_millis(900), "no waiting: {:?}", started.elapsed());
    assert_eq!(error.status, Some(429));
    assert!(error.retry_after_seconds.is_some_and(|s| s > 365 * 24 * 3600), "{:?}", error.retry_after_seconds);
    assert!(error.message.contains("jira-quota-global-based quota is used up"), "{}", error.message);
    assert!(error.message.contains("resets at 2099-01-01T00:00Z"), "{}", error.message);
    assert_eq!(hits(&env, "POST", "/rest/api/3/search/jql"), 1);
}

#[test]
fn a_create_answered_503_is_sent_exactly_once() {
    let env = Env::new();
    env.fake.inject(Fault::unavailable("/rest/api/3/issue", 3, Some(0)).method("POST"));
    let args = json!({"project_key": "ACME", "summary": "Only once", "issue_type": "Task"});
    let error = env.err(ApiKey, "jira_create_issue", args, ErrorKind::ServerError);
    assert_eq!(error.status, Some(503));
    assert_eq!(hits(&env, "POST", "/rest/api/3/issue"), 1, "the issue may exist: a create is never resent");
}

#[test]
fn a_read_cut_short_or_dropped_is_sent_again() {
    for fault in [Fault::truncated("/issue/ACME-1"), Fault::connection_reset("/issue/ACME-1")] {
        let env = Env::new();
        env.fake.inject(fault);
        let issue = env.ok(OAuth, "jira_get_issue", json!({"issue_key": "ACME-1"}));
        assert_eq!(issue["key"], "ACME-1");
        assert_eq!(hits(&env, "GET", "/rest/api/3/issue/ACME-1"), 2, "the broken answer, then the same request");
    }
}

#[test]
fn a_create_cut_short_is_reported_not_resent() {
    let env = Env::new();
    env.fake.inject(Fault::truncated("/rest/api/3/issue").method("POST"));
    let args = json!({"project_key": "ACME", "summary": "Cut short", "issue_type": "Task"});
    let error = env.err(ApiKey, "jira_create_issue", args, ErrorKind::Transport);
    assert!(error.message.contains("connection"), "{}", error.message);
    assert_eq!(hits(&env, "POST", "/rest/api/3/issue"), 1, "Jira may have created it: a create is never resent");
}

#[test]
fn a_wait_longer_than_the_budget_is_not_waited() {
    let env = Env::new();
    env.fake.inject(Fault::burst_limited("/myself", 30));
    let config = config_with(InstantOAuth, json!({"max_retry_wait_seconds": 2}));
    let started = Instant::now();
    let error = env.call_with_config(&config, "jira_get_myself", json!({})).expect_err("too long a wait");
    assert!(started.elapsed() < Duration::from_millis(900), "{:?}", started.elapsed());
    assert_eq!((error.kind, error.retry_after_seconds), (ErrorKind::RateLimited, Some(30)));
    assert!(error.message.contains("Jira asked to wait 30 s"), "{}", error.message);
    assert!(error.message.contains("not waiting"), "{}", error.message);
    assert_eq!(hits(&env, "GET", "/rest/api/3/myself"), 1);
}

/// A `/myself` answer carrying Jira's near-limit signal.
fn near_limit_myself() -> Fault {
    let body = json!({"accountId": ACCOUNT_ID, "displayName": "Near Limit", "active": true});
    Fault::status("/myself", 200, body.to_string())
        .header("X-RateLimit-NearLimit", "true")
        .header("X-RateLimit-Remaining", "12")
}

#[test]
fn near_limit_is_surfaced_per_call() {
    let env = Env::new();
    env.fake.inject(near_limit_myself());
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&OAuth.fake_config().to_string()).unwrap().expect("client");
    client.get_myself().unwrap().expect("myself");
    let stats = client.last_call().unwrap();
    assert!(stats.near_limit);
    assert_eq!((stats.retries, stats.waited_ms, stats.rate_limit_remaining), (0, 0, Some(12)));
    client.get_issue("ACME-1", &[], &[]).unwrap().expect("issue");
    let stats = client.last_call().unwrap();
    assert!(!stats.near_limit, "each call reports its own signals");
}

#[test]
fn the_cli_warns_when_jira_says_the_limit_is_near() {
    let env = Env::new();
    env.fake.inject(near_limit_myself());
    let output = run(jira_host_routed(&env.fake)
        .args(["--site", "acme"])
        .arg("--api-key")
        .arg(format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_API_TOKEN))
        .args(["call", "jira_get_myself", "{}"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "stderr: {stderr}");
    assert!(stderr.contains("warning: Jira says this site is near its rate limit (12 requests remain)"), "{stderr}");
    let stdout: Value = serde_json::from_slice(&output.stdout).expect("JSON result");
    assert_eq!(stdout["display_name"], "Near Limit");
}
