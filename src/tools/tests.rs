//! Tests of the tool catalog (schemas, scopes against the spec) and of the dispatch.

use std::collections::BTreeSet;

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, Scripted};
use crate::openapi_check::operation_scopes;

/// A configuration with an API key, for tools tests.
pub(super) const API_KEY_CONFIG: &str =
    r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok"}}"#;

/// Calls a tool on a client built from [`API_KEY_CONFIG`] over `http`, parsing the JSON result.
pub(super) fn call(http: &Scripted, tool: &str, args: Value) -> Result<Value> {
    call_with(API_KEY_CONFIG, http, tool, args)
}

/// Calls a tool on a client built from any configuration document, parsing the JSON result.
pub(super) fn call_with(config: &str, http: &Scripted, tool: &str, args: Value) -> Result<Value> {
    let client = Client::new(config, http).expect("client");
    call_tool(&client, tool, &args.to_string()).map(|out| serde_json::from_str(&out).expect("json result"))
}

/// Asserts, for each `(tool, arguments, expected)`, that the call is refused as invalid input with a message
/// containing `expected`, and that no request was sent. The arguments are JSON text (or a JSON value).
pub(super) fn assert_refused_before_any_request(cases: &[(&str, impl std::fmt::Display, &str)]) {
    for (tool, args, expected) in cases {
        let http = Scripted::default();
        let client = Client::new(API_KEY_CONFIG, &http).expect("client");
        let err = call_tool(&client, tool, &args.to_string()).expect_err(&format!("{tool} {args}"));
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{tool} {args}: {}", err.message);
        assert!(err.message.contains(expected), "{tool} {args}: {}", err.message);
        assert!(http.seen.borrow().is_empty(), "{tool} {args}: a request was sent");
    }
}

#[test]
fn names_are_unique_and_schemas_are_strict_json_schemas() {
    let tools = catalog();
    let names: BTreeSet<&str> = tools.iter().map(|t| t.name).collect();
    assert_eq!(names.len(), tools.len(), "unique names");
    for expected in [
        "jira_get_myself",
        "jira_get_issue",
        "jira_search",
        "jira_create_issue",
        "jira_list_projects",
        "jira_get_transitions",
        "jira_transition_issue",
        "jira_add_comment",
    ] {
        assert!(names.contains(expected), "{expected} missing");
    }
    for tool in tools {
        assert!(jsonschema::meta::is_valid(&tool.input_schema), "{} schema is not valid JSON Schema", tool.name);
        assert_eq!(tool.input_schema["type"], "object", "{}", tool.name);
        assert_eq!(tool.input_schema["additionalProperties"], false, "{}", tool.name);
        assert!(tool.description.len() > 30, "{} needs a real description", tool.name);
        let properties = tool.input_schema["properties"].as_object().expect("properties");
        for required in tool.input_schema["required"].as_array().expect("required") {
            assert!(properties.contains_key(required.as_str().expect("name")), "{}: {required}", tool.name);
        }
    }
}

#[test]
fn declared_scopes_match_the_spec_operations() {
    for tool in catalog() {
        if tool.operations.is_empty() {
            // Only the escape hatch calls no fixed operation: it needs whatever its endpoint needs.
            assert_eq!(tool.name, "jira_request", "every other tool lists its operations");
            assert!(tool.scopes.is_empty() && tool.granular_scopes.is_empty() && !tool.read_only);
            continue;
        }
        let (mut classic, mut granular) = (BTreeSet::new(), BTreeSet::new());
        for operation in tool.operations {
            let (method, path) = operation.split_once(' ').expect("METHOD /path");
            let (c, g) = operation_scopes(method, path).unwrap_or_else(|| panic!("{operation} not in the spec"));
            if path.starts_with("/rest/agile/") {
                // The Software spec lists only granular scopes; the classic ones are those Jira Software
                // documents for its REST API: read:jira-work to read, write:jira-work to change.
                assert!(c.is_empty(), "{operation}: the Software spec now lists classic scopes {c:?}");
                classic.insert(if method == "GET" { "read:jira-work" } else { "write:jira-work" }.to_string());
            }
            classic.extend(c);
            granular.extend(g);
        }
        let declared: BTreeSet<String> = tool.scopes.iter().map(|s| s.to_string()).collect();
        let declared_granular: BTreeSet<String> = tool.granular_scopes.iter().map(|s| s.to_string()).collect();
        assert_eq!(declared, classic, "{} classic scopes", tool.name);
        assert_eq!(declared_granular, granular, "{} granular scopes", tool.name);
    }
}

