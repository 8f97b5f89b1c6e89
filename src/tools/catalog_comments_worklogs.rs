//! The comment and worklog tools: list, edit and delete comments; list, log, change and delete worklogs.
//! Scopes are the spec's for the one operation each tool calls ("Current" classic, "Beta" granular).

use serde_json::{json, Value};

use super::catalog::{issue_key_arg, object, tool};
use crate::tools::ToolSpec;

const READ: &[&str] = &["read:jira-work"];
const WRITE: &[&str] = &["write:jira-work"];

/// The `visibility` argument comments and worklogs accept.
pub(super) fn visibility_arg() -> Value {
    json!({
        "type": "object",
        "description": "Restrict who sees it: {\"type\": \"role\", \"value\": \"Administrators\"} or {\"type\": \"group\", \"value\": \"jira-developers\"}. Omit for everyone who can see the issue.",
        "properties": {
            "type": { "type": "string", "enum": ["role", "group"] },
            "value": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The project role name or the group name." },
        },
        "required": ["type", "value"],
        "additionalProperties": false,
    })
}

fn id_arg(what: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 18, "pattern": "^[0-9]+$",
            "description": format!("The numeric id of the {what}.") })
}

fn limit(what: &str) -> Value {
    json!({ "type": "integer", "minimum": 1, "maximum": 5000, "default": 100,
            "description": format!("How many {what} to return at most (pages are fetched as needed).") })
}

fn duration(description: &str) -> Value {
    json!({ "type": "string", "minLength": 2, "maxLength": 40, "description": description })
}

fn worklog_properties(time_spent_description: &str) -> Value {
    json!({
        "issue_key": issue_key_arg(),
        "time_spent": duration(time_spent_description),
        "started": { "type": "string", "minLength": 10, "maxLength": 40, "description": "When the work started, ISO-8601: a date (2024-05-01, midnight UTC) or a date-time (2024-05-01T09:00:00+02:00). Jira uses now when omitted." },
        "comment": { "type": "string", "maxLength": 32767, "description": "What was done, as Markdown." },
        "visibility": visibility_arg(),
    })
}

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/comment`.
pub(super) const GET_COMMENTS_GRANULAR: &[&str] = &[
    "read:comment:jira",
    "read:comment.property:jira",
    "read:group:jira",
    "read:project:jira",
    "read:project-role:jira",
    "read:user:jira",
    "read:avatar:jira",
];

/// The granular scopes of adding (`POST .../comment`) and editing (`PUT .../comment/{id}`) a comment.
pub(super) const WRITE_COMMENT_GRANULAR: &[&str] = &[
    "read:comment:jira",
    "read:comment.property:jira",
    "read:group:jira",
    "read:project:jira",
    "read:project-role:jira",
    "read:user:jira",
    "write:comment:jira",
    "read:avatar:jira",
];

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/worklog`.
pub(super) const GET_WORKLOGS_GRANULAR: &[&str] = &[
    "read:group:jira",
    "read:issue-worklog:jira",
    "read:issue-worklog.property:jira",
    "read:project-role:jira",
    "read:user:jira",
    "read:avatar:jira",
];

