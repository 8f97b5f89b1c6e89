//! Drivers of the issue operations beyond get and create: count, update, delete, assign, edit metadata,
//! bulk fetch (chunks of 100), batch create (chunks of 50, per-item errors kept) and change histories (paged
//! through `collect_pages`).

use crate::error::Result;
use crate::http::{HttpClient, Request, Response};
use crate::jira::issue_ops::bulk::{
    self, BatchCreateError, BatchCreated, BulkIssues, BATCH_CREATE_MAX, BULK_CALL_MAX, BULK_FETCH_MAX,
};
use crate::jira::issue_ops::changelog::{
    self, Changelog, IssueChangelog, BULK_CHANGELOG_PAGE_MAX, CHANGELOG_PAGE_MAX, DEFAULT_CHANGELOG_LIMIT,
    MAX_CHANGELOG_LIMIT,
};
use crate::jira::issue_ops::{self, EditField, IssueChanges, UpdatedIssue};
use crate::jira::issues::NewIssue;
use crate::page::{collect_pages, Cursor};
use crate::site::{issue_key, Site};

use super::Client;

impl<H: HttpClient> Client<H> {
    /// The approximate number of issues matching `jql`.
    pub fn count_issues(&self, jql: &str) -> Result<u64> {
        // `options.projects` is ANDed into the caller's query (see `crate::guard::jql`).
        let jql = self.scoped_jql(crate::jira::search::validate_jql(jql)?)?;
        let site = self.site()?;
        let request = issue_ops::count_issues_request(&site, &jql)?;
        issue_ops::parse_count(&self.execute(&site, request, "count issues")?)
    }

    /// Updates an issue's fields. A new description is Markdown; the media of the old one are kept, so the
    /// old description is read first (only then).
    pub fn update_issue(&self, key: &str, changes: &IssueChanges) -> Result<UpdatedIssue> {
        let key = issue_key("issue_key", key)?;
        let site = self.site()?;
        // Validate everything before reading anything.
        issue_ops::update_issue_request(&site, &key, changes, None)?;
        let changes = &IssueChanges { fields: self.resolve_fields(&changes.fields)?, ..changes.clone() };
        let old = match changes.description {
            Some(_) => {
                let request = issue_ops::description_request(&site, &key)?;
                Some(issue_ops::parse_description(&self.execute(&site, request, "update issue")?)?)
            }
            None => None,
        };
        let request = issue_ops::update_issue_request(&site, &key, changes, old.as_ref())?;
        self.execute(&site, request, "update issue")?;
        Ok(UpdatedIssue { issue_key: key, updated: true })
    }

    /// Deletes an issue (and its sub-tasks when `delete_subtasks`).
    pub fn delete_issue(&self, key: &str, delete_subtasks: bool) -> Result<()> {
        let site = self.site()?;
        let request = issue_ops::delete_issue_request(&site, key, delete_subtasks)?;
        self.execute(&site, request, "delete issue").map(|_| ())
    }

    /// Assigns an issue to `account_id`, or unassigns it when none.
    pub fn assign_issue(&self, key: &str, account_id: Option<&str>) -> Result<()> {
        let site = self.site()?;
        let request = issue_ops::assign_issue_request(&site, key, account_id)?;
        self.execute(&site, request, "assign issue").map(|_| ())
    }

    /// The fields that can be edited on an issue, with their types, operations and allowed values.
    pub fn get_edit_fields(&self, key: &str) -> Result<Vec<EditField>> {
        let site = self.site()?;
        let request = issue_ops::edit_meta_request(&site, key)?;
        issue_ops::parse_edit_meta(&self.execute(&site, request, "get edit fields")?)
    }

    /// Many issues by key or id, 100 per request, in the issue shape.
    pub fn bulk_get_issues(&self, keys: &[String], fields: &[String]) -> Result<BulkIssues> {
        let keys = bulk::checked_issue_keys("issue_keys", keys)?;
        let site = self.site()?;
        let mut out = BulkIssues { issues: Vec::new(), issue_errors: Vec::new(), not_found: Vec::new() };
        for chunk in keys.chunks(BULK_FETCH_MAX) {
            let request = bulk::bulk_fetch_request(&site, chunk, fields);
            let (issues, errors) = bulk::parse_bulk_fetch(&self.execute(&site, request, "bulk get issues")?, &site)?;
            out.not_found.extend(bulk::keys_not_found(chunk, &issues, &errors));
            out.issues.extend(issues);
            out.issue_errors.extend(errors);
        }
        Ok(out)
    }

