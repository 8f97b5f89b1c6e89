//! The connector's one error type and the one function that maps an HTTP status to it.

use std::fmt;

use crate::http::{Response, TransportError};

/// What went wrong, as a kind a host can branch on (mirrors the WIT `error-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidConfig,
    InvalidInput,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    ServerError,
    Transport,
    Decode,
    CredentialsNotSaved,
}

impl ErrorKind {
    /// The kebab-case name used in WIT and in JSON output (`not-found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidConfig => "invalid-config",
            ErrorKind::InvalidInput => "invalid-input",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::RateLimited => "rate-limited",
            ErrorKind::ServerError => "server-error",
            ErrorKind::Transport => "transport",
            ErrorKind::Decode => "decode",
            ErrorKind::CredentialsNotSaved => "credentials-not-saved",
        }
    }
}

/// A connector error. Messages are written by the connector or copied from Jira's error body; they never
/// contain credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub status: Option<u16>,
    pub error_messages: Vec<String>,
    /// Jira's field `errors`, as (field, message) pairs sorted by field.
    pub field_errors: Vec<(String, String)>,
    pub retry_after_seconds: Option<u32>,
    /// For `Forbidden`: the OAuth scopes the operation needs that the token lacks, when known.
    pub missing_scopes: Vec<String>,
}

