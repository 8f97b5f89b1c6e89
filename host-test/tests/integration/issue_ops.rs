//! The issue tools beyond get and create, through the component in wasmtime against the fake Jira: count,
//! update (keeping images), delete, assign, bulk get, batch create and edit metadata, with negative cases.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::Fault;
use serde_json::{json, Value};

const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";
const ALAN: &str = "5b109f2e9729b51b54dc274d";

#[test]
fn count_issues_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let out = env.ok(method, "jira_count_issues", json!({"jql": "project = ACME"}));
        let acme = (1..=6).filter(|n| env.fake.issue_json(&format!("ACME-{n}")).is_some()).count();
        assert_eq!(out, json!({"count": acme}), "[{}]", method.name());
        assert_routed(&env, method, lookups(method));
        let api = env.api_requests();
        assert_eq!(api[0].method, "POST");
        assert_eq!(api[0].path, rest_path(method, "api/3/search/approximate-count"));
    }
}

#[test]
fn count_refuses_an_unbounded_query_and_maps_rate_limits() {
    let env = Env::new();
    let err = env.err(ApiKey, "jira_count_issues", json!({"jql": "order by created"}), ErrorKind::InvalidInput);
    assert!(err.message.contains("Unbounded"), "{}", err.message);
    env.fake.inject(Fault::rate_limited("approximate-count", 7));
    let err = env.err(ApiKey, "jira_count_issues", json!({"jql": "project = ACME"}), ErrorKind::RateLimited);
    assert_eq!(err.retry_after_seconds, Some(7));
}

#[test]
fn update_issue_changes_only_the_given_fields() {
    for method in METHODS {
        let env = Env::new();
        let before = env.fake.issue_json("ACME-3").unwrap();
        let out = env.ok(
            method,
            "jira_update_issue",
            json!({"issue_key": "ACME-3", "summary": "Renamed", "labels": ["a", "b"], "priority": "High",
                   "assignee_account_id": GRACE, "notify_users": false}),
        );
        assert_eq!(out, json!({"issue_key": "ACME-3", "updated": true}));
        let after = env.fake.issue_json("ACME-3").unwrap();
        assert_eq!(after["fields"]["summary"], "Renamed");
        assert_eq!(after["fields"]["labels"], json!(["a", "b"]));
        assert_eq!(after["fields"]["priority"]["name"], "High");
        assert_eq!(after["fields"]["assignee"]["accountId"], GRACE);
        assert_eq!(after["fields"]["description"], before["fields"]["description"], "untouched");
        let api = env.api_requests();
        assert_eq!(api.len(), 1, "no description, no read first");
        assert_eq!(api[0].method, "PUT");
        assert!(query_params(&api[0]).contains(&("notifyUsers".into(), "false".into())));
    }
}

#[test]
fn update_description_keeps_the_images_of_the_old_one() {
    let env = Env::new();
    let image = json!({"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "old words"}]},
        {"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [
            {"type": "media", "attrs": {"id": "img-42", "type": "file", "collection": "jira-10003"}}]}]});
    env.ok(ApiKey, "jira_update_issue", json!({"issue_key": "ACME-3", "fields": {"description": image}}));
    env.fake.clear_requests();
    env.ok(ApiKey, "jira_update_issue", json!({"issue_key": "ACME-3", "description": "# New\n\nfresh words"}));
    let description = env.fake.issue_json("ACME-3").unwrap()["fields"]["description"].to_string();
    assert!(description.contains("img-42"), "{description}");
    assert!(description.contains("fresh words") && !description.contains("old words"), "{description}");
    let api = env.api_requests();
    assert_eq!(api.iter().map(|r| r.method.as_str()).collect::<Vec<_>>(), ["GET", "PUT"]);
}

#[test]
fn update_errors_are_mapped() {
    let env = Env::new();
    env.err(ApiKey, "jira_update_issue", json!({"issue_key": "NOPE-9", "summary": "x"}), ErrorKind::NotFound);
    let err = env.err(
        ApiKey,
        "jira_update_issue",
        json!({"issue_key": "ACME-3", "priority": "Urgentest"}),
        ErrorKind::InvalidInput,
    );
    assert!(err.message.contains("priority"), "{}", err.message);
    assert!(env.fake.requests().iter().all(|r| r.method != "GET"), "no description read without a description");
}

