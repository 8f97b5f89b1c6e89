//! Drivers of the comment and worklog operations. Lists page through `crate::page::collect_pages` with
//! offset cursors.

use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::comments_worklogs::worklogs::{self, AdjustEstimate, Worklog, WorklogInput, WorklogList};
use crate::jira::comments_worklogs::{self as comments, CommentDetail, CommentList, Visibility};
use crate::page::{collect_pages, Cursor};

use super::Client;

/// The default number of comments or worklogs a listing returns.
const DEFAULT_LIMIT: u32 = 100;

fn offset(cursor: &Cursor) -> u32 {
    match cursor {
        Cursor::Offset(start) => *start,
        Cursor::Token(_) => 0,
    }
}

impl<H: HttpClient> Client<H> {
    /// Adds a Markdown comment, visible to everyone or only to a role or group.
    pub fn add_comment_with_visibility(
        &self,
        key: &str,
        body: &str,
        visibility: Option<&Visibility>,
    ) -> Result<CommentDetail> {
        let site = self.site()?;
        let request = comments::add_comment_request(&site, key, body, visibility)?;
        comments::parse_comment_detail(&self.execute(&site, request, "add comment")?, "add comment")
    }

    /// An issue's comments, oldest first, up to `limit` (default 100).
    pub fn get_comments(&self, key: &str, limit: Option<u32>) -> Result<CommentList> {
        let site = self.site()?;
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        let collected =
            collect_pages(limit, comments::COMMENT_PAGE_MAX, Cursor::Offset(0), "get comments", |cursor, size| {
                let request = comments::list_comments_request(&site, key, offset(cursor), size)?;
                comments::parse_comment_page(&self.execute(&site, request, "get comments")?)
            })?;
        Ok(CommentList { is_last: collected.is_last(), total: collected.total, comments: collected.items })
    }

    /// Replaces a comment's body (and its visibility when given).
    pub fn edit_comment(
        &self,
        key: &str,
        comment_id: &str,
        body: &str,
        visibility: Option<&Visibility>,
    ) -> Result<CommentDetail> {
        let site = self.site()?;
        let request = comments::edit_comment_request(&site, key, comment_id, body, visibility)?;
        comments::parse_comment_detail(&self.execute(&site, request, "edit comment")?, "edit comment")
    }

    /// Deletes a comment.
    pub fn delete_comment(&self, key: &str, comment_id: &str) -> Result<()> {
        let site = self.site()?;
        let request = comments::delete_comment_request(&site, key, comment_id)?;
        self.execute(&site, request, "delete comment").map(|_| ())
    }

    /// An issue's worklogs, oldest first, up to `limit` (default 100).
    pub fn get_worklogs(&self, key: &str, limit: Option<u32>) -> Result<WorklogList> {
        let site = self.site()?;
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        let collected =
            collect_pages(limit, worklogs::WORKLOG_PAGE_MAX, Cursor::Offset(0), "get worklogs", |cursor, size| {
                let request = worklogs::list_worklogs_request(&site, key, offset(cursor), size)?;
                worklogs::parse_worklog_page(&self.execute(&site, request, "get worklogs")?)
            })?;
        Ok(WorklogList { is_last: collected.is_last(), total: collected.total, worklogs: collected.items })
    }

    /// Logs work on an issue.
    pub fn add_worklog(&self, key: &str, input: &WorklogInput, adjust: Option<&AdjustEstimate>) -> Result<Worklog> {
        let site = self.site()?;
        let request = worklogs::add_worklog_request(&site, key, input, adjust)?;
        worklogs::parse_worklog(&self.execute(&site, request, "add worklog")?, "add worklog")
    }

    /// Changes a worklog; absent parts of `input` stay as they are.
    pub fn update_worklog(
        &self,
        key: &str,
        worklog_id: &str,
        input: &WorklogInput,
        adjust: Option<&AdjustEstimate>,
    ) -> Result<Worklog> {
        let site = self.site()?;
        let request = worklogs::update_worklog_request(&site, key, worklog_id, input, adjust)?;
        worklogs::parse_worklog(&self.execute(&site, request, "update worklog")?, "update worklog")
    }

    /// Deletes a worklog.
    pub fn delete_worklog(&self, key: &str, worklog_id: &str, adjust: Option<&AdjustEstimate>) -> Result<()> {
        let site = self.site()?;
        let request = worklogs::delete_worklog_request(&site, key, worklog_id, adjust)?;
        self.execute(&site, request, "delete worklog").map(|_| ())
    }
}
