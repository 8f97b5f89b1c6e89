//! Issue links, remote links and watchers through the component, for every auth method, checked against the
//! requests the fake received.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use serde_json::json;

/// Grace, a seeded user of the fake.
const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";

#[test]
fn issue_links_are_created_and_removed_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let (a, b) = (create_task(&env, "Blocker"), create_task(&env, "Blocked"));
        env.fake.clear_requests();
        let types = env.ok(method, "jira_get_link_types", json!({}));
        let blocks = types["link_types"].as_array().unwrap().iter().find(|t| t["name"] == "Blocks").unwrap();
        assert_eq!(blocks["outward"], "blocks", "[{}]", method.name());
        let created = env.ok(
            method,
            "jira_create_issue_link",
            json!({"link_type": "blocks", "inward_issue": a, "outward_issue": b, "comment": "See **this**"}),
        );
        assert_eq!(created["created"], true);
        let link_id = created["link_id"].as_str().expect("the id from Location").to_owned();
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, rest_path(method, "api/3/issueLink"));
        let body = body_json(&post);
        assert_eq!(body["inwardIssue"]["key"], a.as_str());
        assert_eq!(body["comment"]["body"]["type"], "doc");
        let removed = env.ok(method, "jira_remove_issue_link", json!({"link_id": link_id}));
        assert_eq!(removed["removed"], true);
        env.err(method, "jira_remove_issue_link", json!({"link_id": link_id}), ErrorKind::NotFound);
        assert_routed(&env, method, 4 * lookups(method)); // each call is a fresh session
    }
}

#[test]
fn remote_links_are_added_and_listed_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = create_task(&env, "With a doc");
        env.fake.clear_requests();
        let created = env.ok(
            method,
            "jira_create_remote_link",
            json!({"issue_key": key, "url": "https://docs.example.com/design?v=2", "title": "Design"}),
        );
        let listed = env.ok(method, "jira_get_remote_links", json!({"issue_key": key}));
        assert_eq!(listed["remote_links"][0]["id"], created["id"], "[{}]", method.name());
        assert_eq!(listed["remote_links"][0]["url"], "https://docs.example.com/design?v=2");
        assert_eq!(listed["remote_links"][0]["title"], "Design");
        assert_routed(&env, method, 2 * lookups(method));
    }
    let env = Env::new();
    env.err(
        ApiKey,
        "jira_create_remote_link",
        json!({"issue_key": "ACME-1", "url": "javascript:alert(1)", "title": "x"}),
        ErrorKind::InvalidInput,
    );
    env.err(ApiKey, "jira_get_remote_links", json!({"issue_key": "NOPE-1"}), ErrorKind::NotFound);
    assert_eq!(env.api_requests().len(), 1, "the bad URL sent nothing");
}

#[test]
fn watchers_are_added_listed_and_removed_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let key = create_task(&env, "Watched");
        env.fake.clear_requests();
        env.ok(method, "jira_add_watcher", json!({"issue_key": key, "account_id": GRACE}));
        let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(
            post.body,
            format!("\"{GRACE}\"").into_bytes(),
            "[{}] the body is a bare JSON string",
            method.name()
        );
        let watchers = env.ok(method, "jira_get_watchers", json!({"issue_key": key}));
        assert_eq!(watchers["watch_count"], 1);
        assert_eq!(watchers["watchers"][0]["account_id"], GRACE);
        assert_eq!(watchers["is_watching"], false);
        env.ok(method, "jira_remove_watcher", json!({"issue_key": key, "account_id": GRACE}));
        let delete = env.api_requests().into_iter().find(|r| r.method == "DELETE").unwrap();
        assert_eq!(query_params(&delete), [("accountId".to_string(), GRACE.to_string())]);
        let watchers = env.ok(method, "jira_get_watchers", json!({"issue_key": key}));
        assert_eq!(watchers["watch_count"], 0);
        assert_routed(&env, method, 4 * lookups(method));
    }
    let env = Env::new();
    env.err(
        ApiKey,
        "jira_add_watcher",
        json!({"issue_key": "ACME-1", "account_id": "nobody-here"}),
        ErrorKind::NotFound,
    );
}

#[test]
fn jira_failures_on_links_and_watchers_map_to_kinds() {
    use jira_host::fake::Fault;
    let env = Env::new();
    env.fake.inject(Fault::malformed_json("/issueLinkType"));
    env.err(ApiKey, "jira_get_link_types", json!({}), ErrorKind::Decode);
    env.fake.inject(Fault::rate_limited("/watchers", 4));
    let err = env.err(ApiKey, "jira_get_watchers", json!({"issue_key": "ACME-1"}), ErrorKind::RateLimited);
    assert_eq!(err.retry_after_seconds, Some(4));
    env.fake.inject(Fault::jira_error("/issueLink", 403, "You do not have permission to link issues."));
    let err = env.err(
        ApiKey,
        "jira_create_issue_link",
        json!({"link_type": "Blocks", "inward_issue": "ACME-1", "outward_issue": "ACME-2"}),
        ErrorKind::Forbidden,
    );
    assert_eq!(err.error_messages, ["You do not have permission to link issues."]);
    env.fake.inject(Fault::jira_error("/remotelink", 500, "boom"));
    env.err(ApiKey, "jira_get_remote_links", json!({"issue_key": "ACME-1"}), ErrorKind::ServerError);
}
