//! The Jira Software API (`/rest/agile/1.0`): routing, boards, their configuration, epics, and the issue lists
//! of boards, backlogs, sprints and epics. Sprint changes, moves and ranking are in `agile_sprints.rs`.
//!
//! Like Jira Cloud, every list pages with `startAt`/`maxResults` and serves at most 50 items whatever
//! `maxResults` asks; board, sprint and epic lists say `isLast`, issue lists say `total` instead.

use serde_json::{json, Value};

use super::agile_sprints;
use super::agile_state::{agile_timestamp, Board, Sprint};
use super::exchange::{ApiRequest, Reply};
use super::fields::FieldSelection;
use super::render::{self, Expansions};
use super::state::{State, StatusCategory};
use super::{jql, jql_eval};

/// The most items an agile page holds, whatever `maxResults` asks.
pub(crate) const AGILE_PAGE_CAP: usize = 50;

/// Answers `/rest/agile/1.0/{path}`.
pub(crate) fn dispatch(state: &mut State, request: &ApiRequest, path: &[&str]) -> Reply {
    match (request.method, path) {
        ("GET", ["board"]) => list_boards(state, request),
        ("GET", ["board", id]) => {
            with_board(state, id, |board| Reply::json(200, &board_json(state, &request.base, board)))
        }
        ("GET", ["board", id, "configuration"]) => with_board(state, id, |board| configuration(state, request, board)),
        ("GET", ["board", id, "issue"]) => {
            with_board(state, id, |board| issue_list(state, request, board_issues(state, board, |_| true)))
        }
        ("GET", ["board", id, "backlog"]) => with_board(state, id, |board| backlog(state, request, board)),
        ("GET", ["board", id, "sprint"]) => with_board(state, id, |board| agile_sprints::list(state, request, board)),
        ("GET", ["board", id, "epic"]) => with_board(state, id, |board| epics(state, request, board)),
        ("POST", ["sprint"]) => agile_sprints::create(state, request),
        ("GET", ["sprint", id]) => agile_sprints::get(state, request, id),
        ("POST", ["sprint", id]) => agile_sprints::update(state, request, id),
        ("DELETE", ["sprint", id]) => agile_sprints::delete(state, id),
        ("GET", ["sprint", id, "issue"]) => sprint_issues(state, request, id),
        ("POST", ["sprint", id, "issue"]) => agile_sprints::move_to_sprint(state, request, id),
        ("POST", ["backlog", "issue"]) => agile_sprints::move_to_backlog(state, request),
        ("PUT", ["issue", "rank"]) => agile_sprints::rank(state, request),
        ("GET", ["epic", key, "issue"]) => epic_issues(state, request, key),
        _ => Reply::not_implemented(request.method, &request.path),
    }
}

/// Parses a board or sprint id from the path; a 400 like Jira's for anything but a number.
pub(crate) fn parse_id(raw: &str) -> Result<u64, Reply> {
    raw.parse().map_err(|_| Reply::error(400, &format!("The id '{raw}' is not a valid number.")))
}

