//! Listing projects through the component: values, filtering, limits and offset paging, for every auth method.

use crate::common::*;
use serde_json::{json, Value};

fn project_keys(page: &Value) -> Vec<String> {
    page["projects"]
        .as_array()
        .unwrap_or_else(|| panic!("no projects array in {page}"))
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn list_projects_returns_every_project_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let page = env.ok(method, "jira_list_projects", json!({}));
        let keys = project_keys(&page);
        assert!(keys.contains(&"ACME".to_owned()) && keys.contains(&"OPS".to_owned()), "{keys:?}");
        assert_eq!(page["start_at"], 0);
        assert_eq!(page["total"], json!(keys.len()), "[{}]", method.name());
        assert_eq!(page["is_last"], true);
        let acme = page["projects"].as_array().unwrap().iter().find(|p| p["key"] == "ACME").unwrap();
        assert_eq!(acme["name"], "Acme Platform");
        assert_eq!(acme["id"], "10000");
        assert_eq!(acme["project_type"], "software");

        assert_routed(&env, method, lookups(method));
        for request in env.api_requests() {
            assert_eq!(request.method, "GET");
            assert_eq!(request.path, rest_path(method, "api/3/project/search"));
        }
    }
}

#[test]
fn list_projects_filters_by_query() {
    let env = Env::new();
    let page = env.ok(ApiKey, "jira_list_projects", json!({"query": "acme"}));
    assert_eq!(project_keys(&page), ["ACME"]);
    let request = env.api_requests().pop().unwrap();
    assert!(query_params(&request).contains(&("query".into(), "acme".into())));
}

#[test]
fn list_projects_limit_stops_early() {
    let env = Env::new();
    let all = project_keys(&env.ok(OAuth, "jira_list_projects", json!({})));
    assert!(all.len() > 2);
    let page = env.ok(OAuth, "jira_list_projects", json!({"limit": 2}));
    assert_eq!(project_keys(&page), all[..2]);
    assert_eq!(page["is_last"], false);
}

#[test]
fn typed_client_lists_projects_with_raw_json() {
    let env = Env::new();
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&ApiKey.fake_config().to_string()).unwrap().unwrap();
    let page = client.list_projects(Some("ops"), None).unwrap().unwrap();
    let ops = page.projects.iter().find(|p| p.key == "OPS").unwrap();
    let raw: Value = serde_json::from_str(&ops.raw_json).unwrap();
    assert_eq!(raw["key"], "OPS");
    assert_eq!(raw["name"], json!(ops.name));
    assert!(page.is_last);
    assert_eq!(page.start_at, 0);
    client.close().unwrap();
}

#[test]
fn project_errors_map_to_kinds() {
    use jira_host::bindings::ErrorKind;
    use jira_host::fake::Fault;

    let env = Env::new();
    env.fake.inject(Fault::jira_error("/project/search", 403, "You do not have the Browse Projects permission."));
    let error = env.err(OAuth, "jira_list_projects", json!({}), ErrorKind::Forbidden);
    assert_eq!(error.status, Some(403));
    assert_eq!(error.error_messages, ["You do not have the Browse Projects permission."]);

    env.fake.inject(Fault::status("/project/search", 200, r#"{"values": "not a list"}"#));
    let error = env.err(ApiKey, "jira_list_projects", json!({}), ErrorKind::Decode);
    assert!(error.message.contains("values"), "the decode error names the path: {}", error.message);
}
