//! Search: JQL through `POST /rest/api/3/search/jql` (token paging; never the removed `/rest/api/3/search`).

use serde::Serialize;
use serde_json::{json, Value};

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::{parse_issue, requested_fields, Issue};
use crate::page::Page;
use crate::site::Site;

/// The most issues one `/search/jql` page returns when fields are requested.
pub const SEARCH_PAGE_MAX: u32 = 100;
/// The default number of issues a search returns.
pub const DEFAULT_SEARCH_LIMIT: u32 = 50;
/// The most issues one search call gathers; continue with `next_page_token` for more.
pub const MAX_SEARCH_LIMIT: u32 = 1000;

/// A search result, possibly gathered over several pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub issues: Vec<Issue>,
    /// Where to continue; none at the end.
    pub next_page_token: Option<String>,
    pub is_last: bool,
}

/// Checks the JQL of a search before any request.
pub fn validate_jql(jql: &str) -> Result<&str> {
    let jql = jql.trim();
    if jql.is_empty() {
        return Err(Error::invalid_input(
            "`jql` is empty: Jira does not allow unbounded searches; restrict it, e.g. `project = ACME ORDER BY created DESC`",
        ));
    }
    if jql.len() > 20_000 {
        return Err(Error::invalid_input("`jql` is longer than 20000 characters"));
    }
    Ok(jql)
}

/// One page of `POST /rest/api/3/search/jql`.
pub fn search_page_request(
    site: &Site,
    jql: &str,
    fields: &[String],
    max_results: u32,
    token: Option<&str>,
) -> Request {
    let mut body = json!({
        "jql": jql,
        "fields": requested_fields(fields),
        "maxResults": max_results,
    });
    if let Some(token) = token {
        body["nextPageToken"] = Value::String(token.to_string());
    }
    Request::new(Method::Post, site.api_url("/rest/api/3/search/jql", &[])).json_body(&body)
}

/// Parses one page: `{"issues": [...], "nextPageToken": "...", "isLast": bool}`.
pub fn parse_search_page(response: &Response, site: &Site) -> Result<Page<Issue>> {
    const CONTEXT: &str = "search";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let issues = root.with_opt("issues", |list| list.map_array(|issue| parse_issue(issue, site)))?.unwrap_or_default();
    let next_token = root.opt_str("nextPageToken")?.filter(|t| !t.is_empty());
    // `isLast` is documented; when absent, a missing token means the end.
    let is_last = root.opt_bool("isLast")?.unwrap_or(next_token.is_none());
    Ok(Page { items: issues, is_last, next_token, total: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn request_is_a_post_with_fields_and_token() {
        let req =
            search_page_request(&site_api_key(), "project = ACME", &["customfield_10016".into()], 25, Some("tok"));
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/search/jql");
        let body = req.body_json().expect("json");
        assert_eq!(body["jql"], "project = ACME");
        assert_eq!(body["maxResults"], 25);
        assert_eq!(body["nextPageToken"], "tok");
        assert_eq!(body["fields"].as_array().map(Vec::len), Some(11));
        spec_valid(&req);
        let first = search_page_request(&site_oauth(), "assignee = currentUser()", &[], 50, None);
        assert!(first.body_json().expect("json").get("nextPageToken").is_none());
        spec_valid(&first);
    }

    #[test]
    fn empty_jql_is_refused() {
        assert!(validate_jql("  ").expect_err("empty").message.contains("`jql` is empty"));
        assert_eq!(validate_jql(" project = A ").expect("ok"), "project = A");
    }

    #[test]
    fn parses_paged_fixtures() {
        let site = site_api_key();
        let page = parse_search_page(&Response::new(200, fixture("search/search_jql_page1_of3.jira-cli.json")), &site)
            .expect("page 1");
        assert!(!page.is_last);
        assert_eq!(page.next_token.as_deref(), Some("token-page-2"));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].key, "TEST-2");
        assert_eq!(page.items[1].labels, vec!["critical".to_string(), "feature".to_string()]);
        assert_eq!(page.items[0].reporter.as_ref().map(|r| r.display_name.as_str()), Some("Person A"));

        for last in ["search/search_jql_page2_last.jira-cli.json", "search/search_jql_page3_last.jira-cli.json"] {
            let page = parse_search_page(&Response::new(200, fixture(last)), &site).expect(last);
            assert!(page.is_last, "{last}");
            assert_eq!(page.next_token, None, "{last}");
        }
        let empty = parse_search_page(&Response::new(200, fixture("search/search_jql_empty.jira-cli.json")), &site)
            .expect("empty");
        assert!(empty.items.is_empty());
    }

    #[test]
    fn parses_the_spec_example_and_mattermost_captures() {
        let site = site_oauth();
        let page =
            parse_search_page(&Response::new(200, fixture("search/search_jql_get_200.spec-examples.json")), &site)
                .expect("spec example");
        assert!(page.is_last);
        assert!(!page.items.is_empty());
        let first = parse_search_page(
            &Response::new(200, fixture("search/search_jql_v3_page1_nextPageToken.mattermost-plugin-jira.json")),
            &site,
        )
        .expect("mattermost page 1");
        assert!(!first.is_last);
        assert!(first.next_token.is_some());
        let last = parse_search_page(
            &Response::new(200, fixture("search/search_jql_v3_last_page_no_token.mattermost-plugin-jira.json")),
            &site,
        )
        .expect("mattermost last");
        assert!(last.is_last);
    }

    #[test]
    fn id_only_results_parse() {
        // Without `fields`, the service returns only ids.
        let page =
            parse_search_page(&Response::new(200, r#"{"issues":[{"id":"10001"}],"isLast":true}"#), &site_api_key())
                .expect("ids");
        assert_eq!(page.items[0].id, "10001");
        assert_eq!(page.items[0].key, "");
        assert_eq!(page.items[0].url, None);
    }
}
