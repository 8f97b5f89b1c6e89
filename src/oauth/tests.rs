//! Tests of the OAuth flow's requests and parsers, against Atlassian-shaped fixtures.

use super::*;
use crate::jira::test_support::fixture;

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn authorization_url_is_exact() {
    let url = authorization_url(
        "abc123",
        "https://app.example.com/callback?x=1",
        &scopes(&["read:jira-work", "write:jira-work", "read:sprint:jira-software"]),
        "st@te/1",
        true,
    )
    .expect("url");
    assert_eq!(
        url,
        "https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc123\
         &scope=read%3Ajira-work%20write%3Ajira-work%20read%3Asprint%3Ajira-software%20offline_access\
         &redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback%3Fx%3D1&state=st%40te%2F1\
         &response_type=code&prompt=consent"
    );
    let parsed = url::Url::parse(&url).expect("valid URL");
    let pairs: Vec<(String, String)> = parsed.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    assert!(pairs
        .contains(&("scope".into(), "read:jira-work write:jira-work read:sprint:jira-software offline_access".into())));
    assert!(pairs.contains(&("redirect_uri".into(), "https://app.example.com/callback?x=1".into())));
}

#[test]
fn offline_access_is_added_once_and_only_when_asked() {
    let with =
        authorization_url("c", "http://127.0.0.1:8976/cb", &scopes(&["offline_access", "read:jira-user"]), "s", true)
            .expect("url");
    assert_eq!(with.matches("offline_access").count(), 1);
    let without = authorization_url("c", "http://localhost/cb", &scopes(&["read:jira-user"]), "s", false).expect("url");
    assert!(!without.contains("offline_access"));
}

#[test]
fn bad_authorization_requests_are_invalid_input() {
    let cases = [
        ("c", "https://x/cb", vec!["read:jira-work"], "", "`state`"),
        ("", "https://x/cb", vec!["read:jira-work"], "s", "`client_id`"),
        ("c", "http://app.example.com/cb", vec!["read:jira-work"], "s", "`redirect_uri`"),
        ("c", "not a url", vec!["read:jira-work"], "s", "`redirect_uri`"),
        ("c", "https://x/cb", vec!["read:everything"], "s", "not an Atlassian scope"),
        ("c", "https://x/cb", vec!["read:jira-work extra"], "s", "not an Atlassian scope"),
        ("c", "https://x/cb", vec![], "s", "`scopes` is empty"),
    ];
    for (client, redirect, list, state, needle) in cases {
        let err = authorization_url(client, redirect, &scopes(&list), state, false).expect_err(needle);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{needle}");
        assert!(err.message.contains(needle), "{}", err.message);
    }
}

#[test]
fn issue_five_vocabulary_is_known() {
    for scope in [
        "read:jira-user",
        "read:jira-work",
        "write:jira-work",
        "manage:jira-project",
        "read:project:jira",
        "read:issue:jira",
        "write:issue:jira",
        "read:attachment:jira",
        "read:board-scope:jira-software",
        "write:board-scope:jira-software",
        "read:board-scope.admin:jira-software",
        "write:board-scope.admin:jira-software",
        "read:sprint:jira-software",
        "write:sprint:jira-software",
        "offline_access",
    ] {
        assert!(is_known_scope(scope), "{scope}");
    }
}

#[test]
fn token_requests_are_json_posts_to_the_auth_server() {
    let req = exchange_code_request("cid", &Secret::new("cs"), "https://x/cb", "the-code").expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://auth.atlassian.com/oauth/token");
    assert_eq!(req.header_value("authorization"), None);
    assert_eq!(
        req.body_json().expect("json"),
        json!({"grant_type": "authorization_code", "client_id": "cid", "client_secret": "cs", "code": "the-code", "redirect_uri": "https://x/cb"})
    );
    let req = refresh_request("cid", &Secret::new("cs"), &Secret::new("rt-1"));
    assert_eq!(
        req.body_json().expect("json"),
        json!({"grant_type": "refresh_token", "client_id": "cid", "client_secret": "cs", "refresh_token": "rt-1"})
    );
}

