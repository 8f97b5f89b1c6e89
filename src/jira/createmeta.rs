//! Create metadata: the issue types a project can create
//! (`GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes`) and the fields of one of them
//! (`GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`), both offset-paged.

use serde::Serialize;

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::project_details::IssueTypeRef;
use crate::page::{offset_page, Page};
use crate::site::{path_segment, project_key, Site};

/// The page size asked of the createmeta endpoints.
pub const CREATEMETA_PAGE_MAX: u32 = 50;

/// The most issue types or fields gathered for one answer.
pub const CREATEMETA_LIMIT: u32 = 1000;

/// A value a field accepts (an option, a priority, a version, a component...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowedValue {
    pub id: Option<String>,
    /// The option's `value`, or the entity's `name` (or `key`).
    pub name: Option<String>,
}

/// A field on the create screen of an issue type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateField {
    pub id: String,
    pub name: String,
    pub required: bool,
    /// The schema type: `string`, `number`, `array`, `option`, `user`, `date`, `priority`...
    pub schema_type: Option<String>,
    /// For arrays, the item type.
    pub items: Option<String>,
    /// For custom fields, the custom type (`com.atlassian.jira.plugin.system.customfieldtypes:select`).
    pub custom_type: Option<String>,
    pub has_default_value: bool,
    /// The values the field accepts, when Jira lists them.
    pub allowed_values: Option<Vec<AllowedValue>>,
}

fn createmeta_path(project: &str, suffix: &str) -> Result<String> {
    let key = project_key("project_key", project)?;
    Ok(format!("/rest/api/3/issue/createmeta/{}/issuetypes{suffix}", path_segment(&key)))
}

fn page_query(start_at: u32, max_results: u32) -> [(&'static str, String); 2] {
    [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())]
}

/// One page of the issue types a project can create.
pub fn issue_types_request(site: &Site, project: &str, start_at: u32, max_results: u32) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&createmeta_path(project, "")?, &page_query(start_at, max_results))))
}

/// One page of the create fields of an issue type (by id).
pub fn create_fields_request(
    site: &Site,
    project: &str,
    issue_type_id: &str,
    start_at: u32,
    max_results: u32,
) -> Result<Request> {
    if issue_type_id.is_empty() || !issue_type_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(format!(
            "`issue_type` id must be numeric, got {}",
            crate::site::quoted_preview(issue_type_id)
        )));
    }
    let path = createmeta_path(project, &format!("/{}", path_segment(issue_type_id)))?;
    Ok(Request::new(Method::Get, site.api_url(&path, &page_query(start_at, max_results))))
}

/// The issue type named by `wanted` (an id, or a name compared case-insensitively).
pub fn choose_issue_type<'a>(types: &'a [IssueTypeRef], wanted: &str, project: &str) -> Result<&'a IssueTypeRef> {
    let wanted = wanted.trim();
    types
        .iter()
        .find(|t| t.id == wanted)
        .or_else(|| types.iter().find(|t| t.name.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
            Error::invalid_input(format!(
                "project {project} has no issue type {}; it has: {}",
                crate::site::quoted_preview(wanted),
                names.join(", ")
            ))
        })
}

/// The items of a page under the first of `keys` present. The spec names two lists for each page
/// (`issueTypes` or `createMetaIssueType`; `fields` or `results`) and Data Center answers `values`: reading
/// only one would turn an answer under another name into a silently empty list.
fn listed<T>(root: Node<'_>, keys: &[&str], mut item: impl FnMut(Node<'_>) -> Result<T>) -> Result<Vec<T>> {
    for key in keys {
        if let Some(items) = root.with_opt(key, |list| list.map_array(&mut item))? {
            return Ok(items);
        }
    }
    Ok(Vec::new())
}

/// Parses a page of issue types.
pub fn parse_issue_types_page(response: &Response) -> Result<Page<IssueTypeRef>> {
    const CONTEXT: &str = "get project issue types";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let types = listed(root, &["issueTypes", "createMetaIssueType", "values"], |t| {
        Ok(IssueTypeRef {
            id: t.id("id")?,
            name: t.opt_str("name")?.unwrap_or_default(),
            subtask: t.opt_bool("subtask")?.unwrap_or(false),
            description: t.opt_str("description")?.filter(|d| !d.is_empty()),
        })
    })?;
    offset_page(root, types)
}

/// An allowed value: options carry `value`, entities `name` (projects also `key`).
pub fn parse_allowed_value(node: Node<'_>) -> Result<AllowedValue> {
    let name = match node.opt_str("value")? {
        Some(value) => Some(value),
        None => match node.opt_str("name")? {
            Some(name) => Some(name),
            None => node.opt_str("key")?,
        },
    };
    Ok(AllowedValue { id: node.with_opt("id", |n| n.as_id())?, name })
}

