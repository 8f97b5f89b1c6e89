//! The fake's view of one exchange: a decoded API request in, a Jira-shaped reply out.

use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

/// The content type Jira Cloud puts on every JSON response.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// The message Jira Cloud sends when a request body is not the JSON the endpoint expects.
pub(crate) const INVALID_PAYLOAD: &str = "Invalid request payload. Refer to the REST API documentation and try again.";

/// A request after host routing and authentication: the path relative to the site root, decoded.
pub(crate) struct ApiRequest<'a> {
    /// The HTTP method, upper case.
    pub method: &'a str,
    /// The path relative to the site root (gateway prefix removed), still percent-encoded, for messages.
    pub path: String,
    /// The decoded, non-empty path segments of `path`.
    pub segments: Vec<String>,
    /// The decoded query parameters, in order, repeated names kept.
    pub query: Vec<(String, String)>,
    /// The raw request body.
    pub body: &'a [u8],
    /// The request headers, names as sent.
    pub headers: &'a [(String, String)],
    /// The URL prefix `self` links start with: `https://acme.atlassian.net`,
    /// `https://api.atlassian.com/ex/jira/{cloudId}` or `http://127.0.0.1:PORT`.
    pub base: String,
}

impl ApiRequest<'_> {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Every value of query parameter `name`, split at commas (Jira accepts both `a,b` and `x=a&x=b`).
    pub fn list_param(&self, name: &str) -> Vec<String> {
        self.query.iter().filter(|(key, _)| key == name).flat_map(|(_, value)| split_list(value)).collect()
    }

    /// Query parameter `name` as a non-negative integer, `default` when absent; a 400 when malformed.
    pub fn int_param(&self, name: &str, default: usize) -> Result<usize, Reply> {
        match self.param(name) {
            None => Ok(default),
            Some(raw) => raw.trim().parse::<usize>().map_err(|_| {
                Reply::error(400, &format!("The '{name}' parameter must be a non-negative integer, got '{raw}'."))
            }),
        }
    }

    /// The body parsed as a JSON object; a Jira-shaped 400 when it is absent, malformed or not an object.
    pub fn json_object(&self) -> Result<Map<String, Value>, Reply> {
        match serde_json::from_slice::<Value>(self.body) {
            Ok(Value::Object(object)) => Ok(object),
            _ => Err(Reply::error(400, INVALID_PAYLOAD)),
        }
    }
}

/// Splits a comma-separated list, trimming entries and dropping empty ones.
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// Decodes a query string: `+` is a space, then percent-decoding (invalid UTF-8 is replaced, not rejected).
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_query_part(key), decode_query_part(value))
        })
        .collect()
}

fn decode_query_part(raw: &str) -> String {
    percent_decode_str(&raw.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Splits a raw path into decoded, non-empty segments.
pub(crate) fn path_segments(raw_path: &str) -> Vec<String> {
    raw_path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
        .collect()
}

/// An HTTP answer: status, headers and body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The status code.
    pub status: u16,
    /// The response headers, `Content-Type` included.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".to_string(), JSON_CONTENT_TYPE.to_string())],
            body: body.to_string().into_bytes(),
        }
    }

    /// `204 No Content` with an empty body and no content type.
    pub fn no_content() -> Reply {
        Reply { status: 204, headers: Vec::new(), body: Vec::new() }
    }

    /// A Jira error body with one message: `{"errorMessages":[message],"errors":{}}`.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &json!({ "errorMessages": [message], "errors": {} }))
    }

    /// A Jira error body with per-field messages: `{"errorMessages":[],"errors":{field: message}}`.
    pub fn field_errors(status: u16, errors: Map<String, Value>) -> Reply {
        Reply::json(status, &json!({ "errorMessages": [], "errors": errors }))
    }

    /// The 404 for anything the fake does not implement, naming the request so a missing stub is obvious.
    pub fn not_implemented(method: &str, path: &str) -> Reply {
        Reply::error(404, &format!("The fake Jira does not implement {method} {path}"))
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}
