//! Issue endpoints: get, create, edit, transitions and comments under `/rest/api/3/issue`.

use serde_json::{json, Map, Value};

use super::adf;
use super::exchange::{ApiRequest, Reply};
use super::fields::FieldSelection;
use super::issue_write::{self, FieldChanges, WriteMode, NOT_ADF};
use super::project_meta::{DONE_RESOLUTION, RESOLUTIONS};
use super::render::{self, Expansions};
use super::state::{Comment, Issue, Resolved, State, StatusCategory};

/// The 404 Jira gives for an issue that does not exist or is hidden.
fn issue_not_found() -> Reply {
    Reply::error(404, "Issue does not exist or you do not have permission to see it.")
}

/// `GET /issue/{idOrKey}`: all fields unless `fields` narrows them; `expand=names,renderedFields`.
pub(crate) fn get_issue(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else {
        return issue_not_found();
    };
    let selection = FieldSelection::parse(&request.list_param("fields"), FieldSelection::all());
    let expansions = Expansions::parse(&request.list_param("expand"));
    Reply::json(200, &render::issue_json(state, &request.base, issue, &selection, &expansions))
}

/// `POST /issue`: validates like Jira and answers `201 {"id","key","self"}`.
pub(crate) fn create_issue(state: &mut State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let changes = match validate_body(state, &body, WriteMode::Create) {
        Ok(changes) => changes,
        Err(reply) => return reply,
    };
    let Some(project) = changes.project_id.as_deref().and_then(|id| state.project_by_id(id)) else {
        return Reply::error(400, "Specify a valid project ID or key");
    };
    let key = state.next_issue_key(project);
    let project_id = project.id.clone();
    let initial_status_id = state
        .statuses
        .iter()
        .find(|status| status.category == StatusCategory::New)
        .map(|status| status.id.clone())
        .unwrap_or_default();
    let id = state.allocate_issue_id();
    let now = state.tick();
    let mut issue = Issue {
        id: id.clone(),
        key: key.clone(),
        project_id,
        summary: String::new(),
        description: None,
        issue_type_id: String::new(),
        status_id: initial_status_id,
        priority_id: state.priority("Medium").map(|priority| priority.id.clone()),
        assignee_id: None,
        reporter_id: Some(state.current_user_id.clone()),
        labels: Vec::new(),
        created: now,
        updated: now,
        resolved: None,
        parent_id: None,
        story_points: None,
        custom: Map::new(),
        comments: Vec::new(),
    };
    issue_write::apply(&mut issue, &changes);
    state.issues.push(issue);
    add_comments(state, &id, &changes, now);
    Reply::json(201, &json!({ "id": id, "key": key, "self": format!("{}/rest/api/3/issue/{id}", request.base) }))
}

/// `PUT /issue/{idOrKey}`: applies `fields` and `update`, answers 204.
pub(crate) fn edit_issue(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else {
        return issue_not_found();
    };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let changes = match validate_body(state, &body, WriteMode::Edit) {
        Ok(changes) => changes,
        Err(reply) => return reply,
    };
    let now = state.tick();
    let issue = &mut state.issues[index];
    issue_write::apply(issue, &changes);
    issue.updated = now;
    let id = issue.id.clone();
    add_comments(state, &id, &changes, now);
    Reply::no_content()
}

/// Validates the `fields` and `update` objects of a create, edit or transition body.
fn validate_body(state: &State, body: &Map<String, Value>, mode: WriteMode) -> Result<FieldChanges, Reply> {
    let empty = Map::new();
    let fields = body.get("fields").and_then(Value::as_object).unwrap_or(&empty);
    let update = body.get("update").and_then(Value::as_object);
    issue_write::validate(state, fields, update, mode).map_err(|errors| Reply::field_errors(400, errors))
}

fn add_comments(state: &mut State, issue_id: &str, changes: &FieldChanges, now: i64) {
    for body in &changes.comments_added {
        let comment_id = state.allocate_comment_id();
        let author_id = state.current_user_id.clone();
        if let Some(index) = state.issue_index(issue_id) {
            state.issues[index].comments.push(Comment {
                id: comment_id,
                author_id,
                body: body.clone(),
                created: now,
                updated: now,
            });
        }
    }
}

/// `GET /issue/{idOrKey}/transitions`: every transition whose target is not the current status.
pub(crate) fn get_transitions(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else {
        return issue_not_found();
    };
    let transitions: Vec<Value> = state
        .transitions_from(&issue.status_id)
        .into_iter()
        .filter_map(|transition| {
            let target = state.status(&transition.to_status_id)?;
            Some(json!({
                "id": transition.id,
                "name": transition.name,
                "to": render::status_json(&request.base, target),
                "hasScreen": false,
                "isGlobal": true,
                "isInitial": false,
                "isAvailable": true,
                "isConditional": false,
                "isLooped": false,
            }))
        })
        .collect();
    Reply::json(200, &json!({ "expand": "transitions", "transitions": transitions }))
}

