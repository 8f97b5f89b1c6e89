//! Dispatch of the project, metadata and field tools, and of the `jira_request` escape hatch, into the typed
//! client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::versions::{VersionChanges, VersionDraft};
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the metadata tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    let text = |name: &str| -> Result<Option<String>> { Ok(args.opt_str(name)?.map(str::to_string)) };
    Some(match name {
        "jira_get_project" => value(&|| Ok(to_json(client.get_project(args.str("project_key")?)?))),
        "jira_get_project_issue_types" => {
            value(&|| Ok(json!({ "issue_types": to_json(client.get_project_issue_types(args.str("project_key")?)?) })))
        }
        "jira_get_create_fields" => value(&|| {
            let (issue_type, fields) = client.get_create_fields(args.str("project_key")?, args.str("issue_type")?)?;
            Ok(json!({ "issue_type": to_json(issue_type), "fields": to_json(fields) }))
        }),
        "jira_get_project_versions" => {
            value(&|| Ok(json!({ "versions": to_json(client.get_project_versions(args.str("project_key")?)?) })))
        }
        "jira_create_version" => value(&|| {
            Ok(to_json(client.create_version(&VersionDraft {
                project_key: args.str("project_key")?.to_string(),
                name: args.str("name")?.to_string(),
                description: text("description")?,
                release_date: text("release_date")?,
                start_date: text("start_date")?,
            })?))
        }),
        "jira_update_version" => value(&|| {
            let changes = VersionChanges {
                name: text("name")?,
                description: text("description")?,
                released: opt_bool(args, "released")?,
                archived: opt_bool(args, "archived")?,
                release_date: text("release_date")?,
                start_date: text("start_date")?,
            };
            Ok(to_json(client.update_version(args.str("version_id")?, &changes)?))
        }),
        "jira_get_project_components" => {
            value(&|| Ok(json!({ "components": to_json(client.get_project_components(args.str("project_key")?)?) })))
        }
        "jira_get_project_statuses" => {
            value(&|| Ok(json!({ "issue_types": to_json(client.get_project_statuses(args.str("project_key")?)?) })))
        }
        "jira_get_priorities" => value(&|| {
            let (issue_type, priorities) =
                client.get_priorities(args.str("project_key")?, args.opt_str("issue_type")?)?;
            Ok(json!({ "issue_type": issue_type.name, "priorities": to_json(priorities) }))
        }),
        "jira_get_statuses" => value(&|| Ok(json!({ "statuses": to_json(client.get_statuses()?) }))),
        "jira_get_resolutions" => value(&|| Ok(json!({ "resolutions": to_json(client.get_resolutions()?) }))),
        "jira_search_fields" => {
            value(&|| Ok(json!({ "fields": to_json(client.search_fields(args.opt_str("keyword")?)?) })))
        }
        "jira_get_field_options" => value(&|| {
            Ok(to_json(client.field_options(
                args.str("field_id")?,
                args.opt_str("project_key")?,
                args.opt_str("issue_type")?,
            )?))
        }),
        "jira_request" => value(&|| {
            Ok(to_json(client.raw_request(
                args.str("method")?,
                args.str("path")?,
                args.opt_object("query")?,
                args.value("body"),
            )?))
        }),
        _ => return None,
    })
}

/// An optional boolean argument (the schema already checked its type).
fn opt_bool(args: &Args<'_>, name: &str) -> Result<Option<bool>> {
    match args.value(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => Err(args.invalid(name, "must be true or false")),
    }
}
