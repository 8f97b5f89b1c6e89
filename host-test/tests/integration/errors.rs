//! Failure paths end to end: Jira error statuses (via the fake and fault injection), malformed bodies, timeouts,
//! the host's allow-list, invalid configurations and arguments — each must become the right `jira-error` kind,
//! never a trap and never a leaked secret.

use std::time::{Duration, Instant};

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::{Fault, FAKE_API_TOKEN, FAKE_OAUTH_TOKEN};
use jira_host::{HttpPolicy, Route};
use serde_json::json;

/// The fake's configuration for `method` with retries off, for tests of the first answer's mapping.
fn without_retries(method: jira_host::demo::AuthMethod) -> serde_json::Value {
    let mut config = method.fake_config();
    config["options"] = json!({"max_retries": 0});
    config
}

#[test]
fn wrong_credentials_are_unauthorized_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let secret = "wrong-secret-value-123";
        let error = env.call_with_config(&method.config_with_secret(secret), "jira_get_myself", json!({})).unwrap_err();
        assert_kind(&error, ErrorKind::Unauthorized);
        assert_eq!(error.status, Some(401), "[{}]", method.name());
        assert!(!error.message.contains(secret), "the secret leaked: {}", error.message);
        assert!(error.error_messages.iter().all(|m| !m.contains(secret)));
    }
}

#[test]
fn unknown_issues_are_not_found_with_jiras_messages() {
    for method in METHODS {
        let env = Env::new();
        let error = env.err(method, "jira_get_issue", json!({"issue_key": "ACME-999"}), ErrorKind::NotFound);
        assert_eq!(error.status, Some(404));
        assert!(error.error_messages.iter().any(|m| m.contains("does not exist")), "{:?}", error.error_messages);
    }
}

#[test]
fn rate_limits_carry_retry_after_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        env.fake.inject(Fault::rate_limited("/myself", 17));
        let error = env.err(method, "jira_get_myself", json!({}), ErrorKind::RateLimited);
        assert_eq!(error.status, Some(429));
        assert_eq!(error.retry_after_seconds, Some(17), "[{}]", method.name());
        // The fault is used up: the next call succeeds.
        env.ok(method, "jira_get_myself", json!({}));
    }
}

#[test]
fn statuses_map_to_kinds() {
    let env = Env::new();
    for (status, kind) in [
        (400, ErrorKind::InvalidInput),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (500, ErrorKind::ServerError),
        (503, ErrorKind::ServerError),
    ] {
        env.fake.inject(Fault::jira_error("/issue/ACME-1", status, &format!("injected {status}")));
        // Retries off: a 503 on a read would otherwise be retried (see retries.rs).
        let error = env.call_with_config(&without_retries(OAuth), "jira_get_issue", json!({"issue_key": "ACME-1"}));
        let error = error.expect_err("injected error");
        assert_kind(&error, kind);
        assert_eq!(error.status, Some(status));
        if status != 503 {
            assert_eq!(error.error_messages, [format!("injected {status}")]);
        }
    }
}

#[test]
fn field_errors_are_passed_through() {
    let env = Env::new();
    let body = json!({"errorMessages": [], "errors": {"summary": "You must specify a summary of the issue."}});
    env.fake.inject(Fault::status("/rest/api/3/issue", 400, body.to_string()).method("POST"));
    let error = env.err(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "x", "issue_type": "Task"}),
        ErrorKind::InvalidInput,
    );
    assert_eq!(error.field_errors.len(), 1);
    assert_eq!(error.field_errors[0].field, "summary");
    assert_eq!(error.field_errors[0].message, "You must specify a summary of the issue.");
}

#[test]
fn malformed_json_is_a_decode_error() {
    for method in METHODS {
        let env = Env::new();
        env.fake.inject(Fault::status("/myself", 200, "{not json"));
        let error = env.err(method, "jira_get_myself", json!({}), ErrorKind::Decode);
        assert!(!error.message.is_empty());
        env.fake.inject(Fault::malformed_json("/search/jql"));
        env.err(method, "jira_search", json!({"jql": "project = ACME"}), ErrorKind::Decode);
    }
}

#[test]
fn slow_answers_time_out_as_transport_errors() {
    let env = Env::with_policy(|policy| policy.with_timeout(Duration::from_millis(300)));
    env.fake.inject(Fault::slow("/myself", 2_000));
    let started = Instant::now();
    let error = env.call_with_config(&without_retries(ApiKey), "jira_get_myself", json!({})).expect_err("timeout");
    assert_kind(&error, ErrorKind::Transport);
    assert!(started.elapsed() < Duration::from_millis(1_800), "{:?}", started.elapsed());
    assert!(error.message.contains("timed out"), "{}", error.message);
    assert_eq!(error.status, None);
}

#[test]
fn hosts_outside_the_allow_list_are_denied_without_contact() {
    let env = Env::new();
    // Nothing routed and nothing allowed: the request must be refused by the host, not sent anywhere.
    let closed = env.runtime.with_policy(HttpPolicy::default().without_allowed_hosts());
    let error = closed.call_tool(&ApiKey.fake_config().to_string(), "jira_get_myself", "{}").unwrap().unwrap_err();
    assert_kind(&error, ErrorKind::Transport);
    assert!(error.message.contains("denied"), "{}", error.message);
    assert!(env.fake.requests().is_empty());
}

