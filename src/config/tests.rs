//! Tests of the configuration document: every method, every invalid value, and no secret in any message.

use super::*;
use crate::auth::AuthMethod;
use crate::error::ErrorKind;

const ID: &str = "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f";

#[test]
fn api_key_config() {
    let cfg = parse_config(r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok"}}"#)
        .expect("valid");
    assert_eq!(cfg.site, Some(SiteAddress::Host("acme.atlassian.net".into())));
    assert_eq!(cfg.cloud_id, None);
    assert_eq!(cfg.credentials.method(), AuthMethod::ApiKey);
}

#[test]
fn oauth_config_with_every_field() {
    let json = format!(
        r#"{{"site": "https://acme.atlassian.net/", "cloud_id": "{ID}",
            "auth": {{"method": "oauth", "access_token": "at", "refresh_token": "rt", "expires_at": 1700000000,
                     "client_id": "cid", "client_secret": "cs", "scopes": ["read:jira-work", "offline_access"]}}}}"#
    );
    let cfg = parse_config(&json).expect("valid");
    assert_eq!(cfg.cloud_id.as_deref(), Some(ID));
    let Credentials::OAuth(t) = cfg.credentials else { panic!("oauth expected") };
    assert_eq!(t.access_token.expose(), "at");
    assert_eq!(t.refresh_token.as_ref().map(Secret::expose), Some("rt"));
    assert_eq!(t.expires_at, Some(1_700_000_000));
    assert_eq!(t.client_id.as_deref(), Some("cid"));
    assert_eq!(t.scopes, Some(vec!["read:jira-work".to_string(), "offline_access".to_string()]));
}

#[test]
fn instant_oauth_with_a_gateway_site_takes_its_cloud_id() {
    let json = format!(
        r#"{{"site": "https://api.atlassian.com/ex/jira/{ID}", "auth": {{"method": "instant_oauth", "access_token": "at"}}}}"#
    );
    let cfg = parse_config(&json).expect("valid");
    assert_eq!(cfg.cloud_id.as_deref(), Some(ID));
    assert_eq!(cfg.credentials.method(), AuthMethod::InstantOAuth);
}

