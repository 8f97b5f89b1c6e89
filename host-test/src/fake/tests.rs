//! Tests of the fake over real HTTP: host routing, authentication, recording, unknown endpoints and faults.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use super::test_client::{basic_auth, gateway, send, site, start};
use super::*;

const UNAUTHENTICATED: &str = "Client must be authenticated to access this resource.";

#[test]
fn site_accepts_the_api_key_and_answers_json_with_self_links_on_the_site() {
    let fake = start();
    let answer = site(&fake, "GET", "/rest/api/3/myself", None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json;charset=UTF-8"));
    let me = answer.json();
    assert_eq!(me["accountId"], "5b10a2844c20165700ede21g");
    assert_eq!(me["displayName"], "Ada Lovelace");
    assert_eq!(me["emailAddress"], FAKE_EMAIL);
    assert_eq!(me["timeZone"], "Europe/London");
    assert_eq!(me["self"], "https://acme.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g");
}

#[test]
fn site_refuses_missing_wrong_and_bearer_credentials() {
    let fake = start();
    let wrong = format!("Basic {}", STANDARD.encode(format!("{FAKE_EMAIL}:not-the-token")));
    let bearer = format!("Bearer {FAKE_OAUTH_TOKEN}");
    for authorization in [None, Some(wrong.as_str()), Some(bearer.as_str())] {
        let answer = send(&fake, "GET", FAKE_SITE_HOST, "/rest/api/3/myself", authorization, None);
        assert_eq!(answer.status, 401, "{authorization:?}");
        assert!(answer.header("www-authenticate").is_some());
        assert_eq!(answer.json()["errorMessages"][0], UNAUTHENTICATED);
        assert_eq!(answer.json()["errors"], serde_json::json!({}));
    }
}

#[test]
fn tenant_info_needs_no_credentials() {
    let fake = start();
    let answer = send(&fake, "GET", FAKE_SITE_HOST, "/_edge/tenant_info", None, None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["cloudId"], FAKE_CLOUD_ID);
}

#[test]
fn gateway_serves_the_api_under_the_cloud_id_to_every_credential() {
    let fake = start();
    let oauth = format!("Bearer {FAKE_OAUTH_TOKEN}");
    let instant = format!("Bearer {FAKE_INSTANT_OAUTH_TOKEN}");
    for authorization in [basic_auth(), oauth, instant] {
        let answer =
            send(&fake, "GET", FAKE_GATEWAY_HOST, &gateway("/rest/api/3/issue/ACME-1"), Some(&authorization), None);
        assert_eq!(answer.status, 200, "{authorization}");
        assert_eq!(
            answer.json()["self"],
            format!("https://api.atlassian.com/ex/jira/{FAKE_CLOUD_ID}/rest/api/3/issue/10001")
        );
    }
}

#[test]
fn gateway_refuses_bad_tokens_unknown_sites_and_unprefixed_paths() {
    let fake = start();
    let bad = send(&fake, "GET", FAKE_GATEWAY_HOST, &gateway("/rest/api/3/myself"), Some("Bearer expired"), None);
    assert_eq!(bad.status, 401);
    assert_eq!(bad.json()["errorMessages"][0], UNAUTHENTICATED);
    let oauth = format!("Bearer {FAKE_OAUTH_TOKEN}");
    let unknown_site = send(
        &fake,
        "GET",
        FAKE_GATEWAY_HOST,
        "/ex/jira/11111111-2222-3333-4444-555555555555/rest/api/3/myself",
        Some(&oauth),
        None,
    );
    assert_eq!(unknown_site.status, 404);
    assert_eq!(unknown_site.json()["errorMessages"][0], "Site not found");
    let unprefixed = send(&fake, "GET", FAKE_GATEWAY_HOST, "/rest/api/3/myself", Some(&oauth), None);
    assert_eq!(unprefixed.status, 404);
}

#[test]
fn accessible_resources_lists_the_site_for_oauth_tokens_only() {
    let fake = start();
    let path = "/oauth/token/accessible-resources";
    let instant = format!("Bearer {FAKE_INSTANT_OAUTH_TOKEN}");
    let answer = send(&fake, "GET", FAKE_GATEWAY_HOST, path, Some(&instant), None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()[0]["id"], FAKE_CLOUD_ID);
    assert_eq!(answer.json()[0]["url"], "https://acme.atlassian.net");
    let refused = send(&fake, "GET", FAKE_GATEWAY_HOST, path, Some(&basic_auth()), None);
    assert_eq!(refused.status, 401);
}

#[test]
fn local_host_header_is_the_site_with_local_self_links() {
    let fake = start();
    let host = format!("127.0.0.1:{}", fake.port());
    let answer = send(&fake, "GET", &host, "/rest/api/3/issue/ACME-1", Some(&basic_auth()), None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["self"], format!("{}/rest/api/3/issue/10001", fake.url()));
}

#[test]
fn other_hosts_are_not_found() {
    let fake = start();
    let answer = send(&fake, "GET", "evil.example.com", "/rest/api/3/myself", Some(&basic_auth()), None);
    assert_eq!(answer.status, 404);
}

#[test]
fn unknown_endpoints_name_the_method_and_path() {
    let fake = start();
    let answer = site(&fake, "GET", "/rest/api/3/whatever?x=1", None);
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json()["errorMessages"][0], "The fake Jira does not implement GET /rest/api/3/whatever");
    let wrong_method = site(&fake, "DELETE", "/rest/api/3/myself", None);
    assert_eq!(wrong_method.json()["errorMessages"][0], "The fake Jira does not implement DELETE /rest/api/3/myself");
}

