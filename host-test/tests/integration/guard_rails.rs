//! The configuration's guard rails (`options.read_only`, `options.enabled_tools`, `options.projects`) through
//! the component in wasmtime against the fake Jira: hidden tools, refusals that send nothing, and a project
//! allow-list that a caller's JQL cannot widen.

use crate::common::*;
use jira_host::bindings::platform_issues::IssueChanges;
use jira_host::bindings::ErrorKind;
use jira_host::demo::AuthMethod;
use serde_json::{json, Value};

/// The fake's configuration for `method` with these `options`.
fn config(method: AuthMethod, options: Value) -> Value {
    let mut config = method.fake_config();
    config["options"] = options;
    config
}

fn listed(env: &Env, config: &Value) -> Vec<String> {
    let tools = env.runtime.list_tools_for(&config.to_string()).expect("no trap").expect("a valid configuration");
    tools.into_iter().map(|t| t.name).collect()
}

fn keys(page: &Value) -> Vec<String> {
    let issues = page["issues"].as_array().unwrap_or_else(|| panic!("no issues in {page}"));
    issues.iter().map(|issue| issue["key"].as_str().unwrap_or_default().to_owned()).collect()
}

fn refused(env: &Env, config: &Value, tool: &str, args: Value) -> jira_host::bindings::JiraError {
    let error = env.call_with_config(config, tool, args).expect_err("refused");
    assert_kind(&error, ErrorKind::Forbidden);
    error
}

#[test]
fn read_only_lists_no_write_and_refuses_create_before_any_request() {
    let env = Env::new();
    let read_only = config(ApiKey, json!({"read_only": true}));
    let names = listed(&env, &read_only);
    assert!(names.contains(&"jira_search".to_string()) && names.contains(&"jira_get_issue".to_string()));
    assert!(names.contains(&"jira_request".to_string()), "the escape hatch stays, for GET");
    for write in ["jira_create_issue", "jira_add_comment", "jira_delete_issue", "jira_create_sprint"] {
        assert!(!names.iter().any(|n| n == write), "{write} is listed");
    }
    let all = env.runtime.list_tools().expect("catalog").len();
    assert!(names.len() < all, "{} of {all}", names.len());

    let before = env.fake.issue_json("ACME-1");
    let args = json!({"project_key": "ACME", "summary": "Not while read-only", "issue_type": "Task"});
    let error = refused(&env, &read_only, "jira_create_issue", args.clone());
    assert!(error.message.contains("options.read_only"), "{}", error.message);
    let error = refused(&env, &read_only, "jira_request", json!({"method": "POST", "path": "/rest/api/3/issue"}));
    assert!(error.message.contains("GET"), "{}", error.message);
    assert!(env.fake.requests().is_empty(), "nothing reached Jira: {:?}", env.fake.requests());
    assert_eq!(env.fake.issue_json("ACME-1"), before);

    // Reads still work, and the same create goes through without the option.
    let out = env.call_with_config(&read_only, "jira_get_issue", json!({"issue_key": "ACME-1"})).expect("read");
    assert_eq!(out["key"], "ACME-1");
    let created = env.ok(ApiKey, "jira_create_issue", args);
    assert!(created["key"].as_str().is_some_and(|k| k.starts_with("ACME-")), "{created}");
}

#[test]
fn enabled_tools_lists_only_those_and_an_unknown_name_is_an_invalid_config() {
    let env = Env::new();
    let only = config(OAuth, json!({"enabled_tools": ["jira_search", "jira_get_issue"]}));
    assert_eq!(listed(&env, &only), ["jira_get_issue", "jira_search"]);
    let error = refused(&env, &only, "jira_get_myself", json!({}));
    assert!(error.message.contains("options.enabled_tools"), "{}", error.message);
    assert!(env.api_requests().is_empty());

    let unknown = config(OAuth, json!({"enabled_tools": ["jira_search", "jira_serch"]}));
    let error = env.runtime.list_tools_for(&unknown.to_string()).expect("no trap").expect_err("unknown tool");
    assert_kind(&error, ErrorKind::InvalidConfig);
    assert!(error.message.contains("jira_serch"), "{}", error.message);
    let error = env.call_with_config(&unknown, "jira_search", json!({"jql": "project = ACME"})).expect_err("invalid");
    assert_kind(&error, ErrorKind::InvalidConfig);
}

#[test]
fn searches_return_only_allowed_projects_even_with_an_or() {
    for method in METHODS {
        let env = Env::new();
        let jql = json!({"jql": "project = OPS OR project = ACME ORDER BY key ASC"});
        let open = env.ok(method, "jira_search", jql.clone());
        assert!(keys(&open).iter().any(|k| k.starts_with("OPS-")), "without the option OPS matches: {open}");

        let acme = config(method, json!({"projects": ["ACME"]}));
        let page = env.call_with_config(&acme, "jira_search", jql).expect("search");
        assert_eq!(keys(&page), ["ACME-1", "ACME-2", "ACME-3", "ACME-4", "ACME-5", "ACME-6"], "[{}]", method.name());
        let count = env.call_with_config(&acme, "jira_count_issues", json!({"jql": "project = OPS"})).expect("count");
        assert_eq!(count["count"], 0, "[{}]", method.name());

        let sent = env.api_requests();
        let bodies: Vec<String> =
            sent.iter().skip(1).map(|r| body_json(r)["jql"].as_str().unwrap_or("").to_owned()).collect();
        assert_eq!(
            bodies,
            [
                r#"(project = OPS OR project = ACME) AND project in ("ACME") ORDER BY key ASC"#,
                r#"(project = OPS) AND project in ("ACME")"#
            ]
        );
    }
}

