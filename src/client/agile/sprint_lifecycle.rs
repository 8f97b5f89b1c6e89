//! Starting and closing sprints, with the checks and defaults Jira's API leaves to its UI.
//!
//! Starting: only a future sprint; the start defaults to now and the end to the start plus the board's usual
//! sprint length (the planned length of its most recently completed sprint), or two weeks.
//! Closing: only an active sprint; Jira's API leaves unfinished issues in the closed sprint (only the UI moves
//! them), so the connector moves them first, to another sprint or to the backlog, and reports what moved.

use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;
use crate::jira::agile::backlog::Destination;
use crate::jira::agile::dates::{check_order, parse_timestamp, Clock, SystemClock, Timestamp, DAY_MS};
use crate::jira::agile::issues::IssueSource;
use crate::jira::agile::positive_id;
use crate::jira::agile::sprints::{self, Sprint, SprintChanges, SprintClosure, SprintState};
use crate::jira::Issue;
use crate::site::Site;

use super::super::Client;

/// The sprint length when the board has no completed sprint to learn from.
pub const DEFAULT_SPRINT_DAYS: i64 = 14;
/// How many completed sprints are read to find the most recent one.
const CLOSED_SPRINTS_SCANNED: u32 = 1000;
/// The most unfinished issues a sprint may have for the connector to move them.
const OPEN_ISSUES_MAX: u32 = 5000;
/// JQL selecting the issues that are not done.
const NOT_DONE_JQL: &str = "statusCategory != Done";

impl<H: HttpClient> Client<H> {
    /// Starts a future sprint: `start_date` defaults to now, `end_date` to the start plus the board's usual
    /// sprint length (or two weeks). Any other state is a `conflict`.
    pub fn start_sprint(&self, sprint_id: u64, start_date: Option<&str>, end_date: Option<&str>) -> Result<Sprint> {
        self.start_sprint_with_clock(sprint_id, start_date, end_date, &SystemClock)
    }

    /// [`Client::start_sprint`] with the clock that says what "now" is.
    pub fn start_sprint_with_clock(
        &self,
        sprint_id: u64,
        start_date: Option<&str>,
        end_date: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<Sprint> {
        positive_id("sprint_id", sprint_id)?;
        let (start, end) = sprints::parse_dates(start_date, end_date)?;
        let site = self.site()?;
        let sprint = self.get_sprint(sprint_id)?;
        if sprint.state != SprintState::Future {
            return Err(wrong_state(&sprint, "started", "a future"));
        }
        let start = start.unwrap_or_else(|| Timestamp::utc(clock.now_millis()));
        let end = match end {
            Some(end) => end,
            None => start.plus_millis(self.usual_sprint_length(&site, sprint.board_id)?),
        };
        check_order(&start, &end)?;
        let changes = SprintChanges {
            state: Some(SprintState::Active),
            start_date: Some(start.to_jira()),
            end_date: Some(end.to_jira()),
            ..SprintChanges::default()
        };
        let request = sprints::update_sprint_request(&site, sprint_id, &changes)?;
        sprints::parse_sprint(&self.execute(&site, request, "start sprint")?, "start sprint")
    }

    /// The planned length of the board's most recently completed sprint, or two weeks.
    fn usual_sprint_length(&self, site: &Site, board_id: Option<u64>) -> Result<i64> {
        let default = DEFAULT_SPRINT_DAYS * DAY_MS;
        let Some(board_id) = board_id.filter(|id| *id > 0) else {
            return Ok(default);
        };
        let closed = self.collect_sprints(site, board_id, &[SprintState::Closed], CLOSED_SPRINTS_SCANNED)?;
        let completed_at = |sprint: &Sprint| {
            let text = sprint.complete_date.as_deref().or(sprint.end_date.as_deref())?;
            parse_timestamp("completeDate", text).ok().map(|t| t.millis)
        };
        let latest = closed
            .items
            .iter()
            .filter(|sprint| sprint.planned_length_millis().is_some())
            .max_by_key(|sprint| completed_at(sprint).unwrap_or(i64::MIN));
        Ok(latest.and_then(Sprint::planned_length_millis).unwrap_or(default))
    }

    /// Closes an active sprint (any other state is a `conflict`). With `move_open_issues_to`, the sprint's
    /// unfinished issues (status category not Done) are first moved to that sprint or to the backlog.
    pub fn close_sprint(&self, sprint_id: u64, move_open_issues_to: Option<Destination>) -> Result<SprintClosure> {
        positive_id("sprint_id", sprint_id)?;
        if let Some(Destination::Sprint(target)) = move_open_issues_to {
            positive_id("move_open_issues_to", target)?;
            if target == sprint_id {
                return Err(Error::invalid_input("`move_open_issues_to` is the sprint being closed: pick another"));
            }
        }
        let site = self.site()?;
        let sprint = self.get_sprint(sprint_id)?;
        if sprint.state != SprintState::Active {
            return Err(wrong_state(&sprint, "closed", "an active"));
        }
        if let Some(Destination::Sprint(target)) = move_open_issues_to {
            let target = self.get_sprint(target)?;
            if target.state == SprintState::Closed {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "sprint {} ({}) is closed: open issues can only move to a future or active sprint",
                        target.id, target.name
                    ),
                ));
            }
        }
        let fields = vec!["parent".to_string()];
        let open =
            self.collect_issues(&site, &IssueSource::Sprint(sprint_id), Some(NOT_DONE_JQL), &fields, OPEN_ISSUES_MAX)?;
        if !open.is_last() {
            return Err(Error::invalid_input(format!(
                "sprint {sprint_id} has more than {OPEN_ISSUES_MAX} unfinished issues; move them first"
            )));
        }
        let open_issue_keys: Vec<String> = open.items.iter().map(|issue| issue.key.clone()).collect();
        let to_move = issues_to_move(&open.items);
        match move_open_issues_to {
            Some(Destination::Sprint(target)) if !to_move.is_empty() => {
                self.send_to_sprint(&site, target, &to_move, None)?
            }
            Some(Destination::Backlog) if !to_move.is_empty() => self.send_to_backlog(&site, &to_move)?,
            _ => {}
        }
        let changes = SprintChanges { state: Some(SprintState::Closed), ..SprintChanges::default() };
        let request = sprints::update_sprint_request(&site, sprint_id, &changes)?;
        let sprint = sprints::parse_sprint(&self.execute(&site, request, "close sprint")?, "close sprint")?;
        let moved_issue_keys = if move_open_issues_to.is_some() { to_move } else { Vec::new() };
        Ok(SprintClosure { sprint, moved_to: move_open_issues_to, moved_issue_keys, open_issue_keys })
    }
}

/// The keys to move: every unfinished issue except sub-tasks whose parent moves too (they travel with it,
/// and Jira refuses to move a sub-task on its own).
fn issues_to_move(open: &[Issue]) -> Vec<String> {
    let keys: Vec<&str> = open.iter().map(|issue| issue.key.as_str()).collect();
    open.iter()
        .filter(|issue| !issue.key.is_empty())
        .filter(|issue| {
            let is_subtask = issue.fields["issuetype"]["subtask"].as_bool().unwrap_or(false);
            let parent = issue.fields["parent"]["key"].as_str();
            !(is_subtask && parent.is_some_and(|parent| keys.contains(&parent)))
        })
        .map(|issue| issue.key.clone())
        .collect()
}

/// The `conflict` for a sprint in the wrong state.
fn wrong_state(sprint: &Sprint, action: &str, needed: &str) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!("sprint {} ({}) is {}: only {needed} sprint can be {action}", sprint.id, sprint.name, sprint.state),
    )
}
