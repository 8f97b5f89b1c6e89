//! Epics: a board's epics (`GET /rest/agile/1.0/board/{boardId}/epic`) and an issue's parent.
//!
//! Jira Cloud links an issue to its epic (or any parent) through the `parent` field in team-managed and
//! company-managed projects alike, so setting a parent is an issue edit (`PUT /rest/api/3/issue/{key}`); the
//! epic's issues are read with the other agile issue lists (`crate::jira::agile::issues`).

use serde::Serialize;
use serde_json::{json, Value};

use super::{node_u64, positive_id, AGILE_BASE};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::page::parse_offset_page;
use crate::page::Page;
use crate::site::{issue_key, path_segment, Site};

/// An epic as a board lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Epic {
    /// The epic's issue id.
    pub id: u64,
    /// The epic's issue key, when Jira sends it.
    pub key: Option<String>,
    pub name: String,
    pub summary: Option<String>,
    /// True when the epic is done.
    pub done: bool,
    /// The board colour key (`color_4`).
    pub color: Option<String>,
    /// Jira's epic object.
    #[serde(skip)]
    pub raw: Value,
}

/// Epics gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpicList {
    pub epics: Vec<Epic>,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// What a parent change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParentSet {
    pub issue_key: String,
    pub parent_key: String,
}

/// One page of `GET /rest/agile/1.0/board/{boardId}/epic`.
pub fn list_epics_request(site: &Site, board_id: u64, start_at: u32, max_results: u32) -> Result<Request> {
    let path = format!("{AGILE_BASE}/board/{}/epic", positive_id("board_id", board_id)?);
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&path, &params)))
}

/// Parses one page of epics.
pub fn parse_epic_page(response: &Response) -> Result<Page<Epic>> {
    parse_offset_page(response, "list epics", "values", |epic| {
        Ok(Epic {
            id: epic.with("id", node_u64)?,
            key: epic.opt_str("key")?,
            name: epic.opt_str("name")?.unwrap_or_default(),
            summary: epic.opt_str("summary")?,
            done: epic.opt_bool("done")?.unwrap_or(false),
            color: epic.with_opt("color", |color| color.opt_str("key"))?.flatten(),
            raw: epic.value().clone(),
        })
    })
}

/// `PUT /rest/api/3/issue/{key}` setting `parent`; the keys are validated and must differ.
pub fn set_parent_request(site: &Site, issue: &str, parent: &str) -> Result<(Request, ParentSet)> {
    let issue = issue_key("issue_key", issue)?;
    let parent = issue_key("parent_key", parent)?;
    if issue == parent {
        return Err(Error::invalid_input("an issue cannot be its own parent: `parent_key` equals `issue_key`"));
    }
    let body = json!({ "fields": { "parent": { "key": parent } } });
    let url = site.api_url(&format!("/rest/api/3/issue/{}", path_segment(&issue)), &[]);
    Ok((Request::new(Method::Put, url).json_body(&body), ParentSet { issue_key: issue, parent_key: parent }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn list_request_validates_against_the_spec() {
        let req = list_epics_request(&site_api_key(), 1, 0, 50).expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/agile/1.0/board/1/epic?startAt=0&maxResults=50");
        spec_valid(&req);
        spec_valid(&list_epics_request(&site_oauth(), 1, 50, 50).expect("request"));
        assert_eq!(list_epics_request(&site_api_key(), 0, 0, 50).expect_err("zero").kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn parses_the_spec_example_page() {
        let page = parse_epic_page(&Response::new(200, fixture("agile/agile_board_epics_200.spec-examples.json")))
            .expect("page");
        assert!(!page.is_last);
        assert_eq!(page.total, Some(5));
        assert_eq!(page.items[0].name, "epic 1");
        assert_eq!(page.items[0].summary.as_deref(), Some("epic 1 summary"));
        assert!(page.items[0].done);
        assert_eq!(page.items[1].color.as_deref(), Some("color_2"));
        assert_eq!(page.items[1].key, None);
    }

    #[test]
    fn set_parent_is_an_issue_edit_of_the_parent_field() {
        let (req, outcome) = set_parent_request(&site_api_key(), "acme-2", "ACME-1").expect("request");
        assert_eq!((req.method, req.url.as_str()), (Method::Put, "https://acme.atlassian.net/rest/api/3/issue/ACME-2"));
        assert_eq!(req.body_json().expect("json"), json!({"fields": {"parent": {"key": "ACME-1"}}}));
        assert_eq!(outcome, ParentSet { issue_key: "ACME-2".into(), parent_key: "ACME-1".into() });
        spec_valid(&req);
        assert!(set_parent_request(&site_oauth(), "ACME-1", "acme-1")
            .expect_err("self")
            .message
            .contains("own parent"));
        assert_eq!(set_parent_request(&site_oauth(), "ACME-1", "../x").expect_err("bad").kind, ErrorKind::InvalidInput);
    }
}
