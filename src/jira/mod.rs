//! Jira operations, one module per area. Each operation is a request builder (`*_request`) and a response
//! parser (`parse_*`); `crate::client::Client` drives them with one line each.

pub mod agile;
pub mod attachments;
pub mod comments;
pub mod comments_worklogs;
pub mod createmeta;
pub mod field_values;
pub mod fields;
pub mod issue_ops;
pub mod issues;
pub mod links_watchers;
pub mod metadata;
pub mod project_details;
pub mod projects;
pub mod raw_request;
pub mod search;
pub mod transitions;
pub mod user_lookup;
pub mod users;
pub mod versions;

use serde::Serialize;
use serde_json::Value;

use crate::adf::adf_to_markdown;
use crate::decode::Node;
use crate::error::Result;
use crate::site::Site;

/// A user as it appears on an issue or comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRef {
    /// The Atlassian account id (empty only in trimmed test data that omits it).
    pub account_id: String,
    pub display_name: String,
}

/// An issue in the connector's simplified shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub id: String,
    pub key: String,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub status: Option<String>,
    pub issue_type: Option<String>,
    pub priority: Option<String>,
    pub assignee: Option<UserRef>,
    pub reporter: Option<UserRef>,
    pub labels: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    /// The description as Markdown.
    pub description: Option<String>,
    /// The `fields` object as Jira returned it, custom fields included.
    pub fields: Value,
}

/// The fields the simplified issue shape is made of; requested unless the caller asks for more.
pub const ISSUE_SHAPE_FIELDS: [&str; 10] = [
    "summary",
    "status",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "created",
    "updated",
    "description",
];

/// The fields to request: the issue shape's plus the caller's, without duplicates, in a stable order.
pub fn requested_fields(extra: &[String]) -> Vec<String> {
    let mut fields: Vec<String> = ISSUE_SHAPE_FIELDS.iter().map(|f| f.to_string()).collect();
    for field in extra {
        let field = field.trim();
        if !field.is_empty() && !fields.iter().any(|f| f == field) {
            fields.push(field.to_string());
        }
    }
    fields
}

/// Parses a user object (`{"accountId", "displayName", ...}`).
pub fn parse_user_ref(node: Node<'_>) -> Result<UserRef> {
    Ok(UserRef {
        account_id: node.opt_str("accountId")?.unwrap_or_default(),
        display_name: node.opt_str("displayName")?.unwrap_or_default(),
    })
}

/// Parses an issue object (from get-issue or a search result) into the simplified shape.
pub fn parse_issue(node: Node<'_>, site: &Site) -> Result<Issue> {
    let id = node.with_opt("id", |n| n.as_id())?.unwrap_or_default();
    let key = node.opt_str("key")?.unwrap_or_default();
    let url = if key.is_empty() { None } else { site.browse_url(&key) };
    let empty = Value::Object(Default::default());
    let fields_value = node.value().get("fields").filter(|f| !f.is_null()).unwrap_or(&empty);
    let parsed = node.with_opt("fields", |fields| {
        let name_of = |key: &str| fields.with_opt(key, |n| n.opt_str("name"));
        Ok(Issue {
            id: id.clone(),
            key: key.clone(),
            url: url.clone(),
            summary: fields.opt_str("summary")?,
            status: name_of("status")?.flatten(),
            issue_type: name_of("issuetype")?.flatten(),
            priority: name_of("priority")?.flatten(),
            assignee: fields.with_opt("assignee", parse_user_ref)?,
            reporter: fields.with_opt("reporter", parse_user_ref)?,
            labels: fields
                .with_opt("labels", |labels| labels.map_array(|l| l.as_str().map(str::to_string)))?
                .unwrap_or_default(),
            created: fields.opt_text("created")?,
            updated: fields.opt_text("updated")?,
            description: fields.with_opt("description", |d| Ok(rich_text(d.value())))?,
            fields: fields_value.clone(),
        })
    })?;
    Ok(parsed.unwrap_or(Issue {
        id,
        key,
        url,
        summary: None,
        status: None,
        issue_type: None,
        priority: None,
        assignee: None,
        reporter: None,
        labels: Vec::new(),
        created: None,
        updated: None,
        description: None,
        fields: empty,
    }))
}

/// Rich text as Markdown: an ADF document (REST v3) rendered by `adf_to_markdown`, a plain string (older
/// payloads) as it is.
pub fn rich_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => adf_to_markdown(other),
    }
}

#[cfg(test)]
mod response_tolerance_tests;
#[cfg(test)]
pub(crate) mod test_support;
