//! `platform-issues`: count, update, delete, assign, bulk get, batch create, change histories, edit metadata.

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_issues as wit;
use super::super::{core_new_issue, json_object, user_ref, wit_error, wit_issue, Component};
use super::{core, guard, index, Result};
use crate::jira::issue_ops::changelog::{ChangeHistory, ChangeItem};
use crate::jira::issue_ops::IssueChanges;

fn change_item(i: ChangeItem) -> wit::ChangeItem {
    wit::ChangeItem {
        field: i.field,
        field_id: i.field_id,
        from_value: i.from,
        from_display: i.from_string,
        to_value: i.to,
        to_display: i.to_string,
    }
}

fn history(h: ChangeHistory) -> wit::ChangeHistory {
    wit::ChangeHistory {
        id: h.id,
        author: h.author.map(user_ref),
        created: h.created,
        items: h.items.into_iter().map(change_item).collect(),
    }
}

/// A JSON value as the text of a field error: strings as they are, anything else as JSON.
fn message(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

impl wit::Guest for Component {
    fn count_issues(c: ClientBorrow<'_>, jql: String) -> Result<u64> {
        core(&c).count_issues(&jql).map_err(wit_error)
    }

    fn update_issue(c: ClientBorrow<'_>, issue_key: String, changes: wit::IssueChanges) -> Result<String> {
        guard(&c, "update-issue", true, serde_json::json!({"issue_key": issue_key}))?;
        let changes = IssueChanges {
            summary: changes.summary,
            description: changes.description,
            labels: changes.labels,
            priority: changes.priority,
            assignee_account_id: changes.assignee_account_id,
            fields: json_object(changes.fields_json.as_deref(), "fields-json")?,
            notify_users: changes.notify_users,
        };
        core(&c).update_issue(&issue_key, &changes).map(|updated| updated.issue_key).map_err(wit_error)
    }

    fn delete_issue(c: ClientBorrow<'_>, issue_key: String, delete_subtasks: bool) -> Result<()> {
        guard(&c, "delete-issue", true, serde_json::json!({"issue_key": issue_key}))?;
        core(&c).delete_issue(&issue_key, delete_subtasks).map_err(wit_error)
    }

    fn assign_issue(c: ClientBorrow<'_>, issue_key: String, account_id: Option<String>) -> Result<()> {
        guard(&c, "assign-issue", true, serde_json::json!({"issue_key": issue_key}))?;
        core(&c).assign_issue(&issue_key, account_id.as_deref()).map_err(wit_error)
    }

    fn bulk_get_issues(c: ClientBorrow<'_>, issue_keys: Vec<String>, fields: Vec<String>) -> Result<wit::BulkIssues> {
        guard(&c, "bulk-get-issues", false, serde_json::json!({"issue_keys": issue_keys}))?;
        let found = core(&c).bulk_get_issues(&issue_keys, &fields).map_err(wit_error)?;
        Ok(wit::BulkIssues {
            issues: found.issues.into_iter().map(wit_issue).collect(),
            issue_errors: found
                .issue_errors
                .into_iter()
                .map(|e| wit::IssueFetchError { id: e.id, message: e.message })
                .collect(),
            not_found: found.not_found,
        })
    }

    fn batch_create_issues(c: ClientBorrow<'_>, issues: Vec<wit::NewIssue>) -> Result<wit::BatchOutcome> {
        guard(
            &c,
            "batch-create-issues",
            true,
            serde_json::json!({"issues": issues.iter().map(|i| serde_json::json!({"project_key": i.project_key, "parent_key": i.parent_key, "fields": i.fields_json.as_deref().and_then(|f| serde_json::from_str::<serde_json::Value>(f).ok())})).collect::<Vec<_>>()}),
        )?;
        let issues = issues
            .into_iter()
            .enumerate()
            .map(|(i, issue)| core_new_issue(issue, &format!("issues[{i}].fields-json")))
            .collect::<Result<Vec<_>>>()?;
        let outcome = core(&c).batch_create_issues(&issues).map_err(wit_error)?;
        Ok(wit::BatchOutcome {
            created: outcome
                .created
                .into_iter()
                .map(|created| wit::BatchCreatedIssue {
                    index: index(created.index),
                    issue: wit::CreatedIssue { id: created.issue.id, key: created.issue.key, url: created.issue.url },
                })
                .collect(),
            failed: outcome
                .errors
                .into_iter()
                .map(|failure| wit::BatchCreateFailure {
                    index: index(failure.index),
                    status: failure.status,
                    error_messages: failure.error_messages,
                    field_errors: failure
                        .errors
                        .into_iter()
                        .map(|(field, value)| wit::FieldError { field, message: message(value) })
                        .collect(),
                })
                .collect(),
        })
    }

    fn get_changelog(c: ClientBorrow<'_>, issue_key: String, limit: Option<u32>) -> Result<wit::Changelog> {
        guard(&c, "get-changelog", false, serde_json::json!({"issue_key": issue_key}))?;
        let log = core(&c).get_changelog(&issue_key, limit).map_err(wit_error)?;
        Ok(wit::Changelog {
            issue_key: log.issue_key,
            histories: log.histories.into_iter().map(history).collect(),
            total: log.total,
            is_last: log.is_last,
        })
    }

    fn batch_get_changelogs(
        c: ClientBorrow<'_>,
        issue_keys: Vec<String>,
        field_ids: Vec<String>,
    ) -> Result<Vec<wit::IssueChangelog>> {
        guard(&c, "batch-get-changelogs", false, serde_json::json!({"issue_keys": issue_keys}))?;
        let logs = core(&c).batch_get_changelogs(&issue_keys, &field_ids).map_err(wit_error)?;
        Ok(logs
            .into_iter()
            .map(|log| wit::IssueChangelog {
                issue_id: log.issue_id,
                histories: log.histories.into_iter().map(history).collect(),
            })
            .collect())
    }

    fn get_edit_fields(c: ClientBorrow<'_>, issue_key: String) -> Result<Vec<wit::EditField>> {
        guard(&c, "get-edit-fields", false, serde_json::json!({"issue_key": issue_key}))?;
        let fields = core(&c).get_edit_fields(&issue_key).map_err(wit_error)?;
        Ok(fields
            .into_iter()
            .map(|f| wit::EditField {
                id: f.id,
                name: f.name,
                required: f.required,
                schema_type: f.schema_type,
                items: f.items,
                custom: f.custom,
                operations: f.operations,
                allowed_values_json: f.allowed_values.map(|v| v.to_string()),
            })
            .collect())
    }
}
