//! Drivers of the field operations: the cached field list and the options of a field, from the create screen
//! of a project's issue type or from the field's contexts.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jira::field_values;
use crate::jira::fields::{self, Field, FieldOption, FIELD_PAGE_MAX};
use crate::page::{collect_pages, Cursor};

use super::Client;

/// The most contexts or options gathered for one field.
const OPTIONS_LIMIT: u32 = 5000;

/// The options of a field and where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldOptions {
    pub field_id: String,
    /// `create_screen` (the allowed values for a project's issue type) or `contexts` (every context's options).
    pub source: &'static str,
    pub options: Vec<FieldOption>,
}

impl<H: HttpClient> Client<H> {
    /// Every field of the site, fetched once per client.
    pub fn fields(&self) -> Result<Vec<Field>> {
        self.field_cache.get_or_fetch(|| {
            let site = self.site()?;
            fields::parse_field_list(&self.execute(&site, fields::field_list_request(&site), "search fields")?)
        })
    }

    /// A caller's `fields` object ready to send: display names mapped to field ids with values shaped by each
    /// field's schema, ids kept with their values as given (see [`field_values`]). The field list is fetched
    /// only when a name is used (once per client), so requests with ids alone are sent unchanged.
    pub fn resolve_fields(&self, given: &Map<String, Value>) -> Result<Map<String, Value>> {
        if !field_values::needs_field_list(given) {
            return Ok(given.clone());
        }
        field_values::resolve_fields(&self.fields()?, given)
    }

    /// The fields whose name or id contains `keyword`.
    pub fn search_fields(&self, keyword: Option<&str>) -> Result<Vec<Field>> {
        Ok(fields::filter_fields(self.fields()?, keyword))
    }

    /// The options of a field: the allowed values on the create screen when a project and issue type are
    /// given (both or neither), otherwise the options of every context of the (custom) field.
    pub fn field_options(&self, field: &str, project: Option<&str>, issue_type: Option<&str>) -> Result<FieldOptions> {
        let field_id = fields::field_id(field)?;
        match (project, issue_type) {
            (Some(project), Some(issue_type)) => self.create_screen_options(&field_id, project, issue_type),
            (None, None) => self.context_options(&field_id),
            _ => Err(Error::invalid_input("give both `project_key` and `issue_type`, or neither")),
        }
    }

    fn create_screen_options(&self, field_id: &str, project: &str, issue_type: &str) -> Result<FieldOptions> {
        let (chosen, create_fields) = self.get_create_fields(project, issue_type)?;
        let field = create_fields.into_iter().find(|f| f.id == field_id).ok_or_else(|| {
            Error::invalid_input(format!(
                "field {field_id} is not on the create screen of {} issues in {project}",
                chosen.name
            ))
        })?;
        let options = field
            .allowed_values
            .unwrap_or_default()
            .into_iter()
            .map(|v| FieldOption { id: v.id, value: v.name, disabled: false, parent_id: None, context_id: None })
            .collect();
        Ok(FieldOptions { field_id: field_id.to_string(), source: "create_screen", options })
    }

    fn context_options(&self, field_id: &str) -> Result<FieldOptions> {
        let site = self.site()?;
        let contexts =
            collect_pages(OPTIONS_LIMIT, FIELD_PAGE_MAX, Cursor::Offset(0), "get field contexts", |c, size| {
                let request = fields::field_contexts_request(&site, field_id, offset(c), size)?;
                fields::parse_contexts_page(&self.execute(&site, request, "get field contexts")?)
            })?;
        let mut options = Vec::new();
        for context in contexts.items {
            let collected =
                collect_pages(OPTIONS_LIMIT, FIELD_PAGE_MAX, Cursor::Offset(0), "get field options", |c, size| {
                    let request = fields::context_options_request(&site, field_id, &context.id, offset(c), size)?;
                    fields::parse_options_page(&self.execute(&site, request, "get field options")?, &context.id)
                })?;
            options.extend(collected.items);
        }
        Ok(FieldOptions { field_id: field_id.to_string(), source: "contexts", options })
    }
}

fn offset(cursor: &Cursor) -> u32 {
    match cursor {
        Cursor::Offset(start) => *start,
        Cursor::Token(_) => 0,
    }
}
