//! The OAuth 2.0 (3LO) lifecycle through the component in wasmtime against the fake's authorization server:
//! the authorization URL, code exchange, rotating refreshes with every token saved, one refresh for several
//! calls, save failures that lose nothing, Instant OAuth expiry, scopes, several sites, and scoped API tokens.

use std::sync::Arc;

use crate::common::Env;
use jira_host::bindings::ErrorKind;
use jira_host::fake::{self, FakeJira};
use jira_host::runtime::MemoryCredentialStore;
use jira_host::Runtime;
use serde_json::{json, Value};

const NOW_PLUS_HOUR: u64 = 4_102_444_800; // 2100-01-01: far in the future

/// An OAuth configuration with app credentials for refreshing.
fn oauth_config(access: &str, refresh: &str, expires_at: u64) -> Value {
    json!({
        "site": fake::FAKE_SITE_HOST,
        "auth": {
            "method": "oauth",
            "access_token": access,
            "refresh_token": refresh,
            "expires_at": expires_at,
            "client_id": fake::FAKE_CLIENT_ID,
            "client_secret": fake::FAKE_CLIENT_SECRET,
        }
    })
}

/// The runtime of `env` saving tokens into a fresh memory store.
fn with_store(env: &Env) -> (Runtime, Arc<MemoryCredentialStore>) {
    let store = Arc::new(MemoryCredentialStore::default());
    (env.runtime.with_credential_store(store.clone()), store)
}

fn call(runtime: &Runtime, config: &Value, tool: &str, args: Value) -> Result<Value, jira_host::bindings::JiraError> {
    runtime
        .call_tool(&config.to_string(), tool, &args.to_string())
        .expect("no trap")
        .map(|text| serde_json::from_str(&text).expect("JSON result"))
}

const FULL: [&str; 4] = ["read:jira-user", "read:jira-work", "write:jira-work", "offline_access"];

