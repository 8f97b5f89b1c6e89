//! Dispatch of the comment and worklog tools into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::comments_worklogs::worklogs::{AdjustEstimate, WorklogInput};
use crate::jira::comments_worklogs::Visibility;
use crate::tools::args::Args;
use crate::tools::to_json;

/// The optional `visibility` argument (`{"type": "role" | "group", "value": ...}`), validated.
pub(crate) fn visibility(args: &Args<'_>) -> Result<Option<Visibility>> {
    let Some(object) = args.opt_object("visibility")? else { return Ok(None) };
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match (text("type"), text("value")) {
        (Some(kind), Some(value)) if object.len() == 2 => Visibility::new(kind, value).map(Some),
        _ => Err(args.invalid("visibility", "must be {\"type\": \"role\" or \"group\", \"value\": \"<name>\"}")),
    }
}

fn worklog_input(args: &Args<'_>) -> Result<WorklogInput> {
    let text = |name: &str| -> Result<Option<String>> { Ok(args.opt_str(name)?.map(str::to_string)) };
    Ok(WorklogInput {
        time_spent: text("time_spent")?,
        started: text("started")?,
        comment: text("comment")?,
        visibility: visibility(args)?,
    })
}

/// Runs the comment or worklog tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_get_comments" => {
            value(&|| Ok(to_json(client.get_comments(args.str("issue_key")?, args.opt_u32("limit")?)?)))
        }
        "jira_edit_comment" => value(&|| {
            Ok(to_json(client.edit_comment(
                args.str("issue_key")?,
                args.str("comment_id")?,
                args.str("body")?,
                visibility(args)?.as_ref(),
            )?))
        }),
        "jira_delete_comment" => value(&|| {
            let comment_id = args.str("comment_id")?;
            client.delete_comment(args.str("issue_key")?, comment_id)?;
            Ok(json!({ "deleted": true, "comment_id": comment_id }))
        }),
        "jira_get_worklogs" => {
            value(&|| Ok(to_json(client.get_worklogs(args.str("issue_key")?, args.opt_u32("limit")?)?)))
        }
        "jira_add_worklog" => value(&|| {
            let adjust = AdjustEstimate::from_args(
                args.opt_str("adjust_estimate")?,
                args.opt_str("new_estimate")?,
                ("reduce_by", args.opt_str("reduce_by")?),
            )?;
            Ok(to_json(client.add_worklog(args.str("issue_key")?, &worklog_input(args)?, adjust.as_ref())?))
        }),
        "jira_update_worklog" => value(&|| {
            if args.opt_str("adjust_estimate")?.is_some_and(|mode| mode.trim().eq_ignore_ascii_case("manual")) {
                return Err(args.invalid("adjust_estimate", "must be auto, leave or new when changing a worklog"));
            }
            let adjust = AdjustEstimate::from_args(
                args.opt_str("adjust_estimate")?,
                args.opt_str("new_estimate")?,
                ("reduce_by", None),
            )?;
            Ok(to_json(client.update_worklog(
                args.str("issue_key")?,
                args.str("worklog_id")?,
                &worklog_input(args)?,
                adjust.as_ref(),
            )?))
        }),
        "jira_delete_worklog" => value(&|| {
            let adjust = AdjustEstimate::from_args(
                args.opt_str("adjust_estimate")?,
                args.opt_str("new_estimate")?,
                ("increase_by", args.opt_str("increase_by")?),
            )?;
            let worklog_id = args.str("worklog_id")?;
            client.delete_worklog(args.str("issue_key")?, worklog_id, adjust.as_ref())?;
            Ok(json!({ "deleted": true, "worklog_id": worklog_id }))
        }),
        _ => return None,
    })
}
