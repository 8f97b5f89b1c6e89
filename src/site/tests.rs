//! Tests of site parsing, the URL joiner, input validation and tenant-info resolution.

use super::*;
use crate::error::ErrorKind;

const ID: &str = "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f";

fn host(h: &str) -> SiteAddress {
    SiteAddress::Host(h.to_string())
}

#[test]
fn accepted_site_forms() {
    let cases = [
        ("acme", host("acme.atlassian.net")),
        ("acme.atlassian.net", host("acme.atlassian.net")),
        ("ACME.atlassian.net", host("acme.atlassian.net")),
        ("https://acme.atlassian.net", host("acme.atlassian.net")),
        ("https://acme.atlassian.net/", host("acme.atlassian.net")),
        ("https://acme.atlassian.net/jira/software/projects/X/boards/1", host("acme.atlassian.net")),
        ("https://acme.atlassian.net/browse/ACME-1?focusedCommentId=3#x", host("acme.atlassian.net")),
        ("acme.atlassian.net/jira/your-work", host("acme.atlassian.net")),
        ("acme.jira.com", host("acme.jira.com")),
        ("  acme.atlassian.net \n", host("acme.atlassian.net")),
        ("my-team-2", host("my-team-2.atlassian.net")),
        ("HTTPS://Acme.Atlassian.Net", host("acme.atlassian.net")),
        ("https://acme.atlassian.net:443/", host("acme.atlassian.net")),
        (&format!("https://api.atlassian.com/ex/jira/{ID}"), SiteAddress::CloudId(ID.into())),
        (&format!("https://api.atlassian.com/ex/jira/{ID}/rest/api/3/myself"), SiteAddress::CloudId(ID.into())),
        (ID, SiteAddress::CloudId(ID.into())),
        (&ID.to_ascii_uppercase(), SiteAddress::CloudId(ID.into())),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_site(input).unwrap_or_else(|e| panic!("{input:?}: {e}")), expected, "{input:?}");
    }
}

#[test]
fn rejected_site_forms_name_the_problem() {
    let cases = [
        ("", "empty"),
        ("   ", "empty"),
        ("http://acme.atlassian.net", "https"),
        ("ftp://acme.atlassian.net", "https"),
        ("https://u:p@acme.atlassian.net", "user name or password"),
        ("https://user@acme.atlassian.net", "user name or password"),
        ("u:p@acme.atlassian.net", "user name or password"),
        ("https://127.0.0.1", "IP address"),
        ("127.0.0.1", "IP address"),
        ("https://[::1]/", "IP address"),
        ("https://acme.atlassian.net:8443", "port"),
        ("example.com", "not a Jira Cloud site"),
        ("https://evil.com/acme.atlassian.net", "not a Jira Cloud site"),
        ("acme.atlassian.net.evil.com", "not a Jira Cloud site"),
        ("x.y.atlassian.net", "not a Jira Cloud site"),
        ("atlassian.net", "not a Jira Cloud site"),
        ("https://auth.atlassian.com", "not a Jira Cloud site"),
        ("https://api.atlassian.com/ex/jira/not-a-uuid", "malformed"),
        ("https://api.atlassian.com/", "gateway URL"),
        ("acme corp", "organization name"),
        ("-acme", "organization name"),
        ("0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6", "malformed"),
    ];
    for (input, needle) in cases {
        let err = parse_site(input).expect_err(input);
        assert_eq!(err.kind, ErrorKind::InvalidConfig, "{input:?}");
        assert!(err.message.contains("`site`"), "{input:?}: {}", err.message);
        assert!(err.message.contains(needle), "{input:?}: {}", err.message);
    }
}

#[test]
fn cloud_ids_are_validated() {
    assert_eq!(parse_cloud_id("cloud_id", &format!(" {ID} ")).expect("valid"), ID);
    for bad in ["", "abc", "0f2e6c1a8b5d4c3e9a7f1d2b3c4d5e6f", "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6g", "../../x"] {
        let err = parse_cloud_id("cloud_id", bad).expect_err(bad);
        assert!(err.message.contains("`cloud_id`"), "{}", err.message);
    }
}

