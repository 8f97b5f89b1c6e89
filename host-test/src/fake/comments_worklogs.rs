//! Comment visibility, comment edit and delete, and worklogs: `/issue/{idOrKey}/comment[/{id}]` and
//! `/issue/{idOrKey}/worklog[/{id}]`, validated like Jira (ADF bodies, `timeSpent` units, the worklog
//! `started` form `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, the `adjustEstimate` parameters).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::adf;
use super::exchange::{ApiRequest, Reply};
use super::issues;
use super::render;
use super::state::{jira_timestamp, State};

/// A worklog the fake stores.
pub(crate) struct Worklog {
    pub id: String,
    pub issue_id: String,
    pub author_id: String,
    pub time_spent_seconds: u64,
    pub started: String,
    pub comment: Option<Value>,
    pub visibility: Option<Value>,
    pub created: i64,
    pub updated: i64,
}

/// Comment visibility (by comment id) and worklogs.
#[derive(Default)]
pub(crate) struct WorkState {
    pub comment_visibility: BTreeMap<String, Value>,
    pub worklogs: Vec<Worklog>,
    pub next_worklog_id: u64,
}

fn issue_not_found() -> Reply {
    Reply::error(404, "Issue does not exist or you do not have permission to see it.")
}

fn bad_request(field: &str, message: &str) -> Reply {
    let mut errors = Map::new();
    errors.insert(field.to_string(), json!(message));
    Reply::field_errors(400, errors)
}

/// A `visibility` object: `type` role or group and a non-empty `value`.
fn visibility(body: &Map<String, Value>) -> Result<Option<Value>, Reply> {
    match body.get("visibility") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let kind = v.get("type").and_then(Value::as_str);
            let value = v.get("value").and_then(Value::as_str).filter(|s| !s.is_empty());
            match (kind, value) {
                (Some(kind @ ("role" | "group")), Some(value)) => Ok(Some(json!({"type": kind, "value": value}))),
                _ => Err(bad_request("visibility", "Visibility must have a type (role or group) and a value.")),
            }
        }
    }
}

fn with_visibility(state: &State, mut comment: Value) -> Value {
    let id = comment.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(v) = state.work.comment_visibility.get(&id) {
        comment["visibility"] = v.clone();
    }
    comment
}

fn patch_json(reply: Reply, patch: impl FnOnce(Value) -> Value) -> Reply {
    match serde_json::from_slice::<Value>(&reply.body) {
        Ok(body) if reply.status < 300 => Reply::json(reply.status, &patch(body)),
        _ => reply,
    }
}

/// `POST /issue/{idOrKey}/comment` with an optional `visibility`.
pub(crate) fn add_comment(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let visible = match request.json_object().and_then(|body| visibility(&body)) {
        Ok(visible) => visible,
        Err(reply) => return reply,
    };
    let reply = issues::add_comment(state, request, id_or_key);
    patch_json(reply, |mut comment| {
        if let (Some(v), Some(id)) = (visible, comment.get("id").and_then(Value::as_str).map(str::to_string)) {
            state.work.comment_visibility.insert(id, v.clone());
            comment["visibility"] = v;
        }
        comment
    })
}

/// `GET /issue/{idOrKey}/comment`, with each comment's visibility.
pub(crate) fn get_comments(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    patch_json(issues::get_comments(state, request, id_or_key), |mut page| {
        if let Some(Value::Array(comments)) = page.get_mut("comments") {
            for comment in comments.iter_mut() {
                *comment = with_visibility(state, comment.take());
            }
        }
        page
    })
}

/// `PUT /issue/{idOrKey}/comment/{id}`: a new ADF body and optionally a new visibility.
pub(crate) fn edit_comment(state: &mut State, request: &ApiRequest, id_or_key: &str, comment_id: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else { return issue_not_found() };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let visible = match visibility(&body) {
        Ok(visible) => visible,
        Err(reply) => return reply,
    };
    let Some(new_body) = body.get("body").filter(|b| adf::is_document(b)).cloned() else {
        return bad_request("comment", "Comment body must be an Atlassian Document Format document.");
    };
    let now = state.tick();
    let issue = &mut state.issues[index];
    let Some(comment) = issue.comments.iter_mut().find(|c| c.id == comment_id) else {
        return Reply::error(404, &format!("Can not find a comment for the id: {comment_id}."));
    };
    comment.body = new_body;
    comment.updated = now;
    if let Some(v) = visible {
        state.work.comment_visibility.insert(comment_id.to_string(), v);
    }
    let issue = &state.issues[index];
    match issue.comments.iter().find(|c| c.id == comment_id) {
        Some(comment) => {
            Reply::json(200, &with_visibility(state, render::comment_json(state, &request.base, issue, comment)))
        }
        None => Reply::error(500, "The comment was not stored."),
    }
}

