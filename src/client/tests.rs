//! Tests of the client: auth headers, cloud-id resolution, credential confinement, paging and error mapping,
//! with a scripted HTTP client.

use super::*;
use crate::http::{Method, TransportError};
use crate::jira::test_support::{fixture, Scripted, CLOUD_ID};

const API_KEY_CONFIG: &str = r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok-123"}}"#;
const OAUTH_CONFIG: &str =
    r#"{"site": "https://acme.atlassian.net/jira", "auth": {"method": "oauth", "access_token": "at-456"}}"#;
const BASIC: &str = "Basic YWRhQGV4YW1wbGUuY29tOnRvay0xMjM=";

fn myself_body() -> Vec<u8> {
    fixture("users/myself_200.spec-examples.json")
}

#[test]
fn api_key_requests_carry_basic_auth_to_the_site() {
    let http = Scripted::default().answer(200, myself_body());
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let me = client.get_myself().expect("myself");
    assert_eq!(me.display_name, "Mia Krystof");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].url, "https://acme.atlassian.net/rest/api/3/myself");
    assert_eq!(seen[0].header_value("authorization"), Some(BASIC));
    assert_eq!(seen[0].header_value("accept"), Some("application/json"));
}

#[test]
fn oauth_resolves_the_cloud_id_once_without_credentials() {
    let tenant = format!(r#"{{"cloudId": "{CLOUD_ID}"}}"#);
    let http = Scripted::default().answer(200, tenant).answer(200, myself_body()).answer(200, myself_body());
    let client = Client::new(OAUTH_CONFIG, &http).expect("client");
    client.get_myself().expect("first");
    client.get_myself().expect("second");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 3, "tenant info once, then two calls");
    assert_eq!(seen[0].url, "https://acme.atlassian.net/_edge/tenant_info");
    assert_eq!(seen[0].header_value("authorization"), None, "tenant info is public");
    for call in &seen[1..] {
        assert_eq!(call.url, format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/myself"));
        assert_eq!(call.header_value("authorization"), Some("Bearer at-456"));
    }
    let site = client.site().expect("site");
    assert_eq!(site.cloud_id.as_deref(), Some(CLOUD_ID));
    assert_eq!(site.browse_base.as_deref(), Some("https://acme.atlassian.net"));
}

#[test]
fn a_configured_cloud_id_needs_no_resolution() {
    let config = format!(
        r#"{{"site": "acme.atlassian.net", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "instant_oauth", "access_token": "it"}}}}"#
    );
    let http = Scripted::default().answer(200, myself_body());
    Client::new(&config, &http).expect("client").get_myself().expect("myself");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].url.starts_with("https://api.atlassian.com/ex/jira/"));
}

#[test]
fn tenant_info_failures_are_reported() {
    let http = Scripted::default().answer(404, "");
    let err = Client::new(OAUTH_CONFIG, &http).expect("client").get_myself().expect_err("no tenant");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("tenant_info"), "{}", err.message);
    let http = Scripted::default().fail(TransportError::Timeout);
    let err = Client::new(OAUTH_CONFIG, &http).expect("client").get_myself().expect_err("timeout");
    assert_eq!(err.kind, ErrorKind::Transport);
}

#[test]
fn credentials_only_go_to_the_api_host() {
    let http = Scripted::default();
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let site = client.site().expect("site");
    for url in ["https://evil.example.com/rest/api/3/myself", "https://acme.atlassian.net.evil.com/x", "not a url"] {
        let err = client.execute(&site, Request::new(Method::Get, url), "probe").expect_err(url);
        assert!(err.message.contains("refusing to send credentials"), "{}", err.message);
    }
    assert!(http.seen.borrow().is_empty(), "nothing was sent");
}

