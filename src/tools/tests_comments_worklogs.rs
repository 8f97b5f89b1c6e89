//! Tests of the comment and worklog tools: argument checks before any request, paging, and result shapes.

use serde_json::{json, Value};

use super::tests::{assert_refused_before_any_request, call};
use crate::jira::test_support::{fixture, spec_example, Scripted};

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        ("jira_get_comments", json!({"issue_key": "ACME 1"}), "`issue_key` must be an issue key"),
        (
            "jira_edit_comment",
            json!({"issue_key": "A-1", "comment_id": "x", "body": "b"}),
            "`comment_id` must be a numeric id",
        ),
        ("jira_delete_comment", json!({"issue_key": "A-1", "comment_id": "1/2"}), "`comment_id` must be a numeric id"),
        (
            "jira_add_comment",
            json!({"issue_key": "A-1", "body": "b", "visibility": {"type": "user", "value": "x"}}),
            "`visibility.type` must be `role` or `group`",
        ),
        (
            "jira_add_comment",
            json!({"issue_key": "A-1", "body": "b", "visibility": {"type": "role"}}),
            "argument `visibility` must be",
        ),
        (
            "jira_add_worklog",
            json!({"issue_key": "A-1", "time_spent": "90 minutes"}),
            "`time_spent` must be a duration",
        ),
        (
            "jira_add_worklog",
            json!({"issue_key": "A-1", "time_spent": "1h", "started": "next tuesday"}),
            "`started` must be an ISO-8601",
        ),
        (
            "jira_add_worklog",
            json!({"issue_key": "A-1", "time_spent": "1h", "adjust_estimate": "new"}),
            "needs `new_estimate`",
        ),
        (
            "jira_add_worklog",
            json!({"issue_key": "A-1", "time_spent": "1h", "reduce_by": "1h"}),
            "`reduce_by` is only used",
        ),
        ("jira_update_worklog", json!({"issue_key": "A-1", "worklog_id": "7"}), "nothing to change"),
        (
            "jira_update_worklog",
            json!({"issue_key": "A-1", "worklog_id": "7", "time_spent": "1h", "adjust_estimate": "manual"}),
            "must be auto, leave or new",
        ),
        (
            "jira_delete_worklog",
            json!({"issue_key": "A-1", "worklog_id": "7", "adjust_estimate": "manual"}),
            "needs `increase_by`",
        ),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn get_comments_pages_until_the_limit() {
    let page = |start: u32, ids: &[u32], total: u32| {
        let comments: Vec<Value> = ids
            .iter()
            .map(|id| json!({"id": id.to_string(), "body": {"type": "doc", "version": 1, "content": []}}))
            .collect();
        json!({"startAt": start, "maxResults": 100, "total": total, "comments": comments}).to_string()
    };
    let ids: Vec<u32> = (1..=100).collect();
    let http = Scripted::default().answer(200, page(0, &ids, 150)).answer(200, page(100, &[101, 102], 150));
    let out = call(&http, "jira_get_comments", json!({"issue_key": "ACME-1", "limit": 102})).expect("comments");
    assert_eq!(out["comments"].as_array().map(Vec::len), Some(102));
    assert_eq!(out["comments"][101]["id"], "102");
    assert_eq!(out["is_last"], false);
    let seen = http.seen.borrow();
    assert!(seen[0].url.ends_with("/comment?startAt=0&maxResults=100"), "{}", seen[0].url);
    assert!(seen[1].url.ends_with("/comment?startAt=100&maxResults=2"), "{}", seen[1].url);
}

#[test]
fn add_comment_with_visibility_and_edit_and_delete() {
    let http = Scripted::default()
        .answer(201, fixture("issues/issue_comment_add_201.spec-examples.json"))
        .answer(200, spec_example("PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id} 200"))
        .answer(204, "");
    let visibility = json!({"type": "role", "value": "Administrators"});
    let added = call(&http, "jira_add_comment", json!({"issue_key": "ACME-1", "body": "hi", "visibility": visibility}))
        .expect("add");
    assert_eq!(added["id"], "10000");
    let edited =
        call(&http, "jira_edit_comment", json!({"issue_key": "ACME-1", "comment_id": "10000", "body": "changed"}))
            .expect("edit");
    assert_eq!(edited["visibility"], visibility);
    let deleted =
        call(&http, "jira_delete_comment", json!({"issue_key": "ACME-1", "comment_id": "10000"})).expect("delete");
    assert_eq!(deleted, json!({"deleted": true, "comment_id": "10000"}));
    let seen = http.seen.borrow();
    assert_eq!(seen[0].body_json().expect("body")["visibility"], visibility);
    assert_eq!(seen[2].method.as_str(), "DELETE");
}

#[test]
fn worklog_tools_send_and_return_the_worklog() {
    let http = Scripted::default()
        .answer(200, fixture("issues/issue_worklogs_get_200.spec-examples.json"))
        .answer(201, spec_example("PUT /rest/api/3/issue/{issueIdOrKey}/worklog/{id} 200"))
        .answer(204, "");
    let listed = call(&http, "jira_get_worklogs", json!({"issue_key": "ACME-1"})).expect("list");
    assert_eq!(listed["worklogs"][0]["time_spent_seconds"], 12000);
    assert_eq!(listed["is_last"], true);
    let added = call(
        &http,
        "jira_add_worklog",
        json!({"issue_key": "ACME-1", "time_spent": "3h 20m", "started": "2021-01-17T12:34:00Z", "adjust_estimate": "leave"}),
    )
    .expect("add");
    assert_eq!(added["time_spent"], "3h 20m");
    call(&http, "jira_delete_worklog", json!({"issue_key": "ACME-1", "worklog_id": "100028"})).expect("delete");
    let seen = http.seen.borrow();
    assert!(seen[1].url.ends_with("/worklog?adjustEstimate=leave"), "{}", seen[1].url);
    assert_eq!(seen[1].body_json().expect("body")["started"], "2021-01-17T12:34:00.000+0000");
    assert!(seen[2].url.ends_with("/worklog/100028"), "{}", seen[2].url);
}
