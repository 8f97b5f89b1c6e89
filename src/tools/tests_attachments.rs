//! Tests of the attachment tools: checks before any request, the download's redirect rules (credentials only
//! for the API host), the size limit, and the `attachments` include of `jira_get_issue`.

use serde_json::json;

use super::tests::{assert_refused_before_any_request, call, call_with};
use crate::error::ErrorKind;
use crate::http::Response;
use crate::jira::test_support::{fixture, spec_example, Scripted, CLOUD_ID};

const MEDIA_URL: &str = "https://api.media.atlassian.com/file/5f0c/binary?token=signed&client=c1";

fn limited(limit: u64) -> String {
    format!(
        r#"{{"site": "acme", "auth": {{"method": "api_key", "api_key": "ada@example.com:tok"}}, "options": {{"max_attachment_bytes": {limit}}}}}"#
    )
}

fn redirect(http: Scripted, status: u16, location: &str) -> Scripted {
    http.answers.borrow_mut().push_back(Ok(Response::new(status, "").with_header("Location", location)));
    http
}

fn metadata(size: u64) -> Vec<u8> {
    json!({"id": 10000, "filename": "picture.jpg", "mimeType": "image/jpeg", "size": size}).to_string().into_bytes()
}

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        (
            "jira_upload_attachment",
            json!({"issue_key": "A-1", "filename": "a.txt", "content_base64": "%%%"}),
            "`content_base64` is not valid base64",
        ),
        (
            "jira_upload_attachment",
            json!({"issue_key": "A-1", "filename": "../a", "content_base64": "aGk="}),
            "`filename` must be a file name",
        ),
        (
            "jira_upload_attachment",
            json!({"issue_key": "A/1", "filename": "a", "content_base64": "aGk="}),
            "`issue_key` must be an issue key",
        ),
        (
            "jira_upload_attachment",
            json!({"issue_key": "A-1", "filename": "a", "content_base64": "aGk=", "mime_type": "bad"}),
            "`mime_type` must be a media type",
        ),
        ("jira_get_attachment", json!({"attachment_id": "1/../2"}), "attachment_id"),
        ("jira_download_attachment", json!({}), "attachment_id"),
    ];
    assert_refused_before_any_request(&cases);
    let http = Scripted::default();
    let args = json!({"issue_key": "A-1", "filename": "a.bin", "content_base64": "AAAAAAAA"});
    let err = call_with(&limited(5), &http, "jira_upload_attachment", args).expect_err("6 bytes > 5");
    assert!(err.message.contains("above the limit of 5 bytes (`options.max_attachment_bytes`)"), "{}", err.message);
    assert!(http.seen.borrow().is_empty(), "nothing sent for a file above the limit");
}

#[test]
fn upload_sends_the_file_and_returns_the_created_attachments() {
    let http = Scripted::default().answer(200, spec_example("POST /rest/api/3/issue/{issueIdOrKey}/attachments 200"));
    let args = json!({"issue_key": "ACME-1", "filename": "picture.jpg", "content_base64": "/9j/4AAQ"});
    let out = call(&http, "jira_upload_attachment", args).expect("uploaded");
    assert_eq!(out["issue_key"], "ACME-1");
    assert_eq!(out["attachments"][0]["id"], "10001");
    assert_eq!(out["attachments"][0]["mime_type"], "image/jpeg");
    assert_eq!(
        out["attachments"][0]["content_url"],
        "https://your-domain.atlassian.net/rest/api/3/attachment/content/10000"
    );
    let seen = http.seen.borrow();
    assert_eq!(seen[0].header_value("x-atlassian-token"), Some("no-check"));
    let body = seen[0].body.as_deref().expect("body");
    assert!(body.windows(4).any(|w| w == [0xff, 0xd8, 0xff, 0xe0]), "the decoded bytes are sent, not the base64");
    assert!(String::from_utf8_lossy(body).contains("Content-Type: image/jpeg\r\n"), "guessed from the name");
}

#[test]
fn download_follows_the_redirect_without_credentials_to_the_media_host() {
    let http = Scripted::default().answer(200, metadata(5));
    let http = redirect(http, 303, MEDIA_URL).answer(200, "hello");
    let out = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect("downloaded");
    assert_eq!(
        out,
        json!({"id": "10000", "filename": "picture.jpg", "mime_type": "image/jpeg", "size": 5, "content_base64": "aGVsbG8="})
    );
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1].url, "https://acme.atlassian.net/rest/api/3/attachment/content/10000");
    assert!(seen[1].header_value("authorization").is_some(), "the API host gets the credentials");
    assert_eq!(seen[2].url, MEDIA_URL);
    assert_eq!(seen[2].header_value("authorization"), None, "the media host never does");
}

