//! User look-ups through the component: one user, the user search and the assignable-user search, for every
//! auth method, with their error cases.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::Fault;
use serde_json::{json, Value};

const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";

fn names(result: &Value) -> Vec<String> {
    result["users"]
        .as_array()
        .unwrap_or_else(|| panic!("no users array in {result}"))
        .iter()
        .map(|u| u["display_name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn get_user_by_account_id_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let user = env.ok(method, "jira_get_user", json!({"account_id": GRACE}));
        assert_eq!(
            user,
            json!({"account_id": GRACE, "display_name": "Grace Hopper", "email": "grace@example.com",
                   "active": true, "account_type": "atlassian"})
        );
        assert_routed(&env, method, lookups(method));
        let request = env.api_requests().pop().unwrap();
        assert_eq!(request.path, rest_path(method, "api/3/user"));
        assert_eq!(query_params(&request), [("accountId".to_owned(), GRACE.to_owned())]);
    }
}

#[test]
fn search_users_matches_names_and_emails() {
    let env = Env::new();
    assert_eq!(names(&env.ok(ApiKey, "jira_search_users", json!({"query": "hopper"}))), ["Grace Hopper"]);
    assert_eq!(names(&env.ok(OAuth, "jira_search_users", json!({"query": "alan@example"}))), ["Alan Turing"]);
    let all = env.ok(ApiKey, "jira_search_users", json!({"query": "example.com", "limit": 2}));
    assert_eq!(names(&all), ["Ada Lovelace", "Grace Hopper"]);
    let request = env.api_requests().pop().unwrap();
    assert!(query_params(&request).contains(&("maxResults".into(), "2".into())));
}

#[test]
fn assignable_users_for_a_project_or_an_issue() {
    let env = Env::new();
    let result = env.ok(InstantOAuth, "jira_search_assignable_users", json!({"project_key": "ACME"}));
    assert_eq!(names(&result).len(), 3);
    let result = env.ok(ApiKey, "jira_search_assignable_users", json!({"issue_key": "ACME-2", "query": "turing"}));
    assert_eq!(names(&result), ["Alan Turing"]);
    let request = env.api_requests().pop().unwrap();
    assert_eq!(request.path, rest_path(ApiKey, "api/3/user/assignable/search"));
    let params = query_params(&request);
    assert!(params.contains(&("issueKey".into(), "ACME-2".into())), "{params:?}");
    assert!(params.contains(&("query".into(), "turing".into())), "{params:?}");

    let error = env.err(ApiKey, "jira_search_assignable_users", json!({"project_key": "NOPE"}), ErrorKind::NotFound);
    assert_eq!(error.status, Some(404));
    let before = env.api_requests().len();
    env.err(ApiKey, "jira_search_assignable_users", json!({"query": "a"}), ErrorKind::InvalidInput);
    assert_eq!(env.api_requests().len(), before, "nothing sent without a project or issue");
}

#[test]
fn user_errors_map_to_kinds() {
    let env = Env::new();
    let error = env.err(ApiKey, "jira_get_user", json!({"account_id": "no-such-user"}), ErrorKind::NotFound);
    assert!(error.error_messages[0].contains("no-such-user"), "{:?}", error.error_messages);

    env.fake.inject(Fault::jira_error("/user/search", 403, "Browse users and groups permission required."));
    let error = env.err(OAuth, "jira_search_users", json!({"query": "ada"}), ErrorKind::Forbidden);
    assert_eq!(error.error_messages, ["Browse users and groups permission required."]);

    env.fake.inject(Fault::rate_limited("/user/search", 7));
    let error = env.err(ApiKey, "jira_search_users", json!({"query": "ada"}), ErrorKind::RateLimited);
    assert_eq!(error.retry_after_seconds, Some(7));

    env.fake.inject(Fault::status("/rest/api/3/user", 200, r#"{"accountId": 5}"#));
    let error = env.err(ApiKey, "jira_get_user", json!({"account_id": GRACE}), ErrorKind::Decode);
    assert!(error.message.contains("accountId"), "{}", error.message);
}
