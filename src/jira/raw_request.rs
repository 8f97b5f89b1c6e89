//! The escape hatch: any Jira REST call on the resolved API base (`jira_request`), for the endpoints the
//! connector has no tool for.
//!
//! Only a path is accepted, never a URL: it must start with `/rest/`, and every segment is percent-decoded,
//! checked (no `.` or `..`, no control characters) and re-encoded, so the request cannot leave the API base or
//! climb out of `/rest/`. The credentials are attached by the client, which already refuses any other host.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::site::{path_segment, quoted_preview, Site};

/// What a raw call returns: the status and the body (JSON when it parses, text otherwise, null when empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawResponse {
    pub status: u16,
    pub body: Value,
}

/// Parses the method name (case-insensitive).
pub fn parse_method(method: &str) -> Result<Method> {
    match method.trim().to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        "PUT" => Ok(Method::Put),
        "DELETE" => Ok(Method::Delete),
        "PATCH" => Ok(Method::Patch),
        _ => Err(Error::invalid_input(format!(
            "`method` must be GET, POST, PUT, DELETE or PATCH, got {}",
            quoted_preview(method)
        ))),
    }
}

/// Validates and re-encodes a REST path (`/rest/api/3/issue/ACME-1`).
pub fn rest_path(path: &str) -> Result<String> {
    let refuse = |why: &str| Error::invalid_input(format!("`path` {why}, got {}", quoted_preview(path)));
    if path.contains("://") || path.starts_with("//") {
        return Err(refuse("must be a path on the Jira API like /rest/api/3/myself, not a URL"));
    }
    let Some(rest) = path.strip_prefix("/rest/") else {
        return Err(refuse("must start with /rest/"));
    };
    if path.contains(['?', '#']) {
        return Err(refuse("must not carry a query or fragment; pass query parameters in `query`"));
    }
    let mut encoded = String::from("/rest");
    for raw in rest.split('/') {
        let segment = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| refuse("has a segment that is not UTF-8 once decoded"))?;
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(refuse("must not have empty, `.` or `..` segments"));
        }
        if segment.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
            return Err(refuse("has a segment with a slash, backslash or control character"));
        }
        encoded.push('/');
        encoded.push_str(&path_segment(&segment));
    }
    Ok(encoded)
}

/// The query parameters: strings, numbers and booleans; an array repeats the parameter.
pub fn query_params(query: Option<&Map<String, Value>>) -> Result<Vec<(String, String)>> {
    let mut params = Vec::new();
    for (name, value) in query.into_iter().flatten() {
        let scalar = |v: &Value| match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(Error::invalid_input(format!(
                "`query.{name}` must be a string, a number, a boolean or a list of them"
            ))),
        };
        match value {
            Value::Array(items) => {
                for item in items {
                    params.push((name.clone(), scalar(item)?));
                }
            }
            Value::Null => {}
            other => params.push((name.clone(), scalar(other)?)),
        }
    }
    Ok(params)
}

/// Builds the request; a body is refused on GET and DELETE.
pub fn raw_request(
    site: &Site,
    method: &str,
    path: &str,
    query: Option<&Map<String, Value>>,
    body: Option<&Value>,
) -> Result<Request> {
    let method = parse_method(method)?;
    let path = rest_path(path)?;
    let params = query_params(query)?;
    let params: Vec<(&str, String)> = params.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let request = Request::new(method, site.api_url(&path, &params));
    match body.filter(|b| !b.is_null()) {
        None => Ok(request),
        Some(_) if matches!(method, Method::Get | Method::Delete) => {
            Err(Error::invalid_input(format!("a {method} request takes no `body`")))
        }
        Some(body) => Ok(request.json_body(body)),
    }
}

/// The response as status + body.
pub fn parse_raw_response(response: &Response) -> RawResponse {
    let body = if response.body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&response.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&response.body).into_owned()))
    };
    RawResponse { status: response.status, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{site_api_key, site_oauth, spec_valid};
    use serde_json::json;

    #[test]
    fn builds_valid_requests_on_the_api_base() {
        let query = json!({"expand": "names", "fields": ["summary", "status"], "skip": null});
        let req =
            raw_request(&site_api_key(), "get", "/rest/api/3/issue/ACME-1", query.as_object(), None).expect("request");
        assert_eq!(req.method, Method::Get);
        assert_eq!(
            req.url,
            "https://acme.atlassian.net/rest/api/3/issue/ACME-1?expand=names&fields=summary&fields=status"
        );
        spec_valid(&req);
        let req = raw_request(
            &site_oauth(),
            "POST",
            "/rest/api/3/component",
            None,
            Some(&json!({"name": "Ops", "project": "ACME"})),
        )
        .expect("post");
        assert!(req.url.starts_with("https://api.atlassian.com/ex/jira/"));
        assert_eq!(req.body_json(), Some(json!({"name": "Ops", "project": "ACME"})));
        assert_eq!(req.header_value("content-type"), Some("application/json"));
        spec_valid(&req);
        let req = raw_request(&site_api_key(), "GET", "/rest/agile/1.0/board/7", None, None).expect("agile");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/agile/1.0/board/7");
        spec_valid(&req);
    }

    #[test]
    fn segments_are_re_encoded() {
        assert_eq!(rest_path("/rest/api/3/user/search").expect("plain"), "/rest/api/3/user/search");
        assert_eq!(rest_path("/rest/api/3/filter/a b").expect("space"), "/rest/api/3/filter/a%20b");
        assert_eq!(rest_path("/rest/api/3/x%3Ay").expect("encoded"), "/rest/api/3/x%3Ay");
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "https://evil.example/rest/api/3/myself",
            "//evil.example/rest/api/3/myself",
            "/wiki/rest/api/content",
            "rest/api/3/myself",
            "/rest/api/3/../../admin",
            "/rest/api/3/%2e%2e/admin",
            "/rest/api/3/a%2Fb",
            "/rest/api/3/myself?x=1",
            "/rest//api",
            "/rest/api/3/issue/",
            "/rest/api/3/a%0Ab",
        ] {
            let err = raw_request(&site_api_key(), "GET", bad, None, None).expect_err(bad);
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{bad}");
            assert!(err.message.contains("`path`"), "{bad}: {}", err.message);
        }
        assert!(raw_request(&site_api_key(), "TRACE", "/rest/api/3/myself", None, None).is_err());
        let body = json!({"x": 1});
        let err = raw_request(&site_api_key(), "GET", "/rest/api/3/myself", None, Some(&body)).expect_err("body");
        assert!(err.message.contains("takes no `body`"), "{}", err.message);
        let query = json!({"x": {"nested": true}});
        assert!(raw_request(&site_api_key(), "GET", "/rest/api/3/myself", query.as_object(), None).is_err());
    }

    #[test]
    fn responses_keep_status_and_body() {
        assert_eq!(parse_raw_response(&Response::new(204, "")), RawResponse { status: 204, body: Value::Null });
        assert_eq!(parse_raw_response(&Response::new(200, r#"{"a":1}"#)).body, json!({"a": 1}));
        assert_eq!(parse_raw_response(&Response::new(200, "plain text")).body, json!("plain text"));
    }
}
