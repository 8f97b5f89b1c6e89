//! The `agile` export: the Jira Software operations on a borrowed `client` resource, converted to WIT records.

use super::exports::connectors::jira::agile as wit;
use super::exports::connectors::jira::client::ClientBorrow;
use super::platform::guard;
use super::{wit_error, wit_issue, ClientResource, Component};
use crate::jira::agile::backlog::Destination;
use crate::jira::agile::boards::{Board, BoardFilter};
use crate::jira::agile::issues::{IssueList, IssueQuery, IssueSource};
use crate::jira::agile::sprints::{NewSprint, Sprint, SprintChanges, SprintState};

use serde_json::json;

type Result<T> = std::result::Result<T, wit::JiraError>;

/// The client resource behind a borrow, starting a new call for `last-call`.
fn core<'a>(c: &'a ClientBorrow<'_>) -> &'a ClientResource {
    let resource = c.get::<ClientResource>();
    resource.inner.start_call();
    resource
}

fn board(b: Board) -> wit::Board {
    wit::Board {
        id: b.id,
        name: b.name,
        board_type: b.board_type,
        project_key: b.project_key,
        raw_json: b.raw.to_string(),
    }
}

fn state(s: SprintState) -> wit::SprintState {
    match s {
        SprintState::Future => wit::SprintState::Future,
        SprintState::Active => wit::SprintState::Active,
        SprintState::Closed => wit::SprintState::Closed,
    }
}

fn core_state(s: wit::SprintState) -> SprintState {
    match s {
        wit::SprintState::Future => SprintState::Future,
        wit::SprintState::Active => SprintState::Active,
        wit::SprintState::Closed => SprintState::Closed,
    }
}

fn sprint(s: Sprint) -> wit::Sprint {
    wit::Sprint {
        id: s.id,
        name: s.name,
        state: state(s.state),
        start_date: s.start_date,
        end_date: s.end_date,
        complete_date: s.complete_date,
        goal: s.goal,
        board_id: s.board_id,
        raw_json: s.raw.to_string(),
    }
}

fn query(q: wit::IssueQuery) -> IssueQuery {
    IssueQuery { jql: q.jql, fields: q.fields, limit: q.limit }
}

fn issue_list(list: IssueList) -> wit::IssueList {
    wit::IssueList {
        issues: list.issues.into_iter().map(wit_issue).collect(),
        total: list.total,
        is_last: list.is_last,
    }
}

fn issues(c: &ClientBorrow<'_>, source: IssueSource, q: wit::IssueQuery) -> Result<wit::IssueList> {
    let named = match &source {
        IssueSource::Board(id) | IssueSource::Backlog(id) => json!({ "board_id": id }),
        IssueSource::Sprint(id) => json!({ "sprint_id": id }),
        IssueSource::Epic(key) => json!({ "epic_key": key }),
    };
    guard(c, source.context(), false, named)?;
    core(c).inner.get_agile_issues(&source, &query(q)).map(issue_list).map_err(wit_error)
}

fn destination(d: Destination) -> wit::IssueDestination {
    match d {
        Destination::Backlog => wit::IssueDestination::Backlog,
        Destination::Sprint(id) => wit::IssueDestination::Sprint(id),
    }
}

fn anchors(position: Option<wit::RankPosition>) -> (Option<String>, Option<String>) {
    match position {
        Some(wit::RankPosition::Before(key)) => (Some(key), None),
        Some(wit::RankPosition::After(key)) => (None, Some(key)),
        None => (None, None),
    }
}

impl wit::Guest for Component {
    fn list_boards(c: ClientBorrow<'_>, filter: wit::BoardFilter) -> Result<wit::BoardPage> {
        let core_filter =
            BoardFilter { name: filter.name, project_key: filter.project_key, board_type: filter.board_type };
        let list = core(&c).inner.list_boards(&core_filter, filter.limit).map_err(wit_error)?;
        Ok(wit::BoardPage {
            boards: list.boards.into_iter().map(board).collect(),
            total: list.total,
            is_last: list.is_last,
        })
    }

    fn get_board(c: ClientBorrow<'_>, board_id: u64) -> Result<wit::Board> {
        guard(&c, "get-board", false, json!({"board_id": board_id}))?;
        core(&c).inner.get_board(board_id).map(board).map_err(wit_error)
    }

