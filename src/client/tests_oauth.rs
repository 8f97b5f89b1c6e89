//! Tests of the OAuth lifecycle in the client: refresh before expiry and after a 401, rotated tokens saved
//! before use, save failures, expiry without refresh credentials, scoped API tokens, and site selection.

use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use crate::http::Method;
use crate::jira::test_support::{fixture, Scripted, CLOUD_ID};

/// Records saved tokens; fails when told to.
#[derive(Clone, Default)]
struct Store {
    saved: Rc<RefCell<Vec<TokenSet>>>,
    fail: bool,
}

impl TokenStore for Store {
    fn save(&self, tokens: &TokenSet) -> Result<(), String> {
        if self.fail {
            return Err("disk full".into());
        }
        self.saved.borrow_mut().push(tokens.clone());
        Ok(())
    }
}

const NOW: u64 = 1_700_000_000;

fn oauth_config(expires_at: u64, with_refresh: bool) -> String {
    let refresh =
        if with_refresh { r#", "refresh_token": "rt-0", "client_id": "cid", "client_secret": "csecret""# } else { "" };
    format!(
        r#"{{"site": "acme", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "oauth", "access_token": "at-0", "expires_at": {expires_at}{refresh}}}}}"#
    )
}

fn token_body(n: u32) -> String {
    format!(
        r#"{{"access_token":"at-{n}","refresh_token":"rt-{n}","expires_in":3600,"scope":"read:jira-user read:jira-work offline_access","token_type":"Bearer"}}"#
    )
}

fn client<'a>(config: &str, http: &'a Scripted, store: &Store) -> Client<&'a Scripted> {
    Client::new(config, http).expect("client").with_token_store(store.clone()).with_clock(|| NOW)
}

fn bearer(request: &Request) -> Option<&str> {
    request.header_value("authorization")
}

#[test]
fn an_expiring_token_is_refreshed_and_saved_before_it_is_used() {
    let http =
        Scripted::default().answer(200, token_body(1)).answer(200, fixture("users/myself_200.spec-examples.json"));
    let store = Store::default();
    let c = client(&oauth_config(NOW + 60, true), &http, &store);
    c.get_myself().expect("myself");
    let seen = http.seen.borrow();
    assert_eq!(seen[0].url, "https://auth.atlassian.com/oauth/token");
    assert_eq!(seen[0].body_json().expect("json")["refresh_token"], "rt-0");
    assert_eq!(bearer(&seen[0]), None, "the token endpoint gets no Authorization header");
    assert_eq!(bearer(&seen[1]), Some("Bearer at-1"));
    let saved = store.saved.borrow();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].refresh_token.as_ref().map(|s| s.expose()), Some("rt-1"));
    assert_eq!(saved[0].expires_at, Some(NOW + 3600));
    assert_eq!(
        c.current_tokens().and_then(|t| t.refresh_token).as_ref().map(|s| s.expose().to_string()),
        Some("rt-1".into())
    );
}

#[test]
fn a_fresh_token_is_not_refreshed() {
    let http = Scripted::default().answer(200, fixture("users/myself_200.spec-examples.json"));
    let store = Store::default();
    client(&oauth_config(NOW + 3600, true), &http, &store).get_myself().expect("myself");
    assert_eq!(http.seen.borrow().len(), 1);
    assert!(store.saved.borrow().is_empty());
}

#[test]
fn a_401_refreshes_once_then_retries_once() {
    let unauthorized = r#"{"code":401,"message":"Unauthorized"}"#;
    let http = Scripted::default().answer(401, unauthorized).answer(200, token_body(1)).answer(401, unauthorized);
    let store = Store::default();
    let err = client(&oauth_config(NOW + 3600, true), &http, &store).get_myself().expect_err("still refused");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 3, "call, refresh, one retry: no loop");
    assert_eq!(bearer(&seen[2]), Some("Bearer at-1"));
    assert_eq!(store.saved.borrow().len(), 1);
}

