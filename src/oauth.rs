//! The OAuth 2.0 (3LO) flow with Atlassian: the authorization URL, code exchange, refresh (with rotating
//! refresh tokens), and the sites a token can reach.

use serde_json::json;

use crate::auth::Secret;
use crate::decode::{parse_body, Node};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Method, Request, Response};
use crate::site::{join_url, quoted_preview};

/// Atlassian's authorization server.
pub const AUTH_HOST: &str = "auth.atlassian.com";
/// The token endpoint (code exchange and refresh).
pub const TOKEN_URL: &str = "https://auth.atlassian.com/oauth/token";
/// The sites a token can reach.
pub const ACCESSIBLE_RESOURCES_URL: &str = "https://api.atlassian.com/oauth/token/accessible-resources";
/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN_SECONDS: u64 = 300;

/// Classic Jira scopes, and the non-Jira scopes a Jira app asks for.
const CLASSIC_SCOPES: [&str; 10] = [
    "read:jira-user",
    "read:jira-work",
    "write:jira-work",
    "manage:jira-project",
    "manage:jira-configuration",
    "manage:jira-webhook",
    "manage:jira-data-provider",
    "offline_access",
    "read:me",
    "read:account",
];

/// A token pair and what it grants. Secrets are wrapped; `Debug` never shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Unix seconds.
    pub expires_at: Option<u64>,
    pub scopes: Vec<String>,
}

/// True for a scope name Atlassian defines for Jira apps: a classic scope, or a granular one shaped
/// `verb:entity:product` (`read:issue:jira`, `write:sprint:jira-software`).
pub fn is_known_scope(scope: &str) -> bool {
    if CLASSIC_SCOPES.contains(&scope) {
        return true;
    }
    let parts: Vec<&str> = scope.split(':').collect();
    matches!(parts.as_slice(), [verb, entity, product]
        if ["read", "write", "delete", "manage", "validate"].contains(verb)
            && !entity.is_empty()
            && entity.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && ["jira", "jira-software", "jira-service-management"].contains(product))
}

/// The URL to send the user to for consent.
pub fn authorization_url(
    client_id: &str,
    redirect_uri: &str,
    scopes: &[String],
    state: &str,
    offline_access: bool,
) -> Result<String> {
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Err(Error::invalid_input("`client_id` is empty"));
    }
    if state.trim().is_empty() {
        return Err(Error::invalid_input(
            "`state` is empty: use a random value per login and check it on the callback (CSRF protection)",
        ));
    }
    check_redirect_uri(redirect_uri)?;
    let mut all: Vec<&str> = Vec::new();
    for scope in scopes.iter().map(|s| s.trim()) {
        if !is_known_scope(scope) {
            return Err(Error::invalid_input(format!(
                "`scopes`: {} is not an Atlassian scope for Jira (like `read:jira-work` or `read:issue:jira`)",
                quoted_preview(scope)
            )));
        }
        if !all.contains(&scope) {
            all.push(scope);
        }
    }
    if offline_access && !all.contains(&"offline_access") {
        all.push("offline_access");
    }
    if all.is_empty() {
        return Err(Error::invalid_input("`scopes` is empty: ask for at least one scope"));
    }
    Ok(join_url(
        "https://auth.atlassian.com",
        "/authorize",
        &[
            ("audience", "api.atlassian.com".to_string()),
            ("client_id", client_id.to_string()),
            ("scope", all.join(" ")),
            ("redirect_uri", redirect_uri.to_string()),
            ("state", state.to_string()),
            ("response_type", "code".to_string()),
            ("prompt", "consent".to_string()),
        ],
    ))
}

