//! Tests of the issue requests (against the OpenAPI spec) and parsers (against fixtures).

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid, CLOUD_ID};

#[test]
fn get_issue_request_on_site_and_gateway() {
    let req = get_issue_request(&site_api_key(), "acme-1", &["customfield_10016".into()], &["names".into()])
        .expect("request");
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url,
        "https://acme.atlassian.net/rest/api/3/issue/ACME-1?fields=summary%2Cstatus%2Cissuetype%2Cpriority%2Cassignee%2Creporter%2Clabels%2Ccreated%2Cupdated%2Cdescription%2Ccustomfield_10016&expand=names"
    );
    spec_valid(&req);
    let req = get_issue_request(&site_oauth(), "10001", &[], &[]).expect("request");
    assert!(req
        .url
        .starts_with(&format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/issue/10001?fields=")));
    spec_valid(&req);
}

#[test]
fn hostile_issue_keys_send_nothing() {
    for bad in ["../../admin", "ABC-1?x=y", "ABC-1/transitions", ""] {
        let err = get_issue_request(&site_api_key(), bad, &[], &[]).expect_err(bad);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
    }
}

#[test]
fn parses_the_spec_example_issue() {
    let site = site_api_key();
    let issue =
        parse_get_issue(&Response::new(200, fixture("issues/issue_get_200.spec-examples.json")), &site).expect("parse");
    assert_eq!(issue.id, "10002");
    assert_eq!(issue.key, "ED-1");
    assert_eq!(issue.url.as_deref(), Some("https://acme.atlassian.net/browse/ED-1"));
    assert!(
        issue.description.as_deref().is_some_and(|d| d.contains("Main order flow broken")),
        "{:?}",
        issue.description
    );
    assert!(issue.fields.get("timetracking").is_some(), "raw fields kept");
    assert_eq!(issue.summary, None, "the example has no summary");
}

#[test]
fn parses_the_jira_cli_issue_with_adf_description() {
    let issue = parse_get_issue(
        &Response::new(200, fixture("issues/issue_get_v3_adf_issuelinks.jira-cli.json")),
        &site_api_key(),
    )
    .expect("parse");
    assert_eq!(issue.key, "TEST-1");
    assert_eq!(issue.summary.as_deref(), Some("Bug summary"));
    assert_eq!(issue.status.as_deref(), Some("To Do"));
    assert_eq!(issue.issue_type.as_deref(), Some("Bug"));
    assert_eq!(issue.priority.as_deref(), Some("Medium"));
    assert_eq!(issue.assignee, None);
    assert_eq!(issue.created.as_deref(), Some("2020-12-03T14:05:20.974+0100"));
    assert!(issue.description.as_deref().is_some_and(|d| !d.is_empty()));
}

#[test]
fn issue_parse_errors_name_the_path() {
    let body = r#"{"id":"1","key":"A-1","fields":{"labels":["ok", 3]}}"#;
    let err = parse_get_issue(&Response::new(200, body), &site_api_key()).expect_err("bad label");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.message, "get issue: expected a string at `$.fields.labels[1]`");
    let err = parse_get_issue(&Response::new(200, "{not json"), &site_api_key()).expect_err("not json");
    assert_eq!(err.kind, ErrorKind::Decode);
}

