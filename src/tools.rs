//! The tool catalog: one table of specs (name, description, JSON Schema, read-only flag, scopes) and one
//! dispatch from a tool call (name + JSON arguments) into the typed operations of the client.

mod args;
mod catalog;
mod platform;

use serde::Serialize;
use serde_json::{json, Value};

use crate::client::Client;
use crate::error::{Error, Result};
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
pub fn find_tool(name: &str) -> Result<ToolSpec> {
    catalog().into_iter().find(|t| t.name == name).ok_or_else(|| {
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
    let args: Value = if args_json.trim().is_empty() {
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
    let args = validate_args(&spec, &args)?;
    let result = match platform::dispatch(client, spec.name, &args) {
        Some(result) => result?,
        None => return Err(Error::invalid_input(format!("tool `{}` has no implementation", spec.name))),
    };
    Ok(result.to_string())
}

/// A result struct as JSON.
pub(crate) fn to_json(value: impl Serialize) -> Value {
    // Our result types are plain structs of strings, numbers, options and vectors: serialisation cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests;
