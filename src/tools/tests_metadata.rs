//! Tests of the project and metadata tools: argument checks, name resolution, paging and result shapes.

use serde_json::{json, Value};

use super::tests::{assert_refused_before_any_request, call, API_KEY_CONFIG};
use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, spec_example, Scripted};

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        ("jira_get_project", json!({}), "needs the argument `project_key`"),
        ("jira_get_project", json!({"project_key": "../admin"}), "must be a project key"),
        ("jira_get_create_fields", json!({"project_key": "ACME"}), "needs the argument `issue_type`"),
        ("jira_create_version", json!({"project_key": "10000", "name": "1.0", "release_date": "soon-ish!"}), "date"),
        ("jira_update_version", json!({"version_id": "10000"}), "nothing to change"),
        ("jira_update_version", json!({"version_id": "1/2", "released": true}), "numeric version id"),
        ("jira_update_version", json!({"version_id": "1", "released": "yes"}), "must be true or false"),
        ("jira_get_statuses", json!({"x": 1}), "arguments: none"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn get_project_returns_details_without_raw() {
    let http = Scripted::default().answer(200, spec_example("GET /rest/api/3/project/{projectIdOrKey} 200"));
    let out = call(&http, "jira_get_project", json!({"project_key": "EX"})).expect("call");
    assert_eq!(out["key"], "EX");
    assert_eq!(out["lead"]["display_name"], "Mia Krystof");
    assert_eq!(out["issue_types"][0]["name"], "Task");
    assert!(out.get("raw").is_none());
}

#[test]
fn create_fields_resolve_the_issue_type_name_first() {
    let http = Scripted::default()
        .answer(200, fixture("projects/createmeta_issuetypes_200.spec-examples.json"))
        .answer(200, fixture("projects/createmeta_issuetype_fields_200.spec-examples.json"));
    let out = call(&http, "jira_get_create_fields", json!({"project_key": "ACME", "issue_type": "bug"})).expect("call");
    assert_eq!(out["issue_type"]["id"], "1");
    assert_eq!(out["fields"][0]["id"], "assignee");
    assert_eq!(out["fields"][0]["required"], true);
    let seen = http.seen.borrow();
    assert!(seen[1].url.ends_with("/issue/createmeta/ACME/issuetypes/1?startAt=0&maxResults=50"), "{}", seen[1].url);

    let http = Scripted::default().answer(200, fixture("projects/createmeta_issuetypes_200.spec-examples.json"));
    let err = call(&http, "jira_get_create_fields", json!({"project_key": "ACME", "issue_type": "Story"}))
        .expect_err("unknown type");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("Bug"), "{}", err.message);
}

#[test]
fn create_version_looks_up_the_project_id_of_a_key() {
    let http = Scripted::default()
        .answer(200, spec_example("GET /rest/api/3/project/{projectIdOrKey} 200"))
        .answer(201, spec_example("POST /rest/api/3/version 201"));
    let out = call(&http, "jira_create_version", json!({"project_key": "EX", "name": "New Version 1"})).expect("call");
    assert_eq!(out["name"], "New Version 1");
    assert_eq!(out["release_date"], "2010-07-06");
    let seen = http.seen.borrow();
    assert_eq!(seen[1].body_json(), Some(json!({"projectId": 10000, "name": "New Version 1"})));

    let http = Scripted::default().answer(201, spec_example("POST /rest/api/3/version 201"));
    call(&http, "jira_create_version", json!({"project_key": "10000", "name": "v"}))
        .expect("a numeric id needs no look-up");
    assert_eq!(http.seen.borrow().len(), 1);
}

#[test]
fn update_version_releases() {
    let http = Scripted::default().answer(200, spec_example("PUT /rest/api/3/version/{id} 200"));
    let out = call(&http, "jira_update_version", json!({"version_id": "10000", "released": true, "archived": false}))
        .expect("call");
    assert_eq!(out["released"], true);
    assert_eq!(http.seen.borrow()[0].body_json(), Some(json!({"released": true, "archived": false})));
}

#[test]
fn lists_are_wrapped_in_named_arrays() {
    let http = Scripted::default()
        .answer(200, fixture("metadata/status_list_server.go-jira.json"))
        .answer(200, spec_example("GET /rest/api/3/resolution/search 200"))
        .answer(200, spec_example("GET /rest/api/3/project/{projectIdOrKey}/components 200"))
        .answer(200, fixture("projects/project_versions.jira-cli.json"))
        .answer(200, spec_example("GET /rest/api/3/project/{projectIdOrKey}/statuses 200"));
    let out = call(&http, "jira_get_statuses", json!({})).expect("statuses");
    assert_eq!(out["statuses"][0]["category"], "new");
    let out = call(&http, "jira_get_resolutions", json!({})).expect("resolutions");
    assert_eq!(out["resolutions"][0]["name"], "Works as designed");
    let out = call(&http, "jira_get_project_components", json!({"project_key": "HSP"})).expect("components");
    assert_eq!(out["components"][0]["name"], "Component 1");
    let out = call(&http, "jira_get_project_versions", json!({"project_key": "HSP"})).expect("versions");
    assert_eq!(out["versions"].as_array().map(Vec::len), Some(3));
    let out = call(&http, "jira_get_project_statuses", json!({"project_key": "HSP"})).expect("statuses");
    assert_eq!(out["issue_types"][0]["statuses"][1]["name"], "Closed");
}

