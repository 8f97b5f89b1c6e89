//! Tests of the fake's authorization server over real HTTP: code exchange, refresh rotation, reuse detection,
//! client authentication and request validation on `POST https://auth.atlassian.com/oauth/token`.

use serde_json::{json, Value};

use super::test_client::{gateway, send, send_typed, start, Answer};
use super::*;

const READ_WRITE_OFFLINE: &[&str] = &["read:jira-work", "write:jira-work", "read:jira-user", "offline_access"];

/// `POST /oauth/token` with a JSON body.
pub(super) fn token_request(fake: &FakeJira, body: &Value) -> Answer {
    send(fake, "POST", FAKE_AUTH_HOST, "/oauth/token", None, Some(&body.to_string()))
}

/// The `authorization_code` grant with the right client and redirect.
pub(super) fn exchange(fake: &FakeJira, code: &str) -> Answer {
    token_request(
        fake,
        &json!({
            "grant_type": "authorization_code",
            "client_id": FAKE_CLIENT_ID,
            "client_secret": FAKE_CLIENT_SECRET,
            "code": code,
            "redirect_uri": FAKE_REDIRECT_URI,
        }),
    )
}

/// The `refresh_token` grant with the right client.
pub(super) fn refresh(fake: &FakeJira, refresh_token: &str) -> Answer {
    token_request(
        fake,
        &json!({
            "grant_type": "refresh_token",
            "client_id": FAKE_CLIENT_ID,
            "client_secret": FAKE_CLIENT_SECRET,
            "refresh_token": refresh_token,
        }),
    )
}

/// `GET` on the gateway for the first site with `Authorization: Bearer token`.
pub(super) fn gateway_get(fake: &FakeJira, token: &str, path: &str) -> Answer {
    send(fake, "GET", FAKE_GATEWAY_HOST, &gateway(path), Some(&format!("Bearer {token}")), None)
}

/// The string field `name` of a JSON answer, empty when absent.
pub(super) fn field(answer: &Answer, name: &str) -> String {
    answer.json()[name].as_str().unwrap_or_default().to_string()
}

fn assert_oauth_error(answer: &Answer, status: u16, error: &str, description: &str) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert_eq!(answer.json(), json!({ "error": error, "error_description": description }));
}

const ISSUE: &str = "/rest/api/3/issue/ACME-1";

#[test]
fn a_code_exchanges_for_bearer_tokens_with_the_granted_scopes() {
    let fake = start();
    let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
    let answer = exchange(&fake, &code);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "read:jira-work write:jira-work read:jira-user offline_access");
    let (access, refresh_token) = (field(&answer, "access_token"), field(&answer, "refresh_token"));
    assert!(access.starts_with("fake-at-") && refresh_token.starts_with("fake-rt-"), "{body}");
    assert!(fake.token_is_valid(&access) && fake.token_is_valid(&refresh_token));
    assert_eq!(gateway_get(&fake, &access, ISSUE).json()["key"], "ACME-1");
    assert_eq!(gateway_get(&fake, &access, "/rest/api/3/myself").json()["emailAddress"], FAKE_EMAIL);
}

#[test]
fn without_offline_access_there_is_no_refresh_token() {
    let fake = start();
    let answer = exchange(&fake, &fake.issue_auth_code(&["read:jira-work"], &[]));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["scope"], "read:jira-work");
    assert!(answer.json().get("refresh_token").is_none(), "{}", answer.text);
}

#[test]
fn a_code_works_once_and_its_reuse_revokes_what_it_issued() {
    let fake = start();
    let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
    let first = exchange(&fake, &code);
    let (access, refresh_token) = (field(&first, "access_token"), field(&first, "refresh_token"));
    assert_eq!(gateway_get(&fake, &access, ISSUE).status, 200);
    assert_oauth_error(&exchange(&fake, &code), 403, "invalid_grant", "Invalid authorization code");
    assert!(!fake.token_is_valid(&access) && !fake.token_is_valid(&refresh_token));
    let refused = gateway_get(&fake, &access, ISSUE);
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json(), json!({ "code": 401, "message": "Unauthorized" }));
    assert_oauth_error(&exchange(&fake, "fake-ac-never-issued"), 403, "invalid_grant", "Invalid authorization code");
}