fn with_board(state: &State, raw_id: &str, answer: impl FnOnce(&Board) -> Reply) -> Reply {
    let id = match parse_id(raw_id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    match state.agile.board(id) {
        Some(board) => answer(board),
        None => Reply::error(404, "Board does not exist or you do not have permission to see it."),
    }
}

/// `startAt` and `maxResults`, capped at 50.
pub(crate) fn page_params(request: &ApiRequest) -> Result<(usize, usize), Reply> {
    let start_at = request.int_param("startAt", 0)?;
    let max_results = request.int_param("maxResults", AGILE_PAGE_CAP)?;
    Ok((start_at, max_results.clamp(1, AGILE_PAGE_CAP)))
}

/// A `values` page with `isLast` (`total` only when `with_total`).
pub(crate) fn values_page(request: &ApiRequest, values: Vec<Value>, with_total: bool) -> Reply {
    let (start_at, max_results) = match page_params(request) {
        Ok(params) => params,
        Err(reply) => return reply,
    };
    let total = values.len();
    let page: Vec<Value> = values.into_iter().skip(start_at).take(max_results).collect();
    let mut body = json!({
        "maxResults": max_results,
        "startAt": start_at,
        "isLast": start_at + page.len() >= total,
        "values": page,
    });
    if with_total {
        body["total"] = json!(total);
    }
    Reply::json(200, &body)
}

/// A board as Jira Cloud lists it.
pub(crate) fn board_json(state: &State, base: &str, board: &Board) -> Value {
    let mut out = json!({
        "id": board.id,
        "self": format!("{base}/rest/agile/1.0/board/{}", board.id),
        "name": board.name,
        "type": board.kind.name(),
        "isPrivate": false,
    });
    if let Some(project) = state.project_by_id(&board.project_id) {
        out["location"] = json!({
            "projectId": project.id.parse::<u64>().unwrap_or(0),
            "displayName": format!("{} ({})", project.name, project.key),
            "projectName": project.name,
            "projectKey": project.key,
            "projectTypeKey": project.type_key,
            "avatarURI": format!("{base}/rest/api/2/universal_avatar/view/type/project/avatar/10400?size=small"),
            "name": format!("{} ({})", project.name, project.key),
        });
    }
    out
}

/// A sprint as the agile API returns it; unset dates and goals are left out, as Jira does.
pub(crate) fn sprint_json(base: &str, sprint: &Sprint) -> Value {
    let mut out = json!({
        "id": sprint.id,
        "self": format!("{base}/rest/agile/1.0/sprint/{}", sprint.id),
        "state": sprint.state.name(),
        "name": sprint.name,
    });
    for (key, at) in [("startDate", sprint.start), ("endDate", sprint.end), ("completeDate", sprint.complete)] {
        if let Some(at) = at {
            out[key] = json!(agile_timestamp(at));
        }
    }
    out["createdDate"] = json!(agile_timestamp(sprint.created));
    out["originBoardId"] = json!(sprint.board_id);
    if let Some(goal) = &sprint.goal {
        out["goal"] = json!(goal);
    }
    out
}

/// `GET /board`: `name` (contains, case-insensitive), `projectKeyOrId`, `type` (comma list).
fn list_boards(state: &State, request: &ApiRequest) -> Reply {
    let name = request.param("name").map(str::to_lowercase);
    let project = match request.param("projectKeyOrId") {
        None => None,
        Some(wanted) => match state.project(wanted) {
            Some(project) => Some(project.id.clone()),
            None => return Reply::error(400, &format!("No project could be found with key or id '{wanted}'.")),
        },
    };
    let types = request.list_param("type");
    let values = state
        .agile
        .boards
        .iter()
        .filter(|board| name.as_ref().is_none_or(|name| board.name.to_lowercase().contains(name)))
        .filter(|board| project.as_ref().is_none_or(|id| &board.project_id == id))
        .filter(|board| types.is_empty() || types.iter().any(|kind| kind.eq_ignore_ascii_case(board.kind.name())))
        .map(|board| board_json(state, &request.base, board))
        .collect();
    values_page(request, values, true)
}

/// `GET /board/{id}/configuration`.
fn configuration(state: &State, request: &ApiRequest, board: &Board) -> Reply {
    let base = &request.base;
    let columns: Vec<Value> = board
        .columns
        .iter()
        .map(|column| {
            let statuses: Vec<Value> = column
                .status_ids
                .iter()
                .map(|id| json!({ "id": id, "self": format!("{base}/rest/api/2/status/{id}") }))
                .collect();
            json!({ "name": column.name, "statuses": statuses })
        })
        .collect();
    let project = state.project_by_id(&board.project_id);
    let mut body = json!({
        "id": board.id,
        "name": board.name,
        "type": board.kind.name(),
        "self": format!("{base}/rest/agile/1.0/board/{}/configuration", board.id),
        "location": {
            "type": "project",
            "key": project.map(|p| p.key.clone()),
            "id": board.project_id,
            "self": format!("{base}/rest/api/2/project/{}", board.project_id),
            "name": project.map(|p| p.name.clone()),
        },
        "filter": { "id": board.filter_id.to_string(), "self": format!("{base}/rest/api/2/filter/{}", board.filter_id) },
        "columnConfig": { "columns": columns, "constraintType": "issueCount" },
        "ranking": { "rankCustomFieldId": 10019 },
    });
    match board.kind {
        super::agile_state::BoardKind::Scrum => {
            body["estimation"] = json!({
                "type": "field",
                "field": { "fieldId": super::fields::STORY_POINTS_FIELD, "displayName": "Story point estimate" },
            });
        }
        super::agile_state::BoardKind::Kanban => {
            body["subQuery"] = json!({ "query": "fixVersion in unreleasedVersions() OR fixVersion is EMPTY" });
        }
    }
    Reply::json(200, &body)
}

/// The board's issues that pass `keep`, in rank order (positions in `state.issues`).
fn board_issues(state: &State, board: &Board, keep: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut hits: Vec<usize> =
        (0..state.issues.len()).filter(|i| state.issues[*i].project_id == board.project_id && keep(*i)).collect();
    hits.sort_by_key(|i| state.agile.rank_key(&state.issues[*i].id));
    hits
}

/// `GET /board/{id}/backlog`: issues in no open sprint, neither done nor epics.
fn backlog(state: &State, request: &ApiRequest, board: &Board) -> Reply {
    let hits = board_issues(state, board, |i| {
        let issue = &state.issues[i];
        let done = state.status(&issue.status_id).is_some_and(|s| s.category == StatusCategory::Done);
        let epic = state.issue_type(&issue.issue_type_id).is_some_and(|kind| kind.hierarchy_level > 0);
        !done && !epic && state.agile.open_sprint_of(&issue.id).is_none()
    });
    issue_list(state, request, hits)
}

/// `GET /sprint/{id}/issue`: the issues that are (or were, for a closed sprint) in the sprint.
fn sprint_issues(state: &State, request: &ApiRequest, raw_id: &str) -> Reply {
    let id = match parse_id(raw_id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    if state.agile.sprint(id).is_none() {
        return agile_sprints::sprint_not_found(id);
    }
    let mut hits: Vec<usize> =
        (0..state.issues.len()).filter(|i| state.agile.in_sprint(&state.issues[*i].id, id)).collect();
    hits.sort_by_key(|i| state.agile.rank_key(&state.issues[*i].id));
    issue_list(state, request, hits)
}

/// `GET /epic/{idOrKey}/issue`: the epic's children.
fn epic_issues(state: &State, request: &ApiRequest, key: &str) -> Reply {
    let Some(epic) = state.issue(key) else {
        return Reply::error(404, "Issue does not exist or you do not have permission to see it.");
    };
    if state.issue_type(&epic.issue_type_id).is_none_or(|kind| kind.hierarchy_level <= 0) {
        return Reply::error(400, &format!("Issue {} is not an epic.", epic.key));
    }
    let mut hits: Vec<usize> =
        (0..state.issues.len()).filter(|i| state.issues[*i].parent_id.as_deref() == Some(epic.id.as_str())).collect();
    hits.sort_by_key(|i| state.agile.rank_key(&state.issues[*i].id));
    issue_list(state, request, hits)
}

/// `GET /board/{id}/epic`: the epics of the board's project (`done=true|false` filters).
fn epics(state: &State, request: &ApiRequest, board: &Board) -> Reply {
    let done_filter = request.param("done").map(|done| done.eq_ignore_ascii_case("true"));
    let values = board_issues(state, board, |i| {
        state.issue_type(&state.issues[i].issue_type_id).is_some_and(|kind| kind.hierarchy_level > 0)
    })
    .into_iter()
    .filter_map(|i| {
        let issue = &state.issues[i];
        let done = state.status(&issue.status_id).is_some_and(|s| s.category == StatusCategory::Done);
        done_filter.is_none_or(|wanted| wanted == done).then(|| {
            json!({
                "id": issue.id.parse::<u64>().unwrap_or(0),
                "key": issue.key,
                "self": format!("{}/rest/agile/1.0/epic/{}", request.base, issue.id),
                "name": issue.summary,
                "summary": issue.summary,
                "color": { "key": format!("color_{}", issue.id.parse::<u64>().unwrap_or(0) % 14 + 1) },
                "done": done,
            })
        })
    })
    .collect();
    values_page(request, values, false)
}

/// Narrows `hits` with the request's `jql`, pages them (50 at most) and renders the issues with the agile
/// fields (`sprint`, `closedSprints`, `flagged`) unless `fields` leaves them out.
fn issue_list(state: &State, request: &ApiRequest, mut hits: Vec<usize>) -> Reply {
    if let Some(text) = request.param("jql").filter(|text| !text.trim().is_empty()) {
        let mut query = match jql::parse(text) {
            Ok(query) => query,
            Err(message) => return Reply::error(400, &message),
        };
        // Agile lists are in rank order already; `ORDER BY Rank` is what they mean.
        query.order.retain(|key| key.field != "rank");
        let matching = match jql_eval::run(state, &query) {
            Ok(matching) => matching,
            Err(message) => return Reply::error(400, &message),
        };
        if query.order.is_empty() {
            hits.retain(|i| matching.contains(i));
        } else {
            hits = matching.into_iter().filter(|i| hits.contains(i)).collect();
        }
    }
    let (start_at, max_results) = match page_params(request) {
        Ok(params) => params,
        Err(reply) => return reply,
    };
    let requested = request.list_param("fields");
    let selection = FieldSelection::parse(&requested, FieldSelection::navigable());
    let agile_fields = requested.is_empty() || requested.iter().any(|f| f == "sprint" || f == "closedSprints");
    let issues: Vec<Value> = hits
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|i| {
            let issue = &state.issues[*i];
            let mut out = render::issue_json(state, &request.base, issue, &selection, &Expansions::default());
            out["self"] = json!(format!("{}/rest/agile/1.0/issue/{}", request.base, issue.id));
            if agile_fields {
                let open = state.agile.open_sprint_of(&issue.id).map(|s| sprint_json(&request.base, s));
                let closed: Vec<Value> = state
                    .agile
                    .closed_sprints_of(&issue.id)
                    .into_iter()
                    .map(|s| sprint_json(&request.base, s))
                    .collect();
                out["fields"]["sprint"] = open.unwrap_or(Value::Null);
                out["fields"]["closedSprints"] = json!(closed);
                out["fields"]["flagged"] = json!(false);
            }
            out
        })
        .collect();
    Reply::json(
        200,
        &json!({
            "expand": "schema,names",
            "startAt": start_at,
            "maxResults": max_results,
            "total": hits.len(),
            "issues": issues,
        }),
    )
}