#[test]
fn token_responses_become_absolute_expiries() {
    let resp = Response::new(200, fixture("auth/oauth_token_response.go-atlassian.json"));
    let tokens = parse_token_response(&resp, "refresh", 1_000, None).expect("tokens");
    let raw: serde_json::Value =
        serde_json::from_slice(&fixture("auth/oauth_token_response.go-atlassian.json")).expect("json");
    assert_eq!(tokens.access_token.expose(), raw["access_token"].as_str().expect("access"));
    assert_eq!(tokens.expires_at, Some(1_000 + raw["expires_in"].as_u64().expect("expires_in")));
    assert_eq!(tokens.scopes.join(" "), raw["scope"].as_str().expect("scope"));
}

#[test]
fn a_rotated_refresh_token_replaces_the_old_one() {
    let old = Secret::new("old-rt");
    let rotated = Response::new(200, r#"{"access_token":"a2","refresh_token":"new-rt","expires_in":3600}"#);
    let tokens = parse_token_response(&rotated, "refresh", 0, Some(&old)).expect("tokens");
    assert_eq!(tokens.refresh_token.as_ref().map(Secret::expose), Some("new-rt"));
    let not_rotated = Response::new(200, r#"{"access_token":"a2","expires_in":3600}"#);
    let tokens = parse_token_response(&not_rotated, "refresh", 0, Some(&old)).expect("tokens");
    assert_eq!(tokens.refresh_token.as_ref().map(Secret::expose), Some("old-rt"));
}

#[test]
fn token_errors_map_to_unauthorized_with_the_description() {
    let resp = Response::new(403, fixture("auth/oauth_token_error_invalid_grant.go-atlassian.json"));
    let err = parse_token_response(&resp, "refresh OAuth token", 0, None).expect_err("invalid_grant");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("invalid_grant: The provided authorization code is invalid"), "{}", err.message);
    let resp = Response::new(400, r#"{"error":"unsupported_grant_type","error_description":"nope"}"#);
    assert_eq!(parse_token_response(&resp, "x", 0, None).expect_err("bad").kind, ErrorKind::InvalidInput);
    let resp = Response::new(200, r#"{"token_type":"Bearer"}"#);
    assert_eq!(parse_token_response(&resp, "x", 0, None).expect_err("no token").kind, ErrorKind::Decode);
}

fn two_sites() -> Vec<AccessibleSite> {
    parse_accessible_resources(&Response::new(
        200,
        fixture("auth/oauth_accessible_resources_two_sites.go-atlassian.json"),
    ))
    .expect("sites")
}

#[test]
fn accessible_resources_parse_and_select_by_configured_site() {
    let sites = two_sites();
    assert_eq!(sites.len(), 2);
    let second_host = sites[1].host().expect("host");
    let chosen = select_site(&sites, Some(&second_host)).expect("configured site");
    assert_eq!(chosen.cloud_id, sites[1].cloud_id, "the configured site, not the first entry");

    let err = select_site(&sites, None).expect_err("ambiguous");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
    assert!(err.message.contains(&sites[0].url) && err.message.contains(&sites[1].url), "{}", err.message);

    let err = select_site(&sites, Some("other.atlassian.net")).expect_err("absent");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("cannot reach https://other.atlassian.net"), "{}", err.message);

    assert_eq!(select_site(&sites[..1], None).expect("single").cloud_id, sites[0].cloud_id);
}

#[test]
fn accessible_resources_request_carries_the_bearer_token() {
    let req = accessible_resources_request(&Secret::new("at"));
    assert_eq!(req.url, "https://api.atlassian.com/oauth/token/accessible-resources");
    assert_eq!(req.header_value("authorization"), Some("Bearer at"));
}
