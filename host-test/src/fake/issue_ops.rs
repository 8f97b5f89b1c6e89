//! Issue endpoints beyond get, create and edit: approximate count, delete, assign, bulk fetch, bulk create
//! and the edit metadata, answering like Jira Cloud (limits, error shapes and per-item errors included).

use serde_json::{json, Map, Value};

use super::exchange::{ApiRequest, Reply, INVALID_PAYLOAD};
use super::fields::{FieldSelection, STORY_POINTS_FIELD};
use super::render::{self, Expansions};
use super::state::State;
use super::{issues, jql, jql_eval};

/// The most issues `POST /issue/bulkfetch` takes.
const BULK_FETCH_CAP: usize = 100;
/// The most issues `POST /issue/bulk` takes.
const BULK_CREATE_CAP: usize = 50;

fn issue_not_found() -> Reply {
    Reply::error(404, "Issue does not exist or you do not have permission to see it.")
}

/// `POST /search/approximate-count`: `{"jql"}` (bounded) -> `{"count"}`.
pub(crate) fn approximate_count(state: &State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    if body.keys().any(|key| key != "jql") {
        return Reply::error(400, INVALID_PAYLOAD);
    }
    let query = match jql::parse(body.get("jql").and_then(Value::as_str).unwrap_or_default()) {
        Ok(query) => query,
        Err(message) => return Reply::error(400, &message),
    };
    if query.filter.is_none() {
        return Reply::error(
            400,
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        );
    }
    match jql_eval::run(state, &query) {
        Ok(hits) => Reply::json(200, &json!({ "count": hits.len() })),
        Err(message) => Reply::error(400, &message),
    }
}

/// `DELETE /issue/{idOrKey}`: refuses an issue with sub-tasks unless `deleteSubtasks=true`; children that are
/// not sub-tasks lose their parent.
pub(crate) fn delete_issue(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else {
        return issue_not_found();
    };
    let id = issue.id.clone();
    let subtasks: Vec<String> = state
        .issues
        .iter()
        .filter(|child| child.parent_id.as_deref() == Some(id.as_str()))
        .filter(|child| state.issue_type(&child.issue_type_id).is_some_and(|kind| kind.subtask))
        .map(|child| child.id.clone())
        .collect();
    if !subtasks.is_empty() && request.param("deleteSubtasks") != Some("true") {
        return Reply::error(
            400,
            &format!("The issue {} has subtasks. Set deleteSubtasks=true to delete it with them.", issue.key),
        );
    }
    state.issues.retain(|issue| issue.id != id && !subtasks.contains(&issue.id));
    for child in state.issues.iter_mut().filter(|child| child.parent_id.as_deref() == Some(id.as_str())) {
        child.parent_id = None;
    }
    Reply::no_content()
}

/// `PUT /issue/{idOrKey}/assignee`: `{"accountId": id}` (`"-1"`: nobody in the fake, which has no default
/// assignees; `null`: unassigned).
pub(crate) fn assign_issue(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(index) = state.issue_index(id_or_key) else {
        return issue_not_found();
    };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let assignee = match body.get("accountId") {
        Some(Value::Null) => None,
        Some(Value::String(id)) if id == "-1" => None,
        Some(Value::String(id)) => match state.user(id) {
            Some(user) => Some(user.account_id.clone()),
            None => return Reply::field_errors(400, one_error("assignee", &format!("User '{id}' does not exist."))),
        },
        _ => return Reply::error(400, INVALID_PAYLOAD),
    };
    let now = state.tick();
    let issue = &mut state.issues[index];
    issue.assignee_id = assignee;
    issue.updated = now;
    Reply::no_content()
}

