//! Worklogs: list an issue's worklogs (offset-paged), log work, change and delete a worklog. Durations are
//! Jira's `1w 2d 3h 30m` form; `started` is sent as `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`...00.000+0200`), the only
//! form the worklog API accepts; comments are Markdown sent as ADF.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{numeric_id, parse_visibility, Visibility};
use crate::adf::markdown_to_adf;
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::agile::dates::parse_timestamp;
use crate::jira::{parse_user_ref, rich_text, UserRef};
use crate::page::{parse_offset_page, Page};
use crate::site::{issue_key, path_segment, quoted_preview, Site};

/// The most worklogs Jira serves per page (it documents 5000; 100 keeps each response small).
pub const WORKLOG_PAGE_MAX: u32 = 100;

/// A worklog in the connector's shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worklog {
    pub id: String,
    pub issue_id: Option<String>,
    pub author: Option<UserRef>,
    /// The comment as Markdown (empty when none).
    pub comment: String,
    pub started: Option<String>,
    /// Jira's text (`3h 20m`).
    pub time_spent: Option<String>,
    pub time_spent_seconds: Option<u64>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub visibility: Option<Visibility>,
    /// Jira's worklog object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// An issue's worklogs gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorklogList {
    pub worklogs: Vec<Worklog>,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// How Jira adjusts the issue's remaining estimate when work is logged, changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdjustEstimate {
    /// Reduce (or, on delete, increase) the remaining estimate by the time spent (Jira's default).
    Auto,
    /// Leave the remaining estimate as it is.
    Leave,
    /// Set the remaining estimate to this duration.
    New(String),
    /// Reduce (on delete: increase) the remaining estimate by this duration.
    Manual(String),
}

impl AdjustEstimate {
    /// Builds the adjustment from the tool's arguments: `auto | leave | new | manual`, with `new_estimate` for
    /// `new` and the manual amount `by` (`("reduce_by", value)`, or `increase_by` on delete) for `manual`.
    pub fn from_args(mode: Option<&str>, new_estimate: Option<&str>, by: (&str, Option<&str>)) -> Result<Option<Self>> {
        let (by_name, reduce_by) = by;
        let need = |arg: &str, value: Option<&str>, mode: &str| -> Result<String> {
            let value = value.ok_or_else(|| {
                Error::invalid_input(format!("`adjust_estimate` `{mode}` needs `{arg}` (a duration like 2h 30m)"))
            })?;
            duration(arg, value)
        };
        let unused = |arg: &str, value: Option<&str>| -> Result<()> {
            match value {
                Some(_) => {
                    Err(Error::invalid_input(format!("`{arg}` is only used with the matching `adjust_estimate`")))
                }
                None => Ok(()),
            }
        };
        let neither = || -> Result<()> {
            unused("new_estimate", new_estimate)?;
            unused(by_name, reduce_by)
        };
        match mode.map(|m| m.trim().to_ascii_lowercase()).as_deref() {
            None => neither().map(|()| None),
            Some("auto") => neither().map(|()| Some(AdjustEstimate::Auto)),
            Some("leave") => neither().map(|()| Some(AdjustEstimate::Leave)),
            Some("new") => {
                unused(by_name, reduce_by)?;
                Ok(Some(AdjustEstimate::New(need("new_estimate", new_estimate, "new")?)))
            }
            Some("manual") => {
                unused("new_estimate", new_estimate)?;
                Ok(Some(AdjustEstimate::Manual(need(by_name, reduce_by, "manual")?)))
            }
            Some(other) => Err(Error::invalid_input(format!(
                "`adjust_estimate` must be auto, leave, new or manual, got {}",
                quoted_preview(other)
            ))),
        }
    }

    /// The query parameters; `by` is the name Jira gives the manual amount (`reduceBy`, or `increaseBy` on
    /// delete). None when the operation does not support the mode (update has no manual mode).
    fn params(&self, by: Option<&'static str>) -> Result<Vec<(&'static str, String)>> {
        Ok(match self {
            AdjustEstimate::Auto => vec![("adjustEstimate", "auto".into())],
            AdjustEstimate::Leave => vec![("adjustEstimate", "leave".into())],
            AdjustEstimate::New(estimate) => vec![("adjustEstimate", "new".into()), ("newEstimate", estimate.clone())],
            AdjustEstimate::Manual(amount) => {
                match by {
                    Some(by) => vec![("adjustEstimate", "manual".into()), (by, amount.clone())],
                    None => return Err(Error::invalid_input(
                        "`adjust_estimate` `manual` is not available when changing a worklog (use auto, leave or new)",
                    )),
                }
            }
        })
    }
}

/// What to write in a worklog; on update, absent parts stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklogInput {
    /// `1h 30m`.
    pub time_spent: Option<String>,
    /// ISO-8601 date or date-time.
    pub started: Option<String>,
    /// Markdown.
    pub comment: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Validates a Jira duration (`1w 2d 3h 30m`, units w/d/h/m, each a positive whole or decimal number) and
