//! Tests of the comment requests and parsers.

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

fn role() -> Visibility {
    Visibility::new("Role", " Administrators ").expect("visibility")
}

#[test]
fn add_and_edit_send_adf_with_the_visibility() {
    let req = add_comment_request(&site_api_key(), "ACME-1", "**Done**", Some(&role())).expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/comment");
    let body = req.body_json().expect("json");
    assert_eq!(body["visibility"], json!({"type": "role", "value": "Administrators"}));
    assert_eq!(body["body"]["type"], "doc");
    spec_valid(&req);

    let req = edit_comment_request(&site_oauth(), "acme-1", "10000", "new *text*", None).expect("request");
    assert_eq!(req.method, Method::Put);
    assert!(req.url.ends_with("/rest/api/3/issue/ACME-1/comment/10000"), "{}", req.url);
    let body = req.body_json().expect("json");
    assert!(body.get("visibility").is_none());
    assert_eq!(body["body"]["content"][0]["content"][1]["marks"][0]["type"], "em");
    spec_valid(&req);
}

#[test]
fn list_and_delete_requests() {
    let req = list_comments_request(&site_api_key(), "ACME-7", 100, 50).expect("request");
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-7/comment?startAt=100&maxResults=50");
    spec_valid(&req);
    let req = delete_comment_request(&site_api_key(), "ACME-7", "10002").expect("request");
    assert_eq!(req.method, Method::Delete);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-7/comment/10002");
    spec_valid(&req);
}

#[test]
fn bad_ids_visibility_and_bodies_are_refused() {
    let site = site_api_key();
    for id in ["", "abc", "10/../1", "1 0", "-1"] {
        let err = delete_comment_request(&site, "ACME-1", id).expect_err(id);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{id}");
        assert!(err.message.contains("`comment_id`"), "{}", err.message);
    }
    assert_eq!(Visibility::new("user", "x").expect_err("type").kind, ErrorKind::InvalidInput);
    assert_eq!(Visibility::new("group", " ").expect_err("value").kind, ErrorKind::InvalidInput);
    assert_eq!(
        edit_comment_request(&site, "ACME-1", "1", "  ", None).expect_err("empty").kind,
        ErrorKind::InvalidInput
    );
    assert_eq!(list_comments_request(&site, "ACME 1", 0, 1).expect_err("key").kind, ErrorKind::InvalidInput);
}

#[test]
fn parses_the_comment_page_fixture() {
    let body = fixture("issues/issue_comments_get_200.spec-examples.json");
    let page = parse_comment_page(&Response::new(200, body.clone())).expect("page");
    assert!(page.is_last);
    assert_eq!(page.total, Some(1));
    let c = &page.items[0];
    assert_eq!(c.id, "10000");
    assert_eq!(c.author.as_ref().map(|a| a.display_name.as_str()), Some("Mia Krystof"));
    assert!(c.body.starts_with("Lorem ipsum dolor sit amet"), "{}", c.body);
    assert_eq!(c.updated.as_deref(), Some("2021-01-18T23:45:00.000+0000"));
    assert_eq!(c.visibility, Some(Visibility { kind: "role".into(), value: "Administrators".into() }));
    let json: Value = serde_json::from_slice(&body).expect("fixture JSON");
    assert_eq!(c.raw, json["comments"][0], "each comment keeps its own object, not the page");
    assert_eq!(c.raw["self"], "https://your-domain.atlassian.net/rest/api/3/issue/10010/comment/10000");
    assert!(serde_json::to_value(c).expect("json").get("raw").is_none(), "the tools' JSON is unchanged");
}

#[test]
fn parses_the_edited_comment_and_reports_bad_shapes() {
    let example = spec_example("PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id} 200");
    let c = parse_comment_detail(&Response::new(200, example.clone()), "edit comment").expect("comment");
    assert_eq!(c.id, "10000");
    assert_eq!(c.raw, serde_json::from_slice::<Value>(&example).expect("example JSON"));
    assert_eq!(c.visibility.map(|v| v.kind), Some("role".to_string()));
    let err = parse_comment_page(&Response::new(200, r#"{"comments": [{"body": "x"}]}"#)).expect_err("no id");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("comments[0]"), "{}", err.message);
    let err = parse_comment_page(&Response::new(200, "<html>")).expect_err("html");
    assert_eq!(err.kind, ErrorKind::Decode);
}
