//! Tests of the issue operations: requests against the OpenAPI spec, parsers against spec examples.

use serde_json::json;

use super::bulk::*;
use super::*;
use crate::error::ErrorKind;
use crate::jira::issues::NewIssue;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

#[test]
fn count_request_and_parse() {
    let req = count_issues_request(&site_api_key(), " project = ACME ").expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/search/approximate-count");
    assert_eq!(req.body_json(), Some(json!({"jql": "project = ACME"})));
    spec_valid(&req);
    assert_eq!(count_issues_request(&site_api_key(), "  ").expect_err("empty").kind, ErrorKind::InvalidInput);
    let count = parse_count(&Response::new(200, fixture("search/search_approximate_count_200.spec-examples.json")));
    assert_eq!(count.expect("parse"), 153);
    let err = parse_count(&Response::new(200, r#"{"count": "many"}"#)).expect_err("not a number");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("$.count"), "{}", err.message);
}

#[test]
fn update_request_sends_only_the_changes() {
    let changes = IssueChanges {
        summary: Some(" New title ".into()),
        labels: Some(vec![]),
        priority: Some("2".into()),
        assignee_account_id: Some("5b10a2844c20165700ede21g".into()),
        fields: serde_json::from_value(json!({"customfield_10016": 8})).expect("map"),
        notify_users: Some(false),
        ..IssueChanges::default()
    };
    let req = update_issue_request(&site_oauth(), "ACME-1", &changes, None).expect("request");
    assert_eq!(req.method, Method::Put);
    assert!(req.url.ends_with("/rest/api/3/issue/ACME-1?notifyUsers=false"), "{}", req.url);
    let body = req.body_json().expect("json");
    assert_eq!(
        body,
        json!({"fields": {"summary": "New title", "labels": [], "priority": {"id": "2"},
               "assignee": {"accountId": "5b10a2844c20165700ede21g"}, "customfield_10016": 8}})
    );
    spec_valid(&req);
}

#[test]
fn update_description_keeps_the_old_media() {
    let old = json!({"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "old"}]},
        {"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [
            {"type": "media", "attrs": {"id": "abc-123", "type": "file", "collection": "jira-1"}}]}
    ]});
    let changes = IssueChanges { description: Some("**new** text".into()), ..IssueChanges::default() };
    let req = update_issue_request(&site_api_key(), "ACME-1", &changes, Some(&old)).expect("request");
    let body = req.body_json().expect("json");
    let text = body.to_string();
    assert!(text.contains("abc-123"), "media kept: {text}");
    assert!(text.contains("\"strong\""), "markdown rendered: {text}");
    assert!(!text.contains("\"old\""), "old text replaced: {text}");
    spec_valid(&req);
    let plain = update_issue_request(&site_api_key(), "ACME-1", &changes, None).expect("request");
    assert!(!plain.body_json().expect("json").to_string().contains("abc-123"));
}

#[test]
fn update_refuses_bad_input() {
    let site = site_api_key();
    let cases = [
        (IssueChanges::default(), "nothing to update"),
        (IssueChanges { summary: Some("a\nb".into()), ..IssueChanges::default() }, "single line"),
        (IssueChanges { labels: Some(vec!["two words".into()]), ..IssueChanges::default() }, "`labels`"),
    ];
    for (changes, needle) in cases {
        let err = update_issue_request(&site, "ACME-1", &changes, None).expect_err(needle);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(needle), "{}", err.message);
    }
    let changes = IssueChanges { summary: Some("x".into()), ..IssueChanges::default() };
    assert!(update_issue_request(&site, "../x", &changes, None).is_err());
}

