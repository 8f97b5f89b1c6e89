//! Attachment builders and parsers, checked against the platform spec and fed its examples and a capture.

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid, CLOUD_ID};

fn upload(filename: &str, content: &[u8]) -> NewAttachment {
    NewAttachment::new(filename, &STANDARD.encode(content), None, 1024).expect("valid upload")
}

#[test]
fn upload_is_a_spec_valid_multipart_post_with_the_xsrf_header() {
    let request = upload_request(&site_api_key(), "acme-7", &upload("log.txt", b"line\n")).expect("request");
    spec_valid(&request);
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-7/attachments");
    assert_eq!(request.header_value("x-atlassian-token"), Some("no-check"));
    let content_type = request.header_value("content-type").expect("content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("boundary");
    let body = String::from_utf8(request.body.clone().expect("body")).expect("text");
    assert!(body.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"log.txt\"\r\nContent-Type: text/plain\r\n\r\nline\n\r\n")));
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));

    let oauth = upload_request(&site_oauth(), "10001", &upload("a.bin", &[0, 1, 2])).expect("request");
    spec_valid(&oauth);
    assert_eq!(oauth.url, format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/issue/10001/attachments"));
}

#[test]
fn upload_arguments_are_validated_naming_the_argument() {
    let err = NewAttachment::new("a.txt", "not base64!", None, 1024).expect_err("bad base64");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.starts_with("`content_base64` is not valid base64"), "{}", err.message);
    for bad in ["", "../etc/passwd", "a\u{0}b", "dir\\x.txt"] {
        let err = NewAttachment::new(bad, "aGk=", None, 1024).expect_err(bad);
        assert!(err.message.starts_with("`filename`"), "{bad:?}: {}", err.message);
    }
    let err = NewAttachment::new("a.txt", "aGk=", Some("text/plain\r\nX: y"), 1024).expect_err("header injection");
    assert!(err.message.starts_with("`mime_type`"), "{}", err.message);
    let err = upload_request(&site_api_key(), "../admin", &upload("a.txt", b"x")).expect_err("bad key");
    assert!(err.message.starts_with("`issue_key`"), "{}", err.message);
}

#[test]
fn uploads_above_the_limit_are_refused_naming_the_limit() {
    let five = STANDARD.encode([7u8; 5]);
    assert_eq!(NewAttachment::new("a.bin", &five, None, 5).expect("at the limit").content, vec![7u8; 5]);
    let err = NewAttachment::new("a.bin", &five, None, 4).expect_err("above");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(
        err.message.contains("5 bytes, above the limit of 4 bytes (`options.max_attachment_bytes`)"),
        "{}",
        err.message
    );
    // A huge argument is refused from its length, before decoding.
    let err = decode_content(&"A".repeat(4_000), 100).expect_err("huge");
    assert!(err.message.contains("above the limit of 100 bytes"), "{}", err.message);
}

#[test]
fn wrapped_base64_and_explicit_media_types_are_accepted() {
    let file = NewAttachment::new("x", "aGVs\nbG8=\r\n", Some("text/plain; charset=utf-8"), 100).expect("valid");
    assert_eq!(file.content, b"hello");
    assert_eq!(file.mime_type, "text/plain; charset=utf-8");
    assert_eq!(guess_mime_type("SHOT.PNG"), "image/png");
    assert_eq!(guess_mime_type("noext"), "application/octet-stream");
}

#[test]
fn the_spec_example_of_an_upload_parses_including_the_entry_without_an_id() {
    let body = spec_example("POST /rest/api/3/issue/{issueIdOrKey}/attachments 200");
    let attachments = parse_uploaded(&Response::new(200, body.clone())).expect("parsed");
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0].id, "10001");
    assert_eq!(attachments[0].filename, "picture.jpg");
    assert_eq!(attachments[0].mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(attachments[0].size, Some(23123));
    assert_eq!(attachments[0].created.as_deref(), Some("1651316514000"));
    assert_eq!(attachments[0].author.as_ref().map(|a| a.display_name.as_str()), Some("Mia Krystof"));
    assert_eq!(attachments[1].id, "10001", "taken from the content URL");
    assert_eq!(attachments[1].filename, "dbeuglog.txt");
    let json: serde_json::Value = serde_json::from_slice(&body).expect("example JSON");
    assert_eq!(attachments[0].raw, json[0], "each attachment keeps its own object, not the array");
    assert_eq!(attachments[1].raw, json[1]);
    assert_eq!(attachments[0].raw["author"]["timeZone"], "Australia/Sydney");
    assert!(serde_json::to_value(&attachments[0]).expect("json").get("raw").is_none(), "the tools' JSON is unchanged");
}

