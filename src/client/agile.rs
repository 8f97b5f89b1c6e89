//! Drivers of the Jira Software operations: boards, sprints, issue lists, moves, ranking and epics.
//!
//! Every agile list pages through `crate::page::collect_pages` with offset cursors; moves and ranks are sent
//! in chunks of 50. Starting and closing sprints live in `agile/sprint_lifecycle.rs`.

mod sprint_lifecycle;

use crate::error::{Error, Result};
use crate::guard::scope::Target;
use crate::http::HttpClient;
use crate::jira::agile::backlog::{self, Destination, MovedIssues, RankOutcome};
use crate::jira::agile::boards::{self, Board, BoardConfiguration, BoardFilter, BoardList};
use crate::jira::agile::epics::{self, EpicList, ParentSet};
use crate::jira::agile::issues::{self, IssueList, IssueQuery, IssueSource};
use crate::jira::agile::sprints::{self, NewSprint, Sprint, SprintChanges, SprintList, SprintState};
use crate::jira::agile::{issue_keys, list_limit, positive_id, RankPosition, AGILE_PAGE_MAX};
use crate::page::{collect_pages, Collected, Cursor, Page};
use crate::site::Site;

use super::Client;

impl<H: HttpClient> Client<H> {
    /// Gathers up to `limit` items of an offset-paged agile list, following `isLast` and the pages the service
    /// actually serves (at most 50), whatever `maxResults` asked for.
    fn collect_agile<T>(
        &self,
        limit: u32,
        context: &str,
        mut fetch: impl FnMut(u32, u32) -> Result<Page<T>>,
    ) -> Result<Collected<T>> {
        collect_pages(limit, AGILE_PAGE_MAX, Cursor::Offset(0), context, |cursor, size| {
            let start = match cursor {
                Cursor::Offset(start) => *start,
                Cursor::Token(_) => 0,
            };
            fetch(start, size)
        })
    }

    /// Boards visible to the user, filtered by name, project and type; up to `limit` (default 50).
    pub fn list_boards(&self, filter: &BoardFilter, limit: Option<u32>) -> Result<BoardList> {
        let filter = filter.validated()?;
        let limit = list_limit(limit)?;
        if let Some(project) = &filter.project_key {
            self.check_target(&Target::Project("project_key".into(), project.clone()))?;
        }
        let site = self.site()?;
        let collected = self.collect_agile(limit, "list boards", |start, size| {
            let request = boards::list_boards_request(&site, &filter, start, size);
            boards::parse_board_page(&self.execute(&site, request, "list boards")?)
        })?;
        let is_last = collected.is_last();
        let (total, boards) = match self.config().options.projects {
            None => (collected.total, collected.items),
            // Only boards located in an allowed project; Jira's total counted the others too.
            Some(_) => (
                None,
                collected
                    .items
                    .into_iter()
                    .filter(|b| b.project_key.is_some() && self.project_allowed(b.project_key.as_deref(), None))
                    .collect(),
            ),
        };
        Ok(BoardList { is_last, total, boards })
    }

    /// One board.
    pub fn get_board(&self, board_id: u64) -> Result<Board> {
        positive_id("board_id", board_id)?;
        let site = self.site()?;
        let request = boards::get_board_request(&site, board_id)?;
        boards::parse_board(&self.execute(&site, request, "get board")?)
    }

    /// A board's configuration: columns and their statuses, estimation and ranking fields, filter.
    pub fn get_board_configuration(&self, board_id: u64) -> Result<BoardConfiguration> {
        positive_id("board_id", board_id)?;
        let site = self.site()?;
        let request = boards::get_board_configuration_request(&site, board_id)?;
        boards::parse_board_configuration(&self.execute(&site, request, "get board configuration")?)
    }