#[test]
fn the_authorization_url_is_exact() {
    let env = Env::new();
    let mut session = env.runtime.session().expect("session");
    let url = session
        .oauth_authorization_url(
            fake::FAKE_CLIENT_ID,
            fake::FAKE_REDIRECT_URI,
            &["read:jira-work".to_string(), "write:jira-work".to_string()],
            "xyz 1",
            true,
        )
        .expect("no trap")
        .expect("url");
    assert_eq!(
        url,
        "https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=fake-client-id-0001\
         &scope=read%3Ajira-work%20write%3Ajira-work%20offline_access\
         &redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2Fcallback&state=xyz%201&response_type=code&prompt=consent"
    );
    let err = session
        .oauth_authorization_url(fake::FAKE_CLIENT_ID, "http://example.com/cb", &["read:jira-work".into()], "s", true)
        .expect("no trap")
        .expect_err("non-https redirect");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

#[test]
fn a_code_is_exchanged_once() {
    let env = Env::new();
    let code = env.fake.issue_auth_code(&FULL, &[]);
    let mut session = env.runtime.session().expect("session");
    let tokens = session
        .oauth_exchange_code(fake::FAKE_CLIENT_ID, fake::FAKE_CLIENT_SECRET, fake::FAKE_REDIRECT_URI, &code)
        .expect("no trap")
        .expect("tokens");
    assert!(tokens.refresh_token.is_some(), "offline_access gives a refresh token");
    assert!(tokens.expires_at.is_some_and(|at| at > 1_700_000_000), "absolute expiry");
    assert!(tokens.scopes.contains(&"write:jira-work".to_string()));
    assert!(env.fake.token_is_valid(&tokens.access_token));
    let again = session
        .oauth_exchange_code(fake::FAKE_CLIENT_ID, fake::FAKE_CLIENT_SECRET, fake::FAKE_REDIRECT_URI, &code)
        .expect("no trap")
        .expect_err("single use");
    assert_eq!(again.kind, ErrorKind::Unauthorized);
    assert!(again.message.contains("invalid_grant"), "{}", again.message);
    assert!(!again.message.contains(&code), "the code is not echoed");
}

#[test]
fn three_refreshes_in_a_row_save_every_rotated_token() {
    let env = Env::new();
    let (runtime, store) = with_store(&env);
    let (access, refresh) = env.fake.issue_tokens(&FULL, &[]);
    let config = oauth_config(&access, &refresh, NOW_PLUS_HOUR);
    let mut session = runtime.session().expect("session");
    let mut client = session.client(&config.to_string()).expect("no trap").expect("client");
    for round in 1..=3 {
        env.fake.expire_access_tokens();
        let me = client.get_myself().expect("no trap").expect("myself after a refresh");
        assert_eq!(me.display_name, "Ada Lovelace");
        assert_eq!(env.fake.refresh_count(), round);
    }
    let saved = store.saved();
    assert_eq!(saved.len(), 3, "every rotated pair reached the host");
    let current = client.current_tokens().expect("no trap").expect("tokens");
    assert_eq!(saved[2].access_token, current.access_token, "the last saved pair is the one in use");
    assert_eq!(saved[2].refresh_token, current.refresh_token);
    assert!(env.fake.token_is_valid(current.refresh_token.as_deref().expect("refresh token")));
    assert!(!env.fake.token_is_valid(&refresh), "the original refresh token died at the first rotation");
    for older in &saved[..2] {
        assert!(!env.fake.token_is_valid(older.refresh_token.as_deref().expect("rt")), "rotated away");
    }
    assert_eq!(env.fake.failed_refresh_count(), 0, "a rotated token was never reused");
}

#[test]
fn an_expiring_token_is_refreshed_once_for_several_calls() {
    let env = Env::new();
    let (runtime, store) = with_store(&env);
    let (access, refresh) = env.fake.issue_tokens(&FULL, &[]);
    let config = oauth_config(&access, &refresh, 1); // long expired according to the config
    let mut session = runtime.session().expect("session");
    let mut client = session.client(&config.to_string()).expect("no trap").expect("client");
    for _ in 0..3 {
        client.get_myself().expect("no trap").expect("myself");
    }
    assert_eq!(env.fake.refresh_count(), 1);
    assert_eq!(store.saved().len(), 1);
    let refreshes = env.fake.requests().iter().filter(|r| r.host == fake::FAKE_AUTH_HOST).count();
    assert_eq!(refreshes, 1);
}

#[test]
fn a_failed_save_fails_the_call_and_loses_nothing() {
    let env = Env::new();
    let (runtime, store) = with_store(&env);
    store.set_failing(true);
    let (access, refresh) = env.fake.issue_tokens(&FULL, &[]);
    let config = oauth_config(&access, &refresh, 1);
    let mut session = runtime.session().expect("session");
    let mut client = session.client(&config.to_string()).expect("no trap").expect("client");
    let err = client.get_myself().expect("no trap").expect_err("not saved");
    assert_eq!(err.kind, ErrorKind::CredentialsNotSaved);
    let current = client.current_tokens().expect("no trap").expect("tokens");
    let new_refresh = current.refresh_token.clone().expect("refresh token");
    assert!(env.fake.token_is_valid(&new_refresh), "the rotated token is alive and readable");
    assert!(!err.message.contains(&new_refresh) && !err.message.contains(&current.access_token));
    let myself_calls = env.fake.requests().iter().filter(|r| r.path.ends_with("/myself")).count();
    assert_eq!(myself_calls, 0, "the new access token was not used before it was saved");
    // The host stores them now (e.g. after its storage recovers); the connection keeps working.
    store.set_failing(false);
    let config = oauth_config(&current.access_token, &new_refresh, current.expires_at.unwrap_or(NOW_PLUS_HOUR));
    call(&runtime, &config, "jira_get_myself", json!({})).expect("works with the recovered tokens");
}

#[test]
fn reusing_a_rotated_refresh_token_is_unauthorized() {
    let env = Env::new();
    let (runtime, _store) = with_store(&env);
    let (access, refresh) = env.fake.issue_tokens(&FULL, &[]);
    let config = oauth_config(&access, &refresh, 1);
    call(&runtime, &config, "jira_get_myself", json!({})).expect("first refresh");
    // A second client started from the same (stale) configuration reuses the rotated refresh token.
    let err = call(&runtime, &config, "jira_get_myself", json!({})).expect_err("stale refresh token");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("invalid_grant"), "{}", err.message);
}

#[test]
fn an_expired_instant_oauth_token_without_app_credentials_is_unauthorized() {
    let env = Env::new();
    let config = json!({"site": fake::FAKE_SITE_HOST, "cloud_id": fake::FAKE_CLOUD_ID,
        "auth": {"method": "instant_oauth", "access_token": fake::FAKE_INSTANT_OAUTH_TOKEN, "expires_at": 1}});
    let err = env.call_with_config(&config, "jira_get_myself", json!({})).expect_err("expired");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("token expired"), "{}", err.message);
    assert!(env.fake.requests().is_empty(), "nothing was sent with an expired token");
}

