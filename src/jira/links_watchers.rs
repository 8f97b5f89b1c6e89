//! Issue links (types, create, remove), remote links (web links on an issue) and watchers.
//!
//! `POST /rest/api/3/issueLink` answers 201 with no body: the new link's id is read from the `Location` header
//! when Jira sends one. Adding a watcher posts the account id as a bare JSON string, as the API requires.

use serde::Serialize;
use serde_json::{json, Value};

use crate::adf::markdown_to_adf;
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::comments_worklogs::numeric_id;
use crate::jira::user_lookup::account_id;
use crate::jira::{parse_user_ref, UserRef};
use crate::site::{issue_key, path_segment, quoted_preview, Site};

/// A kind of link between issues (`Blocks`: outward "blocks", inward "is blocked by").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkType {
    pub id: String,
    pub name: String,
    pub inward: Option<String>,
    pub outward: Option<String>,
}

/// A new link between two issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIssueLink {
    /// The link type's name (`Blocks`) or numeric id.
    pub link_type: String,
    /// Jira's `inwardIssue` (key or id).
    pub inward_issue: String,
    /// Jira's `outwardIssue` (key or id).
    pub outward_issue: String,
    /// Markdown comment added with the link.
    pub comment: Option<String>,
}

/// The outcome of creating an issue link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedLink {
    pub created: bool,
    /// The new link's id, when Jira said it (in the `Location` header).
    pub link_id: Option<String>,
}

/// A web link on an issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteLink {
    pub id: String,
    pub global_id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub relationship: Option<String>,
    pub application: Option<String>,
    /// Jira's remote link object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// The id of a created or updated remote link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteLinkRef {
    pub id: String,
    #[serde(rename = "self")]
    pub self_url: Option<String>,
}

/// The watchers of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Watchers {
    pub watch_count: Option<u32>,
    /// Whether the calling user watches the issue.
    pub is_watching: Option<bool>,
    pub watchers: Vec<UserRef>,
}

fn issue_path(key: &str, tail: &str) -> Result<String> {
    Ok(format!("/rest/api/3/issue/{}/{tail}", path_segment(&issue_key("issue_key", key)?)))
}

/// `GET /rest/api/3/issueLinkType`.
pub fn link_types_request(site: &Site) -> Request {
    Request::new(Method::Get, site.api_url("/rest/api/3/issueLinkType", &[]))
}

/// Parses `{"issueLinkTypes": [...]}`.
pub fn parse_link_types(response: &Response) -> Result<Vec<LinkType>> {
    const CONTEXT: &str = "get link types";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT)
        .with_opt("issueLinkTypes", |types| {
            types.map_array(|t| {
                Ok(LinkType {
                    id: t.id("id")?,
                    name: t.opt_str("name")?.unwrap_or_default(),
                    inward: t.opt_str("inward")?,
                    outward: t.opt_str("outward")?,
                })
            })
        })
        .map(Option::unwrap_or_default)
}

/// `POST /rest/api/3/issueLink`: the type by name (or by id when numeric), the two issues by key or id.
pub fn create_issue_link_request(site: &Site, link: &NewIssueLink) -> Result<Request> {
    let link_type = link.link_type.trim();
    if link_type.is_empty() || link_type.len() > 255 {
        return Err(Error::invalid_input("`link_type` must name a link type like Blocks (see jira_get_link_types)"));
    }
    let type_ref = if link_type.bytes().all(|b| b.is_ascii_digit()) {
        json!({ "id": link_type })
    } else {
        json!({ "name": link_type })
    };
    let issue_ref = |arg: &str, value: &str| -> Result<Value> {
        let key = issue_key(arg, value)?;
        Ok(if key.bytes().all(|b| b.is_ascii_digit()) { json!({ "id": key }) } else { json!({ "key": key }) })
    };
    let inward = issue_ref("inward_issue", &link.inward_issue)?;
    let outward = issue_ref("outward_issue", &link.outward_issue)?;
    if inward == outward {
        return Err(Error::invalid_input("an issue cannot be linked to itself: `inward_issue` equals `outward_issue`"));
    }
    let mut body = json!({ "type": type_ref, "inwardIssue": inward, "outwardIssue": outward });
    if let Some(comment) = link.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        body["comment"] = json!({ "body": markdown_to_adf(comment) });
    }
    Ok(Request::new(Method::Post, site.api_url("/rest/api/3/issueLink", &[])).json_body(&body))
}