/// returns it normalised with single spaces.
pub fn duration(arg: &str, text: &str) -> Result<String> {
    let bad = || {
        Error::invalid_input(format!(
            "`{arg}` must be a duration like `1h 30m` (units w, d, h, m), got {}",
            quoted_preview(text)
        ))
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.is_empty() || parts.len() > 4 {
        return Err(bad());
    }
    let mut seen = String::new();
    for part in &parts {
        let (number, unit) = part.split_at(part.len().saturating_sub(1));
        let unit = unit.to_ascii_lowercase();
        let numeric = !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && number.bytes().filter(|b| *b == b'.').count() <= 1
            && number.parse::<f64>().is_ok_and(|n| n > 0.0);
        if !numeric || !["w", "d", "h", "m"].contains(&unit.as_str()) || seen.contains(unit.as_str()) {
            return Err(bad());
        }
        seen.push_str(&unit);
    }
    Ok(parts.iter().map(|p| p.to_ascii_lowercase()).collect::<Vec<_>>().join(" "))
}

/// An ISO-8601 date or date-time in Jira's worklog form `2024-05-01T09:30:00.000+0200`.
pub fn worklog_started(text: &str) -> Result<String> {
    let iso = parse_timestamp("started", text)?.to_jira();
    Ok(match iso.strip_suffix('Z') {
        Some(local) => format!("{local}+0000"),
        // `...+02:00` -> `...+0200`: the offset is the last six characters.
        None => {
            let (local, zone) = iso.split_at(iso.len().saturating_sub(6));
            format!("{local}{}", zone.replace(':', ""))
        }
    })
}

fn worklogs_path(key: &str) -> Result<String> {
    Ok(format!("/rest/api/3/issue/{}/worklog", path_segment(&issue_key("issue_key", key)?)))
}

fn worklog_path(key: &str, worklog_id: &str) -> Result<String> {
    Ok(format!("{}/{}", worklogs_path(key)?, numeric_id("worklog_id", worklog_id)?))
}

fn worklog_body(input: &WorklogInput, require_time: bool) -> Result<Value> {
    let mut body = Map::new();
    match input.time_spent.as_deref() {
        Some(spent) => {
            body.insert("timeSpent".into(), json!(duration("time_spent", spent)?));
        }
        None if require_time => return Err(Error::invalid_input("`time_spent` is required, e.g. `1h 30m`")),
        None => {}
    }
    if let Some(started) = input.started.as_deref() {
        body.insert("started".into(), json!(worklog_started(started)?));
    }
    if let Some(comment) = input.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        body.insert("comment".into(), markdown_to_adf(comment));
    }
    if let Some(visibility) = &input.visibility {
        body.insert("visibility".into(), visibility.to_json());
    }
    if body.is_empty() {
        return Err(Error::invalid_input("nothing to change: give `time_spent`, `started`, `comment` or `visibility`"));
    }
    Ok(Value::Object(body))
}

/// One page of `GET /rest/api/3/issue/{key}/worklog`.
pub fn list_worklogs_request(site: &Site, key: &str, start_at: u32, max_results: u32) -> Result<Request> {
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&worklogs_path(key)?, &params)))
}

/// `POST /rest/api/3/issue/{key}/worklog`.
pub fn add_worklog_request(
    site: &Site,
    key: &str,
    input: &WorklogInput,
    adjust: Option<&AdjustEstimate>,
) -> Result<Request> {
    let path = worklogs_path(key)?;
    let body = worklog_body(input, true)?;
    let params = adjust.map(|a| a.params(Some("reduceBy"))).transpose()?.unwrap_or_default();
    Ok(Request::new(Method::Post, site.api_url(&path, &params)).json_body(&body))
}

/// `PUT /rest/api/3/issue/{key}/worklog/{id}`.
pub fn update_worklog_request(
    site: &Site,
    key: &str,
    worklog_id: &str,
    input: &WorklogInput,
    adjust: Option<&AdjustEstimate>,
) -> Result<Request> {
    let path = worklog_path(key, worklog_id)?;
    let body = worklog_body(input, false)?;
    let params = adjust.map(|a| a.params(None)).transpose()?.unwrap_or_default();
    Ok(Request::new(Method::Put, site.api_url(&path, &params)).json_body(&body))
}

/// `DELETE /rest/api/3/issue/{key}/worklog/{id}`; a manual adjustment increases the remaining estimate.
pub fn delete_worklog_request(
    site: &Site,
    key: &str,
    worklog_id: &str,
    adjust: Option<&AdjustEstimate>,
) -> Result<Request> {
    let path = worklog_path(key, worklog_id)?;
    let params = adjust.map(|a| a.params(Some("increaseBy"))).transpose()?.unwrap_or_default();
    Ok(Request::new(Method::Delete, site.api_url(&path, &params)))
}

/// Parses a worklog object.
pub fn parse_worklog_node(node: Node<'_>) -> Result<Worklog> {
    Ok(Worklog {
        id: node.id("id")?,
        issue_id: node.with_opt("issueId", |n| n.as_id())?,
        author: node.with_opt("author", parse_user_ref)?,
        comment: node.with_opt("comment", |c| Ok(rich_text(c.value())))?.unwrap_or_default(),
        started: node.opt_text("started")?,
        time_spent: node.opt_str("timeSpent")?,
        time_spent_seconds: node
            .with_opt("timeSpentSeconds", |n| n.value().as_u64().ok_or_else(|| n.error("expected a whole number")))?,
        created: node.opt_text("created")?,
        updated: node.opt_text("updated")?,
        visibility: node.with_opt("visibility", parse_visibility)?,
        raw: node.value().clone(),
    })
}

/// Parses the worklog an add or update returns.
pub fn parse_worklog(response: &Response, context: &str) -> Result<Worklog> {
    let body = parse_body(&response.body, context)?;
    parse_worklog_node(Node::root(&body, context))
}

/// Parses one page of worklogs (`{"startAt", "maxResults", "total", "worklogs": [...]}`).
pub fn parse_worklog_page(response: &Response) -> Result<Page<Worklog>> {
    const CONTEXT: &str = "get worklogs";
    parse_offset_page(response, CONTEXT, "worklogs", parse_worklog_node)
}

#[cfg(test)]
#[path = "worklogs_tests.rs"]
mod tests;
