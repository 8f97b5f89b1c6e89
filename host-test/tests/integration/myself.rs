//! The current user and site resolution, for every auth method: values, hosts, paths, credentials, and how
//! often the cloud id is looked up.

use crate::common::*;
use jira_host::fake;
use serde_json::json;

#[test]
fn get_myself_returns_the_user_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let me = env.ok(method, "jira_get_myself", json!({}));
        assert_eq!(me["account_id"], "5b10a2844c20165700ede21g", "[{}]", method.name());
        assert_eq!(me["display_name"], "Ada Lovelace");
        assert_eq!(me["email"], fake::FAKE_EMAIL);
        assert_eq!(me["active"], true);
        assert_eq!(me["time_zone"], "Europe/London");

        assert_routed(&env, method, lookups(method));
        let api = env.api_requests();
        assert_eq!(api.len(), 1, "[{}] one request for myself", method.name());
        assert_eq!(api[0].method, "GET");
        assert_eq!(api[0].path, rest_path(method, "api/3/myself"));
    }
}

#[test]
fn typed_client_returns_the_user_record_with_raw_json() {
    let env = Env::new();
    for method in METHODS {
        let mut session = env.runtime.session().unwrap();
        let mut client = session.client(&method.fake_config().to_string()).unwrap().unwrap();
        let me = client.get_myself().unwrap().unwrap();
        assert_eq!(me.account_id, "5b10a2844c20165700ede21g");
        assert_eq!(me.display_name, "Ada Lovelace");
        assert_eq!(me.email.as_deref(), Some(fake::FAKE_EMAIL));
        assert!(me.active);
        let raw: serde_json::Value = serde_json::from_str(&me.raw_json).unwrap();
        assert_eq!(raw["accountId"], "5b10a2844c20165700ede21g");
        client.close().unwrap();
    }
}

#[test]
fn resolve_reports_where_requests_go_without_secrets() {
    for method in METHODS {
        let env = Env::new();
        let site = env.runtime.resolve(&method.fake_config().to_string()).unwrap().unwrap();
        assert_eq!(site.api_base, method.expected_api_base(), "[{}]", method.name());
        assert_eq!(site.browse_base.as_deref(), Some("https://acme.atlassian.net"));
        let expected_method = method.name().replace('_', "-");
        assert_eq!(site.auth_method, expected_method);
        if method != ApiKey {
            assert_eq!(site.cloud_id.as_deref(), Some(fake::FAKE_CLOUD_ID));
        }
        assert_eq!(env.tenant_info_requests().len(), lookups(method));
        assert!(env.api_requests().is_empty(), "resolve calls no REST API");
    }
}

#[test]
fn the_cloud_id_is_looked_up_once_per_client() {
    for method in [OAuth, InstantOAuth] {
        let env = Env::new();
        let mut session = env.runtime.session().unwrap();
        let mut client = session.client(&method.fake_config().to_string()).unwrap().unwrap();
        client.get_myself().unwrap().unwrap();
        client.call_tool("jira_get_myself", "{}").unwrap().unwrap();
        client.call_tool("jira_get_issue", r#"{"issue_key":"ACME-1"}"#).unwrap().unwrap();
        client.resolve().unwrap().unwrap();
        client.close().unwrap();
        assert_routed(&env, method, 1);
        assert_eq!(env.api_requests().len(), 3);
    }
}

#[test]
fn a_configured_cloud_id_or_gateway_url_needs_no_lookup() {
    let env = Env::new();
    let mut with_id = OAuth.fake_config();
    with_id["cloud_id"] = json!(fake::FAKE_CLOUD_ID);
    let gateway_site = json!({
        "site": format!("https://api.atlassian.com/ex/jira/{}", fake::FAKE_CLOUD_ID),
        "auth": {"method": "instant_oauth", "access_token": fake::FAKE_INSTANT_OAUTH_TOKEN},
    });
    for config in [with_id, gateway_site] {
        env.fake.clear_requests();
        let me = env
            .call_with_config(&config, "jira_get_myself", json!({}))
            .unwrap_or_else(|e| panic!("{config}: {}", e.message));
        assert_eq!(me["display_name"], "Ada Lovelace");
        assert!(env.tenant_info_requests().is_empty(), "{config}: no tenant_info lookup");
        let api = env.api_requests();
        assert_eq!(api.len(), 1);
        assert_eq!(api[0].host, fake::FAKE_GATEWAY_HOST);
        assert_eq!(api[0].path, rest_path(OAuth, "api/3/myself"));
    }
}

#[test]
fn every_site_spelling_reaches_the_same_site() {
    let env = Env::new();
    for site in [
        "acme",
        "acme.atlassian.net",
        "https://acme.atlassian.net/",
        "https://acme.atlassian.net/jira/software/projects/ACME/boards/1",
    ] {
        env.fake.clear_requests();
        let mut config = ApiKey.fake_config();
        config["site"] = json!(site);
        let me = env
            .call_with_config(&config, "jira_get_myself", json!({}))
            .unwrap_or_else(|e| panic!("{site}: {}", e.message));
        assert_eq!(me["display_name"], "Ada Lovelace", "{site}");
        assert_routed(&env, ApiKey, 0);
    }
}
