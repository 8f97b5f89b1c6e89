//! Tests of the retry policy in the client: the exact requests sent, the waits taken, the call statistics,
//! and the 401 refresh path working unchanged around rate limits.

use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::http::Method;
use crate::jira::test_support::{fixture, Scripted, CLOUD_ID};

const API_KEY_CONFIG: &str = r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok-123"}}"#;
const MYSELF_URL: &str = "https://acme.atlassian.net/rest/api/3/myself";

/// A client whose waits are recorded instead of slept.
fn client<'a>(config: &str, http: &'a Scripted) -> (Client<&'a Scripted>, Rc<RefCell<Vec<u64>>>) {
    let slept = Rc::new(RefCell::new(Vec::new()));
    let record = Rc::clone(&slept);
    let client = Client::new(config, http)
        .expect("client")
        .with_sleeper(move |d| record.borrow_mut().push(d.as_millis() as u64))
        .with_jitter_seed(1)
        .with_clock(|| 1_774_540_800);
    (client, slept)
}

fn sent(http: &Scripted) -> Vec<(Method, String)> {
    http.seen.borrow().iter().map(|r| (r.method, r.url.clone())).collect()
}

fn new_issue() -> NewIssue {
    NewIssue {
        project_key: "ACME".into(),
        summary: "Retry me".into(),
        issue_type: "Task".into(),
        ..NewIssue::default()
    }
}

#[test]
fn a_burst_limit_is_waited_out_and_the_same_request_sent_again() {
    let http = Scripted::default()
        .answer_with(429, &[("Retry-After", "2"), ("RateLimit-Reason", "jira-burst-based")], "")
        .answer_with(
            200,
            &[("X-RateLimit-NearLimit", "true"), ("X-RateLimit-Remaining", "3")],
            fixture("users/myself_200.spec-examples.json"),
        );
    let (client, slept) = client(API_KEY_CONFIG, &http);
    client.start_call();
    client.get_myself().expect("myself after one retry");
    assert_eq!(sent(&http), vec![(Method::Get, MYSELF_URL.to_string()); 2]);
    let seen = http.seen.borrow();
    assert_eq!(seen[0].headers, seen[1].headers, "the retry is the same request");
    assert_eq!(*slept.borrow(), vec![2_000]);
    let stats = client.last_call();
    assert_eq!(
        (stats.retries, stats.waited_ms, stats.near_limit, stats.rate_limit_remaining),
        (1, 2_000, true, Some(3))
    );
    client.start_call();
    assert_eq!(client.last_call(), CallStats::default(), "each call starts afresh");
}

#[test]
fn a_create_answered_503_is_sent_once_but_a_429_is_sent_again() {
    let created = r#"{"id": "10000", "key": "ACME-9", "self": "https://acme.atlassian.net/rest/api/3/issue/10000"}"#;
    let http = Scripted::default().answer_with(503, &[("Retry-After", "1")], "").answer(429, "").answer(201, created);
    let (client, slept) = client(API_KEY_CONFIG, &http);
    let err = client.create_issue(&new_issue()).expect_err("503");
    assert_eq!((err.kind, err.status), (ErrorKind::ServerError, Some(503)));
    assert_eq!(http.seen.borrow().len(), 1, "the issue may exist: never sent twice");
    assert!(slept.borrow().is_empty());
    let issue = client.create_issue(&new_issue()).expect("created after the 429");
    assert_eq!(issue.key, "ACME-9");
    let posts = sent(&http);
    assert_eq!(posts.len(), 3);
    assert!(posts.iter().all(|(m, u)| *m == Method::Post && u == "https://acme.atlassian.net/rest/api/3/issue"));
}

#[test]
fn a_quota_limit_fails_fast() {
    let http = Scripted::default().answer_with(
        429,
        &[("RateLimit-Reason", "jira-quota-global-based"), ("X-RateLimit-Reset", "2026-03-26T17:00Z")],
        r#"{"errorMessages": ["Rate limit exceeded."]}"#,
    );
    let (client, slept) = client(API_KEY_CONFIG, &http);
    let err = client.get_issue("ACME-1", &[], &[]).expect_err("quota");
    assert_eq!((err.kind, err.retry_after_seconds), (ErrorKind::RateLimited, Some(3600)));
    assert!(err.message.contains("Rate limit exceeded."), "{}", err.message);
    assert!(err.message.contains("resets at 2026-03-26T17:00Z"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 1);
    assert!(slept.borrow().is_empty());
}

#[test]
fn the_refresh_after_a_401_survives_a_rate_limited_token_endpoint() {
    struct Keep;
    impl TokenStore for Keep {
        fn save(&self, _: &TokenSet) -> Result<(), String> {
            Ok(())
        }
    }
    let config = format!(
        r#"{{"site": "acme", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "oauth", "access_token": "at-0", "refresh_token": "rt-0", "client_id": "cid", "client_secret": "cs"}}}}"#
    );
    let token = r#"{"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 3600}"#;
    let http = Scripted::default()
        .answer(401, "")
        .answer_with(429, &[("Retry-After", "1")], "")
        .answer(200, token)
        .answer(200, fixture("users/myself_200.spec-examples.json"));
    let (client, slept) = client(&config, &http);
    let client = client.with_token_store(Keep);
    client.get_myself().expect("myself after refresh");
    let gateway = format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/myself");
    let token_url = "https://auth.atlassian.com/oauth/token".to_string();
    assert_eq!(
        sent(&http),
        vec![
            (Method::Get, gateway.clone()),
            (Method::Post, token_url.clone()),
            (Method::Post, token_url),
            (Method::Get, gateway)
        ]
    );
    assert_eq!(http.seen.borrow()[3].header_value("authorization"), Some("Bearer at-1"));
    assert_eq!(*slept.borrow(), vec![1_000]);
}

#[test]
fn a_token_endpoint_503_is_not_retried() {
    let config = format!(
        r#"{{"site": "acme", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "oauth", "access_token": "at-0", "refresh_token": "rt-0", "client_id": "cid", "client_secret": "cs"}}}}"#
    );
    let http = Scripted::default().answer(401, "").answer(503, "").answer(200, "{}");
    let (client, _) = client(&config, &http);
    let err = client.get_myself().expect_err("refresh failed");
    assert_eq!(err.kind, ErrorKind::ServerError);
    assert_eq!(http.seen.borrow().len(), 2, "a rotating refresh is never sent twice blindly");
}
