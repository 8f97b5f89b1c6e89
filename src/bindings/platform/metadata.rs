//! `platform-metadata`: statuses, resolutions, fields and field options.

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_metadata as wit;
use super::super::{wit_error, Component};
use super::{core, Result};
use crate::error::Error;
use crate::jira::metadata::StatusItem;

/// A core status as WIT's (shared with `platform-projects`).
pub(super) fn status(s: StatusItem) -> wit::Status {
    wit::Status {
        id: s.id,
        name: s.name,
        description: s.description,
        category: s.category,
        category_name: s.category_name,
    }
}

impl wit::Guest for Component {
    fn get_statuses(c: ClientBorrow<'_>) -> Result<Vec<wit::Status>> {
        core(&c).get_statuses().map(|list| list.into_iter().map(status).collect()).map_err(wit_error)
    }

    fn get_resolutions(c: ClientBorrow<'_>) -> Result<Vec<wit::Resolution>> {
        let list = core(&c).get_resolutions().map_err(wit_error)?;
        Ok(list.into_iter().map(|r| wit::Resolution { id: r.id, name: r.name, description: r.description }).collect())
    }

    fn search_fields(c: ClientBorrow<'_>, keyword: Option<String>) -> Result<Vec<wit::Field>> {
        let fields = core(&c).search_fields(keyword.as_deref()).map_err(wit_error)?;
        Ok(fields
            .into_iter()
            .map(|f| wit::Field {
                id: f.id,
                name: f.name,
                custom: f.custom,
                schema_type: f.schema_type,
                items: f.items,
                custom_type: f.custom_type,
                clause_names: f.clause_names,
            })
            .collect())
    }

    fn get_field_options(
        c: ClientBorrow<'_>,
        field_id: String,
        screen: Option<wit::CreateScreenRef>,
    ) -> Result<wit::FieldOptions> {
        let (project, issue_type) = match &screen {
            Some(s) => (Some(s.project_key.as_str()), Some(s.issue_type.as_str())),
            None => (None, None),
        };
        let found = core(&c).field_options(&field_id, project, issue_type).map_err(wit_error)?;
        let source = match found.source {
            "create_screen" => wit::OptionSource::CreateScreen,
            "contexts" => wit::OptionSource::Contexts,
            other => {
                return Err(wit_error(Error::decode(
                    "get field options",
                    "source",
                    &format!("unknown option source {other}"),
                )))
            }
        };
        Ok(wit::FieldOptions {
            field_id: found.field_id,
            source,
            options: found
                .options
                .into_iter()
                .map(|o| wit::FieldOption {
                    id: o.id,
                    value: o.value,
                    disabled: o.disabled,
                    parent_id: o.parent_id,
                    context_id: o.context_id,
                })
                .collect(),
        })
    }
}
