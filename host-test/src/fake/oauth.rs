//! The fake OAuth 2.0 (3LO) authorization server on `auth.atlassian.com`, and the gateway's view of its tokens.
//!
//! `POST /oauth/token` takes a JSON body (what Atlassian documents) or a form-encoded one (what generic OAuth
//! clients send) and implements the `authorization_code` and `refresh_token` grants with Atlassian's error
//! bodies: `invalid_request` and `unsupported_grant_type` (400), `access_denied` for bad client credentials
//! (401), `invalid_grant` for bad codes and refresh tokens (403). Refresh tokens rotate; see [`OAuthState`].
//! `GET /authorize` is not served: a connector only builds that URL for the user's browser.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::exchange::{parse_query, Reply};
use super::oauth_state::{cloud_id_of, Grant, GrantError, IssuedTokens, OAuthState, OFFLINE_ACCESS};
use super::server::RecordedRequest;
use super::{lock, FakeJira, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_REDIRECT_URI};

/// The avatar accessible-resources reports for sites reached with an issued token.
const SITE_AVATAR: &str = "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/flag.png";

/// Answers a request to the authorization server host.
pub(crate) fn answer_auth_host(oauth: &mut OAuthState, recorded: &RecordedRequest) -> Reply {
    if recorded.method != "POST" || recorded.path != "/oauth/token" {
        return Reply::not_implemented(&recorded.method, &recorded.path);
    }
    let fields = match token_request_fields(recorded) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let grant_type = fields.get("grant_type").map(String::as_str);
    let reply = match grant_type {
        None => missing("grant_type"),
        Some("authorization_code") => with_client(&fields, || authorization_code(oauth, &fields)),
        Some("refresh_token") => with_client(&fields, || refresh_token(oauth, &fields)),
        Some(other) => oauth_error(400, "unsupported_grant_type", &format!("Unsupported grant type: {other}")),
    };
    if grant_type == Some("refresh_token") {
        oauth.count_refresh(reply.status == 200);
    }
    reply
}

/// The token request's parameters: form-encoded when the content type says so, JSON otherwise. Non-string
/// JSON values are dropped, so they read as missing.
fn token_request_fields(recorded: &RecordedRequest) -> Result<HashMap<String, String>, Reply> {
    let form = recorded
        .header("content-type")
        .is_some_and(|value| value.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if form {
        return Ok(parse_query(&String::from_utf8_lossy(&recorded.body)).into_iter().collect());
    }
    match serde_json::from_slice::<Value>(&recorded.body) {
        Ok(Value::Object(object)) => Ok(object
            .into_iter()
            .filter_map(|(name, value)| match value {
                Value::String(text) => Some((name, text)),
                _ => None,
            })
            .collect()),
        _ => Err(oauth_error(400, "invalid_request", "The request body must be a JSON object.")),
    }
}

/// Checks the client credentials, then runs `grant`.
fn with_client(fields: &HashMap<String, String>, grant: impl FnOnce() -> Reply) -> Reply {
    let Some(client_id) = fields.get("client_id") else {
        return missing("client_id");
    };
    let Some(client_secret) = fields.get("client_secret") else {
        return missing("client_secret");
    };
    if client_id != FAKE_CLIENT_ID || client_secret != FAKE_CLIENT_SECRET {
        return oauth_error(401, "access_denied", "Unauthorized");
    }
    grant()
}

fn authorization_code(oauth: &mut OAuthState, fields: &HashMap<String, String>) -> Reply {
    let (Some(code), Some(redirect_uri)) = (fields.get("code"), fields.get("redirect_uri")) else {
        return missing(if fields.contains_key("code") { "redirect_uri" } else { "code" });
    };
    token_reply(oauth.exchange_code(code, redirect_uri))
}

fn refresh_token(oauth: &mut OAuthState, fields: &HashMap<String, String>) -> Reply {
    let Some(token) = fields.get("refresh_token") else {
        return missing("refresh_token");
    };
    token_reply(oauth.refresh(token))
}

fn token_reply(result: Result<IssuedTokens, GrantError>) -> Reply {
    match result {
        Ok(tokens) => {
            let mut body = Map::new();
            body.insert("access_token".into(), json!(tokens.access_token));
            if let Some(refresh_token) = tokens.refresh_token {
                body.insert("refresh_token".into(), json!(refresh_token));
            }
            body.insert("expires_in".into(), json!(tokens.expires_in));
            body.insert("scope".into(), json!(tokens.scope));
            body.insert("token_type".into(), json!("Bearer"));
            no_store(Reply::json(200, &Value::Object(body)))
        }
        Err(GrantError::InvalidCode) => oauth_error(403, "invalid_grant", "Invalid authorization code"),
        Err(GrantError::RedirectMismatch) => oauth_error(
            403,
            "invalid_grant",
            "The redirect_uri does not match the one the authorization code was issued for",
        ),
        Err(GrantError::InvalidRefreshToken) => oauth_error(403, "invalid_grant", "Unknown or invalid refresh token."),
    }
}

fn missing(field: &str) -> Reply {
    oauth_error(400, "invalid_request", &format!("Missing required parameter: {field}"))
}

/// An RFC 6749 error body, `{"error": .., "error_description": ..}`.
fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    no_store(Reply::json(status, &json!({ "error": error, "error_description": description })))
}

