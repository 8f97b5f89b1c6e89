//! Platform guard rails from the configuration's `options`: `read_only`, `enabled_tools` and `projects`.
//!
//! - `read_only`: write tools are hidden from [`tools_for`] and refused by `call-tool` before any request;
//!   the typed client's writes are refused too. `jira_request` stays available but only for `GET` (it cannot
//!   tell a read-only `POST` from a write, so it does not try).
//! - `enabled_tools`: an allow-list of tool names; other tools are hidden and refused. A name the catalog does
//!   not know is an `invalid-config` error ([`check_enabled_tools`], the one place where the configuration
//!   meets the catalog).
//! - `projects`: an allow-list of project keys (or numeric ids). Every JQL the connector sends is restricted
//!   ([`jql`]); every issue, project, board and sprint a call names is checked ([`scope`]); project and board
//!   lists are filtered. `jira_request` is refused while the list is set: it could reach anything.

pub mod jql;
pub mod scope;

use serde_json::Value;

use crate::auth::Credentials;
use crate::client::Client;
use crate::config::Options;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;
use crate::tools::{catalog, ToolSpec};

pub use jql::{jql_string, restrict_jql, split_order_by};

/// The escape hatch, which the rules treat apart.
const RAW_REQUEST_TOOL: &str = "jira_request";

fn forbidden(message: String) -> Error {
    Error::new(ErrorKind::Forbidden, message)
}

/// Refuses an `enabled_tools` list naming a tool the catalog does not have.
pub fn check_enabled_tools(options: &Options) -> Result<()> {
    let Some(enabled) = &options.enabled_tools else { return Ok(()) };
    let known = catalog();
    for (i, name) in enabled.iter().enumerate() {
        if !known.iter().any(|t| t.name == name) {
            return Err(Error::invalid_config(format!(
                "`options.enabled_tools[{i}]` names no tool of this connector: {}",
                crate::site::quoted_preview(name)
            )));
        }
    }
    Ok(())
}

/// Whether a configuration with `options` lists `spec` at all.
pub fn tool_visible(options: &Options, spec: &ToolSpec) -> bool {
    let enabled = options.enabled_tools.as_ref().is_none_or(|names| names.iter().any(|n| n == spec.name));
    let writes_allowed = !options.read_only || spec.read_only || spec.name == RAW_REQUEST_TOOL;
    let reach_allowed = options.projects.is_none() || spec.name != RAW_REQUEST_TOOL;
    enabled && writes_allowed && reach_allowed
}

/// The tools a configuration with `options` may call (the catalog minus what its guard rails hide).
pub fn tools_for(options: &Options) -> Result<Vec<ToolSpec>> {
    check_enabled_tools(options)?;
    Ok(catalog().iter().filter(|t| tool_visible(options, t)).cloned().collect())
}

/// The tools a configuration document may call: [`tools_for`] its options, narrowed to the scopes its OAuth
/// token was granted when the configuration says. Sends nothing.
pub fn tools_for_config(config_json: &str) -> Result<Vec<ToolSpec>> {
    let config = crate::config::parse_config(config_json)?;
    let granted = match &config.credentials {
        Credentials::OAuth(t) | Credentials::InstantOAuth(t) => t.scopes.clone(),
        Credentials::ApiKey { .. } => None,
    };
    let tools = tools_for(&config.options)?;
    Ok(match granted {
        None => tools,
        Some(granted) => tools.into_iter().filter(|t| crate::tools::missing_scopes(t, &granted).is_empty()).collect(),
    })
}

/// The guard rails of one tool call with validated `args`: the checks that need no request first, then the
/// project checks (which may read an issue, board, sprint, link or version to find its project).
pub fn check_tool_call<H: HttpClient>(client: &Client<H>, spec: &ToolSpec, args: &Value) -> Result<()> {
    let options = &client.config().options;
    check_enabled_tools(options)?;
    if options.enabled_tools.as_ref().is_some_and(|names| !names.iter().any(|n| n == spec.name)) {
        return Err(forbidden(format!("`{}` is not in the configuration's `options.enabled_tools`", spec.name)));
    }
    if spec.name == RAW_REQUEST_TOOL {
        if options.projects.is_some() {
            return Err(forbidden(format!(
                "`{RAW_REQUEST_TOOL}` is refused while `options.projects` is set: a raw request could reach any project"
            )));
        }
        let method = args.get("method").and_then(Value::as_str).unwrap_or_default();
        if options.read_only && !method.eq_ignore_ascii_case("GET") {
            return Err(forbidden(format!(
                "`{RAW_REQUEST_TOOL}` allows only GET while `options.read_only` is true, got {}",
                crate::site::quoted_preview(method)
            )));
        }
        return Ok(());
    }
    check_write(options, spec.read_only, spec.name)?;
    scope::check_args(client, args)
}

/// Refuses a write while `options.read_only` is set; `what` names the tool or operation.
pub fn check_write(options: &Options, read_only_operation: bool, what: &str) -> Result<()> {
    if options.read_only && !read_only_operation {
        return Err(forbidden(format!("`{what}` changes Jira, and the configuration's `options.read_only` is true")));
    }
    Ok(())
}

/// The guard rails of a typed client operation: `read_only` for writes, then the project checks of the
/// issues, projects, boards and sprints it names (given in the tool argument shape, e.g.
/// `{"issue_key": "ACME-1"}`).
pub fn check_operation<H: HttpClient>(client: &Client<H>, what: &str, writes: bool, targets: &Value) -> Result<()> {
    check_write(&client.config().options, !writes, what)?;
    scope::check_args(client, targets)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_scope;
