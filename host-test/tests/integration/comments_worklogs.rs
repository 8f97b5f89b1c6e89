//! Comments (list, edit, delete, visibility) and worklogs (list, log, change, delete) through the component,
//! for every auth method, checked against the fake's state and the requests it received.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use serde_json::{json, Value};

fn new_task(env: &Env) -> String {
    let key = create_task(env, "Time tracking subject");
    env.fake.clear_requests();
    key
}

fn comment_ids(list: &Value) -> Vec<String> {
    list["comments"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn comments_are_added_listed_edited_and_deleted_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = new_task(&env);
        let role = json!({"type": "role", "value": "Developers"});
        let first = env.ok(method, "jira_add_comment", json!({"issue_key": key, "body": "First **bold**"}));
        let second =
            env.ok(method, "jira_add_comment", json!({"issue_key": key, "body": "Team only", "visibility": role}));
        assert_eq!(second["visibility"], role, "[{}]", method.name());
        let listed = env.ok(method, "jira_get_comments", json!({"issue_key": key}));
        assert_eq!(listed["comments"][0]["body"], "First **bold**", "[{}]", method.name());
        assert_eq!(listed["comments"][1]["visibility"], role);
        assert_eq!(listed["is_last"], true);
        let first_id = first["id"].as_str().unwrap();
        let edited = env.ok(
            method,
            "jira_edit_comment",
            json!({"issue_key": key, "comment_id": first_id, "body": "Changed _text_",
                   "visibility": {"type": "group", "value": "jira-developers"}}),
        );
        assert_eq!(edited["body"], "Changed *text*", "Markdown emphasis reads back in its canonical form");
        assert_eq!(edited["visibility"]["type"], "group");
        let put = env.api_requests().into_iter().find(|r| r.method == "PUT").unwrap();
        assert_eq!(put.path, rest_path(method, &format!("api/3/issue/{key}/comment/{first_id}")));
        assert_eq!(body_json(&put)["body"]["type"], "doc");
        let deleted = env.ok(method, "jira_delete_comment", json!({"issue_key": key, "comment_id": first_id}));
        assert_eq!(deleted["deleted"], true);
        let listed = env.ok(method, "jira_get_comments", json!({"issue_key": key, "limit": 10}));
        assert_eq!(comment_ids(&listed), [second["id"].as_str().unwrap()], "[{}]", method.name());
        assert_routed(&env, method, 6 * lookups(method)); // each call is a fresh session
    }
}

#[test]
fn get_comments_pages_through_many() {
    let env = Env::new();
    let key = new_task(&env);
    for i in 0..105 {
        env.ok(ApiKey, "jira_add_comment", json!({"issue_key": key, "body": format!("note {i}")}));
    }
    env.fake.clear_requests();
    let listed = env.ok(ApiKey, "jira_get_comments", json!({"issue_key": key, "limit": 1000}));
    assert_eq!(listed["comments"].as_array().unwrap().len(), 105);
    assert_eq!(listed["comments"][104]["body"], "note 104");
    let starts: Vec<String> =
        env.api_requests().iter().flat_map(query_params).filter(|(k, _)| k == "startAt").map(|(_, v)| v).collect();
    assert_eq!(starts, ["0", "100"]);
}

#[test]
fn comment_errors_map_to_kinds() {
    let env = Env::new();
    let key = new_task(&env);
    let err =
        env.err(ApiKey, "jira_delete_comment", json!({"issue_key": key, "comment_id": "999999"}), ErrorKind::NotFound);
    assert!(err.message.contains("999999"), "{}", err.message);
    env.err(ApiKey, "jira_get_comments", json!({"issue_key": "NOPE-1"}), ErrorKind::NotFound);
    env.err(
        ApiKey,
        "jira_edit_comment",
        json!({"issue_key": key, "comment_id": "1x", "body": "b"}),
        ErrorKind::InvalidInput,
    );
    assert!(env.api_requests().iter().all(|r| !r.path.ends_with("/1x")));
}

