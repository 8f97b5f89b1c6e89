//! Reading and creating issues through the component, for every auth method, checked against the fake's state
//! and the requests it received.

use crate::common::*;
use jira_host::bindings::{ErrorKind, NewIssue};
use serde_json::{json, Value};

/// The text of every `text` node of an Atlassian Document Format value, concatenated.
fn adf_text(node: &Value) -> String {
    let mut out = String::new();
    if let Some(text) = node["text"].as_str() {
        out.push_str(text);
    }
    for child in node["content"].as_array().into_iter().flatten() {
        out.push_str(&adf_text(child));
    }
    out
}

#[test]
fn get_issue_matches_the_fakes_issue_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let expected = env.fake.issue_json("ACME-2").unwrap();
        let fields = &expected["fields"];
        let issue = env.ok(method, "jira_get_issue", json!({"issue_key": "ACME-2"}));

        assert_eq!(issue["key"], "ACME-2", "[{}]", method.name());
        assert_eq!(issue["id"], expected["id"]);
        assert_eq!(issue["url"], "https://acme.atlassian.net/browse/ACME-2");
        assert_eq!(issue["summary"], fields["summary"]);
        assert_eq!(issue["status"], fields["status"]["name"]);
        assert_eq!(issue["issue_type"], fields["issuetype"]["name"]);
        assert_eq!(issue["priority"], fields["priority"]["name"]);
        assert_eq!(issue["labels"], fields["labels"]);
        assert_eq!(issue["assignee"]["account_id"], fields["assignee"]["accountId"]);
        assert_eq!(issue["assignee"]["display_name"], fields["assignee"]["displayName"]);
        assert_eq!(issue["reporter"]["account_id"], fields["reporter"]["accountId"]);
        assert_eq!(issue["created"], fields["created"]);
        assert_eq!(issue["updated"], fields["updated"]);
        assert_eq!(issue["description"].as_str().map(str::trim), Some(adf_text(&fields["description"]).trim()));
        assert_eq!(issue["fields"]["summary"], fields["summary"], "raw fields are kept");

        assert_routed(&env, method, lookups(method));
        let api = env.api_requests();
        assert_eq!(api.len(), 1);
        assert_eq!(api[0].method, "GET");
        assert_eq!(api[0].path, rest_path(method, "api/3/issue/ACME-2"));
    }
}

#[test]
fn get_issue_passes_fields_and_expand() {
    let env = Env::new();
    let issue = env.ok(
        ApiKey,
        "jira_get_issue",
        json!({"issue_key": "ACME-1", "fields": ["summary", "status"], "expand": ["names"]}),
    );
    assert_eq!(issue["key"], "ACME-1");

    let api = env.api_requests();
    let params = query_params(&api[0]);
    let sent: Vec<&str> = params.iter().filter(|(k, _)| k == "fields").flat_map(|(_, v)| v.split(',')).collect();
    assert!(sent.contains(&"summary") && sent.contains(&"status"), "{sent:?}");
    assert!(params.contains(&("expand".into(), "names".into())), "{params:?}");
    // The fake honours the selection, so the raw fields are exactly what was asked for.
    let raw = issue["fields"].as_object().unwrap();
    assert!(raw.contains_key("summary") && raw.contains_key("status"), "{raw:?}");
    assert!(raw.keys().all(|k| sent.contains(&k.as_str())), "{raw:?} vs {sent:?}");
    assert!(!raw.contains_key("comment"));
}

#[test]
fn unassigned_issues_have_a_null_assignee() {
    let env = Env::new();
    let created = env.ok(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "OPS", "summary": "Nobody owns this", "issue_type": "Task"}),
    );
    let key = created["key"].as_str().unwrap();
    let issue = env.ok(ApiKey, "jira_get_issue", json!({"issue_key": key}));
    assert_eq!(issue["assignee"], Value::Null);
    assert_eq!(issue["summary"], "Nobody owns this");
}

