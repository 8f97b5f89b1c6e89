//! Test support shared by the operation modules: fixtures, sites, and the OpenAPI check.

use crate::auth::AuthMethod;
use crate::http::Request;
use crate::site::{Site, SiteAddress};

/// The cloud id used in tests.
pub const CLOUD_ID: &str = "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f";

/// Reads a fixture from `../shared/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../shared/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("read {full}: {e}"))
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
