//! The typed Jira Software calls (the WIT `agile` interface) on a [`Client`]: boards, sprints, issue lists,
//! moves, ranking and epics.

use super::{CallResult, Client};
use crate::bindings::agile::{
    Board, BoardConfiguration, BoardFilter, BoardPage, EpicPage, IssueDestination, IssueList, IssueQuery, NewSprint,
    RankOutcome, RankPosition, Sprint, SprintChanges, SprintClosure, SprintPage, SprintState,
};

/// Calls one function of the `agile` interface with this client's resource as its `client` argument.
macro_rules! call_agile {
    ($self:ident, $method:ident $(, $arg:expr)*) => {{
        let handle = $self.handle()?;
        $self.session.guard(|store, connector| connector.connectors_jira_agile().$method(store, handle $(, $arg)*))
    }};
}

impl Client<'_> {
    /// Boards visible to the user, filtered.
    pub fn list_boards(&mut self, filter: &BoardFilter) -> CallResult<BoardPage> {
        call_agile!(self, call_list_boards, filter)
    }

    /// One board.
    pub fn get_board(&mut self, board_id: u64) -> CallResult<Board> {
        call_agile!(self, call_get_board, board_id)
    }

    /// A board's configuration.
    pub fn get_board_configuration(&mut self, board_id: u64) -> CallResult<BoardConfiguration> {
        call_agile!(self, call_get_board_configuration, board_id)
    }

    /// Every issue on a board, in rank order.
    pub fn get_board_issues(&mut self, board_id: u64, query: &IssueQuery) -> CallResult<IssueList> {
        call_agile!(self, call_get_board_issues, board_id, query)
    }

    /// A board's backlog, in rank order.
    pub fn get_backlog_issues(&mut self, board_id: u64, query: &IssueQuery) -> CallResult<IssueList> {
        call_agile!(self, call_get_backlog_issues, board_id, query)
    }

    /// A board's sprints, only those in `states` when it is not empty.
    pub fn list_sprints(
        &mut self,
        board_id: u64,
        states: &[SprintState],
        limit: Option<u32>,
    ) -> CallResult<SprintPage> {
        call_agile!(self, call_list_sprints, board_id, states, limit)
    }

    /// One sprint.
    pub fn get_sprint(&mut self, sprint_id: u64) -> CallResult<Sprint> {
        call_agile!(self, call_get_sprint, sprint_id)
    }

    /// A sprint's issues, in rank order.
    pub fn get_sprint_issues(&mut self, sprint_id: u64, query: &IssueQuery) -> CallResult<IssueList> {
        call_agile!(self, call_get_sprint_issues, sprint_id, query)
    }

    /// Creates a future sprint.
    pub fn create_sprint(&mut self, sprint: &NewSprint) -> CallResult<Sprint> {
        call_agile!(self, call_create_sprint, sprint)
    }

    /// Changes a sprint's name, goal or dates.
    pub fn update_sprint(&mut self, sprint_id: u64, changes: &SprintChanges) -> CallResult<Sprint> {
        call_agile!(self, call_update_sprint, sprint_id, changes)
    }

    /// Starts a future sprint.
    pub fn start_sprint(&mut self, sprint_id: u64, start: Option<&str>, end: Option<&str>) -> CallResult<Sprint> {
        call_agile!(self, call_start_sprint, sprint_id, start, end)
    }

    /// Closes an active sprint, moving its unfinished issues first when `move_open_issues_to` is given.
    pub fn close_sprint(
        &mut self,
        sprint_id: u64,
        move_open_issues_to: Option<IssueDestination>,
    ) -> CallResult<SprintClosure> {
        call_agile!(self, call_close_sprint, sprint_id, move_open_issues_to)
    }

    /// Deletes a sprint.
    pub fn delete_sprint(&mut self, sprint_id: u64) -> CallResult<()> {
        call_agile!(self, call_delete_sprint, sprint_id)
    }

    /// Moves issues into a sprint; Ok is the keys moved.
    pub fn move_issues_to_sprint(
        &mut self,
        sprint_id: u64,
        issue_keys: &[String],
        rank: Option<&RankPosition>,
    ) -> CallResult<Vec<String>> {
        call_agile!(self, call_move_issues_to_sprint, sprint_id, issue_keys, rank)
    }

    /// Moves issues to the backlog; Ok is the keys moved.
    pub fn move_issues_to_backlog(&mut self, issue_keys: &[String]) -> CallResult<Vec<String>> {
        call_agile!(self, call_move_issues_to_backlog, issue_keys)
    }

    /// Ranks issues before or after another issue.
    pub fn rank_issues(&mut self, issue_keys: &[String], position: &RankPosition) -> CallResult<RankOutcome> {
        call_agile!(self, call_rank_issues, issue_keys, position)
    }

    /// A board's epics.
    pub fn list_epics(&mut self, board_id: u64, limit: Option<u32>) -> CallResult<EpicPage> {
        call_agile!(self, call_list_epics, board_id, limit)
    }

    /// An epic's child issues, in rank order.
    pub fn get_epic_issues(&mut self, epic_key: &str, query: &IssueQuery) -> CallResult<IssueList> {
        call_agile!(self, call_get_epic_issues, epic_key, query)
    }

    /// Makes `parent_key` the parent of `issue_key`.
    pub fn set_parent(&mut self, issue_key: &str, parent_key: &str) -> CallResult<()> {
        call_agile!(self, call_set_parent, issue_key, parent_key)
    }
}