/// `POST /issue/{idOrKey}/transitions`: moves the issue, applies `fields`/`update`, answers 204.
pub(crate) fn transition_issue(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else {
        return issue_not_found();
    };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let Some(transition_id) = body
        .get("transition")
        .and_then(|transition| transition.get("id"))
        .and_then(|id| id.as_str().map(str::to_string).or_else(|| id.as_u64().map(|n| n.to_string())))
    else {
        return Reply::error(400, "Missing 'transition' identifier");
    };
    let current_status = state.issues[index].status_id.clone();
    let Some(target_status) = state
        .transitions_from(&current_status)
        .into_iter()
        .find(|transition| transition.id == transition_id)
        .map(|transition| transition.to_status_id.clone())
    else {
        return Reply::error(400, &format!("Transition id '{transition_id}' is not valid for this issue."));
    };
    let is_done = state.status(&target_status).is_some_and(|status| status.category == StatusCategory::Done);
    let mut body = body;
    let resolution_id = match take_resolution(&mut body, is_done) {
        Ok(resolution_id) => resolution_id,
        Err(reply) => return reply,
    };
    let changes = match validate_body(state, &body, WriteMode::Edit) {
        Ok(changes) => changes,
        Err(reply) => return reply,
    };
    let now = state.tick();
    let issue = &mut state.issues[index];
    issue_write::apply(issue, &changes);
    issue.status_id = target_status;
    issue.resolved = is_done
        .then(|| Resolved { at: now, resolution_id: resolution_id.unwrap_or_else(|| DONE_RESOLUTION.to_string()) });
    issue.updated = now;
    let id = issue.id.clone();
    add_comments(state, &id, &changes, now);
    Reply::no_content()
}

/// Takes `fields.resolution` out of a transition body when the transition resolves the issue (it is on the
/// resolve screen then; elsewhere it stays in the body, which refuses it like Jira): the resolution's id, by
/// `name` or `id`.
fn take_resolution(body: &mut Map<String, Value>, is_done: bool) -> Result<Option<String>, Reply> {
    let Some(fields) = body.get_mut("fields").and_then(Value::as_object_mut).filter(|_| is_done) else {
        return Ok(None);
    };
    let Some(wanted) = fields.remove("resolution") else {
        return Ok(None);
    };
    let text = |key: &str| wanted.get(key).and_then(Value::as_str);
    RESOLUTIONS
        .iter()
        .find(|(id, name, _)| text("id") == Some(*id) || text("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(|(id, _, _)| Some(id.to_string()))
        .ok_or_else(|| {
            let mut errors = Map::new();
            errors.insert("resolution".into(), json!("Could not find valid 'id' or 'name' in resolution object."));
            Reply::field_errors(400, errors)
        })
}

/// `GET /issue/{idOrKey}/comment`: offset-paged comments, oldest first (`orderBy=-created` reverses).
pub(crate) fn get_comments(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else {
        return issue_not_found();
    };
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", 5000)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.min(5000)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let mut comments: Vec<&Comment> = issue.comments.iter().collect();
    if request.param("orderBy").is_some_and(|order| order.starts_with('-')) {
        comments.reverse();
    }
    let page: Vec<Value> = comments
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|comment| render::comment_json(state, &request.base, issue, comment))
        .collect();
    Reply::json(
        200,
        &json!({
            "startAt": start_at,
            "maxResults": max_results,
            "total": comments.len(),
            "comments": page,
        }),
    )
}

/// `POST /issue/{idOrKey}/comment`: the body must be an ADF document; answers 201 with the comment.
pub(crate) fn add_comment(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else {
        return issue_not_found();
    };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let comment_body = match body.get("body") {
        None | Some(Value::Null) => {
            return Reply::field_errors(400, error_map("comment", "Comment body can not be empty!"))
        }
        Some(value) if !adf::is_document(value) => return Reply::field_errors(400, error_map("comment", NOT_ADF)),
        Some(value) => value.clone(),
    };
    let now = state.tick();
    let comment = Comment {
        id: state.allocate_comment_id(),
        author_id: state.current_user_id.clone(),
        body: comment_body,
        created: now,
        updated: now,
    };
    let issue = &mut state.issues[index];
    issue.comments.push(comment);
    issue.updated = now;
    let issue = &state.issues[index];
    match issue.comments.last() {
        Some(comment) => Reply::json(201, &render::comment_json(state, &request.base, issue, comment)),
        None => Reply::error(500, "The comment was not stored."),
    }
}

fn error_map(field: &str, message: &str) -> Map<String, Value> {
    let mut errors = Map::new();
    errors.insert(field.to_string(), Value::String(message.to_string()));
    errors
}
