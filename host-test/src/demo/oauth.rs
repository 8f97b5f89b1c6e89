//! The demo's OAuth lifecycle: the consent URL, a code exchange, an expired access token refreshed with the
//! rotated pair saved before use, and a scoped API token finding its way through the gateway.

use std::sync::Arc;

use serde_json::json;

use super::{AuthMethod, Demo};
use crate::fake;
use crate::runtime::{MemoryCredentialStore, Runtime};

const SCOPES: [&str; 4] = ["read:jira-user", "read:jira-work", "write:jira-work", "offline_access"];

/// Walks through the OAuth flow against the fake's authorization server.
pub(super) fn lifecycle(demo: &mut Demo<'_>, runtime: &Runtime) -> anyhow::Result<()> {
    let store = Arc::new(MemoryCredentialStore::default());
    let runtime = runtime.with_credential_store(store.clone());
    let mut session = runtime.session()?;
    let method = AuthMethod::OAuth;

    let scopes: Vec<String> = SCOPES[..3].iter().map(|s| s.to_string()).collect();
    let url =
        session.oauth_authorization_url(fake::FAKE_CLIENT_ID, fake::FAKE_REDIRECT_URI, &scopes, "demo-state", true)?;
    let outcome = url.map_err(|e| e.message).and_then(|url| {
        if url.contains("offline_access") && url.contains("prompt=consent") {
            Ok(format!("{}…", &url[..url.find('?').unwrap_or(url.len())]))
        } else {
            Err(format!("unexpected URL {url}"))
        }
    });
    demo.record(method, "oauth authorization-url", outcome)?;

    let code = demo.fake.issue_auth_code(&SCOPES, &[]);
    let exchanged =
        session.oauth_exchange_code(fake::FAKE_CLIENT_ID, fake::FAKE_CLIENT_SECRET, fake::FAKE_REDIRECT_URI, &code)?;
    let tokens = match exchanged {
        Ok(tokens) => tokens,
        Err(error) => return demo.record(method, "oauth exchange-code", Err(error.message)),
    };
    demo.record(
        method,
        "oauth exchange-code",
        Ok(format!("access + refresh token, scopes: {}", tokens.scopes.join(" "))),
    )?;

    let config = json!({"site": fake::FAKE_SITE_HOST, "auth": {"method": "oauth",
        "access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at, "client_id": fake::FAKE_CLIENT_ID, "client_secret": fake::FAKE_CLIENT_SECRET}});
    let mut client = match session.client(&config.to_string())? {
        Ok(client) => client,
        Err(error) => return demo.record(method, "client", Err(error.message)),
    };
    for round in 1..=2 {
        demo.fake.expire_access_tokens();
        let outcome = match client.get_myself()? {
            Ok(me) if store.saved().len() == round && demo.fake.refresh_count() == round => Ok(format!(
                "{} (access token expired, refreshed; rotated refresh token saved by the host: {} saved so far)",
                me.display_name, round
            )),
            Ok(_) => Err(format!("expected {round} refresh(es) saved, got {}", store.saved().len())),
            Err(error) => Err(error.message),
        };
        demo.record(method, &format!("jira_get_myself after expiry #{round}"), outcome)?;
    }
    client.close()?;

    let scoped = json!({"site": fake::FAKE_SITE_HOST, "auth": {"method": "api_key",
        "api_key": format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_SCOPED_API_TOKEN)}});
    let mut client = match session.client(&scoped.to_string())? {
        Ok(client) => client,
        Err(error) => return demo.record(AuthMethod::ApiKey, "scoped API token", Err(error.message)),
    };
    let outcome = match (client.get_myself()?, client.resolve()?) {
        (Ok(me), Ok(site)) if site.api_base.starts_with("https://api.atlassian.com/ex/jira/") => {
            Ok(format!("{} via {} (refused on the site, retried through the gateway)", me.display_name, site.api_base))
        }
        (Ok(_), Ok(site)) => Err(format!("expected the gateway route, got {}", site.api_base)),
        (Err(error), _) | (_, Err(error)) => Err(error.message),
    };
    demo.record(AuthMethod::ApiKey, "scoped API token jira_get_myself", outcome)
}
