//! Tests of the link, remote link and watcher tools: argument checks before any request and result shapes.

use serde_json::json;

use super::tests::{assert_refused_before_any_request, call};
use crate::http::Response;
use crate::jira::test_support::{fixture, spec_example, Scripted};

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        (
            "jira_create_issue_link",
            json!({"link_type": "Blocks", "inward_issue": "A-1", "outward_issue": "A-1"}),
            "linked to itself",
        ),
        (
            "jira_create_issue_link",
            json!({"link_type": "Blocks", "inward_issue": "A-1"}),
            "needs the argument `outward_issue`",
        ),
        ("jira_remove_issue_link", json!({"link_id": "abc"}), "`link_id` must be a numeric id"),
        (
            "jira_create_remote_link",
            json!({"issue_key": "A-1", "url": "file:///etc/passwd", "title": "t"}),
            "http or https",
        ),
        (
            "jira_add_watcher",
            json!({"issue_key": "A-1", "account_id": "a b"}),
            "`account_id` must be an Atlassian account id",
        ),
        ("jira_remove_watcher", json!({"issue_key": "A/1", "account_id": "abc"}), "`issue_key` must be an issue key"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn link_tools_return_their_shapes() {
    let http = Scripted::default()
        .answer(200, fixture("metadata/issuelinktype_list.jira-cli.json"))
        .answer(200, fixture("issues/issue_remotelinks_get_200.spec-examples.json"))
        .answer(201, spec_example("POST /rest/api/3/issue/{issueIdOrKey}/remotelink 201"))
        .answer(204, "");
    let types = call(&http, "jira_get_link_types", json!({})).expect("types");
    assert_eq!(types["link_types"][0]["name"], "Blocks");
    let remote = call(&http, "jira_get_remote_links", json!({"issue_key": "ACME-1"})).expect("remote");
    assert_eq!(remote["remote_links"][0]["title"], "TSTSUP-111");
    let created = call(
        &http,
        "jira_create_remote_link",
        json!({"issue_key": "ACME-1", "url": "https://example.com/x", "title": "X"}),
    )
    .expect("created");
    assert_eq!(created["id"], "10000");
    let removed = call(&http, "jira_remove_issue_link", json!({"link_id": "10010"})).expect("removed");
    assert_eq!(removed, json!({"removed": true, "link_id": "10010"}));
    assert!(http.seen.borrow()[3].url.ends_with("/rest/api/3/issueLink/10010"));
}

#[test]
fn create_link_reports_the_id_from_location_and_watchers_round_trip() {
    let http = Scripted::default();
    http.answers.borrow_mut().push_back(Ok(
        Response::new(201, "").with_header("Location", "https://acme.atlassian.net/rest/api/3/issueLink/10042")
    ));
    let http = http
        .answer(200, spec_example("GET /rest/api/3/issue/{issueIdOrKey}/watchers 200"))
        .answer(204, "")
        .answer(204, "");
    let created = call(
        &http,
        "jira_create_issue_link",
        json!({"link_type": "Blocks", "inward_issue": "ACME-1", "outward_issue": "ACME-2"}),
    )
    .expect("link");
    assert_eq!(created, json!({"created": true, "link_id": "10042"}));
    let watchers = call(&http, "jira_get_watchers", json!({"issue_key": "ACME-1"})).expect("watchers");
    assert_eq!(watchers["watch_count"], 1);
    assert_eq!(watchers["watchers"][0]["account_id"], "5b10a2844c20165700ede21g");
    call(&http, "jira_add_watcher", json!({"issue_key": "ACME-1", "account_id": "5b10a2844c20165700ede21g"}))
        .expect("add");
    call(&http, "jira_remove_watcher", json!({"issue_key": "ACME-1", "account_id": "5b10a2844c20165700ede21g"}))
        .expect("remove");
    let seen = http.seen.borrow();
    assert_eq!(seen[2].body.as_deref(), Some(&b"\"5b10a2844c20165700ede21g\""[..]));
    assert!(seen[3].url.ends_with("/watchers?accountId=5b10a2844c20165700ede21g"), "{}", seen[3].url);
}
