//! Tests of the link, remote link and watcher requests and parsers.

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

fn link(link_type: &str, inward: &str, outward: &str) -> NewIssueLink {
    NewIssueLink {
        link_type: link_type.into(),
        inward_issue: inward.into(),
        outward_issue: outward.into(),
        comment: None,
    }
}

#[test]
fn link_type_list_parses_the_fixture_and_the_spec_example() {
    let types =
        parse_link_types(&Response::new(200, fixture("metadata/issuelinktype_list.jira-cli.json"))).expect("types");
    assert_eq!(
        types[0],
        LinkType {
            id: "10000".into(),
            name: "Blocks".into(),
            inward: Some("is blocked by".into()),
            outward: Some("blocks".into())
        }
    );
    let spec = parse_link_types(&Response::new(200, spec_example("GET /rest/api/3/issueLinkType 200"))).expect("spec");
    assert!(!spec.is_empty());
    spec_valid(&link_types_request(&site_oauth()));
    let err = parse_link_types(&Response::new(200, r#"{"issueLinkTypes": [{"name": "x"}]}"#)).expect_err("no id");
    assert!(err.message.contains("issueLinkTypes[0]"), "{}", err.message);
}

#[test]
fn create_link_sends_names_keys_and_an_adf_comment() {
    let mut new = link("Blocks", "acme-1", "ACME-2");
    new.comment = Some("Linked **because**".into());
    let req = create_issue_link_request(&site_api_key(), &new).expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issueLink");
    let body = req.body_json().expect("json");
    assert_eq!(body["type"], json!({"name": "Blocks"}));
    assert_eq!(body["inwardIssue"], json!({"key": "ACME-1"}));
    assert_eq!(body["outwardIssue"], json!({"key": "ACME-2"}));
    assert_eq!(body["comment"]["body"]["type"], "doc");
    spec_valid(&req);
    let req = create_issue_link_request(&site_oauth(), &link("10000", "10001", "ACME-2")).expect("ids");
    let body = req.body_json().expect("json");
    assert_eq!(body["type"], json!({"id": "10000"}));
    assert_eq!(body["inwardIssue"], json!({"id": "10001"}));
    assert!(body.get("comment").is_none());
    spec_valid(&req);
}

#[test]
fn create_link_reads_the_id_from_location() {
    let created = parse_created_link(
        &Response::new(201, "").with_header("Location", "https://acme.atlassian.net/rest/api/3/issueLink/10010"),
    );
    assert_eq!(created, CreatedLink { created: true, link_id: Some("10010".into()) });
    assert_eq!(parse_created_link(&Response::new(201, "")).link_id, None);
}

#[test]
fn bad_link_and_watcher_inputs_are_refused() {
    let site = site_api_key();
    let errors = [
        create_issue_link_request(&site, &link(" ", "A-1", "A-2")).expect_err("type"),
        create_issue_link_request(&site, &link("Blocks", "A-1", "a-1")).expect_err("self link"),
        create_issue_link_request(&site, &link("Blocks", "A 1", "A-2")).expect_err("key"),
        remove_issue_link_request(&site, "10/1").expect_err("link id"),
        create_remote_link_request(&site, "A-1", "javascript:alert(1)", "x").expect_err("scheme"),
        create_remote_link_request(&site, "A-1", "ftp://files.example.com/a", "x").expect_err("ftp"),
        create_remote_link_request(&site, "A-1", "example.com", "x").expect_err("relative"),
        create_remote_link_request(&site, "A-1", "https://example.com", " ").expect_err("title"),
        add_watcher_request(&site, "A-1", "bad id/..").expect_err("account"),
        remove_watcher_request(&site, "A-1", "").expect_err("empty account"),
    ];
    for err in errors {
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", err.message);
    }
}

#[test]
fn remote_links_requests_and_parsers() {
    let req = create_remote_link_request(&site_api_key(), "ACME-1", " https://example.com/doc?id=1 ", "Design doc")
        .expect("request");
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/remotelink");
    assert_eq!(
        req.body_json().expect("json"),
        json!({"object": {"url": "https://example.com/doc?id=1", "title": "Design doc"}})
    );
    spec_valid(&req);
    spec_valid(&remote_links_request(&site_oauth(), "ACME-1").expect("get"));
    let created = parse_remote_link_ref(&Response::new(
        201,
        spec_example("POST /rest/api/3/issue/{issueIdOrKey}/remotelink 201"),
    ))
    .expect("ref");
    assert_eq!(created.id, "10000");
    for name in ["issues/issue_remotelinks_get_200.spec-examples.json", "issues/issue_remotelinks.go-jira.json"] {
        let body = fixture(name);
        let links = parse_remote_links(&Response::new(200, body.clone())).expect(name);
        assert_eq!(links[0].id, "10000");
        let json: Value = serde_json::from_slice(&body).expect("fixture JSON");
        assert_eq!(links[0].raw, json[0], "{name}: each link keeps its own object, not the array");
        assert_eq!(links[1].raw, json[1], "{name}");
        assert_eq!(links[0].raw["object"]["status"]["resolved"], true, "{name}: beyond the typed fields");
        assert!(links[0].raw["self"].as_str().is_some_and(|s| s.ends_with("/MKY-1/remotelink/10000")), "{name}");
        assert_eq!(links[0].url.as_deref(), Some("http://www.mycompany.com/support?id=1"));
        assert_eq!(links[0].title.as_deref(), Some("TSTSUP-111"));
        assert_eq!(links[0].application.as_deref(), Some("My Acme Tracker"));
        assert_eq!(links[0].relationship.as_deref(), Some("causes"));
    }
}

#[test]
fn watcher_requests_and_parser() {
    let site = site_api_key();
    let req = add_watcher_request(&site, "ACME-1", "5b10a2844c20165700ede21g").expect("add");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.body.as_deref(), Some(&b"\"5b10a2844c20165700ede21g\""[..]));
    spec_valid(&req);
    let req = remove_watcher_request(&site, "ACME-1", "557058:f58131cb").expect("remove");
    assert_eq!(req.method, Method::Delete);
    assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/watchers?accountId=557058%3Af58131cb");
    spec_valid(&req);
    spec_valid(&watchers_request(&site, "ACME-1").expect("get"));
    let watchers =
        parse_watchers(&Response::new(200, spec_example("GET /rest/api/3/issue/{issueIdOrKey}/watchers 200")))
            .expect("watchers");
    assert_eq!(watchers.watch_count, Some(1));
    assert_eq!(watchers.is_watching, Some(false));
    assert_eq!(watchers.watchers[0].display_name, "Mia Krystof");
}
