//! `platform-projects`: a project, its issue types, create screen, priorities, versions, components, statuses.

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_projects as wit;
use super::super::{user_ref, wit_error, Component};
use super::metadata::status;
use super::{core, guard, Result};
use crate::jira::createmeta::{AllowedValue, CreateField};
use crate::jira::project_details::{Component as ProjectComponent, IssueTypeRef};
use crate::jira::versions::{Version, VersionChanges, VersionDraft};

fn issue_type(t: IssueTypeRef) -> wit::IssueTypeRef {
    wit::IssueTypeRef { id: t.id, name: t.name, subtask: t.subtask, description: t.description }
}

fn component(c: ProjectComponent) -> wit::ProjectComponent {
    wit::ProjectComponent {
        id: c.id,
        name: c.name,
        description: c.description,
        lead: c.lead.map(user_ref),
        assignee_type: c.assignee_type,
    }
}

fn version(v: Version) -> wit::Version {
    wit::Version {
        id: v.id,
        name: v.name,
        description: v.description,
        released: v.released,
        archived: v.archived,
        release_date: v.release_date,
        start_date: v.start_date,
        project_id: v.project_id,
        raw_json: v.raw.to_string(),
    }
}

fn allowed(v: AllowedValue) -> wit::AllowedValue {
    wit::AllowedValue { id: v.id, name: v.name }
}

fn create_field(f: CreateField) -> wit::CreateField {
    wit::CreateField {
        id: f.id,
        name: f.name,
        required: f.required,
        schema_type: f.schema_type,
        items: f.items,
        custom_type: f.custom_type,
        has_default_value: f.has_default_value,
        allowed_values: f.allowed_values.map(|values| values.into_iter().map(allowed).collect()),
    }
}

impl wit::Guest for Component {
    fn get_project(c: ClientBorrow<'_>, project_key: String) -> Result<wit::ProjectDetails> {
        guard(&c, "get-project", false, serde_json::json!({"project_key": project_key}))?;
        let p = core(&c).get_project(&project_key).map_err(wit_error)?;
        Ok(wit::ProjectDetails {
            id: p.id,
            key: p.key,
            name: p.name,
            project_type: p.project_type,
            description: p.description,
            lead: p.lead.map(user_ref),
            simplified: p.simplified,
            issue_types: p.issue_types.into_iter().map(issue_type).collect(),
            components: p.components.into_iter().map(component).collect(),
            versions: p.versions.into_iter().map(version).collect(),
            raw_json: p.raw.to_string(),
        })
    }

    fn get_project_issue_types(c: ClientBorrow<'_>, project_key: String) -> Result<Vec<wit::IssueTypeRef>> {
        guard(&c, "get-project-issue-types", false, serde_json::json!({"project_key": project_key}))?;
        let types = core(&c).get_project_issue_types(&project_key).map_err(wit_error)?;
        Ok(types.into_iter().map(issue_type).collect())
    }

    fn get_create_fields(c: ClientBorrow<'_>, project_key: String, kind: String) -> Result<wit::CreateScreen> {
        guard(&c, "get-create-fields", false, serde_json::json!({"project_key": project_key}))?;
        let (chosen, fields) = core(&c).get_create_fields(&project_key, &kind).map_err(wit_error)?;
        Ok(wit::CreateScreen { issue_type: issue_type(chosen), fields: fields.into_iter().map(create_field).collect() })
    }

    fn get_priorities(
        c: ClientBorrow<'_>,
        project_key: String,
        kind: Option<String>,
    ) -> Result<wit::ProjectPriorities> {
        guard(&c, "get-priorities", false, serde_json::json!({"project_key": project_key}))?;
        let (chosen, priorities) = core(&c).get_priorities(&project_key, kind.as_deref()).map_err(wit_error)?;
        Ok(wit::ProjectPriorities {
            issue_type: issue_type(chosen),
            priorities: priorities.into_iter().map(allowed).collect(),
        })
    }

    fn get_project_versions(c: ClientBorrow<'_>, project_key: String) -> Result<Vec<wit::Version>> {
        guard(&c, "get-project-versions", false, serde_json::json!({"project_key": project_key}))?;
        let versions = core(&c).get_project_versions(&project_key).map_err(wit_error)?;
        Ok(versions.into_iter().map(version).collect())
    }

    fn create_version(c: ClientBorrow<'_>, new: wit::NewVersion) -> Result<wit::Version> {
        guard(&c, "create-version", true, serde_json::json!({"project_key": new.project_key}))?;
        let draft = VersionDraft {
            project_key: new.project_key,
            name: new.name,
            description: new.description,
            release_date: new.release_date,
            start_date: new.start_date,
        };
        core(&c).create_version(&draft).map(version).map_err(wit_error)
    }

    fn update_version(c: ClientBorrow<'_>, version_id: String, changes: wit::VersionChanges) -> Result<wit::Version> {
        guard(&c, "update-version", true, serde_json::json!({"version_id": version_id}))?;
        let changes = VersionChanges {
            name: changes.name,
            description: changes.description,
            released: changes.released,
            archived: changes.archived,
            release_date: changes.release_date,
            start_date: changes.start_date,
        };
        core(&c).update_version(&version_id, &changes).map(version).map_err(wit_error)
    }

    fn get_project_components(c: ClientBorrow<'_>, project_key: String) -> Result<Vec<wit::ProjectComponent>> {
        guard(&c, "get-project-components", false, serde_json::json!({"project_key": project_key}))?;
        let components = core(&c).get_project_components(&project_key).map_err(wit_error)?;
        Ok(components.into_iter().map(component).collect())
    }

    fn get_project_statuses(c: ClientBorrow<'_>, project_key: String) -> Result<Vec<wit::IssueTypeStatuses>> {
        guard(&c, "get-project-statuses", false, serde_json::json!({"project_key": project_key}))?;
        let list = core(&c).get_project_statuses(&project_key).map_err(wit_error)?;
        Ok(list
            .into_iter()
            .map(|t| wit::IssueTypeStatuses {
                issue_type_id: t.issue_type_id,
                issue_type: t.issue_type,
                subtask: t.subtask,
                statuses: t.statuses.into_iter().map(status).collect(),
            })
            .collect())
    }
}
