//! Example arguments of every tool, published in each tool's input schema as the JSON Schema `examples`
//! keyword (so `list-tools` and `jira-host tools` show them). One table, read by tool name; the tests check
//! that every tool of the catalog has an example and that each one passes the tool's own schema.

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
fn table() -> Vec<(&'static str, Value)> {
    const ACCOUNT: &str = "5b10a2844c20165700ede21g";
    vec![
        // Issues: read, search, create, change.
        ("jira_get_myself", json!({})),
        ("jira_get_issue", json!({ "issue_key": "ACME-42" })),
        (
            "jira_get_issue",
            json!({ "issue_key": "ACME-42", "fields": ["customfield_10016"], "include": ["comments", "transitions"] }),
        ),
        ("jira_search", json!({ "jql": "project = ACME AND status != Done ORDER BY updated DESC", "limit": 20 })),
        (
            "jira_count_issues",
            json!({ "jql": "project = ACME AND assignee = currentUser() AND resolution = Unresolved" }),
        ),
        (
            "jira_create_issue",
            json!({ "project_key": "ACME", "summary": "Checkout fails for saved cards", "issue_type": "Bug",
                    "description": "Steps:\n1. Save a card\n2. Pay with it\n\n**Expected:** payment succeeds.",
                    "priority": "High", "labels": ["checkout", "payments"],
                    "fields": { "Story Points": 3, "Team": "Payments" } }),
        ),
        (
            "jira_create_issue",
            json!({ "project_key": "ACME", "summary": "Write migration notes", "issue_type": "Subtask",
                    "parent_key": "ACME-42", "assignee_account_id": ACCOUNT }),
        ),
        (
            "jira_update_issue",
            json!({ "issue_key": "ACME-42", "summary": "Checkout fails for expired saved cards", "labels": ["checkout"],
                    "fields": { "Story Points": 5 }, "notify_users": false }),
        ),
        ("jira_delete_issue", json!({ "issue_key": "ACME-42", "delete_subtasks": true })),
        ("jira_assign_issue", json!({ "issue_key": "ACME-42", "account_id": ACCOUNT })),
        ("jira_assign_issue", json!({ "issue_key": "ACME-42", "account_id": null })),
        (
            "jira_bulk_get_issues",
            json!({ "issue_keys": ["ACME-41", "ACME-42", "ACME-43"], "fields": ["customfield_10016"] }),
        ),
        (
            "jira_batch_create_issues",
            json!({ "issues": [
                { "project_key": "ACME", "summary": "Design the new onboarding", "issue_type": "Story" },
                { "project_key": "ACME", "summary": "Track onboarding drop-off", "issue_type": "Task",
                  "labels": ["analytics"] },
            ] }),
        ),
        ("jira_get_changelog", json!({ "issue_key": "ACME-42", "limit": 100 })),
        (
            "jira_batch_get_changelogs",
            json!({ "issue_keys": ["ACME-41", "ACME-42"], "field_ids": ["status", "assignee"] }),
        ),
        ("jira_get_edit_fields", json!({ "issue_key": "ACME-42" })),
        ("jira_list_projects", json!({ "query": "mobile", "limit": 10 })),
        ("jira_get_transitions", json!({ "issue_key": "ACME-42" })),
        ("jira_transition_issue", json!({ "issue_key": "ACME-42", "transition": "Start progress" })),
        (
            "jira_transition_issue",
            json!({ "issue_key": "ACME-42", "transition": "31", "comment": "Fixed in **2.4.1**.",
                    "fields": { "resolution": { "name": "Done" } } }),
        ),
        // Comments and worklogs.
        (
            "jira_add_comment",
            json!({ "issue_key": "ACME-42", "body": "Reproduced on **staging**; see `checkout.log`." }),
        ),
        (
            "jira_add_comment",
            json!({ "issue_key": "ACME-42", "body": "Customer name is in the ticket.",
                    "visibility": { "type": "role", "value": "Administrators" } }),
        ),
        ("jira_get_comments", json!({ "issue_key": "ACME-42", "limit": 50 })),
        (
            "jira_edit_comment",
            json!({ "issue_key": "ACME-42", "comment_id": "10010", "body": "Reproduced on staging and production." }),
        ),
        ("jira_delete_comment", json!({ "issue_key": "ACME-42", "comment_id": "10010" })),
        ("jira_get_worklogs", json!({ "issue_key": "ACME-42" })),
        (
            "jira_add_worklog",
            json!({ "issue_key": "ACME-42", "time_spent": "1h 30m", "started": "2024-05-01T09:00:00+02:00",
                    "comment": "Pairing on the fix." }),
        ),
        (
            "jira_add_worklog",
            json!({ "issue_key": "ACME-42", "time_spent": "2h", "adjust_estimate": "new", "new_estimate": "4h" }),
        ),
        ("jira_update_worklog", json!({ "issue_key": "ACME-42", "worklog_id": "10100", "time_spent": "2h" })),
        ("jira_delete_worklog", json!({ "issue_key": "ACME-42", "worklog_id": "10100", "adjust_estimate": "leave" })),
        // Links and watchers.
        ("jira_get_link_types", json!({})),
        (
            "jira_create_issue_link",
            json!({ "link_type": "Blocks", "inward_issue": "ACME-41", "outward_issue": "ACME-42",
                    "comment": "Needs the new payment API first." }),
        ),
        ("jira_remove_issue_link", json!({ "link_id": "10020" })),
        ("jira_get_remote_links", json!({ "issue_key": "ACME-42" })),
        (
            "jira_create_remote_link",
            json!({ "issue_key": "ACME-42", "url": "https://github.com/acme/shop/pull/512",
                    "title": "PR #512: fix saved cards" }),
        ),
        ("jira_get_watchers", json!({ "issue_key": "ACME-42" })),
        ("jira_add_watcher", json!({ "issue_key": "ACME-42", "account_id": ACCOUNT })),
        ("jira_remove_watcher", json!({ "issue_key": "ACME-42", "account_id": ACCOUNT })),
        // Users.
        ("jira_get_user", json!({ "account_id": ACCOUNT })),
        ("jira_search_users", json!({ "query": "ada", "limit": 10 })),
        ("jira_search_assignable_users", json!({ "query": "ada", "project_key": "ACME" })),
        ("jira_search_assignable_users", json!({ "issue_key": "ACME-42" })),
        // Projects and metadata.
        ("jira_get_project", json!({ "project_key": "ACME" })),
        ("jira_get_project_issue_types", json!({ "project_key": "ACME" })),
        ("jira_get_create_fields", json!({ "project_key": "ACME", "issue_type": "Bug" })),
        ("jira_get_project_versions", json!({ "project_key": "ACME" })),
        (
            "jira_create_version",
            json!({ "project_key": "ACME", "name": "2.5.0", "description": "Saved cards and faster checkout.",
                    "start_date": "2024-06-01", "release_date": "2024-06-30" }),
        ),
        ("jira_update_version", json!({ "version_id": "10200", "released": true, "release_date": "2024-07-02" })),
        ("jira_get_project_components", json!({ "project_key": "ACME" })),
        ("jira_get_project_statuses", json!({ "project_key": "ACME" })),
        ("jira_get_priorities", json!({ "project_key": "ACME" })),
        ("jira_get_priorities", json!({ "project_key": "ACME", "issue_type": "Bug" })),
        ("jira_get_statuses", json!({})),
        ("jira_get_resolutions", json!({})),
        ("jira_search_fields", json!({ "keyword": "story" })),
        ("jira_get_field_options", json!({ "field_id": "customfield_10030" })),
        ("jira_get_field_options", json!({ "field_id": "priority", "project_key": "ACME", "issue_type": "Bug" })),
        ("jira_request", json!({ "method": "GET", "path": "/rest/api/3/issue/ACME-42/votes" })),
        (
            "jira_request",
            json!({ "method": "GET", "path": "/rest/api/3/user/groups", "query": { "accountId": ACCOUNT } }),
        ),
        (
            "jira_request",
            json!({ "method": "PUT", "path": "/rest/api/3/issue/ACME-42/properties/release",
                    "body": { "train": "2024-06", "approved": true } }),
        ),
        // Jira Software: boards, sprints, backlog, epics.
        ("jira_list_boards", json!({ "project_key": "ACME", "type": "scrum" })),
        ("jira_get_board", json!({ "board_id": 12 })),
        ("jira_get_board_configuration", json!({ "board_id": 12 })),
        ("jira_get_board_issues", json!({ "board_id": 12, "jql": "assignee = currentUser()", "limit": 50 })),
        ("jira_get_backlog_issues", json!({ "board_id": 12, "fields": ["customfield_10016"] })),
        ("jira_list_sprints", json!({ "board_id": 12, "state": ["active", "future"] })),
        ("jira_list_sprints", json!({ "board_id": 12, "state": "closed", "limit": 5 })),
        ("jira_get_sprint", json!({ "sprint_id": 37 })),
        ("jira_get_sprint_issues", json!({ "sprint_id": 37, "jql": "status != Done" })),
        (
            "jira_create_sprint",
            json!({ "board_id": 12, "name": "ACME Sprint 24", "goal": "Ship saved cards",
                    "start_date": "2024-06-03", "end_date": "2024-06-17" }),
        ),
        ("jira_update_sprint", json!({ "sprint_id": 38, "goal": "Ship saved cards and the new receipts" })),
        ("jira_start_sprint", json!({ "sprint_id": 38, "end_date": "2024-06-17T17:00:00+02:00" })),
        ("jira_close_sprint", json!({ "sprint_id": 37, "move_open_issues_to": 38 })),
        ("jira_close_sprint", json!({ "sprint_id": 37, "move_open_issues_to": "backlog" })),
        ("jira_delete_sprint", json!({ "sprint_id": 39 })),
        ("jira_move_issues_to_sprint", json!({ "sprint_id": 38, "issue_keys": ["ACME-41", "ACME-42"] })),
        ("jira_move_issues_to_backlog", json!({ "issue_keys": ["ACME-43"] })),
        ("jira_rank_issues", json!({ "issue_keys": ["ACME-42"], "rank_before": "ACME-40" })),
        ("jira_list_epics", json!({ "board_id": 12 })),
        ("jira_get_epic_issues", json!({ "epic_key": "ACME-7", "jql": "status != Done" })),
        ("jira_set_parent", json!({ "issue_key": "ACME-42", "parent_key": "ACME-7" })),
        // Attachments.
        (
            "jira_upload_attachment",
            json!({ "issue_key": "ACME-42", "filename": "checkout.log",
                    "content_base64": "RVJST1IgY2FyZCBkZWNsaW5lZAo=", "mime_type": "text/plain" }),
        ),
        ("jira_download_attachment", json!({ "attachment_id": "10050" })),
        ("jira_get_attachment", json!({ "attachment_id": "10050" })),
        ("jira_delete_attachment", json!({ "attachment_id": "10050" })),
    ]
}
