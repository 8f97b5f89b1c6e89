//! Attachments through the component in wasmtime against the fake: upload, metadata, download (Jira's 303 to the
//! media host followed by the component, without credentials), size limits, delete, errors, and the
//! `attachments` include of `jira_get_issue`.

use crate::common::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use jira_host::bindings::ErrorKind;
use jira_host::demo::AuthMethod;
use jira_host::fake::{self, Fault, RecordedRequest};
use serde_json::{json, Value};

/// Bytes that stress the multipart body: every byte value, CR LF runs and things that look like delimiters.
fn tricky_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255u8).collect();
    bytes.extend_from_slice(b"\r\n--jira-connector-0000000000000000\r\n\r\n--\r\nContent-Disposition: x\r\n");
    bytes.extend((0..=255u8).rev());
    bytes
}

fn upload(env: &Env, method: AuthMethod, key: &str, filename: &str, content: &[u8]) -> Value {
    env.ok(
        method,
        "jira_upload_attachment",
        json!({"issue_key": key, "filename": filename, "content_base64": STANDARD.encode(content)}),
    )
}

fn media_requests(env: &Env) -> Vec<RecordedRequest> {
    env.fake.requests().into_iter().filter(|r| r.host == fake::FAKE_MEDIA_HOST).collect()
}

/// A configuration for `method` with `options.max_attachment_bytes`.
fn limited(method: AuthMethod, limit: u64) -> Value {
    let mut config = method.fake_config();
    config["options"] = json!({"max_attachment_bytes": limit});
    config
}

#[test]
fn upload_metadata_and_download_round_trip_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let content = tricky_bytes();
        let uploaded = upload(&env, method, "ACME-1", "dump \"v2\".bin", &content);
        let attachment = &uploaded["attachments"][0];
        let id = attachment["id"].as_str().expect("id").to_owned();
        assert_eq!(uploaded["issue_key"], "ACME-1");
        assert_eq!(attachment["filename"], "dump \"v2\".bin", "[{}] the quoted name survives", method.name());
        assert_eq!(attachment["size"], content.len());
        assert_eq!(attachment["mime_type"], "application/octet-stream");
        assert_eq!(attachment["author"]["display_name"], "Ada Lovelace");

        let meta = env.ok(method, "jira_get_attachment", json!({"attachment_id": id}));
        assert_eq!(meta["id"], id.as_str(), "a numeric id comes back as text");
        assert_eq!(meta["size"], content.len());

        let downloaded = env.ok(method, "jira_download_attachment", json!({"attachment_id": id}));
        let bytes = STANDARD.decode(downloaded["content_base64"].as_str().expect("base64")).expect("valid base64");
        assert_eq!(bytes, content, "[{}] byte-for-byte round trip", method.name());
        assert_eq!(downloaded["filename"], "dump \"v2\".bin");
        assert_eq!(downloaded["size"], content.len());

        let post = env.api_requests().into_iter().find(|r| r.method == "POST").expect("the upload");
        assert_eq!(post.path, rest_path(method, "api/3/issue/ACME-1/attachments"));
        assert_eq!(post.header("x-atlassian-token"), Some("no-check"));
        assert!(post.header("content-type").is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
        let content_request =
            env.api_requests().into_iter().find(|r| r.path.contains("/attachment/content/")).expect("content");
        assert_eq!(content_request.path, rest_path(method, &format!("api/3/attachment/content/{id}")));
        let media = media_requests(&env);
        assert_eq!(media.len(), 1, "[{}] one request to the media host", method.name());
        assert_eq!(media[0].header("authorization"), None, "[{}] no credentials on the media host", method.name());
        assert!(media[0].query.contains("token=fake-media-token-"), "the signed URL is used as given");
        // Every request except the media one went to the API host with the method's credentials.
        let api: Vec<_> = env.api_requests().into_iter().filter(|r| r.host != fake::FAKE_MEDIA_HOST).collect();
        let host = if method == ApiKey { fake::FAKE_SITE_HOST } else { fake::FAKE_GATEWAY_HOST };
        assert!(api.iter().all(|r| r.host == host && r.header("authorization").is_some()), "[{}]", method.name());
    }
}

#[test]
fn the_attachments_include_lists_the_issue_files() {
    let env = Env::new();
    upload(&env, ApiKey, "ACME-2", "a.txt", b"first");
    upload(&env, ApiKey, "ACME-2", "b.png", b"\x89PNG");
    let issue = env.ok(ApiKey, "jira_get_issue", json!({"issue_key": "ACME-2", "include": ["attachments"]}));
    let names: Vec<&str> =
        issue["attachments"].as_array().expect("list").iter().filter_map(|a| a["filename"].as_str()).collect();
    assert_eq!(names, ["a.txt", "b.png"]);
    assert_eq!(issue["attachments"][0]["mime_type"], "text/plain");
    assert_eq!(issue["attachments"][1]["mime_type"], "image/png");
    assert_eq!(issue["attachments"][1]["size"], 4);
    let plain = env.ok(ApiKey, "jira_get_issue", json!({"issue_key": "ACME-3", "include": ["attachments"]}));
    assert_eq!(plain["attachments"], json!([]));
}