#[test]
fn three_refreshes_in_a_row_save_every_rotated_token() {
    let mut http = Scripted::default();
    for n in 1..=3 {
        http = http
            .answer(401, r#"{"code":401,"message":"Unauthorized"}"#)
            .answer(200, token_body(n))
            .answer(200, fixture("users/myself_200.spec-examples.json"));
    }
    let store = Store::default();
    let c = client(&oauth_config(NOW + 3600, true), &http, &store);
    for _ in 0..3 {
        c.get_myself().expect("myself after refresh");
    }
    let refreshes: Vec<String> = http
        .seen
        .borrow()
        .iter()
        .filter(|r| r.url.ends_with("/oauth/token"))
        .map(|r| r.body_json().expect("json")["refresh_token"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(refreshes, vec!["rt-0", "rt-1", "rt-2"], "each refresh uses the token the previous one returned");
    let saved: Vec<String> =
        store.saved.borrow().iter().filter_map(|t| t.refresh_token.as_ref().map(|s| s.expose().to_string())).collect();
    assert_eq!(saved, vec!["rt-1", "rt-2", "rt-3"]);
}

#[test]
fn two_calls_after_expiry_cause_one_refresh() {
    let http = Scripted::default()
        .answer(200, token_body(1))
        .answer(200, fixture("users/myself_200.spec-examples.json"))
        .answer(200, fixture("users/myself_200.spec-examples.json"));
    let store = Store::default();
    let c = client(&oauth_config(NOW - 10, true), &http, &store);
    c.get_myself().expect("first");
    c.get_myself().expect("second");
    assert_eq!(http.seen.borrow().iter().filter(|r| r.url.ends_with("/oauth/token")).count(), 1);
}

#[test]
fn a_failed_save_fails_the_call_and_keeps_the_tokens_readable() {
    let http = Scripted::default().answer(200, token_body(1));
    let store = Store { fail: true, ..Store::default() };
    let c = client(&oauth_config(NOW - 10, true), &http, &store);
    let err = c.get_myself().expect_err("not saved");
    assert_eq!(err.kind, ErrorKind::CredentialsNotSaved);
    assert!(err.message.contains("disk full") && err.message.contains("current-tokens"), "{}", err.message);
    assert!(!err.message.contains("rt-1") && !err.message.contains("at-1"), "no token in the message");
    assert_eq!(http.seen.borrow().len(), 1, "the new access token was not used before being saved");
    let current = c.current_tokens().expect("tokens");
    assert_eq!(current.access_token.expose(), "at-1");
    assert_eq!(current.refresh_token.as_ref().map(|s| s.expose()), Some("rt-1"));
}

#[test]
fn an_expired_token_without_refresh_credentials_is_unauthorized_before_sending() {
    let http = Scripted::default();
    let store = Store::default();
    let err = client(&oauth_config(NOW - 1, false), &http, &store).get_myself().expect_err("expired");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("token expired"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn a_refused_grant_is_unauthorized_with_atlassians_description() {
    let http = Scripted::default()
        .answer(403, r#"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#);
    let store = Store::default();
    let err = client(&oauth_config(NOW - 1, true), &http, &store).get_myself().expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("Unknown or invalid refresh token."), "{}", err.message);
    assert!(store.saved.borrow().is_empty());
}

#[test]
fn a_scope_mismatch_is_not_refreshed() {
    let http = Scripted::default().answer(401, r#"{"code":401,"message":"Unauthorized; scope does not match"}"#);
    let store = Store::default();
    let err = client(&oauth_config(NOW + 3600, true), &http, &store).get_myself().expect_err("scope");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("scope does not match"));
    assert_eq!(http.seen.borrow().len(), 1);
}

#[test]
fn a_scoped_api_token_falls_back_to_the_gateway_and_remembers_it() {
    let config = r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:scoped"}}"#;
    let http = Scripted::default()
        .answer(401, r#"{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}"#)
        .answer(200, format!(r#"{{"cloudId": "{CLOUD_ID}"}}"#))
        .answer(200, fixture("users/myself_200.spec-examples.json"))
        .answer(200, fixture("users/myself_200.spec-examples.json"));
    let c = Client::new(config, &http).expect("client");
    c.get_myself().expect("through the gateway");
    c.get_myself().expect("again");
    let seen = http.seen.borrow();
    let urls: Vec<&str> = seen.iter().map(|r| r.url.as_str()).collect();
    let gateway = format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/myself");
    assert_eq!(
        urls,
        vec![
            "https://acme.atlassian.net/rest/api/3/myself",
            "https://acme.atlassian.net/_edge/tenant_info",
            gateway.as_str(),
            gateway.as_str()
        ]
    );
    assert!(seen[2].header_value("authorization").is_some_and(|h| h.starts_with("Basic ")));
    assert_eq!(c.site().expect("site").api_base, format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}"));
}

#[test]
fn oauth_without_a_site_uses_the_tokens_only_site_or_asks() {
    let one = format!(
        r#"[{{"id":"{CLOUD_ID}","url":"https://acme.atlassian.net","name":"acme","scopes":["read:jira-user"]}}]"#
    );
    let http = Scripted::default().answer(200, one).answer(200, fixture("users/myself_200.spec-examples.json"));
    let c = Client::new(r#"{"auth": {"method": "oauth", "access_token": "at"}}"#, &http).expect("client");
    c.get_myself().expect("myself");
    let seen = http.seen.borrow();
    assert_eq!(seen[0].method, Method::Get);
    assert_eq!(seen[0].url, "https://api.atlassian.com/oauth/token/accessible-resources");
    assert_eq!(seen[1].url, format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/myself"));
    assert_eq!(c.site().expect("site").browse_base.as_deref(), Some("https://acme.atlassian.net"));

    let two = format!(
        r#"[{{"id":"{CLOUD_ID}","url":"https://acme.atlassian.net","name":"acme"}},{{"id":"7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","url":"https://beta.atlassian.net","name":"beta"}}]"#
    );
    let http = Scripted::default().answer(200, two);
    let err = Client::new(r#"{"auth": {"method": "oauth", "access_token": "at"}}"#, &http)
        .expect("client")
        .get_myself()
        .expect_err("ambiguous");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
    assert!(err.message.contains("https://beta.atlassian.net"), "{}", err.message);
}

#[test]
fn a_token_for_another_site_is_forbidden_naming_the_sites_it_reaches() {
    let config = format!(
        r#"{{"site": "acme", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "instant_oauth", "access_token": "at"}}}}"#
    );
    let other = r#"[{"id":"7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","url":"https://beta.atlassian.net","name":"beta"}]"#;
    let http = Scripted::default().answer(401, r#"{"code":401,"message":"Unauthorized"}"#).answer(200, other);
    let err = Client::new(&config, &http).expect("client").get_myself().expect_err("wrong site");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("cannot reach https://acme.atlassian.net"), "{}", err.message);
    assert!(err.message.contains("https://beta.atlassian.net"), "{}", err.message);
}
