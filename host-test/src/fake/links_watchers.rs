//! Issue links (`/issueLinkType`, `/issueLink`), remote links (`/issue/{idOrKey}/remotelink`) and watchers
//! (`/issue/{idOrKey}/watchers`), validated like Jira: link types by name or id, a watcher body that is a bare
//! JSON string, remote links that need `object.url` and `object.title`.

use serde_json::{json, Value};

use super::adf;
use super::exchange::{ApiRequest, Reply};
use super::render;
use super::state::State;

/// A link between two issues (by issue id).
pub(crate) struct IssueLink {
    pub id: String,
    pub type_id: String,
    pub inward_id: String,
    pub outward_id: String,
}

/// A web link on an issue.
pub(crate) struct RemoteLink {
    pub id: u64,
    pub issue_id: String,
    pub url: String,
    pub title: String,
}

/// Link types, links, remote links and watchers (issue id, account id).
pub(crate) struct LinksState {
    /// (id, name, inward, outward).
    pub link_types: Vec<(&'static str, &'static str, &'static str, &'static str)>,
    pub links: Vec<IssueLink>,
    pub remote_links: Vec<RemoteLink>,
    pub watchers: Vec<(String, String)>,
    pub next_id: u64,
}

impl Default for LinksState {
    fn default() -> Self {
        LinksState {
            link_types: vec![
                ("10000", "Blocks", "is blocked by", "blocks"),
                ("10001", "Cloners", "is cloned by", "clones"),
                ("10002", "Duplicate", "is duplicated by", "duplicates"),
                ("10003", "Relates", "relates to", "relates to"),
            ],
            links: Vec::new(),
            remote_links: Vec::new(),
            watchers: Vec::new(),
            next_id: 10100,
        }
    }
}

fn issue_not_found() -> Reply {
    Reply::error(404, "Issue does not exist or you do not have permission to see it.")
}

/// `GET /issueLinkType`.
pub(crate) fn link_types(state: &State, request: &ApiRequest) -> Reply {
    let types: Vec<Value> = state
        .links
        .link_types
        .iter()
        .map(|(id, name, inward, outward)| {
            json!({ "id": id, "name": name, "inward": inward, "outward": outward,
                    "self": format!("{}/rest/api/3/issueLinkType/{id}", request.base) })
        })
        .collect();
    Reply::json(200, &json!({ "issueLinkTypes": types }))
}

/// The issue id an `{"key"}` or `{"id"}` reference names.
fn referenced_issue(state: &State, reference: Option<&Value>) -> Option<String> {
    let reference = reference?;
    let id_or_key = reference.get("key").or_else(|| reference.get("id")).and_then(Value::as_str)?;
    state.issue(id_or_key).map(|issue| issue.id.clone())
}