    /// The issues of a board, its backlog, a sprint or an epic, in rank order, narrowed by the query's JQL.
    pub fn get_agile_issues(&self, source: &IssueSource, query: &IssueQuery) -> Result<IssueList> {
        source.validate()?;
        let jql = query.validated_jql()?;
        // `options.projects` is ANDed into the query, or is the query when there is none: a board's filter,
        // a sprint or an epic can hold issues of other projects.
        let jql = match (jql, &self.config().options.projects) {
            (_, None) => jql.map(str::to_string),
            (jql, Some(_)) => Some(self.scoped_jql(jql.unwrap_or_default())?.into_owned()),
        };
        let limit = list_limit(query.limit)?;
        let site = self.site()?;
        let collected = self.collect_issues(&site, source, jql.as_deref(), &query.fields, limit)?;
        Ok(IssueList { is_last: collected.is_last(), total: collected.total, issues: collected.items })
    }

    /// The pages of one agile issue list, up to `limit` issues.
    fn collect_issues(
        &self,
        site: &Site,
        source: &IssueSource,
        jql: Option<&str>,
        fields: &[String],
        limit: u32,
    ) -> Result<Collected<crate::jira::Issue>> {
        let context = source.context();
        self.collect_agile(limit, context, |start, size| {
            let request = issues::issue_page_request(site, source, jql, fields, start, size)?;
            issues::parse_issue_page(&self.execute(site, request, context)?, site, context)
        })
    }

    /// A board's sprints, optionally only those in `states`; up to `limit` (default 50).
    pub fn list_sprints(&self, board_id: u64, states: &[SprintState], limit: Option<u32>) -> Result<SprintList> {
        positive_id("board_id", board_id)?;
        let limit = list_limit(limit)?;
        let site = self.site()?;
        let collected = self.collect_sprints(&site, board_id, states, limit)?;
        Ok(SprintList { is_last: collected.is_last(), sprints: collected.items })
    }

    fn collect_sprints(
        &self,
        site: &Site,
        board_id: u64,
        states: &[SprintState],
        limit: u32,
    ) -> Result<Collected<Sprint>> {
        self.collect_agile(limit, "list sprints", |start, size| {
            let request = sprints::list_sprints_request(site, board_id, states, start, size)?;
            sprints::parse_sprint_page(&self.execute(site, request, "list sprints")?)
        })
    }

    /// One sprint.
    pub fn get_sprint(&self, sprint_id: u64) -> Result<Sprint> {
        positive_id("sprint_id", sprint_id)?;
        let site = self.site()?;
        let request = sprints::get_sprint_request(&site, sprint_id)?;
        sprints::parse_sprint(&self.execute(&site, request, "get sprint")?, "get sprint")
    }

    /// Creates a future sprint on a board.
    pub fn create_sprint(&self, sprint: &NewSprint) -> Result<Sprint> {
        positive_id("board_id", sprint.board_id)?;
        sprints::parse_dates(sprint.start_date.as_deref(), sprint.end_date.as_deref())?;
        let site = self.site()?;
        let request = sprints::create_sprint_request(&site, sprint)?;
        sprints::parse_sprint(&self.execute(&site, request, "create sprint")?, "create sprint")
    }

    /// Changes a sprint's name, goal or dates (a partial update); the state changes only through
    /// [`Client::start_sprint`] and [`Client::close_sprint`].
    pub fn update_sprint(&self, sprint_id: u64, changes: &SprintChanges) -> Result<Sprint> {
        if changes.state.is_some() {
            return Err(Error::invalid_input("a sprint's state changes only by starting or closing it"));
        }
        positive_id("sprint_id", sprint_id)?;
        sprints::parse_dates(changes.start_date.as_deref(), changes.end_date.as_deref())?;
        let site = self.site()?;
        let request = sprints::update_sprint_request(&site, sprint_id, changes)?;
        sprints::parse_sprint(&self.execute(&site, request, "update sprint")?, "update sprint")
    }

    /// Deletes a sprint; Jira moves its open issues to the backlog.
    pub fn delete_sprint(&self, sprint_id: u64) -> Result<()> {
        positive_id("sprint_id", sprint_id)?;
        let site = self.site()?;
        let request = sprints::delete_sprint_request(&site, sprint_id)?;
        self.execute(&site, request, "delete sprint").map(|_| ())
    }