/// `DELETE /issue/{idOrKey}/comment/{id}`: 204.
pub(crate) fn delete_comment(state: &mut State, id_or_key: &str, comment_id: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else { return issue_not_found() };
    let comments = &mut state.issues[index].comments;
    let before = comments.len();
    comments.retain(|c| c.id != comment_id);
    if comments.len() == before {
        return Reply::error(404, &format!("Can not find a comment for the id: {comment_id}."));
    }
    state.work.comment_visibility.remove(comment_id);
    Reply::no_content()
}

/// Seconds in a Jira duration (`1w 2d 3h 30m`; a day is 8 hours and a week 5 days, Jira's defaults).
fn duration_seconds(text: &str) -> Option<u64> {
    let mut total = 0.0;
    for part in text.split_whitespace() {
        let (number, unit) = part.split_at(part.len().checked_sub(1)?);
        let n: f64 = number.parse().ok().filter(|n: &f64| *n > 0.0)?;
        total += n * match unit {
            "w" => 5.0 * 8.0 * 3600.0,
            "d" => 8.0 * 3600.0,
            "h" => 3600.0,
            "m" => 60.0,
            _ => return None,
        };
    }
    (total >= 60.0).then_some(total as u64)
}

/// Jira's worklog `started` form: `2024-05-01T09:30:00.000+0200`.
fn is_worklog_started(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() == 28
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && (b[23] == b'+' || b[23] == b'-')
        && digits(24..28)
}

/// Checks `adjustEstimate` and the parameter each mode needs (`manual_param`: reduceBy or increaseBy).
fn check_adjustment(request: &ApiRequest, manual_param: Option<&str>) -> Result<(), Reply> {
    let needs = |param: &str| match request.param(param).and_then(duration_seconds) {
        Some(_) => Ok(()),
        None => Err(bad_request(param, &format!("You must supply a valid {param}."))),
    };
    match (request.param("adjustEstimate"), manual_param) {
        (None | Some("auto") | Some("leave"), _) => Ok(()),
        (Some("new"), _) => needs("newEstimate"),
        (Some("manual"), Some(param)) => needs(param),
        (Some(other), _) => Err(bad_request("adjustEstimate", &format!("Invalid value for adjustEstimate: {other}"))),
    }
}

fn worklog_json(state: &State, base: &str, worklog: &Worklog) -> Value {
    let author = render::user_ref_json(state, base, Some(&worklog.author_id));
    let hours = worklog.time_spent_seconds / 3600;
    let minutes = worklog.time_spent_seconds % 3600 / 60;
    let time_spent = match (hours, minutes) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    };
    let mut json = json!({
        "self": format!("{base}/rest/api/3/issue/{}/worklog/{}", worklog.issue_id, worklog.id),
        "id": worklog.id,
        "issueId": worklog.issue_id,
        "author": author,
        "updateAuthor": author,
        "started": worklog.started,
        "timeSpent": time_spent,
        "timeSpentSeconds": worklog.time_spent_seconds,
        "created": jira_timestamp(worklog.created),
        "updated": jira_timestamp(worklog.updated),
    });
    if let Some(comment) = &worklog.comment {
        json["comment"] = comment.clone();
    }
    if let Some(v) = &worklog.visibility {
        json["visibility"] = v.clone();
    }
    json
}

/// `GET /issue/{idOrKey}/worklog`: offset-paged, oldest first.
pub(crate) fn get_worklogs(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else { return issue_not_found() };
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", 5000)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.min(5000)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let all: Vec<&Worklog> = state.work.worklogs.iter().filter(|w| w.issue_id == issue.id).collect();
    let page: Vec<Value> =
        all.iter().skip(start_at).take(max_results).map(|w| worklog_json(state, &request.base, w)).collect();
    Reply::json(200, &json!({ "startAt": start_at, "maxResults": max_results, "total": all.len(), "worklogs": page }))
}

