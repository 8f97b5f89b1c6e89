//! Change history: every successful edit, transition or assignment through the fake is recorded as a Jira
//! change set (`GET /issue/{key}/changelog`, offset paging; `POST /changelog/bulkfetch`, token paging).
//!
//! Handlers that change issues stay unaware of it: `recording` snapshots the tracked fields around them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use super::adf;
use super::exchange::{ApiRequest, Reply, INVALID_PAYLOAD};
use super::render;
use super::state::{jira_timestamp, Issue, State};

/// The largest page `GET /issue/{key}/changelog` serves.
const PAGE_CAP: usize = 100;

/// One recorded change set.
pub(crate) struct History {
    pub issue_id: String,
    pub id: u64,
    pub author_id: String,
    pub created: i64,
    /// Jira change items (`field`, `fieldtype`, `fieldId`, `from`, `fromString`, `to`, `toString`).
    pub items: Vec<Value>,
}

/// Every change set, oldest first.
#[derive(Default)]
pub(crate) struct ChangelogState {
    pub histories: Vec<History>,
    pub next_id: u64,
}

/// A tracked field's value: (field id, raw id, display string).
type Tracked = Vec<(&'static str, Option<String>, Option<String>)>;

fn snapshot(state: &State, issue: &Issue) -> Tracked {
    let user = |id: &Option<String>| id.as_deref().and_then(|id| state.user(id)).map(|u| u.display_name.clone());
    vec![
        ("summary", None, Some(issue.summary.clone())),
        ("description", None, issue.description.as_ref().map(adf::plain_text)),
        ("status", Some(issue.status_id.clone()), state.status(&issue.status_id).map(|s| s.name.clone())),
        ("assignee", issue.assignee_id.clone(), user(&issue.assignee_id)),
        (
            "priority",
            issue.priority_id.clone(),
            issue.priority_id.as_deref().and_then(|id| state.priority(id)).map(|p| p.name.clone()),
        ),
        ("labels", None, Some(issue.labels.join(" ")).filter(|l| !l.is_empty())),
    ]
}

/// Runs `handle` (an edit of the issue `id_or_key`) and records what it changed when it succeeded.
pub(crate) fn recording(state: &mut State, id_or_key: &str, handle: impl FnOnce(&mut State) -> Reply) -> Reply {
    let before = state.issue(id_or_key).map(|issue| (issue.id.clone(), snapshot(state, issue)));
    let reply = handle(state);
    let Some((issue_id, before)) = before.filter(|_| (200..300).contains(&reply.status)) else { return reply };
    let Some(after) = state.issue(&issue_id).map(|issue| snapshot(state, issue)) else { return reply };
    let items: Vec<Value> = before
        .into_iter()
        .zip(after)
        .filter(|(old, new)| old != new)
        .map(|((field, from, from_string), (_, to, to_string))| {
            json!({ "field": field, "fieldtype": "jira", "fieldId": field, "from": from, "fromString": from_string,
                    "to": to, "toString": to_string })
        })
        .collect();
    if !items.is_empty() {
        let created = state.clock;
        let author_id = state.current_user_id.clone();
        let log = &mut state.changelog;
        log.next_id += 1;
        let id = 10_000 + log.next_id;
        log.histories.push(History { issue_id, id, author_id, created, items });
    }
    reply
}

fn history_json(state: &State, base: &str, history: &History, created: Value) -> Value {
    json!({
        "id": history.id.to_string(),
        "author": render::user_ref_json(state, base, Some(&history.author_id)),
        "created": created,
        "items": history.items,
    })
}

/// `GET /issue/{idOrKey}/changelog`: offset-paged change sets, oldest first.
pub(crate) fn get_changelog(state: &State, request: &ApiRequest, id_or_key: &str) -> Reply {
    let Some(issue) = state.issue(id_or_key) else {
        return Reply::error(404, "Issue does not exist or you do not have permission to see it.");
    };
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", PAGE_CAP)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.clamp(1, PAGE_CAP)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let all: Vec<&History> = state.changelog.histories.iter().filter(|h| h.issue_id == issue.id).collect();
    let values: Vec<Value> = all
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|h| history_json(state, &request.base, h, json!(jira_timestamp(h.created))))
        .collect();
    let is_last = start_at + values.len() >= all.len();
    Reply::json(
        200,
        &json!({
            "self": format!("{}/rest/api/3/issue/{}/changelog?startAt={start_at}&maxResults={max_results}", request.base, issue.key),
            "startAt": start_at, "maxResults": max_results, "total": all.len(), "isLast": is_last, "values": values,
        }),
    )
}