#[test]
fn invalid_configs_name_the_field() {
    let cases: &[(&str, &str)] = &[
        ("not json", "not valid JSON"),
        ("[]", "JSON object"),
        (r#"{"auth": {"method": "api_key", "api_key": "a@b.co:t"}}"#, "`site` is missing"),
        (r#"{"site": 5, "auth": {}}"#, "`site` must be a string"),
        (r#"{"site": "acme"}"#, "`auth` is missing"),
        (r#"{"site": "acme", "auth": "x"}"#, "`auth` must be an object"),
        (r#"{"site": "acme", "auth": {}}"#, "`auth.method` is missing"),
        (r#"{"site": "acme", "auth": {"method": "password"}}"#, "`auth.method` must be one of"),
        (r#"{"site": "acme", "auth": {"method": "api_key"}}"#, "`auth.api_key` is missing"),
        (
            r#"{"site": "acme", "sitee": 1, "auth": {"method": "api_key", "api_key": "a@b.co:t"}}"#,
            "unknown field `sitee`",
        ),
        (
            r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "a@b.co:t", "token": "x"}}"#,
            "unknown field `auth.token`",
        ),
        (
            r#"{"site": "acme", "auth": {"method": "instant_oauth", "access_token": "a", "client_secret": "s"}}"#,
            "go together",
        ),
        (r#"{"site": "acme", "auth": {"method": "oauth"}}"#, "`auth.access_token` is missing"),
        (r#"{"site": "acme", "auth": {"method": "oauth", "access_token": ""}}"#, "`auth.access_token` is empty"),
        (r#"{"site": "acme", "auth": {"method": "oauth", "access_token": 7}}"#, "`auth.access_token` must be a string"),
        (
            r#"{"site": "acme", "auth": {"method": "oauth", "access_token": "a", "expires_at": "soon"}}"#,
            "`auth.expires_at` must be",
        ),
        (
            r#"{"site": "acme", "auth": {"method": "oauth", "access_token": "a", "expires_at": -1}}"#,
            "`auth.expires_at` must be",
        ),
        (
            r#"{"site": "acme", "auth": {"method": "oauth", "access_token": "a", "scopes": "read:jira-work"}}"#,
            "`auth.scopes` must be an array",
        ),
        (
            r#"{"site": "acme", "auth": {"method": "oauth", "access_token": "a", "scopes": ["ok", ""]}}"#,
            "`auth.scopes[1]`",
        ),
        (r#"{"site": "acme", "auth": {"method": "oauth", "access_token": "a", "client_id": "c"}}"#, "go together"),
        (
            r#"{"site": "acme", "cloud_id": "nope", "auth": {"method": "oauth", "access_token": "a"}}"#,
            "`cloud_id` is not a valid cloud id",
        ),
        (r#"{"site": "http://acme.atlassian.net", "auth": {"method": "oauth", "access_token": "a"}}"#, "https"),
    ];
    for (json, needle) in cases {
        let err = parse_config(json).expect_err(json);
        assert_eq!(err.kind, ErrorKind::InvalidConfig, "{json}");
        assert!(err.message.contains(needle), "{json}: {}", err.message);
    }
}

#[test]
fn conflicting_cloud_ids_are_rejected() {
    let other = "11111111-2222-4333-8444-555555555555";
    let json =
        format!(r#"{{"site": "{ID}", "cloud_id": "{other}", "auth": {{"method": "oauth", "access_token": "a"}}}}"#);
    assert!(parse_config(&json).expect_err("conflict").message.contains("differs"));
}

#[test]
fn no_error_echoes_a_secret() {
    let secret = "S3CR3T-value-Zq";
    let cases = [
        format!(r#"{{"site": "acme", "auth": {{"method": "api_key", "api_key": "{secret}"}}}}"#),
        format!(r#"{{"site": "acme", "auth": {{"method": "api_key", "api_key": "not-email:{secret}"}}}}"#),
        format!(r#"{{"site": "acme", "auth": {{"method": "oauth", "access_token": "{secret} x"}}}}"#),
        format!(
            r#"{{"site": "acme", "auth": {{"method": "oauth", "access_token": "a", "client_id": "c", "client_secret": "{secret} x"}}}}"#
        ),
        format!(
            r#"{{"site": "acme", "auth": {{"method": "oauth", "access_token": "{secret}", "expires_at": "{secret}"}}}}"#
        ),
        format!(
            r#"{{"site": "acme", "auth": {{"method": "instant_oauth", "access_token": "{secret}", "refresh_token": 5}}}}"#
        ),
        format!(r#"{{"site": "acme", "auth": {{"method": "{secret}", "access_token": "{secret}"}}}}"#),
        format!(r#"{{"site": "acme", "auth": {{"method": "oauth", "access_token": "{secret}"}}, "x": 1}}"#),
        format!(r#"{{"site": "acme", "auth": {{"method": "oauth", "access_token": "{secret}""#),
    ];
    for json in cases {
        let err = parse_config(&json).expect_err(&json);
        assert!(!err.message.contains("S3CR3T"), "secret echoed: {}", err.message);
        assert!(!format!("{err:?}").contains("S3CR3T"), "secret in debug output");
    }
}

#[test]
fn oauth_may_leave_the_site_out_but_api_keys_may_not() {
    let cfg = parse_config(r#"{"auth": {"method": "oauth", "access_token": "a"}}"#).expect("oauth without site");
    assert_eq!(cfg.site, None);
    let err = parse_config(r#"{"auth": {"method": "api_key", "api_key": "a@b.co:t"}}"#).expect_err("api key");
    assert!(err.message.contains("`site` is missing"), "{}", err.message);
}

#[test]
fn instant_oauth_accepts_the_platform_app_credentials() {
    let cfg = parse_config(
        r#"{"site": "acme", "auth": {"method": "instant_oauth", "access_token": "a", "refresh_token": "r", "client_id": "c", "client_secret": "s"}}"#,
    )
    .expect("valid");
    let Credentials::InstantOAuth(t) = cfg.credentials else { panic!("instant oauth expected") };
    assert_eq!(t.client_id.as_deref(), Some("c"));
}
