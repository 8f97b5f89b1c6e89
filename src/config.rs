//! The configuration document: one JSON object, the same for the typed client, `call-tool` and the CLI.
//!
//! Parsed by hand from a `serde_json::Value` rather than derived, so that every error names the field
//! (`auth.expires_at`) and no error can echo a secret value the way serde's "invalid type" messages do.

use serde_json::{Map, Value};

use crate::auth::{parse_api_key, Credentials, OAuthTokens, Secret};
use crate::error::{Error, Result};
use crate::site::{parse_cloud_id, parse_site, SiteAddress};

mod options;

pub use options::{
    parse_options, Options, DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT_SECONDS,
};

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The configured site; OAuth may leave it out when its token reaches exactly one site.
    pub site: Option<SiteAddress>,
    pub cloud_id: Option<String>,
    pub credentials: Credentials,
    /// Guard rails and limits (`options`); the defaults when absent.
    pub options: Options,
}

/// Parses and validates the configuration document.
pub fn parse_config(json: &str) -> Result<Config> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        Error::invalid_config(format!("the configuration is not valid JSON (line {}, column {})", e.line(), e.column()))
    })?;
    let Value::Object(root) = value else {
        return Err(Error::invalid_config("the configuration must be a JSON object"));
    };
    reject_unknown(&root, "", &["site", "cloud_id", "auth", "options"])?;
    let site = optional_str(&root, "", "site")?.map(parse_site).transpose()?;
    let mut cloud_id = optional_str(&root, "", "cloud_id")?.map(|id| parse_cloud_id("cloud_id", id)).transpose()?;
    if let (Some(SiteAddress::CloudId(from_site)), Some(configured)) = (&site, &cloud_id) {
        if from_site != configured {
            return Err(Error::invalid_config(
                "`cloud_id` differs from the cloud id in `site`: give one of them, or the same id in both",
            ));
        }
    }
    if let Some(SiteAddress::CloudId(from_site)) = &site {
        cloud_id = Some(from_site.clone());
    }
    let auth = match root.get("auth") {
        Some(Value::Object(auth)) => auth,
        Some(_) => return Err(Error::invalid_config("`auth` must be an object with a `method`")),
        None => return Err(Error::invalid_config(
            "`auth` is missing: give `{\"method\": \"api_key\", \"api_key\": \"<email>:<token>\"}` or an OAuth token",
        )),
    };
    let credentials = parse_auth(auth)?;
    if site.is_none() && cloud_id.is_none() && !credentials.method().needs_gateway() {
        return Err(Error::invalid_config(
            "`site` is missing: give the Jira site, like `acme` or `acme.atlassian.net`",
        ));
    }
    let options = parse_options(root.get("options"))?;
    Ok(Config { site, cloud_id, credentials, options })
}

fn parse_auth(auth: &Map<String, Value>) -> Result<Credentials> {
    let method = required_str(auth, "auth.", "method")?;
    match method {
        "api_key" => {
            reject_unknown(auth, "auth.", &["method", "api_key"])?;
            let key = required_str(auth, "auth.", "api_key")?;
            parse_api_key("auth.api_key", key)
        }
        "oauth" => {
            reject_unknown(
                auth,
                "auth.",
                &["method", "access_token", "refresh_token", "expires_at", "client_id", "client_secret", "scopes"],
            )?;
            Ok(Credentials::OAuth(parse_oauth_tokens(auth)?))
        }
        "instant_oauth" => {
            // The platform's app credentials, when the platform lets the connector refresh.
            reject_unknown(
                auth,
                "auth.",
                &["method", "access_token", "refresh_token", "expires_at", "client_id", "client_secret", "scopes"],
            )?;
            Ok(Credentials::InstantOAuth(parse_oauth_tokens(auth)?))
        }
        _ => Err(Error::invalid_config("`auth.method` must be one of `api_key`, `oauth`, `instant_oauth`")),
    }
}

fn parse_oauth_tokens(auth: &Map<String, Value>) -> Result<OAuthTokens> {
    let access_token = token(auth, "access_token")?
        .ok_or_else(|| Error::invalid_config("`auth.access_token` is missing: OAuth needs the access token"))?;
    let expires_at =
        match auth.get("expires_at") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                Error::invalid_config("`auth.expires_at` must be a non-negative integer (Unix seconds)")
            })?),
        };
    let scopes = match auth.get("scopes") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, s)| match s.as_str().map(str::trim) {
                    Some(scope) if !scope.is_empty() && !scope.contains(char::is_whitespace) => Ok(scope.to_string()),
                    _ => Err(Error::invalid_config(format!(
                        "`auth.scopes[{i}]` must be a scope name like `read:jira-work`"
                    ))),
                })
                .collect::<Result<Vec<_>>>()?,
        ),
        Some(_) => return Err(Error::invalid_config("`auth.scopes` must be an array of scope names")),
    };
    let client_id = optional_str(auth, "auth.", "client_id")?.map(str::trim).map(str::to_string);
    if client_id.as_deref() == Some("") {
        return Err(Error::invalid_config("`auth.client_id` is empty"));
    }
    let client_secret = token(auth, "client_secret")?;
    if client_id.is_some() != client_secret.is_some() {
        return Err(Error::invalid_config(
            "`auth.client_id` and `auth.client_secret` go together: give both (to refresh tokens) or neither",
        ));
    }
    Ok(OAuthTokens {
        access_token,
        refresh_token: token(auth, "refresh_token")?,
        expires_at,
        client_id,
        client_secret,
        scopes,
    })
}

/// An optional secret field: a non-empty string without whitespace inside.
fn token(auth: &Map<String, Value>, key: &str) -> Result<Option<Secret>> {
    match auth.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() {
                Err(Error::invalid_config(format!("`auth.{key}` is empty")))
            } else if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
                Err(Error::invalid_config(format!("`auth.{key}` contains whitespace or control characters")))
            } else {
                Ok(Some(Secret::new(t)))
            }
        }
        Some(_) => Err(Error::invalid_config(format!("`auth.{key}` must be a string"))),
    }
}

fn reject_unknown(map: &Map<String, Value>, prefix: &str, known: &[&str]) -> Result<()> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(Error::invalid_config(format!(
            "unknown field `{prefix}{}` (expected one of: {})",
            crate::site::quoted_preview(unknown).trim_matches('"'),
            known.iter().map(|k| format!("`{prefix}{k}`")).collect::<Vec<_>>().join(", ")
        ))),
        None => Ok(()),
    }
}

fn required_str<'a>(map: &'a Map<String, Value>, prefix: &str, key: &str) -> Result<&'a str> {
    optional_str(map, prefix, key)?.ok_or_else(|| Error::invalid_config(format!("`{prefix}{key}` is missing")))
}

fn optional_str<'a>(map: &'a Map<String, Value>, prefix: &str, key: &str) -> Result<Option<&'a str>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(Error::invalid_config(format!("`{prefix}{key}` must be a string"))),
    }
}

#[cfg(test)]
mod tests;
