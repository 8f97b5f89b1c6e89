//! Users: the current user (`GET /rest/api/3/myself`).

use serde::Serialize;
use serde_json::Value;

use crate::decode::{parse_body, Node};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::site::Site;

/// The user the credentials belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Myself {
    pub account_id: String,
    pub display_name: String,
    /// None when the user's profile visibility hides it.
    pub email: Option<String>,
    pub active: bool,
    pub time_zone: Option<String>,
    /// Jira's full response.
    #[serde(skip)]
    pub raw: Value,
}

const CONTEXT: &str = "get myself";

/// `GET /rest/api/3/myself`.
pub fn get_myself_request(site: &Site) -> Request {
    Request::new(Method::Get, site.api_url("/rest/api/3/myself", &[]))
}

/// Parses the current user.
pub fn parse_get_myself(response: &Response) -> Result<Myself> {
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    Ok(Myself {
        // Always present on Jira Cloud; trimmed captures omit it, so absence is tolerated.
        account_id: root.opt_str("accountId")?.unwrap_or_default(),
        display_name: root.opt_str("displayName")?.unwrap_or_default(),
        email: root.opt_str("emailAddress")?.filter(|e| !e.is_empty()),
        active: root.opt_bool("active")?.unwrap_or(true),
        time_zone: root.opt_str("timeZone")?,
        raw: body.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jira::test_support::{fixture, site_api_key, spec_valid};

    #[test]
    fn request_is_get_myself() {
        let req = get_myself_request(&site_api_key());
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/myself");
        spec_valid(&req);
    }

    #[test]
    fn parses_the_spec_example() {
        let me = parse_get_myself(&Response::new(200, fixture("users/myself_200.spec-examples.json"))).expect("parse");
        assert_eq!(me.account_id, "5b10a2844c20165700ede21g");
        assert_eq!(me.display_name, "Mia Krystof");
        assert_eq!(me.email.as_deref(), Some("mia@example.com"));
        assert!(me.active);
        assert_eq!(me.time_zone.as_deref(), Some("Australia/Sydney"));
    }

    #[test]
    fn parses_the_jira_cli_capture() {
        let me = parse_get_myself(&Response::new(200, fixture("users/myself.jira-cli.json"))).expect("parse");
        assert_eq!(me.display_name, "Person A");
        assert_eq!(me.email.as_deref(), Some("user@test.com"));
    }

    #[test]
    fn a_hidden_email_is_none_and_wrong_shapes_are_named() {
        let me = parse_get_myself(&Response::new(200, r#"{"accountId":"a1","displayName":"A","active":true}"#))
            .expect("parse");
        assert_eq!(me.email, None);
        let err = parse_get_myself(&Response::new(200, r#"{"accountId":7}"#)).expect_err("wrong type");
        assert_eq!(err.message, "get myself: expected a string at `$.accountId`");
        let err = parse_get_myself(&Response::new(200, r#"[]"#)).expect_err("not an object");
        assert_eq!(err.message, "get myself: expected an object at `$`");
    }
}