/// A redirect URI must be https, or http on a loopback address (native apps and CLIs).
fn check_redirect_uri(redirect_uri: &str) -> Result<()> {
    let url = url::Url::parse(redirect_uri.trim())
        .map_err(|_| Error::invalid_input("`redirect_uri` is not an absolute URL"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(Error::invalid_input("`redirect_uri` must be https (http is allowed only for loopback addresses)")),
    }
}

fn token_request(body: serde_json::Value) -> Request {
    Request::new(Method::Post, TOKEN_URL).header("Accept", "application/json").json_body(&body)
}

/// `POST /oauth/token` with `grant_type=authorization_code`.
pub fn exchange_code_request(
    client_id: &str,
    client_secret: &Secret,
    redirect_uri: &str,
    code: &str,
) -> Result<Request> {
    if code.trim().is_empty() {
        return Err(Error::invalid_input("`code` is empty"));
    }
    check_redirect_uri(redirect_uri)?;
    Ok(token_request(json!({
        "grant_type": "authorization_code",
        "client_id": client_id.trim(),
        "client_secret": client_secret.expose(),
        "code": code.trim(),
        "redirect_uri": redirect_uri.trim(),
    })))
}

/// `POST /oauth/token` with `grant_type=refresh_token`.
pub fn refresh_request(client_id: &str, client_secret: &Secret, refresh_token: &Secret) -> Request {
    token_request(json!({
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": client_secret.expose(),
        "refresh_token": refresh_token.expose(),
    }))
}

/// Parses a token response. `now` (Unix seconds) turns `expires_in` into an absolute expiry. A response
/// without a refresh token keeps `previous_refresh` (apps without rotation); with rotation the new one wins.
pub fn parse_token_response(
    response: &Response,
    context: &str,
    now: u64,
    previous_refresh: Option<&Secret>,
) -> Result<TokenSet> {
    if !response.is_success() {
        return Err(token_error(response, context));
    }
    let body = parse_body(&response.body, context)?;
    let root = Node::root(&body, context);
    let access = root.str("access_token")?;
    if access.is_empty() {
        return Err(root.error("empty `access_token`"));
    }
    let refresh = root.opt_str("refresh_token")?.filter(|r| !r.is_empty()).map(Secret::new);
    let expires_in = root.with_opt("expires_in", |n| n.value().as_u64().ok_or_else(|| n.error("expected seconds")))?;
    let scopes = root.opt_str("scope")?.map(|s| s.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
    Ok(TokenSet {
        access_token: Secret::new(access),
        refresh_token: refresh.or_else(|| previous_refresh.cloned()),
        expires_at: expires_in.map(|s| now.saturating_add(s)),
        scopes,
    })
}

/// Maps an error of the token endpoint (`{"error": "invalid_grant", "error_description": "..."}`): grant and
/// client problems are `unauthorized` (the user must log in again), malformed requests `invalid-input`.
fn token_error(response: &Response, context: &str) -> Error {
    let mut err = crate::error::error_from_response(response, context);
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap_or_default();
    if let Some(code) = body.get("error").and_then(|e| e.as_str()) {
        let description = body.get("error_description").and_then(|d| d.as_str()).unwrap_or("");
        err.kind = match code {
            "invalid_request" | "unsupported_grant_type" | "invalid_scope" => ErrorKind::InvalidInput,
            _ if response.status >= 500 => ErrorKind::ServerError,
            _ => ErrorKind::Unauthorized,
        };
        let preview: String = format!("{code}: {description}").chars().take(300).collect();
        err.message = format!("{context}: Atlassian refused the grant ({preview})");
        if err.kind == ErrorKind::Unauthorized {
            err.message.push_str("; the user must authorize the app again");
        }
    }
    err
}

/// A Jira site an access token can reach.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccessibleSite {
    pub cloud_id: String,
    pub url: String,
    pub name: String,
    pub scopes: Vec<String>,
}

impl AccessibleSite {
    /// The site's host (`acme.atlassian.net`), from its URL.
    pub fn host(&self) -> Option<String> {
        url::Url::parse(&self.url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    }
}

/// `GET https://api.atlassian.com/oauth/token/accessible-resources` with the Bearer token.
pub fn accessible_resources_request(access_token: &Secret) -> Request {
    Request::new(Method::Get, ACCESSIBLE_RESOURCES_URL)
        .header("Authorization", format!("Bearer {}", access_token.expose()))
        .header("Accept", "application/json")
}

/// Parses the list of sites.
pub fn parse_accessible_resources(response: &Response) -> Result<Vec<AccessibleSite>> {
    const CONTEXT: &str = "list accessible sites";
    let response = crate::error::check_status(response.clone(), CONTEXT)?;
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(|site| {
        Ok(AccessibleSite {
            cloud_id: site.str("id")?,
            url: site.opt_str("url")?.unwrap_or_default(),
            name: site.opt_str("name")?.unwrap_or_default(),
            scopes: site.with_opt("scopes", |s| s.map_array(|x| x.as_str().map(str::to_string)))?.unwrap_or_default(),
        })
    })
}

/// Picks the site to use: the configured site host when given (never blindly the first entry), else the
/// only site; several sites and none configured is `invalid-config` listing them.
pub fn select_site<'a>(sites: &'a [AccessibleSite], configured_host: Option<&str>) -> Result<&'a AccessibleSite> {
    let listed = || sites.iter().map(|s| s.url.as_str()).collect::<Vec<_>>().join(", ");
    match configured_host {
        Some(host) => sites.iter().find(|s| s.host().as_deref() == Some(host)).ok_or_else(|| {
            Error::new(
                ErrorKind::Forbidden,
                format!(
                    "the OAuth token cannot reach https://{host}; it was granted for: {}. Authorize the app on that site",
                    if sites.is_empty() { "no site".to_string() } else { listed() }
                ),
            )
        }),
        None => match sites {
            [] => Err(Error::new(ErrorKind::Forbidden, "the OAuth token cannot reach any Jira site")),
            [only] => Ok(only),
            _ => Err(Error::invalid_config(format!(
                "the OAuth token can reach several Jira sites ({}): set `site` to the one to use",
                listed()
            ))),
        },
    }
}

#[cfg(test)]
mod tests;