fn new_issue() -> NewIssue {
    NewIssue {
        project_key: "ACME".into(),
        summary: "Checkout fails on Safari".into(),
        issue_type: "Bug".into(),
        description: Some("Steps:\nopen the cart\n\nExpected: it works".into()),
        assignee_account_id: Some("5b10a2844c20165700ede21g".into()),
        labels: vec!["checkout".into(), "safari".into()],
        priority: Some("High".into()),
        parent_key: Some("ACME-1".into()),
        fields: serde_json::from_str(r#"{"customfield_10016": 5}"#).expect("json"),
    }
}

#[test]
fn create_issue_request_body() {
    let req = create_issue_request(&site_api_key(), &new_issue()).expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue");
    assert_eq!(req.header_value("content-type"), Some("application/json"));
    let body = req.body_json().expect("json body");
    let fields = &body["fields"];
    assert_eq!(fields["project"], json!({"key": "ACME"}));
    assert_eq!(fields["summary"], json!("Checkout fails on Safari"));
    assert_eq!(fields["issuetype"], json!({"name": "Bug"}));
    assert_eq!(fields["priority"], json!({"name": "High"}));
    assert_eq!(fields["assignee"], json!({"accountId": "5b10a2844c20165700ede21g"}));
    assert_eq!(fields["parent"], json!({"key": "ACME-1"}));
    assert_eq!(fields["labels"], json!(["checkout", "safari"]));
    assert_eq!(fields["customfield_10016"], json!(5));
    assert_eq!(fields["description"]["type"], json!("doc"));
    assert_eq!(fields["description"]["version"], json!(1));
    spec_valid(&req);
}

#[test]
fn create_issue_ids_are_sent_as_ids() {
    let issue =
        NewIssue { project_key: "10000".into(), issue_type: "10001".into(), priority: Some("3".into()), ..new_issue() };
    let body = create_issue_request(&site_oauth(), &issue).expect("request").body_json().expect("json");
    assert_eq!(body["fields"]["project"], json!({"id": "10000"}));
    assert_eq!(body["fields"]["issuetype"], json!({"id": "10001"}));
    assert_eq!(body["fields"]["priority"], json!({"id": "3"}));
}

#[test]
fn create_issue_rejects_bad_input_before_sending() {
    let cases = [
        (NewIssue { summary: "  ".into(), ..new_issue() }, "`summary` is empty"),
        (NewIssue { summary: "a\nb".into(), ..new_issue() }, "single line"),
        (NewIssue { summary: "x".repeat(256), ..new_issue() }, "255"),
        (NewIssue { issue_type: "".into(), ..new_issue() }, "`issue_type`"),
        (NewIssue { project_key: "AC/ME".into(), ..new_issue() }, "`project_key`"),
        (NewIssue { labels: vec!["two words".into()], ..new_issue() }, "`labels`"),
        (NewIssue { parent_key: Some("../x".into()), ..new_issue() }, "`parent_key`"),
    ];
    for (issue, needle) in cases {
        let err = create_issue_request(&site_api_key(), &issue).expect_err(needle);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(needle), "{}", err.message);
    }
}

#[test]
fn parses_created_issue_fixtures() {
    let site = site_api_key();
    let created =
        parse_created_issue(&Response::new(201, fixture("issues/issue_create_201.spec-examples.json")), &site)
            .expect("parse");
    assert_eq!(created.id, "10000");
    assert_eq!(created.key, "ED-24");
    assert_eq!(created.url.as_deref(), Some("https://acme.atlassian.net/browse/ED-24"));
    let created =
        parse_created_issue(&Response::new(201, fixture("issues/issue_create_response.jira-cli.json")), &site)
            .expect("parse");
    assert!(!created.key.is_empty());
}

#[test]
fn a_null_laden_issue_and_a_field_restricted_one_parse() {
    // Shaped like a real Cloud answer: unassigned, no priority scheme entry, an app as reporter (no email, no
    // `active`), unresolved, empty description and due date, `self` absent.
    let body = r#"{"expand":"renderedFields","id":"10002","key":"ED-1","fields":{
        "summary":"Main order flow broken","assignee":null,"resolution":null,"description":null,"duedate":null,
        "reporter":{"accountId":"557058:app","accountType":"app","displayName":"Automation for Jira"},
        "status":{"name":"To Do","statusCategory":{"key":"new"}},"issuetype":{"id":"10000"},"labels":[],
        "created":"2024-03-01T10:00:00.000+0000","updated":null}}"#;
    let issue = parse_get_issue(&Response::new(200, body), &site_api_key()).expect("parse");
    assert_eq!((issue.id.as_str(), issue.key.as_str()), ("10002", "ED-1"));
    assert_eq!(issue.summary.as_deref(), Some("Main order flow broken"));
    assert_eq!((issue.assignee.as_ref(), issue.priority.as_deref(), issue.description.as_deref()), (None, None, None));
    assert_eq!(
        issue.reporter,
        Some(crate::jira::UserRef { account_id: "557058:app".into(), display_name: "Automation for Jira".into() })
    );
    assert_eq!((issue.status.as_deref(), issue.issue_type.as_deref()), (Some("To Do"), None));
    assert!(issue.labels.is_empty());
    assert_eq!((issue.created.as_deref(), issue.updated.as_deref()), (Some("2024-03-01T10:00:00.000+0000"), None));
    assert_eq!(issue.fields["duedate"], serde_json::Value::Null, "the raw fields keep what Jira sent");

    // `fields=summary` leaves every other field out.
    let body = r#"{"id":"10003","key":"ED-2","fields":{"summary":"Only this"}}"#;
    let issue = parse_get_issue(&Response::new(200, body), &site_api_key()).expect("parse");
    assert_eq!(issue.summary.as_deref(), Some("Only this"));
    assert_eq!((issue.status, issue.reporter, issue.created), (None, None, None));
    assert_eq!(issue.url.as_deref(), Some("https://acme.atlassian.net/browse/ED-2"));
}