#[test]
fn assign_and_unassign() {
    for method in METHODS {
        let env = Env::new();
        env.ok(method, "jira_assign_issue", json!({"issue_key": "ACME-3", "account_id": GRACE}));
        assert_eq!(env.fake.issue_json("ACME-3").unwrap()["fields"]["assignee"]["accountId"], GRACE);
        env.ok(method, "jira_assign_issue", json!({"issue_key": "ACME-3", "account_id": null}));
        assert_eq!(env.fake.issue_json("ACME-3").unwrap()["fields"]["assignee"], Value::Null);
        assert_routed(&env, method, lookups(method) * 2);
    }
    let env = Env::new();
    env.err(
        ApiKey,
        "jira_assign_issue",
        json!({"issue_key": "ACME-3", "account_id": "ghost"}),
        ErrorKind::InvalidInput,
    );
}

#[test]
fn delete_issue_with_and_without_subtasks() {
    let env = Env::new();
    let count = env.fake.issue_count();
    let err = env.err(ApiKey, "jira_delete_issue", json!({"issue_key": "ACME-4"}), ErrorKind::InvalidInput);
    assert!(err.message.contains("subtasks"), "{}", err.message);
    assert_eq!(env.fake.issue_count(), count);
    let out = env.ok(ApiKey, "jira_delete_issue", json!({"issue_key": "ACME-4", "delete_subtasks": true}));
    assert_eq!(out, json!({"issue_key": "ACME-4", "deleted": true}));
    assert!(env.fake.issue_json("ACME-4").is_none() && env.fake.issue_json("ACME-5").is_none());
    assert_eq!(env.fake.issue_count(), count - 2);
    env.err(ApiKey, "jira_delete_issue", json!({"issue_key": "ACME-4"}), ErrorKind::NotFound);
}

#[test]
fn bulk_get_returns_the_issue_shape_and_the_missing_keys() {
    for method in METHODS {
        let env = Env::new();
        let out = env.ok(method, "jira_bulk_get_issues", json!({"issue_keys": ["ACME-1", "OPS-2", "ACME-404"]}));
        let keys: Vec<&str> = out["issues"].as_array().unwrap().iter().filter_map(|i| i["key"].as_str()).collect();
        assert_eq!(keys, ["ACME-1", "OPS-2"], "[{}]", method.name());
        assert_eq!(out["issues"][0]["summary"], "Checkout revamp");
        assert_eq!(out["issues"][0]["url"], "https://acme.atlassian.net/browse/ACME-1");
        assert_eq!(out["not_found"], json!(["ACME-404"]));
        assert_eq!(out["issue_errors"], json!([]));
        assert_routed(&env, method, lookups(method));
    }
}

#[test]
fn bulk_get_chunks_at_100() {
    let env = Env::new();
    let keys: Vec<String> = (1..=150).map(|n| format!("ACME-{n}")).collect();
    let out = env.ok(ApiKey, "jira_bulk_get_issues", json!({"issue_keys": keys}));
    assert_eq!(out["issues"].as_array().map(Vec::len), Some(6));
    assert_eq!(out["not_found"].as_array().map(Vec::len), Some(144));
    let sizes: Vec<usize> = env
        .api_requests()
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["issueIdsOrKeys"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 50]);
    env.fake.inject(Fault::malformed_json("bulkfetch"));
    env.err(ApiKey, "jira_bulk_get_issues", json!({"issue_keys": ["ACME-1"]}), ErrorKind::Decode);
}

fn new_issue(summary: &str, issue_type: &str) -> Value {
    json!({"project_key": "ACME", "summary": summary, "issue_type": issue_type, "description": "**bold** start"})
}

