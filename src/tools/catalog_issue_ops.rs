//! The issue tools beyond get and create: count, update, delete, assign, bulk get, batch create and the
//! edit metadata. Scopes are the spec's `x-atlassian-oauth2-scopes` of the operations each tool calls.

use serde_json::{json, Value};

use super::catalog::{
    issue_key_arg, issue_only, object, project_key_arg, string_list, union_scopes, GET_TRANSITIONS_GRANULAR,
    READ_ISSUE_GRANULAR,
};
use crate::tools::ToolSpec;

/// The operations of `jira_get_issue`: the issue, and those its `include` can add.
pub(super) const GET_ISSUE_OPERATIONS: &[&str] = &[
    "GET /rest/api/3/issue/{issueIdOrKey}",
    "GET /rest/api/3/issue/{issueIdOrKey}/comment",
    "GET /rest/api/3/issue/{issueIdOrKey}/transitions",
    "GET /rest/api/3/issue/{issueIdOrKey}/changelog",
    "GET /rest/api/3/issue/{issueIdOrKey}/worklog",
    "GET /rest/api/3/issue/{issueIdOrKey}/watchers",
    "GET /rest/api/3/issue/{issueIdOrKey}/remotelink",
];

/// The granular scopes of [`GET_ISSUE_OPERATIONS`] (the classic one is `read:jira-work` for all).
pub(super) const GET_ISSUE_GRANULAR: &[&str] = union_scopes!(
    READ_ISSUE_GRANULAR,
    super::catalog_comments_worklogs::GET_COMMENTS_GRANULAR,
    GET_TRANSITIONS_GRANULAR,
    CHANGELOG_GRANULAR,
    super::catalog_comments_worklogs::GET_WORKLOGS_GRANULAR,
    super::catalog_links_watchers::GET_WATCHERS_GRANULAR,
    super::catalog_links_watchers::GET_REMOTE_LINKS_GRANULAR,
);

/// What `jira_get_issue` can fetch and inline besides the issue.
pub(super) const INCLUDES: [&str; 6] = ["comments", "transitions", "changelog", "worklogs", "watchers", "remote_links"];

