//! The project and metadata tools: a project, its issue types, create fields, versions, components and
//! statuses, the site's statuses and resolutions, and its fields with their options. Scopes are the spec's `x-atlassian-oauth2-scopes` of the
//! operations each tool calls ("Current" classic, "Beta" granular).

use serde_json::{json, Value};

use super::catalog::{object, project_key_arg, tool, union_scopes};
use super::catalog_issue_ops::FIELD_LIST_GRANULAR;
use crate::tools::ToolSpec;

const READ: &[&str] = &["read:jira-work"];
/// The granular scopes of the project endpoints (`GET /project/search`, `/project/{key}`).
pub(super) const GET_PROJECT_GRANULAR: &[&str] = &[
    "read:issue-type:jira",
    "read:project:jira",
    "read:project.property:jira",
    "read:user:jira",
    "read:application-role:jira",
    "read:avatar:jira",
    "read:group:jira",
    "read:issue-type-hierarchy:jira",
    "read:project-category:jira",
    "read:project-version:jira",
    "read:project.component:jira",
];
/// The granular scopes of the create screen endpoints (`GET /issue/createmeta/{projectIdOrKey}/issuetypes[/{id}]`).
const CREATEMETA_GRANULAR: &[&str] = &["read:issue-meta:jira", "read:avatar:jira", "read:field-configuration:jira"];
/// The granular scopes of `POST /rest/api/3/version` and `PUT /rest/api/3/version/{id}`.
const WRITE_VERSION_GRANULAR: &[&str] = &["write:project-version:jira", "read:project-version:jira"];
/// The granular scopes of `jira_create_version`: the project it looks up, and the creation.
const CREATE_VERSION_TOOL_GRANULAR: &[&str] = union_scopes!(GET_PROJECT_GRANULAR, WRITE_VERSION_GRANULAR);
/// The granular scopes of `GET /rest/api/3/field/{fieldId}/context`.
const FIELD_CONTEXTS_GRANULAR: &[&str] = &["read:field:jira", "read:custom-field-contextual-configuration:jira"];
/// The granular scopes of `GET /rest/api/3/field/{fieldId}/context/{contextId}/option`.
const FIELD_OPTIONS_GRANULAR: &[&str] = &["read:field.option:jira"];
/// The granular scopes of `jira_get_field_options`: the create screen, or the contexts and their options.
const FIELD_OPTIONS_TOOL_GRANULAR: &[&str] =
    union_scopes!(CREATEMETA_GRANULAR, FIELD_CONTEXTS_GRANULAR, FIELD_OPTIONS_GRANULAR);

fn date(what: &str) -> Value {
    json!({ "type": "string", "minLength": 10, "maxLength": 10, "description": format!("{what}, yyyy-mm-dd.") })
}

fn project_only() -> Value {
    object(json!({ "project_key": project_key_arg() }), &["project_key"])
}

