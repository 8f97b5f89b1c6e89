//! Tests of the issue tools: arguments refused before any request, the JSON shapes they return, chunking.

use serde_json::{json, Value};

use super::tests::{assert_refused_before_any_request, call};
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, spec_example, Scripted};

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        ("jira_count_issues", json!({"jql": ""}), "at least 1 character"),
        ("jira_update_issue", json!({"issue_key": "A-1"}), "nothing to update"),
        ("jira_update_issue", json!({"issue_key": "A-1", "notify_users": "no"}), "true or false"),
        ("jira_update_issue", json!({"issue_key": "A-1", "labels": ["a b"]}), "`labels`"),
        ("jira_delete_issue", json!({"issue_key": "A-1/x"}), "must be an issue key"),
        ("jira_assign_issue", json!({"issue_key": "A-1"}), "null to unassign"),
        ("jira_assign_issue", json!({"issue_key": "A-1", "account_id": 5}), "must be a string"),
        ("jira_bulk_get_issues", json!({"issue_keys": []}), "is empty"),
        ("jira_bulk_get_issues", json!({"issue_keys": ["../x"]}), "must be an issue key"),
        ("jira_batch_create_issues", json!({"issues": [{"project_key": "A", "summary": "s"}]}), "`issues[0]`"),
        (
            "jira_batch_create_issues",
            json!({"issues": [{"project_key": "A", "summary": "s", "issue_type": "Task", "colour": 1}]}),
            "no argument \"colour\"",
        ),
        ("jira_get_edit_fields", json!({}), "needs the argument `issue_key`"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn count_and_edit_fields_shapes() {
    let http = Scripted::default()
        .answer(200, fixture("search/search_approximate_count_200.spec-examples.json"))
        .answer(200, spec_example("GET /rest/api/3/issue/{issueIdOrKey}/editmeta 200"));
    assert_eq!(call(&http, "jira_count_issues", json!({"jql": "project = A"})).expect("count"), json!({"count": 153}));
    let out = call(&http, "jira_get_edit_fields", json!({"issue_key": "A-1"})).expect("meta");
    assert_eq!(out["fields"][0]["id"], "summary");
    assert_eq!(out["fields"][0]["allowed_values"], json!(["red", "blue"]));
}

#[test]
fn update_reads_the_old_description_only_when_rewriting_it() {
    let http = Scripted::default().answer(204, "");
    let out = call(&http, "jira_update_issue", json!({"issue_key": "a-1", "summary": "New"})).expect("update");
    assert_eq!(out, json!({"issue_key": "A-1", "updated": true}));
    assert_eq!(http.seen.borrow().len(), 1);
    let http = Scripted::default()
        .answer(200, r#"{"fields": {"description": {"type": "doc", "version": 1, "content": [{"type": "mediaSingle", "content": [{"type": "media", "attrs": {"id": "img-1", "type": "file", "collection": "c"}}]}]}}}"#)
        .answer(204, "");
    call(&http, "jira_update_issue", json!({"issue_key": "A-1", "description": "Fresh"})).expect("update");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 2);
    assert!(seen[0].url.ends_with("/rest/api/3/issue/A-1?fields=description"), "{}", seen[0].url);
    let body = seen[1].body_json().expect("json").to_string();
    assert!(body.contains("img-1") && body.contains("Fresh"), "{body}");
}

#[test]
fn assign_unassign_and_delete() {
    let http = Scripted::default().answer(204, "").answer(204, "").answer(204, "");
    let out = call(&http, "jira_assign_issue", json!({"issue_key": "A-1", "account_id": "abc"})).expect("assign");
    assert_eq!(out, json!({"issue_key": "A-1", "assignee_account_id": "abc"}));
    let out = call(&http, "jira_assign_issue", json!({"issue_key": "A-1", "account_id": null})).expect("unassign");
    assert_eq!(out["assignee_account_id"], Value::Null);
    let out = call(&http, "jira_delete_issue", json!({"issue_key": "A-1", "delete_subtasks": true})).expect("delete");
    assert_eq!(out, json!({"issue_key": "A-1", "deleted": true}));
    let seen = http.seen.borrow();
    assert_eq!(seen[1].body_json(), Some(json!({"fields": {"assignee": null}})));
    assert!(seen[2].url.ends_with("?deleteSubtasks=true"));
}

#[test]
fn bulk_get_chunks_by_100() {
    let keys: Vec<String> = (1..=150).map(|i| format!("EX-{i}")).collect();
    let http = Scripted::default()
        .answer(200, fixture("issues/issue_bulkfetch_200.spec-examples.json"))
        .answer(200, r#"{"issues": [], "issueErrors": [{"id": "EX-150", "errorMessage": "try again"}]}"#);
    let out = call(&http, "jira_bulk_get_issues", json!({"issue_keys": keys})).expect("bulk");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body_json().expect("json")["issueIdsOrKeys"].as_array().map(Vec::len), Some(100));
    assert_eq!(seen[1].body_json().expect("json")["issueIdsOrKeys"].as_array().map(Vec::len), Some(50));
    assert_eq!(out["issues"].as_array().map(Vec::len), Some(3));
    assert_eq!(out["issue_errors"], json!([{"id": "EX-150", "message": "try again"}]));
    assert_eq!(out["not_found"].as_array().map(Vec::len), Some(150 - 3 - 1));
}

fn new_issues(n: usize) -> Value {
    json!((0..n)
        .map(|i| json!({"project_key": "ED", "summary": format!("Issue {i}"), "issue_type": "Task"}))
        .collect::<Vec<_>>())
}

#[test]
fn batch_create_chunks_by_50_and_keeps_successes() {
    let second = r#"{"issues": [], "errors": [{"failedElementNumber": 0, "status": 400, "elementErrors": {"errorMessages": [], "errors": {"summary": "bad"}}}]}"#;
    let http = Scripted::default().answer(201, spec_example("POST /rest/api/3/issue/bulk 201")).answer(400, second);
    let out = call(&http, "jira_batch_create_issues", json!({"issues": new_issues(51)})).expect("batch");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body_json().expect("json")["issueUpdates"].as_array().map(Vec::len), Some(50));
    assert_eq!(out["created"][1]["index"], 1);
    assert_eq!(out["created"][1]["key"], "ED-25");
    assert_eq!(
        out["errors"],
        json!([{"index": 50, "status": 400, "error_messages": [], "errors": {"summary": "bad"}}])
    );
}

