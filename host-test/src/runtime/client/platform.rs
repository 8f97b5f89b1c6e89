//! The typed Jira platform calls (the WIT `platform-*` interfaces) on a [`Client`]: issue operations, comments and
//! worklogs, links and watchers, projects, site metadata and users.

use super::{CallResult, Client};
use crate::bindings::platform_attachments::{Attachment, DownloadedAttachment};
use crate::bindings::platform_comments::{
    AdjustEstimate, CommentDetail, CommentList, Visibility, Worklog, WorklogInput, WorklogList,
};
use crate::bindings::platform_issues::{BatchOutcome, BulkIssues, Changelog, EditField, IssueChangelog, IssueChanges};
use crate::bindings::platform_links::{CreatedRemoteLink, LinkType, NewIssueLink, RemoteLink, Watchers};
use crate::bindings::platform_metadata::{CreateScreenRef, Field, FieldOptions, Resolution, Status};
use crate::bindings::platform_projects::{
    CreateScreen, IssueTypeRef, IssueTypeStatuses, NewVersion, ProjectComponent, ProjectDetails, ProjectPriorities,
    Version, VersionChanges,
};
use crate::bindings::platform_users::{AssignableScope, User};
use crate::bindings::NewIssue;

/// Calls one function of a `platform-*` interface (by its accessor) with this client's resource as its `client`
/// argument.
macro_rules! call_platform {
    ($self:ident, $interface:ident, $method:ident $(, $arg:expr)*) => {{
        let handle = $self.handle()?;
        $self.session.guard(|store, connector| connector.$interface().$method(store, handle $(, $arg)*))
    }};
}

/// `platform-issues`.
impl Client<'_> {
    /// The approximate number of issues matching a bounded JQL query.
    pub fn count_issues(&mut self, jql: &str) -> CallResult<u64> {
        call_platform!(self, connectors_jira_platform_issues, call_count_issues, jql)
    }

    /// Changes an issue's fields; Ok is the issue key.
    pub fn update_issue(&mut self, key: &str, changes: &IssueChanges) -> CallResult<String> {
        call_platform!(self, connectors_jira_platform_issues, call_update_issue, key, changes)
    }

    /// Deletes an issue (with its sub-tasks when `delete_subtasks`).
    pub fn delete_issue(&mut self, key: &str, delete_subtasks: bool) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_issues, call_delete_issue, key, delete_subtasks)
    }

    /// Assigns an issue, or unassigns it when `account_id` is none.
    pub fn assign_issue(&mut self, key: &str, account_id: Option<&str>) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_issues, call_assign_issue, key, account_id)
    }

    /// Many issues by key or id.
    pub fn bulk_get_issues(&mut self, keys: &[String], fields: &[String]) -> CallResult<BulkIssues> {
        call_platform!(self, connectors_jira_platform_issues, call_bulk_get_issues, keys, fields)
    }

    /// Creates many issues, reporting Jira's per-issue refusals.
    pub fn batch_create_issues(&mut self, issues: &[NewIssue]) -> CallResult<BatchOutcome> {
        call_platform!(self, connectors_jira_platform_issues, call_batch_create_issues, issues)
    }

    /// An issue's change history, oldest first.
    pub fn get_changelog(&mut self, key: &str, limit: Option<u32>) -> CallResult<Changelog> {
        call_platform!(self, connectors_jira_platform_issues, call_get_changelog, key, limit)
    }

    /// The change histories of many issues, grouped by issue id.
    pub fn batch_get_changelogs(&mut self, keys: &[String], field_ids: &[String]) -> CallResult<Vec<IssueChangelog>> {
        call_platform!(self, connectors_jira_platform_issues, call_batch_get_changelogs, keys, field_ids)
    }

    /// The fields that can be edited on an issue.
    pub fn get_edit_fields(&mut self, key: &str) -> CallResult<Vec<EditField>> {
        call_platform!(self, connectors_jira_platform_issues, call_get_edit_fields, key)
    }
}