/// The project and metadata tools.
pub fn metadata_tools() -> Vec<ToolSpec> {
    vec![
        tool(
            "jira_get_project",
            "Get one Jira project: id, key, name, project_type, description, lead, simplified (team-managed), its issue_types, components and versions.",
            project_only(),
            READ,
            GET_PROJECT_GRANULAR,
            &["GET /rest/api/3/project/{projectIdOrKey}"],
        ),
        tool(
            "jira_get_project_issue_types",
            "List the issue types the user can create in a project (id, name, subtask, description); use a name or id as `issue_type` when creating issues.",
            project_only(),
            READ,
            CREATEMETA_GRANULAR,
            &["GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes"],
        ),
        tool(
            "jira_get_create_fields",
            "List the fields of the create screen of an issue type in a project: id, name, required, schema_type, items, custom_type, has_default_value and allowed_values (id and name/value) for select-like fields. Use it to know what `fields` jira_create_issue needs.",
            object(
                json!({
                    "project_key": project_key_arg(),
                    "issue_type": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Issue type name (Bug, case-insensitive) or id." },
                }),
                &["project_key", "issue_type"],
            ),
            READ,
            CREATEMETA_GRANULAR,
            &[
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
            ],
        ),
        tool(
            "jira_get_project_versions",
            "List every version (release) of a project: id, name, description, released, archived, release_date, start_date, project_id.",
            project_only(),
            READ,
            &["read:project-version:jira"],
            &["GET /rest/api/3/project/{projectIdOrKey}/versions"],
        ),
        tool(
            "jira_create_version",
            "Create a version (release) in a project. Dates are yyyy-mm-dd. Returns the version.",
            object(
                json!({
                    "project_key": project_key_arg(),
                    "name": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The version name, unique in the project (e.g. 2.4.0)." },
                    "description": { "type": "string", "maxLength": 16384, "description": "What the version is about." },
                    "release_date": date("Planned release date"),
                    "start_date": date("Start date"),
                }),
                &["project_key", "name"],
            ),
            &["read:jira-work", "manage:jira-project"],
            CREATE_VERSION_TOOL_GRANULAR,
            &["GET /rest/api/3/project/{projectIdOrKey}", "POST /rest/api/3/version"],
        ),
        tool(
            "jira_update_version",
            "Change a version: rename it, describe it, set its dates, release it (`released: true`) or archive it (`archived: true`). Only the given fields change. Returns the version.",
            object(
                json!({
                    "version_id": { "type": "string", "minLength": 1, "maxLength": 18, "description": "The numeric version id (from jira_get_project_versions)." },
                    "name": { "type": "string", "minLength": 1, "maxLength": 255, "description": "A new name." },
                    "description": { "type": "string", "maxLength": 16384, "description": "A new description." },
                    "released": { "type": "boolean", "description": "True to release the version, false to unrelease it." },
                    "archived": { "type": "boolean", "description": "True to archive the version, false to restore it." },
                    "release_date": date("Release date"),
                    "start_date": date("Start date"),
                }),
                &["version_id"],
            ),
            &["manage:jira-project"],
            WRITE_VERSION_GRANULAR,
            &["PUT /rest/api/3/version/{id}"],
        ),
        tool(
            "jira_get_project_components",
            "List a project's components: id, name, description, lead and assignee_type.",
            project_only(),
            READ,
            &[
                "read:project:jira",
                "read:project.component:jira",
                "read:user:jira",
                "read:application-role:jira",
                "read:avatar:jira",
                "read:group:jira",
            ],
            &["GET /rest/api/3/project/{projectIdOrKey}/components"],
        ),
        tool(
            "jira_get_project_statuses",
            "List the workflow statuses of a project per issue type: issue_type_id, issue_type, subtask and statuses (id, name, description, category: new, indeterminate or done).",
            project_only(),
            READ,
            &["read:issue-status:jira", "read:issue-type:jira", "read:status:jira"],
            &["GET /rest/api/3/project/{projectIdOrKey}/statuses"],
        ),
        tool(
            "jira_get_priorities",
            "List the priorities a project offers (id, name): the values its create screen accepts for `priority`, for `issue_type` or the project's first standard issue type. (Jira's site-wide priority lists are deprecated; priorities can differ per project.)",
            object(
                json!({
                    "project_key": project_key_arg(),
                    "issue_type": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Issue type name or id; the first standard type when omitted." },
                }),
                &["project_key"],
            ),
            READ,
            CREATEMETA_GRANULAR,
            &[
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
            ],
        ),
        tool(
            "jira_get_statuses",
            "List every workflow status of the Jira site: id, name, description, category (new, indeterminate or done) and category_name. Useful for JQL such as `status = \"In Review\"`.",
            object(json!({}), &[]),
            READ,
            &["read:status:jira"],
            &["GET /rest/api/3/status"],
        ),
        tool(
            "jira_get_resolutions",
            "List the issue resolutions of the Jira site (id, name, description), e.g. Done, Won't Do, Duplicate.",
            object(json!({}), &[]),
            READ,
            &["read:resolution:jira"],
            &["GET /rest/api/3/resolution/search"],
        ),
        tool(
            "jira_search_fields",
            "List the Jira fields (system and custom) whose name or id contains `keyword`, or all of them: id, name, custom, schema_type, items, custom_type and clause_names (for JQL). Use it to find the id of a custom field such as \"Story Points\". The list is fetched once per client.",
            object(
                json!({ "keyword": { "type": "string", "maxLength": 255, "description": "Text the field name or id contains (case-insensitive)." } }),
                &[],
            ),
            READ,
            FIELD_LIST_GRANULAR,
            &["GET /rest/api/3/field"],
        ),
        tool(
            "jira_get_field_options",
            "List the options of a select-like field. With `project_key` and `issue_type`: the values the field accepts on that create screen (works for system fields like priority too). Without them: the options of every context of a custom field (needs Jira admin rights). Each option has id, value, disabled, parent_id (cascading selects) and context_id.",
            object(
                json!({
                    "field_id": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The field id, e.g. customfield_10020 or priority (see jira_search_fields)." },
                    "project_key": project_key_arg(),
                    "issue_type": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Issue type name or id; required with `project_key`." },
                }),
                &["field_id"],
            ),
            &["read:jira-work", "manage:jira-configuration"],
            FIELD_OPTIONS_TOOL_GRANULAR,
            &[
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
                "GET /rest/api/3/field/{fieldId}/context",
                "GET /rest/api/3/field/{fieldId}/context/{contextId}/option",
            ],
        ),
    ]
}
