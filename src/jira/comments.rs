//! Comments: add one (`POST /rest/api/3/issue/{key}/comment`, body as ADF).

use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::http::{Request, Response};
use crate::jira::comments_worklogs::parse_comment_detail;
use crate::jira::UserRef;
use crate::site::Site;

/// A comment on an issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub id: String,
    pub author: Option<UserRef>,
    /// The body as readable text.
    pub body: String,
    pub created: Option<String>,
    /// Jira's comment object.
    #[serde(skip)]
    pub raw: Value,
}

/// `POST /rest/api/3/issue/{key}/comment`.
pub fn add_comment_request(site: &Site, key: &str, body: &str) -> Result<Request> {
    crate::jira::comments_worklogs::add_comment_request(site, key, body, None)
}

/// Parses the comment an add returns (read by the one comment parser, keeping the fields this record has).
pub fn parse_comment(response: &Response) -> Result<Comment> {
    let detail = parse_comment_detail(response, "add comment")?;
    Ok(Comment { id: detail.id, author: detail.author, body: detail.body, created: detail.created, raw: detail.raw })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::http::Method;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    #[test]
    fn request_sends_adf() {
        let req = add_comment_request(&site_api_key(), "ACME-1", "Looks good.\n\nShipping it.").expect("request");
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/comment");
        let body = req.body_json().expect("json");
        assert_eq!(body["body"]["type"], "doc");
        assert_eq!(body["body"]["content"].as_array().map(Vec::len), Some(2));
        spec_valid(&req);
        spec_valid(&add_comment_request(&site_oauth(), "ACME-1", "x").expect("request"));
    }

    #[test]
    fn empty_bodies_and_bad_keys_are_refused() {
        assert_eq!(
            add_comment_request(&site_api_key(), "ACME-1", " \n").expect_err("empty").kind,
            ErrorKind::InvalidInput
        );
        assert_eq!(
            add_comment_request(&site_api_key(), "ACME-1/x", "hi").expect_err("key").kind,
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn parses_the_spec_example() {
        let c = parse_comment(&Response::new(201, fixture("issues/issue_comment_add_201.spec-examples.json")))
            .expect("parse");
        assert_eq!(c.id, "10000");
        assert_eq!(c.author.as_ref().map(|a| a.display_name.as_str()), Some("Mia Krystof"));
        assert!(c.body.starts_with("Lorem ipsum dolor sit amet"), "{}", c.body);
        assert_eq!(c.created.as_deref(), Some("2021-01-17T12:34:00.000+0000"));
    }
}
