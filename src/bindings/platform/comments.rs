//! `platform-comments`: comments (with visibility) and worklogs (with estimate adjustments).

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_comments as wit;
use super::super::{user_ref, wit_error, Component};
use super::{core, guard, Result};
use crate::error::Error;
use crate::jira::comments_worklogs::worklogs::{AdjustEstimate, Worklog, WorklogInput};
use crate::jira::comments_worklogs::{CommentDetail, Visibility};

/// A WIT visibility as the core's, validated (`invalid-input` for an empty name).
fn core_visibility(v: Option<wit::Visibility>) -> Result<Option<Visibility>> {
    let checked = match v {
        None => return Ok(None),
        Some(wit::Visibility::Role(name)) => Visibility::new("role", &name),
        Some(wit::Visibility::Group(name)) => Visibility::new("group", &name),
    };
    checked.map(Some).map_err(wit_error)
}

/// Jira's visibility as WIT's; Jira only knows `role` and `group`, anything else is a decode error.
fn visibility(v: Option<Visibility>, context: &str) -> Result<Option<wit::Visibility>> {
    match v {
        None => Ok(None),
        Some(v) if v.kind.eq_ignore_ascii_case("role") => Ok(Some(wit::Visibility::Role(v.value))),
        Some(v) if v.kind.eq_ignore_ascii_case("group") => Ok(Some(wit::Visibility::Group(v.value))),
        Some(_) => Err(wit_error(Error::decode(context, "$.visibility.type", "expected `role` or `group`"))),
    }
}

fn comment(c: CommentDetail, context: &str) -> Result<wit::CommentDetail> {
    Ok(wit::CommentDetail {
        id: c.id,
        author: c.author.map(user_ref),
        body: c.body,
        created: c.created,
        updated: c.updated,
        update_author: c.update_author.map(user_ref),
        visibility: visibility(c.visibility, context)?,
        raw_json: c.raw.to_string(),
    })
}

fn worklog(w: Worklog, context: &str) -> Result<wit::Worklog> {
    Ok(wit::Worklog {
        id: w.id,
        issue_id: w.issue_id,
        author: w.author.map(user_ref),
        comment: w.comment,
        started: w.started,
        time_spent: w.time_spent,
        time_spent_seconds: w.time_spent_seconds,
        created: w.created,
        updated: w.updated,
        visibility: visibility(w.visibility, context)?,
        raw_json: w.raw.to_string(),
    })
}

fn input(i: wit::WorklogInput) -> Result<WorklogInput> {
    Ok(WorklogInput {
        time_spent: i.time_spent,
        started: i.started,
        comment: i.comment,
        visibility: core_visibility(i.visibility)?,
    })
}

/// A WIT adjustment as the core's, with its durations validated as the tools validate them; `manual` is
/// refused where Jira has no manual mode (updates).
fn adjust(a: Option<wit::AdjustEstimate>, manual_allowed: bool) -> Result<Option<AdjustEstimate>> {
    let none = ("manual", None);
    let checked = match a {
        None => return Ok(None),
        Some(wit::AdjustEstimate::Auto) => AdjustEstimate::from_args(Some("auto"), None, none),
        Some(wit::AdjustEstimate::Leave) => AdjustEstimate::from_args(Some("leave"), None, none),
        Some(wit::AdjustEstimate::NewEstimate(d)) => AdjustEstimate::from_args(Some("new"), Some(&d), none),
        Some(wit::AdjustEstimate::Manual(d)) if manual_allowed => {
            AdjustEstimate::from_args(Some("manual"), None, ("manual", Some(&d)))
        }
        Some(wit::AdjustEstimate::Manual(_)) => {
            Err(Error::invalid_input("`adjust` must be auto, leave or new-estimate when changing a worklog"))
        }
    };
    checked.map_err(wit_error)
}