/// The `include` argument of `jira_get_issue`.
pub(super) fn include_arg() -> Value {
    json!({ "type": "array", "items": { "type": "string", "enum": INCLUDES }, "maxItems": 6,
            "description": "Also fetch and inline these, each under its own key: comments, transitions, changelog, worklogs, watchers, remote_links." })
}

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/changelog` (and of the bulk fetch).
const CHANGELOG_GRANULAR: &[&str] = &["read:issue-meta:jira", "read:avatar:jira", "read:issue.changelog:jira"];

/// The granular scopes of creating issues, `POST /rest/api/3/issue` (one) and `/issue/bulk`.
const POST_ISSUE_GRANULAR: &[&str] = &[
    "write:issue:jira",
    "write:comment:jira",
    "write:comment.property:jira",
    "write:attachment:jira",
    "read:issue:jira",
];

/// The granular scopes of `PUT /rest/api/3/issue/{issueIdOrKey}` (and of `PUT .../assignee`).
const EDIT_ISSUE_GRANULAR: &[&str] = &["write:issue:jira"];

/// The granular scopes of `GET /rest/api/3/field`, the field list.
pub(super) const FIELD_LIST_GRANULAR: &[&str] = &[
    "read:field:jira",
    "read:avatar:jira",
    "read:project-category:jira",
    "read:project:jira",
    "read:field-configuration:jira",
];

/// The granular scopes of the tools that create issues: the creation, and the field list.
pub(super) const CREATE_ISSUE_GRANULAR: &[&str] = union_scopes!(POST_ISSUE_GRANULAR, FIELD_LIST_GRANULAR);

/// The granular scopes of `jira_update_issue`: the edit, the issue it reads back, and the field list.
const UPDATE_ISSUE_TOOL_GRANULAR: &[&str] =
    union_scopes!(EDIT_ISSUE_GRANULAR, READ_ISSUE_GRANULAR, FIELD_LIST_GRANULAR);

/// The field list, read by the tools whose `fields` take display names (only when a name is used).
pub(super) const FIELD_LIST_OPERATION: &str = "GET /rest/api/3/field";

/// The `fields` argument of the tools that write an issue: fields by display name or by id.
pub(super) fn fields_arg(what: &str) -> Value {
    let description = format!(
        "{what}, by display name (\"Story Points\") or id (customfield_10016), e.g. {{\"Story Points\": 5, \"Team\": \"Red\"}}. \
         By name, plain values take the field's shape: option text for a select, a list of them for a multi-select, \
         an account id for a user, a number, a date (2024-06-30), labels, a sprint id, Markdown for rich text. \
         By id, values are sent as given, in Jira's shape (e.g. {{\"customfield_10020\": {{\"value\": \"Red\"}}}})."
    );
    json!({ "type": "object", "description": description })
}

/// The arguments of one new issue, as `jira_create_issue` takes them.
pub(super) fn new_issue_schema() -> Value {
    object(
        json!({
            "project_key": project_key_arg(),
            "summary": { "type": "string", "minLength": 1, "maxLength": 255, "description": "One-line summary." },
            "issue_type": { "type": "string", "minLength": 1, "description": "Issue type name (Task, Bug, Story, Epic, Subtask) or id." },
            "description": { "type": "string", "description": "Description in Markdown." },
            "assignee_account_id": { "type": "string", "minLength": 1, "description": "Account id of the assignee." },
            "labels": string_list("Labels (no spaces)."),
            "priority": { "type": "string", "minLength": 1, "description": "Priority name (High) or id." },
            "parent_key": { "type": "string", "minLength": 1, "description": "Parent issue key, for sub-tasks and child issues." },
            "fields": fields_arg("Extra fields"),
        }),
        &["project_key", "summary", "issue_type"],
    )
}

fn issue_keys(max: u32) -> Value {
    json!({ "type": "array", "items": issue_key_arg(), "minItems": 1, "maxItems": max,
            "description": "Issue keys (ACME-42) or ids." })
}

/// The issue tools of this module.
pub fn issue_ops_tools() -> Vec<ToolSpec> {
    vec![
        ToolSpec {
            name: "jira_count_issues",
            description: "Count the issues matching a JQL query (approximate, fast; the query must be bounded, e.g. `project = ACME AND status != Done`). Returns `count`.",
            input_schema: object(
                json!({ "jql": { "type": "string", "minLength": 1, "maxLength": 20000, "description": "The JQL query; it must restrict the search." } }),
                &["jql"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: super::catalog::SEARCH_GRANULAR,
            operations: &["POST /rest/api/3/search/approximate-count"],
        },
        ToolSpec {
            name: "jira_update_issue",
            description: "Update an issue's summary, description (Markdown; images already in the description are kept), labels (replacing them; [] clears), priority, assignee or other fields by display name or id. Only the given fields change.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "summary": { "type": "string", "minLength": 1, "maxLength": 255, "description": "New one-line summary." },
                    "description": { "type": "string", "description": "New description in Markdown." },
                    "labels": string_list("The new labels (no spaces); replaces the current ones."),
                    "priority": { "type": "string", "minLength": 1, "description": "Priority name (High) or id." },
                    "assignee_account_id": { "type": "string", "minLength": 1, "maxLength": 128, "description": "Account id of the new assignee (use jira_assign_issue to unassign)." },
                    "fields": fields_arg("Other fields to change"),
                    "notify_users": { "type": "boolean", "default": true, "description": "Whether Jira e-mails the watchers about the change." },
                }),
                &["issue_key"],
            ),
            read_only: false,
            scopes: &["read:jira-work", "write:jira-work"],
            granular_scopes: UPDATE_ISSUE_TOOL_GRANULAR,
            operations: &[
                "PUT /rest/api/3/issue/{issueIdOrKey}",
                "GET /rest/api/3/issue/{issueIdOrKey}",
                FIELD_LIST_OPERATION,
            ],
        },
        ToolSpec {
            name: "jira_delete_issue",
            description: "Delete an issue permanently. An issue with sub-tasks is deleted only with `delete_subtasks: true`, which deletes them too.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "delete_subtasks": { "type": "boolean", "default": false, "description": "Also delete the issue's sub-tasks (required when it has some)." },
                }),
                &["issue_key"],
            ),
            read_only: false,
            scopes: &["write:jira-work"],
            granular_scopes: &["delete:issue:jira"],
            operations: &["DELETE /rest/api/3/issue/{issueIdOrKey}"],
        },
        ToolSpec {
            name: "jira_assign_issue",
            description: "Assign an issue to a user by account id, or unassign it with `account_id: null`.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "account_id": { "type": ["string", "null"], "minLength": 1, "maxLength": 128, "description": "The assignee's account id; null unassigns." },
                }),
                &["issue_key"],
            ),
            read_only: false,
            scopes: &["write:jira-work"],
            granular_scopes: EDIT_ISSUE_GRANULAR,
            operations: &["PUT /rest/api/3/issue/{issueIdOrKey}/assignee", "PUT /rest/api/3/issue/{issueIdOrKey}"],
        },
        ToolSpec {
            name: "jira_bulk_get_issues",
            description: "Get many issues by key or id at once (100 per Jira request), each in the same shape as jira_get_issue. `issue_errors` lists issues Jira could not return, `not_found` the keys that do not exist or are not visible.",
            input_schema: object(
                json!({
                    "issue_keys": issue_keys(1000),
                    "fields": string_list("Extra field ids to return besides the standard ones."),
                }),
                &["issue_keys"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: READ_ISSUE_GRANULAR,
            operations: &["POST /rest/api/3/issue/bulkfetch"],
        },
        ToolSpec {
            name: "jira_batch_create_issues",
            description: "Create many issues at once (50 per Jira request), each with the arguments of jira_create_issue. Returns `created` (index, id, key, url) and `errors` (index, status, error_messages, errors) for the issues Jira refused; the others are still created.",
            input_schema: object(
                json!({ "issues": { "type": "array", "items": new_issue_schema(), "minItems": 1, "maxItems": 1000,
                                    "description": "The issues to create, in order." } }),
                &["issues"],
            ),
            read_only: false,
            scopes: &["write:jira-work", "read:jira-work"],
            granular_scopes: CREATE_ISSUE_GRANULAR,
            operations: &["POST /rest/api/3/issue/bulk", FIELD_LIST_OPERATION],
        },
        ToolSpec {
            name: "jira_get_changelog",
            description: "Get an issue's change history, oldest first: who changed which field when, with old and new values (all pages, up to `limit`).",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "limit": { "type": "integer", "minimum": 1, "maximum": 10000, "default": 1000, "description": "How many change sets to return at most." },
                }),
                &["issue_key"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: CHANGELOG_GRANULAR,
            operations: &["GET /rest/api/3/issue/{issueIdOrKey}/changelog"],
        },
        ToolSpec {
            name: "jira_batch_get_changelogs",
            description: "Get the change histories of many issues at once (all pages), optionally only the changes of some fields; grouped by issue id.",
            input_schema: object(
                json!({
                    "issue_keys": issue_keys(1000),
                    "field_ids": { "type": "array", "items": { "type": "string", "minLength": 1 }, "maxItems": 10,
                                   "description": "Only changes of these field ids (e.g. [\"status\", \"assignee\"]), at most 10." },
                }),
                &["issue_keys"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: CHANGELOG_GRANULAR,
            operations: &["POST /rest/api/3/changelog/bulkfetch"],
        },
        ToolSpec {
            name: "jira_get_edit_fields",
            description: "List the fields that can be edited on an issue now: id, name, required, schema type, item type, custom type, the update operations they support and their allowed values.",
            input_schema: issue_only(),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: &["read:issue-meta:jira", "read:field-configuration:jira"],
            operations: &["GET /rest/api/3/issue/{issueIdOrKey}/editmeta"],
        },
    ]
}
