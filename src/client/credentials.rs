//! Keeping credentials working: OAuth refresh before expiry and after a 401 (with rotated tokens handed to
//! the host before they are used), and the gateway route for scoped API tokens.

use crate::auth::{Credentials, OAuthTokens};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, Response};
use crate::oauth::{self, TokenSet, REFRESH_MARGIN_SECONDS};
use crate::site::Site;

use super::Client;

/// Durable storage for refreshed OAuth tokens, provided by the host. Atlassian rotates refresh tokens, so a
/// refreshed pair that is not saved is a lost login.
pub trait TokenStore {
    /// Saves the tokens; Err is a short reason without secrets.
    fn save(&self, tokens: &TokenSet) -> Result<(), String>;
}

/// The store of a client built without one: it refuses, so a refresh can never silently drop a token.
pub struct NoTokenStore;

impl TokenStore for NoTokenStore {
    fn save(&self, _tokens: &TokenSet) -> Result<(), String> {
        Err("no credential storage was provided to the connector".to_string())
    }
}

/// True for Atlassian's `401 Unauthorized; scope does not match`: refreshing cannot fix it.
pub(crate) fn is_scope_mismatch(response: &Response) -> bool {
    String::from_utf8_lossy(&response.body).to_ascii_lowercase().contains("scope does not match")
}

fn oauth_tokens(credentials: &Credentials) -> Option<&OAuthTokens> {
    match credentials {
        Credentials::OAuth(t) | Credentials::InstantOAuth(t) => Some(t),
        Credentials::ApiKey { .. } => None,
    }
}

impl<H: HttpClient> Client<H> {
    /// True when the client holds what a refresh needs: app credentials and a refresh token.
    pub(crate) fn can_refresh(&self) -> bool {
        oauth_tokens(&self.credentials.borrow())
            .is_some_and(|t| t.client_id.is_some() && t.client_secret.is_some() && t.refresh_token.is_some())
    }

    /// Refreshes an access token that expires within five minutes; without refresh credentials, an already
    /// expired token is `unauthorized` before any request is sent.
    pub(crate) fn ensure_fresh_token(&self, context: &str) -> Result<()> {
        let Some(expires_at) = oauth_tokens(&self.credentials.borrow()).and_then(|t| t.expires_at) else {
            return Ok(());
        };
        let now = (self.clock)();
        if now.saturating_add(REFRESH_MARGIN_SECONDS) < expires_at {
            return Ok(());
        }
        if self.can_refresh() {
            return self.refresh(context);
        }
        if now >= expires_at {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                format!(
                    "{context}: the OAuth access token expired (token expired at {expires_at}, Unix seconds) and no refresh \
                     credentials are configured: the platform must refresh it"
                ),
            ));
        }
        Ok(())
    }

    /// Refreshes the OAuth tokens, keeps them, then hands them to the host before they are used. If the host
    /// cannot save them the call fails with `credentials-not-saved`; `current_tokens` still returns them.
    pub fn refresh(&self, context: &str) -> Result<()> {
        let request = {
            let credentials = self.credentials.borrow();
            let tokens = oauth_tokens(&credentials);
            match tokens.and_then(|t| Some((t.client_id.as_ref()?, t.client_secret.as_ref()?, t.refresh_token.as_ref()?))) {
                Some((id, secret, refresh)) => oauth::refresh_request(id, secret, refresh),
                None => {
                    return Err(Error::new(
                        ErrorKind::Unauthorized,
                        format!("{context}: the OAuth token needs refreshing but no client id, client secret and refresh token are configured"),
                    ))
                }
            }
        };
        let previous_refresh = oauth_tokens(&self.credentials.borrow()).and_then(|t| t.refresh_token.clone());
        // A POST that rotates the refresh token: retried only after a 429 (not processed), never after a 5xx.
        let response = self.send_retrying(request, "refresh OAuth token")?;
        let fresh =
            oauth::parse_token_response(&response, "refresh OAuth token", (self.clock)(), previous_refresh.as_ref())
                .map_err(|mut e| {
                    e.message = format!("{context}: {}", e.message);
                    e
                })?;
        let saved = {
            let mut credentials = self.credentials.borrow_mut();
            let (Credentials::OAuth(t) | Credentials::InstantOAuth(t)) = &mut *credentials else {
                return Err(Error::invalid_input("refresh is an OAuth operation"));
            };
            t.access_token = fresh.access_token.clone();
            t.refresh_token = fresh.refresh_token.clone();
            t.expires_at = fresh.expires_at;
            if !fresh.scopes.is_empty() {
                t.scopes = Some(fresh.scopes.clone());
            }
            TokenSet {
                access_token: t.access_token.clone(),
                refresh_token: t.refresh_token.clone(),
                expires_at: t.expires_at,
                scopes: t.scopes.clone().unwrap_or_default(),
            }
        };
        self.token_store.save(&saved).map_err(|reason| {
            let reason: String = reason.chars().take(300).collect();
            Error::new(
                ErrorKind::CredentialsNotSaved,
                format!(
                    "{context}: the OAuth tokens were refreshed but the host could not save them ({reason}); the previous \
                     refresh token no longer works, so read the new tokens from the client (current-tokens) and store them"
                ),
            )
        })
    }

    /// For an API key sent to the site and refused: the gateway route a scoped API token needs, when not
    /// already in use. The cloud id comes from the configuration or the site's public tenant info.
    pub(crate) fn scoped_token_route(&self, site: &Site) -> Result<Option<Site>> {
        let Some(host) = site.site_host.as_deref() else { return Ok(None) };
        if !matches!(&*self.credentials.borrow(), Credentials::ApiKey { .. }) || site.api_host != host {
            return Ok(None);
        }
        let cloud_id = match &site.cloud_id {
            Some(id) => id.clone(),
            None => self.tenant_cloud_id(host)?,
        };
        Ok(Some(Site::gateway(Some(host), &cloud_id)))
    }

    /// Adds what the client knows to a 401: an expired or refused OAuth token, or a scope mismatch.
    pub(crate) fn explain(&self, mut error: Error) -> Error {
        if error.kind != ErrorKind::Unauthorized {
            return error;
        }
        let credentials = self.credentials.borrow();
        if let Some(t) = oauth_tokens(&credentials) {
            if !self.can_refresh() && t.expires_at.is_some_and(|e| (self.clock)() >= e) {
                error.message.push_str(" (token expired: the platform must refresh it)");
            } else if !self.can_refresh() {
                error
                    .message
                    .push_str(" (the access token was refused: expired or revoked; the platform must refresh it)");
            }
        }
        error
    }
}