#[test]
fn the_field_list_is_fetched_once_per_client() {
    let http = Scripted::default().answer(200, fixture("metadata/field_list.jira-cli.json"));
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let out: Value =
        serde_json::from_str(&call_tool(&client, "jira_search_fields", r#"{"keyword": "story"}"#).expect("call"))
            .expect("json");
    assert!(out["fields"].as_array().is_some_and(|f| !f.is_empty()));
    let all: Value =
        serde_json::from_str(&call_tool(&client, "jira_search_fields", "{}").expect("call")).expect("json");
    assert!(all["fields"].as_array().map(Vec::len) > out["fields"].as_array().map(Vec::len));
    assert_eq!(http.seen.borrow().len(), 1, "the second call used the cache");
}

#[test]
fn field_options_come_from_the_create_screen_or_the_contexts() {
    let fields = r#"{"startAt":0,"total":1,"fields":[{"fieldId":"priority","name":"Priority","required":false,
        "allowedValues":[{"id":"1","name":"Highest"},{"id":"3","name":"Medium"}]}]}"#;
    let http = Scripted::default()
        .answer(200, fixture("projects/createmeta_issuetypes_200.spec-examples.json"))
        .answer(200, fields);
    let out =
        call(&http, "jira_get_field_options", json!({"field_id": "priority", "project_key": "A", "issue_type": "Bug"}))
            .expect("call");
    assert_eq!(out["source"], "create_screen");
    assert_eq!(out["options"][1]["value"], "Medium");

    let http = Scripted::default()
        .answer(200, spec_example("GET /rest/api/3/field/{fieldId}/context 200"))
        .answer(200, spec_example("GET /rest/api/3/field/{fieldId}/context/{contextId}/option 200"))
        .answer(200, r#"{"isLast":true,"startAt":0,"total":1,"values":[{"id":"20001","value":"Chicago"}]}"#);
    let out = call(&http, "jira_get_field_options", json!({"field_id": "customfield_10020"})).expect("call");
    assert_eq!(out["source"], "contexts");
    assert_eq!(out["options"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        out["options"][4],
        json!({"id": "20001", "value": "Chicago", "disabled": false, "parent_id": null, "context_id": "10026"})
    );
    assert!(http.seen.borrow()[2].url.contains("/field/customfield_10020/context/10026/option?"));

    let http = Scripted::default();
    let err =
        call(&http, "jira_get_field_options", json!({"field_id": "priority", "project_key": "A"})).expect_err("half");
    assert!(err.message.contains("both `project_key` and `issue_type`"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn the_escape_hatch_calls_any_rest_path_on_the_site() {
    let http = Scripted::default().answer(200, r#"{"votes": 3, "hasVoted": false}"#).answer(204, "");
    let out = call(
        &http,
        "jira_request",
        json!({"method": "GET", "path": "/rest/api/3/issue/ACME-1/votes", "query": {"unused": null}}),
    )
    .expect("get");
    assert_eq!(out, json!({"status": 200, "body": {"votes": 3, "hasVoted": false}}));
    let out = call(
        &http,
        "jira_request",
        json!({"method": "PUT", "path": "/rest/api/3/issue/ACME-1/assignee", "body": {"accountId": "5b10a2844c20165700ede21g"}}),
    )
    .expect("put");
    assert_eq!(out, json!({"status": 204, "body": null}));
    let seen = http.seen.borrow();
    assert_eq!(seen[0].url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/votes");
    assert!(seen[1].header_value("authorization").is_some_and(|a| a.starts_with("Basic ")));

    let http = Scripted::default();
    for path in ["https://evil.example/rest/api/3/myself", "/rest/api/3/../../../x", "/secure/Dashboard.jspa"] {
        let err = call(&http, "jira_request", json!({"method": "GET", "path": path})).expect_err(path);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{path}");
    }
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn priorities_come_from_the_create_screen_of_the_first_standard_type() {
    let types = r#"{"startAt":0,"total":2,"issueTypes":[{"id":"5","name":"Subtask","subtask":true},{"id":"1","name":"Bug","subtask":false}]}"#;
    let fields = r#"{"startAt":0,"total":1,"fields":[{"fieldId":"priority","name":"Priority","required":false,
        "allowedValues":[{"id":"1","name":"Highest"},{"id":"3","name":"Medium"}]}]}"#;
    let http = Scripted::default().answer(200, types).answer(200, types).answer(200, fields);
    let out = call(&http, "jira_get_priorities", json!({"project_key": "ACME"})).expect("call");
    assert_eq!(
        out,
        json!({"issue_type": "Bug", "priorities": [{"id": "1", "name": "Highest"}, {"id": "3", "name": "Medium"}]})
    );
    assert!(http.seen.borrow()[2].url.contains("/issue/createmeta/ACME/issuetypes/1?"));
}
