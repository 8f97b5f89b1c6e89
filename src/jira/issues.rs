//! Issues: get one, create one.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::adf::markdown_to_adf;
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::{parse_issue, requested_fields, Issue};
use crate::site::{issue_key, path_segment, project_key, Site};

/// `GET /rest/api/3/issue/{key}`; `fields` adds to the issue shape's fields, `expand` is passed through.
pub fn get_issue_request(site: &Site, key: &str, fields: &[String], expand: &[String]) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let mut query = vec![("fields", requested_fields(fields).join(","))];
    let expand: Vec<&str> = expand.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).collect();
    if !expand.is_empty() {
        query.push(("expand", expand.join(",")));
    }
    Ok(Request::new(Method::Get, site.api_url(&format!("/rest/api/3/issue/{}", path_segment(&key)), &query)))
}

/// Parses one issue.
pub fn parse_get_issue(response: &Response, site: &Site) -> Result<Issue> {
    const CONTEXT: &str = "get issue";
    let body = parse_body(&response.body, CONTEXT)?;
    parse_issue(Node::root(&body, CONTEXT), site)
}

/// The fields of a new issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewIssue {
    pub project_key: String,
    pub summary: String,
    /// An issue type name (`Task`) or numeric id.
    pub issue_type: String,
    /// Markdown, sent as ADF.
    pub description: Option<String>,
    pub assignee_account_id: Option<String>,
    pub labels: Vec<String>,
    /// A priority name (`High`) or numeric id.
    pub priority: Option<String>,
    pub parent_key: Option<String>,
    /// Extra fields by id, merged last (`{"customfield_10016": 5}`).
    pub fields: Map<String, Value>,
}

/// What Jira returns for a created issue, with the browse URL added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedIssue {
    pub id: String,
    pub key: String,
    pub url: Option<String>,
}

/// `{"name": x}`, or `{"id": x}` when x is numeric: Jira accepts either for issue types and priorities.
fn name_or_id(value: &str) -> Value {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        json!({ "id": value })
    } else {
        json!({ "name": value })
    }
}

/// `POST /rest/api/3/issue` with the description as ADF.
pub fn create_issue_request(site: &Site, issue: &NewIssue) -> Result<Request> {
    let project = project_key("project_key", &issue.project_key)?;
    let summary = issue.summary.trim();
    if summary.is_empty() {
        return Err(Error::invalid_input("`summary` is empty: an issue needs a one-line summary"));
    }
    if summary.contains('\n') {
        return Err(Error::invalid_input("`summary` must be a single line"));
    }
    if summary.chars().count() > 255 {
        return Err(Error::invalid_input("`summary` is longer than Jira's 255 characters"));
    }
    if issue.issue_type.trim().is_empty() {
        return Err(Error::invalid_input("`issue_type` is empty: give a type name like `Task` or `Bug`"));
    }
    let mut fields = Map::new();
    let project_ref =
        if project.bytes().all(|b| b.is_ascii_digit()) { json!({ "id": project }) } else { json!({ "key": project }) };
    fields.insert("project".into(), project_ref);
    fields.insert("summary".into(), json!(summary));
    fields.insert("issuetype".into(), name_or_id(&issue.issue_type));
    if let Some(text) = &issue.description {
        fields.insert("description".into(), markdown_to_adf(text));
    }
    if let Some(account) = issue.assignee_account_id.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        fields.insert("assignee".into(), json!({ "accountId": account }));
    }
    if !issue.labels.is_empty() {
        for label in &issue.labels {
            if label.is_empty() || label.contains(char::is_whitespace) {
                return Err(Error::invalid_input(format!(
                    "`labels`: Jira labels cannot be empty or contain spaces, got {}",
                    crate::site::quoted_preview(label)
                )));
            }
        }
        fields.insert("labels".into(), json!(issue.labels));
    }
    if let Some(priority) = issue.priority.as_deref().filter(|p| !p.trim().is_empty()) {
        fields.insert("priority".into(), name_or_id(priority));
    }
    if let Some(parent) = &issue.parent_key {
        fields.insert("parent".into(), json!({ "key": issue_key("parent_key", parent)? }));
    }
    for (name, value) in &issue.fields {
        fields.insert(name.clone(), value.clone());
    }
    Ok(Request::new(Method::Post, site.api_url("/rest/api/3/issue", &[])).json_body(&json!({ "fields": fields })))
}

/// Parses `{"id", "key", "self"}` and adds the browse URL.
pub fn parse_created_issue(response: &Response, site: &Site) -> Result<CreatedIssue> {
    const CONTEXT: &str = "create issue";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let key = root.str("key")?;
    Ok(CreatedIssue { id: root.id("id")?, url: site.browse_url(&key), key })
}

#[cfg(test)]
mod tests;