#[test]
fn read_only_flags_follow_the_methods() {
    for tool in catalog() {
        // POSTs that only read (a query too large for a URL).
        const READS: [&str; 4] = [
            "POST /rest/api/3/search/jql",
            "POST /rest/api/3/search/approximate-count",
            "POST /rest/api/3/issue/bulkfetch",
            "POST /rest/api/3/changelog/bulkfetch",
        ];
        let writes = tool.operations.iter().any(|op| !op.starts_with("GET ") && !READS.contains(op))
            || tool.operations.is_empty(); // the escape hatch may write
        assert_eq!(tool.read_only, !writes, "{}", tool.name);
    }
}

#[test]
fn arguments_are_validated_before_any_request() {
    let cases = [
        ("jira_get_issue", r#"{}"#, "needs the argument `issue_key`"),
        ("jira_get_issue", r#"{"issue_key": 5}"#, "argument `issue_key` must be a string"),
        ("jira_get_issue", r#"{"issue_key": ""}"#, "at least 1 character"),
        ("jira_get_issue", r#"{"issue_key": "A-1", "feilds": []}"#, "has no argument \"feilds\""),
        ("jira_get_issue", r#"{"issue_key": "A-1", "fields": "summary"}"#, "`fields` must be an array"),
        ("jira_get_issue", r#"{"issue_key": "A-1", "fields": [1]}"#, "`fields[0]` must be a string"),
        ("jira_get_issue", r#"{"issue_key": "../../admin"}"#, "must be an issue key"),
        ("jira_search", r#"{"jql": "project = A", "limit": 0}"#, "`limit` must be between 1 and 1000"),
        ("jira_search", r#"{"jql": "project = A", "limit": "ten"}"#, "`limit` must be an integer"),
        ("jira_create_issue", r#"{"project_key": "A", "summary": "s"}"#, "needs the argument `issue_type`"),
        (
            "jira_create_issue",
            r#"{"project_key": "A", "summary": "s", "issue_type": "Bug", "fields": []}"#,
            "must be a JSON object",
        ),
        ("jira_get_myself", r#"[]"#, "must be a JSON object"),
        ("jira_get_myself", r#"{"x": 1}"#, "arguments: none"),
        ("jira_get_myself", r#"{not json"#, "not valid JSON"),
        ("jira_nope", r#"{}"#, "unknown tool"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn get_issue_tool_returns_the_simplified_shape() {
    let http = Scripted::default().answer(200, fixture("issues/issue_get_v3_adf_issuelinks.jira-cli.json"));
    let out = call(&http, "jira_get_issue", json!({"issue_key": "TEST-1"})).expect("call");
    assert_eq!(out["key"], "TEST-1");
    assert_eq!(out["url"], "https://acme.atlassian.net/browse/TEST-1");
    assert_eq!(out["summary"], "Bug summary");
    assert_eq!(out["status"], "To Do");
    assert_eq!(out["issue_type"], "Bug");
    assert_eq!(out["assignee"], Value::Null);
    assert!(out["fields"]["issuelinks"].is_array(), "raw fields kept");
    assert!(out["description"].is_string());
}

#[test]
fn empty_arguments_mean_an_empty_object() {
    let http = Scripted::default().answer(200, fixture("users/myself_200.spec-examples.json"));
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let out: Value = serde_json::from_str(&call_tool(&client, "jira_get_myself", "").expect("call")).expect("json");
    assert_eq!(out["account_id"], "5b10a2844c20165700ede21g");
    assert_eq!(out["email"], "mia@example.com");
    assert_eq!(out["time_zone"], "Australia/Sydney");
    assert!(out.get("raw").is_none());
}

#[test]
fn search_and_transitions_tools_shape_their_results() {
    let http = Scripted::default()
        .answer(200, fixture("search/search_jql_page1_of3.jira-cli.json"))
        .answer(200, fixture("issues/issue_transitions_get_200.spec-examples.json"));
    let out = call(&http, "jira_search", json!({"jql": "project = TEST", "limit": 2})).expect("search");
    assert_eq!(out["issues"].as_array().map(Vec::len), Some(2));
    assert_eq!(out["next_page_token"], "token-page-2");
    assert_eq!(out["is_last"], false);
    let out = call(&http, "jira_get_transitions", json!({"issue_key": "ED-1"})).expect("list");
    assert_eq!(out["transitions"][0], json!({"id": "2", "name": "Close Issue", "to_status": "In Progress"}));
}

fn oauth_with_scopes(scopes: &str) -> String {
    format!(
        r#"{{"site": "acme", "cloud_id": "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f", "auth": {{"method": "oauth", "access_token": "at", "scopes": {scopes}}}}}"#
    )
}

#[test]
fn ungranted_scopes_are_forbidden_before_any_request() {
    let http = Scripted::default();
    let client = Client::new(&oauth_with_scopes(r#"["read:jira-work"]"#), &http).expect("client");
    let err = call_tool(&client, "jira_add_comment", r#"{"issue_key": "A-1", "body": "hi"}"#).expect_err("forbidden");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.missing_scopes, vec!["write:jira-work".to_string()]);
    assert!(err.message.contains("write:jira-work"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn the_granular_set_also_suffices() {
    let granular: Vec<String> =
        find_tool("jira_get_transitions").expect("tool").granular_scopes.iter().map(|s| format!("\"{s}\"")).collect();
    let http = Scripted::default().answer(200, fixture("issues/issue_transitions_get_200.spec-examples.json"));
    let client = Client::new(&oauth_with_scopes(&format!("[{}]", granular.join(","))), &http).expect("client");
    call_tool(&client, "jira_get_transitions", r#"{"issue_key": "ED-1"}"#).expect("granted through granular scopes");
}

#[test]
fn a_scope_mismatch_from_atlassian_becomes_forbidden_with_the_needed_scopes() {
    let http = Scripted::default().answer(401, r#"{"code":401,"message":"Unauthorized; scope does not match"}"#);
    let client = Client::new(&oauth_with_scopes("null"), &http).expect("client");
    let err = call_tool(&client, "jira_search", r#"{"jql": "project = A"}"#).expect_err("mismatch");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.status, Some(401));
    assert_eq!(err.missing_scopes, vec!["read:jira-work".to_string()]);
}

#[test]
fn tools_can_be_filtered_by_granted_scopes() {
    let read_only: Vec<&str> =
        tools_granted(&["read:jira-work".to_string(), "read:jira-user".to_string()]).iter().map(|t| t.name).collect();
    assert!(read_only.contains(&"jira_search") && read_only.contains(&"jira_get_myself"));
    assert!(!read_only.contains(&"jira_create_issue") && !read_only.contains(&"jira_add_comment"));
    // Only the escape hatch, which declares no scopes (Jira checks its endpoint's), is left without any.
    assert_eq!(tools_granted(&[]).iter().map(|t| t.name).collect::<Vec<_>>(), ["jira_request"]);
}

#[test]
fn scope_unions_keep_the_first_order_and_each_scope_once() {
    const A: &[&str] = &["a", "b", "c"];
    const B: &[&str] = &["d", "b", "a", "e"];
    const AB: &[&str] = super::catalog::union_scopes!(A, B);
    assert_eq!(AB, ["a", "b", "c", "d", "e"]);
    assert_eq!(super::catalog::union_scopes!(B, A, B), &["d", "b", "a", "e", "c"]);
}
