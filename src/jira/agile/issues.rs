//! Issue lists of the agile API: a board's issues, its backlog, a sprint's and an epic's. All four take `jql`,
//! `fields`, `startAt` and `maxResults`, return issues in the search shape, ordered by rank, and page with
//! `startAt`/`maxResults`/`total` (no `isLast`).

use serde::Serialize;

use super::{positive_id, AGILE_BASE};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::jira::search::validate_jql;
use crate::jira::{parse_issue, requested_fields, Issue};
use crate::page::parse_offset_page;
use crate::page::Page;
use crate::site::{issue_key, path_segment, Site};

/// Which issue list to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueSource {
    /// Every issue on the board (`GET /board/{boardId}/issue`).
    Board(u64),
    /// The board's backlog (`GET /board/{boardId}/backlog`).
    Backlog(u64),
    /// The sprint's issues (`GET /sprint/{sprintId}/issue`).
    Sprint(u64),
    /// The epic's child issues (`GET /epic/{epicIdOrKey}/issue`).
    Epic(String),
}

impl IssueSource {
    /// The operation name used in errors.
    pub fn context(&self) -> &'static str {
        match self {
            IssueSource::Board(_) => "get board issues",
            IssueSource::Backlog(_) => "get backlog issues",
            IssueSource::Sprint(_) => "get sprint issues",
            IssueSource::Epic(_) => "get epic issues",
        }
    }

    /// Checks the id or key before any request.
    pub fn validate(&self) -> Result<()> {
        self.path().map(|_| ())
    }

    fn path(&self) -> Result<String> {
        Ok(match self {
            IssueSource::Board(id) => format!("{AGILE_BASE}/board/{}/issue", positive_id("board_id", *id)?),
            IssueSource::Backlog(id) => format!("{AGILE_BASE}/board/{}/backlog", positive_id("board_id", *id)?),
            IssueSource::Sprint(id) => format!("{AGILE_BASE}/sprint/{}/issue", positive_id("sprint_id", *id)?),
            IssueSource::Epic(key) => format!("{AGILE_BASE}/epic/{}/issue", path_segment(&issue_key("epic_key", key)?)),
        })
    }
}

/// What to read from an issue list: an optional JQL restriction, extra fields and how many issues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueQuery {
    /// JQL that narrows the list (`status = "In Progress"`); Jira keeps the list's own rank order.
    pub jql: Option<String>,
    /// Extra field ids on top of the issue shape's.
    pub fields: Vec<String>,
    /// How many issues at most (default 50, at most 1000).
    pub limit: Option<u32>,
}

impl IssueQuery {
    /// The query's JQL, trimmed and checked; none when absent or blank.
    pub fn validated_jql(&self) -> Result<Option<&str>> {
        match self.jql.as_deref().map(str::trim).filter(|jql| !jql.is_empty()) {
            None => Ok(None),
            Some(jql) => validate_jql(jql).map(Some),
        }
    }
}

/// Issues gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueList {
    pub issues: Vec<Issue>,
    /// How many issues the list has in all, when Jira said.
    pub total: Option<u32>,
    pub is_last: bool,
}

