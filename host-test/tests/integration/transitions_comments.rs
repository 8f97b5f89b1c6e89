//! Workflow transitions and comments through the component, for every auth method, checked against the fake's
//! state and the request bodies it received.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use serde_json::{json, Value};

/// Creates a fresh `To Do` task and returns its key.
fn new_task(env: &Env) -> String {
    let created = env.ok(
        ApiKey,
        "jira_create_issue",
        json!({"project_key": "ACME", "summary": "Workflow subject", "issue_type": "Task"}),
    );
    env.fake.clear_requests();
    created["key"].as_str().unwrap().to_owned()
}

fn stored_status(env: &Env, key: &str) -> String {
    let issue = env.fake.issue_json(key).unwrap();
    issue["fields"]["status"]["name"].as_str().unwrap().to_owned()
}

/// The plain text of the comments the fake stores for an issue.
fn stored_comments(env: &Env, key: &str) -> Vec<String> {
    let issue = env.fake.issue_json(key).unwrap();
    issue["fields"]["comment"]["comments"].as_array().unwrap().iter().map(|c| adf_text(&c["body"])).collect()
}

fn adf_text(node: &Value) -> String {
    let mut out = node["text"].as_str().unwrap_or_default().to_owned();
    for child in node["content"].as_array().into_iter().flatten() {
        out.push_str(&adf_text(child));
    }
    out
}

#[test]
fn get_transitions_lists_the_available_moves_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = new_task(&env);
        let found = env.ok(method, "jira_get_transitions", json!({"issue_key": key}));
        let transitions = found["transitions"].as_array().unwrap();
        let summary: Vec<(&str, &str, &str)> = transitions
            .iter()
            .map(|t| (t["id"].as_str().unwrap(), t["name"].as_str().unwrap(), t["to_status"].as_str().unwrap()))
            .collect();
        assert_eq!(summary, [("21", "In Progress", "In Progress"), ("31", "Done", "Done")], "[{}]", method.name());
        assert_routed(&env, method, lookups(method));
        let request = env.api_requests().pop().unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, rest_path(method, &format!("api/3/issue/{key}/transitions")));
    }
}

#[test]
fn transition_by_case_insensitive_name_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = new_task(&env);
        let moved = env.ok(method, "jira_transition_issue", json!({"issue_key": key, "transition": "dOnE"}));
        assert_eq!(moved["issue_key"], json!(key));
        assert_eq!(moved["transition_id"], "31");
        assert_eq!(moved["status"], "Done");
        assert_eq!(stored_status(&env, &key), "Done", "[{}]", method.name());

        assert_routed(&env, method, lookups(method));
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, rest_path(method, &format!("api/3/issue/{key}/transitions")));
        assert_eq!(body_json(&post)["transition"]["id"], "31");
    }
}

#[test]
fn transition_by_id_with_a_comment() {
    let env = Env::new();
    let key = new_task(&env);
    let moved = env.ok(
        OAuth,
        "jira_transition_issue",
        json!({"issue_key": key, "transition": "21", "comment": "Picking this up."}),
    );
    assert_eq!(moved["status"], "In Progress");
    assert_eq!(stored_status(&env, &key), "In Progress");
    assert_eq!(stored_comments(&env, &key), ["Picking this up."]);
}

#[test]
fn unknown_transitions_change_nothing() {
    let env = Env::new();
    let key = new_task(&env);
    let error =
        env.call(ApiKey, "jira_transition_issue", json!({"issue_key": key, "transition": "Teleport"})).unwrap_err();
    assert!(
        matches!(error.kind, ErrorKind::InvalidInput | ErrorKind::NotFound | ErrorKind::Conflict),
        "{:?}: {}",
        error.kind,
        error.message
    );
    assert!(error.message.contains("Teleport"), "{}", error.message);
    assert_eq!(stored_status(&env, &key), "To Do");
    assert!(env.api_requests().iter().all(|r| r.method == "GET"), "no transition was posted");
}

#[test]
fn typed_transition_returns_the_new_status() {
    let env = Env::new();
    let key = new_task(&env);
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&InstantOAuth.fake_config().to_string()).unwrap().unwrap();
    let transitions = client.get_transitions(&key).unwrap().unwrap();
    let start = transitions.iter().find(|t| t.id == "21").expect("transition 21");
    assert_eq!(start.to_status, "In Progress");
    let raw: Value = serde_json::from_str(&start.raw_json).unwrap();
    assert_eq!((raw["id"].as_str(), raw["to"]["name"].as_str()), (Some("21"), Some("In Progress")));
    assert_eq!(raw["hasScreen"], false, "Jira's own transition object, beyond the typed fields");
    let status = client.transition_issue(&key, "In Progress", None).unwrap().unwrap();
    assert_eq!(status, "In Progress");
    client.close().unwrap();
    assert_eq!(stored_status(&env, &key), "In Progress");
}

#[test]
fn add_comment_stores_the_text_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = new_task(&env);
        let text = format!("Looks good from {}.", method.name());
        let comment = env.ok(method, "jira_add_comment", json!({"issue_key": key, "body": text}));
        assert_eq!(comment["body"].as_str().map(str::trim), Some(text.as_str()));
        assert_eq!(comment["author"]["display_name"], "Ada Lovelace");
        assert!(comment["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(comment["created"].is_string());
        assert_eq!(stored_comments(&env, &key), vec![text.clone()], "[{}]", method.name());

        assert_routed(&env, method, lookups(method));
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, rest_path(method, &format!("api/3/issue/{key}/comment")));
        assert_eq!(body_json(&post)["body"]["type"], "doc", "comments are sent as ADF");
    }
}

#[test]
fn typed_comment_record() {
    let env = Env::new();
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&ApiKey.fake_config().to_string()).unwrap().unwrap();
    let comment = client.add_comment("ACME-3", "First line.\n\nSecond paragraph.").unwrap().unwrap();
    assert!(comment.body.contains("First line.") && comment.body.contains("Second paragraph."));
    assert_eq!(comment.author.map(|a| a.display_name).as_deref(), Some("Ada Lovelace"));
    let raw: Value = serde_json::from_str(&comment.raw_json).unwrap();
    assert_eq!(raw["id"], json!(comment.id));
    client.close().unwrap();
}

#[test]
fn comments_on_unknown_issues_are_not_found() {
    let env = Env::new();
    let error =
        env.err(ApiKey, "jira_add_comment", json!({"issue_key": "ACME-4040", "body": "hello"}), ErrorKind::NotFound);
    assert_eq!(error.status, Some(404));
}