    /// Creates many issues, 50 per request. Every issue is validated before anything is sent; Jira's per-issue
    /// errors are reported at the caller's index and the issues it created are kept.
    pub fn batch_create_issues(&self, issues: &[NewIssue]) -> Result<BatchCreated> {
        if issues.is_empty() {
            return Err(crate::error::Error::invalid_input("`issues` is empty: give at least one issue"));
        }
        if issues.len() > BULK_CALL_MAX {
            return Err(crate::error::Error::invalid_input(format!("`issues` has more than {BULK_CALL_MAX} issues")));
        }
        let site = self.site()?;
        // Validate every issue before reading the field list (only fetched when a field is named).
        for chunk in issues.chunks(BATCH_CREATE_MAX) {
            bulk::batch_create_request(&site, chunk)?;
        }
        let issues = &issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let fields = self.resolve_fields(&issue.fields).map_err(|mut e| {
                    if e.kind == crate::error::ErrorKind::InvalidInput {
                        e.message = format!("`issues[{i}]`: {}", e.message);
                    }
                    e
                })?;
                Ok(NewIssue { fields, ..issue.clone() })
            })
            .collect::<Result<Vec<_>>>()?;
        let requests = issues
            .chunks(BATCH_CREATE_MAX)
            .map(|chunk| bulk::batch_create_request(&site, chunk))
            .collect::<Result<Vec<_>>>()?;
        let mut out = BatchCreated::default();
        for (number, (request, chunk)) in requests.into_iter().zip(issues.chunks(BATCH_CREATE_MAX)).enumerate() {
            let offset = number * BATCH_CREATE_MAX;
            let context = "batch create issues";
            let part = self.execute_keeping_400(&site, request, context).and_then(|response| {
                let part = bulk::parse_batch_create(&response, &site, offset, chunk.len());
                match part {
                    // A 400 without per-item errors is about the whole request.
                    Ok(part) if response.status == 400 && part.errors.is_empty() => {
                        Err(crate::error::error_from_response(&response, context))
                    }
                    // A 400 that is not JSON is reported as Jira's status, not as a decode error.
                    Err(_) if response.status == 400 => Err(crate::error::error_from_response(&response, context)),
                    other => other,
                }
            });
            match part {
                Ok(part) => {
                    out.created.extend(part.created);
                    out.errors.extend(part.errors);
                }
                // Nothing created yet: the call failed as a whole.
                Err(error) if out.created.is_empty() => return Err(error),
                // Keep what was created; report this chunk and the ones not sent as failed.
                Err(error) => {
                    out.errors.extend((offset..issues.len()).map(|index| BatchCreateError {
                        index,
                        status: error.status,
                        error_messages: vec![format!("not created: {}", error.message)],
                        errors: Default::default(),
                    }));
                    break;
                }
            }
        }
        Ok(out)
    }

    /// An issue's change history, oldest first, over as many pages as `limit` (default 1000) needs.
    pub fn get_changelog(&self, key: &str, limit: Option<u32>) -> Result<Changelog> {
        let key = issue_key("issue_key", key)?;
        let limit = limit.unwrap_or(DEFAULT_CHANGELOG_LIMIT);
        if limit == 0 || limit > MAX_CHANGELOG_LIMIT {
            return Err(crate::error::Error::invalid_input(format!(
                "`limit` must be between 1 and {MAX_CHANGELOG_LIMIT}"
            )));
        }
        let site = self.site()?;
        let collected =
            collect_pages(limit, CHANGELOG_PAGE_MAX, Cursor::Offset(0), "get changelog", |cursor, size| {
                let start = match cursor {
                    Cursor::Offset(start) => *start,
                    Cursor::Token(_) => 0,
                };
                let request = changelog::changelog_page_request(&site, &key, start, size)?;
                changelog::parse_changelog_page(&self.execute(&site, request, "get changelog")?)
            })?;
        Ok(Changelog {
            issue_key: key,
            is_last: collected.is_last(),
            total: collected.total,
            histories: collected.items,
        })
    }

    /// The change histories of many issues (every page), optionally only for some fields, grouped by issue id.
    pub fn batch_get_changelogs(&self, keys: &[String], field_ids: &[String]) -> Result<Vec<IssueChangelog>> {
        let keys = bulk::checked_issue_keys("issue_keys", keys)?;
        let field_ids = changelog::checked_field_ids(field_ids)?;
        let site = self.site()?;
        let context = "batch get changelogs";
        let collected =
            collect_pages(u32::MAX, BULK_CHANGELOG_PAGE_MAX, Cursor::Token(None), context, |cursor, size| {
                let token = match cursor {
                    Cursor::Token(token) => token.as_deref(),
                    Cursor::Offset(_) => None,
                };
                let request = changelog::bulk_changelog_request(&site, &keys, &field_ids, size, token);
                changelog::parse_bulk_changelog_page(&self.execute(&site, request, context)?)
            })?;
        Ok(changelog::group_by_issue(collected.items))
    }

    /// Like `execute`, but a 400 is returned as a response: a batch where every item failed answers 400 with
    /// the per-item errors in the body, which the caller maps. Any other status takes the usual path (a 401
    /// is sent again through `execute`, which refreshes or reroutes; nothing was created by a refused call).
    fn execute_keeping_400(&self, site: &Site, request: Request, context: &str) -> Result<Response> {
        self.ensure_fresh_token(context)?;
        let response = self.send_authorized(site, request.clone(), context)?;
        match response.status {
            400 => Ok(response),
            401 => self.execute(site, request, context),
            _ => crate::error::check_status(response, context),
        }
    }
}
