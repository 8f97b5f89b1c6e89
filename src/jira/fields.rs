//! Fields: the site's field list (`GET /rest/api/3/field`, cached per client) and the options of a custom
//! field from its contexts (`GET /rest/api/3/field/{fieldId}/context` then
//! `GET /rest/api/3/field/{fieldId}/context/{contextId}/option`, both offset-paged).

use std::cell::RefCell;

use serde::Serialize;

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::page::{parse_offset_page, Page};
use crate::site::{path_segment, Site};

/// The page size asked of the context and option lists.
pub const FIELD_PAGE_MAX: u32 = 100;

/// A field of the site, system or custom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// `summary`, `customfield_10016`...
    pub id: String,
    pub name: String,
    pub custom: bool,
    /// The schema type (`string`, `number`, `array`, `option`, `user`, `date`...); none for a few system fields.
    pub schema_type: Option<String>,
    /// For arrays, the item type.
    pub items: Option<String>,
    /// For custom fields, the custom type key.
    pub custom_type: Option<String>,
    /// The names JQL knows the field by (`cf[10016]`, `"Story Points"`).
    pub clause_names: Vec<String>,
}

/// The field list a client caches after its first fetch (field ids and names rarely change).
#[derive(Debug, Default)]
pub struct FieldCache(RefCell<Option<Vec<Field>>>);

impl FieldCache {
    /// The cached list, fetching it with `fetch` the first time.
    pub fn get_or_fetch(&self, fetch: impl FnOnce() -> Result<Vec<Field>>) -> Result<Vec<Field>> {
        if let Some(fields) = self.0.borrow().as_ref() {
            return Ok(fields.clone());
        }
        let fields = fetch()?;
        *self.0.borrow_mut() = Some(fields.clone());
        Ok(fields)
    }
}

/// One option of a select-like field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldOption {
    pub id: Option<String>,
    pub value: Option<String>,
    pub disabled: bool,
    /// For cascading selects, the parent option's id.
    pub parent_id: Option<String>,
    /// The context the option belongs to (context options only).
    pub context_id: Option<String>,
}

/// A custom field context (the options of a field can differ per project and issue type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldContext {
    pub id: String,
    pub name: String,
}

/// Validates a field id taken from input (`customfield_10020`, `priority`).
pub fn field_id(value: &str) -> Result<String> {
    let id = value.trim();
    if !id.is_empty()
        && id.len() <= 255
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        && id != ".."
    {
        Ok(id.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "`field_id` must be a field id like customfield_10020 or priority (see jira_search_fields), got {}",
            crate::site::quoted_preview(value)
        )))
    }
}

/// `GET /rest/api/3/field`.
pub fn field_list_request(site: &Site) -> Request {
    Request::new(Method::Get, site.api_url("/rest/api/3/field", &[]))
}

/// One page of a custom field's contexts.
pub fn field_contexts_request(site: &Site, field: &str, start_at: u32, max_results: u32) -> Result<Request> {
    let path = format!("/rest/api/3/field/{}/context", path_segment(&field_id(field)?));
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&path, &params)))
}

/// One page of the options of a custom field context.
pub fn context_options_request(
    site: &Site,
    field: &str,
    context_id: &str,
    start_at: u32,
    max_results: u32,
) -> Result<Request> {
    if context_id.is_empty() || !context_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::decode("get field contexts", "$.values[*].id", "expected a numeric context id"));
    }
    let path = format!("/rest/api/3/field/{}/context/{}/option", path_segment(&field_id(field)?), context_id);
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&path, &params)))
}

/// Parses the field list.
pub fn parse_field_list(response: &Response) -> Result<Vec<Field>> {
    const CONTEXT: &str = "search fields";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(|f| {
        let schema = |key: &str| f.with_opt("schema", |s| s.opt_str(key)).map(Option::flatten);
        Ok(Field {
            id: f.str("id")?,
            name: f.opt_str("name")?.unwrap_or_default(),
            custom: f.opt_bool("custom")?.unwrap_or(false),
            schema_type: schema("type")?,
            items: schema("items")?,
            custom_type: schema("custom")?,
            clause_names: f
                .with_opt("clauseNames", |c| c.map_array(|n| n.as_str().map(str::to_string)))?
                .unwrap_or_default(),
        })
    })
}

