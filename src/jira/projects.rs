//! Projects: the paged project search (`GET /rest/api/3/project/search`).

use serde::Serialize;
use serde_json::Value;

use crate::decode::{parse_body, Node};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::page::{offset_page, Page};
use crate::site::Site;

/// The most projects one page returns.
pub const PROJECT_PAGE_MAX: u32 = 50;

/// A project summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    pub id: String,
    pub key: String,
    pub name: String,
    pub project_type: Option<String>,
    /// Jira's project object.
    #[serde(skip)]
    pub raw: Value,
}

/// Projects gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectList {
    pub projects: Vec<Project>,
    pub start_at: u32,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// One page of `GET /rest/api/3/project/search`.
pub fn list_projects_request(site: &Site, query: Option<&str>, start_at: u32, max_results: u32) -> Request {
    let mut params = vec![("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        params.push(("query", q.to_string()));
    }
    Request::new(Method::Get, site.api_url("/rest/api/3/project/search", &params))
}

/// Parses a `PageBeanProject`.
pub fn parse_project_page(response: &Response) -> Result<Page<Project>> {
    const CONTEXT: &str = "list projects";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let projects = root
        .with_opt("values", |values| {
            values.map_array(|p| {
                Ok(Project {
                    id: p.id("id")?,
                    key: p.str("key")?,
                    name: p.opt_str("name")?.unwrap_or_default(),
                    project_type: p.opt_str("projectTypeKey")?,
                    raw: p.value().clone(),
                })
            })
        })?
        .unwrap_or_default();
    offset_page(root, projects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn request_pages_with_start_at_and_query() {
        let req = list_projects_request(&site_api_key(), Some(" platform "), 50, 50);
        assert_eq!(
            req.url,
            "https://acme.atlassian.net/rest/api/3/project/search?startAt=50&maxResults=50&query=platform"
        );
        spec_valid(&req);
        let req = list_projects_request(&site_oauth(), None, 0, 10);
        assert!(req.url.ends_with("/rest/api/3/project/search?startAt=0&maxResults=10"));
        spec_valid(&req);
    }

    #[test]
    fn parses_the_spec_example_page() {
        let page = parse_project_page(&Response::new(200, fixture("projects/project_search_200.spec-examples.json")))
            .expect("parse");
        assert!(!page.is_last);
        assert_eq!(page.total, Some(7));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].key, "EX");
        assert_eq!(page.items[0].name, "Example");
        assert_eq!(page.items[0].id, "10000");
    }

    #[test]
    fn without_is_last_the_total_decides() {
        let body = r#"{"startAt":0,"total":1,"values":[{"id":"1","key":"A","name":"A"}]}"#;
        assert!(parse_project_page(&Response::new(200, body)).expect("parse").is_last);
        let body = r#"{"startAt":0,"total":5,"values":[{"id":"1","key":"A","name":"A"}]}"#;
        assert!(!parse_project_page(&Response::new(200, body)).expect("parse").is_last);
    }

    #[test]
    fn a_project_without_key_is_a_decode_error() {
        let body = r#"{"values":[{"id":"1","name":"A"}]}"#;
        let err = parse_project_page(&Response::new(200, body)).expect_err("no key");
        assert_eq!(err.message, "list projects: missing required value at `$.values[0].key`");
    }
}
