//! A fake Jira Cloud for tests and demos: a stateful HTTP server that answers like the site and the gateway.
//!
//! The fake listens on `127.0.0.1` and tells the two Atlassian hosts apart by the `Host` header, which the
//! host's routing keeps intact: `acme.atlassian.net` is the site (`/rest/...`, plus `127.0.0.1:PORT` and
//! `localhost:PORT` for people pointing a browser or curl at `jira-host serve-fake`), `api.atlassian.com` is the
//! gateway (`/ex/jira/{cloudId}/rest/...` and `/oauth/token/accessible-resources`), `auth.atlassian.com` is an
//! OAuth 2.0 (3LO) authorization server (`POST /oauth/token`, see `oauth.rs`), `api.media.atlassian.com` serves
//! attachment content (see `attachments.rs`). Every request is recorded;
//! any request the fake does not know answers a Jira-shaped 404 naming the method and path, so a missing stub
//! is never silent. Faults can be queued to simulate errors, rate limits, unavailability, malformed bodies,
//! slow answers, responses cut short and connections closed without an answer.

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
mod seed_activity;
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
mod votes_properties;
mod wire;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use anyhow::{anyhow, Context};

pub use fault::{Delivery, Fault};
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
    relay: Option<JoinHandle<()>>,
}

impl FakeJira {
    /// Binds `127.0.0.1:port` (`0` picks a free port), seeds the data and serves on background threads.
    ///
    /// # Errors
    /// When the port cannot be bound or the server thread cannot be started.
    pub fn start(port: u16) -> anyhow::Result<FakeJira> {
        // Clients reach the HTTP server through a relay (see `wire.rs`) so that faults can break connections.
        let address = format!("127.0.0.1:{port}");
        let front = std::net::TcpListener::bind(&address)
            .map_err(|error| anyhow!("cannot bind the fake Jira to {address}: {error}"))?;
        let port = front.local_addr().context("the fake Jira is not listening on an IP socket")?.port();
        let server = tiny_http::Server::http("127.0.0.1:0")
            .map_err(|error| anyhow!("cannot bind the fake Jira's HTTP server: {error}"))?;
        let backend = server.server_addr().to_ip().context("the fake Jira's HTTP server has no IP address")?;
        let server = Arc::new(server);
        let wire = Arc::new(wire::Wire::default());
        let shared = Arc::new(Shared::new(State::seeded(), wire.clone()));
        let stopping = Arc::new(AtomicBool::new(false));
        let listener = {
            let (server, shared, stopping) = (server.clone(), shared.clone(), stopping.clone());
            std::thread::Builder::new()
                .name(format!("fake-jira-{port}"))
                .spawn(move || server::serve(&server, &shared, &stopping))
                .context("cannot start the fake Jira thread")?
        };
        let relay = {
            let stopping = stopping.clone();
            std::thread::Builder::new()
                .name(format!("fake-jira-front-{port}"))
                .spawn(move || wire::relay(&front, backend, &wire, &stopping))
                .context("cannot start the fake Jira's relay thread")?
        };
        Ok(FakeJira { port, shared, server, stopping, listener: Some(listener), relay: Some(relay) })
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

    /// The hosts (`Host` header, port removed) of the requests that carried an `Authorization` header.
    pub fn hosts_given_authorization(&self) -> std::collections::BTreeSet<String> {
        lock(&self.shared.requests)
            .iter()
            .filter(|request| request.header("authorization").is_some())
            .map(|request| request.host.rsplit_once(':').map_or(request.host.as_str(), |(name, _)| name).to_owned())
            .collect()
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

    /// The key and summary of every issue (seeded plus created), in creation order.
    pub fn issue_summaries(&self) -> Vec<(String, String)> {
        lock(&self.shared.state).issues.iter().map(|issue| (issue.key.clone(), issue.summary.clone())).collect()
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
        // One last connection wakes the relay's accept loop, which then sees `stopping`.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        // A panicked thread has nothing left to clean up; there is nothing useful to do with its payload.
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
        if let Some(relay) = self.relay.take() {
            let _ = relay.join();
        }
    }
}

/// Locks a mutex, recovering the data if a handler thread panicked while holding it: the fake must keep
/// answering so that the test that caused the panic reports a useful failure instead of a hang.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
