//! Test support shared by the operation modules: fixtures, sites, and the OpenAPI check.

use std::cell::RefCell;
use std::collections::VecDeque;

use crate::auth::AuthMethod;
use crate::http::{HttpClient, Request, Response, TransportError};
use crate::site::{Site, SiteAddress};

/// The cloud id used in tests.
pub const CLOUD_ID: &str = "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f";

/// Reads a fixture from `../shared/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../shared/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("read {full}: {e}"))
}

/// The response example the specs give for `key` (`"PUT /rest/agile/1.0/issue/rank 207"`), from
/// `../shared/fixtures/spec-examples-all.json`.
pub fn spec_example(key: &str) -> Vec<u8> {
    let all: serde_json::Value = serde_json::from_slice(&fixture("spec-examples-all.json")).expect("spec examples");
    let example = all.get(key).unwrap_or_else(|| panic!("no spec example {key}"));
    example.to_string().into_bytes()
}

/// The site an API key uses (`https://acme.atlassian.net`).
pub fn site_api_key() -> Site {
    Site::new(&SiteAddress::Host("acme.atlassian.net".into()), None, AuthMethod::ApiKey).expect("site")
}

/// The site OAuth uses (the gateway, with the site known for browse links).
pub fn site_oauth() -> Site {
    Site::new(&SiteAddress::Host("acme.atlassian.net".into()), Some(CLOUD_ID), AuthMethod::OAuth).expect("site")
}

/// Asserts that a request is valid against Atlassian's OpenAPI spec.
pub fn spec_valid(request: &Request) {
    if let Err(problems) = crate::openapi_check::check_request(request) {
        panic!("request not valid against the Jira OpenAPI spec:\n{problems}\n{request:?}");
    }
}

/// Answers requests from a queue and records them; every REST request it sees must be valid against the spec.
#[derive(Default)]
pub struct Scripted {
    pub answers: RefCell<VecDeque<Result<Response, TransportError>>>,
    pub seen: RefCell<Vec<Request>>,
}

impl Scripted {
    /// Queues a response.
    pub fn answer(self, status: u16, body: impl Into<Vec<u8>>) -> Self {
        self.answers.borrow_mut().push_back(Ok(Response::new(status, body)));
        self
    }
    /// Queues a response with headers (`("Retry-After", "2")`).
    pub fn answer_with(self, status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        let response = headers.iter().fold(Response::new(status, body), |r, (name, value)| r.with_header(name, value));
        self.answers.borrow_mut().push_back(Ok(response));
        self
    }
    /// Queues a transport failure.
    pub fn fail(self, err: TransportError) -> Self {
        self.answers.borrow_mut().push_back(Err(err));
        self
    }
}

impl HttpClient for &Scripted {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        if request.url.contains("/rest/") {
            spec_valid(&request);
        }
        self.seen.borrow_mut().push(request);
        self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(TransportError::Other("no scripted answer".into())))
    }
}
