//! A fake Jira Cloud for tests and demos: a stateful HTTP server that answers like the site and the gateway.
//!
//! The fake listens on `127.0.0.1` and tells the two Atlassian hosts apart by the `Host` header, which the
//! host's routing keeps intact: `acme.atlassian.net` is the site (`/rest/...`, plus `127.0.0.1:PORT` and
//! `localhost:PORT` for people pointing a browser or curl at `jira-host serve-fake`), `api.atlassian.com` is the
//! gateway (`/ex/jira/{cloudId}/rest/...` and `/oauth/token/accessible-resources`), `auth.atlassian.com` is an
//! OAuth 2.0 (3LO) authorization server (`POST /oauth/token`, see `oauth.rs`), `api.media.atlassian.com` serves
//! attachment content (see `attachments.rs`). Every request is recorded;
//! any request the fake does not know answers a Jira-shaped 404 naming the method and path, so a missing stub
//! is never silent. Faults can be queued to simulate errors, rate limits, malformed bodies and slow answers.

mod adf;
mod agile;
mod agile_sprints;
mod agile_state;
mod attachments;
mod changelog;
mod comments_worklogs;
mod custom_fields;
mod exchange;
mod fault;
mod field_catalog;
mod fields;
mod issue_ops;
mod issue_write;
mod issues;
mod jql;
mod jql_eval;
mod jql_order;
mod links_watchers;
mod oauth;
mod oauth_state;
mod project_meta;
mod releases;
mod render;
mod routes;
mod scopes;
mod search;
mod seed;
mod server;
mod state;
#[cfg(test)]
mod test_client;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_agile;
#[cfg(test)]
mod tests_issues;
#[cfg(test)]
mod tests_oauth;
#[cfg(test)]
mod tests_oauth_gateway;
#[cfg(test)]
mod tests_search;
mod users;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context};

pub use fault::Fault;
pub use server::RecordedRequest;

use fields::FieldSelection;
use server::Shared;
use state::State;

/// The Jira site the fake impersonates (`https://acme.atlassian.net`).
pub const FAKE_SITE_HOST: &str = "acme.atlassian.net";
/// The Atlassian API gateway host (`https://api.atlassian.com/ex/jira/{cloudId}`).
pub const FAKE_GATEWAY_HOST: &str = "api.atlassian.com";
/// The media host attachment downloads are redirected to; it refuses requests carrying `Authorization`.
pub const FAKE_MEDIA_HOST: &str = "api.media.atlassian.com";
/// The cloud id of the fake site, as `/_edge/tenant_info` and `accessible-resources` report it.
pub const FAKE_CLOUD_ID: &str = "0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f";
/// The e-mail address of the current user (Ada Lovelace), the user half of the API key.
pub const FAKE_EMAIL: &str = "ada@example.com";
/// The API token accepted with [`FAKE_EMAIL`] in `Authorization: Basic` on the site and the gateway.
pub const FAKE_API_TOKEN: &str = "ATATT-fake-api-token-0001";
/// An OAuth 2.0 (own app) access token, accepted as `Bearer` on the gateway only.
pub const FAKE_OAUTH_TOKEN: &str = "fake-oauth-access-token-0001";
/// An Instant OAuth access token, accepted as `Bearer` on the gateway only.
pub const FAKE_INSTANT_OAUTH_TOKEN: &str = "fake-instant-access-token-0001";
/// The OAuth authorization server host (`POST https://auth.atlassian.com/oauth/token`).
pub const FAKE_AUTH_HOST: &str = "auth.atlassian.com";
/// The client id of the one OAuth app the authorization server knows.
pub const FAKE_CLIENT_ID: &str = "fake-client-id-0001";
/// The client secret of [`FAKE_CLIENT_ID`].
pub const FAKE_CLIENT_SECRET: &str = "fake-client-secret-0001";
/// The redirect URI that codes from [`FakeJira::issue_auth_code`] are bound to.
pub const FAKE_REDIRECT_URI: &str = "http://127.0.0.1:8976/callback";
/// A second site that issued tokens can be granted; its gateway path serves the same data as the first site.
pub const FAKE_SECOND_SITE_HOST: &str = "beta.atlassian.net";
/// The cloud id of [`FAKE_SECOND_SITE_HOST`].
pub const FAKE_SECOND_CLOUD_ID: &str = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/// A scoped API token: with [`FAKE_EMAIL`] in `Authorization: Basic` it works on the gateway only.
pub const FAKE_SCOPED_API_TOKEN: &str = "ATATT-fake-scoped-token-0001";

/// A running fake Jira Cloud; dropping it stops the server.
pub struct FakeJira {
    port: u16,
    shared: Arc<Shared>,
    server: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    listener: Option<JoinHandle<()>>,
}

impl FakeJira {
    /// Binds `127.0.0.1:port` (`0` picks a free port), seeds the data and serves on background threads.
    ///
    /// # Errors
    /// When the port cannot be bound or the server thread cannot be started.
    pub fn start(port: u16) -> anyhow::Result<FakeJira> {
        let address = format!("127.0.0.1:{port}");
        let server = tiny_http::Server::http(&address)
            .map_err(|error| anyhow!("cannot bind the fake Jira to {address}: {error}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|socket| socket.port())
            .context("the fake Jira is not listening on an IP socket")?;
        let server = Arc::new(server);
        let shared = Arc::new(Shared::new(State::seeded()));
        let stopping = Arc::new(AtomicBool::new(false));
        let listener = {
            let (server, shared, stopping) = (server.clone(), shared.clone(), stopping.clone());
            std::thread::Builder::new()
                .name(format!("fake-jira-{port}"))
                .spawn(move || server::serve(&server, &shared, &stopping))
                .context("cannot start the fake Jira thread")?
        };
        Ok(FakeJira { port, shared, server, stopping, listener: Some(listener) })
    }

    /// The port the fake listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The base URL of the fake, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request received so far (including refused and faulted ones), in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Queues a fault; it answers the next `fault.times` matching requests instead of the fake's own logic.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// The issue `key` (or id) as `GET /rest/api/3/issue/{key}` on the site would return it, all fields.
    pub fn issue_json(&self, key: &str) -> Option<serde_json::Value> {
        let state = lock(&self.shared.state);
        let issue = state.issue(key)?;
        let base = format!("https://{FAKE_SITE_HOST}");
        Some(render::issue_json(&state, &base, issue, &FieldSelection::all(), &render::Expansions::default()))
    }

    /// How many issues exist (seeded plus created).
    pub fn issue_count(&self) -> usize {
        lock(&self.shared.state).issues.len()
    }
}

impl Drop for FakeJira {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(listener) = self.listener.take() {
            // A panicked listener has nothing left to clean up; there is nothing useful to do with its payload.
            let _ = listener.join();
        }
    }
}

/// Locks a mutex, recovering the data if a handler thread panicked while holding it: the fake must keep
/// answering so that the test that caused the panic reports a useful failure instead of a hang.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
