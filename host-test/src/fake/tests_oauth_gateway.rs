//! Tests of issued tokens and scoped API tokens on the gateway: scope enforcement, sites, accessible-resources.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

use super::test_client::{basic_auth, gateway, send, start, Answer};
use super::tests_oauth::{exchange, field, gateway_get};
use super::*;

const RESOURCES: &str = "/oauth/token/accessible-resources";
const SCOPE_MISMATCH: &str = "Unauthorized; scope does not match";
const CREATE: &str = r#"{"fields":{"project":{"key":"ACME"},"summary":"Scoped","issuetype":{"name":"Task"}}}"#;
const SEARCH: &str = r#"{"jql":"project = ACME"}"#;

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A request to the gateway path of the site with `cloud_id`.
fn on_site(fake: &FakeJira, cloud_id: &str, method: &str, path: &str, token: &str, body: Option<&str>) -> Answer {
    let path = format!("/ex/jira/{cloud_id}{path}");
    send(fake, method, FAKE_GATEWAY_HOST, &path, Some(&bearer(token)), body)
}

#[test]
fn a_read_only_token_can_search_but_not_create() {
    let fake = start();
    let (token, _) = fake.issue_tokens(&["read:jira-work"], &[]);
    let search = on_site(&fake, FAKE_CLOUD_ID, "POST", "/rest/api/3/search/jql", &token, Some(SEARCH));
    assert_eq!(search.status, 200, "{}", search.text);
    assert!(!search.json()["issues"].as_array().is_none_or(Vec::is_empty));
    let count = fake.issue_count();
    let create = on_site(&fake, FAKE_CLOUD_ID, "POST", "/rest/api/3/issue", &token, Some(CREATE));
    assert_eq!(create.status, 401);
    assert_eq!(create.json(), json!({ "code": 401, "message": SCOPE_MISMATCH }));
    assert_eq!(fake.issue_count(), count, "a refused create must not create");
    // `myself` needs a user scope, which this token lacks.
    assert_eq!(gateway_get(&fake, &token, "/rest/api/3/myself").json()["message"], SCOPE_MISMATCH);
}

#[test]
fn write_and_granular_scopes_allow_what_they_name() {
    let fake = start();
    let (classic, _) = fake.issue_tokens(&["write:jira-work"], &[]);
    let create = on_site(&fake, FAKE_CLOUD_ID, "POST", "/rest/api/3/issue", &classic, Some(CREATE));
    assert_eq!(create.status, 201, "{}", create.text);
    // Writing does not imply reading.
    assert_eq!(gateway_get(&fake, &classic, "/rest/api/3/issue/ACME-1").json()["message"], SCOPE_MISMATCH);
    let (granular, _) = fake.issue_tokens(&["read:issue-details:jira", "write:issue:jira", "read:user:jira"], &[]);
    assert_eq!(gateway_get(&fake, &granular, "/rest/api/3/issue/ACME-1").status, 200);
    assert_eq!(gateway_get(&fake, &granular, "/rest/api/3/myself").status, 200);
    let created = on_site(&fake, FAKE_CLOUD_ID, "POST", "/rest/api/3/issue", &granular, Some(CREATE));
    assert_eq!(created.status, 201, "{}", created.text);
}

#[test]
fn constant_tokens_keep_every_scope() {
    let fake = start();
    for token in [FAKE_OAUTH_TOKEN, FAKE_INSTANT_OAUTH_TOKEN] {
        let create = on_site(&fake, FAKE_CLOUD_ID, "POST", "/rest/api/3/issue", token, Some(CREATE));
        assert_eq!(create.status, 201, "{token}: {}", create.text);
    }
}