    /// Moves issues into a sprint (in chunks of 50), optionally ranked before or after another issue.
    pub fn move_issues_to_sprint(
        &self,
        sprint_id: u64,
        keys: &[String],
        rank_before: Option<&str>,
        rank_after: Option<&str>,
    ) -> Result<MovedIssues> {
        positive_id("sprint_id", sprint_id)?;
        let keys = issue_keys("issue_keys", keys)?;
        let position = RankPosition::from_args(rank_before, rank_after, &keys, false)?;
        let site = self.site()?;
        self.send_to_sprint(&site, sprint_id, &keys, position.as_ref())?;
        Ok(MovedIssues { moved_to: Destination::Sprint(sprint_id), issue_keys: keys })
    }

    /// Sends validated keys to a sprint, chunk by chunk.
    fn send_to_sprint(
        &self,
        site: &Site,
        sprint_id: u64,
        keys: &[String],
        position: Option<&RankPosition>,
    ) -> Result<()> {
        for chunk in backlog::chunks(keys, position) {
            let request = backlog::move_to_sprint_request(site, sprint_id, &chunk)?;
            self.execute(site, request, "move issues to sprint")?;
        }
        Ok(())
    }

    /// Moves issues to the backlog (out of every future and active sprint), in chunks of 50.
    pub fn move_issues_to_backlog(&self, keys: &[String]) -> Result<MovedIssues> {
        let keys = issue_keys("issue_keys", keys)?;
        let site = self.site()?;
        self.send_to_backlog(&site, &keys)?;
        Ok(MovedIssues { moved_to: Destination::Backlog, issue_keys: keys })
    }

    /// Sends validated keys to the backlog, chunk by chunk.
    fn send_to_backlog(&self, site: &Site, keys: &[String]) -> Result<()> {
        for chunk in backlog::chunks(keys, None) {
            let request = backlog::move_to_backlog_request(site, &chunk.issue_keys);
            self.execute(site, request, "move issues to backlog")?;
        }
        Ok(())
    }

    /// Ranks issues before or after another issue (exactly one of the two), in chunks of 50 that keep their
    /// order. Issues Jira could not rank are reported in the outcome, not as an error.
    pub fn rank_issues(
        &self,
        keys: &[String],
        rank_before: Option<&str>,
        rank_after: Option<&str>,
    ) -> Result<RankOutcome> {
        let keys = issue_keys("issue_keys", keys)?;
        let position = RankPosition::from_args(rank_before, rank_after, &keys, true)?;
        let site = self.site()?;
        let mut outcome = RankOutcome { ranked: Vec::new(), failed: Vec::new() };
        for chunk in backlog::chunks(&keys, position.as_ref()) {
            let request = backlog::rank_issues_request(&site, &chunk);
            let failures = backlog::parse_rank_response(&self.execute(&site, request, "rank issues")?)?;
            backlog::record_rank_chunk(&mut outcome, &chunk, failures);
        }
        Ok(outcome)
    }

    /// A board's epics; up to `limit` (default 50).
    pub fn list_epics(&self, board_id: u64, limit: Option<u32>) -> Result<EpicList> {
        positive_id("board_id", board_id)?;
        let limit = list_limit(limit)?;
        let site = self.site()?;
        let collected = self.collect_agile(limit, "list epics", |start, size| {
            let request = epics::list_epics_request(&site, board_id, start, size)?;
            epics::parse_epic_page(&self.execute(&site, request, "list epics")?)
        })?;
        Ok(EpicList { is_last: collected.is_last(), total: collected.total, epics: collected.items })
    }

    /// Makes `parent_key` the parent of `issue_key` (an epic of a story, a story of a sub-task).
    pub fn set_parent(&self, issue_key: &str, parent_key: &str) -> Result<ParentSet> {
        crate::site::issue_key("issue_key", issue_key)?;
        crate::site::issue_key("parent_key", parent_key)?;
        let site = self.site()?;
        let (request, outcome) = epics::set_parent_request(&site, issue_key, parent_key)?;
        self.execute(&site, request, "set parent")?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests;