    fn get_board_configuration(c: ClientBorrow<'_>, board_id: u64) -> Result<wit::BoardConfiguration> {
        guard(&c, "get-board-configuration", false, json!({"board_id": board_id}))?;
        let config = core(&c).inner.get_board_configuration(board_id).map_err(wit_error)?;
        let (estimation_field_id, estimation_field_name) = match config.estimation_field {
            Some(field) => (Some(field.field_id), field.display_name),
            None => (None, None),
        };
        Ok(wit::BoardConfiguration {
            id: config.id,
            name: config.name,
            board_type: config.board_type,
            project_key: config.project_key,
            filter_id: config.filter_id,
            columns: config
                .columns
                .into_iter()
                .map(|column| wit::BoardColumn {
                    name: column.name,
                    statuses: column.statuses,
                    min: column.min,
                    max: column.max,
                })
                .collect(),
            estimation_field_id,
            estimation_field_name,
            ranking_field_id: config.ranking_field_id,
            raw_json: config.raw.to_string(),
        })
    }

    fn get_board_issues(c: ClientBorrow<'_>, board_id: u64, q: wit::IssueQuery) -> Result<wit::IssueList> {
        issues(&c, IssueSource::Board(board_id), q)
    }

    fn get_backlog_issues(c: ClientBorrow<'_>, board_id: u64, q: wit::IssueQuery) -> Result<wit::IssueList> {
        issues(&c, IssueSource::Backlog(board_id), q)
    }

    fn list_sprints(
        c: ClientBorrow<'_>,
        board_id: u64,
        states: Vec<wit::SprintState>,
        limit: Option<u32>,
    ) -> Result<wit::SprintPage> {
        guard(&c, "list-sprints", false, json!({"board_id": board_id}))?;
        let states: Vec<SprintState> = states.into_iter().map(core_state).collect();
        let list = core(&c).inner.list_sprints(board_id, &states, limit).map_err(wit_error)?;
        Ok(wit::SprintPage { sprints: list.sprints.into_iter().map(sprint).collect(), is_last: list.is_last })
    }

    fn get_sprint(c: ClientBorrow<'_>, sprint_id: u64) -> Result<wit::Sprint> {
        guard(&c, "get-sprint", false, json!({"sprint_id": sprint_id}))?;
        core(&c).inner.get_sprint(sprint_id).map(sprint).map_err(wit_error)
    }

    fn get_sprint_issues(c: ClientBorrow<'_>, sprint_id: u64, q: wit::IssueQuery) -> Result<wit::IssueList> {
        issues(&c, IssueSource::Sprint(sprint_id), q)
    }

    fn create_sprint(c: ClientBorrow<'_>, new: wit::NewSprint) -> Result<wit::Sprint> {
        guard(&c, "create-sprint", true, json!({"board_id": new.board_id}))?;
        let new = NewSprint {
            board_id: new.board_id,
            name: new.name,
            start_date: new.start_date,
            end_date: new.end_date,
            goal: new.goal,
        };
        core(&c).inner.create_sprint(&new).map(sprint).map_err(wit_error)
    }

    fn update_sprint(c: ClientBorrow<'_>, sprint_id: u64, changes: wit::SprintChanges) -> Result<wit::Sprint> {
        guard(&c, "update-sprint", true, json!({"sprint_id": sprint_id}))?;
        let changes = SprintChanges {
            name: changes.name,
            goal: changes.goal,
            start_date: changes.start_date,
            end_date: changes.end_date,
            state: None,
        };
        core(&c).inner.update_sprint(sprint_id, &changes).map(sprint).map_err(wit_error)
    }

    fn start_sprint(
        c: ClientBorrow<'_>,
        sprint_id: u64,
        start_date: Option<String>,
        end_date: Option<String>,
    ) -> Result<wit::Sprint> {
        guard(&c, "start-sprint", true, json!({"sprint_id": sprint_id}))?;
        core(&c)
            .inner
            .start_sprint(sprint_id, start_date.as_deref(), end_date.as_deref())
            .map(sprint)
            .map_err(wit_error)
    }