#[test]
fn files_above_the_limit_are_refused_before_their_content_is_sent_or_fetched() {
    let env = Env::new();
    let args = json!({"issue_key": "ACME-1", "filename": "big.bin", "content_base64": STANDARD.encode([1u8; 11])});
    let error = env.call_with_config(&limited(ApiKey, 10), "jira_upload_attachment", args).expect_err("too big");
    assert_kind(&error, ErrorKind::InvalidInput);
    assert!(error.message.contains("11 bytes, above the limit of 10 bytes"), "{}", error.message);
    assert!(env.api_requests().is_empty(), "nothing sent");

    let id = upload(&env, ApiKey, "ACME-1", "big.bin", &[1u8; 11])["attachments"][0]["id"].as_str().unwrap().to_owned();
    env.fake.clear_requests();
    for method in METHODS {
        let args = json!({"attachment_id": id});
        let error = env.call_with_config(&limited(method, 10), "jira_download_attachment", args).expect_err("too big");
        assert_kind(&error, ErrorKind::InvalidInput);
        assert!(error.message.contains("`options.max_attachment_bytes`"), "{}", error.message);
    }
    assert!(env.api_requests().iter().all(|r| !r.path.contains("/content/")), "the content is never fetched");
    assert!(media_requests(&env).is_empty());
}

#[test]
fn deleted_and_unknown_attachments_are_not_found() {
    let env = Env::new();
    let id = upload(&env, OAuth, "ACME-1", "gone.txt", b"bye")["attachments"][0]["id"].as_str().unwrap().to_owned();
    let deleted = env.ok(OAuth, "jira_delete_attachment", json!({"attachment_id": id}));
    assert_eq!(deleted, json!({"deleted": true, "attachment_id": id}));
    for tool in ["jira_get_attachment", "jira_download_attachment", "jira_delete_attachment"] {
        env.err(OAuth, tool, json!({"attachment_id": id}), ErrorKind::NotFound);
    }
    let issue = env.ok(OAuth, "jira_get_issue", json!({"issue_key": "ACME-1", "include": ["attachments"]}));
    assert_eq!(issue["attachments"], json!([]));
    let args = json!({"issue_key": "NOPE-9", "filename": "a.txt", "content_base64": "aGk="});
    env.err(ApiKey, "jira_upload_attachment", args, ErrorKind::NotFound);
}

#[test]
fn an_upload_without_the_xsrf_header_is_refused_by_jira() {
    // The raw escape hatch sends a JSON body and no `X-Atlassian-Token`: Jira's XSRF check refuses it.
    let env = Env::new();
    let args = json!({"method": "POST", "path": "/rest/api/3/issue/ACME-1/attachments", "body": {}});
    let error = env.err(ApiKey, "jira_request", args, ErrorKind::Forbidden);
    assert!(error.message.contains("XSRF check failed"), "{}", error.message);
    assert_eq!(env.fake.issue_json("ACME-1").expect("issue")["fields"]["attachment"], json!([]));
}

#[test]
fn bad_redirects_and_media_errors_are_reported() {
    let env = Env::new();
    let id = upload(&env, ApiKey, "ACME-1", "a.txt", b"hello")["attachments"][0]["id"].as_str().unwrap().to_owned();
    let args = json!({"attachment_id": id});
    env.fake
        .inject(Fault::status("/attachment/content/", 303, "").header("Location", "http://api.media.atlassian.com/x"));
    let error = env.err(ApiKey, "jira_download_attachment", args.clone(), ErrorKind::Decode);
    assert!(error.message.contains("https"), "{}", error.message);
    assert!(media_requests(&env).is_empty(), "an http target is never requested");

    env.fake.inject(Fault::jira_error("/binary", 500, "media is down").method("GET"));
    let error = env.err(ApiKey, "jira_download_attachment", args.clone(), ErrorKind::ServerError);
    assert!(error.message.contains("media host"), "{}", error.message);

    env.fake.inject(
        Fault::status("/attachment/content/", 302, "").header("Location", "/rest/api/3/attachment/content/1").times(4),
    );
    let error = env.err(ApiKey, "jira_download_attachment", args.clone(), ErrorKind::ServerError);
    assert!(error.message.contains("more than 3 redirects"), "{}", error.message);
    // After the faults, the real thing works again.
    let downloaded = env.ok(ApiKey, "jira_download_attachment", args);
    assert_eq!(downloaded["content_base64"], STANDARD.encode("hello"));
}