#[test]
fn issues_boards_and_projects_outside_the_list_are_refused() {
    let env = Env::new();
    let acme = config(ApiKey, json!({"projects": ["ACME"]}));
    let error = refused(&env, &acme, "jira_get_issue", json!({"issue_key": "OPS-1"}));
    assert!(error.message.contains("OPS-1") && error.message.contains("options.projects"), "{}", error.message);
    let error =
        refused(&env, &acme, "jira_create_issue", json!({"project_key": "OPS", "summary": "x", "issue_type": "Task"}));
    assert!(error.message.contains("project OPS"), "{}", error.message);
    refused(&env, &acme, "jira_request", json!({"method": "GET", "path": "/rest/api/3/myself"}));
    assert!(env.api_requests().is_empty(), "refused by key: nothing sent");
    assert!(!listed(&env, &acme).contains(&"jira_request".to_string()));

    // A numeric id is looked up, then refused.
    let ops_id = env.fake.issue_json("OPS-1").and_then(|i| i["id"].as_str().map(str::to_owned)).expect("OPS-1 id");
    let error = refused(&env, &acme, "jira_add_comment", json!({"issue_key": ops_id, "body": "no"}));
    assert!(error.message.contains("project OPS"), "{}", error.message);
    assert!(env.api_requests().iter().all(|r| r.method == "GET"), "no comment was posted");

    // Board 2 is located in OPS; board 1 in ACME.
    let error = refused(&env, &acme, "jira_get_board_issues", json!({"board_id": 2}));
    assert!(error.message.contains("board 2") && error.message.contains("project OPS"), "{}", error.message);
    let page = env.call_with_config(
        &acme,
        "jira_get_board_issues",
        json!({"board_id": 1, "jql": "project = OPS OR status != Done"}),
    );
    let page = page.expect("board 1");
    assert!(keys(&page).iter().all(|k| k.starts_with("ACME-")), "{page}");
    let boards = env.call_with_config(&acme, "jira_list_boards", json!({})).expect("boards");
    let ids: Vec<u64> = boards["boards"].as_array().expect("boards").iter().filter_map(|b| b["id"].as_u64()).collect();
    assert_eq!(ids, [1]);
    let projects = env.call_with_config(&acme, "jira_list_projects", json!({})).expect("projects");
    let listed: Vec<&str> =
        projects["projects"].as_array().expect("list").iter().filter_map(|p| p["key"].as_str()).collect();
    assert_eq!(listed, ["ACME"]);
}

#[test]
fn the_typed_client_keeps_to_the_allowed_projects_too() {
    let env = Env::new();
    let acme = config(ApiKey, json!({"projects": ["ACME"], "read_only": true}));
    let mut session = env.runtime.session().expect("session");
    let mut client = session.client(&acme.to_string()).expect("no trap").expect("client");
    let page = client.search("project = OPS OR project = ACME", &[], Some(50), None).expect("no trap").expect("search");
    assert!(!page.issues.is_empty() && page.issues.iter().all(|i| i.key.starts_with("ACME-")));
    let error = client.get_issue("OPS-2", &[], &[]).expect("no trap").expect_err("other project");
    assert_kind(&error, ErrorKind::Forbidden);
    let error = client.add_comment("ACME-1", "read-only").expect("no trap").expect_err("read-only");
    assert_kind(&error, ErrorKind::Forbidden);
    assert!(error.message.contains("options.read_only"), "{}", error.message);
    // The typed platform interfaces keep to the same rails, before any request.
    env.fake.clear_requests();
    let renamed = IssueChanges { summary: Some("renamed".into()), ..no_changes() };
    let error = client.update_issue("ACME-1", &renamed).expect("no trap").expect_err("read-only");
    assert_kind(&error, ErrorKind::Forbidden);
    assert!(error.message.contains("options.read_only"), "{}", error.message);
    let error = client.get_project("OPS").expect("no trap").expect_err("other project");
    assert_kind(&error, ErrorKind::Forbidden);
    let error = client.get_watchers("OPS-2").expect("no trap").expect_err("other project");
    assert_kind(&error, ErrorKind::Forbidden);
    assert!(env.fake.requests().is_empty(), "refused before any request: {:?}", env.fake.requests().len());
    let widened = client.count_issues("project = OPS OR project = ACME").expect("no trap").expect("count");
    let acme = client.count_issues("project = ACME").expect("no trap").expect("count");
    assert_eq!(widened, acme, "an OR cannot widen the allowed projects");
}
