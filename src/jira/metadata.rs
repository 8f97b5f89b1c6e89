//! Site-wide metadata: statuses (`GET /rest/api/3/status`), resolutions (`GET /rest/api/3/resolution/search`,
//! offset-paged; the plain list is deprecated), and the statuses each issue type of a project uses
//! (`GET /rest/api/3/project/{projectIdOrKey}/statuses`).
//!
//! Priorities are not here: both site-wide priority lists (`/priority`, `/priority/search`) are deprecated in
//! the spec (and `/priority/search` needs the admin scope `manage:jira-configuration`); a project's priorities
//! are the allowed values of its `priority` create field, so `jira_get_priorities` needs a project. The test
//! `site_wide_priority_lists_are_deprecated` fails when the spec changes that, the cue to offer a site-wide list.

use serde::Serialize;

use crate::decode::{parse_body, Node};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::page::{parse_offset_page, Page};
use crate::site::{path_segment, project_key, Site};

/// A resolution (or any entity with an id, a name and a description).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedItem {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// A workflow status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusItem {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The status category key: `new` (to do), `indeterminate` (in progress) or `done`.
    pub category: Option<String>,
    /// The status category's display name (`To Do`, `In Progress`, `Done`).
    pub category_name: Option<String>,
}

/// The statuses one issue type of a project uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueTypeStatuses {
    pub issue_type_id: String,
    pub issue_type: String,
    pub subtask: bool,
    pub statuses: Vec<StatusItem>,
}

/// The most resolutions one page asks for.
pub const RESOLUTION_PAGE_MAX: u32 = 50;

/// `GET /rest/api/3/status`: every status of the site.
pub fn statuses_request(site: &Site) -> Request {
    Request::new(Method::Get, site.api_url("/rest/api/3/status", &[]))
}

/// One page of `GET /rest/api/3/resolution/search`.
pub fn resolutions_request(site: &Site, start_at: u32, max_results: u32) -> Request {
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Request::new(Method::Get, site.api_url("/rest/api/3/resolution/search", &params))
}

/// `GET /rest/api/3/project/{projectIdOrKey}/statuses`.
pub fn project_statuses_request(site: &Site, project: &str) -> Result<Request> {
    let key = project_key("project_key", project)?;
    Ok(Request::new(Method::Get, site.api_url(&format!("/rest/api/3/project/{}/statuses", path_segment(&key)), &[])))
}

fn named_item(node: Node<'_>) -> Result<NamedItem> {
    // `ResolutionJsonBean` and `Priority` require nothing but the id is the identity; a nameless entry keeps it.
    Ok(NamedItem {
        id: node.id("id")?,
        name: node.opt_str("name")?.unwrap_or_default(),
        description: node.opt_str("description")?,
    })
}

/// Parses a status object.
pub fn parse_status_node(node: Node<'_>) -> Result<StatusItem> {
    let category = node.with_opt("statusCategory", |c| Ok((c.opt_str("key")?, c.opt_str("name")?)))?;
    let (category, category_name) = category.unwrap_or((None, None));
    Ok(StatusItem {
        id: node.id("id")?,
        // `StatusDetails` marks nothing required; only the id identifies a status.
        name: node.opt_str("name")?.unwrap_or_default(),
        description: node.opt_str("description")?.filter(|d| !d.is_empty()),
        category,
        category_name,
    })
}

/// Parses a page of resolutions (`values`, `startAt`, `total`, `isLast`).
pub fn parse_resolution_page(response: &Response) -> Result<Page<NamedItem>> {
    const CONTEXT: &str = "get resolutions";
    parse_offset_page(response, CONTEXT, "values", named_item)
}

/// Parses the status list.
pub fn parse_statuses(response: &Response) -> Result<Vec<StatusItem>> {
    const CONTEXT: &str = "get statuses";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(parse_status_node)
}

