//! The client: a validated configuration plus an `HttpClient`, driving every operation in one line each.
//!
//! It owns the two rules that keep credentials safe: the cloud id is resolved (once) without credentials,
//! and the `Authorization` header is attached only to requests for the host the API base points at.

mod credentials;

use std::cell::RefCell;

use crate::auth::{AuthMethod, Credentials};
use crate::config::{parse_config, Config};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, Request, Response};
use crate::jira::comments::{self, Comment};
use crate::jira::issues::{self, CreatedIssue, NewIssue};
use crate::jira::projects::{self, ProjectList, PROJECT_PAGE_MAX};
use crate::jira::search::{self, SearchResult, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, SEARCH_PAGE_MAX};
use crate::jira::transitions::{self, Transition, TransitionOutcome};
use crate::jira::users::{self, Myself};
use crate::jira::Issue;
use crate::oauth::{self, TokenSet};
use crate::page::{collect_pages, Cursor};
use crate::retry::{default_sleeper, CallStats, Jitter, Policy, Retrier, Sleeper};
use crate::site::{parse_cloud_id, parse_tenant_info, tenant_info_request, Site, SiteAddress};

pub use credentials::{NoTokenStore, TokenStore};

/// The `User-Agent` every request carries.
const USER_AGENT: &str = concat!("jira-connector/", env!("CARGO_PKG_VERSION"));

/// The current time in Unix seconds.
pub type Clock = Box<dyn Fn() -> u64>;

/// A connection to one Jira Cloud site with one set of credentials.
pub struct Client<H: HttpClient> {
    config: Config,
    http: H,
    site: RefCell<Option<Site>>,
    /// The live credentials: OAuth tokens change when they are refreshed.
    credentials: RefCell<Credentials>,
    token_store: Box<dyn TokenStore>,
    clock: Clock,
    /// The site's field list, fetched once (`jira_search_fields`, fields by name).
    field_cache: crate::jira::fields::FieldCache,
    /// How the client waits between retries, and the jitter source of the waits.
    sleeper: Sleeper,
    jitter: Jitter,
    /// Retries, waiting and rate-limit signals since [`Client::start_call`].
    call_stats: RefCell<CallStats>,
}

