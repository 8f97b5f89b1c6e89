//! The escape hatch tool, `jira_request`: any Jira REST call on the configured site.
//!
//! It declares no scopes and no operations: it needs whatever the endpoint it calls needs, which Jira checks
//! (a missing scope comes back as `forbidden`).

use serde_json::json;

use super::catalog::object;
use crate::tools::ToolSpec;

/// The escape hatch.
pub fn request_tools() -> Vec<ToolSpec> {
    vec![ToolSpec {
        name: "jira_request",
        description: "Call any Jira REST endpoint the other tools do not cover, on the configured site with its credentials: `method`, a `path` starting with /rest/ (e.g. /rest/api/3/issue/ACME-1/votes or /rest/agile/1.0/board/7/version), optional `query` parameters and a JSON `body`. Returns `status` and the response `body`. Absolute URLs and other hosts are refused. Needs whatever OAuth scopes the endpoint needs.",
        input_schema: object(
            json!({
                "method": { "type": "string", "enum": ["GET", "POST", "PUT", "DELETE", "PATCH"], "description": "The HTTP method." },
                "path": { "type": "string", "minLength": 7, "maxLength": 2000, "description": "The REST path, starting with /rest/ (no scheme, host, query or `..`)." },
                "query": { "type": "object", "description": "Query parameters: strings, numbers or booleans; a list repeats the parameter.",
                           "additionalProperties": { "type": ["string", "number", "boolean", "array"] } },
                "body": { "description": "The JSON body, for POST, PUT and PATCH." },
            }),
            &["method", "path"],
        ),
        read_only: false,
        scopes: &[],
        granular_scopes: &[],
        operations: &[],
    }]
}
