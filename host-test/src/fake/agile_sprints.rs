//! Sprints and issue placement in the fake's Jira Software API: list, create, get, partial update (which is
//! also how sprints start and close), delete, moving issues into sprints and the backlog, and ranking.
//!
//! The state machine is Jira's: `future` -> `active` (needs a start and an end date) -> `closed` (the complete
//! date is set); a closed sprint only takes name and goal changes; other state changes are refused with a 400.
//! Closing leaves unfinished issues in the closed sprint, as Jira's API does (only its UI moves them).

use serde_json::{json, Map, Value};

use super::agile::{parse_id, sprint_json, values_page};
use super::agile_state::{parse_agile_date, Board, BoardKind, Sprint, SprintState};
use super::exchange::{ApiRequest, Reply};
use super::state::State;

/// The most issues one move or rank request may carry.
const MOVE_CAP: usize = 50;

/// The 404 for a sprint that does not exist.
pub(crate) fn sprint_not_found(id: u64) -> Reply {
    Reply::error(404, &format!("Sprint with id {id} does not exist or you do not have permission to see it."))
}

fn no_sprints(board: &Board) -> Reply {
    Reply::error(400, &format!("The board '{}' does not support sprints.", board.name))
}

fn with_sprint_id(raw_id: &str, state: &State, answer: impl FnOnce(u64) -> Reply) -> Reply {
    match parse_id(raw_id) {
        Ok(id) if state.agile.sprint(id).is_some() => answer(id),
        Ok(id) => sprint_not_found(id),
        Err(reply) => reply,
    }
}

/// `GET /board/{id}/sprint`: closed, active, then future sprints; `state` is a comma list.
pub(crate) fn list(state: &State, request: &ApiRequest, board: &Board) -> Reply {
    if board.kind == BoardKind::Kanban {
        return no_sprints(board);
    }
    let mut wanted = Vec::new();
    for name in request.list_param("state") {
        match SprintState::parse(&name) {
            Some(parsed) => wanted.push(parsed),
            None => {
                return Reply::error(
                    400,
                    &format!("The sprint state '{name}' is not valid: use future, active or closed."),
                )
            }
        }
    }
    let order = |sprint: &&Sprint| match sprint.state {
        SprintState::Closed => 0,
        SprintState::Active => 1,
        SprintState::Future => 2,
    };
    let mut sprints: Vec<&Sprint> = state
        .agile
        .sprints
        .iter()
        .filter(|sprint| sprint.board_id == board.id)
        .filter(|sprint| wanted.is_empty() || wanted.contains(&sprint.state))
        .collect();
    sprints.sort_by_key(|sprint| (order(sprint), sprint.id));
    let values = sprints.into_iter().map(|sprint| sprint_json(&request.base, sprint)).collect();
    values_page(request, values, false)
}

/// `GET /sprint/{id}`.
pub(crate) fn get(state: &State, request: &ApiRequest, raw_id: &str) -> Reply {
    with_sprint_id(raw_id, state, |id| match state.agile.sprint(id) {
        Some(sprint) => Reply::json(200, &sprint_json(&request.base, sprint)),
        None => sprint_not_found(id),
    })
}

/// A date field of a sprint body: absent, or a valid ISO-8601 string (else the field error).
fn date_field(body: &Map<String, Value>, key: &str) -> Result<Option<i64>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => parse_agile_date(text).map(Some).ok_or_else(|| {
            let mut errors = Map::new();
            errors.insert(key.to_string(), json!(format!("The date '{text}' is not a valid ISO-8601 date.")));
            Reply::field_errors(400, errors)
        }),
        Some(_) => Err(Reply::error(400, super::exchange::INVALID_PAYLOAD)),
    }
}

fn text_field(body: &Map<String, Value>, key: &str) -> Result<Option<String>, Reply> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(Reply::error(400, super::exchange::INVALID_PAYLOAD)),
    }
}

fn check_order(start: Option<i64>, end: Option<i64>) -> Result<(), Reply> {
    match (start, end) {
        (Some(start), Some(end)) if end <= start => {
            Err(Reply::error(400, "The end date of a sprint must be after its start date."))
        }
        _ => Ok(()),
    }
}