fn system_clock() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl<H: HttpClient> Client<H> {
    /// Builds a client from the configuration document. Validates everything; sends nothing.
    pub fn new(config_json: &str, http: H) -> Result<Self> {
        Ok(Self::from_config(parse_config(config_json)?, http))
    }

    /// Builds a client from a parsed configuration.
    pub fn from_config(config: Config, http: H) -> Self {
        let credentials = RefCell::new(config.credentials.clone());
        Client {
            config,
            http,
            site: RefCell::new(None),
            credentials,
            token_store: Box::new(NoTokenStore),
            clock: Box::new(system_clock),
            field_cache: Default::default(),
            sleeper: default_sleeper(),
            jitter: Jitter::from_clock(),
            call_stats: RefCell::default(),
        }
    }

    /// Sets where refreshed OAuth tokens are saved (the host's credential storage).
    #[must_use]
    pub fn with_token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.token_store = Box::new(store);
        self
    }

    /// Sets the clock (Unix seconds) used for token expiry.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> u64 + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Sets how the client waits between retries (by default it sleeps the thread).
    #[must_use]
    pub fn with_sleeper(mut self, sleeper: impl Fn(std::time::Duration) + 'static) -> Self {
        self.sleeper = Box::new(sleeper);
        self
    }

    /// Seeds the jitter of retry waits (by default from the clock), for repeatable tests.
    #[must_use]
    pub fn with_jitter_seed(mut self, seed: u64) -> Self {
        self.jitter = Jitter::new(seed);
        self
    }

    /// Starts a new call for [`Client::last_call`]: the host calls this before each operation.
    pub fn start_call(&self) {
        *self.call_stats.borrow_mut() = CallStats::default();
    }

    /// Retries, waiting and rate-limit signals of the requests since the last [`Client::start_call`].
    pub fn last_call(&self) -> CallStats {
        *self.call_stats.borrow()
    }

    /// Sends a request under the retry policy of the configuration (see `retry`), recording what happened.
    fn send_retrying(&self, request: Request, context: &str) -> Result<Response> {
        let retrier = Retrier {
            policy: Policy::from_options(&self.config.options),
            sleep: &*self.sleeper,
            now: &*self.clock,
            jitter: &self.jitter,
        };
        let mut stats = self.last_call();
        let outcome = retrier.send(request, context, &mut stats, |r| self.http.send(r));
        *self.call_stats.borrow_mut() = stats;
        outcome
    }

    /// How the client authenticates.
    pub fn auth_method(&self) -> AuthMethod {
        self.config.credentials.method()
    }

    /// The validated configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where requests go. OAuth without a configured cloud id resolves it once, from the site's public
    /// tenant info (no credentials sent), and remembers it.
    pub fn site(&self) -> Result<Site> {
        if let Some(site) = self.site.borrow().as_ref() {
            return Ok(site.clone());
        }
        let method = self.auth_method();
        let mut cloud_id = self.config.cloud_id.clone();
        let address = match &self.config.site {
            Some(address) => address.clone(),
            None => {
                // OAuth without a site: the token's only site, found through accessible-resources.
                let chosen = self.accessible_site(None)?;
                let host =
                    chosen.host().ok_or_else(|| Error::decode("list accessible sites", "$[*].url", "no host"))?;
                cloud_id = Some(parse_cloud_id("accessible-resources id", &chosen.cloud_id)?);
                SiteAddress::Host(host)
            }
        };
        if cloud_id.is_none() && method.needs_gateway() {
            if let SiteAddress::Host(host) = &address {
                cloud_id = Some(self.tenant_cloud_id(host)?);
            }
        }
        let site = Site::new(&address, cloud_id.as_deref(), method)?;
        *self.site.borrow_mut() = Some(site.clone());
        Ok(site)
    }

    /// The cloud id of a site, from its public tenant info (sent without credentials).
    fn tenant_cloud_id(&self, host: &str) -> Result<String> {
        let response = self
            .http
            .send(tenant_info_request(host))
            .map_err(|e| Error::transport("resolve cloud id (tenant_info)", &e))?;
        parse_tenant_info(response)
    }

    /// The sites the OAuth access token can reach.
    pub fn accessible_sites(&self) -> Result<Vec<oauth::AccessibleSite>> {
        self.ensure_fresh_token("list accessible sites")?;
        let request = match &*self.credentials.borrow() {
            Credentials::OAuth(t) | Credentials::InstantOAuth(t) => {
                oauth::accessible_resources_request(&t.access_token)
            }
            Credentials::ApiKey { .. } => {
                return Err(Error::invalid_input("accessible sites are an OAuth notion: the client uses an API key"))
            }
        };
        let response = self.send_retrying(request, "list accessible sites")?;
        oauth::parse_accessible_resources(&response)
    }

    /// The accessible site matching `configured_host`, or the only one.
    fn accessible_site(&self, configured_host: Option<&str>) -> Result<oauth::AccessibleSite> {
        let sites = self.accessible_sites()?;
        oauth::select_site(&sites, configured_host).cloned()
    }

    /// The client's current OAuth tokens (after any refresh); none for API keys.
    pub fn current_tokens(&self) -> Option<TokenSet> {
        match &*self.credentials.borrow() {
            Credentials::OAuth(t) | Credentials::InstantOAuth(t) => Some(TokenSet {
                access_token: t.access_token.clone(),
                refresh_token: t.refresh_token.clone(),
                expires_at: t.expires_at,
                scopes: t.scopes.clone().unwrap_or_default(),
            }),
            Credentials::ApiKey { .. } => None,
        }
    }

    /// The scopes the OAuth token was granted, when the configuration (or a refresh) said.
    pub fn granted_scopes(&self) -> Option<Vec<String>> {
        match &*self.credentials.borrow() {
            Credentials::OAuth(t) | Credentials::InstantOAuth(t) => t.scopes.clone(),
            Credentials::ApiKey { .. } => None,
        }
    }

    /// Sends a request built for `site` with credentials and returns the 2xx response or the mapped error.
    /// Rate limits and transient failures are retried under the policy of `retry`. Refreshes an expiring OAuth token first, and after a 401 refreshes once (OAuth) or retries once
    /// through the gateway (an API key that is a scoped token), then retries the request once.
    pub(crate) fn execute(&self, site: &Site, request: Request, context: &str) -> Result<Response> {
        self.ensure_fresh_token(context)?;
        let response = self.send_authorized(site, request.clone(), context)?;
        if response.status != 401 {
            return crate::error::check_status(response, context);
        }
        let scope_mismatch = credentials::is_scope_mismatch(&response);
        if !scope_mismatch && self.can_refresh() {
            self.refresh(context)?;
            let retried = self.send_authorized(site, request, context)?;
            return crate::error::check_status(retried, context).map_err(|e| self.explain(e));
        }
        // A route that cannot be resolved leaves the original 401 as the answer.
        if let Some(gateway) = self.scoped_token_route(site).ok().flatten() {
            let rerouted =
                Request { url: format!("{}{}", gateway.api_base, &request.url[site.api_base.len()..]), ..request };
            let retried = self.send_authorized(&gateway, rerouted, context)?;
            if retried.status != 401 {
                // The token is a scoped one: it works only through the gateway. Remember the route.
                *self.site.borrow_mut() = Some(gateway);
            }
            return crate::error::check_status(retried, context).map_err(|e| self.explain(e));
        }
        let refused = self.explain(crate::error::error_from_response(&response, context));
        if scope_mismatch {
            return Err(refused);
        }
        Err(self.unreachable_site(site).unwrap_or(refused))
    }

    /// After an OAuth token was refused: when the token cannot reach the configured site at all, say so
    /// (`forbidden`, listing the sites it can reach) instead of a bare 401.
    fn unreachable_site(&self, site: &Site) -> Option<Error> {
        let host = site.site_host.as_deref()?;
        if !self.auth_method().needs_gateway() {
            return None;
        }
        let sites = self.accessible_sites().ok()?;
        oauth::select_site(&sites, Some(host)).err()
    }

    /// Attaches the credentials (only for the API host) and sends, retrying under the policy.
    fn send_authorized(&self, site: &Site, request: Request, context: &str) -> Result<Response> {
        let host = url::Url::parse(&request.url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        if host.as_deref() != Some(site.api_host.as_str()) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{context}: refusing to send credentials to a host other than {}", site.api_host),
            ));
        }
        let authorization = self.credentials.borrow().authorization_header();
        let request = request
            .header("Authorization", authorization.expose())
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
        self.send_retrying(request, context)
    }

    /// Sends a request that must go without credentials (a download URL another host gave in a redirect):
    /// whatever built it, any `Authorization` header is removed.
    pub(crate) fn send_without_credentials(&self, mut request: Request, context: &str) -> Result<Response> {
        request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
        let request = request.header("User-Agent", USER_AGENT);
        self.http.send(request).map_err(|e| Error::transport(context, &e))
    }

    /// The user the credentials belong to.
    pub fn get_myself(&self) -> Result<Myself> {
        let site = self.site()?;
        users::parse_get_myself(&self.execute(&site, users::get_myself_request(&site), "get myself")?)
    }

    /// One issue by key or id.
    pub fn get_issue(&self, key: &str, fields: &[String], expand: &[String]) -> Result<Issue> {
        let site = self.site()?;
        let request = issues::get_issue_request(&site, key, fields, expand)?;
        issues::parse_get_issue(&self.execute(&site, request, "get issue")?, &site)
    }

    /// Issues matching `jql`, gathered over as many pages as `limit` (default 50, at most 1000) needs.
    pub fn search(
        &self,
        jql: &str,
        fields: &[String],
        limit: Option<u32>,
        token: Option<&str>,
    ) -> Result<SearchResult> {
        // `options.projects` is ANDed into the caller's query (see `crate::guard::jql`).
        let jql = self.scoped_jql(search::validate_jql(jql)?)?;
        let jql = jql.as_ref();
        let limit = limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
        if limit == 0 || limit > MAX_SEARCH_LIMIT {
            return Err(Error::invalid_input(format!(
                "`limit` must be between 1 and {MAX_SEARCH_LIMIT}; continue with `next_page_token` for more"
            )));
        }
        let site = self.site()?;
        let first = Cursor::Token(token.map(str::to_string).filter(|t| !t.is_empty()));
        let collected = collect_pages(limit, SEARCH_PAGE_MAX, first, "search", |cursor, size| {
            let token = match cursor {
                Cursor::Token(token) => token.as_deref(),
                Cursor::Offset(_) => None,
            };
            let request = search::search_page_request(&site, jql, fields, size, token);
            search::parse_search_page(&self.execute(&site, request, "search")?, &site)
        })?;
        let next_page_token = match &collected.next {
            Some(Cursor::Token(token)) => token.clone(),
            _ => None,
        };
        Ok(SearchResult { is_last: collected.is_last(), next_page_token, issues: collected.items })
    }

    /// Creates an issue; `fields` may name fields by display name (see [`Client::resolve_fields`]).
    pub fn create_issue(&self, issue: &NewIssue) -> Result<CreatedIssue> {
        let site = self.site()?;
        // Validate everything before reading the field list.
        issues::create_issue_request(&site, issue)?;
        let issue = NewIssue { fields: self.resolve_fields(&issue.fields)?, ..issue.clone() };
        let request = issues::create_issue_request(&site, &issue)?;
        issues::parse_created_issue(&self.execute(&site, request, "create issue")?, &site)
    }

    /// Projects visible to the user, optionally filtered; gathers pages until `limit` (default 50).
    pub fn list_projects(&self, query: Option<&str>, limit: Option<u32>) -> Result<ProjectList> {
        let limit = limit.unwrap_or(50);
        if limit == 0 || limit > 1000 {
            return Err(Error::invalid_input("`limit` must be between 1 and 1000"));
        }
        let site = self.site()?;
        let collected = collect_pages(limit, PROJECT_PAGE_MAX, Cursor::Offset(0), "list projects", |cursor, size| {
            let start = match cursor {
                Cursor::Offset(start) => *start,
                Cursor::Token(_) => 0,
            };
            let request = projects::list_projects_request(&site, query, start, size);
            projects::parse_project_page(&self.execute(&site, request, "list projects")?)
        })?;
        let is_last = collected.is_last();
        let (total, projects) = match self.config.options.projects {
            None => (collected.total, collected.items),
            // Only the allowed projects; Jira's total counted the others too.
            Some(_) => (
                None,
                collected.items.into_iter().filter(|p| self.project_allowed(Some(&p.key), Some(&p.id))).collect(),
            ),
        };
        Ok(ProjectList { start_at: 0, total, is_last, projects })
    }

    /// The transitions available on an issue now.
    pub fn get_transitions(&self, key: &str) -> Result<Vec<Transition>> {
        let site = self.site()?;
        let request = transitions::get_transitions_request(&site, key)?;
        transitions::parse_transitions(&self.execute(&site, request, "get transitions")?)
    }

    /// Moves an issue through the transition named by id or name, and reads back its new status.
    pub fn transition_issue(&self, key: &str, transition: &str, comment: Option<&str>) -> Result<TransitionOutcome> {
        self.transition_issue_with_fields(key, transition, comment, &serde_json::Map::new())
    }

    /// Like [`Client::transition_issue`], also setting `fields` (the transition screen's fields, by id or by
    /// display name, see [`Client::resolve_fields`]).
    pub fn transition_issue_with_fields(
        &self,
        key: &str,
        transition: &str,
        comment: Option<&str>,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<TransitionOutcome> {
        let site = self.site()?;
        // Validate the key before reading anything.
        transitions::transition_issue_request(&site, key, "0", None, &serde_json::Map::new())?;
        let fields = self.resolve_fields(fields)?;
        let available = self.get_transitions(key)?;
        let chosen = transitions::choose_transition(&available, transition)?;
        let request = transitions::transition_issue_request(&site, key, &chosen.id, comment, &fields)?;
        self.execute(&site, request, "transition issue")?;
        let after = self.get_issue(key, &[], &[])?;
        Ok(TransitionOutcome { issue_key: after.key, transition_id: chosen.id.clone(), status: after.status })
    }

    /// Adds a comment.
    pub fn add_comment(&self, key: &str, body: &str) -> Result<Comment> {
        let site = self.site()?;
        let request = comments::add_comment_request(&site, key, body)?;
        comments::parse_comment(&self.execute(&site, request, "add comment")?)
    }
}

mod agile;
mod attachments;
mod comments_worklogs;
mod fields;
mod issue_ops;
mod links_watchers;
mod metadata;
mod raw_request;
mod user_lookup;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_oauth;
#[cfg(test)]
mod tests_retry;