/// `platform-comments`.
impl Client<'_> {
    /// Adds a Markdown comment with an optional visibility.
    pub fn add_comment_detail(
        &mut self,
        key: &str,
        body: &str,
        visibility: Option<&Visibility>,
    ) -> CallResult<CommentDetail> {
        call_platform!(self, connectors_jira_platform_comments, call_add_comment, key, body, visibility)
    }

    /// An issue's comments, oldest first.
    pub fn get_comments(&mut self, key: &str, limit: Option<u32>) -> CallResult<CommentList> {
        call_platform!(self, connectors_jira_platform_comments, call_get_comments, key, limit)
    }

    /// Replaces a comment's body (and its visibility when given).
    pub fn edit_comment(
        &mut self,
        key: &str,
        comment_id: &str,
        body: &str,
        visibility: Option<&Visibility>,
    ) -> CallResult<CommentDetail> {
        call_platform!(self, connectors_jira_platform_comments, call_edit_comment, key, comment_id, body, visibility)
    }

    /// Deletes a comment.
    pub fn delete_comment(&mut self, key: &str, comment_id: &str) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_comments, call_delete_comment, key, comment_id)
    }

    /// An issue's worklogs, oldest first.
    pub fn get_worklogs(&mut self, key: &str, limit: Option<u32>) -> CallResult<WorklogList> {
        call_platform!(self, connectors_jira_platform_comments, call_get_worklogs, key, limit)
    }

    /// Logs work on an issue.
    pub fn add_worklog(
        &mut self,
        key: &str,
        input: &WorklogInput,
        adjust: Option<&AdjustEstimate>,
    ) -> CallResult<Worklog> {
        call_platform!(self, connectors_jira_platform_comments, call_add_worklog, key, input, adjust)
    }

    /// Changes a worklog.
    pub fn update_worklog(
        &mut self,
        key: &str,
        worklog_id: &str,
        input: &WorklogInput,
        adjust: Option<&AdjustEstimate>,
    ) -> CallResult<Worklog> {
        call_platform!(self, connectors_jira_platform_comments, call_update_worklog, key, worklog_id, input, adjust)
    }

    /// Deletes a worklog.
    pub fn delete_worklog(&mut self, key: &str, worklog_id: &str, adjust: Option<&AdjustEstimate>) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_comments, call_delete_worklog, key, worklog_id, adjust)
    }
}

/// `platform-links`.
impl Client<'_> {
    /// The kinds of link between issues.
    pub fn get_link_types(&mut self) -> CallResult<Vec<LinkType>> {
        call_platform!(self, connectors_jira_platform_links, call_get_link_types)
    }

    /// Links two issues; Ok is the new link's id when Jira said.
    pub fn create_issue_link(&mut self, link: &NewIssueLink) -> CallResult<Option<String>> {
        call_platform!(self, connectors_jira_platform_links, call_create_issue_link, link)
    }

    /// Removes a link between issues.
    pub fn remove_issue_link(&mut self, link_id: &str) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_links, call_remove_issue_link, link_id)
    }

    /// The web links on an issue.
    pub fn get_remote_links(&mut self, key: &str) -> CallResult<Vec<RemoteLink>> {
        call_platform!(self, connectors_jira_platform_links, call_get_remote_links, key)
    }

    /// Adds a web link to an issue.
    pub fn create_remote_link(&mut self, key: &str, url: &str, title: &str) -> CallResult<CreatedRemoteLink> {
        call_platform!(self, connectors_jira_platform_links, call_create_remote_link, key, url, title)
    }

    /// The watchers of an issue.
    pub fn get_watchers(&mut self, key: &str) -> CallResult<Watchers> {
        call_platform!(self, connectors_jira_platform_links, call_get_watchers, key)
    }

    /// Makes a user watch an issue.
    pub fn add_watcher(&mut self, key: &str, account_id: &str) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_links, call_add_watcher, key, account_id)
    }

    /// Stops a user watching an issue.
    pub fn remove_watcher(&mut self, key: &str, account_id: &str) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_links, call_remove_watcher, key, account_id)
    }
}

