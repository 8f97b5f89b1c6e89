//! Tests of fields by display name in the tools that write issues: the field list is read only when a name is
//! used, names become ids, values take the field's shape, and unknown names fail before anything is written.

use serde_json::{json, Value};

use super::tests::call;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, Scripted};

/// A field list shaped like Jira Cloud's `GET /rest/api/3/field` (a company-managed software site).
fn site_fields() -> String {
    let custom = |id: &str, name: &str, schema: Value| {
        let number = id.trim_start_matches("customfield_");
        json!({ "id": id, "key": id, "name": name, "custom": true, "orderable": true, "navigable": true,
                "searchable": true, "clauseNames": [format!("cf[{number}]"), name], "schema": schema })
    };
    let kind = |t: &str, custom: &str| json!({ "type": t, "custom": custom });
    json!([
        { "id": "summary", "key": "summary", "name": "Summary", "custom": false,
          "clauseNames": ["summary"], "schema": { "type": "string", "system": "summary" } },
        { "id": "fixVersions", "key": "fixVersions", "name": "Fix versions", "custom": false,
          "clauseNames": ["fixVersion"], "schema": { "type": "array", "items": "version", "system": "fixVersions" } },
        custom("customfield_10016", "Story point estimate", kind("number", "com.pyxis.greenhopper.jira:jsw-story-points")),
        custom("customfield_10026", "Story Points", kind("number", "com.atlassian.jira.plugin.system.customfieldtypes:float")),
        custom("customfield_10030", "Team", kind("option", "com.atlassian.jira.plugin.system.customfieldtypes:select")),
        custom("customfield_10031", "Platforms", json!({ "type": "array", "items": "option",
            "custom": "com.atlassian.jira.plugin.system.customfieldtypes:multiselect" })),
        custom("customfield_10032", "Release notes", kind("string", "com.atlassian.jira.plugin.system.customfieldtypes:textarea")),
        custom("customfield_10033", "Reviewer", kind("user", "com.atlassian.jira.plugin.system.customfieldtypes:userpicker")),
        custom("customfield_10020", "Sprint", json!({ "type": "array", "items": "json",
            "custom": "com.pyxis.greenhopper.jira:gh-sprint" })),
    ])
    .to_string()
}

const CREATED: &str =
    r#"{"id": "10000", "key": "ACME-24", "self": "https://acme.atlassian.net/rest/api/3/issue/10000"}"#;

#[test]
fn create_maps_names_to_ids_and_shapes_values_by_schema() {
    let http = Scripted::default().answer(200, site_fields()).answer(201, CREATED);
    let args = json!({
        "project_key": "ACME", "summary": "Checkout", "issue_type": "Story",
        "fields": { "Story Points": "5", "team": "Red", "Platforms": ["iOS", "Web"], "Release notes": "**New** checkout",
                    "Reviewer": "5b10a2844c20165700ede21g", "Sprint": 42, "Fix versions": ["2.0"],
                    "customfield_10099": { "value": "as given" } }
    });
    let out = call(&http, "jira_create_issue", args).expect("create");
    assert_eq!(out["key"], "ACME-24");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].url, "https://acme.atlassian.net/rest/api/3/field");
    let fields = &seen[1].body_json().expect("json")["fields"];
    assert_eq!(fields["customfield_10026"], json!(5));
    assert_eq!(fields["customfield_10030"], json!({"value": "Red"}));
    assert_eq!(fields["customfield_10031"], json!([{"value": "iOS"}, {"value": "Web"}]));
    assert_eq!(fields["customfield_10032"]["type"], "doc");
    assert_eq!(fields["customfield_10032"]["content"][0]["content"][0]["marks"][0]["type"], "strong");
    assert_eq!(fields["customfield_10033"], json!({"accountId": "5b10a2844c20165700ede21g"}));
    assert_eq!(fields["customfield_10020"], json!(42));
    assert_eq!(fields["fixVersions"], json!([{"name": "2.0"}]));
    assert_eq!(fields["customfield_10099"], json!({"value": "as given"}), "an id key is sent as given");
    assert!(fields.get("Story Points").is_none() && fields.get("team").is_none());
}