/// `POST /sprint`: `name` and `originBoardId` (a scrum board) are required.
pub(crate) fn create(state: &mut State, request: &ApiRequest) -> Reply {
    let result = (|| {
        let body = request.json_object()?;
        let name = text_field(&body, "name")?.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let Some(name) = name else {
            let mut errors = Map::new();
            errors.insert("name".into(), json!("The sprint name must not be empty."));
            return Err(Reply::field_errors(400, errors));
        };
        let Some(board_id) = body.get("originBoardId").and_then(Value::as_u64) else {
            let mut errors = Map::new();
            errors.insert("originBoardId".into(), json!("The board id is required."));
            return Err(Reply::field_errors(400, errors));
        };
        let board = state
            .agile
            .board(board_id)
            .ok_or_else(|| Reply::error(404, "Board does not exist or you do not have permission to see it."))?;
        if board.kind == BoardKind::Kanban {
            return Err(no_sprints(board));
        }
        let (start, end) = (date_field(&body, "startDate")?, date_field(&body, "endDate")?);
        check_order(start, end)?;
        let goal = text_field(&body, "goal")?;
        Ok((name, board_id, start, end, goal))
    })();
    let (name, board_id, start, end, goal) = match result {
        Ok(parts) => parts,
        Err(reply) => return reply,
    };
    let created = state.tick();
    let id = state.agile.next_sprint_id;
    state.agile.next_sprint_id += 1;
    let sprint = Sprint { id, name, state: SprintState::Future, start, end, complete: None, created, goal, board_id };
    let body = sprint_json(&request.base, &sprint);
    state.agile.sprints.push(sprint);
    Reply::json(201, &body)
}

/// `POST /sprint/{id}`: a partial update; `state` moves the sprint through its life.
pub(crate) fn update(state: &mut State, request: &ApiRequest, raw_id: &str) -> Reply {
    let id = match parse_id(raw_id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let now = state.tick();
    let Some(sprint) = state.agile.sprint_mut(id) else {
        return sprint_not_found(id);
    };
    match apply_update(sprint, request, now) {
        Ok(()) => Reply::json(200, &sprint_json(&request.base, sprint)),
        Err(reply) => reply,
    }
}

fn apply_update(sprint: &mut Sprint, request: &ApiRequest, now: i64) -> Result<(), Reply> {
    let body = request.json_object()?;
    let name = text_field(&body, "name")?;
    let goal = text_field(&body, "goal")?;
    let (start, end) = (date_field(&body, "startDate")?, date_field(&body, "endDate")?);
    let target = match text_field(&body, "state")? {
        None => None,
        Some(text) => Some(SprintState::parse(&text).ok_or_else(|| {
            Reply::error(400, &format!("The sprint state '{text}' is not valid: use future, active or closed."))
        })?),
    };
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        let mut errors = Map::new();
        errors.insert("name".into(), json!("The sprint name must not be empty."));
        return Err(Reply::field_errors(400, errors));
    }
    let changes_state = target.is_some_and(|target| target != sprint.state);
    if sprint.state == SprintState::Closed && (start.is_some() || end.is_some() || changes_state) {
        return Err(Reply::error(400, "Only the name and the goal of a closed sprint can be changed."));
    }
    let (new_start, new_end) = (start.or(sprint.start), end.or(sprint.end));
    check_order(new_start, new_end)?;
    match (sprint.state, target) {
        (_, None) => {}
        (current, Some(target)) if current == target => {}
        (SprintState::Future, Some(SprintState::Active)) => {
            if new_start.is_none() || new_end.is_none() {
                return Err(Reply::error(400, "A sprint can only be started with a start date and an end date."));
            }
            sprint.state = SprintState::Active;
        }
        (SprintState::Active, Some(SprintState::Closed)) => {
            sprint.state = SprintState::Closed;
            sprint.complete = Some(now.max(new_start.unwrap_or(now)));
        }
        (SprintState::Future, Some(SprintState::Closed)) => {
            return Err(Reply::error(
                400,
                &format!("The sprint '{}' is future: only an active sprint can be completed.", sprint.name),
            ));
        }
        (_, Some(_)) => return Err(Reply::error(400, "Other changes to the state of a sprint are not allowed.")),
    }
    if let Some(name) = name {
        sprint.name = name.trim().to_string();
    }
    if let Some(goal) = goal {
        sprint.goal = Some(goal).filter(|g| !g.is_empty());
    }
    sprint.start = new_start;
    sprint.end = new_end;
    Ok(())
}

/// `DELETE /sprint/{id}`: the sprint goes, its issues return to the backlog.
pub(crate) fn delete(state: &mut State, raw_id: &str) -> Reply {
    match parse_id(raw_id) {
        Ok(id) if state.agile.sprint(id).is_some() => {
            state.agile.delete_sprint(id);
            Reply::no_content()
        }
        Ok(id) => sprint_not_found(id),
        Err(reply) => reply,
    }
}

