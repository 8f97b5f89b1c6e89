//! Drivers of the project and metadata operations: a project, its issue types and create fields, versions,
//! components and statuses, and the site's statuses and resolutions.

use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jira::createmeta::{self, AllowedValue, CreateField, CREATEMETA_LIMIT, CREATEMETA_PAGE_MAX};
use crate::jira::metadata::{self, IssueTypeStatuses, NamedItem, StatusItem, RESOLUTION_PAGE_MAX};
use crate::jira::project_details::{self, Component, IssueTypeRef, ProjectDetails};
use crate::jira::versions::{self, NewVersion, Version, VersionChanges, VersionDraft};
use crate::page::{collect_pages, Cursor, Page};

use super::Client;

impl<H: HttpClient> Client<H> {
    /// Gathers every item (up to 1000) of an offset-paged list.
    fn collect_offset<T>(
        &self,
        context: &str,
        page_size: u32,
        mut fetch: impl FnMut(u32, u32) -> Result<Page<T>>,
    ) -> Result<Vec<T>> {
        let collected = collect_pages(CREATEMETA_LIMIT, page_size, Cursor::Offset(0), context, |cursor, size| {
            let start = match cursor {
                Cursor::Offset(start) => *start,
                Cursor::Token(_) => 0,
            };
            fetch(start, size)
        })?;
        Ok(collected.items)
    }

    /// One project with its lead, issue types, components and versions.
    pub fn get_project(&self, project: &str) -> Result<ProjectDetails> {
        let site = self.site()?;
        let request = project_details::get_project_request(&site, project)?;
        project_details::parse_project(&self.execute(&site, request, "get project")?)
    }

    /// The issue types the user can create in a project.
    pub fn get_project_issue_types(&self, project: &str) -> Result<Vec<IssueTypeRef>> {
        const CONTEXT: &str = "get project issue types";
        let site = self.site()?;
        self.collect_offset(CONTEXT, CREATEMETA_PAGE_MAX, |start, size| {
            let request = createmeta::issue_types_request(&site, project, start, size)?;
            createmeta::parse_issue_types_page(&self.execute(&site, request, CONTEXT)?)
        })
    }

    /// The fields of the create screen of an issue type (named or by id), with their allowed values.
    pub fn get_create_fields(&self, project: &str, issue_type: &str) -> Result<(IssueTypeRef, Vec<CreateField>)> {
        const CONTEXT: &str = "get create fields";
        let types = self.get_project_issue_types(project)?;
        let chosen = createmeta::choose_issue_type(&types, issue_type, project)?.clone();
        let site = self.site()?;
        let fields = self.collect_offset(CONTEXT, CREATEMETA_PAGE_MAX, |start, size| {
            let request = createmeta::create_fields_request(&site, project, &chosen.id, start, size)?;
            createmeta::parse_create_fields_page(&self.execute(&site, request, CONTEXT)?)
        })?;
        Ok((chosen, fields))
    }

    /// The priorities a project offers: the allowed values of the `priority` field on the create screen of
    /// `issue_type` (default: the project's first standard issue type). Empty when the screen has no priority.
    pub fn get_priorities(&self, project: &str, issue_type: Option<&str>) -> Result<(IssueTypeRef, Vec<AllowedValue>)> {
        let issue_type = match issue_type {
            Some(wanted) => wanted.to_string(),
            None => {
                let types = self.get_project_issue_types(project)?;
                let standard = types.iter().find(|t| !t.subtask).or(types.first());
                standard.map(|t| t.id.clone()).ok_or_else(|| {
                    Error::invalid_input(format!("project {project} has no issue type the user can create"))
                })?
            }
        };
        let (chosen, fields) = self.get_create_fields(project, &issue_type)?;
        let priorities = fields.into_iter().find(|f| f.id == "priority").and_then(|f| f.allowed_values);
        Ok((chosen, priorities.unwrap_or_default()))
    }

    /// Every version of a project.
    pub fn get_project_versions(&self, project: &str) -> Result<Vec<Version>> {
        let site = self.site()?;
        let request = versions::project_versions_request(&site, project)?;
        versions::parse_versions(&self.execute(&site, request, "get project versions")?)
    }

    /// Creates a version; a project key is turned into the project id Jira needs with one look-up.
    pub fn create_version(&self, draft: &VersionDraft) -> Result<Version> {
        let key = crate::site::project_key("project_key", &draft.project_key)?;
        let project_id = match key.parse::<u64>() {
            Ok(id) => id,
            Err(_) => {
                let project = self.get_project(&key)?;
                project.id.parse::<u64>().map_err(|_| Error::decode("get project", "$.id", "expected a numeric id"))?
            }
        };
        let version = NewVersion {
            project_id,
            name: draft.name.clone(),
            description: draft.description.clone(),
            release_date: draft.release_date.clone(),
            start_date: draft.start_date.clone(),
        };
        let site = self.site()?;
        let request = versions::create_version_request(&site, &version)?;
        versions::parse_version(&self.execute(&site, request, "create version")?, "create version")
    }

    /// Renames, dates, releases or archives a version.
    pub fn update_version(&self, version_id: &str, changes: &VersionChanges) -> Result<Version> {
        let site = self.site()?;
        let request = versions::update_version_request(&site, version_id, changes)?;
        versions::parse_version(&self.execute(&site, request, "update version")?, "update version")
    }

    /// A project's components.
    pub fn get_project_components(&self, project: &str) -> Result<Vec<Component>> {
        let site = self.site()?;
        let request = project_details::project_components_request(&site, project)?;
        project_details::parse_components(&self.execute(&site, request, "get project components")?)
    }

    /// The statuses each issue type of a project uses.
    pub fn get_project_statuses(&self, project: &str) -> Result<Vec<IssueTypeStatuses>> {
        let site = self.site()?;
        let request = metadata::project_statuses_request(&site, project)?;
        metadata::parse_project_statuses(&self.execute(&site, request, "get project statuses")?)
    }

    /// The site's resolutions (every page).
    pub fn get_resolutions(&self) -> Result<Vec<NamedItem>> {
        const CONTEXT: &str = "get resolutions";
        let site = self.site()?;
        self.collect_offset(CONTEXT, RESOLUTION_PAGE_MAX, |start, size| {
            metadata::parse_resolution_page(&self.execute(
                &site,
                metadata::resolutions_request(&site, start, size),
                CONTEXT,
            )?)
        })
    }

    /// Every workflow status of the site.
    pub fn get_statuses(&self) -> Result<Vec<StatusItem>> {
        let site = self.site()?;
        metadata::parse_statuses(&self.execute(&site, metadata::statuses_request(&site), "get statuses")?)
    }
}
