//! Issue operations beyond get and create: count by JQL, update, delete, assign, and the edit metadata.
//! Bulk reads and batch creation are in `bulk.rs`, change histories in `changelog.rs`.

pub mod bulk;
pub mod changelog;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::adf::{markdown_to_adf, merge_media};
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::site::{issue_key, path_segment, quoted_preview, Site};

/// `POST /rest/api/3/search/approximate-count` with the (bounded) JQL.
pub fn count_issues_request(site: &Site, jql: &str) -> Result<Request> {
    let jql = crate::jira::search::validate_jql(jql)?;
    Ok(Request::new(Method::Post, site.api_url("/rest/api/3/search/approximate-count", &[]))
        .json_body(&json!({ "jql": jql })))
}

/// Parses `{"count": n}`.
pub fn parse_count(response: &Response) -> Result<u64> {
    const CONTEXT: &str = "count issues";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).with("count", |n| n.value().as_u64().ok_or_else(|| n.error("expected a count")))
}

/// What an update changes; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueChanges {
    pub summary: Option<String>,
    /// Markdown, sent as ADF; the media (images) of the old description are kept.
    pub description: Option<String>,
    /// The new labels (an empty list clears them).
    pub labels: Option<Vec<String>>,
    /// A priority name (`High`) or numeric id.
    pub priority: Option<String>,
    pub assignee_account_id: Option<String>,
    /// Extra fields by id, merged last (`{"customfield_10016": 5}`).
    pub fields: Map<String, Value>,
    /// Whether Jira e-mails the watchers (Jira's default: yes).
    pub notify_users: Option<bool>,
}

impl IssueChanges {
    fn is_empty(&self) -> bool {
        self.summary.is_none()
            && self.description.is_none()
            && self.labels.is_none()
            && self.priority.is_none()
            && self.assignee_account_id.is_none()
            && self.fields.is_empty()
    }
}

/// The result of an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdatedIssue {
    pub issue_key: String,
    pub updated: bool,
}

/// Checks a one-line summary the way Jira would, before sending.
pub fn checked_summary(summary: &str) -> Result<&str> {
    let summary = summary.trim();
    if summary.is_empty() {
        return Err(Error::invalid_input("`summary` is empty: an issue needs a one-line summary"));
    }
    if summary.contains('\n') {
        return Err(Error::invalid_input("`summary` must be a single line"));
    }
    if summary.chars().count() > 255 {
        return Err(Error::invalid_input("`summary` is longer than Jira's 255 characters"));
    }
    Ok(summary)
}

/// `{"name": x}`, or `{"id": x}` when x is numeric.
fn name_or_id(value: &str) -> Value {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        json!({ "id": value })
    } else {
        json!({ "name": value })
    }
}

/// `GET /rest/api/3/issue/{key}?fields=description`: the old description, read before a rewrite.
pub fn description_request(site: &Site, key: &str) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let path = format!("/rest/api/3/issue/{}", path_segment(&key));
    Ok(Request::new(Method::Get, site.api_url(&path, &[("fields", "description".to_string())])))
}

/// The ADF description of an issue (null when it has none).
pub fn parse_description(response: &Response) -> Result<Value> {
    const CONTEXT: &str = "read the old description";
    let body = parse_body(&response.body, CONTEXT)?;
    Ok(body.get("fields").and_then(|f| f.get("description")).cloned().unwrap_or(Value::Null))
}

/// `PUT /rest/api/3/issue/{key}`; `old_description` is the current ADF description whose media are kept.
pub fn update_issue_request(
    site: &Site,
    key: &str,
    changes: &IssueChanges,
    old_description: Option<&Value>,
) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    if changes.is_empty() {
        return Err(Error::invalid_input(
            "nothing to update: give `summary`, `description`, `labels`, `priority`, `assignee_account_id` or `fields`",
        ));
    }
    let mut fields = Map::new();
    if let Some(summary) = &changes.summary {
        fields.insert("summary".into(), json!(checked_summary(summary)?));
    }
    if let Some(markdown) = &changes.description {
        let new_doc = markdown_to_adf(markdown);
        let doc = match old_description.filter(|d| d.is_object()) {
            Some(old) => merge_media(old, new_doc),
            None => new_doc,
        };
        fields.insert("description".into(), doc);
    }
    if let Some(labels) = &changes.labels {
        if let Some(bad) = labels.iter().find(|l| l.is_empty() || l.contains(char::is_whitespace)) {
            return Err(Error::invalid_input(format!(
                "`labels`: Jira labels cannot be empty or contain spaces, got {}",
                quoted_preview(bad)
            )));
        }
        fields.insert("labels".into(), json!(labels));
    }
    if let Some(priority) = changes.priority.as_deref().filter(|p| !p.trim().is_empty()) {
        fields.insert("priority".into(), name_or_id(priority));
    }
    if let Some(account) = changes.assignee_account_id.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        fields.insert("assignee".into(), json!({ "accountId": account }));
    }
    for (name, value) in &changes.fields {
        fields.insert(name.clone(), value.clone());
    }
    let query: Vec<(&str, String)> = changes.notify_users.map(|n| ("notifyUsers", n.to_string())).into_iter().collect();
    let path = format!("/rest/api/3/issue/{}", path_segment(&key));
    Ok(Request::new(Method::Put, site.api_url(&path, &query)).json_body(&json!({ "fields": fields })))
}

