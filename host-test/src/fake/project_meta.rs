//! Projects in detail and the site's metadata: `GET /project/{key}` (with its `/components`, `/versions` and
//! `/statuses`), create metadata (`GET /issue/createmeta/{key}/issuetypes[/{id}]`), `GET /status` and
//! `GET /resolution/search`. Lists that Jira pages are paged here with `startAt`/`maxResults` too.

use serde_json::{json, Value};

use super::exchange::{ApiRequest, Reply};
use super::fields::STORY_POINTS_FIELD;
use super::releases;
use super::render;
use super::seed::ADA;
use super::state::{IssueType, Project, State};

/// The resolutions of the fake site: id, name, description.
pub(crate) const RESOLUTIONS: [(&str, &str, &str); 4] = [
    ("10000", "Done", "Work has been completed on this issue."),
    ("10001", "Won't Do", "This issue won't be actioned."),
    ("10002", "Duplicate", "The problem is a duplicate of an existing issue."),
    ("10003", "Cannot Reproduce", "All attempts at reproducing this issue failed."),
];
/// The resolution every done issue of the fake has ("Done").
pub(crate) const DONE_RESOLUTION: &str = "10000";

/// Answers `/rest/api/3/project/{key}[/...]`, `/issue/createmeta/...`, `/status` and `/resolution/search`;
/// None when the request is none of them.
pub(crate) fn dispatch(state: &State, request: &ApiRequest, api: &[&str]) -> Option<Reply> {
    Some(match (request.method, api) {
        // `/project/search` is the project list (routes.rs), not a project named "search".
        ("GET", ["project", key]) if *key != "search" => {
            with_project(state, key, |p| Reply::json(200, &project_details(state, request, p)))
        }
        ("GET", ["project", key, "components"]) => with_project(state, key, |p| {
            Reply::json(200, &Value::Array(releases::project_components(state, &request.base, p)))
        }),
        ("GET", ["project", key, "versions"]) => with_project(state, key, |p| {
            Reply::json(200, &Value::Array(releases::project_versions(state, &request.base, p)))
        }),
        ("GET", ["project", key, "statuses"]) => with_project(state, key, |_| project_statuses(state, request)),
        ("GET", ["issue", "createmeta", key, "issuetypes"]) => with_project(state, key, |_| {
            let types = state.issue_types.iter().map(|t| render::issue_type_json(&request.base, t)).collect();
            paged(request, "issueTypes", types)
        }),
        ("GET", ["issue", "createmeta", key, "issuetypes", type_id]) => {
            with_project(state, key, |_| match state.issue_types.iter().find(|t| t.id == *type_id) {
                Some(kind) => paged(request, "fields", create_fields(state, request, kind)),
                None => Reply::error(
                    404,
                    "Issue type with given ID does not exist or you do not have permission to see it.",
                ),
            })
        }
        ("GET", ["status"]) => {
            let statuses = state.statuses.iter().map(|s| render::status_json(&request.base, s)).collect();
            Reply::json(200, &Value::Array(statuses))
        }
        ("GET", ["resolution", "search"]) => resolutions(request),
        _ => return None,
    })
}

fn with_project(state: &State, key: &str, answer: impl FnOnce(&Project) -> Reply) -> Reply {
    match state.project(key) {
        Some(project) => answer(project),
        None => Reply::error(404, &format!("No project could be found with key '{key}'.")),
    }
}

fn project_details(state: &State, request: &ApiRequest, project: &Project) -> Value {
    let base = &request.base;
    let mut body = render::project_json(base, project);
    body["description"] = json!(format!("The {} project.", project.name));
    body["lead"] = render::user_ref_json(state, base, Some(ADA));
    body["assigneeType"] = json!("UNASSIGNED");
    body["issueTypes"] = Value::Array(state.issue_types.iter().map(|t| render::issue_type_json(base, t)).collect());
    body["components"] = Value::Array(releases::project_components(state, base, project));
    body["versions"] = Value::Array(releases::project_versions(state, base, project));
    body
}

/// Every issue type of the fake uses the one global workflow.
fn project_statuses(state: &State, request: &ApiRequest) -> Reply {
    let statuses: Vec<Value> = state.statuses.iter().map(|s| render::status_json(&request.base, s)).collect();
    let types: Vec<Value> = state
        .issue_types
        .iter()
        .map(|kind| {
            json!({
                "self": format!("{}/rest/api/3/issueType/{}", request.base, kind.id),
                "id": kind.id,
                "name": kind.name,
                "subtask": kind.subtask,
                "statuses": statuses,
            })
        })
        .collect();
    Reply::json(200, &Value::Array(types))
}

/// The create screen of an issue type: the system fields, story points, and `parent` for sub-tasks.
fn create_fields(state: &State, request: &ApiRequest, kind: &IssueType) -> Vec<Value> {
    let field = |id: &str, name: &str, required: bool, schema: Value| {
        json!({ "fieldId": id, "key": id, "name": name, "required": required, "hasDefaultValue": false,
                "operations": ["set"], "schema": schema })
    };
    let system = |kind: &str, id: &str| json!({ "type": kind, "system": id });
    let mut priority = field("priority", "Priority", false, system("priority", "priority"));
    priority["allowedValues"] =
        Value::Array(state.priorities.iter().map(|p| render::priority_json(&request.base, p)).collect());
    priority["hasDefaultValue"] = json!(true);
    let mut fields = vec![
        field("summary", "Summary", true, system("string", "summary")),
        field("issuetype", "Issue Type", true, system("issuetype", "issuetype")),
        field("project", "Project", true, system("project", "project")),
        field("description", "Description", false, system("string", "description")),
        priority,
        field("assignee", "Assignee", false, system("user", "assignee")),
        field("labels", "Labels", false, json!({ "type": "array", "items": "string", "system": "labels" })),
        field(
            STORY_POINTS_FIELD,
            "Story point estimate",
            false,
            json!({ "type": "number", "custom": "com.pyxis.greenhopper.jira:jsw-story-points", "customId": 10016 }),
        ),
    ];
    if kind.subtask {
        fields.push(field("parent", "Parent", true, system("issuelink", "parent")));
    }
    fields
}

fn resolutions(request: &ApiRequest) -> Reply {
    let values = RESOLUTIONS
        .iter()
        .map(|(id, name, description)| {
            json!({ "id": id, "name": name, "description": description, "isDefault": *id == "10000" })
        })
        .collect();
    paged(request, "values", values)
}

/// A `startAt`/`maxResults` page of `items` under `key`, with `total` (and `isLast` for `values` pages).
fn paged(request: &ApiRequest, key: &str, items: Vec<Value>) -> Reply {
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", 50)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.clamp(1, 200)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(start_at).take(max_results).collect();
    let mut body = json!({ "startAt": start_at, "maxResults": max_results, "total": total, key: page });
    if key == "values" {
        body["isLast"] = json!(start_at + max_results >= total);
    }
    Reply::json(200, &body)
}
