//! JQL search through the component: results, ordering, token paging, field selection, bad JQL, for every
//! auth method.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use serde_json::{json, Value};

fn keys(page: &Value) -> Vec<String> {
    page["issues"]
        .as_array()
        .unwrap_or_else(|| panic!("no issues array in {page}"))
        .iter()
        .map(|issue| issue["key"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn search_returns_the_matching_issues_in_order_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let page = env.ok(method, "jira_search", json!({"jql": "project = ACME ORDER BY key ASC"}));
        assert_eq!(keys(&page), ["ACME-1", "ACME-2", "ACME-3", "ACME-4", "ACME-5", "ACME-6"], "[{}]", method.name());
        assert_eq!(page["is_last"], true);
        assert_eq!(page["next_page_token"], Value::Null);
        let first = &page["issues"][0];
        let expected = env.fake.issue_json("ACME-1").unwrap();
        assert_eq!(first["summary"], expected["fields"]["summary"]);
        assert_eq!(first["status"], expected["fields"]["status"]["name"]);
        assert_eq!(first["url"], "https://acme.atlassian.net/browse/ACME-1");

        assert_routed(&env, method, lookups(method));
        for request in env.api_requests() {
            assert_eq!(request.path, rest_path(method, "api/3/search/jql"));
        }
    }
}

#[test]
fn search_filters_by_jql() {
    let env = Env::new();
    let page = env.ok(OAuth, "jira_search", json!({"jql": "project = OPS"}));
    let found = keys(&page);
    assert!(!found.is_empty());
    assert!(found.iter().all(|k| k.starts_with("OPS-")), "{found:?}");

    let page = env.ok(ApiKey, "jira_search", json!({"jql": "project = ACME AND labels = payments ORDER BY key ASC"}));
    for issue in page["issues"].as_array().unwrap() {
        let labels = issue["labels"].as_array().unwrap();
        assert!(labels.contains(&json!("payments")), "{issue}");
    }
}

#[test]
fn search_pages_with_the_next_page_token() {
    for method in METHODS {
        let env = Env::new();
        let jql = "project = ACME ORDER BY key ASC";
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        for round in 0.. {
            assert!(round < 5, "paging did not end");
            let mut args = json!({"jql": jql, "limit": 4});
            if let Some(token) = &token {
                args["next_page_token"] = json!(token);
            }
            let page = env.ok(method, "jira_search", args);
            let page_keys = keys(&page);
            assert!(page_keys.len() <= 4, "{page_keys:?}");
            seen.extend(page_keys);
            match page["next_page_token"].as_str() {
                Some(next) => {
                    assert_eq!(page["is_last"], false);
                    token = Some(next.to_owned());
                }
                None => {
                    assert_eq!(page["is_last"], true);
                    break;
                }
            }
        }
        assert_eq!(seen, ["ACME-1", "ACME-2", "ACME-3", "ACME-4", "ACME-5", "ACME-6"], "[{}]", method.name());
    }
}

#[test]
fn search_limit_caps_the_result() {
    let env = Env::new();
    let page = env.ok(ApiKey, "jira_search", json!({"jql": "project in (ACME, OPS) ORDER BY key ASC", "limit": 2}));
    assert_eq!(keys(&page), ["ACME-1", "ACME-2"]);
    assert_eq!(page["is_last"], false);
    assert!(page["next_page_token"].is_string());
}

#[test]
fn search_sends_the_jql_and_the_requested_fields() {
    let env = Env::new();
    let jql = "project = ACME AND summary ~ \"checkout\"";
    env.ok(ApiKey, "jira_search", json!({"jql": jql, "fields": ["summary", "labels"], "limit": 10}));
    let request = env.api_requests().pop().unwrap();
    let (sent_jql, sent_fields) = if request.method == "POST" {
        let body = body_json(&request);
        let fields: Vec<String> =
            body["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect();
        (body["jql"].as_str().unwrap().to_owned(), fields)
    } else {
        let params = query_params(&request);
        let get = |name: &str| {
            params
                .iter()
                .filter(|(k, _)| k == name)
                .flat_map(|(_, v)| v.split(',').map(str::to_owned))
                .collect::<Vec<_>>()
        };
        (get("jql").join(","), get("fields"))
    };
    assert_eq!(sent_jql, jql);
    assert!(sent_fields.contains(&"summary".to_owned()) && sent_fields.contains(&"labels".to_owned()));
}

#[test]
fn bad_jql_is_invalid_input_with_jiras_message() {
    for method in METHODS {
        let env = Env::new();
        let error = env.err(method, "jira_search", json!({"jql": "project = = ACME"}), ErrorKind::InvalidInput);
        assert_eq!(error.status, Some(400));
        assert!(error.error_messages.iter().any(|m| m.contains("JQL")), "{:?}", error.error_messages);
    }
}

#[test]
fn typed_search_returns_issue_records() {
    let env = Env::new();
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&OAuth.fake_config().to_string()).unwrap().unwrap();
    let page = client.search("project = OPS ORDER BY key ASC", &[], Some(1), None).unwrap().unwrap();
    assert_eq!(page.issues.len(), 1);
    assert_eq!(page.issues[0].key, "OPS-1");
    assert!(!page.is_last);
    let token = page.next_page_token.clone().unwrap();
    let next = client.search("project = OPS ORDER BY key ASC", &[], Some(1), Some(&token)).unwrap().unwrap();
    assert_eq!(next.issues[0].key, "OPS-2");
    client.close().unwrap();
}