#[test]
fn create_issue_stores_the_issue_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let before = env.fake.issue_count();
        let summary = format!("Created with {}", method.name());
        let created = env.ok(
            method,
            "jira_create_issue",
            json!({
                "project_key": "ACME",
                "summary": summary,
                "issue_type": "Bug",
                "description": "First paragraph.\n\nSecond paragraph.",
                "labels": ["from-test", "wasm"],
                "priority": "High",
                "assignee_account_id": "5b10a2844c20165700ede21g",
            }),
        );
        let key = created["key"].as_str().unwrap();
        assert!(key.starts_with("ACME-"), "{created}");
        assert_eq!(created["url"], format!("https://acme.atlassian.net/browse/{key}"));
        assert!(created["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert_eq!(env.fake.issue_count(), before + 1);

        let stored = env.fake.issue_json(key).unwrap();
        let fields = &stored["fields"];
        assert_eq!(fields["summary"], json!(summary));
        assert_eq!(fields["issuetype"]["name"], "Bug");
        assert_eq!(fields["priority"]["name"], "High");
        assert_eq!(fields["labels"], json!(["from-test", "wasm"]));
        assert_eq!(fields["assignee"]["accountId"], "5b10a2844c20165700ede21g");
        let description = adf_text(&fields["description"]);
        assert!(description.contains("First paragraph.") && description.contains("Second paragraph."));
        assert_eq!(fields["description"]["content"].as_array().map(Vec::len), Some(2), "two paragraphs");

        assert_routed(&env, method, lookups(method));
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, rest_path(method, "api/3/issue"));
        let body = body_json(&post);
        assert_eq!(body["fields"]["project"]["key"], "ACME");
        assert_eq!(body["fields"]["description"]["type"], "doc");
        assert_eq!(post.header("content-type").map(|c| c.starts_with("application/json")), Some(true));
    }
}

#[test]
fn create_sub_task_with_parent_and_custom_fields() {
    let env = Env::new();
    let created = env.ok(
        OAuth,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "Child", "issue_type": "Subtask", "parent_key": "ACME-1",
               "fields": {"labels": ["custom-merge"]}}),
    );
    let key = created["key"].as_str().unwrap();
    let stored = env.fake.issue_json(key).unwrap();
    assert_eq!(stored["fields"]["parent"]["key"], "ACME-1");
    let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
    let body = body_json(&post);
    assert_eq!(body["fields"]["parent"]["key"], "ACME-1");
    assert_eq!(body["fields"]["labels"], json!(["custom-merge"]), "extra fields are merged last");
}

#[test]
fn typed_client_creates_and_reads_issues() {
    let env = Env::new();
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&InstantOAuth.fake_config().to_string()).unwrap().unwrap();
    let created = client
        .create_issue(&NewIssue {
            project_key: "OPS".into(),
            description: Some("Plain text body".into()),
            labels: vec!["typed".into()],
            ..task("Typed create")
        })
        .unwrap()
        .unwrap();
    assert!(created.key.starts_with("OPS-"));
    let issue = client.get_issue(&created.key, &[], &[]).unwrap().unwrap();
    assert_eq!(issue.key, created.key);
    assert_eq!(issue.id, created.id);
    assert_eq!(issue.summary.as_deref(), Some("Typed create"));
    assert_eq!(issue.issue_type.as_deref(), Some("Task"));
    assert_eq!(issue.labels, ["typed"]);
    assert_eq!(issue.description.as_deref().map(str::trim), Some("Plain text body"));
    assert!(issue.assignee.is_none());
    let raw: Value = serde_json::from_str(&issue.fields_json).unwrap();
    assert_eq!(raw["summary"], "Typed create");
    client.close().unwrap();
    assert_routed(&env, InstantOAuth, 1);
}

#[test]
fn create_issue_reports_jiras_field_errors() {
    let env = Env::new();
    let before = env.fake.issue_count();
    let error = env.err(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "Bad type", "issue_type": "Unicorn"}),
        ErrorKind::InvalidInput,
    );
    assert_eq!(error.status, Some(400));
    assert!(
        error.field_errors.iter().any(|f| f.field == "issuetype" && !f.message.is_empty()),
        "{:?}",
        error.field_errors
    );
    assert_eq!(env.fake.issue_count(), before);
}

#[test]
fn invalid_arguments_are_refused_before_any_request() {
    let env = Env::new();
    for (tool, args) in [
        ("jira_get_issue", json!({})),
        ("jira_get_issue", json!({"issue_key": 42})),
        ("jira_get_issue", json!({"issue_key": "ACME-1/../../myself"})),
        ("jira_create_issue", json!({"project_key": "ACME", "issue_type": "Task"})),
        ("jira_create_issue", json!({"project_key": "ACME", "summary": "x", "issue_type": "Task", "labels": "a"})),
    ] {
        let error = env.err(ApiKey, tool, args.clone(), ErrorKind::InvalidInput);
        assert_eq!(error.status, None, "{tool} {args}: {}", error.message);
    }
    assert!(env.fake.requests().is_empty(), "{:?}", env.fake.requests());
}
