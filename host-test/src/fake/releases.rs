//! Project versions and components: the fake's state for them, and `POST /version`, `PUT /version/{id}`,
//! `GET /project/{key}/versions` and `GET /project/{key}/components`.

use serde_json::{json, Map, Value};

use super::exchange::{ApiRequest, Reply};
use super::render;
use super::seed::ADA;
use super::state::{Project, State};

/// A project version.
pub(crate) struct Version {
    pub id: u64,
    pub project_id: String,
    pub name: String,
    pub description: Option<String>,
    pub released: bool,
    pub archived: bool,
    pub release_date: Option<String>,
    pub start_date: Option<String>,
}

/// A project component.
pub(crate) struct Component {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub description: String,
    pub lead_id: Option<String>,
}

/// Versions and components of every project.
pub(crate) struct ReleaseState {
    pub versions: Vec<Version>,
    pub components: Vec<Component>,
    pub next_version_id: u64,
}

impl Default for ReleaseState {
    /// ACME has two versions (1.0 released, 1.1 planned) and two components; other projects have none.
    fn default() -> Self {
        let version = |id: u64, name: &str, released: bool, date: &str| Version {
            id,
            project_id: "10000".into(),
            name: name.into(),
            description: Some(format!("Release {name}")),
            released,
            archived: false,
            release_date: Some(date.into()),
            start_date: None,
        };
        let component = |id: &str, name: &str, description: &str, lead: Option<&str>| Component {
            id: id.into(),
            project_id: "10000".into(),
            name: name.into(),
            description: description.into(),
            lead_id: lead.map(str::to_string),
        };
        ReleaseState {
            versions: vec![version(10100, "1.0", true, "2024-05-01"), version(10101, "1.1", false, "2024-07-01")],
            components: vec![
                component("10200", "API", "The public REST API.", Some(ADA)),
                component("10201", "Web", "The web front end.", None),
            ],
            next_version_id: 10102,
        }
    }
}

/// A version as Jira renders it (`projectId` is a number).
pub(crate) fn version_json(base: &str, version: &Version) -> Value {
    let mut body = json!({
        "self": format!("{base}/rest/api/3/version/{}", version.id),
        "id": version.id.to_string(),
        "name": version.name,
        "archived": version.archived,
        "released": version.released,
        "overdue": false,
        "projectId": version.project_id.parse::<u64>().unwrap_or(0),
    });
    if let Some(description) = &version.description {
        body["description"] = json!(description);
    }
    if let Some(date) = &version.release_date {
        body["releaseDate"] = json!(date);
    }
    if let Some(date) = &version.start_date {
        body["startDate"] = json!(date);
    }
    body
}

/// A component as Jira renders it.
pub(crate) fn component_json(state: &State, base: &str, project: &Project, component: &Component) -> Value {
    let mut body = json!({
        "self": format!("{base}/rest/api/3/component/{}", component.id),
        "id": component.id,
        "name": component.name,
        "description": component.description,
        "assigneeType": if component.lead_id.is_some() { "COMPONENT_LEAD" } else { "PROJECT_LEAD" },
        "isAssigneeTypeValid": true,
        "project": project.key,
        "projectId": project.id.parse::<u64>().unwrap_or(0),
    });
    let lead = render::user_ref_json(state, base, component.lead_id.as_deref());
    if !lead.is_null() {
        body["lead"] = lead;
    }
    body
}

/// The versions of a project, rendered.
pub(crate) fn project_versions(state: &State, base: &str, project: &Project) -> Vec<Value> {
    let own = state.releases.versions.iter().filter(|v| v.project_id == project.id);
    own.map(|v| version_json(base, v)).collect()
}

/// The components of a project, rendered.
pub(crate) fn project_components(state: &State, base: &str, project: &Project) -> Vec<Value> {
    let own = state.releases.components.iter().filter(|c| c.project_id == project.id);
    own.map(|c| component_json(state, base, project, c)).collect()
}

/// `POST /version`: `name` and `projectId` (or the deprecated `project` key) required; names are unique per
/// project.
pub(crate) fn create_version(state: &mut State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let project_id = match (body.get("projectId"), body.get("project").and_then(Value::as_str)) {
        (Some(id), _) => id.as_u64().map(|id| id.to_string()).or_else(|| id.as_str().map(str::to_string)),
        (None, Some(key)) => state.project(key).map(|p| p.id.clone()),
        (None, None) => None,
    };
    let Some(project) = project_id.as_deref().and_then(|id| state.project_by_id(id)) else {
        return field_error("project", "Project must be specified.");
    };
    let project_id = project.id.clone();
    let Some(name) = body.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty()) else {
        return field_error("name", "You must specify a valid version name");
    };
    if state.releases.versions.iter().any(|v| v.project_id == project_id && v.name.eq_ignore_ascii_case(name)) {
        return field_error("name", "A version with this name already exists in this project.");
    }
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    let id = state.releases.next_version_id;
    state.releases.next_version_id += 1;
    let version = Version {
        id,
        project_id,
        name: name.to_string(),
        description: text("description"),
        released: body.get("released").and_then(Value::as_bool).unwrap_or(false),
        archived: body.get("archived").and_then(Value::as_bool).unwrap_or(false),
        release_date: text("releaseDate"),
        start_date: text("startDate"),
    };
    let reply = Reply::json(201, &version_json(&request.base, &version));
    state.releases.versions.push(version);
    reply
}

/// `PUT /version/{id}`: changes the given fields only.
pub(crate) fn update_version(state: &mut State, request: &ApiRequest, raw_id: &str) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let Some(index) = raw_id.parse::<u64>().ok().and_then(|id| state.releases.versions.iter().position(|v| v.id == id))
    else {
        return Reply::error(404, &format!("Could not find version for id '{raw_id}'"));
    };
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        if name.trim().is_empty() {
            return field_error("name", "You must specify a valid version name");
        }
    }
    let version = &mut state.releases.versions[index];
    apply_changes(version, &body);
    Reply::json(200, &version_json(&request.base, version))
}

fn apply_changes(version: &mut Version, body: &Map<String, Value>) {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    if let Some(name) = text("name") {
        version.name = name.trim().to_string();
    }
    if let Some(description) = text("description") {
        version.description = Some(description);
    }
    if let Some(released) = body.get("released").and_then(Value::as_bool) {
        version.released = released;
    }
    if let Some(archived) = body.get("archived").and_then(Value::as_bool) {
        version.archived = archived;
    }
    if let Some(date) = text("releaseDate") {
        version.release_date = Some(date);
    }
    if let Some(date) = text("startDate") {
        version.start_date = Some(date);
    }
}

fn field_error(field: &str, message: &str) -> Reply {
    let mut errors = Map::new();
    errors.insert(field.to_string(), json!(message));
    Reply::field_errors(400, errors)
}