/// Parses a project's statuses per issue type.
pub fn parse_project_statuses(response: &Response) -> Result<Vec<IssueTypeStatuses>> {
    const CONTEXT: &str = "get project statuses";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(|kind| {
        Ok(IssueTypeStatuses {
            issue_type_id: kind.id("id")?,
            issue_type: kind.opt_str("name")?.unwrap_or_default(),
            subtask: kind.opt_bool("subtask")?.unwrap_or(false),
            statuses: kind.with_opt("statuses", |s| s.map_array(parse_status_node))?.unwrap_or_default(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

    #[test]
    fn requests_are_valid_against_the_spec() {
        let req = statuses_request(&site_oauth());
        assert_eq!(req.method, Method::Get);
        assert!(req.url.ends_with("/ex/jira/0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f/rest/api/3/status"), "{}", req.url);
        spec_valid(&req);
        let req = resolutions_request(&site_api_key(), 50, 50);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/resolution/search?startAt=50&maxResults=50");
        spec_valid(&req);
        let req = project_statuses_request(&site_api_key(), "ACME").expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/project/ACME/statuses");
        spec_valid(&req);
        let err = project_statuses_request(&site_api_key(), "A/../B").expect_err("bad key");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn parses_resolution_pages() {
        let body = spec_example("GET /rest/api/3/resolution/search 200");
        let page = parse_resolution_page(&Response::new(200, body)).expect("parse");
        assert!(page.is_last);
        assert_eq!(
            page.items,
            [NamedItem {
                id: "10001".into(),
                name: "Works as designed".into(),
                description: Some("This is what it is supposed to do.".into())
            }]
        );
        let body = r#"{"startAt":0,"total":3,"values":[{"id":"1","name":"Done"}]}"#;
        assert!(!parse_resolution_page(&Response::new(200, body)).expect("parse").is_last);
    }

    #[test]
    fn parses_statuses_with_their_category() {
        let statuses =
            parse_statuses(&Response::new(200, fixture("metadata/status_list_server.go-jira.json"))).expect("parse");
        assert_eq!(statuses[0].name, "Idea");
        assert_eq!(statuses[0].category.as_deref(), Some("new"));
        assert_eq!(statuses[0].category_name.as_deref(), Some("To Do"));
        let statuses = parse_statuses(&Response::new(200, spec_example("GET /rest/api/3/status 200"))).expect("parse");
        assert_eq!(statuses[0].category.as_deref(), Some("in-flight"));
    }

    #[test]
    fn parses_project_statuses_per_issue_type() {
        let body = spec_example("GET /rest/api/3/project/{projectIdOrKey}/statuses 200");
        let kinds = parse_project_statuses(&Response::new(200, body)).expect("parse");
        assert_eq!(kinds[0].issue_type, "Task");
        assert!(!kinds[0].subtask);
        let names: Vec<&str> = kinds[0].statuses.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["In Progress", "Closed"]);
    }

    #[test]
    fn entries_without_name_description_or_category_keep_their_id() {
        // Nothing in `ResolutionJsonBean` or `StatusDetails` is required; `self`, `isLast` and `total` may be absent.
        let body =
            r#"{"startAt":0,"maxResults":50,"values":[{"id":"10000","description":null},{"id":10001,"name":null}]}"#;
        let page = parse_resolution_page(&Response::new(200, body)).expect("parse");
        let ids: Vec<(&str, &str)> = page.items.iter().map(|i| (i.id.as_str(), i.name.as_str())).collect();
        assert_eq!(ids, [("10000", ""), ("10001", "")]);
        assert_eq!(page.items[0].description, None);
        let body = r#"[{"id":"3","name":null,"description":"","statusCategory":null},{"id":"4","statusCategory":{}}]"#;
        let statuses = parse_statuses(&Response::new(200, body)).expect("parse");
        assert_eq!(
            statuses,
            [
                StatusItem {
                    id: "3".into(),
                    name: String::new(),
                    description: None,
                    category: None,
                    category_name: None
                },
                StatusItem {
                    id: "4".into(),
                    name: String::new(),
                    description: None,
                    category: None,
                    category_name: None
                },
            ]
        );
        let body = r#"[{"id":"10001","name":"Task","subtask":false,"statuses":[{"id":"3"}]}]"#;
        let kinds = parse_project_statuses(&Response::new(200, body)).expect("parse");
        assert_eq!((kinds[0].statuses[0].id.as_str(), kinds[0].statuses[0].name.as_str()), ("3", ""));
    }

    #[test]
    fn site_wide_priority_lists_are_deprecated() {
        let site = site_api_key();
        let search = Request::new(Method::Get, site.api_url("/rest/api/3/priority/search", &[("startAt", "0".into())]));
        for request in [Request::new(Method::Get, site.api_url("/rest/api/3/priority", &[])), search] {
            let problems = crate::openapi_check::check_request(&request).expect_err("deprecated in the spec");
            assert!(problems.contains("the operation is deprecated in the spec"), "{problems}");
        }
        let (classic, _) =
            crate::openapi_check::operation_scopes("GET", "/rest/api/3/priority/search").expect("in the spec");
        assert_eq!(classic, ["manage:jira-configuration"], "an admin scope");
    }

    #[test]
    fn wrong_shapes_are_named() {
        let err = parse_resolution_page(&Response::new(200, r#"{"values":[{"name":"Done"}]}"#)).expect_err("x");
        assert_eq!(err.message, "get resolutions: missing required value at `$.values[0].id`");
        let err = parse_statuses(&Response::new(200, r#"[{"id":"1"},{"name":"Open"}]"#)).expect_err("no id");
        assert_eq!(err.message, "get statuses: missing required value at `$[1].id`");
        let err = parse_statuses(&Response::new(200, r#"{"values":[]}"#)).expect_err("object");
        assert_eq!(err.kind, ErrorKind::Decode);
    }
}
