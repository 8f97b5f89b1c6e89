//! Many issues at once: bulk fetch (`POST /rest/api/3/issue/bulkfetch`, at most 100 per request) and batch
//! creation (`POST /rest/api/3/issue/bulk`, at most 50 per request). Drivers chunk; these build and parse one
//! chunk, mapping Jira's per-item errors back to the caller's positions.

use serde::Serialize;
use serde_json::{json, Value};

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::issues::{create_issue_request, CreatedIssue, NewIssue};
use crate::jira::{parse_issue, requested_fields, Issue};
use crate::site::{issue_key, Site};

/// The most issues one bulk fetch returns.
pub const BULK_FETCH_MAX: usize = 100;
/// The most issues one batch create accepts.
pub const BATCH_CREATE_MAX: usize = 50;
/// The most issues one tool call handles (the tool schemas say the same).
pub const BULK_CALL_MAX: usize = 1000;

/// Validates a list of issue keys: not empty, not more than [`BULK_CALL_MAX`], each a key or id.
pub fn checked_issue_keys(arg: &str, keys: &[String]) -> Result<Vec<String>> {
    if keys.is_empty() {
        return Err(Error::invalid_input(format!("`{arg}` is empty: give at least one issue key")));
    }
    if keys.len() > BULK_CALL_MAX {
        return Err(Error::invalid_input(format!("`{arg}` has more than {BULK_CALL_MAX} issue keys")));
    }
    keys.iter().map(|key| issue_key(arg, key)).collect()
}

/// `POST /rest/api/3/issue/bulkfetch` for one chunk of validated keys.
pub fn bulk_fetch_request(site: &Site, keys: &[String], fields: &[String]) -> Request {
    Request::new(Method::Post, site.api_url("/rest/api/3/issue/bulkfetch", &[]))
        .json_body(&json!({ "issueIdsOrKeys": keys, "fields": requested_fields(fields) }))
}

/// An issue Jira could not return, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueError {
    /// The issue id (or the key as requested) Jira names.
    pub id: String,
    pub message: String,
}

/// The issues found by a bulk fetch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulkIssues {
    pub issues: Vec<Issue>,
    /// Issues Jira could not return (retriable errors, payload limits).
    pub issue_errors: Vec<IssueError>,
    /// Requested keys that came back neither as an issue nor as an error: missing or not visible.
    pub not_found: Vec<String>,
}

/// Parses one bulk fetch page: `{"issues": [...], "issueErrors": [{"id", "errorMessage"}]}`.
pub fn parse_bulk_fetch(response: &Response, site: &Site) -> Result<(Vec<Issue>, Vec<IssueError>)> {
    const CONTEXT: &str = "bulk get issues";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let issues = root.with_opt("issues", |list| list.map_array(|n| parse_issue(n, site)))?.unwrap_or_default();
    let errors = root
        .with_opt("issueErrors", |list| {
            list.map_array(|n| {
                Ok(IssueError {
                    id: n.with_opt("id", |i| i.as_id())?.unwrap_or_default(),
                    message: n.opt_str("errorMessage")?.unwrap_or_default(),
                })
            })
        })?
        .unwrap_or_default();
    Ok((issues, errors))
}

/// The requested keys that match neither a returned issue (by key or id) nor an error.
pub fn keys_not_found(requested: &[String], issues: &[Issue], errors: &[IssueError]) -> Vec<String> {
    requested
        .iter()
        .filter(|wanted| {
            !issues.iter().any(|i| i.key.eq_ignore_ascii_case(wanted) || i.id == **wanted)
                && !errors.iter().any(|e| e.id.eq_ignore_ascii_case(wanted))
        })
        .cloned()
        .collect()
}

/// `POST /rest/api/3/issue/bulk` for one chunk; every issue is validated as `jira_create_issue` would.
pub fn batch_create_request(site: &Site, issues: &[NewIssue]) -> Result<Request> {
    let updates = issues
        .iter()
        .enumerate()
        .map(|(i, issue)| {
            let single = create_issue_request(site, issue)
                .map_err(|e| Error::invalid_input(format!("`issues[{i}]`: {}", e.message)))?;
            single.body_json().ok_or_else(|| Error::invalid_input(format!("`issues[{i}]` has no fields")))
        })
        .collect::<Result<Vec<Value>>>()?;
    Ok(Request::new(Method::Post, site.api_url("/rest/api/3/issue/bulk", &[]))
        .json_body(&json!({ "issueUpdates": updates })))
}

/// A created issue and its position in the caller's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchCreatedIssue {
    pub index: usize,
    #[serde(flatten)]
    pub issue: CreatedIssue,
}

/// An issue Jira refused to create, at its position in the caller's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchCreateError {
    pub index: usize,
    pub status: Option<u16>,
    pub error_messages: Vec<String>,
    /// Jira's field errors (`{"issuetype": "The issue type selected is invalid."}`).
    pub errors: serde_json::Map<String, Value>,
}

/// The outcome of a batch create: what was created and what was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchCreated {
    pub created: Vec<BatchCreatedIssue>,
    pub errors: Vec<BatchCreateError>,
}

/// Parses `{"issues": [{"id","key"}], "errors": [{"failedElementNumber", "status", "elementErrors"}]}` for a
/// chunk starting at `offset` of `len` issues. Jira lists the created issues in request order, skipping the
/// failed ones, which is how each created issue gets its index back.
pub fn parse_batch_create(response: &Response, site: &Site, offset: usize, len: usize) -> Result<BatchCreated> {
    const CONTEXT: &str = "batch create issues";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let errors = root
        .with_opt("errors", |list| {
            list.map_array(|n| {
                let number = n.with("failedElementNumber", |f| f.as_u32())? as usize;
                if number >= len {
                    return Err(n.error(&format!("failedElementNumber {number} is outside a batch of {len}")));
                }
                let collection = n.value().get("elementErrors");
                let messages = collection
                    .and_then(|c| c.get("errorMessages"))
                    .and_then(Value::as_array)
                    .map(|m| m.iter().filter_map(Value::as_str).map(str::to_string).collect())
                    .unwrap_or_default();
                let errors =
                    collection.and_then(|c| c.get("errors")).and_then(Value::as_object).cloned().unwrap_or_default();
                let status = n.opt_u32("status")?.and_then(|s| u16::try_from(s).ok());
                Ok(BatchCreateError { index: offset + number, status, error_messages: messages, errors })
            })
        })?
        .unwrap_or_default();
    let created_issues = root
        .with_opt("issues", |list| {
            list.map_array(|n| {
                let key = n.str("key")?;
                Ok(CreatedIssue { id: n.id("id")?, url: site.browse_url(&key), key })
            })
        })?
        .unwrap_or_default();
    let mut free = (0..len).filter(|i| !errors.iter().any(|e| e.index == offset + i));
    let mut created = Vec::with_capacity(created_issues.len());
    for issue in created_issues {
        let Some(position) = free.next() else {
            return Err(Error::decode(CONTEXT, "$.issues", "more issues and errors than were sent"));
        };
        created.push(BatchCreatedIssue { index: offset + position, issue });
    }
    Ok(BatchCreated { created, errors })
}