/// `POST /changelog/bulkfetch`: the change sets of up to 1000 issues, `fieldIds` filtering items, paged by
/// an opaque `nextPageToken` over at most `maxResults` change sets.
pub(crate) fn bulk_fetch(state: &State, request: &ApiRequest) -> Reply {
    let body = match request.json_object() {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    const KEYS: [&str; 4] = ["issueIdsOrKeys", "fieldIds", "maxResults", "nextPageToken"];
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
    let (Some(wanted), Some(field_ids)) = (strings("issueIdsOrKeys"), strings("fieldIds")) else {
        return Reply::error(400, INVALID_PAYLOAD);
    };
    if wanted.is_empty() || wanted.len() > 1000 || field_ids.len() > 10 {
        return Reply::error(400, "Provide 1 to 1000 issueIdsOrKeys and at most 10 fieldIds.");
    }
    let max_results = match body.get("maxResults") {
        None | Some(Value::Null) => 1000,
        Some(value) => match value.as_u64().filter(|n| (1..=10_000).contains(n)) {
            Some(n) => n as usize,
            None => return Reply::error(400, INVALID_PAYLOAD),
        },
    };
    let offset = match body.get("nextPageToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => match decode_token(token) {
            Some(offset) => offset,
            None => return Reply::error(400, "The provided next page token is invalid or expired."),
        },
    };
    let issue_ids: Vec<String> = wanted.iter().filter_map(|id| state.issue(id)).map(|i| i.id.clone()).collect();
    let mut selected: Vec<(&History, Vec<Value>)> = Vec::new();
    for issue_id in &issue_ids {
        for history in state.changelog.histories.iter().filter(|h| &h.issue_id == issue_id) {
            let items: Vec<Value> = history
                .items
                .iter()
                .filter(|item| {
                    field_ids.is_empty() || item["fieldId"].as_str().is_some_and(|f| field_ids.iter().any(|w| w == f))
                })
                .cloned()
                .collect();
            if !items.is_empty() {
                selected.push((history, items));
            }
        }
    }
    let page: Vec<&(&History, Vec<Value>)> = selected.iter().skip(offset).take(max_results).collect();
    let mut logs: Vec<Value> = Vec::new();
    for (history, items) in page.iter().map(|(h, i)| (*h, i)) {
        let mut entry = history_json(state, &request.base, history, json!(history.created * 1000));
        entry["items"] = json!(items);
        match logs.iter_mut().find(|log| log["issueId"] == history.issue_id.as_str()) {
            Some(log) => {
                if let Some(list) = log["changeHistories"].as_array_mut() {
                    list.push(entry);
                }
            }
            None => logs.push(json!({ "issueId": history.issue_id, "changeHistories": [entry] })),
        }
    }
    let next = offset + page.len();
    let mut out = json!({ "issueChangeLogs": logs });
    if next < selected.len() {
        out["nextPageToken"] = json!(URL_SAFE_NO_PAD.encode(format!("changelog:{next}")));
    }
    Reply::json(200, &out)
}

fn decode_token(token: &str) -> Option<usize> {
    let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    decoded.strip_prefix("changelog:")?.parse().ok()
}