#[test]
fn worklogs_are_logged_listed_changed_and_deleted_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = new_task(&env);
        let added = env.ok(
            method,
            "jira_add_worklog",
            json!({"issue_key": key, "time_spent": "1h 30m", "started": "2024-06-03T09:15:00+02:00",
                   "comment": "Paired on **the parser**", "adjust_estimate": "manual", "reduce_by": "1h"}),
        );
        assert_eq!(added["time_spent"], "1h 30m", "[{}]", method.name());
        assert_eq!(added["time_spent_seconds"], 5400);
        assert_eq!(added["started"], "2024-06-03T09:15:00.000+0200");
        assert_eq!(added["comment"], "Paired on **the parser**");
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, rest_path(method, &format!("api/3/issue/{key}/worklog")));
        let params = query_params(&post);
        assert!(params.contains(&("adjustEstimate".into(), "manual".into())), "{params:?}");
        assert!(params.contains(&("reduceBy".into(), "1h".into())), "{params:?}");
        let id = added["id"].as_str().unwrap();
        let updated = env.ok(
            method,
            "jira_update_worklog",
            json!({"issue_key": key, "worklog_id": id, "time_spent": "2h", "adjust_estimate": "leave"}),
        );
        assert_eq!(updated["time_spent_seconds"], 7200);
        assert_eq!(updated["comment"], "Paired on **the parser**", "untouched parts stay");
        let listed = env.ok(method, "jira_get_worklogs", json!({"issue_key": key}));
        assert_eq!(listed["worklogs"].as_array().unwrap().len(), 1);
        assert_eq!(listed["worklogs"][0]["time_spent"], "2h");
        env.ok(method, "jira_delete_worklog", json!({"issue_key": key, "worklog_id": id}));
        let listed = env.ok(method, "jira_get_worklogs", json!({"issue_key": key}));
        assert_eq!(listed["worklogs"], json!([]));
        assert_routed(&env, method, 5 * lookups(method)); // each call is a fresh session
    }
}

#[test]
fn worklog_errors_map_to_kinds() {
    let env = Env::new();
    let key = new_task(&env);
    env.err(ApiKey, "jira_add_worklog", json!({"issue_key": key, "time_spent": "90"}), ErrorKind::InvalidInput);
    env.err(ApiKey, "jira_delete_worklog", json!({"issue_key": key, "worklog_id": "4242"}), ErrorKind::NotFound);
    env.err(ApiKey, "jira_add_worklog", json!({"issue_key": "NOPE-9", "time_spent": "1h"}), ErrorKind::NotFound);
    assert_eq!(env.api_requests().len(), 2, "the invalid duration sent nothing");
}

#[test]
fn jira_failures_on_comments_and_worklogs_map_to_kinds() {
    use jira_host::fake::Fault;
    let env = Env::new();
    let key = new_task(&env);
    env.fake.inject(Fault::rate_limited("/comment", 9));
    let err = env.err(ApiKey, "jira_get_comments", json!({"issue_key": key}), ErrorKind::RateLimited);
    assert_eq!(err.retry_after_seconds, Some(9));
    env.fake.inject(Fault::malformed_json("/worklog"));
    env.err(ApiKey, "jira_get_worklogs", json!({"issue_key": key}), ErrorKind::Decode);
    env.fake.inject(Fault::jira_error("/worklog", 403, "You do not have the permission to log work."));
    let err = env.err(ApiKey, "jira_add_worklog", json!({"issue_key": key, "time_spent": "1h"}), ErrorKind::Forbidden);
    assert_eq!(err.error_messages, ["You do not have the permission to log work."]);
    env.fake.inject(Fault::jira_error("/comment", 400, "Comment body can not be empty!").method("PUT"));
    let err = env.err(
        ApiKey,
        "jira_edit_comment",
        json!({"issue_key": key, "comment_id": "10000", "body": "x"}),
        ErrorKind::InvalidInput,
    );
    assert_eq!(err.error_messages, ["Comment body can not be empty!"]);
}