    fn close_sprint(
        c: ClientBorrow<'_>,
        sprint_id: u64,
        move_open_issues_to: Option<wit::IssueDestination>,
    ) -> Result<wit::SprintClosure> {
        let next = match &move_open_issues_to {
            Some(wit::IssueDestination::Sprint(id)) => json!(id),
            _ => serde_json::Value::Null,
        };
        guard(&c, "close-sprint", true, json!({"sprint_id": sprint_id, "move_open_issues_to": next}))?;
        let target = move_open_issues_to.map(|d| match d {
            wit::IssueDestination::Backlog => Destination::Backlog,
            wit::IssueDestination::Sprint(id) => Destination::Sprint(id),
        });
        let closure = core(&c).inner.close_sprint(sprint_id, target).map_err(wit_error)?;
        Ok(wit::SprintClosure {
            sprint: sprint(closure.sprint),
            moved_to: closure.moved_to.map(destination),
            moved_issue_keys: closure.moved_issue_keys,
            open_issue_keys: closure.open_issue_keys,
        })
    }

    fn delete_sprint(c: ClientBorrow<'_>, sprint_id: u64) -> Result<()> {
        guard(&c, "delete-sprint", true, json!({"sprint_id": sprint_id}))?;
        core(&c).inner.delete_sprint(sprint_id).map_err(wit_error)
    }

    fn move_issues_to_sprint(
        c: ClientBorrow<'_>,
        sprint_id: u64,
        issue_keys: Vec<String>,
        rank: Option<wit::RankPosition>,
    ) -> Result<Vec<String>> {
        guard(&c, "move-issues-to-sprint", true, {
            let (before, after) = anchors(rank.clone());
            json!({"sprint_id": sprint_id, "issue_keys": issue_keys, "rank_before": before, "rank_after": after})
        })?;
        let (before, after) = anchors(rank);
        let moved = core(&c)
            .inner
            .move_issues_to_sprint(sprint_id, &issue_keys, before.as_deref(), after.as_deref())
            .map_err(wit_error)?;
        Ok(moved.issue_keys)
    }

    fn move_issues_to_backlog(c: ClientBorrow<'_>, issue_keys: Vec<String>) -> Result<Vec<String>> {
        guard(&c, "move-issues-to-backlog", true, json!({"issue_keys": issue_keys}))?;
        core(&c).inner.move_issues_to_backlog(&issue_keys).map(|moved| moved.issue_keys).map_err(wit_error)
    }

    fn rank_issues(
        c: ClientBorrow<'_>,
        issue_keys: Vec<String>,
        position: wit::RankPosition,
    ) -> Result<wit::RankOutcome> {
        guard(&c, "rank-issues", true, {
            let (before, after) = anchors(Some(position.clone()));
            json!({"issue_keys": issue_keys, "rank_before": before, "rank_after": after})
        })?;
        let (before, after) = anchors(Some(position));
        let outcome =
            core(&c).inner.rank_issues(&issue_keys, before.as_deref(), after.as_deref()).map_err(wit_error)?;
        Ok(wit::RankOutcome {
            ranked: outcome.ranked,
            failed: outcome
                .failed
                .into_iter()
                .map(|f| wit::RankFailure { issue_key: f.issue_key, status: f.status, errors: f.errors })
                .collect(),
        })
    }

    fn list_epics(c: ClientBorrow<'_>, board_id: u64, limit: Option<u32>) -> Result<wit::EpicPage> {
        guard(&c, "list-epics", false, json!({"board_id": board_id}))?;
        let list = core(&c).inner.list_epics(board_id, limit).map_err(wit_error)?;
        Ok(wit::EpicPage {
            epics: list
                .epics
                .into_iter()
                .map(|e| wit::Epic {
                    id: e.id,
                    key: e.key,
                    name: e.name,
                    summary: e.summary,
                    done: e.done,
                    color: e.color,
                    raw_json: e.raw.to_string(),
                })
                .collect(),
            total: list.total,
            is_last: list.is_last,
        })
    }

    fn get_epic_issues(c: ClientBorrow<'_>, epic_key: String, q: wit::IssueQuery) -> Result<wit::IssueList> {
        issues(&c, IssueSource::Epic(epic_key), q)
    }

    fn set_parent(c: ClientBorrow<'_>, issue_key: String, parent_key: String) -> Result<()> {
        guard(&c, "set-parent", true, json!({"issue_key": issue_key, "parent_key": parent_key}))?;
        core(&c).inner.set_parent(&issue_key, &parent_key).map(|_| ()).map_err(wit_error)
    }
}