/// The fields whose name or id contains `keyword` (case-insensitive); all of them without one.
pub fn filter_fields(fields: Vec<Field>, keyword: Option<&str>) -> Vec<Field> {
    let keyword = keyword.map(|k| k.trim().to_lowercase()).filter(|k| !k.is_empty());
    match keyword {
        None => fields,
        Some(k) => fields
            .into_iter()
            .filter(|f| f.name.to_lowercase().contains(&k) || f.id.to_lowercase().contains(&k))
            .collect(),
    }
}

/// Parses a page of field contexts.
pub fn parse_contexts_page(response: &Response) -> Result<Page<FieldContext>> {
    parse_offset_page(response, "get field contexts", "values", |c| {
        Ok(FieldContext { id: c.id("id")?, name: c.opt_str("name")?.unwrap_or_default() })
    })
}

/// Parses a page of context options.
pub fn parse_options_page(response: &Response, context_id: &str) -> Result<Page<FieldOption>> {
    parse_offset_page(response, "get field options", "values", |o| {
        Ok(FieldOption {
            id: Some(o.id("id")?),
            value: o.opt_str("value")?,
            disabled: o.opt_bool("disabled")?.unwrap_or(false),
            parent_id: o.with_opt("optionId", |n| n.as_id())?,
            context_id: Some(context_id.to_string()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

    #[test]
    fn requests_are_valid_against_the_spec() {
        let req = field_list_request(&site_api_key());
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/field");
        spec_valid(&req);
        let req = field_contexts_request(&site_oauth(), "customfield_10020", 0, 100).expect("request");
        assert!(req.url.ends_with("/rest/api/3/field/customfield_10020/context?startAt=0&maxResults=100"));
        spec_valid(&req);
        let req = context_options_request(&site_oauth(), "customfield_10020", "10025", 100, 100).expect("request");
        assert!(req
            .url
            .ends_with("/rest/api/3/field/customfield_10020/context/10025/option?startAt=100&maxResults=100"));
        spec_valid(&req);
        for bad in ["", "a/b", "..", "x?y"] {
            assert_eq!(field_id(bad).expect_err(bad).kind, ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn parses_field_lists_and_filters_them() {
        let fields =
            parse_field_list(&Response::new(200, fixture("metadata/field_list.jira-cli.json"))).expect("parse");
        let points = fields.iter().find(|f| f.id == "customfield_10111").expect("story points");
        assert!(points.custom);
        assert_eq!(points.schema_type.as_deref(), Some("number"));
        assert_eq!(points.clause_names, ["cf[10111]", "Original story points"]);
        let found = filter_fields(fields.clone(), Some("STORY"));
        assert!(found.iter().all(|f| f.name.to_lowercase().contains("story")));
        assert!(!found.is_empty());
        assert_eq!(filter_fields(fields.clone(), Some(" ")).len(), fields.len());
        let spec = parse_field_list(&Response::new(200, spec_example("GET /rest/api/3/field 200"))).expect("parse");
        assert_eq!(spec[1].id, "summary");
        let err = parse_field_list(&Response::new(200, r#"[{"name":"x"}]"#)).expect_err("no id");
        assert_eq!(err.message, "search fields: missing required value at `$[0].id`");
    }

    #[test]
    fn parses_contexts_and_options() {
        let body = spec_example("GET /rest/api/3/field/{fieldId}/context 200");
        let contexts = parse_contexts_page(&Response::new(200, body)).expect("parse");
        assert!(contexts.is_last);
        assert_eq!(contexts.items[1], FieldContext { id: "10026".into(), name: "Task fields context".into() });
        let body = spec_example("GET /rest/api/3/field/{fieldId}/context/{contextId}/option 200");
        let options = parse_options_page(&Response::new(200, body), "10025").expect("parse");
        assert!(options.items[1].disabled);
        assert_eq!(options.items[3].parent_id.as_deref(), Some("10001"));
        assert_eq!(options.items[0].context_id.as_deref(), Some("10025"));
    }

    #[test]
    fn the_cache_fetches_once() {
        let cache = FieldCache::default();
        let calls = std::cell::Cell::new(0);
        for _ in 0..3 {
            let fields = cache
                .get_or_fetch(|| {
                    calls.set(calls.get() + 1);
                    Ok(Vec::new())
                })
                .expect("fields");
            assert!(fields.is_empty());
        }
        assert_eq!(calls.get(), 1);
        let failing = FieldCache::default();
        assert!(failing.get_or_fetch(|| Err(Error::invalid_input("down"))).is_err());
        assert!(failing.get_or_fetch(|| Ok(Vec::new())).is_ok(), "a failure is not cached");
    }
}