/// One page of an agile issue list. `jql` is passed as Jira's `jql` query parameter.
pub fn issue_page_request(
    site: &Site,
    source: &IssueSource,
    jql: Option<&str>,
    fields: &[String],
    start_at: u32,
    max_results: u32,
) -> Result<Request> {
    let mut params = vec![("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    if let Some(jql) = jql {
        params.push(("jql", jql.to_string()));
    }
    params.push(("fields", requested_fields(fields).join(",")));
    Ok(Request::new(Method::Get, site.api_url(&source.path()?, &params)))
}

/// Parses one page of issues (`{"startAt", "maxResults", "total", "issues": [...]}`).
pub fn parse_issue_page(response: &Response, site: &Site, context: &str) -> Result<Page<Issue>> {
    parse_offset_page(response, context, "issues", |issue| parse_issue(issue, site))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn every_list_validates_against_the_spec() {
        let fields = vec!["customfield_10016".to_string()];
        for source in [
            IssueSource::Board(1),
            IssueSource::Backlog(1),
            IssueSource::Sprint(37),
            IssueSource::Epic("acme-1".into()),
        ] {
            for site in [site_api_key(), site_oauth()] {
                let req = issue_page_request(&site, &source, Some("statusCategory != Done"), &fields, 50, 50)
                    .expect("request");
                spec_valid(&req);
                assert!(req
                    .url
                    .contains("startAt=50&maxResults=50&jql=statusCategory%20%21%3D%20Done&fields=summary%2C"));
                assert!(req.url.ends_with("%2Ccustomfield_10016"), "{}", req.url);
            }
        }
        let req =
            issue_page_request(&site_api_key(), &IssueSource::Epic("acme-1".into()), None, &[], 0, 10).expect("epic");
        assert!(req.url.starts_with(
            "https://acme.atlassian.net/rest/agile/1.0/epic/ACME-1/issue?startAt=0&maxResults=10&fields="
        ));
        let req = issue_page_request(&site_api_key(), &IssueSource::Backlog(3), None, &[], 0, 10).expect("backlog");
        assert!(req.url.starts_with("https://acme.atlassian.net/rest/agile/1.0/board/3/backlog?"));
    }

    #[test]
    fn hostile_ids_and_keys_send_nothing() {
        let err = issue_page_request(&site_api_key(), &IssueSource::Epic("../board".into()), None, &[], 0, 1)
            .expect_err("key");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(issue_page_request(&site_api_key(), &IssueSource::Sprint(0), None, &[], 0, 1).is_err());
    }

    #[test]
    fn blank_jql_is_no_restriction() {
        let query = IssueQuery { jql: Some("  ".into()), ..IssueQuery::default() };
        assert_eq!(query.validated_jql().expect("ok"), None);
        let query = IssueQuery { jql: Some(" status = Done ".into()), ..IssueQuery::default() };
        assert_eq!(query.validated_jql().expect("ok"), Some("status = Done"));
    }

    #[test]
    fn parses_issue_pages_from_the_spec_and_captures() {
        let site = site_api_key();
        // The spec gives the same example for the board, backlog and epic lists.
        for (file, context) in [
            ("agile/agile_board_backlog_200.spec-examples.json", "get backlog issues"),
            ("agile/agile_board_issues_200.spec-examples.json", "get board issues"),
            ("agile/agile_epic_issues_200.spec-examples.json", "get epic issues"),
        ] {
            let page = parse_issue_page(&Response::new(200, fixture(file)), &site, context).expect(file);
            assert!(page.is_last, "startAt 0 + 1 issue reaches total 1");
            assert_eq!(page.total, Some(1));
            assert_eq!(page.items[0].key, "HSP-1");
            assert_eq!(page.items[0].description.as_deref(), Some("example bug report"));
            assert_eq!(page.items[0].fields["sprint"]["state"], "future", "agile fields are kept raw");
        }

        let page = parse_issue_page(
            &Response::new(200, fixture("agile/agile_sprint_issues.go-jira.json")),
            &site,
            "get sprint issues",
        )
        .expect("go-jira");
        assert!(!page.is_last, "1 of 10");
        assert_eq!(page.items[0].key, "AR-86");
        assert_eq!(page.items[0].status.as_deref(), Some("Ready"));
        assert_eq!(page.items[0].issue_type.as_deref(), Some("Task"));
        assert_eq!(page.items[0].url.as_deref(), Some("https://acme.atlassian.net/browse/AR-86"));

        let page = parse_issue_page(
            &Response::new(200, fixture("agile/agile_epic_issues_search.jira-cli.json")),
            &site_oauth(),
            "get epic issues",
        )
        .expect("jira-cli");
        assert!(page.is_last);
        assert_eq!(page.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["EPIC-1", "EPIC-2"]);
        assert_eq!(page.items[1].labels, ["critical", "feature"]);
    }

    #[test]
    fn the_single_issue_spec_example_parses_in_the_issue_shape() {
        // The spec's "example" for GET /sprint/{id}/issue is one issue, not a page: it must parse as an issue,
        // and as a page it has no issues (and therefore ends the list).
        let body = fixture("agile/agile_sprint_issues_200.spec-examples.json");
        let value: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let issue = parse_issue(crate::decode::Node::root(&value, "x"), &site_api_key()).expect("issue");
        assert_eq!(issue.key, "HSP-1");
        assert_eq!(issue.updated.as_deref(), Some("1"));
        let page = parse_issue_page(&Response::new(200, body), &site_api_key(), "get sprint issues").expect("page");
        assert!(page.items.is_empty() && page.is_last);
        let issue_get = fixture("agile/agile_issue_get_200.spec-examples.json");
        let value: serde_json::Value = serde_json::from_slice(&issue_get).expect("json");
        assert_eq!(parse_issue(crate::decode::Node::root(&value, "x"), &site_api_key()).expect("issue").id, "10001");
    }
}