#[test]
fn refused_connections_are_transport_errors() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let route = Route::new("acme.atlassian.net", &format!("http://127.0.0.1:{port}")).unwrap();
    let runtime = compiled().with_policy(HttpPolicy::default().without_allowed_hosts().with_route(route));
    let error = runtime.call_tool(&without_retries(ApiKey).to_string(), "jira_get_myself", "{}").unwrap().unwrap_err();
    assert_kind(&error, ErrorKind::Transport);
    assert!(error.message.contains("connection failed"), "{}", error.message);
}

#[test]
fn invalid_configurations_are_refused_before_any_request() {
    let env = Env::new();
    let configs = [
        "not json".to_owned(),
        "{}".to_owned(),
        json!({"site": "acme"}).to_string(),
        json!({"site": "acme", "auth": {"method": "password", "password": "x"}}).to_string(),
        json!({"site": "acme", "auth": {"method": "api_key", "api_key": "no-colon"}}).to_string(),
        json!({"site": "acme", "auth": {"method": "oauth"}}).to_string(),
        json!({"site": "https://evil.example.com", "auth": {"method": "api_key", "api_key": "a@b.c:t"}}).to_string(),
        json!({"site": "http://acme.atlassian.net", "auth": {"method": "api_key", "api_key": "a@b.c:t"}}).to_string(),
        json!({"site": "acme", "auth": {"method": "api_key", "api_key": "a@b.c:t"}, "colour": "blue"}).to_string(),
    ];
    for config in &configs {
        let error = env.runtime.call_tool(config, "jira_get_myself", "{}").unwrap().unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidConfig, "{config}: {}", error.message);
        let mut session = env.runtime.session().unwrap();
        let client = session.client(config).unwrap();
        match client {
            Ok(_) => panic!("the client constructor accepted {config}"),
            Err(error) => assert_eq!(error.kind, ErrorKind::InvalidConfig, "{config}"),
        }
    }
    assert!(env.fake.requests().is_empty());
}

#[test]
fn configuration_errors_do_not_echo_secrets() {
    let env = Env::new();
    let config = json!({"site": "https://evil.example.com",
                        "auth": {"method": "oauth", "access_token": FAKE_OAUTH_TOKEN}});
    let error = env.call_with_config(&config, "jira_get_myself", json!({})).unwrap_err();
    assert!(!error.message.contains(FAKE_OAUTH_TOKEN), "{}", error.message);
    let config = json!({"site": "acme", "auth": {"method": "api_key", "api_key": FAKE_API_TOKEN}});
    let error = env.call_with_config(&config, "jira_get_myself", json!({})).unwrap_err();
    assert_kind(&error, ErrorKind::InvalidConfig);
    assert!(!error.message.contains(FAKE_API_TOKEN), "{}", error.message);
}

#[test]
fn unknown_tools_and_bad_arguments_are_invalid_input() {
    let env = Env::new();
    let error = env.err(ApiKey, "jira_delete_everything", json!({}), ErrorKind::InvalidInput);
    assert!(error.message.contains("jira_get_issue"), "lists the tools: {}", error.message);
    let raw =
        env.runtime.call_tool(&ApiKey.fake_config().to_string(), "jira_get_issue", "{not json").unwrap().unwrap_err();
    assert_kind(&raw, ErrorKind::InvalidInput);
    assert!(env.fake.requests().is_empty());
}

#[test]
fn exhausted_fuel_traps_and_the_host_carries_on() {
    let env = Env::new();
    let starved = env.runtime.with_limits(jira_host::Limits { fuel_per_call: 20_000, ..jira_host::Limits::default() });
    let outcome = starved.session().and_then(|mut session| {
        session.call_tool(&ApiKey.fake_config().to_string(), "jira_search", r#"{"jql":"project = ACME"}"#)
    });
    assert!(outcome.is_err(), "a starved call must trap, got {outcome:?}");
    // The same runtime with normal limits still works.
    env.ok(ApiKey, "jira_get_myself", json!({}));
}

#[test]
fn a_trap_poisons_only_its_session() {
    let env = Env::new();
    // A 10 MB body cannot be lowered into a component capped at 8 MiB of memory.
    let capped =
        env.runtime.with_limits(jira_host::Limits { memory_bytes: 8 * 1024 * 1024, ..jira_host::Limits::default() });
    env.fake.inject(Fault::status("/myself", 200, "x".repeat(10 * 1024 * 1024)));
    let mut session = capped.session().unwrap();
    let trapped = session.call_tool(&ApiKey.fake_config().to_string(), "jira_get_myself", "{}");
    assert!(trapped.is_err(), "expected a trap, got {trapped:?}");
    assert!(session.is_poisoned());
    let again = session.list_tools();
    assert!(again.unwrap_err().to_string().contains("trapped earlier"));
    let fresh = capped.session().unwrap().call_tool(&ApiKey.fake_config().to_string(), "jira_get_myself", "{}");
    assert!(fresh.unwrap().is_ok(), "a fresh session works");
}

#[test]
fn oversized_responses_are_denied_by_the_host() {
    let env = Env::with_policy(|policy| HttpPolicy { max_response_bytes: 64 * 1024, ..policy });
    env.fake.inject(Fault::status("/myself", 200, format!("\"{}\"", "x".repeat(100 * 1024))));
    let error = env.err(ApiKey, "jira_get_myself", json!({}), ErrorKind::Transport);
    assert!(error.message.contains("denied"), "{}", error.message);
}