/// Parses a page of create fields.
pub fn parse_create_fields_page(response: &Response) -> Result<Page<CreateField>> {
    const CONTEXT: &str = "get create fields";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let fields = listed(root, &["fields", "results", "values"], |f| {
        let schema = |key: &str| f.with_opt("schema", |s| s.opt_str(key)).map(Option::flatten);
        let allowed = f.with_opt("allowedValues", |v| v.map_array(parse_allowed_value))?;
        Ok(CreateField {
            id: f.str("fieldId")?,
            name: f.opt_str("name")?.unwrap_or_default(),
            required: f.opt_bool("required")?.unwrap_or(false),
            schema_type: schema("type")?,
            items: schema("items")?,
            custom_type: schema("custom")?,
            has_default_value: f.opt_bool("hasDefaultValue")?.unwrap_or(false),
            allowed_values: allowed,
        })
    })?;
    offset_page(root, fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn requests_are_valid_and_paged() {
        let req = issue_types_request(&site_api_key(), "ACME", 0, 50).expect("request");
        assert_eq!(
            req.url,
            "https://acme.atlassian.net/rest/api/3/issue/createmeta/ACME/issuetypes?startAt=0&maxResults=50"
        );
        spec_valid(&req);
        let req = create_fields_request(&site_oauth(), "ACME", "10001", 50, 50).expect("request");
        assert!(req.url.ends_with("/rest/api/3/issue/createmeta/ACME/issuetypes/10001?startAt=50&maxResults=50"));
        spec_valid(&req);
        assert_eq!(
            create_fields_request(&site_oauth(), "ACME", "../1", 0, 1).expect_err("id").kind,
            ErrorKind::InvalidInput
        );
        assert!(issue_types_request(&site_oauth(), "A/B", 0, 1).is_err());
    }

    #[test]
    fn parses_the_spec_examples() {
        let page = parse_issue_types_page(&Response::new(
            200,
            fixture("projects/createmeta_issuetypes_200.spec-examples.json"),
        ))
        .expect("parse");
        assert!(page.is_last);
        assert_eq!(page.items[0].name, "Bug");
        let page = parse_create_fields_page(&Response::new(
            200,
            fixture("projects/createmeta_issuetype_fields_200.spec-examples.json"),
        ))
        .expect("parse");
        assert_eq!(page.items[0].id, "assignee");
        assert!(page.items[0].required);
        assert_eq!(page.items[0].allowed_values, None);
    }

    #[test]
    fn allowed_values_and_schema_are_simplified() {
        let body = r#"{"startAt":0,"maxResults":50,"total":3,"fields":[
            {"fieldId":"customfield_10020","name":"Team","required":false,"schema":{"type":"option","custom":"com.atlassian.jira.plugin.system.customfieldtypes:select","customId":10020},
             "allowedValues":[{"id":"1","value":"Red"},{"id":"2","value":"Blue"}]},
            {"fieldId":"priority","name":"Priority","required":false,"schema":{"type":"priority","system":"priority"},"allowedValues":[{"id":"3","name":"Medium"}]}]}"#;
        let page = parse_create_fields_page(&Response::new(200, body)).expect("parse");
        assert!(!page.is_last, "3 in total, 2 here");
        assert_eq!(page.items[0].schema_type.as_deref(), Some("option"));
        assert_eq!(page.items[0].allowed_values.as_ref().map(|v| v[1].name.as_deref()), Some(Some("Blue")));
        assert_eq!(
            page.items[1].allowed_values.as_ref().map(|v| v[0].clone()),
            Some(AllowedValue { id: Some("3".into()), name: Some("Medium".into()) })
        );
        let err = parse_create_fields_page(&Response::new(200, r#"{"fields":[{"name":"x"}]}"#)).expect_err("no id");
        assert_eq!(err.message, "get create fields: missing required value at `$.fields[0].fieldId`");
    }

    #[test]
    fn pages_under_the_other_spec_list_names_parse_too() {
        // `PageOfCreateMetaIssueTypes` also names `createMetaIssueType`, `PageOfCreateMetaIssueTypeWithField`
        // also `results`; Data Center (and the jira-cli capture) answers `values` with `isLast`.
        let page =
            parse_issue_types_page(&Response::new(200, fixture("issues/issue_createmeta_v9_issuetypes.jira-cli.json")))
                .expect("parse");
        assert_eq!(
            page.items[0],
            IssueTypeRef {
                id: "10001".into(),
                name: "Epic".into(),
                subtask: false,
                description: Some("Issue type for a big user story that needs to be broken down.".into())
            }
        );
        assert!(page.is_last, "the capture says isLast although it is trimmed below its total");
        let body = r#"{"startAt":0,"maxResults":50,"total":1,"createMetaIssueType":[{"id":10002}]}"#;
        let page = parse_issue_types_page(&Response::new(200, body)).expect("parse");
        assert_eq!(
            page.items,
            [IssueTypeRef { id: "10002".into(), name: String::new(), subtask: false, description: None }]
        );
        assert!(page.is_last);
        let body = r#"{"startAt":0,"maxResults":50,"total":2,"results":[{"fieldId":"summary","name":"Summary","required":true,
            "schema":{"type":"string","system":"summary"},"allowedValues":null}]}"#;
        let page = parse_create_fields_page(&Response::new(200, body)).expect("parse");
        assert_eq!((page.items[0].id.as_str(), page.items[0].required), ("summary", true));
        assert_eq!(page.items[0].allowed_values, None);
        assert!(!page.is_last, "2 in total, 1 here");
        let err = parse_create_fields_page(&Response::new(200, r#"{"results":[{"name":"x"}]}"#)).expect_err("no id");
        assert_eq!(err.message, "get create fields: missing required value at `$.results[0].fieldId`");
        let page = parse_create_fields_page(&Response::new(200, r#"{"startAt":0,"total":0}"#)).expect("parse");
        assert!(page.items.is_empty() && page.is_last);
    }

    #[test]
    fn issue_types_are_chosen_by_id_or_name() {
        let types = vec![
            IssueTypeRef { id: "1".into(), name: "Bug".into(), subtask: false, description: None },
            IssueTypeRef { id: "2".into(), name: "Task".into(), subtask: false, description: None },
        ];
        assert_eq!(choose_issue_type(&types, "2", "ACME").expect("id").name, "Task");
        assert_eq!(choose_issue_type(&types, " bug ", "ACME").expect("name").id, "1");
        let err = choose_issue_type(&types, "Story", "ACME").expect_err("unknown");
        assert!(err.message.contains("Bug, Task"), "{}", err.message);
    }
}