#[test]
fn batch_create_keeps_successes_and_reports_failures_by_index() {
    for method in METHODS {
        let env = Env::new();
        let count = env.fake.issue_count();
        let mut issues: Vec<Value> = (0..52).map(|i| new_issue(&format!("Item {i}"), "Task")).collect();
        issues[1] = new_issue("Bad type", "Nonsense");
        issues[51] = new_issue("Also bad", "Nonsense");
        let out = env.ok(method, "jira_batch_create_issues", json!({"issues": issues}));
        let created = out["created"].as_array().unwrap();
        assert_eq!(created.len(), 50, "[{}]", method.name());
        assert_eq!(created[1]["index"], 2, "the failed item keeps its place");
        let key = created[1]["key"].as_str().unwrap();
        assert_eq!(env.fake.issue_json(key).unwrap()["fields"]["summary"], "Item 2");
        let failed: Vec<u64> = out["errors"].as_array().unwrap().iter().filter_map(|e| e["index"].as_u64()).collect();
        assert_eq!(failed, [1, 51]);
        assert_eq!(out["errors"][1]["status"], 400);
        assert!(out["errors"][0]["errors"]["issuetype"].is_string(), "{}", out["errors"][0]);
        assert_eq!(env.fake.issue_count(), count + 50);
        let posts: Vec<usize> = env
            .api_requests()
            .iter()
            .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["issueUpdates"].as_array().unwrap().len())
            .collect();
        assert_eq!(posts, [50, 2]);
    }
}

#[test]
fn batch_create_refuses_invalid_items_before_sending() {
    let env = Env::new();
    let err = env.err(
        ApiKey,
        "jira_batch_create_issues",
        json!({"issues": [new_issue("ok", "Task"), {"project_key": "ACME", "summary": "a\nb", "issue_type": "Task"}]}),
        ErrorKind::InvalidInput,
    );
    assert!(err.message.contains("issues[1]"), "{}", err.message);
    assert!(env.api_requests().is_empty());
}

#[test]
fn edit_fields_list_what_can_be_set() {
    for method in METHODS {
        let env = Env::new();
        let out = env.ok(method, "jira_get_edit_fields", json!({"issue_key": "ACME-1"}));
        let fields = out["fields"].as_array().unwrap();
        let priority = fields.iter().find(|f| f["id"] == "priority").expect("priority");
        assert_eq!(priority["schema_type"], "priority");
        assert!(priority["allowed_values"].as_array().is_some_and(|v| v.iter().any(|p| p["name"] == "High")));
        let summary = fields.iter().find(|f| f["id"] == "summary").expect("summary");
        assert_eq!(summary["required"], true);
    }
    let env = Env::new();
    env.err(ApiKey, "jira_get_edit_fields", json!({"issue_key": "NOPE-1"}), ErrorKind::NotFound);
}

#[test]
fn changelog_records_edits_and_pages() {
    for method in METHODS {
        let env = Env::new();
        env.ok(method, "jira_update_issue", json!({"issue_key": "ACME-3", "summary": "First"}));
        env.ok(method, "jira_assign_issue", json!({"issue_key": "ACME-3", "account_id": ALAN}));
        env.ok(method, "jira_transition_issue", json!({"issue_key": "ACME-3", "transition": "Done"}));
        env.fake.clear_requests();
        let out = env.ok(method, "jira_get_changelog", json!({"issue_key": "ACME-3"}));
        let histories = out["histories"].as_array().unwrap();
        assert_eq!(histories.len(), 3, "[{}] {out}", method.name());
        assert_eq!(histories[0]["items"][0]["field"], "summary");
        assert_eq!(histories[0]["items"][0]["to_string"], "First");
        assert_eq!(histories[1]["items"][0]["to"], ALAN);
        assert_eq!(histories[2]["items"][0]["to_string"], "Done");
        assert_eq!(histories[0]["author"]["display_name"], "Ada Lovelace");
        assert_eq!(out["is_last"], true);
        assert_routed(&env, method, lookups(method));
    }
}

#[test]
fn changelog_pages_by_100() {
    let env = Env::new();
    for i in 0..101 {
        env.ok(ApiKey, "jira_update_issue", json!({"issue_key": "ACME-6", "summary": format!("Take {i}")}));
    }
    env.fake.clear_requests();
    let out = env.ok(ApiKey, "jira_get_changelog", json!({"issue_key": "ACME-6"}));
    assert_eq!(out["histories"].as_array().map(Vec::len), Some(101));
    assert_eq!(out["total"], 101);
    let starts: Vec<String> = env
        .api_requests()
        .iter()
        .flat_map(|r| query_params(r).into_iter().filter(|(k, _)| k == "startAt").map(|(_, v)| v))
        .collect();
    assert_eq!(starts, ["0", "100"]);
    env.err(ApiKey, "jira_get_changelog", json!({"issue_key": "NOPE-1"}), ErrorKind::NotFound);
}