/// `DELETE /rest/api/3/issue/{key}`; `deleteSubtasks=true` deletes an issue with sub-tasks and them.
pub fn delete_issue_request(site: &Site, key: &str, delete_subtasks: bool) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let query: Vec<(&str, String)> =
        if delete_subtasks { vec![("deleteSubtasks", "true".to_string())] } else { Vec::new() };
    Ok(Request::new(Method::Delete, site.api_url(&format!("/rest/api/3/issue/{}", path_segment(&key)), &query)))
}

/// Assigns an issue: `PUT /rest/api/3/issue/{key}/assignee` with `{"accountId": id}`. Unassigning (no account)
/// is `PUT /rest/api/3/issue/{key}` with `{"fields": {"assignee": null}}`: the assignee endpoint's text says
/// `accountId: null` unassigns, but its schema (`User.accountId`, a non-nullable string) forbids that body, and
/// the edit endpoint's null assignee is the form the schema allows and Jira honours.
pub fn assign_issue_request(site: &Site, key: &str, account_id: Option<&str>) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let issue_path = format!("/rest/api/3/issue/{}", path_segment(&key));
    let account = match account_id.map(str::trim) {
        Some("") => return Err(Error::invalid_input("`account_id` is empty: give an account id, or null to unassign")),
        Some(account) if account.chars().count() > 128 => {
            return Err(Error::invalid_input("`account_id` is longer than 128 characters"))
        }
        Some(account) => account,
        None => {
            return Ok(Request::new(Method::Put, site.api_url(&issue_path, &[]))
                .json_body(&json!({ "fields": { "assignee": null } })))
        }
    };
    Ok(Request::new(Method::Put, site.api_url(&format!("{issue_path}/assignee"), &[]))
        .json_body(&json!({ "accountId": account })))
}

/// A field that can be edited on an issue, from its edit metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditField {
    pub id: String,
    pub name: String,
    pub required: bool,
    /// The schema type (`string`, `array`, `option`, `user`, ...).
    pub schema_type: Option<String>,
    /// The item type of arrays (`string`, `option`, ...).
    pub items: Option<String>,
    /// The custom field type key, for custom fields.
    pub custom: Option<String>,
    /// The operations the field supports in `update` (`set`, `add`, `remove`).
    pub operations: Vec<String>,
    /// The values Jira allows, as Jira lists them (absent when any value goes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Value>,
}

/// `GET /rest/api/3/issue/{key}/editmeta`.
pub fn edit_meta_request(site: &Site, key: &str) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    Ok(Request::new(Method::Get, site.api_url(&format!("/rest/api/3/issue/{}/editmeta", path_segment(&key)), &[])))
}

/// Parses `{"fields": {id: {name, required, schema, operations, allowedValues}}}`, sorted by field id.
pub fn parse_edit_meta(response: &Response) -> Result<Vec<EditField>> {
    const CONTEXT: &str = "get edit fields";
    let body = parse_body(&response.body, CONTEXT)?;
    let mut out = Node::root(&body, CONTEXT)
        .with_opt("fields", |fields| {
            let Some(map) = fields.value().as_object() else { return Err(fields.error("expected an object")) };
            map.keys().map(|id| fields.with(id, |field| parse_edit_field(id, field))).collect::<Result<Vec<_>>>()
        })?
        .unwrap_or_default();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn parse_edit_field(id: &str, field: Node<'_>) -> Result<EditField> {
    let schema_str = |key: &str| field.with_opt("schema", |s| s.opt_str(key)).map(Option::flatten);
    Ok(EditField {
        id: id.to_string(),
        name: field.opt_str("name")?.unwrap_or_else(|| id.to_string()),
        required: field.opt_bool("required")?.unwrap_or(false),
        schema_type: schema_str("type")?,
        items: schema_str("items")?,
        custom: schema_str("custom")?,
        operations: field
            .with_opt("operations", |o| o.map_array(|op| op.as_str().map(str::to_string)))?
            .unwrap_or_default(),
        allowed_values: field.value().get("allowedValues").filter(|v| !v.is_null()).cloned(),
    })
}

#[cfg(test)]
mod tests;
