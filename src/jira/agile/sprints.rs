//! Sprints: list a board's, get, create, partially update (which is also how Jira starts and closes them),
//! and delete.
//!
//! Jira's state machine: `future` -> `active` (needs a start and an end date) -> `closed` (Jira sets the
//! complete date); a closed sprint only takes name and goal changes.

use std::fmt;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::backlog::Destination;
use super::dates::{check_order, parse_timestamp, Timestamp};
use super::{node_u64, positive_id, AGILE_BASE};
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::page::parse_offset_page;
use crate::page::Page;
use crate::site::{quoted_preview, Site};

/// The longest sprint goal or name the connector sends.
const MAX_TEXT: usize = 255;

/// Where a sprint is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SprintState {
    Future,
    Active,
    Closed,
}

impl SprintState {
    /// Jira's name (`future`, `active`, `closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            SprintState::Future => "future",
            SprintState::Active => "active",
            SprintState::Closed => "closed",
        }
    }

    /// Parses Jira's name, case-insensitively.
    pub fn parse(text: &str) -> Option<SprintState> {
        [SprintState::Future, SprintState::Active, SprintState::Closed]
            .into_iter()
            .find(|state| state.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Parses a state argument (`arg` names it in the error).
    pub fn parse_arg(arg: &str, text: &str) -> Result<SprintState> {
        SprintState::parse(text).ok_or_else(|| {
            Error::invalid_input(format!("`{arg}` must be future, active or closed, got {}", quoted_preview(text)))
        })
    }
}

impl fmt::Display for SprintState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sprint {
    pub id: u64,
    pub name: String,
    pub state: SprintState,
    /// ISO-8601 timestamps as Jira sends them; none until planned (start, end) or closed (complete).
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub complete_date: Option<String>,
    pub goal: Option<String>,
    /// The board the sprint was created on.
    pub board_id: Option<u64>,
    /// Jira's sprint object.
    #[serde(skip)]
    pub raw: Value,
}

impl Sprint {
    /// The planned length (end minus start) in milliseconds, when both dates are known and in order.
    pub fn planned_length_millis(&self) -> Option<i64> {
        let start = parse_timestamp("startDate", self.start_date.as_deref()?).ok()?;
        let end = parse_timestamp("endDate", self.end_date.as_deref()?).ok()?;
        Some(end.millis - start.millis).filter(|length| *length > 0)
    }
}

/// Sprints gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SprintList {
    pub sprints: Vec<Sprint>,
    pub is_last: bool,
}

/// What closing a sprint did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SprintClosure {
    /// The sprint after closing.
    pub sprint: Sprint,
    /// Where the open issues were moved before closing; none when they were left in the closed sprint.
    pub moved_to: Option<Destination>,
    /// The issues the connector moved (sub-tasks travel with their parents and are not listed).
    pub moved_issue_keys: Vec<String>,
    /// Every issue of the sprint that was not done when it was closed.
    pub open_issue_keys: Vec<String>,
}

/// A sprint to create.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSprint {
    pub board_id: u64,
    pub name: String,
    /// ISO-8601 dates; both or neither are usually given, and the end must come after the start.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub goal: Option<String>,
}

/// A partial update: only what is some is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SprintChanges {
    pub name: Option<String>,
    pub goal: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// Set by the start and close operations, not by plain updates.
    pub state: Option<SprintState>,
}

fn sprint_path(sprint_id: u64) -> Result<String> {
    Ok(format!("{AGILE_BASE}/sprint/{}", positive_id("sprint_id", sprint_id)?))
}

/// One page of `GET /rest/agile/1.0/board/{boardId}/sprint`; `states` become Jira's comma list.
pub fn list_sprints_request(
    site: &Site,
    board_id: u64,
    states: &[SprintState],
    start_at: u32,
    max_results: u32,
) -> Result<Request> {
    let path = format!("{AGILE_BASE}/board/{}/sprint", positive_id("board_id", board_id)?);
    let mut params = vec![("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    if !states.is_empty() {
        let mut names: Vec<&str> = Vec::new();
        for state in states {
            if !names.contains(&state.as_str()) {
                names.push(state.as_str());
            }
        }
        params.push(("state", names.join(",")));
    }
    Ok(Request::new(Method::Get, site.api_url(&path, &params)))
}

/// `GET /rest/agile/1.0/sprint/{sprintId}`.
pub fn get_sprint_request(site: &Site, sprint_id: u64) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&sprint_path(sprint_id)?, &[])))
}

