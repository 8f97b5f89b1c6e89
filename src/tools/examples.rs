//! Example arguments of every tool, published in each tool's input schema as the JSON Schema `examples`
//! keyword (so `list-tools` and `jira-host tools` show them). One table, read by tool name; the tests check
//! that every tool of the catalog has an example and that each one passes the tool's own schema, and the host's
//! integration tests (`host-test/tests/integration/examples.rs`) run every one against the fake Jira.

use serde_json::{json, Value};

use crate::tools::ToolSpec;

/// Puts each tool's examples (if any) into its input schema under `examples`.
pub(super) fn add_examples(tools: &mut [ToolSpec]) {
    let table = table();
    for tool in tools {
        let examples: Vec<Value> =
            table.iter().filter(|(name, _)| *name == tool.name).map(|(_, example)| example.clone()).collect();
        if let (false, Some(schema)) = (examples.is_empty(), tool.input_schema.as_object_mut()) {
            schema.insert("examples".into(), Value::Array(examples));
        }
    }
}

/// The tool names the table has examples for.
#[cfg(test)]
pub(super) fn tools_with_examples() -> Vec<&'static str> {
    table().into_iter().map(|(name, _)| name).collect()
}

/// Every example: a tool name and one arguments object (a tool may have several).
///
/// The examples name what the fake Jira of `jira-host` seeds (`jira-host serve-fake`), so that each one runs as
/// published there: project ACME and its issues ACME-1 (the "Checkout revamp" epic) to ACME-6, comment 10001,
/// worklog 10000, link 10100, version 10101, attachment 10000, board 1 with sprints 1 (closed), 2 (active) and
/// 3 (future), and the users Ada Lovelace, Grace Hopper and Alan Turing. The host's integration tests run them all.
fn table() -> Vec<(&'static str, Value)> {
    const ADA: &str = "5b10a2844c20165700ede21g";
    const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";
    const ALAN: &str = "5b109f2e9729b51b54dc274d";
    vec![
        // Issues: read, search, create, change.
        ("jira_get_myself", json!({})),
        ("jira_get_issue", json!({ "issue_key": "ACME-2" })),
        (
            "jira_get_issue",
            json!({ "issue_key": "ACME-2", "fields": ["summary", "status", "customfield_10016"],
                    "include": ["comments", "transitions"] }),
        ),
        ("jira_search", json!({ "jql": "project = ACME AND status != Done ORDER BY updated DESC", "limit": 20 })),
        (
            "jira_count_issues",
            json!({ "jql": "project = ACME AND assignee = currentUser() AND resolution = Unresolved" }),
        ),
        (
            "jira_create_issue",
            json!({ "project_key": "ACME", "summary": "Checkout fails for expired saved cards", "issue_type": "Bug",
                    "description": "Steps:\n1. Save a card that has expired\n2. Pay with it\n\n**Expected:** a clear error.",
                    "priority": "High", "labels": ["checkout", "payments"],
                    "fields": { "Story Points": 3, "Team": "Red" } }),
        ),
        (
            "jira_create_issue",
            json!({ "project_key": "ACME", "summary": "Write the saved-card migration notes", "issue_type": "Subtask",
                    "parent_key": "ACME-2", "assignee_account_id": ADA }),
        ),
        (
            "jira_update_issue",
            json!({ "issue_key": "ACME-2", "summary": "Pay with a saved card in one click",
                    "labels": ["payments", "checkout"], "fields": { "Story Points": 5 }, "notify_users": false }),
        ),
        ("jira_delete_issue", json!({ "issue_key": "ACME-4", "delete_subtasks": true })),
        ("jira_assign_issue", json!({ "issue_key": "ACME-6", "account_id": GRACE })),
        ("jira_assign_issue", json!({ "issue_key": "ACME-3", "account_id": null })),
        (
            "jira_bulk_get_issues",
            json!({ "issue_keys": ["ACME-1", "ACME-2", "ACME-3"], "fields": ["summary", "status", "customfield_10016"] }),
        ),
        (
            "jira_batch_create_issues",
            json!({ "issues": [
                { "project_key": "ACME", "summary": "Design the new onboarding", "issue_type": "Story" },
                { "project_key": "ACME", "summary": "Track onboarding drop-off", "issue_type": "Task",
                  "labels": ["analytics"] },
            ] }),
        ),
        ("jira_get_changelog", json!({ "issue_key": "ACME-2", "limit": 100 })),
        (
            "jira_batch_get_changelogs",
            json!({ "issue_keys": ["ACME-2", "ACME-3"], "field_ids": ["status", "assignee"] }),
        ),
        ("jira_get_edit_fields", json!({ "issue_key": "ACME-2" })),
        ("jira_list_projects", json!({ "query": "mobile", "limit": 10 })),
        ("jira_get_transitions", json!({ "issue_key": "ACME-3" })),
        ("jira_transition_issue", json!({ "issue_key": "ACME-3", "transition": "In Progress" })),
        (
            "jira_transition_issue",
            json!({ "issue_key": "ACME-2", "transition": "31", "comment": "Shipped in **1.1**.",
                    "fields": { "resolution": { "name": "Done" } } }),
        ),
        // Comments and worklogs.
        (
            "jira_add_comment",
            json!({ "issue_key": "ACME-2", "body": "Reproduced on **staging**; see `checkout.log`." }),
        ),
        (
            "jira_add_comment",
            json!({ "issue_key": "ACME-2", "body": "Customer name is in the ticket.",
                    "visibility": { "type": "role", "value": "Administrators" } }),
        ),
        ("jira_get_comments", json!({ "issue_key": "ACME-2", "limit": 50 })),
        (
            "jira_edit_comment",
            json!({ "issue_key": "ACME-2", "comment_id": "10001",
                    "body": "Thanks! The API part is done; starting on the **UI** today." }),
        ),
        ("jira_delete_comment", json!({ "issue_key": "ACME-2", "comment_id": "10001" })),
        ("jira_get_worklogs", json!({ "issue_key": "ACME-2" })),
        (
            "jira_add_worklog",
            json!({ "issue_key": "ACME-2", "time_spent": "1h 30m", "started": "2024-05-22T09:00:00+02:00",
                    "comment": "Pairing on the card vault." }),
        ),
        (
            "jira_add_worklog",
            json!({ "issue_key": "ACME-2", "time_spent": "2h", "adjust_estimate": "new", "new_estimate": "4h" }),
        ),
        ("jira_update_worklog", json!({ "issue_key": "ACME-2", "worklog_id": "10000", "time_spent": "3h 30m" })),
        ("jira_delete_worklog", json!({ "issue_key": "ACME-2", "worklog_id": "10000", "adjust_estimate": "leave" })),
        // Links and watchers.
        ("jira_get_link_types", json!({})),
        (
            "jira_create_issue_link",
            json!({ "link_type": "Blocks", "inward_issue": "ACME-6", "outward_issue": "ACME-2",
                    "comment": "The card API must be rate limited before saved cards launch." }),
        ),
        ("jira_remove_issue_link", json!({ "link_id": "10100" })),
        ("jira_get_remote_links", json!({ "issue_key": "ACME-2" })),
        (
            "jira_create_remote_link",
            json!({ "issue_key": "ACME-2", "url": "https://github.com/acme/shop/pull/512",
                    "title": "PR #512: pay with a saved card" }),
        ),
        ("jira_get_watchers", json!({ "issue_key": "ACME-2" })),
        ("jira_add_watcher", json!({ "issue_key": "ACME-2", "account_id": ALAN })),
        ("jira_remove_watcher", json!({ "issue_key": "ACME-2", "account_id": GRACE })),
        // Users.
        ("jira_get_user", json!({ "account_id": GRACE })),
        ("jira_search_users", json!({ "query": "ada", "limit": 10 })),
        ("jira_search_assignable_users", json!({ "query": "grace", "project_key": "ACME" })),
        ("jira_search_assignable_users", json!({ "issue_key": "ACME-2" })),
        // Projects and metadata.
        ("jira_get_project", json!({ "project_key": "ACME" })),
        ("jira_get_project_issue_types", json!({ "project_key": "ACME" })),
        ("jira_get_create_fields", json!({ "project_key": "ACME", "issue_type": "Bug" })),
        ("jira_get_project_versions", json!({ "project_key": "ACME" })),
        (
            "jira_create_version",
            json!({ "project_key": "ACME", "name": "1.2", "description": "Saved cards and faster checkout.",
                    "start_date": "2024-07-01", "release_date": "2024-07-31" }),
        ),
        ("jira_update_version", json!({ "version_id": "10101", "released": true, "release_date": "2024-07-02" })),
        ("jira_get_project_components", json!({ "project_key": "ACME" })),
        ("jira_get_project_statuses", json!({ "project_key": "ACME" })),
        ("jira_get_priorities", json!({ "project_key": "ACME" })),
        ("jira_get_priorities", json!({ "project_key": "ACME", "issue_type": "Bug" })),
        ("jira_get_statuses", json!({})),
        ("jira_get_resolutions", json!({})),
        ("jira_search_fields", json!({ "keyword": "story" })),
        ("jira_get_field_options", json!({ "field_id": "customfield_10030" })),
        ("jira_get_field_options", json!({ "field_id": "priority", "project_key": "ACME", "issue_type": "Bug" })),
        // The escape hatch, for endpoints without a tool: votes, a user's groups, issue properties.
        ("jira_request", json!({ "method": "GET", "path": "/rest/api/3/issue/ACME-3/votes" })),
        ("jira_request", json!({ "method": "GET", "path": "/rest/api/3/user/groups", "query": { "accountId": ADA } })),
        (
            "jira_request",
            json!({ "method": "PUT", "path": "/rest/api/3/issue/ACME-2/properties/release",
                    "body": { "train": "2024-07", "approved": true } }),
        ),
        // Jira Software: boards, sprints, backlog, epics.
        ("jira_list_boards", json!({ "project_key": "ACME", "type": "scrum" })),
        ("jira_get_board", json!({ "board_id": 1 })),
        ("jira_get_board_configuration", json!({ "board_id": 1 })),
        ("jira_get_board_issues", json!({ "board_id": 1, "jql": "assignee = currentUser()", "limit": 50 })),
        ("jira_get_backlog_issues", json!({ "board_id": 1, "fields": ["summary", "customfield_10016"] })),
        ("jira_list_sprints", json!({ "board_id": 1, "state": ["active", "future"] })),
        ("jira_list_sprints", json!({ "board_id": 1, "state": "closed", "limit": 5 })),
        ("jira_get_sprint", json!({ "sprint_id": 2 })),
        ("jira_get_sprint_issues", json!({ "sprint_id": 2, "jql": "status != Done" })),
        (
            "jira_create_sprint",
            json!({ "board_id": 1, "name": "ACME Sprint 4", "goal": "Receipts by e-mail",
                    "start_date": "2024-06-17", "end_date": "2024-07-01" }),
        ),
        ("jira_update_sprint", json!({ "sprint_id": 3, "goal": "Finish saved cards and rate limit the API" })),
        ("jira_start_sprint", json!({ "sprint_id": 3 })),
        (
            "jira_start_sprint",
            json!({ "sprint_id": 3, "start_date": "2024-06-03T09:00:00+02:00", "end_date": "2024-06-17T17:00:00+02:00" }),
        ),
        ("jira_close_sprint", json!({ "sprint_id": 2, "move_open_issues_to": 3 })),
        ("jira_close_sprint", json!({ "sprint_id": 2, "move_open_issues_to": "backlog" })),
        ("jira_delete_sprint", json!({ "sprint_id": 3 })),
        ("jira_move_issues_to_sprint", json!({ "sprint_id": 3, "issue_keys": ["ACME-2", "ACME-3"] })),
        ("jira_move_issues_to_backlog", json!({ "issue_keys": ["ACME-6"] })),
        ("jira_rank_issues", json!({ "issue_keys": ["ACME-6"], "rank_before": "ACME-3" })),
        ("jira_list_epics", json!({ "board_id": 1 })),
        ("jira_get_epic_issues", json!({ "epic_key": "ACME-1", "jql": "status != Done" })),
        ("jira_set_parent", json!({ "issue_key": "ACME-6", "parent_key": "ACME-1" })),
        // Attachments.
        (
            "jira_upload_attachment",
            json!({ "issue_key": "ACME-2", "filename": "checkout.log",
                    "content_base64": "RVJST1IgY2FyZCBkZWNsaW5lZAo=", "mime_type": "text/plain" }),
        ),
        ("jira_download_attachment", json!({ "attachment_id": "10000" })),
        ("jira_get_attachment", json!({ "attachment_id": "10000" })),
        ("jira_delete_attachment", json!({ "attachment_id": "10000" })),
    ]
}
