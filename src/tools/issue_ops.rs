//! Dispatch of the issue tools beyond get and create (count, update, delete, assign, bulk get, batch create,
//! edit metadata) into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jira::issue_ops::IssueChanges;
use crate::jira::issues::NewIssue;
use crate::tools::args::{validate_args, Args};
use crate::tools::{to_json, ToolSpec};

/// Runs the issue tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_count_issues" => value(&|| Ok(json!({ "count": client.count_issues(args.str("jql")?)? }))),
        "jira_update_issue" => value(&|| {
            let text = |name: &str| -> Result<Option<String>> { Ok(args.opt_str(name)?.map(str::to_string)) };
            let changes = IssueChanges {
                summary: text("summary")?,
                description: text("description")?,
                labels: args.value("labels").filter(|v| !v.is_null()).map(|_| args.str_list("labels")).transpose()?,
                priority: text("priority")?,
                assignee_account_id: text("assignee_account_id")?,
                fields: args.opt_object("fields")?.cloned().unwrap_or_default(),
                notify_users: opt_bool(args, "notify_users")?,
            };
            Ok(to_json(client.update_issue(args.str("issue_key")?, &changes)?))
        }),
        "jira_delete_issue" => value(&|| {
            let key = args.str("issue_key")?;
            client.delete_issue(key, opt_bool(args, "delete_subtasks")?.unwrap_or(false))?;
            Ok(json!({ "issue_key": key, "deleted": true }))
        }),
        "jira_assign_issue" => value(&|| {
            let account_id = match args.value("account_id") {
                None => return Err(args.invalid("account_id", "is needed: an account id, or null to unassign")),
                Some(Value::Null) => None,
                Some(_) => args.opt_str("account_id")?,
            };
            let key = args.str("issue_key")?;
            client.assign_issue(key, account_id)?;
            Ok(json!({ "issue_key": key, "assignee_account_id": account_id }))
        }),
        "jira_bulk_get_issues" => {
            value(&|| Ok(to_json(client.bulk_get_issues(&args.str_list("issue_keys")?, &args.str_list("fields")?)?)))
        }
        "jira_batch_create_issues" => value(&|| {
            let issues = new_issues(args)?;
            Ok(to_json(client.batch_create_issues(&issues)?))
        }),
        "jira_get_changelog" => {
            value(&|| Ok(to_json(client.get_changelog(args.str("issue_key")?, args.opt_u32("limit")?)?)))
        }
        "jira_batch_get_changelogs" => value(&|| {
            let logs = client.batch_get_changelogs(&args.str_list("issue_keys")?, &args.str_list("field_ids")?)?;
            Ok(json!({ "changelogs": to_json(logs) }))
        }),
        "jira_get_edit_fields" => {
            value(&|| Ok(json!({ "fields": to_json(client.get_edit_fields(args.str("issue_key")?)?) })))
        }
        _ => return None,
    })
}

/// `jira_get_issue`: the issue, plus each of `include` fetched and inlined under its own key.
pub(crate) fn get_issue_with_includes<H: HttpClient>(client: &Client<H>, args: &Args<'_>) -> Result<Value> {
    let key = args.str("issue_key")?;
    let mut includes = args.str_list("include")?;
    let known = super::catalog_attachments::get_issue_includes();
    if let Some(unknown) = includes.iter().find(|i| !known.contains(&i.as_str())) {
        return Err(args.invalid(
            "include",
            &format!("has {}; it takes any of {}", crate::site::quoted_preview(unknown), known.join(", ")),
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    includes.retain(|i| {
        !seen.contains(i) && {
            seen.push(i.clone());
            true
        }
    });
    let issue = client.get_issue(key, &args.str_list("fields")?, &args.str_list("expand")?)?;
    let mut out = to_json(issue);
    // Later requests use the key Jira answered with, so an id given as `issue_key` works the same.
    let key = out["key"].as_str().filter(|k| !k.is_empty()).unwrap_or(key).to_string();
    for include in &includes {
        let value = match include.as_str() {
            "comments" => to_json(client.get_comments(&key, None)?),
            "transitions" => to_json(client.get_transitions(&key)?),
            "changelog" => to_json(client.get_changelog(&key, None)?),
            "worklogs" => to_json(client.get_worklogs(&key, None)?),
            "watchers" => to_json(client.get_watchers(&key)?),
            "attachments" => super::attachments::issue_attachments(client, &key)?,
            _ => to_json(client.get_remote_links(&key)?),
        };
        out[include.as_str()] = value;
    }
    Ok(out)
}

fn opt_bool(args: &Args<'_>, name: &str) -> Result<Option<bool>> {
    match args.value(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(args.invalid(name, "must be true or false")),
    }
}

/// Each item of `issues`, validated against the schema of one new issue (the one `jira_create_issue` has).
fn new_issues(args: &Args<'_>) -> Result<Vec<NewIssue>> {
    let Some(Value::Array(items)) = args.value("issues") else {
        return Err(args.invalid("issues", "must be an array of issues"));
    };
    let item_spec = ToolSpec {
        name: "jira_batch_create_issues",
        description: "",
        input_schema: super::catalog_issue_ops::new_issue_schema(),
        read_only: false,
        scopes: &[],
        granular_scopes: &[],
        operations: &[],
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let item = validate_args(&item_spec, item)
                .map_err(|e| Error::invalid_input(format!("`issues[{i}]`: {}", e.message)))?;
            Ok(NewIssue {
                project_key: item.str("project_key")?.to_string(),
                summary: item.str("summary")?.to_string(),
                issue_type: item.str("issue_type")?.to_string(),
                description: item.opt_str("description")?.map(str::to_string),
                assignee_account_id: item.opt_str("assignee_account_id")?.map(str::to_string),
                labels: item.str_list("labels")?,
                priority: item.opt_str("priority")?.map(str::to_string),
                parent_key: item.opt_str("parent_key")?.map(str::to_string),
                fields: item.opt_object("fields")?.cloned().unwrap_or_default(),
            })
        })
        .collect()
}
