//! The table of tools: names, descriptions, argument schemas, and the OAuth scopes of the Jira operations
//! each tool calls (classic from the spec's "Current" scopes, granular from its "Beta" ones).

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::tools::ToolSpec;

/// A tool whose read-only flag follows its operations: read-only when every operation is a GET.
pub(super) fn tool(
    name: &'static str,
    description: &'static str,
    input_schema: Value,
    scopes: &'static [&'static str],
    granular_scopes: &'static [&'static str],
    operations: &'static [&'static str],
) -> ToolSpec {
    let read_only = operations.iter().all(|op| op.starts_with("GET "));
    ToolSpec { name, description, input_schema, read_only, scopes, granular_scopes, operations }
}

/// The scope lists of several Jira operations as one list, in order, each scope once: the way a tool's
/// scopes follow from the operations it calls. A constant, like the lists it joins.
macro_rules! union_scopes {
    ($($list:expr),+ $(,)?) => {{
        const LISTS: &[&[&str]] = &[$($list),+];
        const UNION: [&str; $crate::tools::catalog::union_len(LISTS)] = $crate::tools::catalog::union(LISTS);
        &UNION
    }};
}
pub(super) use union_scopes;

/// How many distinct scopes `lists` hold.
pub(super) const fn union_len(lists: &[&[&'static str]]) -> usize {
    let (mut len, mut i) = (0, 0);
    while i < flat_len(lists) {
        if first_time(lists, i) {
            len += 1;
        }
        i += 1;
    }
    len
}

/// The distinct scopes of `lists`, in their first order; `N` is their [`union_len`].
pub(super) const fn union<const N: usize>(lists: &[&[&'static str]]) -> [&'static str; N] {
    let (mut out, mut len, mut i) = ([""; N], 0, 0);
    while i < flat_len(lists) {
        if first_time(lists, i) {
            out[len] = flat_at(lists, i);
            len += 1;
        }
        i += 1;
    }
    assert!(len == N, "N must be the union_len of the lists");
    out
}

const fn flat_len(lists: &[&[&str]]) -> usize {
    let (mut len, mut l) = (0, 0);
    while l < lists.len() {
        len += lists[l].len();
        l += 1;
    }
    len
}

/// The `i`-th scope of the lists one after the other.
const fn flat_at(lists: &[&[&'static str]], mut i: usize) -> &'static str {
    let mut l = 0;
    while i >= lists[l].len() {
        i -= lists[l].len();
        l += 1;
    }
    lists[l][i]
}

/// Whether the `i`-th scope does not stand earlier.
const fn first_time(lists: &[&[&'static str]], i: usize) -> bool {
    let scope = flat_at(lists, i).as_bytes();
    let mut j = 0;
    while j < i {
        let other = flat_at(lists, j).as_bytes();
        let mut same = other.len() == scope.len();
        let mut b = 0;
        while same && b < scope.len() {
            same = other[b] == scope[b];
            b += 1;
        }
        if same {
            return false;
        }
        j += 1;
    }
    true
}

/// The granular scopes of the JQL search endpoints (`/search/jql` and `/search/approximate-count`).
pub(super) const SEARCH_GRANULAR: &[&str] = &[
    "read:issue-details:jira",
    "read:field.default-value:jira",
    "read:field.option:jira",
    "read:field:jira",
    "read:group:jira",
];

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}` (and of the bulk fetch).
pub(super) const READ_ISSUE_GRANULAR: &[&str] = &[
    "read:issue-meta:jira",
    "read:issue-security-level:jira",
    "read:issue.vote:jira",
    "read:issue.changelog:jira",
    "read:avatar:jira",
    "read:issue:jira",
    "read:status:jira",
    "read:user:jira",
    "read:field-configuration:jira",
];

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/transitions`.
pub(super) const GET_TRANSITIONS_GRANULAR: &[&str] =
    &["read:issue.transition:jira", "read:status:jira", "read:field-configuration:jira"];

/// The granular scopes of `POST /rest/api/3/issue/{issueIdOrKey}/transitions`.
const DO_TRANSITION_GRANULAR: &[&str] = &["write:issue:jira", "write:issue.property:jira"];

/// The granular scopes of `jira_transition_issue`: its transitions, the issue it reads back, the field list.
const TRANSITION_ISSUE_TOOL_GRANULAR: &[&str] = union_scopes!(
    GET_TRANSITIONS_GRANULAR,
    DO_TRANSITION_GRANULAR,
    READ_ISSUE_GRANULAR,
    super::catalog_issue_ops::FIELD_LIST_GRANULAR,
);

pub(super) fn issue_key_arg() -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 255,
            "description": "Issue key like ACME-42, or the numeric issue id." })
}

pub(super) fn project_key_arg() -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 255, "description": "Project key like ACME, or the numeric project id." })
}

/// The arguments of a tool that takes only an issue.
pub(super) fn issue_only() -> Value {
    object(json!({ "issue_key": issue_key_arg() }), &["issue_key"])
}

pub(super) fn object(properties: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

pub(super) fn string_list(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string", "minLength": 1 }, "maxItems": 200, "description": description })
}

/// Every tool the connector offers (the Jira Software ones from `catalog_agile`), built on first use and kept:
/// every call of a tool looks its spec up here, and building 72 JSON Schemas each time would cost more than the
/// rest of a call's own work.
pub fn catalog() -> &'static [ToolSpec] {
    static CATALOG: OnceLock<Vec<ToolSpec>> = OnceLock::new();
    CATALOG.get_or_init(build_catalog)
}

fn build_catalog() -> Vec<ToolSpec> {
    let mut tools = vec![
        ToolSpec {
            name: "jira_get_myself",
            description: "Get the Jira user the credentials belong to: account id, display name, email (null when hidden), active flag and time zone.",
            input_schema: object(json!({}), &[]),
            read_only: true,
            scopes: &["read:jira-user"],
            granular_scopes: super::catalog_users::GET_USER_GRANULAR,
            operations: &["GET /rest/api/3/myself"],
        },
        ToolSpec {
            name: "jira_get_issue",
            description: "Get one Jira issue by key or id: summary, status, type, priority, assignee, reporter, labels, dates, the description as text, its browse URL, and the raw fields (custom fields included). `include` fetches and inlines more: comments, transitions, changelog, worklogs, watchers, remote_links, attachments.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "fields": string_list("Extra field ids to return besides the standard ones, e.g. [\"customfield_10016\"]; [\"*all\"] for every field."),
                    "expand": string_list("Jira expansions, e.g. [\"renderedFields\", \"names\", \"changelog\"]."),
                    "include": super::catalog_attachments::include_arg(),
                }),
                &["issue_key"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: super::catalog_issue_ops::GET_ISSUE_GRANULAR,
            operations: super::catalog_issue_ops::GET_ISSUE_OPERATIONS,
        },
        ToolSpec {
            name: "jira_search",
            description: "Search Jira issues with JQL (e.g. `project = ACME AND status != Done ORDER BY updated DESC`). Returns up to `limit` issues (default 50) and a `next_page_token` to continue when there are more.",
            input_schema: object(
                json!({
                    "jql": { "type": "string", "minLength": 1, "maxLength": 20000, "description": "The JQL query; it must restrict the search (Jira refuses unbounded queries)." },
                    "fields": string_list("Extra field ids to return besides the standard ones."),
                    "limit": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 50, "description": "How many issues to return at most (several Jira pages are fetched as needed)." },
                    "next_page_token": { "type": "string", "minLength": 1, "description": "The `next_page_token` of a previous result, to continue it." },
                }),
                &["jql"],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: SEARCH_GRANULAR,
            operations: &["POST /rest/api/3/search/jql"],
        },
        ToolSpec {
            name: "jira_create_issue",
            description: "Create a Jira issue. The description is Markdown (sent as Atlassian Document Format); other fields go in `fields`, by display name or id. Returns the new issue's id, key and browse URL.",
            input_schema: super::catalog_issue_ops::new_issue_schema(),
            read_only: false,
            scopes: &["write:jira-work", "read:jira-work"],
            granular_scopes: super::catalog_issue_ops::CREATE_ISSUE_GRANULAR,
            operations: &["POST /rest/api/3/issue", super::catalog_issue_ops::FIELD_LIST_OPERATION],
        },
        ToolSpec {
            name: "jira_list_projects",
            description: "List the Jira projects the user can see, optionally filtered by text matched against project key and name.",
            input_schema: object(
                json!({
                    "query": { "type": "string", "description": "Text to match against project key and name." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 50, "description": "How many projects to return at most." },
                }),
                &[],
            ),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: super::catalog_metadata::GET_PROJECT_GRANULAR,
            operations: &["GET /rest/api/3/project/search"],
        },
        ToolSpec {
            name: "jira_get_transitions",
            description: "List the workflow transitions available on an issue now, with the status each leads to.",
            input_schema: issue_only(),
            read_only: true,
            scopes: &["read:jira-work"],
            granular_scopes: GET_TRANSITIONS_GRANULAR,
            operations: &["GET /rest/api/3/issue/{issueIdOrKey}/transitions"],
        },
        ToolSpec {
            name: "jira_transition_issue",
            description: "Move an issue through a workflow transition, given by id or by name (case-insensitive; a target status name also works), optionally with a comment and fields of the transition screen (by display name or id). Returns the issue's new status.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "transition": { "type": "string", "minLength": 1, "description": "Transition id (\"21\") or name (\"Start progress\")." },
                    "comment": { "type": "string", "description": "Comment in Markdown, added with the transition." },
                    "fields": super::catalog_issue_ops::fields_arg("Fields of the transition screen to set (e.g. a resolution)"),
                }),
                &["issue_key", "transition"],
            ),
            read_only: false,
            scopes: &["read:jira-work", "write:jira-work"],
            granular_scopes: TRANSITION_ISSUE_TOOL_GRANULAR,
            operations: &[
                "GET /rest/api/3/issue/{issueIdOrKey}/transitions",
                "POST /rest/api/3/issue/{issueIdOrKey}/transitions",
                "GET /rest/api/3/issue/{issueIdOrKey}",
                super::catalog_issue_ops::FIELD_LIST_OPERATION,
            ],
        },
        ToolSpec {
            name: "jira_add_comment",
            description: "Add a comment to an issue, written as Markdown (sent as rich text), optionally visible only to a project role or a group.",
            input_schema: object(
                json!({
                    "issue_key": issue_key_arg(),
                    "body": { "type": "string", "minLength": 1, "maxLength": 32767, "description": "The comment text, as Markdown." },
                    "visibility": super::catalog_comments_worklogs::visibility_arg(),
                }),
                &["issue_key", "body"],
            ),
            read_only: false,
            scopes: &["write:jira-work"],
            granular_scopes: super::catalog_comments_worklogs::WRITE_COMMENT_GRANULAR,
            operations: &["POST /rest/api/3/issue/{issueIdOrKey}/comment"],
        },
    ];
    tools.extend(super::catalog_agile::agile_tools());
    tools.extend(super::catalog_comments_worklogs::comments_worklogs_tools());
    tools.extend(super::catalog_links_watchers::links_watchers_tools());
    tools.extend(super::catalog_users::user_tools());
    tools.extend(super::catalog_metadata::metadata_tools());
    tools.extend(super::catalog_request::request_tools());
    tools.extend(super::catalog_issue_ops::issue_ops_tools());
    tools.extend(super::catalog_attachments::attachment_tools());
    super::examples::add_examples(&mut tools);
    tools
}
