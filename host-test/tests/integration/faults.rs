//! The fake's connection-level and overload faults, end to end through the component: a response cut short,
//! a connection closed without an answer, 429 bursts with their headers, 503s and slow-but-correct answers.
//! Retries are switched off (`options.max_retries = 0`) so each fault's raw effect is what the test sees.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::demo::AuthMethod;
use jira_host::fake::Fault;
use serde_json::{json, Value};

/// The fake's configuration for `method`, without retries.
fn no_retries(method: AuthMethod) -> Value {
    let mut config = method.fake_config();
    config["options"] = json!({"max_retries": 0});
    config
}

fn get_issue(env: &Env, method: AuthMethod) -> Result<Value, jira_host::bindings::JiraError> {
    env.call_with_config(&no_retries(method), "jira_get_issue", json!({"issue_key": "ACME-1"}))
}

#[test]
fn a_truncated_answer_is_a_transport_error_and_the_next_call_works() {
    for method in METHODS {
        let env = Env::new();
        env.fake.inject(Fault::truncated("/issue/ACME-1"));
        let error = get_issue(&env, method).unwrap_err();
        assert_kind(&error, ErrorKind::Transport);
        assert!(!error.message.is_empty());
        let issue = get_issue(&env, method).expect("the fault is used up");
        assert_eq!(issue["key"], "ACME-1");
    }
}

#[test]
fn a_connection_closed_without_an_answer_is_a_transport_error() {
    for method in METHODS {
        let env = Env::new();
        env.fake.inject(Fault::connection_reset("/issue/ACME-1"));
        let error = get_issue(&env, method).unwrap_err();
        assert_kind(&error, ErrorKind::Transport);
        assert_eq!(error.status, None);
        get_issue(&env, method).expect("the fault is used up");
    }
}

#[test]
fn a_rate_limit_burst_answers_each_request_with_its_headers_then_ends() {
    let env = Env::new();
    env.fake.inject(Fault::rate_limit_burst("/issue/ACME-1", 3, 0));
    // Without retries (see `no_retries`) each request of the burst surfaces; `retries.rs` covers waiting it out.
    for _ in 0..3 {
        let error = get_issue(&env, ApiKey).unwrap_err();
        assert_kind(&error, ErrorKind::RateLimited);
        assert_eq!(error.status, Some(429));
        assert_eq!(error.retry_after_seconds, Some(0));
    }
    get_issue(&env, ApiKey).expect("the burst is over");
    let limited: Vec<_> = env.fake.requests().into_iter().filter(|r| r.path.ends_with("/issue/ACME-1")).collect();
    assert_eq!(limited.len(), 4, "three limited requests and one answered");
    // The headers as the fake sends them, checked on the fault itself.
    let fault = Fault::rate_limit_burst("/x", 2, 1);
    let names: Vec<&str> = fault.headers.iter().map(|(name, _)| name.as_str()).collect();
    for header in ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "RateLimit-Reason"] {
        assert!(names.contains(&header), "{header} in {names:?}");
    }
    assert_eq!(fault.times, 2);
}

#[test]
fn unavailable_is_a_server_error() {
    for method in METHODS {
        let env = Env::new();
        env.fake.inject(Fault::unavailable_html("/issue/ACME-1").header("Retry-After", "1"));
        let error = get_issue(&env, method).unwrap_err();
        assert_kind(&error, ErrorKind::ServerError);
        assert_eq!(error.status, Some(503));
        get_issue(&env, method).expect("the fault is used up");
    }
}

#[test]
fn a_late_answer_is_the_fakes_own_answer() {
    let env = Env::new();
    env.fake.inject(Fault::late("/issue/ACME-1", 200));
    let issue = get_issue(&env, ApiKey).expect("slow but correct");
    assert_eq!(issue["key"], "ACME-1");
}

#[test]
fn a_truncated_create_creates_nothing() {
    let env = Env::new();
    let before = env.fake.issue_count();
    env.fake.inject(Fault::truncated("/rest/api/3/issue").method("POST"));
    let args = json!({"project_key": "ACME", "summary": "cut short", "issue_type": "Task"});
    let error = env.call_with_config(&no_retries(ApiKey), "jira_create_issue", args).unwrap_err();
    assert_kind(&error, ErrorKind::Transport);
    assert_eq!(env.fake.issue_count(), before, "the fault answered instead of the fake");
}