#[test]
fn statuses_and_transport_errors_are_mapped() {
    let unauthenticated = r#"{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}"#;
    let http = Scripted::default()
        .answer(401, unauthenticated)
        // A 401 on the site makes the client try the gateway route once (scoped tokens): refused there too.
        .answer(200, format!(r#"{{"cloudId": "{CLOUD_ID}"}}"#))
        .answer(401, unauthenticated)
        .answer(
            404,
            r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#,
        )
        .answer(200, "{not json")
        // A failed connection is retried (a GET is idempotent): three retries, then the error.
        .fail(TransportError::ConnectionFailed("connection refused".into()))
        .fail(TransportError::ConnectionFailed("connection refused".into()))
        .fail(TransportError::ConnectionFailed("connection refused".into()))
        .fail(TransportError::ConnectionFailed("connection refused".into()));
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let err = client.get_myself().expect_err("401");
    assert_eq!((err.kind, err.status), (ErrorKind::Unauthorized, Some(401)));
    let err = client.get_issue("ACME-404", &[], &[]).expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.error_messages, vec!["Issue does not exist or you do not have permission to see it.".to_string()]);
    assert_eq!(client.get_myself().expect_err("decode").kind, ErrorKind::Decode);
    let err = client.get_myself().expect_err("transport");
    assert_eq!(err.kind, ErrorKind::Transport);
    assert!(err.message.contains("connection refused: gave up after 3 retries"), "{}", err.message);
    let everything = format!("{:?}", http.seen.borrow());
    assert!(!everything.contains("tok-123") && !everything.contains(BASIC), "debug output hides auth");
}

#[test]
fn search_follows_pages_up_to_the_limit() {
    let http = Scripted::default()
        .answer(200, fixture("search/search_jql_page1_of3.jira-cli.json"))
        .answer(200, fixture("search/search_jql_page2_mid.jira-cli.json"))
        .answer(200, fixture("search/search_jql_page3_last.jira-cli.json"));
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let result = client.search("project = TEST", &[], Some(200), None).expect("search");
    assert!(result.is_last);
    assert_eq!(result.next_page_token, None);
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 3);
    let tokens: Vec<Option<String>> = seen
        .iter()
        .map(|r| r.body_json().and_then(|b| b.get("nextPageToken").and_then(|t| t.as_str().map(str::to_string))))
        .collect();
    assert_eq!(tokens[0], None);
    assert_eq!(tokens[1].as_deref(), Some("token-page-2"));
    assert!(tokens[2].is_some());
    assert!(result.issues.len() >= 3);
}

#[test]
fn search_stops_at_the_limit_with_a_token_to_continue() {
    let http = Scripted::default().answer(200, fixture("search/search_jql_page1_of3.jira-cli.json"));
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let result = client.search("project = TEST", &[], Some(2), None).expect("search");
    assert_eq!(result.issues.len(), 2);
    assert!(!result.is_last);
    assert_eq!(result.next_page_token.as_deref(), Some("token-page-2"));
    assert_eq!(http.seen.borrow()[0].body_json().expect("body")["maxResults"], 2);
}

#[test]
fn search_limits_are_checked_before_any_request() {
    let http = Scripted::default();
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    assert_eq!(client.search("project = A", &[], Some(0), None).expect_err("0").kind, ErrorKind::InvalidInput);
    assert_eq!(client.search("project = A", &[], Some(5000), None).expect_err("big").kind, ErrorKind::InvalidInput);
    assert_eq!(client.search("", &[], None, None).expect_err("empty").kind, ErrorKind::InvalidInput);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn transition_by_name_lists_posts_and_reads_back() {
    let transitions = r#"{"transitions":[{"id":"21","name":"Start Progress","to":{"name":"In Progress"}},{"id":"31","name":"Done","to":{"name":"Done"}}]}"#;
    let after = r#"{"id":"10001","key":"ACME-1","fields":{"status":{"name":"In Progress"}}}"#;
    let http = Scripted::default().answer(200, transitions).answer(204, "").answer(200, after);
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let outcome = client.transition_issue("ACME-1", "start progress", Some("on it")).expect("transition");
    assert_eq!(
        outcome,
        TransitionOutcome {
            issue_key: "ACME-1".into(),
            transition_id: "21".into(),
            status: Some("In Progress".into())
        }
    );
    let seen = http.seen.borrow();
    assert_eq!(seen[1].method, Method::Post);
    assert_eq!(seen[1].body_json().expect("body")["transition"]["id"], "21");
}

#[test]
fn projects_are_gathered_over_offset_pages() {
    let page1 = r#"{"startAt":0,"maxResults":2,"total":3,"isLast":false,"values":[{"id":"1","key":"A","name":"A"},{"id":"2","key":"B","name":"B"}]}"#;
    let page2 = r#"{"startAt":2,"maxResults":2,"total":3,"isLast":true,"values":[{"id":"3","key":"C","name":"C"}]}"#;
    let http = Scripted::default().answer(200, page1).answer(200, page2);
    let client = Client::new(API_KEY_CONFIG, &http).expect("client");
    let list = client.list_projects(None, Some(10)).expect("projects");
    assert_eq!(list.projects.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["A", "B", "C"]);
    assert!(list.is_last);
    assert_eq!(list.total, Some(3));
    assert!(http.seen.borrow()[1].url.contains("startAt=2"));
}