/// Reads the new link's id from the `Location` header (`.../rest/api/3/issueLink/10010`), when present.
pub fn parse_created_link(response: &Response) -> CreatedLink {
    let link_id = response
        .header_value("location")
        .and_then(|location| location.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    CreatedLink { created: true, link_id }
}

/// `DELETE /rest/api/3/issueLink/{linkId}`.
pub fn remove_issue_link_request(site: &Site, link_id: &str) -> Result<Request> {
    let path = format!("/rest/api/3/issueLink/{}", numeric_id("link_id", link_id)?);
    Ok(Request::new(Method::Delete, site.api_url(&path, &[])))
}

/// `GET /rest/api/3/issue/{key}/remotelink`.
pub fn remote_links_request(site: &Site, key: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&issue_path(key, "remotelink")?, &[])))
}

/// Parses the array of remote links.
pub fn parse_remote_links(response: &Response) -> Result<Vec<RemoteLink>> {
    const CONTEXT: &str = "get remote links";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(|link| {
        let object = |key: &str| link.with_opt("object", |o| o.opt_str(key)).map(Option::flatten);
        Ok(RemoteLink {
            id: link.id("id")?,
            global_id: link.opt_str("globalId")?,
            url: object("url")?,
            title: object("title")?,
            summary: object("summary")?,
            relationship: link.opt_str("relationship")?,
            application: link.with_opt("application", |a| a.opt_str("name"))?.flatten(),
            raw: link.value().clone(),
        })
    })
}

/// `POST /rest/api/3/issue/{key}/remotelink`: a web link (http or https only) with a title.
pub fn create_remote_link_request(site: &Site, key: &str, url: &str, title: &str) -> Result<Request> {
    let path = issue_path(key, "remotelink")?;
    let url = url.trim();
    let parsed = url::Url::parse(url)
        .map_err(|_| Error::invalid_input(format!("`url` must be an absolute URL, got {}", quoted_preview(url))))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::invalid_input(format!("`url` must be an http or https URL, got {}", quoted_preview(url))));
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid_input("`title` is empty: a remote link needs a title"));
    }
    let body = json!({ "object": { "url": url, "title": title } });
    Ok(Request::new(Method::Post, site.api_url(&path, &[])).json_body(&body))
}

/// Parses `{"id", "self"}`.
pub fn parse_remote_link_ref(response: &Response) -> Result<RemoteLinkRef> {
    const CONTEXT: &str = "create remote link";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    Ok(RemoteLinkRef { id: root.id("id")?, self_url: root.opt_str("self")? })
}

/// `GET /rest/api/3/issue/{key}/watchers`.
pub fn watchers_request(site: &Site, key: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&issue_path(key, "watchers")?, &[])))
}

/// Parses `{"watchCount", "isWatching", "watchers": [...]}`.
pub fn parse_watchers(response: &Response) -> Result<Watchers> {
    const CONTEXT: &str = "get watchers";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    Ok(Watchers {
        watch_count: root.opt_u32("watchCount")?,
        is_watching: root.opt_bool("isWatching")?,
        watchers: root.with_opt("watchers", |w| w.map_array(parse_user_ref))?.unwrap_or_default(),
    })
}

/// `POST /rest/api/3/issue/{key}/watchers` with the account id as a JSON string.
pub fn add_watcher_request(site: &Site, key: &str, account: &str) -> Result<Request> {
    let path = issue_path(key, "watchers")?;
    let account = account_id("account_id", account)?;
    Ok(Request::new(Method::Post, site.api_url(&path, &[])).json_body(&json!(account)))
}

/// `DELETE /rest/api/3/issue/{key}/watchers?accountId=`.
pub fn remove_watcher_request(site: &Site, key: &str, account: &str) -> Result<Request> {
    let path = issue_path(key, "watchers")?;
    let account = account_id("account_id", account)?;
    Ok(Request::new(Method::Delete, site.api_url(&path, &[("accountId", account)])))
}

#[cfg(test)]
#[path = "links_watchers_tests.rs"]
mod tests;
