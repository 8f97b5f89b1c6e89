//! The `platform-*` exports: the Jira platform operations on a borrowed `client` resource, converted to WIT
//! records. One module per WIT interface; each function is a thin conversion around one core client call.

mod attachments;
mod comments;
mod issues;
mod links;
mod metadata;
mod projects;
mod users;

use super::exports::connectors::jira::client::ClientBorrow;
use super::exports::connectors::jira::types::JiraError;
use super::ClientResource;

type Result<T> = std::result::Result<T, JiraError>;

/// The core client behind a borrowed `client` resource.
fn core<'a>(c: &'a ClientBorrow<'_>) -> &'a crate::Client<super::HostHttp> {
    &c.get::<ClientResource>().inner
}

/// A list length or position as a WIT `u32` (the core caps every list far below `u32::MAX`).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The configuration's guard rails (`options.read_only`, `options.projects`) for one typed operation, before
/// anything is sent (see `crate::guard::check_operation`). Shared by the `agile` functions.
pub(super) fn guard(c: &ClientBorrow<'_>, what: &str, writes: bool, targets: serde_json::Value) -> Result<()> {
    crate::guard::check_operation(core(c), what, writes, &targets).map_err(super::wit_error)
}