/// `DELETE /rest/agile/1.0/sprint/{sprintId}`.
pub fn delete_sprint_request(site: &Site, sprint_id: u64) -> Result<Request> {
    Ok(Request::new(Method::Delete, site.api_url(&sprint_path(sprint_id)?, &[])))
}

/// A single-line text argument, trimmed; `None` when absent.
fn text_arg(arg: &str, value: Option<&str>, allow_empty: bool) -> Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() && !allow_empty {
        return Err(Error::invalid_input(format!("`{arg}` is empty")));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(Error::invalid_input(format!("`{arg}` is longer than {MAX_TEXT} characters")));
    }
    Ok(Some(value.to_string()))
}

/// Parses the optional dates of a sprint and checks their order when both are given.
pub fn parse_dates(start: Option<&str>, end: Option<&str>) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    let start = start.map(|s| parse_timestamp("start_date", s)).transpose()?;
    let end = end.map(|e| parse_timestamp("end_date", e)).transpose()?;
    if let (Some(start), Some(end)) = (&start, &end) {
        check_order(start, end)?;
    }
    Ok((start, end))
}

/// `POST /rest/agile/1.0/sprint`.
pub fn create_sprint_request(site: &Site, sprint: &NewSprint) -> Result<Request> {
    let board_id = positive_id("board_id", sprint.board_id)?;
    let name = text_arg("name", Some(&sprint.name), false)?.unwrap_or_default();
    let (start, end) = parse_dates(sprint.start_date.as_deref(), sprint.end_date.as_deref())?;
    let mut body = json!({ "name": name, "originBoardId": board_id });
    if let Some(start) = start {
        body["startDate"] = json!(start.to_jira());
    }
    if let Some(end) = end {
        body["endDate"] = json!(end.to_jira());
    }
    if let Some(goal) = text_arg("goal", sprint.goal.as_deref(), true)? {
        body["goal"] = json!(goal);
    }
    Ok(Request::new(Method::Post, site.api_url(&format!("{AGILE_BASE}/sprint"), &[])).json_body(&body))
}

/// `POST /rest/agile/1.0/sprint/{sprintId}`: a partial update of what `changes` holds (at least one thing).
pub fn update_sprint_request(site: &Site, sprint_id: u64, changes: &SprintChanges) -> Result<Request> {
    let path = sprint_path(sprint_id)?;
    let (start, end) = parse_dates(changes.start_date.as_deref(), changes.end_date.as_deref())?;
    let mut body = Map::new();
    if let Some(name) = text_arg("name", changes.name.as_deref(), false)? {
        body.insert("name".into(), json!(name));
    }
    if let Some(goal) = text_arg("goal", changes.goal.as_deref(), true)? {
        body.insert("goal".into(), json!(goal));
    }
    if let Some(start) = start {
        body.insert("startDate".into(), json!(start.to_jira()));
    }
    if let Some(end) = end {
        body.insert("endDate".into(), json!(end.to_jira()));
    }
    if let Some(state) = changes.state {
        body.insert("state".into(), json!(state.as_str()));
    }
    if body.is_empty() {
        return Err(Error::invalid_input(
            "nothing to update: give at least one of `name`, `goal`, `start_date`, `end_date`",
        ));
    }
    Ok(Request::new(Method::Post, site.api_url(&path, &[])).json_body(&Value::Object(body)))
}

/// Parses a sprint object.
pub fn parse_sprint_node(node: Node<'_>) -> Result<Sprint> {
    let state = node.with("state", |state| {
        let text = state.as_str()?;
        SprintState::parse(text).ok_or_else(|| state.error("expected future, active or closed"))
    })?;
    Ok(Sprint {
        id: node.with("id", node_u64)?,
        name: node.opt_str("name")?.unwrap_or_default(),
        state,
        start_date: node.opt_text("startDate")?,
        end_date: node.opt_text("endDate")?,
        complete_date: node.opt_text("completeDate")?,
        goal: node.opt_str("goal")?,
        board_id: node.with_opt("originBoardId", node_u64)?,
        raw: node.value().clone(),
    })
}

/// Parses one sprint (get, create, update).
pub fn parse_sprint(response: &Response, context: &str) -> Result<Sprint> {
    let body = parse_body(&response.body, context)?;
    parse_sprint_node(Node::root(&body, context))
}

/// Parses one page of a board's sprints.
pub fn parse_sprint_page(response: &Response) -> Result<Page<Sprint>> {
    parse_offset_page(response, "list sprints", "values", parse_sprint_node)
}

#[cfg(test)]
mod tests;
