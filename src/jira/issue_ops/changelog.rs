//! Change history: one issue's (`GET /rest/api/3/issue/{key}/changelog`, offset paging) and many issues' at
//! once (`POST /rest/api/3/changelog/bulkfetch`, token paging). Both page through `crate::page::collect_pages`.

use serde::Serialize;
use serde_json::json;

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::{parse_user_ref, UserRef};
use crate::page::Page;
use crate::site::{issue_key, path_segment, Site};

/// The most histories one changelog page holds.
pub const CHANGELOG_PAGE_MAX: u32 = 100;
/// The histories `jira_get_changelog` returns unless told otherwise.
pub const DEFAULT_CHANGELOG_LIMIT: u32 = 1000;
/// The most histories one call returns.
pub const MAX_CHANGELOG_LIMIT: u32 = 10_000;
/// The most histories one bulk changelog page holds.
pub const BULK_CHANGELOG_PAGE_MAX: u32 = 1000;
/// The most field ids the bulk changelog filter takes.
pub const MAX_FIELD_IDS: usize = 10;

/// One change of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeItem {
    pub field: String,
    pub field_id: Option<String>,
    pub from: Option<String>,
    pub from_string: Option<String>,
    pub to: Option<String>,
    pub to_string: Option<String>,
}

/// One change set: who changed what when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeHistory {
    pub id: String,
    pub author: Option<UserRef>,
    /// Jira's timestamp (a date-time string, or epoch milliseconds as text in bulk answers).
    pub created: Option<String>,
    pub items: Vec<ChangeItem>,
}

/// An issue's change history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changelog {
    pub issue_key: String,
    pub histories: Vec<ChangeHistory>,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// The histories of one issue in a bulk answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueChangelog {
    pub issue_id: String,
    pub histories: Vec<ChangeHistory>,
}

/// `GET /rest/api/3/issue/{key}/changelog?startAt&maxResults`.
pub fn changelog_page_request(site: &Site, key: &str, start_at: u32, max_results: u32) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let path = format!("/rest/api/3/issue/{}/changelog", path_segment(&key));
    let query = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&path, &query)))
}

fn parse_history(node: Node<'_>) -> Result<ChangeHistory> {
    Ok(ChangeHistory {
        id: node.with_opt("id", |n| n.as_id())?.unwrap_or_default(),
        author: node.with_opt("author", parse_user_ref)?,
        created: node.opt_text("created")?,
        items: node
            .with_opt("items", |items| {
                items.map_array(|item| {
                    Ok(ChangeItem {
                        field: item.opt_str("field")?.unwrap_or_default(),
                        field_id: item.opt_str("fieldId")?,
                        from: item.opt_text("from")?,
                        from_string: item.opt_text("fromString")?,
                        to: item.opt_text("to")?,
                        to_string: item.opt_text("toString")?,
                    })
                })
            })?
            .unwrap_or_default(),
    })
}

/// Parses one page `{"startAt", "maxResults", "total", "isLast", "values": [...]}`. `PageBeanChangelog`
/// requires none of them: without `isLast`, `total` or the served page size decides, and an empty page ends.
pub fn parse_changelog_page(response: &Response) -> Result<Page<ChangeHistory>> {
    crate::page::parse_offset_page(response, "get changelog", "values", parse_history)
}

/// Checks the field-id filter of a bulk changelog request.
pub fn checked_field_ids(field_ids: &[String]) -> Result<Vec<String>> {
    if field_ids.len() > MAX_FIELD_IDS {
        return Err(Error::invalid_input(format!("`field_ids` takes at most {MAX_FIELD_IDS} field ids")));
    }
    let mut out: Vec<String> = Vec::new();
    for id in field_ids.iter().map(|id| id.trim()) {
        if id.is_empty() {
            return Err(Error::invalid_input("`field_ids` has an empty field id"));
        }
        if !out.iter().any(|seen| seen == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// `POST /rest/api/3/changelog/bulkfetch` for validated keys and field ids, continuing from `token`.
pub fn bulk_changelog_request(
    site: &Site,
    keys: &[String],
    field_ids: &[String],
    max_results: u32,
    token: Option<&str>,
) -> Request {
    let mut body = json!({ "issueIdsOrKeys": keys, "maxResults": max_results });
    if !field_ids.is_empty() {
        body["fieldIds"] = json!(field_ids);
    }
    if let Some(token) = token {
        body["nextPageToken"] = json!(token);
    }
    Request::new(Method::Post, site.api_url("/rest/api/3/changelog/bulkfetch", &[])).json_body(&body)
}

/// Parses `{"issueChangeLogs": [{"issueId", "changeHistories": [...]}], "nextPageToken"}` into
/// `(issue id, history)` pairs, so that the pager counts histories.
pub fn parse_bulk_changelog_page(response: &Response) -> Result<Page<(String, ChangeHistory)>> {
    const CONTEXT: &str = "batch get changelogs";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let groups = root
        .with_opt("issueChangeLogs", |logs| {
            logs.map_array(|log| {
                let issue_id = log.with("issueId", |n| n.as_id())?;
                let histories = log.with_opt("changeHistories", |h| h.map_array(parse_history))?.unwrap_or_default();
                Ok(histories.into_iter().map(|h| (issue_id.clone(), h)).collect::<Vec<_>>())
            })
        })?
        .unwrap_or_default();
    let next_token = root.opt_str("nextPageToken")?.filter(|t| !t.is_empty());
    Ok(Page { items: groups.into_iter().flatten().collect(), is_last: next_token.is_none(), next_token, total: None })
}

/// Groups `(issue id, history)` pairs by issue, in first-seen order.
pub fn group_by_issue(pairs: Vec<(String, ChangeHistory)>) -> Vec<IssueChangelog> {
    let mut out: Vec<IssueChangelog> = Vec::new();
    for (issue_id, history) in pairs {
        match out.iter_mut().find(|log| log.issue_id == issue_id) {
            Some(log) => log.histories.push(history),
            None => out.push(IssueChangelog { issue_id, histories: vec![history] }),
        }
    }
    out
}
