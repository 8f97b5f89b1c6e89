//! Moving issues between sprints and the backlog, and ranking them.
//!
//! Jira takes at most 50 issues per move or rank request, so callers' lists are sent in chunks that keep
//! their order: "before X" puts every chunk before X; "after X" puts the first chunk after X and each next
//! chunk after the last issue of the previous one.

use serde::ser::Serializer;
use serde::Serialize;
use serde_json::{json, Value};

use super::{positive_id, RankPosition, AGILE_BASE, MOVE_CHUNK_MAX};
use crate::decode::{parse_body, Node};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::site::Site;

/// Where issues were moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The backlog (out of every future and active sprint).
    Backlog,
    /// A sprint, by id.
    Sprint(u64),
}

/// JSON: `"backlog"` or the sprint id.
impl Serialize for Destination {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Destination::Backlog => serializer.serialize_str("backlog"),
            Destination::Sprint(id) => serializer.serialize_u64(*id),
        }
    }
}

/// Issues that were moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedIssues {
    pub moved_to: Destination,
    /// The keys sent, in order, without duplicates.
    pub issue_keys: Vec<String>,
}

/// An issue Jira could not rank (from a 207 answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankFailure {
    pub issue_key: String,
    /// The per-issue status Jira reported.
    pub status: u16,
    /// Jira's messages for that issue.
    pub errors: Vec<String>,
}

/// What a rank operation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankOutcome {
    /// The issues ranked, in order.
    pub ranked: Vec<String>,
    /// The issues Jira could not rank; empty when every issue was ranked.
    pub failed: Vec<RankFailure>,
}

/// One request's worth of issues and where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub issue_keys: Vec<String>,
    pub position: Option<RankPosition>,
}

/// Splits `keys` into chunks of at most 50 that keep their order relative to `position`.
pub fn chunks(keys: &[String], position: Option<&RankPosition>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for part in keys.chunks(MOVE_CHUNK_MAX) {
        let position = match (position, out.last()) {
            (Some(RankPosition::After(_)), Some(previous)) => {
                previous.issue_keys.last().map(|last| RankPosition::After(last.clone()))
            }
            (position, _) => position.cloned(),
        };
        out.push(Chunk { issue_keys: part.to_vec(), position });
    }
    out
}

fn issues_body(chunk: &Chunk) -> Value {
    let mut body = json!({ "issues": chunk.issue_keys });
    match &chunk.position {
        Some(RankPosition::Before(anchor)) => body["rankBeforeIssue"] = json!(anchor),
        Some(RankPosition::After(anchor)) => body["rankAfterIssue"] = json!(anchor),
        None => {}
    }
    body
}

/// `POST /rest/agile/1.0/sprint/{sprintId}/issue` for one chunk (keys already validated).
pub fn move_to_sprint_request(site: &Site, sprint_id: u64, chunk: &Chunk) -> Result<Request> {
    let path = format!("{AGILE_BASE}/sprint/{}/issue", positive_id("sprint_id", sprint_id)?);
    Ok(Request::new(Method::Post, site.api_url(&path, &[])).json_body(&issues_body(chunk)))
}

/// `POST /rest/agile/1.0/backlog/issue` for one chunk (keys already validated; no ranking).
pub fn move_to_backlog_request(site: &Site, issue_keys: &[String]) -> Request {
    Request::new(Method::Post, site.api_url(&format!("{AGILE_BASE}/backlog/issue"), &[]))
        .json_body(&json!({ "issues": issue_keys }))
}

/// `PUT /rest/agile/1.0/issue/rank` for one chunk (keys already validated).
pub fn rank_issues_request(site: &Site, chunk: &Chunk) -> Request {
    Request::new(Method::Put, site.api_url(&format!("{AGILE_BASE}/issue/rank"), &[])).json_body(&issues_body(chunk))
}

/// Parses a rank answer: 204 ranked everything; 207 lists each issue's status, and the failures are returned.
pub fn parse_rank_response(response: &Response) -> Result<Vec<RankFailure>> {
    const CONTEXT: &str = "rank issues";
    if response.status != 207 || response.body.is_empty() {
        return Ok(Vec::new());
    }
    let body = parse_body(&response.body, CONTEXT)?;
    let entries = Node::root(&body, CONTEXT).with_opt("entries", |entries| {
        entries.map_array(|entry| {
            let status = entry.with("status", |s| s.as_u32())?;
            let key = match entry.opt_str("issueKey")? {
                Some(key) => key,
                None => entry.with_opt("issueId", |id| id.as_id())?.unwrap_or_default(),
            };
            let errors = entry
                .with_opt("errors", |errors| errors.map_array(|e| e.as_str().map(str::to_string)))?
                .unwrap_or_default();
            Ok((key, status, errors))
        })
    })?;
    Ok(entries
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, status, _)| !(200..300).contains(status))
        .map(|(issue_key, status, errors)| RankFailure {
            issue_key,
            status: u16::try_from(status).unwrap_or(u16::MAX),
            errors,
        })
        .collect())
}

