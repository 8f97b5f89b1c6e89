//! Dispatch of the Jira platform tools (`/rest/api/3`) into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::issues::NewIssue;
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the platform tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_get_myself" => value(&|| Ok(to_json(client.get_myself()?))),
        "jira_get_issue" => value(&|| super::issue_ops::get_issue_with_includes(client, args)),
        "jira_search" => value(&|| {
            Ok(to_json(client.search(
                args.str("jql")?,
                &args.str_list("fields")?,
                args.opt_u32("limit")?,
                args.opt_str("next_page_token")?,
            )?))
        }),
        "jira_create_issue" => value(&|| {
            Ok(to_json(client.create_issue(&NewIssue {
                project_key: args.str("project_key")?.to_string(),
                summary: args.str("summary")?.to_string(),
                issue_type: args.str("issue_type")?.to_string(),
                description: args.opt_str("description")?.map(str::to_string),
                assignee_account_id: args.opt_str("assignee_account_id")?.map(str::to_string),
                labels: args.str_list("labels")?,
                priority: args.opt_str("priority")?.map(str::to_string),
                parent_key: args.opt_str("parent_key")?.map(str::to_string),
                fields: args.opt_object("fields")?.cloned().unwrap_or_default(),
            })?))
        }),
        "jira_list_projects" => {
            value(&|| Ok(to_json(client.list_projects(args.opt_str("query")?, args.opt_u32("limit")?)?)))
        }
        "jira_get_transitions" => {
            value(&|| Ok(json!({ "transitions": client.get_transitions(args.str("issue_key")?)? })))
        }
        "jira_transition_issue" => value(&|| {
            Ok(to_json(client.transition_issue_with_fields(
                args.str("issue_key")?,
                args.str("transition")?,
                args.opt_str("comment")?,
                &args.opt_object("fields")?.cloned().unwrap_or_default(),
            )?))
        }),
        "jira_add_comment" => value(&|| {
            let visibility = super::comments_worklogs::visibility(args)?;
            Ok(to_json(client.add_comment_with_visibility(
                args.str("issue_key")?,
                args.str("body")?,
                visibility.as_ref(),
            )?))
        }),
        _ => return None,
    })
}
