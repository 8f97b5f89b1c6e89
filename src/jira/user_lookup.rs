//! Users other than the caller: one by account id (`GET /rest/api/3/user`), a search by name or e-mail
//! (`GET /rest/api/3/user/search`) and the users an issue can be assigned to
//! (`GET /rest/api/3/user/assignable/search`).
//!
//! Both searches answer a bare JSON array (no `total`, no `isLast`): a page shorter than asked is the last.

use serde::Serialize;
use serde_json::Value;

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::page::Page;
use crate::site::Site;

/// The most users one search page asks for.
pub const USER_PAGE_MAX: u32 = 50;

/// The default number of users a search returns.
pub const DEFAULT_USER_LIMIT: u32 = 50;

/// The most users a search gathers (Jira itself stops at 1000 matches).
pub const MAX_USER_LIMIT: u32 = 1000;

/// A Jira user in the connector's simplified shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub account_id: String,
    pub display_name: String,
    /// None when the user's profile visibility hides it.
    pub email: Option<String>,
    pub active: bool,
    /// `atlassian` (a person), `app` (a bot or integration) or `customer` (Jira Service Management).
    pub account_type: Option<String>,
    /// Jira's user object.
    #[serde(skip)]
    pub raw: Value,
}

/// Whom assignable users are searched for: a project (for new issues) or an existing issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignableScope {
    Project(String),
    Issue(String),
}

impl AssignableScope {
    /// Exactly one of `project_key` and `issue_key`, validated.
    pub fn from_args(project_key: Option<&str>, issue_key: Option<&str>) -> Result<Self> {
        match (project_key, issue_key) {
            (Some(project), None) => Ok(Self::Project(crate::site::project_key("project_key", project)?)),
            (None, Some(issue)) => Ok(Self::Issue(crate::site::issue_key("issue_key", issue)?)),
            _ => Err(Error::invalid_input("give exactly one of `project_key` and `issue_key`")),
        }
    }
}

/// A validated search limit (default 50, at most 1000).
pub fn user_limit(limit: Option<u32>) -> Result<u32> {
    match limit.unwrap_or(DEFAULT_USER_LIMIT) {
        0 => Err(Error::invalid_input(format!("`limit` must be between 1 and {MAX_USER_LIMIT}"))),
        n if n > MAX_USER_LIMIT => Err(Error::invalid_input(format!("`limit` must be between 1 and {MAX_USER_LIMIT}"))),
        n => Ok(n),
    }
}

/// Validates an account id (Atlassian ids are letters, digits, `:` and `-`).
pub fn account_id(arg: &str, value: &str) -> Result<String> {
    let id = value.trim();
    let ok = !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-:_".contains(&b));
    if ok {
        Ok(id.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "`{arg}` must be an Atlassian account id like 5b10a2844c20165700ede21g, got {}",
            crate::site::quoted_preview(value)
        )))
    }
}

/// `GET /rest/api/3/user?accountId=`.
pub fn get_user_request(site: &Site, account_id_value: &str) -> Result<Request> {
    let id = account_id("account_id", account_id_value)?;
    Ok(Request::new(Method::Get, site.api_url("/rest/api/3/user", &[("accountId", id)])))
}