#[test]
fn under_oauth_the_content_goes_through_the_gateway() {
    let config = format!(
        r#"{{"site": "acme", "cloud_id": "{CLOUD_ID}", "auth": {{"method": "oauth", "access_token": "secret-at"}}}}"#
    );
    let http = Scripted::default().answer(200, metadata(2));
    let http = redirect(http, 303, MEDIA_URL).answer(200, "hi");
    let out = call_with(&config, &http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect("ok");
    assert_eq!(out["content_base64"], "aGk=");
    let seen = http.seen.borrow();
    assert_eq!(
        seen[1].url,
        format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/attachment/content/10000")
    );
    assert_eq!(seen[1].header_value("authorization"), Some("Bearer secret-at"));
    assert_eq!(seen[2].header_value("authorization"), None);
}

#[test]
fn once_off_the_api_host_no_hop_carries_credentials() {
    let http = Scripted::default().answer(200, metadata(2));
    let http = redirect(http, 303, MEDIA_URL);
    let http = redirect(http, 302, "https://acme.atlassian.net/rest/api/3/attachment/content/10000").answer(200, "hi");
    call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect("downloaded");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[3].header_value("authorization"), None, "a URL chosen by another host gets no credentials");
}

#[test]
fn bad_redirects_are_refused() {
    let http = redirect(Scripted::default().answer(200, metadata(2)), 303, "http://api.media.atlassian.com/x");
    let err = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect_err("http");
    assert!(err.message.contains("https"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 2, "the http URL is never requested");

    let mut http = Scripted::default().answer(200, metadata(2));
    for _ in 0..5 {
        http = redirect(http, 302, MEDIA_URL);
    }
    let err = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect_err("loop");
    assert!(err.message.contains("more than 3 redirects"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 5, "metadata, content, then three hops");

    let http = redirect(Scripted::default().answer(200, metadata(2)), 303, MEDIA_URL).answer(403, "");
    let err = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect_err("media 403");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.starts_with("download attachment (media host)"), "{}", err.message);
}

#[test]
fn downloads_above_the_limit_are_refused_from_the_metadata_or_the_body() {
    let http = Scripted::default().answer(200, metadata(23123));
    let err = call_with(&limited(1000), &http, "jira_download_attachment", json!({"attachment_id": "10000"}))
        .expect_err("too big");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(
        err.message,
        "attachment 10000 is 23123 bytes, above the limit of 1000 bytes (`options.max_attachment_bytes`)"
    );
    assert_eq!(http.seen.borrow().len(), 1, "the content is never fetched");

    // Metadata that understates the size: the body decides.
    let http = redirect(Scripted::default().answer(200, metadata(3)), 303, MEDIA_URL).answer(200, "123456");
    let err = call_with(&limited(5), &http, "jira_download_attachment", json!({"attachment_id": "10000"}))
        .expect_err("body too big");
    assert!(err.message.contains("6 bytes, above the limit of 5 bytes"), "{}", err.message);
}

#[test]
fn content_served_directly_and_errors_of_the_content_endpoint() {
    let http = Scripted::default().answer(200, metadata(2)).answer(200, "hi");
    let out = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect("200 directly");
    assert_eq!(out["content_base64"], "aGk=");
    let http = Scripted::default().answer(404, r#"{"errorMessages": ["The attachment does not exist"]}"#);
    let err = call(&http, "jira_download_attachment", json!({"attachment_id": "10000"})).expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn get_and_delete_attachment() {
    let http = Scripted::default().answer(200, spec_example("GET /rest/api/3/attachment/{id} 200")).answer(204, "");
    let meta = call(&http, "jira_get_attachment", json!({"attachment_id": "10000"})).expect("meta");
    assert_eq!(meta["filename"], "picture.jpg");
    assert_eq!(meta["size"], 23123);
    let deleted = call(&http, "jira_delete_attachment", json!({"attachment_id": "10000"})).expect("deleted");
    assert_eq!(deleted, json!({"deleted": true, "attachment_id": "10000"}));
    assert_eq!(http.seen.borrow()[1].method, crate::http::Method::Delete);
}

#[test]
fn get_issue_inlines_the_attachments() {
    let http = Scripted::default()
        .answer(200, r#"{"id": "10002", "key": "TEST-1", "fields": {"summary": "S"}}"#)
        .answer(200, fixture("issues/issue_attachments_field.jira-cli.json"));
    let out = call(&http, "jira_get_issue", json!({"issue_key": "TEST-1", "include": ["attachments"]})).expect("ok");
    assert_eq!(out["attachments"][0]["filename"], "screenshot.png");
    assert_eq!(out["attachments"][1]["mime_type"], "application/pdf");
    assert!(http.seen.borrow()[1].url.ends_with("/rest/api/3/issue/TEST-1?fields=attachment"));
    let schema = &super::find_tool("jira_get_issue").expect("tool").input_schema;
    let includes = schema["properties"]["include"]["items"]["enum"].as_array().expect("enum").clone();
    assert!(includes.contains(&json!("attachments")) && includes.contains(&json!("comments")));
    assert_eq!(schema["properties"]["include"]["maxItems"], includes.len());
}
