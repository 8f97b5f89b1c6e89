//! Users: one by account id (`GET /user`), the groups of one (`GET /user/groups`), the user search
//! (`GET /user/search`) and the assignable-user search (`GET /user/assignable/search`). Searches answer bare
//! arrays paged with `startAt`/`maxResults`, as Jira does.

use serde_json::{json, Value};

use super::exchange::{ApiRequest, Reply};
use super::render;
use super::state::{State, User};

/// The most users one search page holds, whatever `maxResults` asks.
const USER_PAGE_CAP: usize = 1000;

/// `GET /user?accountId=`.
pub(crate) fn get_user(state: &State, request: &ApiRequest) -> Reply {
    let Some(account_id) = request.param("accountId").filter(|id| !id.is_empty()) else {
        return Reply::error(400, "The accountId query parameter needs to be provided.");
    };
    match state.user(account_id) {
        Some(user) => Reply::json(200, &render::user_json(&request.base, user)),
        None => Reply::error(404, &format!("The user with account ID '{account_id}' does not exist")),
    }
}

/// The site's groups: name and group id.
const GROUPS: [(&str, &str); 2] = [
    ("jira-administrators", "276f955c-63d7-42c8-9520-92d01dca0625"),
    ("jira-software-users", "6e87dc72-4f1f-421f-9382-2fee8b652487"),
];

/// `GET /user/groups?accountId=`: the groups the user is in (Ada administers the site; everyone uses Jira).
pub(crate) fn groups(state: &State, request: &ApiRequest) -> Reply {
    let Some(account_id) = request.param("accountId").filter(|id| !id.is_empty()) else {
        return Reply::error(400, "The accountId query parameter needs to be provided.");
    };
    if state.user(account_id).is_none() {
        return Reply::error(404, &format!("The user with account ID '{account_id}' does not exist"));
    }
    let is_admin = account_id == super::seed::ADA;
    let groups: Vec<Value> = GROUPS
        .iter()
        .filter(|(name, _)| is_admin || *name != "jira-administrators")
        .map(|(name, id)| json!({ "name": name, "groupId": id, "self": format!("{}/rest/api/3/group?groupId={id}", request.base) }))
        .collect();
    Reply::json(200, &Value::Array(groups))
}

/// `GET /user/search?query=`: users whose display name or e-mail contains the query (case-insensitive).
pub(crate) fn search(state: &State, request: &ApiRequest) -> Reply {
    let query = request.param("query").unwrap_or_default().trim().to_lowercase();
    if query.is_empty() && request.param("accountId").is_none() {
        return Reply::error(400, "One of 'query' or 'accountId' query parameters must be provided.");
    }
    let matching = state.users.iter().filter(|user| matches(user, &query)).collect();
    page(request, matching)
}

/// `GET /user/assignable/search`: active users matching the query, for a project or an issue that exists.
pub(crate) fn assignable(state: &State, request: &ApiRequest) -> Reply {
    let project = request.param("project");
    let issue = request.param("issueKey").or(request.param("issueId"));
    let found = match (project, issue) {
        (Some(key), None) => state.project(key).is_some(),
        (None, Some(key)) => state.issue(key).is_some(),
        _ => return Reply::error(400, "Either a project key or an issue key must be specified."),
    };
    if !found {
        return Reply::error(404, "Issue or project does not exist or you do not have permission to see it.");
    }
    let query = request.param("query").unwrap_or_default().trim().to_lowercase();
    let matching = state.users.iter().filter(|user| user.active && matches(user, &query)).collect();
    page(request, matching)
}

fn matches(user: &User, query: &str) -> bool {
    query.is_empty() || user.display_name.to_lowercase().contains(query) || user.email.to_lowercase().contains(query)
}

fn page(request: &ApiRequest, users: Vec<&User>) -> Reply {
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", 50)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.min(USER_PAGE_CAP)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let values: Vec<Value> =
        users.into_iter().skip(start_at).take(max_results).map(|user| render::user_json(&request.base, user)).collect();
    Reply::json(200, &Value::Array(values))
}