#[test]
fn ids_alone_send_the_request_unchanged_without_the_field_list() {
    let http = Scripted::default().answer(201, CREATED);
    let args = json!({ "project_key": "ACME", "summary": "S", "issue_type": "Task",
                       "fields": { "customfield_10016": 3, "duedate": "2024-06-30" } });
    call(&http, "jira_create_issue", args).expect("create");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 1, "no field list for ids");
    let fields = &seen[0].body_json().expect("json")["fields"];
    assert_eq!(fields["customfield_10016"], json!(3));
    assert_eq!(fields["duedate"], json!("2024-06-30"));
}

#[test]
fn an_unknown_name_lists_close_matches_and_writes_nothing() {
    let http = Scripted::default().answer(200, site_fields());
    let args = json!({ "issue_key": "ACME-1", "fields": { "Story Pionts": 3 } });
    let err = call(&http, "jira_update_issue", args).expect_err("unknown");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("\"Story Pionts\""), "{}", err.message);
    assert!(err.message.contains("Story Points (customfield_10026)"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 1, "only the field list was read");

    // Bad input elsewhere fails before the field list is read.
    let http = Scripted::default();
    let args = json!({ "project_key": "ACME", "summary": " ", "issue_type": "Task", "fields": { "Team": "Red" } });
    let err = call(&http, "jira_create_issue", args).expect_err("empty summary");
    assert!(err.message.contains("`summary`"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn update_and_transition_take_names_and_read_the_list_once_per_client() {
    let http = Scripted::default()
        .answer(200, site_fields())
        .answer(204, "")
        .answer(200, fixture("issues/issue_transitions_get_200.spec-examples.json"))
        .answer(204, "")
        .answer(200, r#"{"id": "10002", "key": "ACME-1", "fields": {"status": {"name": "In Progress"}}}"#);
    let client = crate::client::Client::new(super::tests::API_KEY_CONFIG, &http).expect("client");
    let update = json!({ "issue_key": "ACME-1", "fields": { "Story Points": 8, "Team": "Blue" } });
    super::call_tool(&client, "jira_update_issue", &update.to_string()).expect("update");
    let transition = json!({ "issue_key": "ACME-1", "transition": "2", "fields": { "Story Points": "13" } });
    super::call_tool(&client, "jira_transition_issue", &transition.to_string()).expect("transition");
    let seen = http.seen.borrow();
    assert_eq!(seen.iter().filter(|r| r.url.ends_with("/rest/api/3/field")).count(), 1, "cached");
    assert_eq!(
        seen[1].body_json().expect("json"),
        json!({"fields": {"customfield_10026": 8, "customfield_10030": {"value": "Blue"}}})
    );
    assert_eq!(
        seen[3].body_json().expect("json"),
        json!({"transition": {"id": "2"}, "fields": {"customfield_10026": 13}})
    );
}

#[test]
fn batch_create_reports_an_unknown_name_at_its_index() {
    let http = Scripted::default().answer(200, site_fields());
    let issue =
        |fields: Value| json!({ "project_key": "ACME", "summary": "S", "issue_type": "Task", "fields": fields });
    let args = json!({ "issues": [issue(json!({"Team": "Red"})), issue(json!({"Teem": "Red"}))] });
    let err = call(&http, "jira_batch_create_issues", args).expect_err("unknown");
    assert!(err.message.starts_with("`issues[1]`: no field is named"), "{}", err.message);
    assert!(err.message.contains("Team (customfield_10030)"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 1, "nothing was created");

    let http = Scripted::default()
        .answer(200, site_fields())
        .answer(201, r#"{"issues": [{"id": "1", "key": "ACME-1"}, {"id": "2", "key": "ACME-2"}], "errors": []}"#);
    let args = json!({ "issues": [issue(json!({"Team": "Red"})), issue(json!({"customfield_10016": 2}))] });
    call(&http, "jira_batch_create_issues", args).expect("batch");
    let body = http.seen.borrow()[1].body_json().expect("json");
    assert_eq!(body["issueUpdates"][0]["fields"]["customfield_10030"], json!({"value": "Red"}));
    assert_eq!(body["issueUpdates"][1]["fields"]["customfield_10016"], json!(2));
}
