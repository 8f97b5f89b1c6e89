//! Tests of the user tools: argument checks before any request, paging, and the JSON shapes they return.

use serde_json::{json, Value};

use super::tests::{assert_refused_before_any_request, call};
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, spec_example, Scripted};

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        ("jira_get_user", json!({}), "needs the argument `account_id`"),
        ("jira_get_user", json!({"account_id": "a?b=c"}), "must be an Atlassian account id"),
        ("jira_search_users", json!({"query": ""}), "at least 1 character"),
        ("jira_search_users", json!({"query": "ada", "limit": 0}), "`limit` must be between 1 and 1000"),
        ("jira_search_assignable_users", json!({"query": "ada"}), "exactly one of `project_key` and `issue_key`"),
        (
            "jira_search_assignable_users",
            json!({"project_key": "ACME", "issue_key": "ACME-1"}),
            "exactly one of `project_key` and `issue_key`",
        ),
        ("jira_search_assignable_users", json!({"issue_key": "../admin"}), "must be an issue key"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn get_user_returns_the_simplified_shape() {
    let http = Scripted::default().answer(200, spec_example("GET /rest/api/3/user 200"));
    let out = call(&http, "jira_get_user", json!({"account_id": "5b10a2844c20165700ede21g"})).expect("call");
    assert_eq!(
        out,
        json!({"account_id": "5b10a2844c20165700ede21g", "display_name": "Mia Krystof", "email": "mia@example.com",
               "active": true, "account_type": "atlassian"})
    );
}

#[test]
fn search_users_pages_until_a_short_page() {
    let full: Vec<Value> =
        (0..50).map(|i| json!({"accountId": format!("u{i}"), "displayName": format!("U{i}")})).collect();
    let http = Scripted::default()
        .answer(200, Value::Array(full).to_string())
        .answer(200, fixture("users/user_search_200.spec-examples.json"));
    let out = call(&http, "jira_search_users", json!({"query": "u", "limit": 60})).expect("call");
    let users = out["users"].as_array().expect("users");
    assert_eq!(users.len(), 52, "the spec example holds two users");
    assert_eq!(users[50]["display_name"], "Mia Krystof");
    assert_eq!(users[50]["email"], Value::Null);
    let seen = http.seen.borrow();
    assert!(seen[0].url.ends_with("/user/search?query=u&startAt=0&maxResults=50"), "{}", seen[0].url);
    assert!(seen[1].url.ends_with("/user/search?query=u&startAt=50&maxResults=10"), "{}", seen[1].url);
}

#[test]
fn assignable_users_for_an_issue() {
    let http = Scripted::default().answer(200, fixture("users/user_assignable_search.jira-cli.json"));
    let out = call(&http, "jira_search_assignable_users", json!({"issue_key": "acme-3", "limit": 5})).expect("call");
    assert_eq!(out["users"][0]["account_id"], "5fb82376aca10c006949f35b");
    assert_eq!(out["users"][1]["active"], false);
    assert!(http.seen.borrow()[0].url.ends_with("/user/assignable/search?issueKey=ACME-3&startAt=0&maxResults=5"));
}

#[test]
fn a_missing_user_is_not_found() {
    let http = Scripted::default()
        .answer(404, r#"{"errorMessages":["The user with account ID 'x' does not exist"],"errors":{}}"#);
    let err = call(&http, "jira_get_user", json!({"account_id": "x"})).expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
}