/// `POST /issueLink`: 201 with no body and the new link in `Location`.
pub(crate) fn create_link(state: &mut State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let wanted = body.get("type");
    let by = |key: &str| wanted.and_then(|t| t.get(key)).and_then(Value::as_str);
    let type_id = state
        .links
        .link_types
        .iter()
        .find(|(id, name, _, _)| by("id") == Some(*id) || by("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(|(id, ..)| id.to_string());
    let Some(type_id) = type_id else {
        return Reply::error(404, "No issue link type with name or id given found.");
    };
    let (Some(inward_id), Some(outward_id)) =
        (referenced_issue(state, body.get("inwardIssue")), referenced_issue(state, body.get("outwardIssue")))
    else {
        return issue_not_found();
    };
    if let Some(comment) = body.get("comment") {
        if !comment.get("body").is_some_and(adf::is_document) {
            return Reply::error(400, "The link comment body must be an Atlassian Document Format document.");
        }
    }
    // Linking the same pair with the same type again does not duplicate the link: Jira keeps the one it has.
    let existing = state
        .links
        .links
        .iter()
        .find(|l| l.type_id == type_id && l.inward_id == inward_id && l.outward_id == outward_id)
        .map(|l| l.id.clone());
    let id = match existing {
        Some(id) => id,
        None => {
            state.links.next_id += 1;
            let id = state.links.next_id.to_string();
            state.links.links.push(IssueLink { id: id.clone(), type_id, inward_id, outward_id });
            id
        }
    };
    let location = format!("{}/rest/api/3/issueLink/{id}", request.base);
    Reply { status: 201, headers: Vec::new(), body: Vec::new() }.with_header("Location", &location)
}

/// `DELETE /issueLink/{linkId}`: 204.
pub(crate) fn delete_link(state: &mut State, link_id: &str) -> Reply {
    let before = state.links.links.len();
    state.links.links.retain(|link| link.id != link_id);
    if state.links.links.len() == before {
        return Reply::error(404, &format!("No issue link with id '{link_id}' exists."));
    }
    Reply::no_content()
}

/// `GET /issue/{idOrKey}/remotelink`.
pub(crate) fn remote_links(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else { return issue_not_found() };
    let links: Vec<Value> = state
        .links
        .remote_links
        .iter()
        .filter(|link| link.issue_id == issue.id)
        .map(|link| {
            json!({
                "id": link.id,
                "self": format!("{}/rest/api/3/issue/{}/remotelink/{}", request.base, issue.key, link.id),
                "object": { "url": link.url, "title": link.title },
            })
        })
        .collect();
    Reply::json(200, &Value::Array(links))
}

/// `POST /issue/{idOrKey}/remotelink`: 201 `{"id", "self"}`.
pub(crate) fn create_remote_link(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some((issue_id, issue_key)) = state.issue(id_or_key).map(|i| (i.id.clone(), i.key.clone())) else {
        return issue_not_found();
    };
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let text = |key: &str| body.get("object").and_then(|o| o.get(key)).and_then(Value::as_str).map(str::to_string);
    let (Some(url), Some(title)) = (text("url"), text("title")) else {
        return Reply::error(400, "A remote link needs object.url and object.title.");
    };
    state.links.next_id += 1;
    let id = state.links.next_id;
    state.links.remote_links.push(RemoteLink { id, issue_id, url, title });
    Reply::json(
        201,
        &json!({ "id": id, "self": format!("{}/rest/api/3/issue/{issue_key}/remotelink/{id}", request.base) }),
    )
}

/// `GET /issue/{idOrKey}/watchers`.
pub(crate) fn watchers(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else { return issue_not_found() };
    let ids: Vec<&str> =
        state.links.watchers.iter().filter(|(issue_id, _)| *issue_id == issue.id).map(|(_, a)| a.as_str()).collect();
    let users: Vec<Value> = ids.iter().map(|id| render::user_ref_json(state, &request.base, Some(id))).collect();
    Reply::json(
        200,
        &json!({
            "self": format!("{}/rest/api/3/issue/{}/watchers", request.base, issue.key),
            "isWatching": ids.contains(&state.current_user_id.as_str()),
            "watchCount": ids.len(),
            "watchers": users,
        }),
    )
}

/// `POST /issue/{idOrKey}/watchers`: the body is the account id as a JSON string; 204.
pub(crate) fn add_watcher(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue_id) = state.issue(id_or_key).map(|i| i.id.clone()) else { return issue_not_found() };
    let Ok(Value::String(account_id)) = serde_json::from_slice::<Value>(request.body) else {
        return Reply::error(400, "The request body must be the account id as a JSON string.");
    };
    if state.user(&account_id).is_none() {
        return Reply::error(404, &format!("The user with account ID '{account_id}' does not exist."));
    }
    if !state.links.watchers.iter().any(|(i, a)| *i == issue_id && *a == account_id) {
        state.links.watchers.push((issue_id, account_id));
    }
    Reply::no_content()
}

/// `DELETE /issue/{idOrKey}/watchers?accountId=`: 204.
pub(crate) fn remove_watcher(state: &mut State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue_id) = state.issue(id_or_key).map(|i| i.id.clone()) else { return issue_not_found() };
    let Some(account_id) = request.param("accountId").map(str::to_string) else {
        return Reply::error(400, "The accountId query parameter is required.");
    };
    if state.user(&account_id).is_none() {
        return Reply::error(404, &format!("The user with account ID '{account_id}' does not exist."));
    }
    state.links.watchers.retain(|(i, a)| !(*i == issue_id && *a == account_id));
    Reply::no_content()
}
