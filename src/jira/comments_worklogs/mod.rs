//! Comments beyond adding one: list an issue's comments (offset-paged), edit and delete one, and the
//! `visibility` restriction (a project role or a group) comments and worklogs accept. Worklogs are in
//! `worklogs.rs`.

pub mod worklogs;

use serde::Serialize;
use serde_json::{json, Value};

use crate::adf::markdown_to_adf;
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::{parse_user_ref, rich_text, UserRef};
use crate::page::{parse_offset_page, Page};
use crate::site::{issue_key, path_segment, quoted_preview, Site};

/// The most comments Jira serves per page (it documents 5000; 100 keeps each response small).
pub const COMMENT_PAGE_MAX: u32 = 100;

/// Who may see a comment or worklog: members of a project role or of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visibility {
    /// `role` or `group`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The role name (`Administrators`) or the group name (`jira-developers`).
    pub value: String,
}

impl Visibility {
    /// Validates a visibility given as `{"type": "role" | "group", "value": "..."}`.
    pub fn new(kind: &str, value: &str) -> Result<Visibility> {
        let kind = kind.trim().to_ascii_lowercase();
        if kind != "role" && kind != "group" {
            return Err(Error::invalid_input(format!(
                "`visibility.type` must be `role` or `group`, got {}",
                quoted_preview(&kind)
            )));
        }
        let value = value.trim();
        if value.is_empty() {
            return Err(Error::invalid_input("`visibility.value` is empty: name the role or the group"));
        }
        Ok(Visibility { kind, value: value.to_string() })
    }

    /// Jira's visibility object.
    pub fn to_json(&self) -> Value {
        json!({ "type": self.kind, "value": self.value })
    }
}

/// Parses Jira's visibility object (`{"type", "value", "identifier"}`).
pub fn parse_visibility(node: Node<'_>) -> Result<Visibility> {
    Ok(Visibility {
        kind: node.opt_str("type")?.unwrap_or_default(),
        value: node.opt_str("value")?.unwrap_or_default(),
    })
}

/// A comment as listed or edited: the text as Markdown, its dates and who may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommentDetail {
    pub id: String,
    pub author: Option<UserRef>,
    /// The body as Markdown.
    pub body: String,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub update_author: Option<UserRef>,
    /// None when everyone who can see the issue can see the comment.
    pub visibility: Option<Visibility>,
    /// Jira's comment object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// An issue's comments gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommentList {
    pub comments: Vec<CommentDetail>,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// Validates a numeric id taken from input (comment, worklog, link ids); `arg` names the argument.
pub fn numeric_id(arg: &str, value: &str) -> Result<String> {
    let id = value.trim();
    if !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id.to_string())
    } else {
        Err(Error::invalid_input(format!("`{arg}` must be a numeric id like 10001, got {}", quoted_preview(value))))
    }
}

fn comments_path(key: &str) -> Result<String> {
    Ok(format!("/rest/api/3/issue/{}/comment", path_segment(&issue_key("issue_key", key)?)))
}

fn comment_path(key: &str, comment_id: &str) -> Result<String> {
    Ok(format!("{}/{}", comments_path(key)?, numeric_id("comment_id", comment_id)?))
}

/// The body of a comment write: the Markdown as ADF, plus the visibility when given.
pub fn comment_body(body: &str, visibility: Option<&Visibility>) -> Result<Value> {
    if body.trim().is_empty() {
        return Err(Error::invalid_input("`body` is empty: a comment needs text"));
    }
    let mut json = json!({ "body": markdown_to_adf(body) });
    if let Some(visibility) = visibility {
        json["visibility"] = visibility.to_json();
    }
    Ok(json)
}

/// `POST /rest/api/3/issue/{key}/comment` with an optional visibility.
pub fn add_comment_request(site: &Site, key: &str, body: &str, visibility: Option<&Visibility>) -> Result<Request> {
    let path = comments_path(key)?;
    Ok(Request::new(Method::Post, site.api_url(&path, &[])).json_body(&comment_body(body, visibility)?))
}

/// One page of `GET /rest/api/3/issue/{key}/comment`, oldest first.
pub fn list_comments_request(site: &Site, key: &str, start_at: u32, max_results: u32) -> Result<Request> {
    let params = [("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url(&comments_path(key)?, &params)))
}

/// `PUT /rest/api/3/issue/{key}/comment/{id}`: replaces the body (and the visibility when given).
pub fn edit_comment_request(
    site: &Site,
    key: &str,
    comment_id: &str,
    body: &str,
    visibility: Option<&Visibility>,
) -> Result<Request> {
    let path = comment_path(key, comment_id)?;
    Ok(Request::new(Method::Put, site.api_url(&path, &[])).json_body(&comment_body(body, visibility)?))
}

/// `DELETE /rest/api/3/issue/{key}/comment/{id}`.
pub fn delete_comment_request(site: &Site, key: &str, comment_id: &str) -> Result<Request> {
    Ok(Request::new(Method::Delete, site.api_url(&comment_path(key, comment_id)?, &[])))
}

/// Parses a comment object into the detailed shape.
pub fn parse_comment_node(node: Node<'_>) -> Result<CommentDetail> {
    Ok(CommentDetail {
        id: node.id("id")?,
        author: node.with_opt("author", parse_user_ref)?,
        body: node.with_opt("body", |b| Ok(rich_text(b.value())))?.unwrap_or_default(),
        created: node.opt_text("created")?,
        updated: node.opt_text("updated")?,
        update_author: node.with_opt("updateAuthor", parse_user_ref)?,
        visibility: node.with_opt("visibility", parse_visibility)?,
        raw: node.value().clone(),
    })
}

/// Parses the comment an add or edit returns.
pub fn parse_comment_detail(response: &Response, context: &str) -> Result<CommentDetail> {
    let body = parse_body(&response.body, context)?;
    parse_comment_node(Node::root(&body, context))
}

/// Parses one page of comments (`{"startAt", "maxResults", "total", "comments": [...]}`).
pub fn parse_comment_page(response: &Response) -> Result<Page<CommentDetail>> {
    const CONTEXT: &str = "get comments";
    parse_offset_page(response, CONTEXT, "comments", parse_comment_node)
}

#[cfg(test)]
mod tests;