#[test]
fn ungranted_scopes_fail_before_any_request_and_mismatches_become_forbidden() {
    let env = Env::new();
    let (access, _) = env.fake.issue_tokens(&["read:jira-work", "read:jira-user"], &[]);
    let declared = json!({"site": fake::FAKE_SITE_HOST, "cloud_id": fake::FAKE_CLOUD_ID,
        "auth": {"method": "oauth", "access_token": access, "scopes": ["read:jira-work", "read:jira-user"]}});
    let err = env
        .call_with_config(
            &declared,
            "jira_create_issue",
            json!({"project_key": "ACME", "summary": "x", "issue_type": "Task"}),
        )
        .expect_err("not granted");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.missing_scopes, vec!["write:jira-work".to_string()]);
    assert!(env.fake.requests().is_empty());

    // Without declared scopes the request goes out and Atlassian's "scope does not match" becomes forbidden.
    let undeclared = json!({"site": fake::FAKE_SITE_HOST, "cloud_id": fake::FAKE_CLOUD_ID,
        "auth": {"method": "oauth", "access_token": access}});
    let err = env
        .call_with_config(&undeclared, "jira_add_comment", json!({"issue_key": "ACME-1", "body": "hi"}))
        .expect_err("mismatch");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert_eq!(err.missing_scopes, vec!["write:jira-work".to_string()]);
    env.call_with_config(&undeclared, "jira_search", json!({"jql": "project = ACME"})).expect("reading is granted");

    let mut session = env.runtime.session().expect("session");
    let names: Vec<String> = session
        .list_tools_granted(&["read:jira-work".to_string(), "read:jira-user".to_string()])
        .expect("no trap")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(names.contains(&"jira_search".to_string()) && !names.contains(&"jira_create_issue".to_string()));
}

#[test]
fn the_configured_site_is_selected_among_several() {
    let env = Env::new();
    let (access, _) = env.fake.issue_tokens(&FULL, &[fake::FAKE_SITE_HOST, fake::FAKE_SECOND_SITE_HOST]);
    let mut session = env.runtime.session().expect("session");
    let sites = session.oauth_accessible_resources(&access).expect("no trap").expect("sites");
    assert_eq!(sites.len(), 2);

    let no_site = json!({"auth": {"method": "oauth", "access_token": access}});
    let err = env.call_with_config(&no_site, "jira_get_myself", json!({})).expect_err("ambiguous");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
    assert!(err.message.contains("beta.atlassian.net") && err.message.contains("acme.atlassian.net"));

    let (only_acme, _) = env.fake.issue_tokens(&FULL, &[fake::FAKE_SITE_HOST]);
    let one = json!({"auth": {"method": "oauth", "access_token": only_acme}});
    let me = env.call_with_config(&one, "jira_get_myself", json!({})).expect("the only site");
    assert_eq!(me["display_name"], "Ada Lovelace");
}

#[test]
fn a_scoped_api_token_falls_back_to_the_gateway() {
    let env = Env::new();
    let config = json!({"site": fake::FAKE_SITE_HOST,
        "auth": {"method": "api_key", "api_key": format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_SCOPED_API_TOKEN)}});
    let mut session = env.runtime.session().expect("session");
    let mut client = session.client(&config.to_string()).expect("no trap").expect("client");
    client.get_myself().expect("no trap").expect("through the gateway");
    client.get_myself().expect("no trap").expect("again");
    let resolved = client.resolve().expect("no trap").expect("resolved");
    assert_eq!(resolved.api_base, format!("https://api.atlassian.com/ex/jira/{}", fake::FAKE_CLOUD_ID));
    let hosts: Vec<(String, String)> = env.fake.requests().into_iter().map(|r| (r.host, r.path)).collect();
    assert_eq!(hosts[0], (fake::FAKE_SITE_HOST.to_string(), "/rest/api/3/myself".to_string()));
    assert_eq!(hosts.iter().filter(|(h, _)| h == fake::FAKE_SITE_HOST).count(), 2, "the site once, tenant info once");
    assert_eq!(hosts.iter().filter(|(h, _)| h == fake::FAKE_GATEWAY_HOST).count(), 2, "then the gateway, remembered");

    // A genuinely bad token ends as unauthorized after the one gateway attempt.
    let bad = json!({"site": fake::FAKE_SITE_HOST, "cloud_id": fake::FAKE_CLOUD_ID,
        "auth": {"method": "api_key", "api_key": format!("{}:wrong-token", fake::FAKE_EMAIL)}});
    env.fake.clear_requests();
    let err = env.call_with_config(&bad, "jira_get_myself", json!({})).expect_err("bad token");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(env.fake.requests().len(), 2, "the site, then one extra request on the gateway");
}

#[test]
fn the_fake_accepts_only_refreshed_tokens_after_expiry() {
    // Guards the premise of the refresh tests: an expired access token is refused by the fake.
    let fake = FakeJira::start(0).expect("fake");
    let (access, _) = fake.issue_tokens(&FULL, &[]);
    assert!(fake.token_is_valid(&access));
    fake.expire_access_tokens();
    assert!(!fake.token_is_valid(&access));
}

#[test]
fn a_token_that_cannot_reach_the_configured_site_is_forbidden() {
    let env = Env::new();
    let (beta_only, _) = env.fake.issue_tokens(&FULL, &[fake::FAKE_SECOND_SITE_HOST]);
    let config = json!({"site": fake::FAKE_SITE_HOST, "auth": {"method": "oauth", "access_token": beta_only}});
    let err = env.call_with_config(&config, "jira_get_myself", json!({})).expect_err("wrong site");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("cannot reach https://acme.atlassian.net"), "{}", err.message);
    assert!(err.message.contains("beta.atlassian.net"), "{}", err.message);
}