/// The comment and worklog tools.
pub fn comments_worklogs_tools() -> Vec<ToolSpec> {
    let adjust = json!({ "type": "string", "enum": ["auto", "leave", "new", "manual"],
        "description": "How the remaining estimate changes: auto (by the time spent, the default), leave, new (set to `new_estimate`), manual (reduce by `reduce_by`)." });
    let mut add_properties = worklog_properties("Time spent, e.g. `1h 30m`, `2d`, `1w 2d 3h 4m` (units w, d, h, m).");
    add_properties["adjust_estimate"] = adjust.clone();
    add_properties["new_estimate"] = duration("The new remaining estimate, with adjust_estimate `new`.");
    add_properties["reduce_by"] =
        duration("How much to reduce the remaining estimate by, with adjust_estimate `manual`.");
    let mut update_properties = worklog_properties("The new time spent, e.g. `2h`.");
    update_properties["worklog_id"] = id_arg("worklog");
    update_properties["adjust_estimate"] = json!({ "type": "string", "enum": ["auto", "leave", "new"],
        "description": "How the remaining estimate changes: auto (the default), leave, or new (set to `new_estimate`)." });
    update_properties["new_estimate"] = duration("The new remaining estimate, with adjust_estimate `new`.");
    vec![
        tool(
            "jira_get_comments",
            "List an issue's comments, oldest first: id, author, the body as Markdown, created and updated dates, and the visibility restriction when there is one.",
            object(json!({ "issue_key": issue_key_arg(), "limit": limit("comments") }), &["issue_key"]),
            READ,
            GET_COMMENTS_GRANULAR,
            &["GET /rest/api/3/issue/{issueIdOrKey}/comment"],
        ),
        tool(
            "jira_edit_comment",
            "Replace the text of a comment (Markdown, sent as rich text), optionally changing who may see it. Returns the edited comment.",
            object(
                json!({
                    "issue_key": issue_key_arg(),
                    "comment_id": id_arg("comment (from jira_get_comments)"),
                    "body": { "type": "string", "minLength": 1, "maxLength": 32767, "description": "The new comment text, as Markdown." },
                    "visibility": visibility_arg(),
                }),
                &["issue_key", "comment_id", "body"],
            ),
            WRITE,
            WRITE_COMMENT_GRANULAR,
            &["PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id}"],
        ),
        tool(
            "jira_delete_comment",
            "Delete a comment from an issue. This cannot be undone.",
            object(
                json!({ "issue_key": issue_key_arg(), "comment_id": id_arg("comment (from jira_get_comments)") }),
                &["issue_key", "comment_id"],
            ),
            WRITE,
            &["delete:comment:jira", "delete:comment.property:jira"],
            &["DELETE /rest/api/3/issue/{issueIdOrKey}/comment/{id}"],
        ),
        tool(
            "jira_get_worklogs",
            "List the work logged on an issue, oldest first: id, author, time spent (text and seconds), when it started, the comment as Markdown.",
            object(json!({ "issue_key": issue_key_arg(), "limit": limit("worklogs") }), &["issue_key"]),
            READ,
            GET_WORKLOGS_GRANULAR,
            &["GET /rest/api/3/issue/{issueIdOrKey}/worklog"],
        ),
        tool(
            "jira_add_worklog",
            "Log work on an issue: time spent (\"1h 30m\"), optionally when it started, a Markdown comment, a visibility restriction, and how to adjust the remaining estimate. Returns the new worklog.",
            object(add_properties, &["issue_key", "time_spent"]),
            WRITE,
            &[
                "write:issue-worklog:jira",
                "write:issue-worklog.property:jira",
                "read:avatar:jira",
                "read:group:jira",
                "read:issue-worklog:jira",
                "read:project-role:jira",
                "read:user:jira",
                "read:issue-worklog.property:jira",
            ],
            &["POST /rest/api/3/issue/{issueIdOrKey}/worklog"],
        ),
        tool(
            "jira_update_worklog",
            "Change a worklog: time spent, start, comment (Markdown) or visibility; what is not given stays as it is. Returns the updated worklog.",
            object(update_properties, &["issue_key", "worklog_id"]),
            WRITE,
            &[
                "read:comment:jira",
                "read:group:jira",
                "read:issue-worklog:jira",
                "read:issue-worklog.property:jira",
                "read:project-role:jira",
                "read:user:jira",
                "write:comment:jira",
                "write:issue-worklog:jira",
                "write:issue-worklog.property:jira",
                "read:avatar:jira",
            ],
            &["PUT /rest/api/3/issue/{issueIdOrKey}/worklog/{id}"],
        ),
        tool(
            "jira_delete_worklog",
            "Delete a worklog from an issue, optionally saying how the remaining estimate changes (auto, leave, new with `new_estimate`, manual with `increase_by`).",
            object(
                json!({
                    "issue_key": issue_key_arg(),
                    "worklog_id": id_arg("worklog (from jira_get_worklogs)"),
                    "adjust_estimate": { "type": "string", "enum": ["auto", "leave", "new", "manual"], "description": "How the remaining estimate changes: auto (increase by the time spent, the default), leave, new, manual." },
                    "new_estimate": duration("The new remaining estimate, with adjust_estimate `new`."),
                    "increase_by": duration("How much to increase the remaining estimate by, with adjust_estimate `manual`."),
                }),
                &["issue_key", "worklog_id"],
            ),
            WRITE,
            &["delete:issue-worklog:jira", "delete:issue-worklog.property:jira", "write:issue.time-tracking:jira"],
            &["DELETE /rest/api/3/issue/{issueIdOrKey}/worklog/{id}"],
        ),
    ]
}
