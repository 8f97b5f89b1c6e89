//! The component's `oauth` interface, called from a session: the authorization URL, code exchange, refresh
//! and the sites a token reaches.

use crate::bindings::{AccessibleSite, JiraError, OauthTokens};

use super::Session;

impl Session {
    /// The consent URL for the user's own Atlassian app.
    pub fn oauth_authorization_url(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        scopes: &[String],
        state: &str,
        offline_access: bool,
    ) -> anyhow::Result<Result<String, JiraError>> {
        self.guard(|store, connector| {
            connector.connectors_jira_oauth().call_authorization_url(
                store,
                client_id,
                redirect_uri,
                scopes,
                state,
                offline_access,
            )
        })
    }

    /// Exchanges a single-use authorization code for tokens.
    pub fn oauth_exchange_code(
        &mut self,
        client_id: &str,
        client_secret: &str,
        redirect_uri: &str,
        code: &str,
    ) -> anyhow::Result<Result<OauthTokens, JiraError>> {
        self.guard(|store, connector| {
            connector.connectors_jira_oauth().call_exchange_code(store, client_id, client_secret, redirect_uri, code)
        })
    }

    /// Refreshes tokens; the returned refresh token replaces the given one.
    pub fn oauth_refresh(
        &mut self,
        client_id: &str,
        client_secret: &str,
        refresh_token: &str,
    ) -> anyhow::Result<Result<OauthTokens, JiraError>> {
        self.guard(|store, connector| {
            connector.connectors_jira_oauth().call_refresh(store, client_id, client_secret, refresh_token)
        })
    }

    /// The Jira sites an access token reaches.
    pub fn oauth_accessible_resources(
        &mut self,
        access_token: &str,
    ) -> anyhow::Result<Result<Vec<AccessibleSite>, JiraError>> {
        self.guard(|store, connector| connector.connectors_jira_oauth().call_accessible_resources(store, access_token))
    }
}
