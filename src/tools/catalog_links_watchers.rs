//! The issue link, remote link and watcher tools. Scopes are the spec's for the one operation each tool calls
//! ("Current" classic, "Beta" granular).

use serde_json::{json, Value};

use super::catalog::{issue_key_arg, issue_only, object, tool};
use crate::tools::ToolSpec;

const READ: &[&str] = &["read:jira-work"];
const WRITE: &[&str] = &["write:jira-work"];

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/remotelink`.
pub(super) const GET_REMOTE_LINKS_GRANULAR: &[&str] = &["read:issue.remote-link:jira", "read:status:jira"];

/// The granular scopes of `GET /rest/api/3/issue/{issueIdOrKey}/watchers`.
pub(super) const GET_WATCHERS_GRANULAR: &[&str] = &["read:issue.watcher:jira", "read:user:jira", "read:avatar:jira"];

fn account_id_arg(what: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 128,
            "description": format!("The Atlassian account id of the user {what} (from jira_search_users or jira_get_myself).") })
}

/// The link and watcher tools.
pub fn links_watchers_tools() -> Vec<ToolSpec> {
    vec![
        tool(
            "jira_get_link_types",
            "List the kinds of link between issues on this site: id, name (Blocks), and the outward (blocks) and inward (is blocked by) descriptions.",
            object(json!({}), &[]),
            READ,
            &["read:issue-link-type:jira"],
            &["GET /rest/api/3/issueLinkType"],
        ),
        tool(
            "jira_create_issue_link",
            "Link two issues with a link type (name like Blocks, or its id; see jira_get_link_types), optionally adding a Markdown comment. The issues fill Jira's inwardIssue and outwardIssue. Returns the new link's id when Jira gives it.",
            object(
                json!({
                    "link_type": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Link type name (Blocks, Relates, Duplicate, Cloners) or id." },
                    "inward_issue": issue_key_arg(),
                    "outward_issue": issue_key_arg(),
                    "comment": { "type": "string", "maxLength": 32767, "description": "A comment added with the link, as Markdown." },
                }),
                &["link_type", "inward_issue", "outward_issue"],
            ),
            WRITE,
            &["write:comment:jira", "write:issue:jira", "write:issue-link:jira"],
            &["POST /rest/api/3/issueLink"],
        ),
        tool(
            "jira_remove_issue_link",
            "Remove a link between two issues, by the link's id (the `id` of an entry in the issue's `issuelinks` field).",
            object(
                json!({ "link_id": { "type": "string", "minLength": 1, "maxLength": 18, "pattern": "^[0-9]+$", "description": "The numeric id of the issue link." } }),
                &["link_id"],
            ),
            WRITE,
            &["delete:issue-link:jira"],
            &["DELETE /rest/api/3/issueLink/{linkId}"],
        ),
        tool(
            "jira_get_remote_links",
            "List the web links (remote links) on an issue: id, URL, title, summary, relationship and the application they come from.",
            issue_only(),
            READ,
            GET_REMOTE_LINKS_GRANULAR,
            &["GET /rest/api/3/issue/{issueIdOrKey}/remotelink"],
        ),
        tool(
            "jira_create_remote_link",
            "Add a web link (http or https URL with a title) to an issue. Returns the new remote link's id.",
            object(
                json!({
                    "issue_key": issue_key_arg(),
                    "url": { "type": "string", "minLength": 8, "maxLength": 2000, "description": "The http or https URL." },
                    "title": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The link text." },
                }),
                &["issue_key", "url", "title"],
            ),
            WRITE,
            &["write:issue:jira", "write:issue.remote-link:jira", "read:issue.remote-link:jira"],
            &["POST /rest/api/3/issue/{issueIdOrKey}/remotelink"],
        ),
        tool(
            "jira_get_watchers",
            "List who watches an issue, the watcher count, and whether the calling user watches it.",
            issue_only(),
            READ,
            GET_WATCHERS_GRANULAR,
            &["GET /rest/api/3/issue/{issueIdOrKey}/watchers"],
        ),
        tool(
            "jira_add_watcher",
            "Make a user watch an issue (they get its notifications).",
            object(json!({ "issue_key": issue_key_arg(), "account_id": account_id_arg("to add") }), &["issue_key", "account_id"]),
            WRITE,
            &["write:issue.watcher:jira"],
            &["POST /rest/api/3/issue/{issueIdOrKey}/watchers"],
        ),
        tool(
            "jira_remove_watcher",
            "Stop a user watching an issue (they no longer get its notifications).",
            object(json!({ "issue_key": issue_key_arg(), "account_id": account_id_arg("to remove") }), &["issue_key", "account_id"]),
            WRITE,
            &["write:issue.watcher:jira"],
            &["DELETE /rest/api/3/issue/{issueIdOrKey}/watchers"],
        ),
    ]
}
