//! The REST API table: which handler answers which method and path, plus the small user and project handlers.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::changelog::recording;
use super::exchange::{ApiRequest, Reply};
use super::render;
use super::state::{Project, State};
use super::{issues, search};

/// Answers an authenticated API request (path relative to the site root).
pub(crate) fn dispatch(state: &mut State, request: &ApiRequest) -> Reply {
    let segments: Vec<&str> = request.segments.iter().map(String::as_str).collect();
    if let ["rest", "agile", "1.0", agile_path @ ..] = segments.as_slice() {
        return super::agile::dispatch(state, request, agile_path);
    }
    let ["rest", "api", "3", api @ ..] = segments.as_slice() else {
        return Reply::not_implemented(request.method, &request.path);
    };
    if let Some(reply) = super::project_meta::dispatch(state, request, api) {
        return reply;
    }
    if let Some(reply) = super::field_catalog::dispatch(request, api) {
        return reply;
    }
    if let Some(reply) = super::attachments::dispatch(state, request, api) {
        return reply;
    }
    if let Some(reply) = super::votes_properties::dispatch(state, request, api) {
        return reply;
    }
    match (request.method, api) {
        ("GET", ["myself"]) => myself(state, request),
        ("POST", ["version"]) => super::releases::create_version(state, request),
        ("PUT", ["version", id]) => super::releases::update_version(state, request, id),
        ("GET", ["user"]) => super::users::get_user(state, request),
        ("GET", ["user", "groups"]) => super::users::groups(state, request),
        ("GET", ["user", "search"]) => super::users::search(state, request),
        ("GET", ["user", "assignable", "search"]) => super::users::assignable(state, request),
        ("GET", ["project", "search"]) => project_search(state, request),
        ("GET", ["search", "jql"]) => search::search_get(state, request),
        ("POST", ["search", "jql"]) => search::search_post(state, request),
        ("POST", ["issue"]) => issues::create_issue(state, request),
        ("GET", ["issue", key]) => issues::get_issue(state, request, key),
        ("PUT", ["issue", key]) => recording(state, key, |state| issues::edit_issue(state, request, key)),
        ("DELETE", ["issue", key]) => super::issue_ops::delete_issue(state, request, key),
        ("PUT", ["issue", key, "assignee"]) => {
            recording(state, key, |state| super::issue_ops::assign_issue(state, request, key))
        }
        ("GET", ["issue", key, "changelog"]) => super::changelog::get_changelog(state, request, key),
        ("POST", ["changelog", "bulkfetch"]) => super::changelog::bulk_fetch(state, request),
        ("GET", ["issue", key, "editmeta"]) => super::issue_ops::edit_meta(state, request, key),
        ("POST", ["issue", "bulkfetch"]) => super::issue_ops::bulk_fetch(state, request),
        ("POST", ["issue", "bulk"]) => super::issue_ops::bulk_create(state, request),
        ("POST", ["search", "approximate-count"]) => super::issue_ops::approximate_count(state, request),
        ("GET", ["issue", key, "transitions"]) => issues::get_transitions(state, request, key),
        ("POST", ["issue", key, "transitions"]) => {
            recording(state, key, |state| issues::transition_issue(state, request, key))
        }
        ("GET", ["issue", key, "comment"]) => super::comments_worklogs::get_comments(state, request, key),
        ("POST", ["issue", key, "comment"]) => super::comments_worklogs::add_comment(state, request, key),
        ("PUT", ["issue", key, "comment", id]) => super::comments_worklogs::edit_comment(state, request, key, id),
        ("DELETE", ["issue", key, "comment", id]) => super::comments_worklogs::delete_comment(state, key, id),
        ("GET", ["issue", key, "worklog"]) => super::comments_worklogs::get_worklogs(state, request, key),
        ("POST", ["issue", key, "worklog"]) => super::comments_worklogs::add_worklog(state, request, key),
        ("PUT", ["issue", key, "worklog", id]) => super::comments_worklogs::update_worklog(state, request, key, id),
        ("DELETE", ["issue", key, "worklog", id]) => super::comments_worklogs::delete_worklog(state, request, key, id),
        ("GET", ["issueLinkType"]) => super::links_watchers::link_types(state, request),
        ("POST", ["issueLink"]) => super::links_watchers::create_link(state, request),
        ("DELETE", ["issueLink", id]) => super::links_watchers::delete_link(state, id),
        ("GET", ["issue", key, "remotelink"]) => super::links_watchers::remote_links(state, request, key),
        ("POST", ["issue", key, "remotelink"]) => super::links_watchers::create_remote_link(state, request, key),
        ("GET", ["issue", key, "watchers"]) => super::links_watchers::watchers(state, request, key),
        ("POST", ["issue", key, "watchers"]) => super::links_watchers::add_watcher(state, request, key),
        ("DELETE", ["issue", key, "watchers"]) => super::links_watchers::remove_watcher(state, request, key),
        _ => Reply::not_implemented(request.method, &request.path),
    }
}