#[test]
fn batch_changelogs_filter_fields_and_follow_tokens() {
    for method in METHODS {
        let env = Env::new();
        env.ok(method, "jira_update_issue", json!({"issue_key": "ACME-3", "summary": "One", "priority": "Low"}));
        env.ok(method, "jira_update_issue", json!({"issue_key": "OPS-1", "summary": "Two"}));
        env.ok(method, "jira_update_issue", json!({"issue_key": "OPS-1", "labels": ["x"]}));
        let out = env.ok(
            method,
            "jira_batch_get_changelogs",
            json!({"issue_keys": ["ACME-3", "OPS-1", "ACME-1"], "field_ids": ["summary"]}),
        );
        let logs = out["changelogs"].as_array().unwrap();
        assert_eq!(logs.len(), 2, "[{}] {out}", method.name());
        assert_eq!(logs[0]["issue_id"], env.fake.issue_json("ACME-3").unwrap()["id"]);
        assert_eq!(logs[0]["histories"][0]["items"].as_array().map(Vec::len), Some(1), "only summary");
        assert_eq!(logs[1]["histories"].as_array().map(Vec::len), Some(1), "the label change is filtered out");
    }
    let env = Env::new();
    for i in 0..3 {
        env.ok(ApiKey, "jira_update_issue", json!({"issue_key": "ACME-3", "summary": format!("S{i}")}));
    }
    env.fake.clear_requests();
    // A rate limit is reported with its delay, not swallowed; the next call gets every change set.
    env.fake.inject(Fault::rate_limited("changelog/bulkfetch", 3));
    env.err(ApiKey, "jira_batch_get_changelogs", json!({"issue_keys": ["ACME-3"]}), ErrorKind::RateLimited);
    let out = env.ok(ApiKey, "jira_batch_get_changelogs", json!({"issue_keys": ["ACME-3"]}));
    assert_eq!(out["changelogs"][0]["histories"].as_array().map(Vec::len), Some(3));
}

#[test]
fn get_issue_inlines_every_include() {
    for method in METHODS {
        let env = Env::new();
        env.ok(method, "jira_update_issue", json!({"issue_key": "ACME-2", "summary": "Changed"}));
        env.fake.clear_requests();
        let all = ["comments", "transitions", "changelog", "worklogs", "watchers", "remote_links"];
        let out = env.ok(method, "jira_get_issue", json!({"issue_key": "ACME-2", "include": all}));
        assert_eq!(out["summary"], "Changed", "[{}]", method.name());
        for include in all {
            assert!(!out[include].is_null(), "[{}] {include} missing: {out}", method.name());
        }
        assert!(out["transitions"].as_array().is_some_and(|t| !t.is_empty()));
        assert_eq!(out["changelog"]["histories"][0]["items"][0]["to_string"], "Changed");
        let paths: Vec<String> = env.api_requests().iter().map(|r| r.path.clone()).collect();
        for tail in ["", "/comment", "/transitions", "/changelog", "/worklog", "/watchers", "/remotelink"] {
            let path = rest_path(method, &format!("api/3/issue/ACME-2{tail}"));
            assert!(paths.contains(&path), "[{}] {path} not requested: {paths:?}", method.name());
        }
        assert_routed(&env, method, lookups(method));
    }
    let env = Env::new();
    env.err(ApiKey, "jira_get_issue", json!({"issue_key": "ACME-2", "include": ["votes"]}), ErrorKind::InvalidInput);
    env.fake.inject(Fault::jira_error("/watchers", 403, "No permission to view watchers."));
    let err = env.err(
        ApiKey,
        "jira_get_issue",
        json!({"issue_key": "ACME-2", "include": ["watchers"]}),
        ErrorKind::Forbidden,
    );
    assert!(err.message.contains("watchers"), "{}", err.message);
}
