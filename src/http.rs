//! The only I/O seam of the connector: our own request/response types and the `HttpClient` trait.
//!
//! The component implements the trait with the host's `http` import; tests implement it with closures or
//! fixture tables. Nothing else in the core performs I/O.

use std::fmt;

/// An HTTP method the connector uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
}

impl Method {
    /// The upper-case wire name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request ready to send: absolute, percent-encoded URL and final headers (auth included).
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub timeout_ms: Option<u32>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request { method, url: url.into(), headers: Vec::new(), body: None, timeout_ms: None }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets a JSON body and its content type.
    pub fn json_body(mut self, body: &serde_json::Value) -> Self {
        self.headers.push(("Content-Type".to_string(), "application/json".to_string()));
        self.body = Some(body.to_string().into_bytes());
        self
    }

    /// The first header with this (case-insensitive) name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body parsed as JSON, for tests and diagnostics.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        self.body.as_deref().and_then(|b| serde_json::from_slice(b).ok())
    }
}

/// Debug output never shows the `Authorization` header's value.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers
                .iter()
                .map(|(n, v)| {
                    if n.eq_ignore_ascii_case("authorization") {
                        (n.as_str(), "***")
                    } else {
                        (n.as_str(), v.as_str())
                    }
                })
                .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// An HTTP answer of any status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body and no headers (tests, fixtures).
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    /// Adds a header (tests, fixtures).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first header with this (case-insensitive) name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Why a request got no HTTP answer (mirrors the WIT `http-error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    Timeout,
    ConnectionFailed(String),
    InvalidUrl(String),
    Denied(String),
    Other(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Timeout => f.write_str("the request timed out"),
            TransportError::ConnectionFailed(d) => write!(f, "connection failed: {d}"),
            TransportError::InvalidUrl(d) => write!(f, "invalid URL: {d}"),
            TransportError::Denied(d) => write!(f, "denied by the host: {d}"),
            TransportError::Other(d) => write!(f, "transport error: {d}"),
        }
    }
}

/// Sends requests. The only way the core reaches the network.
pub trait HttpClient {
    fn send(&self, request: Request) -> Result<Response, TransportError>;
}

impl<F> HttpClient for F
where
    F: Fn(Request) -> Result<Response, TransportError>,
{
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        self(request)
    }
}