/// One page of `GET /rest/api/3/user/search`.
pub fn search_users_request(site: &Site, query: &str, start_at: u32, max_results: u32) -> Result<Request> {
    let query = query.trim();
    if query.is_empty() {
        return Err(Error::invalid_input("`query` must not be empty: give part of a name or an e-mail address"));
    }
    let params =
        [("query", query.to_string()), ("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    Ok(Request::new(Method::Get, site.api_url("/rest/api/3/user/search", &params)))
}

/// One page of `GET /rest/api/3/user/assignable/search`.
pub fn assignable_users_request(
    site: &Site,
    query: Option<&str>,
    scope: &AssignableScope,
    start_at: u32,
    max_results: u32,
) -> Request {
    let mut params = Vec::new();
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        params.push(("query", q.to_string()));
    }
    match scope {
        AssignableScope::Project(key) => params.push(("project", key.clone())),
        AssignableScope::Issue(key) => params.push(("issueKey", key.clone())),
    }
    params.push(("startAt", start_at.to_string()));
    params.push(("maxResults", max_results.to_string()));
    Request::new(Method::Get, site.api_url("/rest/api/3/user/assignable/search", &params))
}

/// Parses a user object.
pub fn parse_user_node(node: Node<'_>) -> Result<User> {
    Ok(User {
        account_id: node.str("accountId")?,
        display_name: node.opt_str("displayName")?.unwrap_or_default(),
        email: node.opt_str("emailAddress")?.filter(|e| !e.is_empty()),
        active: node.opt_bool("active")?.unwrap_or(true),
        account_type: node.opt_str("accountType")?,
        raw: node.value().clone(),
    })
}

/// Parses `GET /user`.
pub fn parse_user(response: &Response) -> Result<User> {
    const CONTEXT: &str = "get user";
    let body = parse_body(&response.body, CONTEXT)?;
    parse_user_node(Node::root(&body, CONTEXT))
}

/// Parses one page of a user search (a JSON array); `asked` is the page size requested.
pub fn parse_user_page(response: &Response, asked: u32, context: &str) -> Result<Page<User>> {
    let body = parse_body(&response.body, context)?;
    let users = Node::root(&body, context).map_array(parse_user_node)?;
    let is_last = users.len() < asked as usize;
    Ok(Page { items: users, is_last, next_token: None, total: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

    #[test]
    fn get_user_request_is_valid_and_encoded() {
        let req = get_user_request(&site_api_key(), " 5b10a2844c20165700ede21g ").expect("request");
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g");
        spec_valid(&req);
        let req = get_user_request(&site_oauth(), "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077").expect("request");
        assert!(req.url.ends_with("/rest/api/3/user?accountId=557058%3Af58131cb-b67d-43c7-b30d-6b58d40bd077"));
        spec_valid(&req);
        for bad in ["", "a&b=c", "../x", "a b"] {
            let err = get_user_request(&site_api_key(), bad).expect_err(bad);
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn search_requests_page_and_are_valid() {
        let req = search_users_request(&site_api_key(), " mia k ", 50, 50).expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/user/search?query=mia%20k&startAt=50&maxResults=50");
        spec_valid(&req);
        assert!(search_users_request(&site_api_key(), "  ", 0, 50).is_err());
        let scope = AssignableScope::from_args(Some("ACME"), None).expect("scope");
        let req = assignable_users_request(&site_api_key(), Some("ada"), &scope, 0, 10);
        assert_eq!(
            req.url,
            "https://acme.atlassian.net/rest/api/3/user/assignable/search?query=ada&project=ACME&startAt=0&maxResults=10"
        );
        spec_valid(&req);
        let scope = AssignableScope::from_args(None, Some("acme-7")).expect("scope");
        let req = assignable_users_request(&site_oauth(), None, &scope, 0, 50);
        assert!(req.url.ends_with("/rest/api/3/user/assignable/search?issueKey=ACME-7&startAt=0&maxResults=50"));
        spec_valid(&req);
    }

    #[test]
    fn exactly_one_assignable_scope() {
        assert!(AssignableScope::from_args(None, None).is_err());
        assert!(AssignableScope::from_args(Some("A"), Some("A-1")).is_err());
        assert!(AssignableScope::from_args(Some("A/../B"), None).is_err());
        assert!(AssignableScope::from_args(None, Some("nope")).is_err());
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(user_limit(None).expect("default"), 50);
        assert!(user_limit(Some(0)).is_err());
        assert!(user_limit(Some(1001)).is_err());
    }

    #[test]
    fn parses_the_spec_examples() {
        let user = parse_user(&Response::new(200, spec_example("GET /rest/api/3/user 200"))).expect("parse");
        assert_eq!(user.account_id, "5b10a2844c20165700ede21g");
        assert_eq!(user.display_name, "Mia Krystof");
        assert_eq!(user.email.as_deref(), Some("mia@example.com"));
        assert_eq!(user.account_type.as_deref(), Some("atlassian"));
        let page = parse_user_page(&Response::new(200, fixture("users/user_search_200.spec-examples.json")), 50, "s")
            .expect("parse");
        assert!(page.is_last);
        assert_eq!(page.items[0].display_name, "Mia Krystof");
        assert!(!page.items[0].active);
        assert_eq!(page.items[0].email, None, "hidden e-mail");
    }

    #[test]
    fn parses_the_assignable_capture_and_names_bad_paths() {
        let body = fixture("users/user_assignable_search.jira-cli.json");
        let page = parse_user_page(&Response::new(200, body.clone()), 2, "assignable").expect("parse");
        assert!(!page.is_last, "a full page may have a successor");
        assert_eq!(page.items[0].email.as_deref(), Some("jane@domain.tld"));
        assert!(!page.items[1].active);
        let err = parse_user_page(&Response::new(200, r#"[{"displayName":"x"}]"#), 50, "search users")
            .expect_err("no account id");
        assert_eq!(err.message, "search users: missing required value at `$[0].accountId`");
        let err = parse_user_page(&Response::new(200, r#"{"values":[]}"#), 50, "search users").expect_err("object");
        assert_eq!(err.kind, ErrorKind::Decode);
    }
}