/// The issues of a move or rank body, as issue ids, checked like Jira (at most 50, all existing).
fn body_issue_ids(state: &State, body: &Map<String, Value>) -> Result<Vec<String>, Reply> {
    let Some(items) = body.get("issues").and_then(Value::as_array) else {
        return Err(Reply::error(400, "The request must name the issues to move in 'issues'."));
    };
    if items.len() > MOVE_CAP {
        return Err(Reply::error(400, &format!("At most {MOVE_CAP} issues can be moved or ranked in one request.")));
    }
    items
        .iter()
        .map(|item| {
            let key = item.as_str().ok_or_else(|| Reply::error(400, super::exchange::INVALID_PAYLOAD))?;
            state.issue(key).map(|issue| issue.id.clone()).ok_or_else(|| {
                Reply::error(400, &format!("Issue '{key}' does not exist or you do not have permission to see it."))
            })
        })
        .collect()
}

/// The anchor of `rankBeforeIssue` / `rankAfterIssue` as `(issue id, before)`; both is a 400.
fn rank_anchor(state: &State, body: &Map<String, Value>) -> Result<Option<(String, bool)>, Reply> {
    let before = text_field(body, "rankBeforeIssue")?;
    let after = text_field(body, "rankAfterIssue")?;
    let (key, is_before) = match (before, after) {
        (Some(_), Some(_)) => {
            return Err(Reply::error(400, "Give either rankBeforeIssue or rankAfterIssue, not both."))
        }
        (Some(key), None) => (key, true),
        (None, Some(key)) => (key, false),
        (None, None) => return Ok(None),
    };
    match state.issue(&key) {
        Some(issue) => Ok(Some((issue.id.clone(), is_before))),
        None => {
            Err(Reply::error(400, &format!("Issue '{key}' does not exist or you do not have permission to see it.")))
        }
    }
}

fn all_issue_ids(state: &State) -> Vec<String> {
    state.issues.iter().map(|issue| issue.id.clone()).collect()
}

/// `POST /sprint/{id}/issue`: into a future or active sprint, optionally ranked.
pub(crate) fn move_to_sprint(state: &mut State, request: &ApiRequest, raw_id: &str) -> Reply {
    let id = match parse_id(raw_id) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let Some(sprint) = state.agile.sprint(id) else {
        return sprint_not_found(id);
    };
    if sprint.state == SprintState::Closed {
        return Reply::error(
            400,
            &format!("Issues can only be moved to future or active sprints; '{}' is closed.", sprint.name),
        );
    }
    let parsed = request.json_object().and_then(|body| Ok((body_issue_ids(state, &body)?, rank_anchor(state, &body)?)));
    let (ids, anchor) = match parsed {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    for issue_id in &ids {
        state.agile.move_to_sprint(issue_id, id);
    }
    if let Some((anchor, before)) = anchor {
        let all = all_issue_ids(state);
        state.agile.rank(&all, &ids, &anchor, before);
    }
    Reply::no_content()
}

/// `POST /backlog/issue`: out of every open sprint.
pub(crate) fn move_to_backlog(state: &mut State, request: &ApiRequest) -> Reply {
    let ids = match request.json_object().and_then(|body| body_issue_ids(state, &body)) {
        Ok(ids) => ids,
        Err(reply) => return reply,
    };
    for issue_id in &ids {
        state.agile.move_to_backlog(issue_id);
    }
    Reply::no_content()
}

/// `PUT /issue/rank`: 204 when every issue was ranked, 207 with per-issue entries when some could not be
/// (an issue ranked against itself).
pub(crate) fn rank(state: &mut State, request: &ApiRequest) -> Reply {
    let parsed = request.json_object().and_then(|body| Ok((body_issue_ids(state, &body)?, rank_anchor(state, &body)?)));
    let (ids, anchor) = match parsed {
        Ok((ids, Some(anchor))) => (ids, anchor),
        Ok((_, None)) => return Reply::error(400, "Either rankBeforeIssue or rankAfterIssue must be given."),
        Err(reply) => return reply,
    };
    let (anchor_id, before) = anchor;
    let ranked: Vec<String> = ids.iter().filter(|id| **id != anchor_id).cloned().collect();
    let all = all_issue_ids(state);
    state.agile.rank(&all, &ranked, &anchor_id, before);
    if ranked.len() == ids.len() {
        return Reply::no_content();
    }
    let entries: Vec<Value> = ids
        .iter()
        .map(|id| {
            let key = state.issue(id).map(|issue| issue.key.clone()).unwrap_or_default();
            let issue_id = id.parse::<u64>().unwrap_or(0);
            if *id == anchor_id {
                json!({ "issueId": issue_id, "issueKey": key, "status": 400, "errors": ["Cannot rank an issue relative to itself."] })
            } else {
                json!({ "issueId": issue_id, "issueKey": key, "status": 200 })
            }
        })
        .collect();
    Reply::json(207, &json!({ "entries": entries }))
}