#[test]
fn every_request_is_recorded_in_order_and_can_be_cleared() {
    let fake = start();
    site(&fake, "GET", "/rest/api/3/myself?expand=groups", None);
    site(&fake, "POST", "/rest/api/3/search/jql", Some("{\"jql\":\"project = ACME\"}"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].host, FAKE_SITE_HOST);
    assert_eq!(requests[0].path, "/rest/api/3/myself");
    assert_eq!(requests[0].query, "expand=groups");
    assert_eq!(requests[0].header("authorization"), Some(basic_auth().as_str()));
    assert_eq!(requests[1].body, b"{\"jql\":\"project = ACME\"}".to_vec());
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[test]
fn a_fault_answers_the_matching_requests_then_is_used_up() {
    let fake = start();
    fake.inject(Fault::rate_limited("/search/jql", 7).method("POST").times(2));
    let body = Some("{\"jql\":\"project = ACME\"}");
    // A GET on the same path does not match a POST-only fault.
    let get = site(&fake, "GET", "/rest/api/3/search/jql?jql=project%3DACME", None);
    assert_eq!(get.status, 200);
    for _ in 0..2 {
        let limited = site(&fake, "POST", "/rest/api/3/search/jql", body);
        assert_eq!(limited.status, 429);
        assert_eq!(limited.header("retry-after"), Some("7"));
        assert_eq!(limited.json()["errorMessages"][0], "Rate limit exceeded.");
    }
    assert_eq!(site(&fake, "POST", "/rest/api/3/search/jql", body).status, 200);
}

#[test]
fn faults_apply_before_authentication_and_can_send_any_body() {
    let fake = start();
    fake.inject(Fault::malformed_json("/myself"));
    fake.inject(Fault::status("/issue/ACME-1", 503, "<html>down</html>").header("Content-Type", "text/html"));
    let malformed = send(&fake, "GET", FAKE_SITE_HOST, "/rest/api/3/myself", None, None);
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<Value>(&malformed.text).is_err());
    let down = site(&fake, "GET", "/rest/api/3/issue/ACME-1", None);
    assert_eq!(down.status, 503);
    assert_eq!(down.header("content-type"), Some("text/html"));
    assert_eq!(down.text, "<html>down</html>");
}

#[test]
fn a_slow_fault_does_not_hold_up_other_requests() {
    let fake = std::sync::Arc::new(start());
    fake.inject(Fault::slow("/issue/ACME-2", 1500));
    let slow = {
        let fake = fake.clone();
        std::thread::spawn(move || site(&fake, "GET", "/rest/api/3/issue/ACME-2", None).status)
    };
    std::thread::sleep(Duration::from_millis(100));
    let began = Instant::now();
    assert_eq!(site(&fake, "GET", "/rest/api/3/myself", None).status, 200);
    assert!(began.elapsed() < Duration::from_millis(1000));
    assert_eq!(slow.join().expect("the slow request finishes"), 200);
}

#[test]
fn dropping_the_fake_frees_the_port() {
    let fake = start();
    let port = fake.port();
    drop(fake);
    // The listener closes on tiny_http's accept thread, a moment after `drop` returns.
    let again = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(20));
        FakeJira::start(port).ok()
    });
    assert_eq!(again.map(|fake| fake.port()), Some(port));
}
