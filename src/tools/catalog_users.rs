//! The user tools: one user, the user search and the assignable-user search (scopes from the spec's
//! `x-atlassian-oauth2-scopes` of each operation).

use serde_json::json;

use super::catalog::object;
use crate::tools::ToolSpec;

/// The granular scopes of `GET /rest/api/3/user` (and of `GET /rest/api/3/myself`).
pub(super) const GET_USER_GRANULAR: &[&str] =
    &["read:application-role:jira", "read:group:jira", "read:user:jira", "read:avatar:jira"];

fn limit() -> serde_json::Value {
    json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 50,
            "description": "How many users to return at most (pages of 50 are fetched as needed)." })
}

/// The user tools.
pub fn user_tools() -> Vec<ToolSpec> {
    vec![
        ToolSpec {
            name: "jira_get_user",
            description: "Get one Jira user by account id: account_id, display_name, email (null when the profile hides it), active and account_type.",
            input_schema: object(
                json!({ "account_id": { "type": "string", "minLength": 1, "maxLength": 128, "description": "The user's Atlassian account id, e.g. 5b10a2844c20165700ede21g." } }),
                &["account_id"],
            ),
            read_only: true,
            scopes: &["read:jira-user"],
            granular_scopes: GET_USER_GRANULAR,
            operations: &["GET /rest/api/3/user"],
        },
        ToolSpec {
            name: "jira_search_users",
            description: "Find Jira users whose display name or e-mail address starts with or contains the query. Returns `users`; each has account_id, display_name, email (null when hidden), active and account_type. Use the account_id to assign issues or mention people.",
            input_schema: object(
                json!({
                    "query": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Part of a display name or an e-mail address." },
                    "limit": limit(),
                }),
                &["query"],
            ),
            read_only: true,
            scopes: &["read:jira-user"],
            granular_scopes: &[
                "read:user:jira",
                "read:user.property:jira",
                "read:application-role:jira",
                "read:avatar:jira",
                "read:group:jira",
            ],
            operations: &["GET /rest/api/3/user/search"],
        },
        ToolSpec {
            name: "jira_search_assignable_users",
            description: "Find the users who can be assigned issues of a project (give `project_key`, for new issues) or one existing issue (give `issue_key`), optionally matching a name or e-mail query. Returns `users` with account_id, display_name, email (null when hidden), active and account_type.",
            input_schema: object(
                json!({
                    "query": { "type": "string", "maxLength": 255, "description": "Part of a display name or an e-mail address; omit to list all assignable users." },
                    "project_key": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Project key (ACME) or id; give this or `issue_key`." },
                    "issue_key": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Issue key (ACME-42) or id; give this or `project_key`." },
                    "limit": limit(),
                }),
                &[],
            ),
            read_only: true,
            scopes: &["read:jira-user"],
            granular_scopes: &[
                "read:issue:jira",
                "read:project:jira",
                "read:user:jira",
                "read:application-role:jira",
                "read:avatar:jira",
                "read:group:jira",
            ],
            operations: &["GET /rest/api/3/user/assignable/search"],
        },
    ]
}
