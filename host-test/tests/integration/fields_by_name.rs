//! Fields by display name, through the component in wasmtime against the fake Jira: create, update and
//! transition with "Story Points", a select, a multi-select and a rich-text field named as users see them; the
//! field list read only when a name is used; an unknown name answered with close matches before any write.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::Fault;
use serde_json::json;

const STORY_POINTS: &str = "customfield_10026";
const TEAM: &str = "customfield_10030";
const PLATFORMS: &str = "customfield_10031";
const RELEASE_NOTES: &str = "customfield_10032";

#[test]
fn create_with_fields_by_name_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let created = env.ok(
            method,
            "jira_create_issue",
            json!({"project_key": "ACME", "summary": "Saved cards", "issue_type": "Story",
                   "fields": {"Story Points": "8", "team": "Red", "Platforms": ["iOS", "Web"],
                              "Release notes": "Pay with a **saved card**."}}),
        );
        let key = created["key"].as_str().expect("key");
        let fields = env.fake.issue_json(key).expect("created")["fields"].clone();
        assert_eq!(fields[STORY_POINTS], json!(8), "[{}]", method.name());
        assert_eq!(fields[TEAM], json!({"id": "10200", "value": "Red"}));
        assert_eq!(fields[PLATFORMS], json!([{"id": "10210", "value": "iOS"}, {"id": "10212", "value": "Web"}]));
        assert_eq!(fields[RELEASE_NOTES]["type"], "doc");
        let api = env.api_requests();
        assert_eq!(api.len(), 2, "[{}] the field list, then the issue", method.name());
        assert_eq!((api[0].method.as_str(), api[0].path.clone()), ("GET", rest_path(method, "api/3/field")));
        assert_eq!(api[1].method, "POST");
        let sent = body_json(&api[1]);
        assert_eq!(sent["fields"][TEAM], json!({"value": "Red"}));
        assert!(sent["fields"].get("Story Points").is_none(), "names never reach Jira");
        assert_routed(&env, method, lookups(method));
    }
}

#[test]
fn update_and_transition_with_fields_by_name() {
    let env = Env::new();
    let out = env.ok(
        ApiKey,
        "jira_update_issue",
        json!({"issue_key": "ACME-3", "fields": {"Story Points": 13, "Team": "Blue", "Platforms": "Android"}}),
    );
    assert_eq!(out, json!({"issue_key": "ACME-3", "updated": true}));
    let fields = env.fake.issue_json("ACME-3").expect("issue")["fields"].clone();
    assert_eq!(fields[STORY_POINTS], json!(13));
    assert_eq!(fields[TEAM]["value"], "Blue");
    assert_eq!(fields[PLATFORMS], json!([{"id": "10211", "value": "Android"}]));

    let moved = env.ok(
        ApiKey,
        "jira_transition_issue",
        json!({"issue_key": "ACME-3", "transition": "Done", "fields": {"Story Points": 5}}),
    );
    assert_eq!(moved["status"], "Done");
    assert_eq!(env.fake.issue_json("ACME-3").expect("issue")["fields"][STORY_POINTS], json!(5));
}

#[test]
fn ids_alone_do_not_read_the_field_list() {
    let env = Env::new();
    env.ok(
        ApiKey,
        "jira_update_issue",
        json!({"issue_key": "ACME-3", "fields": {"customfield_10026": 2, "customfield_10030": {"id": "10201"}}}),
    );
    let api = env.api_requests();
    assert_eq!(api.len(), 1);
    assert_eq!(api[0].method, "PUT");
    assert_eq!(env.fake.issue_json("ACME-3").expect("issue")["fields"][TEAM]["value"], "Blue");
}

#[test]
fn an_unknown_name_lists_close_matches_and_changes_nothing() {
    let env = Env::new();
    let before = env.fake.issue_json("ACME-3").expect("issue");
    let err = env.err(
        ApiKey,
        "jira_update_issue",
        json!({"issue_key": "ACME-3", "fields": {"Story Pints": 3}}),
        ErrorKind::InvalidInput,
    );
    assert!(err.message.contains("\"Story Pints\""), "{}", err.message);
    assert!(err.message.contains("Story Points (customfield_10026)"), "{}", err.message);
    let api = env.api_requests();
    assert_eq!(api.len(), 1, "only the field list was read");
    assert_eq!(api[0].method, "GET");
    assert_eq!(env.fake.issue_json("ACME-3"), Some(before));

    let count = env.fake.issue_count();
    let err = env.err(
        OAuth,
        "jira_batch_create_issues",
        json!({"issues": [{"project_key": "ACME", "summary": "A", "issue_type": "Task", "fields": {"Team": "Red"}},
                          {"project_key": "ACME", "summary": "B", "issue_type": "Task", "fields": {"Teams": "Red"}}]}),
        ErrorKind::InvalidInput,
    );
    assert!(err.message.starts_with("`issues[1]`: "), "{}", err.message);
    assert!(err.message.contains("Team (customfield_10030)"), "{}", err.message);
    assert_eq!(env.fake.issue_count(), count, "nothing created");
}

#[test]
fn jira_refusals_and_field_list_failures_are_reported() {
    let env = Env::new();
    let err = env.err(
        ApiKey,
        "jira_update_issue",
        json!({"issue_key": "ACME-3", "fields": {"Team": "Green"}}),
        ErrorKind::InvalidInput,
    );
    assert!(err.message.contains("Option value 'Green' is not valid"), "{}", err.message);

    env.fake.inject(Fault::jira_error("/rest/api/3/field", 500, "The field list is unavailable."));
    let err = env.err(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "S", "issue_type": "Task", "fields": {"Team": "Red"}}),
        ErrorKind::ServerError,
    );
    assert!(!err.message.is_empty());
    env.fake.inject(Fault::status("/rest/api/3/field", 403, r#"{"errorMessages": ["No access"], "errors": {}}"#));
    env.err(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "S", "issue_type": "Task", "fields": {"Team": "Red"}}),
        ErrorKind::Forbidden,
    );
}
