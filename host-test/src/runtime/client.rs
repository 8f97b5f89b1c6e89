//! The typed face of the component: a handle on one `client` resource living in a [`Session`].

mod agile;
mod platform;

use wasmtime::component::ResourceAny;

use super::Session;
use crate::bindings::{
    CallStats, Comment, CreatedIssue, Issue, JiraError, Myself, NewIssue, OauthTokens, ProjectPage, ResolvedSite,
    SearchPage, Transition,
};

/// What every client function returns: `Err` for a trap, `Ok(Err)` for a Jira or connector error.
pub type CallResult<T> = anyhow::Result<Result<T, JiraError>>;

/// One `client` resource (a configured connection to a Jira site). Dropping it drops the resource.
pub struct Client<'s> {
    session: &'s mut Session,
    handle: Option<ResourceAny>,
}

/// Calls one method of the `client` resource through the session's guard.
macro_rules! call_client {
    ($self:ident, $method:ident $(, $arg:expr)*) => {{
        let handle = $self.handle()?;
        $self.session.guard(|store, connector| {
            connector
                .connectors_jira_client()
                .client()
                .$method(store, handle $(, $arg)*)
        })
    }};
}

impl<'s> Client<'s> {
    pub(super) fn new(session: &'s mut Session, handle: ResourceAny) -> Self {
        Self { session, handle: Some(handle) }
    }

    fn handle(&self) -> anyhow::Result<ResourceAny> {
        self.handle.ok_or_else(|| anyhow::anyhow!("the client was already closed"))
    }

    /// Where requests go (resolving the cloud id when needed).
    pub fn resolve(&mut self) -> CallResult<ResolvedSite> {
        call_client!(self, call_resolve)
    }

    /// The user the credentials belong to.
    pub fn get_myself(&mut self) -> CallResult<Myself> {
        call_client!(self, call_get_myself)
    }

    /// One issue by key or id.
    pub fn get_issue(&mut self, key: &str, fields: &[String], expand: &[String]) -> CallResult<Issue> {
        call_client!(self, call_get_issue, key, fields, expand)
    }

    /// Issues matching a JQL query.
    pub fn search(
        &mut self,
        jql: &str,
        fields: &[String],
        limit: Option<u32>,
        next_page_token: Option<&str>,
    ) -> CallResult<SearchPage> {
        call_client!(self, call_search, jql, fields, limit, next_page_token)
    }

    /// Creates an issue.
    pub fn create_issue(&mut self, fields: &NewIssue) -> CallResult<CreatedIssue> {
        call_client!(self, call_create_issue, fields)
    }

    /// Projects visible to the user.
    pub fn list_projects(&mut self, query: Option<&str>, limit: Option<u32>) -> CallResult<ProjectPage> {
        call_client!(self, call_list_projects, query, limit)
    }

    /// The transitions available on an issue.
    pub fn get_transitions(&mut self, key: &str) -> CallResult<Vec<Transition>> {
        call_client!(self, call_get_transitions, key)
    }

    /// Performs a transition by id or name; Ok is the new status name.
    pub fn transition_issue(&mut self, key: &str, transition: &str, comment: Option<&str>) -> CallResult<String> {
        call_client!(self, call_transition_issue, key, transition, comment)
    }

    /// Adds a plain-text comment.
    pub fn add_comment(&mut self, key: &str, body: &str) -> CallResult<Comment> {
        call_client!(self, call_add_comment, key, body)
    }

    /// The client's OAuth tokens after any refresh; none for API keys. Contains secrets.
    pub fn current_tokens(&mut self) -> anyhow::Result<Option<OauthTokens>> {
        call_client!(self, call_current_tokens)
    }

    /// Calls a tool on this client (sharing its resolved site); Ok is the result JSON.
    pub fn call_tool(&mut self, name: &str, args_json: &str) -> CallResult<String> {
        call_client!(self, call_call_tool, name, args_json)
    }

    /// Retries, waiting and rate-limit signals of the last call on this client.
    pub fn last_call(&mut self) -> anyhow::Result<CallStats> {
        call_client!(self, call_last_call)
    }

    /// Drops the resource now, reporting a trap in its destructor.
    pub fn close(mut self) -> anyhow::Result<()> {
        self.drop_resource()
    }

    fn drop_resource(&mut self) -> anyhow::Result<()> {
        match self.handle.take() {
            Some(handle) if !self.session.poisoned => self.session.guard(|store, _| handle.resource_drop(store)),
            _ => Ok(()),
        }
    }
}

impl Drop for Client<'_> {
    fn drop(&mut self) {
        // A trap in the destructor already poisoned the session; there is no one to report it to here.
        let _ = self.drop_resource();
    }
}