#[test]
fn metadata_request_and_the_spec_example() {
    let request = metadata_request(&site_api_key(), "10000").expect("request");
    spec_valid(&request);
    assert_eq!(request.url, "https://acme.atlassian.net/rest/api/3/attachment/10000");
    let body = spec_example("GET /rest/api/3/attachment/{id} 200");
    let meta = parse_metadata(&Response::new(200, body.clone())).expect("meta");
    assert_eq!(meta.id, "10000", "a numeric id becomes text");
    assert_eq!(meta.raw, serde_json::from_slice::<serde_json::Value>(&body).expect("example JSON"));
    assert_eq!(meta.raw["self"], "https://your-domain.atlassian.net/rest/api/3/attachments/10000");
    assert_eq!(meta.size, Some(23123));
    assert_eq!(
        meta.content_url.as_deref(),
        Some("https://your-domain.atlassian.net/jira/rest/api/3/attachment/content/10000")
    );
    assert_eq!(meta.author.map(|a| a.account_id).as_deref(), Some("5b10a2844c20165700ede21g"));
    assert!(metadata_request(&site_api_key(), "10000/../1").expect_err("path").message.starts_with("`attachment_id`"));
}

#[test]
fn decode_errors_name_the_json_path() {
    let err = parse_metadata(&Response::new(200, r#"{"id": 1, "size": "big"}"#)).expect_err("size");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.ends_with("at `$.size`"), "{}", err.message);
    let err = parse_uploaded(&Response::new(200, r#"[{"filename": "x"}]"#)).expect_err("no id");
    assert!(err.message.ends_with("at `$[0]`"), "{}", err.message);
    let err =
        parse_issue_attachments(&Response::new(200, r#"{"fields": {"attachment": [{"id": true}]}}"#)).expect_err("id");
    assert!(err.message.ends_with("at `$.fields.attachment[0].id`"), "{}", err.message);
}

#[test]
fn delete_and_content_requests_match_the_spec() {
    let delete = delete_request(&site_oauth(), "10000").expect("request");
    spec_valid(&delete);
    assert_eq!(delete.method, Method::Delete);
    assert!(delete.url.ends_with("/rest/api/3/attachment/10000"));
    let content = content_request(&site_api_key(), "10000").expect("request");
    spec_valid(&content);
    assert_eq!(content.url, "https://acme.atlassian.net/rest/api/3/attachment/content/10000");
}

#[test]
fn issue_attachments_from_a_real_shaped_capture() {
    let request = issue_attachments_request(&site_api_key(), "TEST-1").expect("request");
    spec_valid(&request);
    assert_eq!(request.url, "https://acme.atlassian.net/rest/api/3/issue/TEST-1?fields=attachment");
    let body = fixture("issues/issue_attachments_field.jira-cli.json");
    let listed = parse_issue_attachments(&Response::new(200, body.clone())).expect("parsed");
    let names: Vec<&str> = listed.iter().map(|a| a.filename.as_str()).collect();
    assert_eq!(names, ["screenshot.png", "document.pdf"]);
    assert_eq!(listed[1].size, Some(54321));
    assert_eq!(listed[1].author.as_ref().map(|a| a.account_id.as_str()), Some("def456"));
    let json: serde_json::Value = serde_json::from_slice(&body).expect("fixture JSON");
    assert_eq!(listed[1].raw, json["fields"]["attachment"][1], "the entry's own object, not the issue");
    assert!(parse_issue_attachments(&Response::new(200, r#"{"fields": {}}"#)).expect("none").is_empty());
}

#[test]
fn redirect_targets_are_resolved_and_must_be_https() {
    let current = "https://acme.atlassian.net/rest/api/3/attachment/content/10000";
    let to = |location: &str| redirect_target(current, &Response::new(303, "").with_header("Location", location));
    let media = to("https://api.media.atlassian.com/file/abc/binary?token=t").expect("absolute");
    assert_eq!(media.host_str(), Some("api.media.atlassian.com"));
    assert_eq!(to("/other/10000").expect("relative").as_str(), "https://acme.atlassian.net/other/10000");
    for bad in ["http://api.media.atlassian.com/x", "https://user:pw@evil.example/x", "ftp://x/y"] {
        let err = to(bad).expect_err(bad);
        assert_eq!(err.kind, ErrorKind::Decode, "{bad}");
        assert!(!err.message.contains("pw"), "no URL parts echoed: {}", err.message);
    }
    assert!(redirect_target(current, &Response::new(303, "")).is_err(), "a redirect needs a Location");
    assert!(is_redirect(303) && is_redirect(302) && !is_redirect(304) && !is_redirect(200));
}

#[test]
fn downloads_above_the_limit_are_refused() {
    let meta = parse_metadata(&Response::new(200, r#"{"id": 7, "filename": "a.bin", "mimeType": "x/y"}"#)).expect("m");
    let got = downloaded(&meta, b"hello", 5).expect("at the limit");
    assert_eq!((got.size, got.content_base64.as_str(), got.filename.as_str()), (5, "aGVsbG8=", "a.bin"));
    let err = downloaded(&meta, b"hello!", 5).expect_err("above");
    assert_eq!(err.message, "attachment 7 is 6 bytes, above the limit of 5 bytes (`options.max_attachment_bytes`)");
}