#[test]
fn description_is_read_before_a_rewrite() {
    let req = description_request(&site_api_key(), "ACME-1").expect("request");
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1?fields=description");
    spec_valid(&req);
    let doc = parse_description(&Response::new(200, fixture("issues/issue_get_v3_adf_issuelinks.jira-cli.json")))
        .expect("doc");
    assert_eq!(doc["type"], "doc");
    assert_eq!(parse_description(&Response::new(200, r#"{"fields":{}}"#)).expect("none"), Value::Null);
}

#[test]
fn delete_and_assign_requests() {
    let site = site_api_key();
    let req = delete_issue_request(&site, "ACME-1", true).expect("request");
    assert_eq!(req.method, Method::Delete);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1?deleteSubtasks=true");
    spec_valid(&req);
    let req = delete_issue_request(&site, "ACME-1", false).expect("request");
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1");
    let req = assign_issue_request(&site, "ACME-1", Some("abc")).expect("request");
    assert_eq!(req.method, Method::Put);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/assignee");
    assert_eq!(req.body_json(), Some(json!({"accountId": "abc"})));
    spec_valid(&req);
    let req = assign_issue_request(&site, "ACME-1", None).expect("request");
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1");
    assert_eq!(req.body_json(), Some(json!({"fields": {"assignee": null}})));
    spec_valid(&req);
    assert_eq!(assign_issue_request(&site, "ACME-1", Some(" ")).expect_err("empty").kind, ErrorKind::InvalidInput);
    assert_eq!(delete_issue_request(&site, "A-1?x", false).expect_err("key").kind, ErrorKind::InvalidInput);
}

#[test]
fn edit_meta_request_and_spec_example() {
    let req = edit_meta_request(&site_oauth(), "ACME-1").expect("request");
    assert!(req.url.ends_with("/rest/api/3/issue/ACME-1/editmeta"), "{}", req.url);
    spec_valid(&req);
    let fields =
        parse_edit_meta(&Response::new(200, spec_example("GET /rest/api/3/issue/{issueIdOrKey}/editmeta 200")))
            .expect("parse");
    assert_eq!(fields.len(), 1);
    let field = &fields[0];
    assert_eq!(field.id, "summary");
    assert_eq!(field.name, "My Multi Select");
    assert_eq!(field.schema_type.as_deref(), Some("array"));
    assert_eq!(field.items.as_deref(), Some("option"));
    assert_eq!(field.operations, vec!["set".to_string(), "add".to_string()]);
    assert_eq!(field.allowed_values, Some(json!(["red", "blue"])));
    let err = parse_edit_meta(&Response::new(200, r#"{"fields": {"x": {"required": "yes"}}}"#)).expect_err("bad");
    assert!(err.message.contains("$.fields.x.required"), "{}", err.message);
}

#[test]
fn bulk_fetch_request_and_spec_example() {
    let keys = checked_issue_keys("issue_keys", &["acme-1".into(), "10005".into()]).expect("keys");
    assert_eq!(keys, vec!["ACME-1".to_string(), "10005".to_string()]);
    let req = bulk_fetch_request(&site_api_key(), &keys, &["customfield_10016".into()]);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/bulkfetch");
    let body = req.body_json().expect("json");
    assert_eq!(body["issueIdsOrKeys"], json!(["ACME-1", "10005"]));
    assert_eq!(body["fields"].as_array().and_then(|f| f.last()), Some(&json!("customfield_10016")));
    spec_valid(&req);
    let site = site_api_key();
    let (issues, errors) =
        parse_bulk_fetch(&Response::new(200, fixture("issues/issue_bulkfetch_200.spec-examples.json")), &site)
            .expect("parse");
    let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["EX-1", "EX-2", "EX-4"]);
    assert_eq!(issues[0].summary.as_deref(), Some("My first example issue"));
    assert!(errors.is_empty());
    let wanted = vec!["EX-1".to_string(), "EX-3".to_string(), "10009".to_string()];
    let errors = vec![IssueError { id: "10009".into(), message: "retry".into() }];
    assert_eq!(keys_not_found(&wanted, &issues, &errors), vec!["EX-3".to_string()]);
}

#[test]
fn bulk_key_lists_are_checked() {
    assert!(checked_issue_keys("issue_keys", &[]).expect_err("empty").message.contains("is empty"));
    assert!(checked_issue_keys("issue_keys", &["../x".into()]).is_err());
    let many: Vec<String> = (1..=1001).map(|i| format!("A-{i}")).collect();
    assert!(checked_issue_keys("issue_keys", &many).expect_err("too many").message.contains("1000"));
}

fn new_issue(summary: &str) -> NewIssue {
    NewIssue { project_key: "ACME".into(), summary: summary.into(), issue_type: "Task".into(), ..NewIssue::default() }
}

#[test]
fn batch_create_request_wraps_create_bodies() {
    let req = batch_create_request(&site_api_key(), &[new_issue("one"), new_issue("two")]).expect("request");
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/bulk");
    let body = req.body_json().expect("json");
    assert_eq!(body["issueUpdates"][1]["fields"]["summary"], "two");
    assert_eq!(body["issueUpdates"][0]["fields"]["project"], json!({"key": "ACME"}));
    spec_valid(&req);
    let err = batch_create_request(&site_api_key(), &[new_issue("ok"), new_issue(" ")]).expect_err("bad");
    assert!(err.message.starts_with("`issues[1]`: `summary` is empty"), "{}", err.message);
}

#[test]
fn batch_create_maps_errors_back_to_positions() {
    let site = site_api_key();
    let ok = parse_batch_create(&Response::new(201, spec_example("POST /rest/api/3/issue/bulk 201")), &site, 50, 2)
        .expect("parse");
    assert_eq!(
        ok.created.iter().map(|c| (c.index, c.issue.key.as_str())).collect::<Vec<_>>(),
        [(50, "ED-24"), (51, "ED-25")]
    );
    assert_eq!(ok.created[0].issue.url.as_deref(), Some("https://acme.atlassian.net/browse/ED-24"));
    let failed = parse_batch_create(&Response::new(400, spec_example("POST /rest/api/3/issue/bulk 400")), &site, 0, 2)
        .expect("parse");
    assert!(failed.created.is_empty());
    assert_eq!(failed.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(failed.errors[0].status, Some(400));
    assert_eq!(failed.errors[0].errors["issuetype"], "The issue type selected is invalid.");
    let mixed = r#"{"issues": [{"id": "7", "key": "A-7"}], "errors": [{"failedElementNumber": 0, "status": 400,
        "elementErrors": {"errorMessages": ["no"], "errors": {}}}]}"#;
    let mixed = parse_batch_create(&Response::new(201, mixed), &site, 0, 2).expect("parse");
    assert_eq!(mixed.created[0].index, 1, "the created issue is the second one");
    assert_eq!(mixed.errors[0].error_messages, vec!["no".to_string()]);
    let out_of_range = r#"{"issues": [], "errors": [{"failedElementNumber": 5}]}"#;
    assert_eq!(
        parse_batch_create(&Response::new(201, out_of_range), &site, 0, 2).expect_err("range").kind,
        ErrorKind::Decode
    );
}

mod changelogs {
    use super::super::changelog::*;
    use crate::error::ErrorKind;
    use crate::http::{Method, Response};
    use crate::jira::test_support::{fixture, site_api_key, spec_valid};

    #[test]
    fn changelog_page_request_and_spec_example() {
        let req = changelog_page_request(&site_api_key(), "tt-1", 100, 100).expect("request");
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/TT-1/changelog?startAt=100&maxResults=100");
        spec_valid(&req);
        let page =
            parse_changelog_page(&Response::new(200, fixture("issues/issue_changelog_get_200.spec-examples.json")))
                .expect("parse");
        assert_eq!(page.total, Some(5));
        assert!(!page.is_last);
        assert_eq!(page.items.len(), 2);
        let first = &page.items[0];
        assert_eq!(first.id, "10001");
        assert_eq!(first.author.as_ref().map(|a| a.display_name.as_str()), Some("Mia Krystof"));
        assert_eq!(first.created.as_deref(), Some("1970-01-18T06:27:50.429+0000"));
        assert_eq!(first.items[0].to_string.as_deref(), Some("label-1"));
        assert_eq!(first.items[0].from, None);
        assert!(changelog_page_request(&site_api_key(), "a/b", 0, 1).is_err());
    }

    #[test]
    fn changelog_pages_without_is_last_end_by_total_or_emptiness() {
        // `PageBeanChangelog` requires nothing: an empty history may come back as `{"values": []}` alone, and
        // a history without author (deleted or anonymous user) or items still counts.
        let page = parse_changelog_page(&Response::new(200, r#"{"values":[]}"#)).expect("parse");
        assert!(page.is_last && page.items.is_empty());
        let body = r#"{"startAt":0,"maxResults":100,"total":1,
                       "values":[{"id":"10001","author":null,"created":"2024-01-02T03:04:05.000+0000"}]}"#;
        let page = parse_changelog_page(&Response::new(200, body)).expect("parse");
        assert!(page.is_last);
        assert_eq!(page.total, Some(1));
        assert_eq!(page.items[0].id, "10001");
        assert_eq!(page.items[0].author, None);
        assert!(page.items[0].items.is_empty());
        let body = r#"{"startAt":0,"total":3,"values":[{"id":"1"}]}"#;
        assert!(!parse_changelog_page(&Response::new(200, body)).expect("parse").is_last);
    }

    #[test]
    fn bulk_changelog_request_and_spec_example() {
        let keys = vec!["ACME-1".to_string(), "10002".to_string()];
        let fields = checked_field_ids(&["status".into(), "status".into(), "summary".into()]).expect("fields");
        let req = bulk_changelog_request(&site_api_key(), &keys, &fields, 1000, Some("tok"));
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/changelog/bulkfetch");
        assert_eq!(
            req.body_json(),
            Some(serde_json::json!({"issueIdsOrKeys": ["ACME-1", "10002"], "maxResults": 1000,
                                    "fieldIds": ["status", "summary"], "nextPageToken": "tok"}))
        );
        spec_valid(&req);
        spec_valid(&bulk_changelog_request(&site_api_key(), &keys, &[], 10, None));
        let page = parse_bulk_changelog_page(&Response::new(
            200,
            fixture("issues/changelog_bulkfetch_200.spec-examples.json"),
        ))
        .expect("parse");
        assert!(!page.items.is_empty());
        assert_eq!(page.items[0].1.created.as_deref(), Some("1492070429"));
        assert_eq!(page.items[0].1.items[0].to_string.as_deref(), Some("new summary"));
        let groups = group_by_issue(page.items.clone());
        assert_eq!(groups.iter().map(|g| g.histories.len()).sum::<usize>(), page.items.len());
        let many: Vec<String> = (0..11).map(|i| format!("f{i}")).collect();
        assert_eq!(checked_field_ids(&many).expect_err("too many").kind, ErrorKind::InvalidInput);
        let err = parse_bulk_changelog_page(&Response::new(200, r#"{"issueChangeLogs": [{"changeHistories": []}]}"#))
            .expect_err("no issue id");
        assert!(err.message.contains("issueChangeLogs[0].issueId"), "{}", err.message);
    }
}
