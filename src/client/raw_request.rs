//! Driver of the escape hatch: any REST call on the client's API base, with its credentials.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::raw_request::{self, RawResponse};

use super::Client;

impl<H: HttpClient> Client<H> {
    /// Sends `method path?query` with an optional JSON body to the API base; a non-2xx status is the mapped
    /// error, like every other operation.
    pub fn raw_request(
        &self,
        method: &str,
        path: &str,
        query: Option<&Map<String, Value>>,
        body: Option<&Value>,
    ) -> Result<RawResponse> {
        let site = self.site()?;
        let request = raw_request::raw_request(&site, method, path, query, body)?;
        let context = format!("{} {}", request.method, path);
        Ok(raw_request::parse_raw_response(&self.execute(&site, request, &context)?))
    }
}