/// `platform-projects`.
impl Client<'_> {
    /// One project with its lead, issue types, components and versions.
    pub fn get_project(&mut self, project: &str) -> CallResult<ProjectDetails> {
        call_platform!(self, connectors_jira_platform_projects, call_get_project, project)
    }

    /// The issue types the user can create in a project.
    pub fn get_project_issue_types(&mut self, project: &str) -> CallResult<Vec<IssueTypeRef>> {
        call_platform!(self, connectors_jira_platform_projects, call_get_project_issue_types, project)
    }

    /// The create screen of an issue type of a project.
    pub fn get_create_fields(&mut self, project: &str, issue_type: &str) -> CallResult<CreateScreen> {
        call_platform!(self, connectors_jira_platform_projects, call_get_create_fields, project, issue_type)
    }

    /// The priorities a project offers for an issue type.
    pub fn get_priorities(&mut self, project: &str, issue_type: Option<&str>) -> CallResult<ProjectPriorities> {
        call_platform!(self, connectors_jira_platform_projects, call_get_priorities, project, issue_type)
    }

    /// Every version of a project.
    pub fn get_project_versions(&mut self, project: &str) -> CallResult<Vec<Version>> {
        call_platform!(self, connectors_jira_platform_projects, call_get_project_versions, project)
    }

    /// Creates a version.
    pub fn create_version(&mut self, version: &NewVersion) -> CallResult<Version> {
        call_platform!(self, connectors_jira_platform_projects, call_create_version, version)
    }

    /// Renames, dates, releases or archives a version.
    pub fn update_version(&mut self, version_id: &str, changes: &VersionChanges) -> CallResult<Version> {
        call_platform!(self, connectors_jira_platform_projects, call_update_version, version_id, changes)
    }

    /// A project's components.
    pub fn get_project_components(&mut self, project: &str) -> CallResult<Vec<ProjectComponent>> {
        call_platform!(self, connectors_jira_platform_projects, call_get_project_components, project)
    }

    /// The statuses each issue type of a project uses.
    pub fn get_project_statuses(&mut self, project: &str) -> CallResult<Vec<IssueTypeStatuses>> {
        call_platform!(self, connectors_jira_platform_projects, call_get_project_statuses, project)
    }
}

/// `platform-metadata` and `platform-users`.
impl Client<'_> {
    /// Every workflow status of the site.
    pub fn get_statuses(&mut self) -> CallResult<Vec<Status>> {
        call_platform!(self, connectors_jira_platform_metadata, call_get_statuses)
    }

    /// The site's resolutions.
    pub fn get_resolutions(&mut self) -> CallResult<Vec<Resolution>> {
        call_platform!(self, connectors_jira_platform_metadata, call_get_resolutions)
    }

    /// The fields whose name or id contains `keyword`.
    pub fn search_fields(&mut self, keyword: Option<&str>) -> CallResult<Vec<Field>> {
        call_platform!(self, connectors_jira_platform_metadata, call_search_fields, keyword)
    }

    /// The options of a field, from a create screen or from the field's contexts.
    pub fn get_field_options(&mut self, field_id: &str, screen: Option<&CreateScreenRef>) -> CallResult<FieldOptions> {
        call_platform!(self, connectors_jira_platform_metadata, call_get_field_options, field_id, screen)
    }

    /// One user by account id.
    pub fn get_user(&mut self, account_id: &str) -> CallResult<User> {
        call_platform!(self, connectors_jira_platform_users, call_get_user, account_id)
    }

    /// Users whose name or e-mail matches `query`.
    pub fn search_users(&mut self, query: &str, limit: Option<u32>) -> CallResult<Vec<User>> {
        call_platform!(self, connectors_jira_platform_users, call_search_users, query, limit)
    }

    /// Users who can be assigned issues in `scope`.
    pub fn search_assignable_users(
        &mut self,
        scope: &AssignableScope,
        query: Option<&str>,
        limit: Option<u32>,
    ) -> CallResult<Vec<User>> {
        call_platform!(self, connectors_jira_platform_users, call_search_assignable_users, scope, query, limit)
    }
}

/// `platform-attachments`.
impl Client<'_> {
    /// Attaches a file to an issue.
    pub fn upload_attachment(
        &mut self,
        key: &str,
        filename: &str,
        content: &[u8],
        mime_type: Option<&str>,
    ) -> CallResult<Vec<Attachment>> {
        call_platform!(
            self,
            connectors_jira_platform_attachments,
            call_upload_attachment,
            key,
            filename,
            content,
            mime_type
        )
    }

    /// One attachment's metadata.
    pub fn get_attachment(&mut self, attachment_id: &str) -> CallResult<Attachment> {
        call_platform!(self, connectors_jira_platform_attachments, call_get_attachment, attachment_id)
    }

    /// Downloads an attachment (the media host is reached without credentials).
    pub fn download_attachment(&mut self, attachment_id: &str) -> CallResult<DownloadedAttachment> {
        call_platform!(self, connectors_jira_platform_attachments, call_download_attachment, attachment_id)
    }

    /// Deletes an attachment.
    pub fn delete_attachment(&mut self, attachment_id: &str) -> CallResult<()> {
        call_platform!(self, connectors_jira_platform_attachments, call_delete_attachment, attachment_id)
    }
}