/// `POST /issue/bulkfetch`: up to 100 issues by id or key; missing or hidden ones are left out silently.
pub(crate) fn bulk_fetch(state: &State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    const KEYS: [&str; 5] = ["issueIdsOrKeys", "fields", "expand", "properties", "fieldsByKeys"];
    if body.keys().any(|key| !KEYS.contains(&key.as_str())) {
        return Reply::error(400, INVALID_PAYLOAD);
    }
    let strings = |key: &str| -> Option<Vec<String>> {
        match body.get(key) {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_string)).collect(),
            Some(_) => None,
        }
    };
    let (Some(wanted), Some(fields), Some(expand)) = (strings("issueIdsOrKeys"), strings("fields"), strings("expand"))
    else {
        return Reply::error(400, INVALID_PAYLOAD);
    };
    if wanted.is_empty() {
        return Reply::error(400, "issueIdsOrKeys must not be empty.");
    }
    if wanted.len() > BULK_FETCH_CAP {
        return Reply::error(400, &format!("The number of issues must not exceed {BULK_FETCH_CAP}."));
    }
    let selection = FieldSelection::parse(&fields, FieldSelection::navigable());
    let expansions = Expansions::parse(&expand);
    let issues: Vec<Value> = wanted
        .iter()
        .filter_map(|id| state.issue(id))
        .map(|issue| render::issue_json(state, &request.base, issue, &selection, &expansions))
        .collect();
    Reply::json(200, &json!({ "expand": "schema,names", "issues": issues, "issueErrors": [] }))
}

/// `POST /issue/bulk`: up to 50 creations, each validated like `POST /issue`. Answers 201 with the created
/// issues and the per-item `errors`, or 400 when none was created.
pub(crate) fn bulk_create(state: &mut State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let Some(updates) = body.get("issueUpdates").and_then(Value::as_array) else {
        return Reply::error(400, INVALID_PAYLOAD);
    };
    if updates.len() > BULK_CREATE_CAP {
        return Reply::error(400, &format!("The number of issues must not exceed {BULK_CREATE_CAP}."));
    }
    let (mut created, mut errors) = (Vec::new(), Vec::new());
    for (number, update) in updates.iter().enumerate() {
        let bytes = update.to_string().into_bytes();
        let single = ApiRequest {
            method: "POST",
            path: "/rest/api/3/issue".to_string(),
            segments: ["rest", "api", "3", "issue"].iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
            body: &bytes,
            headers: request.headers,
            base: request.base.clone(),
        };
        let reply = issues::create_issue(state, &single);
        let answer: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        if reply.status == 201 {
            created.push(answer);
        } else {
            errors.push(json!({ "status": reply.status, "failedElementNumber": number, "elementErrors": answer }));
        }
    }
    let status = if created.is_empty() && !errors.is_empty() { 400 } else { 201 };
    Reply::json(status, &json!({ "issues": created, "errors": errors }))
}

/// `GET /issue/{idOrKey}/editmeta`: the fields the fake lets an edit set, with schemas and allowed values.
pub(crate) fn edit_meta(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    if state.issue(id_or_key).is_none() {
        return issue_not_found();
    }
    let base = &request.base;
    let meta = |name: &str, required: bool, schema: Value, operations: &[&str]| json!({ "name": name, "key": Value::Null, "required": required, "schema": schema, "operations": operations });
    let mut fields = Map::new();
    fields.insert("summary".into(), meta("Summary", true, json!({"type": "string", "system": "summary"}), &["set"]));
    fields.insert(
        "description".into(),
        meta("Description", false, json!({"type": "string", "system": "description"}), &["set"]),
    );
    fields.insert(
        "labels".into(),
        meta(
            "Labels",
            false,
            json!({"type": "array", "items": "string", "system": "labels"}),
            &["add", "set", "remove"],
        ),
    );
    fields.insert("assignee".into(), meta("Assignee", false, json!({"type": "user", "system": "assignee"}), &["set"]));
    let mut priority = meta("Priority", false, json!({"type": "priority", "system": "priority"}), &["set"]);
    priority["allowedValues"] = state
        .priorities
        .iter()
        .map(|p| json!({ "self": format!("{base}/rest/api/3/priority/{}", p.id), "id": p.id, "name": p.name }))
        .collect();
    fields.insert("priority".into(), priority);
    fields.insert(
        STORY_POINTS_FIELD.into(),
        meta(
            "Story point estimate",
            false,
            json!({"type": "number", "custom": "com.pyxis.greenhopper.jira:jsw-story-points", "customId": 10016}),
            &["set"],
        ),
    );
    for (id, value) in &mut fields {
        value["key"] = json!(id);
    }
    Reply::json(200, &json!({ "fields": fields }))
}

fn one_error(field: &str, message: &str) -> Map<String, Value> {
    let mut errors = Map::new();
    errors.insert(field.to_string(), Value::String(message.to_string()));
    errors
}