/// The parts of a worklog body, validated.
struct WorklogFields {
    seconds: Option<u64>,
    started: Option<String>,
    comment: Option<Value>,
    visibility: Option<Value>,
}

/// Reads and validates a worklog body; `require_time` on create.
fn worklog_fields(request: &ApiRequest, require_time: bool) -> Result<WorklogFields, Reply> {
    let body = request.json_object()?;
    let seconds = match body.get("timeSpent").and_then(Value::as_str) {
        Some(text) => {
            Some(duration_seconds(text).ok_or_else(|| bad_request("timeLogged", "Invalid time duration entered."))?)
        }
        None if require_time => return Err(bad_request("timeLogged", "You must indicate the time spent working.")),
        None => None,
    };
    let started = match body.get("started").and_then(Value::as_str) {
        Some(text) if is_worklog_started(text) => Some(text.to_string()),
        Some(_) => return Err(bad_request("started", "Invalid start date: use yyyy-MM-dd'T'HH:mm:ss.SSSZ.")),
        None => None,
    };
    let comment = match body.get("comment") {
        None | Some(Value::Null) => None,
        Some(c) if adf::is_document(c) => Some(c.clone()),
        Some(_) => return Err(bad_request("comment", "Comment must be an Atlassian Document Format document.")),
    };
    Ok(WorklogFields { seconds, started, comment, visibility: visibility(&body)? })
}

/// `POST /issue/{idOrKey}/worklog`: 201 with the worklog.
pub(crate) fn add_worklog(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue_id) = state.issue(id_or_key).map(|i| i.id.clone()) else { return issue_not_found() };
    if let Err(reply) = check_adjustment(request, Some("reduceBy")) {
        return reply;
    }
    let WorklogFields { seconds, started, comment, visibility } = match worklog_fields(request, true) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let now = state.tick();
    state.work.next_worklog_id = state.work.next_worklog_id.max(10000) + 1;
    let worklog = Worklog {
        id: state.work.next_worklog_id.to_string(),
        issue_id,
        author_id: state.current_user_id.clone(),
        time_spent_seconds: seconds.unwrap_or(60),
        started: started.unwrap_or_else(|| jira_timestamp(now)),
        comment,
        visibility,
        created: now,
        updated: now,
    };
    let json = worklog_json(state, &request.base, &worklog);
    state.work.worklogs.push(worklog);
    Reply::json(201, &json)
}

fn worklog_index(state: &State, id_or_key: &str, worklog_id: &str) -> Result<usize, Reply> {
    let issue = state.issue(id_or_key).ok_or_else(issue_not_found)?;
    state
        .work
        .worklogs
        .iter()
        .position(|w| w.issue_id == issue.id && w.id == worklog_id)
        .ok_or_else(|| Reply::error(404, &format!("Cannot find worklog with id: '{worklog_id}'.")))
}

/// `PUT /issue/{idOrKey}/worklog/{id}`: changes what the body gives.
pub(crate) fn update_worklog(state: &mut State, request: &ApiRequest, id_or_key: &str, worklog_id: &str) -> Reply {
    let index = match worklog_index(state, id_or_key, worklog_id) {
        Ok(index) => index,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_adjustment(request, None) {
        return reply;
    }
    let WorklogFields { seconds, started, comment, visibility } = match worklog_fields(request, false) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let now = state.tick();
    let worklog = &mut state.work.worklogs[index];
    worklog.time_spent_seconds = seconds.unwrap_or(worklog.time_spent_seconds);
    worklog.started = started.unwrap_or_else(|| worklog.started.clone());
    worklog.comment = comment.or_else(|| worklog.comment.take());
    worklog.visibility = visibility.or_else(|| worklog.visibility.take());
    worklog.updated = now;
    Reply::json(200, &worklog_json(state, &request.base, &state.work.worklogs[index]))
}

/// `DELETE /issue/{idOrKey}/worklog/{id}`: 204.
pub(crate) fn delete_worklog(state: &mut State, request: &ApiRequest, id_or_key: &str, worklog_id: &str) -> Reply {
    let index = match worklog_index(state, id_or_key, worklog_id) {
        Ok(index) => index,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_adjustment(request, Some("increaseBy")) {
        return reply;
    }
    state.work.worklogs.remove(index);
    Reply::no_content()
}