#[test]
fn a_wrong_redirect_uri_is_an_invalid_grant_that_does_not_burn_the_code() {
    let fake = start();
    let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
    let wrong = token_request(
        &fake,
        &json!({
            "grant_type": "authorization_code",
            "client_id": FAKE_CLIENT_ID,
            "client_secret": FAKE_CLIENT_SECRET,
            "code": code,
            "redirect_uri": "https://evil.example.com/callback",
        }),
    );
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.json()["error"], "invalid_grant");
    assert_eq!(exchange(&fake, &code).status, 200);
}

#[test]
fn wrong_client_credentials_are_access_denied() {
    let fake = start();
    let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
    for (client_id, client_secret) in [(FAKE_CLIENT_ID, "wrong-secret"), ("other-client", FAKE_CLIENT_SECRET)] {
        let answer = token_request(
            &fake,
            &json!({
                "grant_type": "authorization_code",
                "client_id": client_id,
                "client_secret": client_secret,
                "code": code,
                "redirect_uri": FAKE_REDIRECT_URI,
            }),
        );
        assert_oauth_error(&answer, 401, "access_denied", "Unauthorized");
    }
    // A refused client does not burn the code either.
    assert_eq!(exchange(&fake, &code).status, 200);
}

#[test]
fn refresh_rotates_both_tokens_every_time() {
    let fake = start();
    let (mut access, mut refresh_token) = fake.issue_tokens(READ_WRITE_OFFLINE, &[]);
    let mut seen = vec![access.clone(), refresh_token.clone()];
    for round in 1..=3 {
        let answer = refresh(&fake, &refresh_token);
        assert_eq!(answer.status, 200, "round {round}: {}", answer.text);
        assert_eq!(answer.json()["scope"], "read:jira-work write:jira-work read:jira-user offline_access");
        let (new_access, new_refresh) = (field(&answer, "access_token"), field(&answer, "refresh_token"));
        assert!(!seen.contains(&new_access) && !seen.contains(&new_refresh), "round {round}: a token came back");
        assert!(!fake.token_is_valid(&refresh_token), "round {round}: the used refresh token still lives");
        assert!(fake.token_is_valid(&new_refresh));
        // Access tokens are not revoked by a refresh: they simply run until they expire.
        assert!(fake.token_is_valid(&access));
        assert_eq!(gateway_get(&fake, &new_access, ISSUE).status, 200);
        seen.extend([new_access.clone(), new_refresh.clone()]);
        (access, refresh_token) = (new_access, new_refresh);
    }
    assert_eq!(fake.refresh_count(), 3);
    assert_eq!(fake.failed_refresh_count(), 0);
}

#[test]
fn reusing_a_rotated_refresh_token_revokes_the_whole_family() {
    let fake = start();
    let (first_access, first_refresh) = fake.issue_tokens(READ_WRITE_OFFLINE, &[]);
    let (other_access, other_refresh) = fake.issue_tokens(READ_WRITE_OFFLINE, &[]);
    let rotated = refresh(&fake, &first_refresh);
    let (access, refresh_token) = (field(&rotated, "access_token"), field(&rotated, "refresh_token"));
    assert_eq!(gateway_get(&fake, &access, ISSUE).status, 200);

    let reuse = refresh(&fake, &first_refresh);
    assert_oauth_error(&reuse, 403, "invalid_grant", "Unknown or invalid refresh token.");
    for token in [&first_access, &access] {
        let answer = gateway_get(&fake, token, ISSUE);
        assert_eq!(answer.json(), json!({ "code": 401, "message": "Unauthorized" }), "{token}");
    }
    assert_oauth_error(&refresh(&fake, &refresh_token), 403, "invalid_grant", "Unknown or invalid refresh token.");
    // Another authorization is a different family: untouched.
    assert_eq!(gateway_get(&fake, &other_access, ISSUE).status, 200);
    assert!(fake.token_is_valid(&other_refresh));
    assert_eq!((fake.refresh_count(), fake.failed_refresh_count()), (1, 2));
}

#[test]
fn expired_access_tokens_are_refused_until_refreshed() {
    let fake = start();
    let (access, refresh_token) = fake.issue_tokens(READ_WRITE_OFFLINE, &[]);
    fake.expire_access_tokens();
    assert!(!fake.token_is_valid(&access));
    assert!(fake.token_is_valid(&refresh_token));
    let expired = gateway_get(&fake, &access, ISSUE);
    assert_eq!(expired.status, 401);
    assert_eq!(expired.json(), json!({ "code": 401, "message": "Unauthorized" }));
    // The constant tokens never expire.
    assert_eq!(gateway_get(&fake, FAKE_OAUTH_TOKEN, ISSUE).status, 200);
    let renewed = refresh(&fake, &refresh_token);
    assert_eq!(gateway_get(&fake, &field(&renewed, "access_token"), ISSUE).status, 200);
}

