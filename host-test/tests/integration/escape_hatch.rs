//! `jira_request`, the escape hatch, through the component: any REST path on the resolved API base with the
//! right credentials for every auth method, bodies and queries passed through, errors mapped, escapes refused.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use serde_json::json;

#[test]
fn any_rest_path_goes_to_the_api_base_with_the_right_auth() {
    for method in METHODS {
        let env = Env::new();
        let out = env.ok(method, "jira_request", json!({"method": "GET", "path": "/rest/api/3/myself"}));
        assert_eq!(out["status"], 200);
        assert_eq!(out["body"]["displayName"], "Ada Lovelace");
        assert_routed(&env, method, lookups(method));
        assert_eq!(env.api_requests()[0].path, rest_path(method, "api/3/myself"));
    }
}

#[test]
fn queries_and_bodies_are_passed_through() {
    let env = Env::new();
    let out = env.ok(
        OAuth,
        "jira_request",
        json!({"method": "GET", "path": "/rest/api/3/user/search", "query": {"query": "grace", "maxResults": 5}}),
    );
    assert_eq!(out["body"][0]["displayName"], "Grace Hopper");
    let request = env.api_requests().pop().unwrap();
    let params = query_params(&request);
    assert!(params.contains(&("query".to_owned(), "grace".to_owned())), "{params:?}");
    assert!(params.contains(&("maxResults".to_owned(), "5".to_owned())), "{params:?}");

    let out = env.ok(
        ApiKey,
        "jira_request",
        json!({"method": "post", "path": "/rest/api/3/version", "body": {"projectId": 10000, "name": "3.0"}}),
    );
    assert_eq!(out["status"], 201);
    assert_eq!(out["body"]["name"], "3.0");
    let request = env.api_requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(body_json(&request), json!({"projectId": 10000, "name": "3.0"}));
    let versions = env.ok(ApiKey, "jira_get_project_versions", json!({"project_key": "ACME"}));
    assert!(versions["versions"].as_array().unwrap().iter().any(|v| v["name"] == "3.0"), "the write happened");
}

#[test]
fn errors_are_mapped_and_escapes_refused_before_sending() {
    let env = Env::new();
    let error = env.err(
        ApiKey,
        "jira_request",
        json!({"method": "GET", "path": "/rest/api/3/issue/NOPE-1"}),
        ErrorKind::NotFound,
    );
    assert_eq!(error.status, Some(404));
    let sent = env.api_requests().len();
    for path in [
        "https://evil.example/rest/api/3/myself",
        "//evil.example/rest/api/3/myself",
        "/rest/api/3/../../../_edge/tenant_info",
        "/rest/api/3/%2e%2e/%2e%2e/admin",
        "/plugins/servlet/x",
    ] {
        let error = env.err(ApiKey, "jira_request", json!({"method": "GET", "path": path}), ErrorKind::InvalidInput);
        assert!(error.message.contains("`path`"), "{path}: {}", error.message);
    }
    env.err(ApiKey, "jira_request", json!({"method": "TRACE", "path": "/rest/api/3/myself"}), ErrorKind::InvalidInput);
    assert_eq!(env.api_requests().len(), sent, "nothing was sent for a refused path");
}