/// The connector's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with a message and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            error_messages: Vec::new(),
            field_errors: Vec::new(),
            retry_after_seconds: None,
            missing_scopes: Vec::new(),
        }
    }

    /// The configuration is invalid.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidConfig, message)
    }

    /// An argument is invalid.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// A response body did not have the expected shape; `path` is the JSON path that failed (`$.fields.status`).
    pub fn decode(context: &str, path: &str, problem: &str) -> Self {
        Error::new(ErrorKind::Decode, format!("{context}: {problem} at `{path}`"))
    }

    /// The request got no HTTP answer.
    pub fn transport(context: &str, err: &TransportError) -> Self {
        Error::new(ErrorKind::Transport, format!("{context}: {err}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Returns the response when it is 2xx, otherwise the error its status and body describe.
pub fn check_status(response: Response, context: &str) -> Result<Response> {
    if response.is_success() {
        Ok(response)
    } else {
        Err(error_from_response(&response, context))
    }
}

/// The one status mapper: turns a non-2xx response into an `Error`, keeping Jira's `errorMessages` and
/// field `errors` and the wait a 429 or 503 asks for.
pub fn error_from_response(response: &Response, context: &str) -> Error {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    error_from_response_at(response, context, now)
}

/// [`error_from_response`] at `now` (Unix seconds), which turns an HTTP-date `Retry-After` or an
/// `X-RateLimit-Reset` into seconds.
pub fn error_from_response_at(response: &Response, context: &str, now: u64) -> Error {
    let status = response.status;
    let (kind, default_reason) = match status {
        400 | 422 => (ErrorKind::InvalidInput, "Jira rejected the request"),
        401 => (
            ErrorKind::Unauthorized,
            "Jira did not accept the credentials (wrong, revoked or expired token, or a token that is not allowed on this route)",
        ),
        403 => (ErrorKind::Forbidden, "the credentials lack the permission or OAuth scope for this"),
        404 => (ErrorKind::NotFound, "not found, or not visible to these credentials"),
        409 => (ErrorKind::Conflict, "Jira reported a conflict"),
        410 => (ErrorKind::NotFound, "Jira says this endpoint or entity is gone"),
        429 => (ErrorKind::RateLimited, "Jira's rate limit was hit"),
        300..=399 => (ErrorKind::ServerError, "Jira answered with an unexpected redirect"),
        _ if status >= 500 => (ErrorKind::ServerError, "Jira had a server error"),
        _ => (ErrorKind::ServerError, "Jira answered with an unexpected status"),
    };
    let (error_messages, field_errors) = jira_error_body(&response.body);
    let mut message = format!("{context}: {default_reason}");
    let details: Vec<String> =
        error_messages.iter().cloned().chain(field_errors.iter().map(|(f, m)| format!("{f}: {m}"))).collect();
    if !details.is_empty() {
        message = format!("{context}: {}", details.join("; "));
    }
    let retry_after_seconds = if status == 429 || status == 503 {
        crate::retry::server_wait_seconds(response, now).map(|s| u32::try_from(s).unwrap_or(u32::MAX))
    } else {
        None
    };
    if let Some(seconds) = retry_after_seconds {
        message.push_str(&format!(" (retry after {seconds} s)"));
    }
    Error {
        kind,
        message,
        status: Some(status),
        error_messages,
        field_errors,
        retry_after_seconds,
        missing_scopes: Vec::new(),
    }
}

/// Extracts `errorMessages` and `errors` from a Jira error body, and the `error`/`message` fields other
/// Atlassian services use; anything else yields nothing.
fn jira_error_body(body: &[u8]) -> (Vec<String>, Vec<(String, String)>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (Vec::new(), Vec::new());
    };
    let mut messages: Vec<String> = value
        .get("errorMessages")
        .and_then(|m| m.as_array())
        .map(|list| list.iter().filter_map(|m| m.as_str()).map(bounded).collect())
        .unwrap_or_default();
    if messages.is_empty() {
        for key in ["message", "error_description", "errorMessage"] {
            if let Some(m) = value.get(key).and_then(|m| m.as_str()) {
                messages.push(bounded(m));
                break;
            }
        }
    }
    let mut fields: Vec<(String, String)> = value
        .get("errors")
        .and_then(|e| e.as_object())
        .map(|map| {
            map.iter()
                .map(|(k, v)| (bounded(k), bounded(v.as_str().map_or_else(|| v.to_string(), str::to_string).as_str())))
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    (messages, fields)
}

/// Caps a message copied from a response so a hostile server cannot make errors huge.
fn bounded(text: &str) -> String {
    const MAX: usize = 1000;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        let full = format!("{}/../shared/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|e| panic!("read {full}: {e}"))
    }

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (400, ErrorKind::InvalidInput),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (409, ErrorKind::Conflict),
            (410, ErrorKind::NotFound),
            (429, ErrorKind::RateLimited),
            (500, ErrorKind::ServerError),
            (502, ErrorKind::ServerError),
            (503, ErrorKind::ServerError),
            (302, ErrorKind::ServerError),
        ];
        for (status, kind) in cases {
            let err = error_from_response(&Response::new(status, ""), "get issue");
            assert_eq!(err.kind, kind, "status {status}");
            assert_eq!(err.status, Some(status));
            assert!(err.message.starts_with("get issue: "), "{}", err.message);
        }
    }

    #[test]
    fn success_passes_through() {
        let ok = check_status(Response::new(204, ""), "x").expect("2xx is ok");
        assert_eq!(ok.status, 204);
    }

    #[test]
    fn field_errors_from_the_spec_example_are_kept() {
        let resp = Response::new(400, fixture("errors/issue_create_400_error.spec-examples.json"));
        let err = error_from_response(&resp, "create issue");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        // The official example: {"errorMessages":["Field 'priority' is required"],"errors":{}}
        assert_eq!(err.error_messages, vec!["Field 'priority' is required".to_string()]);
        assert!(err.message.contains("Field 'priority' is required"), "{}", err.message);
    }

    #[test]
    fn not_found_body_from_a_real_fixture() {
        let resp = Response::new(404, fixture("errors/error_404_permissionscheme_not_found.go-jira.json"));
        let err = error_from_response(&resp, "get");
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(err.error_messages.len(), 1);
        assert!(err.message.contains(&err.error_messages[0]));
    }

    #[test]
    fn field_errors_are_sorted_pairs() {
        let body = r#"{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue.","issuetype":"Specify an issue type"}}"#;
        let err = error_from_response(&Response::new(400, body), "create issue");
        assert_eq!(
            err.field_errors,
            vec![
                ("issuetype".to_string(), "Specify an issue type".to_string()),
                ("summary".to_string(), "You must specify a summary of the issue.".to_string()),
            ]
        );
        assert_eq!(
            err.message,
            "create issue: issuetype: Specify an issue type; summary: You must specify a summary of the issue."
        );
    }

    #[test]
    fn retry_after_is_parsed_on_429() {
        let resp = Response::new(429, "").with_header("Retry-After", "17");
        let err = error_from_response(&resp, "search");
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.retry_after_seconds, Some(17));
        let resp = Response::new(429, "").with_header("Retry-After", "soon");
        assert_eq!(error_from_response(&resp, "search").retry_after_seconds, None);
    }

    #[test]
    fn retry_after_dates_and_reset_times_become_seconds() {
        // 2026-03-26T16:00:00Z
        let now = 1_774_540_800;
        let resp = Response::new(429, "").with_header("Retry-After", "Thu, 26 Mar 2026 16:00:42 GMT");
        let err = error_from_response_at(&resp, "search", now);
        assert_eq!(err.retry_after_seconds, Some(42));
        assert!(err.message.ends_with("(retry after 42 s)"), "{}", err.message);
        let resp = Response::new(429, "").with_header("X-RateLimit-Reset", "2026-03-26T16:05Z");
        assert_eq!(error_from_response_at(&resp, "search", now).retry_after_seconds, Some(300));
        let resp = Response::new(503, "").with_header("Retry-After", "5");
        assert_eq!(error_from_response_at(&resp, "get", now).retry_after_seconds, Some(5));
    }

    #[test]
    fn non_json_error_bodies_keep_a_generic_message() {
        let err = error_from_response(&Response::new(502, "<html>Bad gateway</html>"), "get issue");
        assert_eq!(err.kind, ErrorKind::ServerError);
        assert!(err.error_messages.is_empty());
        assert_eq!(err.message, "get issue: Jira had a server error");
    }

    #[test]
    fn oauth_style_error_descriptions_are_kept() {
        let body = fixture("auth/oauth_token_error_invalid_grant.go-atlassian.json");
        let err = error_from_response(&Response::new(403, body), "refresh");
        assert_eq!(err.kind, ErrorKind::Forbidden);
        assert_eq!(err.error_messages.len(), 1, "{err:?}");
    }

    #[test]
    fn huge_messages_are_capped() {
        let long = "x".repeat(5000);
        let body = serde_json::json!({ "errorMessages": [long] }).to_string();
        let err = error_from_response(&Response::new(400, body), "x");
        assert!(err.error_messages[0].len() < 1100);
    }
}
