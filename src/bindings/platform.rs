//! The `platform-*` exports: the Jira platform operations on a borrowed `client` resource, converted to WIT
//! records. One module per WIT interface; each function is a thin conversion around one core client call.

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
