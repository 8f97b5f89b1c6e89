//! The small HTTP client the fake's tests use: real requests over TCP with an explicit `Host` header.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use super::*;

/// One HTTP answer, as the tests look at it.
pub(super) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Answer {
    /// The body parsed as JSON (`Null` when it is not JSON, which the assertions then reveal).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// `Basic base64(FAKE_EMAIL:FAKE_API_TOKEN)`.
pub(super) fn basic_auth() -> String {
    format!("Basic {}", STANDARD.encode(format!("{FAKE_EMAIL}:{FAKE_API_TOKEN}")))
}

/// The gateway path prefix for the fake's cloud id.
pub(super) fn gateway(path: &str) -> String {
    format!("/ex/jira/{FAKE_CLOUD_ID}{path}")
}

/// Sends one request to the fake with an explicit `Host` header, as the host's routing does; a body is JSON.
pub(super) fn send(
    fake: &FakeJira,
    method: &str,
    host: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<&str>,
) -> Answer {
    send_typed(fake, method, host, path, authorization, body.map(|body| ("application/json", body)))
}

/// [`send`] with a body of any content type: `(content_type, body)`.
pub(super) fn send_typed(
    fake: &FakeJira,
    method: &str,
    host: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<(&str, &str)>,
) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut builder =
        ureq::http::Request::builder().method(method).uri(format!("{}{path}", fake.url())).header("Host", host);
    if let Some(authorization) = authorization {
        builder = builder.header("Authorization", authorization);
    }
    if let Some((content_type, _)) = body {
        builder = builder.header("Content-Type", content_type);
    }
    let bytes = body.map(|(_, body)| body.as_bytes().to_vec()).unwrap_or_default();
    let request = builder.body(bytes).expect("test request is well-formed");
    let mut response = agent.run(request).expect("the fake answers");
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_string()))
        .collect();
    Answer {
        status: response.status().as_u16(),
        headers,
        text: response.body_mut().read_to_string().expect("the body is text"),
    }
}

/// An authenticated request to the site.
pub(super) fn site(fake: &FakeJira, method: &str, path: &str, body: Option<&str>) -> Answer {
    send(fake, method, FAKE_SITE_HOST, path, Some(&basic_auth()), body)
}

pub(super) fn start() -> FakeJira {
    FakeJira::start(0).expect("the fake starts")
}