#[test]
fn accessible_resources_lists_every_site_of_the_grant_with_its_scopes() {
    let fake = start();
    let code = fake.issue_auth_code(
        &["read:jira-work", "read:jira-user", "offline_access"],
        &[FAKE_SITE_HOST, FAKE_SECOND_SITE_HOST],
    );
    let token = field(&exchange(&fake, &code), "access_token");
    let answer = send(&fake, "GET", FAKE_GATEWAY_HOST, RESOURCES, Some(&bearer(&token)), None);
    assert_eq!(answer.status, 200);
    let scopes = json!(["read:jira-work", "read:jira-user"]);
    let avatar = "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/flag.png";
    assert_eq!(
        answer.json(),
        json!([
            { "id": FAKE_CLOUD_ID, "url": "https://acme.atlassian.net", "name": "acme", "scopes": scopes, "avatarUrl": avatar },
            { "id": FAKE_SECOND_CLOUD_ID, "url": "https://beta.atlassian.net", "name": "beta", "scopes": scopes, "avatarUrl": avatar },
        ])
    );
    // The second site serves the same data, with links under its own cloud id.
    let issue = on_site(&fake, FAKE_SECOND_CLOUD_ID, "GET", "/rest/api/3/issue/ACME-1", &token, None);
    assert_eq!(issue.status, 200);
    assert_eq!(
        issue.json()["self"],
        format!("https://api.atlassian.com/ex/jira/{FAKE_SECOND_CLOUD_ID}/rest/api/3/issue/10001")
    );
}

#[test]
fn a_token_reaches_only_the_sites_it_was_granted() {
    let fake = start();
    let (beta_only, _) = fake.issue_tokens(&["read:jira-work"], &[FAKE_SECOND_SITE_HOST]);
    let resources = send(&fake, "GET", FAKE_GATEWAY_HOST, RESOURCES, Some(&bearer(&beta_only)), None);
    let ids: Vec<String> =
        resources.json().as_array().into_iter().flatten().map(|site| site["id"].to_string()).collect();
    assert_eq!(ids, vec![format!("\"{FAKE_SECOND_CLOUD_ID}\"")]);
    assert_eq!(on_site(&fake, FAKE_SECOND_CLOUD_ID, "GET", "/rest/api/3/issue/ACME-1", &beta_only, None).status, 200);
    let acme = on_site(&fake, FAKE_CLOUD_ID, "GET", "/rest/api/3/issue/ACME-1", &beta_only, None);
    assert_eq!(acme.status, 401);
    assert_eq!(acme.json(), json!({ "code": 401, "message": "Unauthorized" }));
    // The constant credentials know the first site only.
    let constant = on_site(&fake, FAKE_SECOND_CLOUD_ID, "GET", "/rest/api/3/issue/ACME-1", FAKE_OAUTH_TOKEN, None);
    assert_eq!(constant.status, 401);
}

#[test]
fn constant_tokens_keep_their_accessible_resources() {
    let fake = start();
    let answer = send(&fake, "GET", FAKE_GATEWAY_HOST, RESOURCES, Some(&bearer(FAKE_OAUTH_TOKEN)), None);
    assert_eq!(answer.json().as_array().map(Vec::len), Some(1));
    assert_eq!(answer.json()[0]["id"], FAKE_CLOUD_ID);
    assert_eq!(answer.json()[0]["scopes"][1], "write:jira-work");
}

#[test]
fn dead_tokens_are_refused_on_accessible_resources() {
    let fake = start();
    let (token, _) = fake.issue_tokens(&["read:jira-work"], &[]);
    fake.expire_access_tokens();
    let answer = send(&fake, "GET", FAKE_GATEWAY_HOST, RESOURCES, Some(&bearer(&token)), None);
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json(), json!({ "code": 401, "message": "Unauthorized" }));
}

#[test]
fn a_scoped_api_token_works_on_the_gateway_only() {
    let fake = start();
    let scoped = format!("Basic {}", STANDARD.encode(format!("{FAKE_EMAIL}:{FAKE_SCOPED_API_TOKEN}")));
    let on_site_host = send(&fake, "GET", FAKE_SITE_HOST, "/rest/api/3/myself", Some(&scoped), None);
    assert_eq!(on_site_host.status, 401);
    assert_eq!(
        on_site_host.json(),
        json!({ "errorMessages": ["Client must be authenticated to access this resource."], "errors": {} })
    );
    let on_gateway = send(&fake, "GET", FAKE_GATEWAY_HOST, &gateway("/rest/api/3/myself"), Some(&scoped), None);
    assert_eq!(on_gateway.status, 200, "{}", on_gateway.text);
    assert_eq!(on_gateway.json()["emailAddress"], FAKE_EMAIL);
    // API keys of either kind are not OAuth tokens.
    let resources = send(&fake, "GET", FAKE_GATEWAY_HOST, RESOURCES, Some(&scoped), None);
    assert_eq!(resources.status, 401);
    // The classic token still works on both.
    assert_eq!(send(&fake, "GET", FAKE_SITE_HOST, "/rest/api/3/myself", Some(&basic_auth()), None).status, 200);
}
