//! The tool catalog: one table of specs (name, description, JSON Schema, read-only flag, scopes) and one
//! dispatch from a tool call (name + JSON arguments) into the typed operations of the client.

mod agile;
mod args;
mod attachments;
mod catalog;
mod catalog_agile;
mod catalog_attachments;
mod catalog_comments_worklogs;
mod catalog_issue_ops;
mod catalog_links_watchers;
mod catalog_metadata;
mod catalog_request;
mod catalog_users;
mod comments_worklogs;
mod examples;
mod issue_ops;
mod links_watchers;
mod metadata;
mod platform;
mod users;

use serde::Serialize;
use serde_json::{json, Value};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;

pub use args::validate_args;
pub use catalog::catalog;

/// One tool of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    /// Stable public name (`jira_get_issue`).
    pub name: &'static str,
    pub description: &'static str,
    /// JSON Schema of the arguments object.
    pub input_schema: Value,
    /// True when the tool never changes anything in Jira.
    pub read_only: bool,
    /// Classic OAuth scopes the tool needs (all of them).
    pub scopes: &'static [&'static str],
    /// Granular OAuth scopes that can replace the classic set (all of them).
    pub granular_scopes: &'static [&'static str],
    /// The Jira operations the tool calls (`METHOD /path/template`), the source of its scopes.
    pub operations: &'static [&'static str],
}

/// Finds a tool by name.
pub fn find_tool(name: &str) -> Result<&'static ToolSpec> {
    catalog().iter().find(|t| t.name == name).ok_or_else(|| {
        Error::invalid_input(format!(
            "unknown tool {}; available: {}",
            crate::site::quoted_preview(name),
            catalog().iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// Calls a tool: validates the arguments against its schema (before any request), runs the operation and
/// returns its result as JSON text.
pub fn call_tool<H: HttpClient>(client: &Client<H>, name: &str, args_json: &str) -> Result<String> {
    let spec = find_tool(name)?;
    let raw_args: Value = if args_json.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(args_json).map_err(|e| {
            Error::invalid_input(format!(
                "the arguments of `{name}` are not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?
    };
    let args = validate_args(spec, &raw_args)?;
    if let Some(granted) = client.granted_scopes() {
        let missing = missing_scopes(spec, &granted);
        if !missing.is_empty() {
            return Err(forbidden_for_scopes(spec, missing, "the token was not granted"));
        }
    }
    // The platform's guard rails (`options`): refusals by name or key send nothing.
    crate::guard::check_tool_call(client, spec, &raw_args)?;
    let dispatched = platform::dispatch(client, spec.name, &args)
        .or_else(|| agile::dispatch(client, spec.name, &args))
        .or_else(|| comments_worklogs::dispatch(client, spec.name, &args))
        .or_else(|| links_watchers::dispatch(client, spec.name, &args))
        .or_else(|| users::dispatch(client, spec.name, &args))
        .or_else(|| metadata::dispatch(client, spec.name, &args))
        .or_else(|| issue_ops::dispatch(client, spec.name, &args))
        .or_else(|| attachments::dispatch(client, spec.name, &args));
    let result = match dispatched {
        Some(result) => result.map_err(|e| scope_mismatch_as_forbidden(e, spec))?,
        None => return Err(Error::invalid_input(format!("tool `{}` has no implementation", spec.name))),
    };
    Ok(result.to_string())
}

/// The scopes a token with `granted` lacks for `spec`: none when the classic or the granular set is fully
/// granted, otherwise the missing classic scopes.
pub fn missing_scopes(spec: &ToolSpec, granted: &[String]) -> Vec<String> {
    let lacks = |set: &[&str]| -> Vec<String> {
        set.iter().filter(|s| !granted.iter().any(|g| g == *s)).map(|s| s.to_string()).collect()
    };
    let classic = lacks(spec.scopes);
    if classic.is_empty() || (!spec.granular_scopes.is_empty() && lacks(spec.granular_scopes).is_empty()) {
        Vec::new()
    } else {
        classic
    }
}

/// The tools a token with these scopes can call.
pub fn tools_granted(granted: &[String]) -> Vec<ToolSpec> {
    catalog().iter().filter(|t| missing_scopes(t, granted).is_empty()).cloned().collect()
}

fn forbidden_for_scopes(spec: &ToolSpec, missing: Vec<String>, why: &str) -> Error {
    let mut err = Error::new(
        ErrorKind::Forbidden,
        format!(
            "`{}` needs the OAuth scopes {} (or the granular {}); {why}: {}",
            spec.name,
            spec.scopes.join(" "),
            spec.granular_scopes.join(" "),
            missing.join(" ")
        ),
    );
    err.missing_scopes = missing;
    err
}

/// Atlassian's `401 ... scope does not match` is a missing scope, not bad credentials.
fn scope_mismatch_as_forbidden(error: Error, spec: &ToolSpec) -> Error {
    if error.kind == ErrorKind::Unauthorized && error.message.to_ascii_lowercase().contains("scope does not match") {
        let mut err = forbidden_for_scopes(
            spec,
            spec.scopes.iter().map(|s| s.to_string()).collect(),
            "Atlassian said the token's scopes do not match",
        );
        err.status = error.status;
        err
    } else {
        error
    }
}

/// A result struct as JSON.
pub(crate) fn to_json(value: impl Serialize) -> Value {
    // Our result types are plain structs of strings, numbers, options and vectors: serialisation cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_agile;
#[cfg(test)]
mod tests_attachments;
#[cfg(test)]
mod tests_comments_worklogs;
#[cfg(test)]
mod tests_examples;
#[cfg(test)]
mod tests_fields_by_name;
#[cfg(test)]
mod tests_issue_ops;
#[cfg(test)]
mod tests_links_watchers;
#[cfg(test)]
mod tests_metadata;
#[cfg(test)]
mod tests_users;
