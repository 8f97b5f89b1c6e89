//! The site's field list (`GET /field`) and custom field contexts with their options
//! (`GET /field/{id}/context`, `GET /field/{id}/context/{contextId}/option`).
//!
//! The select field "Team" (`custom_fields.rs`) lists its options only through its context (it is on no
//! create screen).

use serde_json::{json, Value};

use super::custom_fields::{self, TEAM_FIELD, TEAM_OPTIONS};
use super::exchange::{ApiRequest, Reply};
use super::fields::{FIELDS, STORY_POINTS_FIELD};

const TEAM_CONTEXT: &str = "10130";

/// Answers the field routes; None for any other request.
pub(crate) fn dispatch(request: &ApiRequest, api: &[&str]) -> Option<Reply> {
    Some(match (request.method, api) {
        ("GET", ["field"]) => Reply::json(200, &field_list()),
        ("GET", ["field", id, "context"]) => with_custom_field(id, || {
            let context = json!({ "id": TEAM_CONTEXT, "name": "Default Configuration Scheme for Team",
                                  "isGlobalContext": true, "isAnyIssueType": true });
            values_page(request, vec![context])
        }),
        ("GET", ["field", id, "context", context, "option"]) => with_custom_field(id, || {
            if *context != TEAM_CONTEXT {
                return Reply::error(404, "The context was not found.");
            }
            let options = TEAM_OPTIONS
                .iter()
                .map(|(id, value, disabled)| json!({ "id": id, "value": value, "disabled": disabled }))
                .collect();
            values_page(request, options)
        }),
        _ => return None,
    })
}

fn with_custom_field(id: &str, answer: impl FnOnce() -> Reply) -> Reply {
    if id == TEAM_FIELD {
        answer()
    } else {
        Reply::error(404, "The custom field was not found.")
    }
}

/// The schema Jira gives each field.
fn schema(id: &str) -> Value {
    if let Some(schema) = custom_fields::schema(id) {
        return schema;
    }
    let system = |kind: &str| json!({ "type": kind, "system": id });
    match id {
        "summary" | "description" => system("string"),
        "status" | "issuetype" | "priority" | "project" | "resolution" => system(id),
        "assignee" | "reporter" | "creator" => system("user"),
        "labels" => json!({ "type": "array", "items": "string", "system": id }),
        "subtasks" => json!({ "type": "array", "items": "issuelinks", "system": id }),
        "comment" => json!({ "type": "comments-page", "system": id }),
        "created" | "updated" | "resolutiondate" => system("datetime"),
        "parent" => system("issuelink"),
        STORY_POINTS_FIELD => {
            json!({ "type": "number", "custom": "com.pyxis.greenhopper.jira:jsw-story-points", "customId": 10016 })
        }
        _ => system("any"),
    }
}

fn field_list() -> Value {
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|info| {
            let custom = info.id.starts_with("customfield_");
            let clause = match info.id.strip_prefix("customfield_") {
                Some(number) => vec![format!("cf[{number}]"), info.name.to_string()],
                None => vec![info.id.to_string()],
            };
            json!({ "id": info.id, "key": info.id, "name": info.name, "custom": custom, "orderable": true,
                    "navigable": info.navigable, "searchable": true, "clauseNames": clause, "schema": schema(info.id) })
        })
        .collect();
    Value::Array(fields)
}

fn values_page(request: &ApiRequest, values: Vec<Value>) -> Reply {
    let (start_at, max_results) = match (request.int_param("startAt", 0), request.int_param("maxResults", 50)) {
        (Ok(start_at), Ok(max_results)) => (start_at, max_results.clamp(1, 100)),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let total = values.len();
    let page: Vec<Value> = values.into_iter().skip(start_at).take(max_results).collect();
    let is_last = start_at + page.len() >= total;
    Reply::json(
        200,
        &json!({ "startAt": start_at, "maxResults": max_results, "total": total, "isLast": is_last, "values": page }),
    )
}