/// Token responses must not be cached (RFC 6749 section 5.1).
fn no_store(reply: Reply) -> Reply {
    reply.with_header("Cache-Control", "no-store").with_header("Pragma", "no-cache")
}

/// The gateway's 401 for an issued token that expired or was revoked.
pub(crate) fn token_unauthorized() -> Reply {
    Reply::json(401, &json!({ "code": 401, "message": "Unauthorized" }))
}

/// The gateway's 401 for a valid token that lacks the scope the endpoint needs (Atlassian's exact body).
pub(crate) fn scope_mismatch() -> Reply {
    Reply::json(401, &json!({ "code": 401, "message": "Unauthorized; scope does not match" }))
}

/// `GET /oauth/token/accessible-resources` for an issued token: every site of its grant, with its scopes
/// (`offline_access` is about the token, not the site, so it is not listed).
pub(crate) fn accessible_resources(grant: &Grant) -> Reply {
    let scopes: Vec<&str> = grant.scopes.iter().map(String::as_str).filter(|scope| *scope != OFFLINE_ACCESS).collect();
    let sites: Vec<Value> = grant
        .sites
        .iter()
        .map(|host| {
            json!({
                "id": cloud_id_of(host),
                "url": format!("https://{host}"),
                "name": host.split('.').next().unwrap_or(host),
                "scopes": scopes,
                "avatarUrl": SITE_AVATAR,
            })
        })
        .collect();
    Reply::json(200, &Value::Array(sites))
}

/// Test controls of the authorization server.
impl FakeJira {
    /// A single-use authorization code for [`FAKE_CLIENT_ID`] and [`FAKE_REDIRECT_URI`] granting `scopes` on
    /// `sites` (site hosts such as [`super::FAKE_SECOND_SITE_HOST`]; empty means [`super::FAKE_SITE_HOST`]).
    /// Exchanging it yields a refresh token only when `scopes` includes `offline_access`.
    pub fn issue_auth_code(&self, scopes: &[&str], sites: &[&str]) -> String {
        lock(&self.shared.oauth).issue_code(Grant::new(scopes, sites), FAKE_REDIRECT_URI)
    }

    /// Tokens as if a code had been exchanged: `(access_token, refresh_token)`. For convenience the refresh
    /// token is issued even when `scopes` lacks `offline_access`; the reported scopes stay as given.
    pub fn issue_tokens(&self, scopes: &[&str], sites: &[&str]) -> (String, String) {
        let tokens = lock(&self.shared.oauth).issue_tokens(Grant::new(scopes, sites), true);
        (tokens.access_token, tokens.refresh_token.unwrap_or_default())
    }

    /// Expires every access token issued so far (refresh tokens stay valid; tokens issued later are fresh).
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.oauth).expire_access_tokens();
    }

    /// How many `refresh_token` grants succeeded so far.
    pub fn refresh_count(&self) -> usize {
        lock(&self.shared.oauth).refreshes
    }

    /// How many `refresh_token` grants were refused so far (bad client, unknown, rotated or revoked token...).
    pub fn failed_refresh_count(&self) -> usize {
        lock(&self.shared.oauth).failed_refreshes
    }

    /// True when `token` is an issued access token that is neither expired nor revoked, or an issued refresh
    /// token that is neither rotated nor revoked. The constant tokens are not issued, so this is false for them.
    pub fn token_is_valid(&self, token: &str) -> bool {
        lock(&self.shared.oauth).is_valid(token)
    }

    /// Every authorization code, access token and refresh token the authorization server minted so far,
    /// rotated ones included: secrets that must never appear in any output.
    pub fn minted_secrets(&self) -> Vec<String> {
        lock(&self.shared.oauth).minted()
    }
}