impl wit::Guest for Component {
    fn add_comment(
        c: ClientBorrow<'_>,
        issue_key: String,
        body: String,
        visibility: Option<wit::Visibility>,
    ) -> Result<wit::CommentDetail> {
        guard(&c, "add-comment", true, serde_json::json!({"issue_key": issue_key}))?;
        let visibility = core_visibility(visibility)?;
        let added = core(&c).add_comment_with_visibility(&issue_key, &body, visibility.as_ref()).map_err(wit_error)?;
        comment(added, "add comment")
    }

    fn get_comments(c: ClientBorrow<'_>, issue_key: String, limit: Option<u32>) -> Result<wit::CommentList> {
        guard(&c, "get-comments", false, serde_json::json!({"issue_key": issue_key}))?;
        let list = core(&c).get_comments(&issue_key, limit).map_err(wit_error)?;
        Ok(wit::CommentList {
            comments: list.comments.into_iter().map(|c| comment(c, "get comments")).collect::<Result<_>>()?,
            total: list.total,
            is_last: list.is_last,
        })
    }

    fn edit_comment(
        c: ClientBorrow<'_>,
        issue_key: String,
        comment_id: String,
        body: String,
        visibility: Option<wit::Visibility>,
    ) -> Result<wit::CommentDetail> {
        guard(&c, "edit-comment", true, serde_json::json!({"issue_key": issue_key}))?;
        let visibility = core_visibility(visibility)?;
        let edited = core(&c).edit_comment(&issue_key, &comment_id, &body, visibility.as_ref()).map_err(wit_error)?;
        comment(edited, "edit comment")
    }

    fn delete_comment(c: ClientBorrow<'_>, issue_key: String, comment_id: String) -> Result<()> {
        guard(&c, "delete-comment", true, serde_json::json!({"issue_key": issue_key}))?;
        core(&c).delete_comment(&issue_key, &comment_id).map_err(wit_error)
    }

    fn get_worklogs(c: ClientBorrow<'_>, issue_key: String, limit: Option<u32>) -> Result<wit::WorklogList> {
        guard(&c, "get-worklogs", false, serde_json::json!({"issue_key": issue_key}))?;
        let list = core(&c).get_worklogs(&issue_key, limit).map_err(wit_error)?;
        Ok(wit::WorklogList {
            worklogs: list.worklogs.into_iter().map(|w| worklog(w, "get worklogs")).collect::<Result<_>>()?,
            total: list.total,
            is_last: list.is_last,
        })
    }

    fn add_worklog(
        c: ClientBorrow<'_>,
        issue_key: String,
        work: wit::WorklogInput,
        adjustment: Option<wit::AdjustEstimate>,
    ) -> Result<wit::Worklog> {
        guard(&c, "add-worklog", true, serde_json::json!({"issue_key": issue_key}))?;
        let (work, adjustment) = (input(work)?, adjust(adjustment, true)?);
        let added = core(&c).add_worklog(&issue_key, &work, adjustment.as_ref()).map_err(wit_error)?;
        worklog(added, "add worklog")
    }

    fn update_worklog(
        c: ClientBorrow<'_>,
        issue_key: String,
        worklog_id: String,
        work: wit::WorklogInput,
        adjustment: Option<wit::AdjustEstimate>,
    ) -> Result<wit::Worklog> {
        guard(&c, "update-worklog", true, serde_json::json!({"issue_key": issue_key}))?;
        let (work, adjustment) = (input(work)?, adjust(adjustment, false)?);
        let updated =
            core(&c).update_worklog(&issue_key, &worklog_id, &work, adjustment.as_ref()).map_err(wit_error)?;
        worklog(updated, "update worklog")
    }

    fn delete_worklog(
        c: ClientBorrow<'_>,
        issue_key: String,
        worklog_id: String,
        adjustment: Option<wit::AdjustEstimate>,
    ) -> Result<()> {
        guard(&c, "delete-worklog", true, serde_json::json!({"issue_key": issue_key}))?;
        let adjustment = adjust(adjustment, true)?;
        core(&c).delete_worklog(&issue_key, &worklog_id, adjustment.as_ref()).map_err(wit_error)
    }
}
