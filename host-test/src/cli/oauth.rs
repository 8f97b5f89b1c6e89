//! `jira-host oauth ...`: the OAuth 2.0 (3LO) flow from the command line. Tokens are written into the
//! `--config` file (atomically, owner-only) and never printed.

use std::path::Path;

use serde_json::{json, Value};

use super::{print_json, runtime, Failure, EXIT_JIRA_ERROR, EXIT_OK};
use crate::bindings::{JiraError, OauthTokens};
use crate::cli::args::{OAuthAction, Options};
use crate::json::error_json;
use crate::runtime::{CredentialStore, FileCredentialStore};

/// Runs one `oauth` action.
pub(super) fn run(options: &Options, action: OAuthAction) -> Result<i32, Failure> {
    let mut session = runtime(options)?.session().map_err(Failure::host)?;
    let args = &options.oauth;
    let need = |value: &Option<String>, flag: &str| {
        value.clone().ok_or_else(|| Failure::usage(format!("oauth: {flag} is required for this command")))
    };
    match action {
        OAuthAction::AuthorizeUrl => {
            let result = session
                .oauth_authorization_url(
                    &need(&args.client_id, "--client-id")?,
                    &need(&args.redirect_uri, "--redirect-uri")?,
                    &args.scopes,
                    &need(&args.state, "--state")?,
                    !args.no_offline_access,
                )
                .map_err(Failure::host)?;
            finish(result.map(|url| json!({ "authorization_url": url })))
        }
        OAuthAction::Exchange => {
            let file = config_file(options)?;
            let (client_id, client_secret) =
                (need(&args.client_id, "--client-id")?, need(&args.client_secret, "--client-secret")?);
            let result = session
                .oauth_exchange_code(
                    &client_id,
                    &client_secret,
                    &need(&args.redirect_uri, "--redirect-uri")?,
                    &need(&args.code, "--code")?,
                )
                .map_err(Failure::host)?;
            let tokens = match result {
                Ok(tokens) => tokens,
                Err(error) => return finish(Err(error)),
            };
            write_app(file, &client_id, &client_secret, options.config.site.as_deref())?;
            save(file, &tokens)
        }
        OAuthAction::Refresh => {
            let file = config_file(options)?;
            let auth = read_auth(file)?;
            let field = |name: &str| {
                auth.get(name).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
                    Failure::usage(format!("oauth refresh: `auth.{name}` is missing in {}", file.display()))
                })
            };
            let result = session
                .oauth_refresh(&field("client_id")?, &field("client_secret")?, &field("refresh_token")?)
                .map_err(Failure::host)?;
            match result {
                Ok(tokens) => save(file, &tokens),
                Err(error) => finish(Err(error)),
            }
        }
        OAuthAction::Sites => {
            let document: Value = serde_json::from_str(&options.config.document().map_err(|e| Failure::usage(e.0))?)
                .map_err(|_| Failure::usage("the configuration is not valid JSON"))?;
            let token = document["auth"]["access_token"]
                .as_str()
                .ok_or_else(|| Failure::usage("oauth sites: the configuration has no `auth.access_token`"))?
                .to_owned();
            let result = session.oauth_accessible_resources(&token).map_err(Failure::host)?;
            finish(result.map(|sites| {
                Value::Array(
                    sites
                        .into_iter()
                        .map(|s| json!({"cloud_id": s.cloud_id, "url": s.url, "name": s.name, "scopes": s.scopes}))
                        .collect(),
                )
            }))
        }
    }
}

fn finish(result: Result<Value, JiraError>) -> Result<i32, Failure> {
    match result {
        Ok(value) => {
            print_json(&value);
            Ok(EXIT_OK)
        }
        Err(error) => {
            print_json(&error_json(&error));
            Ok(EXIT_JIRA_ERROR)
        }
    }
}

fn config_file(options: &Options) -> Result<&Path, Failure> {
    options
        .config
        .file
        .as_deref()
        .ok_or_else(|| Failure::usage("oauth: --config FILE is required: the tokens are saved there, never printed"))
}

fn read_auth(file: &Path) -> Result<serde_json::Map<String, Value>, Failure> {
    let bytes = std::fs::read(file).map_err(|e| Failure::usage(format!("cannot read {}: {e}", file.display())))?;
    let document: Value = serde_json::from_slice(&bytes)
        .map_err(|_| Failure::usage(format!("{} is not a JSON document", file.display())))?;
    Ok(document.get("auth").and_then(Value::as_object).cloned().unwrap_or_default())
}

/// Records the app credentials and the method in the configuration, keeping everything else.
fn write_app(file: &Path, client_id: &str, client_secret: &str, site: Option<&str>) -> Result<(), Failure> {
    let mut document: Value = match std::fs::read(file) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|_| Failure::usage(format!("{} is not a JSON document", file.display())))?,
        Err(_) => json!({}),
    };
    let root = document.as_object_mut().ok_or_else(|| Failure::usage("the configuration is not a JSON object"))?;
    if let Some(site) = site {
        root.insert("site".into(), json!(site));
    }
    let auth = root.entry("auth").or_insert_with(|| json!({}));
    if let Some(auth) = auth.as_object_mut() {
        auth.retain(|key, _| !matches!(key.as_str(), "api_key"));
        auth.insert("method".into(), json!("oauth"));
        auth.insert("client_id".into(), json!(client_id));
        auth.insert("client_secret".into(), json!(client_secret));
    }
    let text = serde_json::to_string_pretty(&document).map_err(|e| Failure::usage(e.to_string()))?;
    crate::runtime::write_atomically(file, text.as_bytes())
        .map_err(|e| Failure::usage(format!("cannot write {}: {e}", file.display())))
}

/// Saves the tokens into the file and prints what was saved, without the secrets.
fn save(file: &Path, tokens: &OauthTokens) -> Result<i32, Failure> {
    FileCredentialStore::new(file).save(tokens).map_err(Failure::usage)?;
    print_json(&json!({
        "saved_to": file.display().to_string(),
        "scopes": tokens.scopes,
        "expires_at": tokens.expires_at,
        "refresh_token": tokens.refresh_token.is_some(),
    }));
    Ok(EXIT_OK)
}