#[test]
fn a_form_encoded_token_request_is_accepted() {
    let fake = start();
    let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
    let redirect = percent_encoding::utf8_percent_encode(FAKE_REDIRECT_URI, percent_encoding::NON_ALPHANUMERIC);
    let body = format!(
        "grant_type=authorization_code&client_id={FAKE_CLIENT_ID}&client_secret={FAKE_CLIENT_SECRET}\
         &code={code}&redirect_uri={redirect}"
    );
    let form = Some(("application/x-www-form-urlencoded", body.as_str()));
    let answer = send_typed(&fake, "POST", FAKE_AUTH_HOST, "/oauth/token", None, form);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let refresh_body = format!(
        "grant_type=refresh_token&client_id={FAKE_CLIENT_ID}&client_secret={FAKE_CLIENT_SECRET}&refresh_token={}",
        field(&answer, "refresh_token")
    );
    let form = Some(("application/x-www-form-urlencoded; charset=UTF-8", refresh_body.as_str()));
    let refreshed = send_typed(&fake, "POST", FAKE_AUTH_HOST, "/oauth/token", None, form);
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
}

#[test]
fn malformed_token_requests_are_invalid_or_unsupported() {
    let fake = start();
    let unsupported = token_request(&fake, &json!({ "grant_type": "password", "client_id": FAKE_CLIENT_ID }));
    assert_oauth_error(&unsupported, 400, "unsupported_grant_type", "Unsupported grant type: password");
    let no_grant = token_request(&fake, &json!({ "client_id": FAKE_CLIENT_ID }));
    assert_oauth_error(&no_grant, 400, "invalid_request", "Missing required parameter: grant_type");
    let no_code = token_request(
        &fake,
        &json!({
            "grant_type": "authorization_code",
            "client_id": FAKE_CLIENT_ID,
            "client_secret": FAKE_CLIENT_SECRET,
            "redirect_uri": FAKE_REDIRECT_URI,
        }),
    );
    assert_oauth_error(&no_code, 400, "invalid_request", "Missing required parameter: code");
    let no_refresh = token_request(
        &fake,
        &json!({ "grant_type": "refresh_token", "client_id": FAKE_CLIENT_ID, "client_secret": FAKE_CLIENT_SECRET }),
    );
    assert_oauth_error(&no_refresh, 400, "invalid_request", "Missing required parameter: refresh_token");
    let not_json = send(&fake, "POST", FAKE_AUTH_HOST, "/oauth/token", None, Some("{not json"));
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.json()["error"], "invalid_request");
    assert_eq!(fake.failed_refresh_count(), 1);
}

#[test]
fn unknown_refresh_tokens_are_counted_as_failures() {
    let fake = start();
    assert_oauth_error(&refresh(&fake, "fake-rt-bogus"), 403, "invalid_grant", "Unknown or invalid refresh token.");
    assert_eq!((fake.refresh_count(), fake.failed_refresh_count()), (0, 1));
}

#[test]
fn the_auth_host_serves_only_the_token_endpoint() {
    let fake = start();
    let answer = send(&fake, "GET", FAKE_AUTH_HOST, "/authorize?client_id=x", None, None);
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json()["errorMessages"][0], "The fake Jira does not implement GET /authorize");
}

#[test]
fn tokens_are_distinct_and_deterministic_per_instance() {
    let (one, two) = (start(), start());
    let mut tokens = Vec::new();
    for fake in [&one, &two] {
        let code = fake.issue_auth_code(READ_WRITE_OFFLINE, &[]);
        let (access, refresh_token) = fake.issue_tokens(READ_WRITE_OFFLINE, &[]);
        tokens.push(vec![code, access, refresh_token]);
    }
    assert_eq!(tokens[0], tokens[1]);
    let mut unique = tokens[0].clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3);
    assert!(tokens[0][0].starts_with("fake-ac-1-") && tokens[0][1].starts_with("fake-at-2-"), "{tokens:?}");
}
