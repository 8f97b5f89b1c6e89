//! JSON views of the WIT records, as the CLI prints them (snake_case keys, kinds in their WIT spelling).

use serde_json::{json, Map, Value};

use crate::bindings::{ErrorKind, JiraError, ResolvedSite, ToolSpec};

/// The WIT name of an error kind (`not-found`).
pub fn error_kind_name(kind: ErrorKind) -> &'static str {
    match kind {
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

/// `{"error": {"kind", "message", "status", "error_messages", "field_errors": {field: message},
/// "retry_after_seconds", "missing_scopes"}}`.
pub fn error_json(error: &JiraError) -> Value {
    let field_errors: Map<String, Value> =
        error.field_errors.iter().map(|f| (f.field.clone(), Value::String(f.message.clone()))).collect();
    json!({
        "error": {
            "kind": error_kind_name(error.kind),
            "message": error.message,
            "status": error.status,
            "error_messages": error.error_messages,
            "field_errors": field_errors,
            "retry_after_seconds": error.retry_after_seconds,
            "missing_scopes": error.missing_scopes,
        }
    })
}

/// One tool with its input schema parsed (kept as a string if the component sent invalid JSON).
pub fn tool_json(tool: &ToolSpec) -> Value {
    let schema =
        serde_json::from_str::<Value>(&tool.input_schema).unwrap_or_else(|_| Value::String(tool.input_schema.clone()));
    json!({
        "name": tool.name,
        "description": tool.description,
        "input_schema": schema,
        "read_only": tool.read_only,
        "scopes": tool.scopes,
        "granular_scopes": tool.granular_scopes,
    })
}

/// Where a client sends requests. Contains no secret.
pub fn resolved_json(site: &ResolvedSite) -> Value {
    json!({
        "api_base": site.api_base,
        "browse_base": site.browse_base,
        "auth_method": site.auth_method,
        "cloud_id": site.cloud_id,
    })
}

/// A one-line summary of an error for logs: `not-found (404): Issue does not exist`.
pub fn error_line(error: &JiraError) -> String {
    let status = error.status.map(|s| format!(" ({s})")).unwrap_or_default();
    format!("{}{status}: {}", error_kind_name(error.kind), error.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::FieldError;

    #[test]
    fn error_json_has_the_cli_shape() {
        let error = JiraError {
            kind: ErrorKind::RateLimited,
            message: "slow down".into(),
            status: Some(429),
            error_messages: vec!["Too many".into()],
            field_errors: vec![FieldError { field: "summary".into(), message: "required".into() }],
            retry_after_seconds: Some(7),
            missing_scopes: vec!["write:jira-work".into()],
        };
        assert_eq!(
            error_json(&error),
            json!({"error": {"kind": "rate-limited", "message": "slow down", "status": 429,
                "error_messages": ["Too many"], "field_errors": {"summary": "required"},
                "retry_after_seconds": 7, "missing_scopes": ["write:jira-work"]}})
        );
        assert_eq!(error_line(&error), "rate-limited (429): slow down");
    }

    #[test]
    fn tool_schema_is_parsed() {
        let tool = ToolSpec {
            name: "jira_get_myself".into(),
            description: "Who am I".into(),
            input_schema: r#"{"type":"object"}"#.into(),
            read_only: true,
            scopes: vec!["read:jira-user".into()],
            granular_scopes: vec![],
        };
        assert_eq!(tool_json(&tool)["input_schema"], json!({"type": "object"}));
    }
}