/// `GET /myself`: the authenticated user with the Cloud-only extras.
fn myself(state: &State, request: &ApiRequest) -> Reply {
    let Some(user) = state.current_user() else {
        return Reply::error(401, "Client must be authenticated to access this resource.");
    };
    let mut body = render::user_json(&request.base, user);
    body["locale"] = json!("en_GB");
    body["groups"] = json!({ "size": 3, "items": [] });
    body["applicationRoles"] = json!({ "size": 1, "items": [] });
    body["expand"] = json!("groups,applicationRoles");
    Reply::json(200, &body)
}

/// The largest page `/project/search` returns.
const PROJECT_PAGE_CAP: usize = 50;

/// `GET /project/search`: offset paging (`startAt`, `maxResults` capped at 50), `query` on key or name,
/// `keys`, `typeKey` and `orderBy` (`key`, `name`, `id`, optionally prefixed with `-` or `+`).
fn project_search(state: &State, request: &ApiRequest) -> Reply {
    let (start_at, max_results) =
        match (request.int_param("startAt", 0), request.int_param("maxResults", PROJECT_PAGE_CAP)) {
            (Ok(start_at), Ok(max_results)) => (start_at, max_results.min(PROJECT_PAGE_CAP)),
            (Err(reply), _) | (_, Err(reply)) => return reply,
        };
    let query = request.param("query").unwrap_or_default().to_lowercase();
    let keys = request.list_param("keys");
    let type_key = request.param("typeKey");
    let mut matching: Vec<&Project> = state
        .projects
        .iter()
        .filter(|project| {
            query.is_empty()
                || project.key.to_lowercase().contains(&query)
                || project.name.to_lowercase().contains(&query)
        })
        .filter(|project| keys.is_empty() || keys.iter().any(|k| k.eq_ignore_ascii_case(&project.key)))
        .filter(|project| type_key.is_none_or(|wanted| wanted == project.type_key))
        .collect();
    let order = request.param("orderBy").unwrap_or("key");
    let (descending, order_field) = match order.strip_prefix('-') {
        Some(field) => (true, field),
        None => (false, order.trim_start_matches('+')),
    };
    match order_field {
        "name" => matching.sort_by_key(|project| project.name.to_lowercase()),
        "id" => matching.sort_by_key(|project| project.id.parse::<u64>().unwrap_or(0)),
        _ => matching.sort_by_key(|project| project.key.clone()),
    }
    if descending {
        matching.reverse();
    }
    let total = matching.len();
    let values: Vec<Value> = matching
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|project| render::project_json(&request.base, project))
        .collect();
    let is_last = start_at + values.len() >= total;
    let page_url = |start: usize| {
        let mut url = format!("{}/rest/api/3/project/search?startAt={start}&maxResults={max_results}", request.base);
        for (name, value) in &request.query {
            if name != "startAt" && name != "maxResults" {
                let encoded = percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC);
                let _ = write!(url, "&{name}={encoded}");
            }
        }
        url
    };
    let mut body = json!({
        "self": page_url(start_at),
        "maxResults": max_results,
        "startAt": start_at,
        "total": total,
        "isLast": is_last,
        "values": values,
    });
    if !is_last {
        body["nextPage"] = json!(page_url(start_at + max_results));
    }
    Reply::json(200, &body)
}