#[test]
fn api_keys_use_the_site_and_oauth_the_gateway() {
    let site = Site::new(&host("acme.atlassian.net"), None, AuthMethod::ApiKey).expect("site");
    assert_eq!(site.api_base, "https://acme.atlassian.net");
    assert_eq!(site.browse_base.as_deref(), Some("https://acme.atlassian.net"));
    assert_eq!(site.api_host, "acme.atlassian.net");

    let err = Site::new(&host("acme.atlassian.net"), None, AuthMethod::OAuth).expect_err("needs cloud id");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);

    for method in [AuthMethod::OAuth, AuthMethod::InstantOAuth] {
        let site = Site::new(&host("acme.atlassian.net"), Some(ID), method).expect("site");
        assert_eq!(site.api_base, format!("https://api.atlassian.com/ex/jira/{ID}"));
        assert_eq!(site.browse_base.as_deref(), Some("https://acme.atlassian.net"));
        assert_eq!(site.api_host, "api.atlassian.com");
    }

    // A scoped API token configured with only a cloud id goes through the gateway with Basic auth.
    let site = Site::new(&SiteAddress::CloudId(ID.into()), None, AuthMethod::ApiKey).expect("site");
    assert_eq!(site.api_base, format!("https://api.atlassian.com/ex/jira/{ID}"));
    assert_eq!(site.browse_base, None);
    assert_eq!(site.browse_url("ACME-1"), None);
}

#[test]
fn urls_are_joined_and_encoded() {
    let site = Site::new(&host("acme.atlassian.net"), None, AuthMethod::ApiKey).expect("site");
    let url = site.api_url(
        &format!("/rest/api/3/issue/{}", path_segment("ACME-1")),
        &[("fields", "summary,status".into()), ("jql", "project = \"A B\" & x".into())],
    );
    assert_eq!(
        url,
        "https://acme.atlassian.net/rest/api/3/issue/ACME-1?fields=summary%2Cstatus&jql=project%20%3D%20%22A%20B%22%20%26%20x"
    );
    assert_eq!(site.browse_url("ACME-1").as_deref(), Some("https://acme.atlassian.net/browse/ACME-1"));
    assert_eq!(path_segment("../a/b?c#d%"), "..%2Fa%2Fb%3Fc%23d%25");
}

#[test]
fn issue_keys_are_validated() {
    assert_eq!(issue_key("issue_key", "ACME-42").expect("key"), "ACME-42");
    assert_eq!(issue_key("issue_key", " acme-42 ").expect("key"), "ACME-42");
    assert_eq!(issue_key("issue_key", "MY_PROJ2-7").expect("key"), "MY_PROJ2-7");
    assert_eq!(issue_key("issue_key", "10001").expect("id"), "10001");
    for bad in
        ["../../admin", "ABC-1?x=y", "ABC-1/comment", "", "ABC", "ABC-", "-1", "ABC-1#x", "A B-1", "ABC-1%2F", "ÄBC-1"]
    {
        let err = issue_key("issue_key", bad).expect_err(bad);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{bad}");
        assert!(err.message.contains("`issue_key`"), "{}", err.message);
    }
}

#[test]
fn project_keys_are_validated() {
    assert_eq!(project_key("project_key", "ACME").expect("key"), "ACME");
    assert_eq!(project_key("project_key", "10000").expect("id"), "10000");
    for bad in ["", "AC ME", "../x", "A/B", "_A"] {
        assert_eq!(project_key("project_key", bad).expect_err(bad).kind, ErrorKind::InvalidInput);
    }
}

#[test]
fn tenant_info_is_public_and_parsed() {
    let req = tenant_info_request("acme.atlassian.net");
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://acme.atlassian.net/_edge/tenant_info");
    assert_eq!(req.header_value("authorization"), None);

    let body = format!(r#"{{"cloudId":"{}"}}"#, ID.to_ascii_uppercase());
    assert_eq!(parse_tenant_info(Response::new(200, body)).expect("id"), ID);

    let err = parse_tenant_info(Response::new(200, r#"{"cloudId":"nope"}"#)).expect_err("bad id");
    assert_eq!(err.kind, ErrorKind::Decode);
    let err = parse_tenant_info(Response::new(200, r#"{}"#)).expect_err("missing");
    assert!(err.message.contains("`$.cloudId`"), "{}", err.message);
    let err = parse_tenant_info(Response::new(404, "")).expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
}