#[test]
fn batch_create_failing_later_reports_the_rest_and_keeps_what_was_created() {
    let http = Scripted::default()
        .answer(201, spec_example("POST /rest/api/3/issue/bulk 201"))
        .answer(503, r#"{"errorMessages": ["busy"]}"#);
    let out = call(&http, "jira_batch_create_issues", json!({"issues": new_issues(52)})).expect("partial");
    assert_eq!(out["created"].as_array().map(Vec::len), Some(2));
    let errors = out["errors"].as_array().expect("errors");
    assert_eq!(errors.iter().map(|e| e["index"].as_u64().unwrap_or(0)).collect::<Vec<_>>(), [50, 51]);
    assert!(errors[0]["error_messages"][0].as_str().is_some_and(|m| m.contains("busy")));
    let http = Scripted::default().answer(403, r#"{"errorMessages": ["no"]}"#);
    let err = call(&http, "jira_batch_create_issues", json!({"issues": new_issues(1)})).expect_err("nothing created");
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn changelog_pages_until_the_end() {
    let first = r#"{"startAt": 0, "maxResults": 1, "total": 2, "isLast": false, "values": [{"id": "1", "items": [{"field": "status", "fromString": "To Do", "toString": "Done"}]}]}"#;
    let second = r#"{"startAt": 1, "maxResults": 1, "total": 2, "isLast": true, "values": [{"id": "2", "items": []}]}"#;
    let http = Scripted::default().answer(200, first).answer(200, second);
    let out = call(&http, "jira_get_changelog", json!({"issue_key": "A-1"})).expect("changelog");
    assert_eq!(out["issue_key"], "A-1");
    assert_eq!(out["histories"].as_array().map(Vec::len), Some(2));
    assert_eq!(out["histories"][0]["items"][0]["to_string"], "Done");
    assert_eq!(out["is_last"], true);
    assert!(http.seen.borrow()[1].url.contains("startAt=1"), "{}", http.seen.borrow()[1].url);
    let http = Scripted::default().answer(200, first);
    let out = call(&http, "jira_get_changelog", json!({"issue_key": "A-1", "limit": 1})).expect("limited");
    assert_eq!(out["is_last"], false);
}

#[test]
fn batch_changelogs_follow_the_token_and_group_by_issue() {
    let http = Scripted::default()
        .answer(200, fixture("issues/changelog_bulkfetch_200.spec-examples.json"))
        .answer(200, r#"{"issueChangeLogs": [{"issueId": "10100", "changeHistories": [{"id": "9", "items": []}]}, {"issueId": "10200", "changeHistories": [{"id": "8", "items": []}]}]}"#);
    let out =
        call(&http, "jira_batch_get_changelogs", json!({"issue_keys": ["EX-1", "EX-2"], "field_ids": ["summary"]}))
            .expect("changelogs");
    let logs = out["changelogs"].as_array().expect("list");
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0]["issue_id"], "10100");
    assert_eq!(logs[0]["histories"].as_array().map(Vec::len), Some(3));
    let seen = http.seen.borrow();
    assert_eq!(seen[1].body_json().expect("json")["nextPageToken"], "UxAQBFRF");
    assert_eq!(seen[0].body_json().expect("json")["fieldIds"], json!(["summary"]));
}

#[test]
fn a_batch_400_without_item_errors_is_an_error_of_the_call() {
    let http = Scripted::default().answer(400, r#"{"errorMessages": ["Invalid request payload."], "errors": {}}"#);
    let err = call(&http, "jira_batch_create_issues", json!({"issues": new_issues(2)})).expect_err("whole call");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("Invalid request payload"), "{}", err.message);
    let http = Scripted::default().answer(400, "<html>bad</html>");
    let err = call(&http, "jira_batch_create_issues", json!({"issues": new_issues(1)})).expect_err("not json");
    assert_eq!((err.kind, err.status), (ErrorKind::InvalidInput, Some(400)));
}

#[test]
fn get_issue_inlines_the_includes() {
    let changelog =
        r#"{"startAt": 0, "maxResults": 100, "total": 1, "isLast": true, "values": [{"id": "5", "items": []}]}"#;
    let http = Scripted::default()
        .answer(200, fixture("issues/issue_get_v3_adf_issuelinks.jira-cli.json"))
        .answer(200, fixture("issues/issue_transitions_get_200.spec-examples.json"))
        .answer(200, changelog);
    let out = call(
        &http,
        "jira_get_issue",
        json!({"issue_key": "10001", "include": ["transitions", "changelog", "transitions"]}),
    )
    .expect("issue");
    assert_eq!(out["key"], "TEST-1");
    assert_eq!(out["transitions"][0]["name"], "Close Issue");
    assert_eq!(out["changelog"]["histories"][0]["id"], "5");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 3, "a repeated include is fetched once");
    assert!(seen[1].url.ends_with("/rest/api/3/issue/TEST-1/transitions"), "{}", seen[1].url);
    let http = Scripted::default();
    let err = call(&http, "jira_get_issue", json!({"issue_key": "A-1", "include": ["history"]})).expect_err("unknown");
    assert!(err.message.contains("\"history\"") && err.message.contains("remote_links"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}