/// Reads the rank failures of a response to a chunk and appends them to `outcome`, the rest as ranked.
pub fn record_rank_chunk(outcome: &mut RankOutcome, chunk: &Chunk, failures: Vec<RankFailure>) {
    for key in &chunk.issue_keys {
        if !failures.iter().any(|f| &f.issue_key == key) {
            outcome.ranked.push(key.clone());
        }
    }
    outcome.failed.extend(failures);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jira::test_support::{site_api_key, site_oauth, spec_example, spec_valid};

    fn keys(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("ACME-{i}")).collect()
    }

    #[test]
    fn chunks_keep_the_order_around_the_anchor() {
        let all = keys(120);
        let before = chunks(&all, Some(&RankPosition::Before("ACME-500".into())));
        assert_eq!(before.iter().map(|c| c.issue_keys.len()).collect::<Vec<_>>(), [50, 50, 20]);
        assert!(before.iter().all(|c| c.position == Some(RankPosition::Before("ACME-500".into()))));
        let after = chunks(&all, Some(&RankPosition::After("ACME-500".into())));
        assert_eq!(after[0].position, Some(RankPosition::After("ACME-500".into())));
        assert_eq!(after[1].position, Some(RankPosition::After("ACME-50".into())));
        assert_eq!(after[2].position, Some(RankPosition::After("ACME-100".into())));
        let plain = chunks(&keys(50), None);
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].position, None);
    }

    #[test]
    fn requests_validate_against_the_software_spec() {
        let chunk = Chunk { issue_keys: keys(2), position: Some(RankPosition::Before("ACME-9".into())) };
        let req = move_to_sprint_request(&site_api_key(), 3, &chunk).expect("request");
        assert_eq!(
            (req.method, req.url.as_str()),
            (Method::Post, "https://acme.atlassian.net/rest/agile/1.0/sprint/3/issue")
        );
        assert_eq!(
            req.body_json().expect("json"),
            json!({"issues": ["ACME-1", "ACME-2"], "rankBeforeIssue": "ACME-9"})
        );
        spec_valid(&req);
        let req = move_to_backlog_request(&site_oauth(), &keys(3));
        assert!(req.url.ends_with("/rest/agile/1.0/backlog/issue"));
        assert_eq!(req.body_json().expect("json"), json!({"issues": ["ACME-1", "ACME-2", "ACME-3"]}));
        spec_valid(&req);
        let chunk = Chunk { issue_keys: keys(1), position: Some(RankPosition::After("ACME-9".into())) };
        let req = rank_issues_request(&site_api_key(), &chunk);
        assert_eq!(req.method, Method::Put);
        assert_eq!(req.body_json().expect("json"), json!({"issues": ["ACME-1"], "rankAfterIssue": "ACME-9"}));
        spec_valid(&req);
    }

    #[test]
    fn a_207_names_the_issues_that_failed() {
        let failures =
            parse_rank_response(&Response::new(207, spec_example("PUT /rest/agile/1.0/issue/rank 207"))).expect("207");
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].issue_key, "PR-3");
        assert_eq!(failures[0].status, 503);
        assert!(failures[0].errors[0].contains("cannot execute the rank operation"));
        assert!(parse_rank_response(&Response::new(204, "")).expect("204").is_empty());
        let chunk = Chunk { issue_keys: vec!["PR-1".into(), "PR-2".into(), "PR-3".into()], position: None };
        let mut outcome = RankOutcome { ranked: Vec::new(), failed: Vec::new() };
        record_rank_chunk(&mut outcome, &chunk, failures);
        assert_eq!(outcome.ranked, ["PR-1", "PR-2"]);
        assert_eq!(outcome.failed[0].issue_key, "PR-3");
    }

    #[test]
    fn destinations_serialise_as_backlog_or_the_sprint_id() {
        assert_eq!(serde_json::to_value(Destination::Backlog).expect("json"), json!("backlog"));
        assert_eq!(serde_json::to_value(Destination::Sprint(7)).expect("json"), json!(7));
    }
}
