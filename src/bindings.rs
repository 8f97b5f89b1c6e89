//! The only file that names wit_bindgen: connects the core to the `connectors:jira/connector` world.
#![cfg(target_arch = "wasm32")]

wit_bindgen::generate!({ path: "wit", world: "connector" });

mod agile;
mod platform;

use exports::connectors::jira::client::{CallStats, Guest as ClientGuest, GuestClient, NewIssue as WitNewIssue};
use exports::connectors::jira::oauth::{AccessibleSite as WitAccessibleSite, Guest as OAuthGuest};
use exports::connectors::jira::tools::{Guest as ToolsGuest, ToolSpec as WitToolSpec};
use exports::connectors::jira::types as wit;

use crate::auth::Secret;
use crate::client::TokenStore;
use crate::error::{Error, ErrorKind};
use crate::http::{HttpClient, Request, Response, TransportError};
use crate::jira;
use crate::oauth::TokenSet;

/// The component's export implementations.
struct Component;

/// The host's `http` import as the core's `HttpClient`.
struct HostHttp;

impl HttpClient for HostHttp {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        use connectors::jira::http as host;
        let wire = host::Request {
            method: request.method.as_str().to_string(),
            url: request.url,
            headers: request.headers,
            body: request.body,
            timeout_ms: request.timeout_ms,
        };
        match host::send(&wire) {
            Ok(r) => Ok(Response { status: r.status, headers: r.headers, body: r.body }),
            Err(host::HttpError::Timeout) => Err(TransportError::Timeout),
            Err(host::HttpError::ConnectionFailed(d)) => Err(TransportError::ConnectionFailed(d)),
            Err(host::HttpError::InvalidUrl(d)) => Err(TransportError::InvalidUrl(d)),
            Err(host::HttpError::Denied(d)) => Err(TransportError::Denied(d)),
            Err(host::HttpError::Other(d)) => Err(TransportError::Other(d)),
        }
    }
}

fn wit_error(e: Error) -> wit::JiraError {
    wit::JiraError {
        kind: match e.kind {
            ErrorKind::InvalidConfig => wit::ErrorKind::InvalidConfig,
            ErrorKind::InvalidInput => wit::ErrorKind::InvalidInput,
            ErrorKind::Unauthorized => wit::ErrorKind::Unauthorized,
            ErrorKind::Forbidden => wit::ErrorKind::Forbidden,
            ErrorKind::NotFound => wit::ErrorKind::NotFound,
            ErrorKind::Conflict => wit::ErrorKind::Conflict,
            ErrorKind::RateLimited => wit::ErrorKind::RateLimited,
            ErrorKind::ServerError => wit::ErrorKind::ServerError,
            ErrorKind::Transport => wit::ErrorKind::Transport,
            ErrorKind::Decode => wit::ErrorKind::Decode,
            ErrorKind::CredentialsNotSaved => wit::ErrorKind::CredentialsNotSaved,
        },
        message: e.message,
        status: e.status,
        error_messages: e.error_messages,
        field_errors: e.field_errors.into_iter().map(|(field, message)| wit::FieldError { field, message }).collect(),
        retry_after_seconds: e.retry_after_seconds,
        missing_scopes: e.missing_scopes,
    }
}

fn wit_tokens(t: TokenSet) -> connectors::jira::credentials::OauthTokens {
    connectors::jira::credentials::OauthTokens {
        access_token: t.access_token.expose().to_string(),
        refresh_token: t.refresh_token.map(|r| r.expose().to_string()),
        expires_at: t.expires_at,
        scopes: t.scopes,
    }
}

/// The host's `credentials` import as the core's token store.
struct HostCredentials;

impl TokenStore for HostCredentials {
    fn save(&self, tokens: &TokenSet) -> Result<(), String> {
        connectors::jira::credentials::save(&wit_tokens(tokens.clone()))
    }
}

/// A core client wired to the host: its HTTP and its credential storage.
fn host_client(config_json: &str) -> Result<crate::Client<HostHttp>, wit::JiraError> {
    crate::Client::new(config_json, HostHttp).map(|c| c.with_token_store(HostCredentials)).map_err(wit_error)
}

fn wit_tool(t: crate::tools::ToolSpec) -> WitToolSpec {
    WitToolSpec {
        name: t.name.to_string(),
        description: t.description.to_string(),
        input_schema: t.input_schema.to_string(),
        read_only: t.read_only,
        scopes: t.scopes.iter().map(|s| s.to_string()).collect(),
        granular_scopes: t.granular_scopes.iter().map(|s| s.to_string()).collect(),
    }
}

fn user_ref(u: jira::UserRef) -> wit::UserRef {
    wit::UserRef { account_id: u.account_id, display_name: u.display_name }
}

fn wit_issue(i: jira::Issue) -> wit::Issue {
    wit::Issue {
        id: i.id,
        key: i.key,
        url: i.url,
        summary: i.summary,
        status: i.status,
        issue_type: i.issue_type,
        priority: i.priority,
        assignee: i.assignee.map(user_ref),
        reporter: i.reporter.map(user_ref),
        labels: i.labels,
        created: i.created,
        updated: i.updated,
        description: i.description,
        fields_json: i.fields.to_string(),
    }
}

/// A `new-issue` record as the core's new issue; `arg` names its `fields-json` in the error.
fn core_new_issue(fields: WitNewIssue, arg: &str) -> Result<jira::issues::NewIssue, wit::JiraError> {
    Ok(jira::issues::NewIssue {
        project_key: fields.project_key,
        summary: fields.summary,
        issue_type: fields.issue_type,
        description: fields.description,
        assignee_account_id: fields.assignee_account_id,
        labels: fields.labels,
        priority: fields.priority,
        parent_key: fields.parent_key,
        fields: json_object(fields.fields_json.as_deref(), arg)?,
    })
}

/// An optional JSON object string (`{"customfield_10016": 5}`) as a map; none is empty. `arg` names it in the
/// `invalid-input` error.
fn json_object(text: Option<&str>, arg: &str) -> Result<serde_json::Map<String, serde_json::Value>, wit::JiraError> {
    match text.map(serde_json::from_str::<serde_json::Value>) {
        None => Ok(serde_json::Map::new()),
        Some(Ok(serde_json::Value::Object(map))) => Ok(map),
        Some(_) => Err(wit_error(Error::invalid_input(format!("`{arg}` must be a JSON object")))),
    }
}

/// The `client` resource: the core client over the host's HTTP.
struct ClientResource {
    inner: crate::Client<HostHttp>,
}

impl ClientResource {
    /// The configuration's guard rails for one typed operation (see `crate::guard::check_operation`).
    fn guard(&self, what: &str, writes: bool, targets: serde_json::Value) -> Result<(), wit::JiraError> {
        crate::guard::check_operation(&self.inner, what, writes, &targets).map_err(wit_error)
    }

    /// The core client, starting a new call for `last-call`.
    fn call(&self) -> &crate::Client<HostHttp> {
        self.inner.start_call();
        &self.inner
    }
}

impl GuestClient for ClientResource {
    fn new(config_json: String) -> Result<Self, wit::JiraError> {
        host_client(&config_json).map(|inner| ClientResource { inner })
    }

    fn current_tokens(&self) -> Option<connectors::jira::credentials::OauthTokens> {
        self.inner.current_tokens().map(wit_tokens)
    }

    fn resolve(&self) -> Result<wit::ResolvedSite, wit::JiraError> {
        let site = self.call().site().map_err(wit_error)?;
        Ok(wit::ResolvedSite {
            api_base: site.api_base,
            browse_base: site.browse_base,
            auth_method: self.inner.auth_method().config_name().replace('_', "-"),
            cloud_id: site.cloud_id,
        })
    }

    fn get_myself(&self) -> Result<wit::Myself, wit::JiraError> {
        let me = self.call().get_myself().map_err(wit_error)?;
        Ok(wit::Myself {
            account_id: me.account_id,
            display_name: me.display_name,
            email: me.email,
            active: me.active,
            time_zone: me.time_zone,
            raw_json: me.raw.to_string(),
        })
    }

    fn get_issue(&self, key: String, fields: Vec<String>, expand: Vec<String>) -> Result<wit::Issue, wit::JiraError> {
        self.guard("get-issue", false, serde_json::json!({ "issue_key": key }))?;
        self.call().get_issue(&key, &fields, &expand).map(wit_issue).map_err(wit_error)
    }

    fn search(
        &self,
        jql: String,
        fields: Vec<String>,
        limit: Option<u32>,
        next_page_token: Option<String>,
    ) -> Result<wit::SearchPage, wit::JiraError> {
        let result = self.call().search(&jql, &fields, limit, next_page_token.as_deref()).map_err(wit_error)?;
        Ok(wit::SearchPage {
            issues: result.issues.into_iter().map(wit_issue).collect(),
            next_page_token: result.next_page_token,
            is_last: result.is_last,
        })
    }

    fn create_issue(&self, fields: WitNewIssue) -> Result<wit::CreatedIssue, wit::JiraError> {
        let issue = core_new_issue(fields, "fields-json")?;
        let named = serde_json::json!({
            "project_key": issue.project_key,
            "parent_key": issue.parent_key,
            "fields": issue.fields,
        });
        self.guard("create-issue", true, named)?;
        let created = self.call().create_issue(&issue).map_err(wit_error)?;
        Ok(wit::CreatedIssue { id: created.id, key: created.key, url: created.url })
    }

    fn list_projects(&self, query: Option<String>, limit: Option<u32>) -> Result<wit::ProjectPage, wit::JiraError> {
        let list = self.call().list_projects(query.as_deref(), limit).map_err(wit_error)?;
        Ok(wit::ProjectPage {
            projects: list
                .projects
                .into_iter()
                .map(|p| wit::Project {
                    id: p.id,
                    key: p.key,
                    name: p.name,
                    project_type: p.project_type,
                    raw_json: p.raw.to_string(),
                })
                .collect(),
            start_at: list.start_at,
            total: list.total,
            is_last: list.is_last,
        })
    }

    fn get_transitions(&self, key: String) -> Result<Vec<wit::Transition>, wit::JiraError> {
        self.guard("get-transitions", false, serde_json::json!({ "issue_key": key }))?;
        let list = self.call().get_transitions(&key).map_err(wit_error)?;
        Ok(list
            .into_iter()
            .map(|t| wit::Transition { id: t.id, name: t.name, to_status: t.to_status, raw_json: t.raw.to_string() })
            .collect())
    }

    fn transition_issue(
        &self,
        key: String,
        transition: String,
        comment: Option<String>,
    ) -> Result<String, wit::JiraError> {
        self.guard("transition-issue", true, serde_json::json!({ "issue_key": key }))?;
        let outcome = self.call().transition_issue(&key, &transition, comment.as_deref()).map_err(wit_error)?;
        Ok(outcome.status.unwrap_or_default())
    }

    fn add_comment(&self, key: String, body: String) -> Result<wit::Comment, wit::JiraError> {
        self.guard("add-comment", true, serde_json::json!({ "issue_key": key }))?;
        let c = self.call().add_comment(&key, &body).map_err(wit_error)?;
        Ok(wit::Comment {
            id: c.id,
            author: c.author.map(user_ref),
            body: c.body,
            created: c.created,
            raw_json: c.raw.to_string(),
        })
    }

    fn call_tool(&self, name: String, args_json: String) -> Result<String, wit::JiraError> {
        crate::tools::call_tool(self.call(), &name, &args_json).map_err(wit_error)
    }

    fn last_call(&self) -> CallStats {
        let stats = self.inner.last_call();
        CallStats {
            retries: stats.retries,
            waited_ms: stats.waited_ms,
            near_limit: stats.near_limit,
            rate_limit_remaining: stats.rate_limit_remaining,
        }
    }
}

impl ClientGuest for Component {
    type Client = ClientResource;
}

impl ToolsGuest for Component {
    fn list_tools() -> Vec<WitToolSpec> {
        crate::tools::catalog().iter().cloned().map(wit_tool).collect()
    }

    fn list_tools_granted(granted_scopes: Vec<String>) -> Vec<WitToolSpec> {
        crate::tools::tools_granted(&granted_scopes).into_iter().map(wit_tool).collect()
    }

    fn list_tools_for(config_json: String) -> Result<Vec<WitToolSpec>, wit::JiraError> {
        crate::guard::tools_for_config(&config_json)
            .map(|tools| tools.into_iter().map(wit_tool).collect())
            .map_err(wit_error)
    }

    fn call_tool(config_json: String, name: String, args_json: String) -> Result<String, wit::JiraError> {
        // The configuration is checked first, as for the typed client, so a broken one is always reported.
        let client = host_client(&config_json)?;
        crate::tools::call_tool(&client, &name, &args_json).map_err(wit_error)
    }
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Sends under the client's retry policy with the default bounds: a 429 is waited out, and a token POST
/// (codes are single-use, refresh tokens rotate) is never sent again after a 5xx or a timeout.
fn send(request: crate::http::Request, context: &str) -> Result<crate::http::Response, wit::JiraError> {
    use crate::retry::{default_sleeper, CallStats, Jitter, Policy, Retrier};
    let (sleep, jitter) = (default_sleeper(), Jitter::from_clock());
    let policy = Policy::from_options(&crate::config::Options::default());
    let retrier = Retrier { policy, sleep: &*sleep, now: &now, jitter: &jitter };
    retrier.send(request, context, &mut CallStats::default(), |r| HostHttp.send(r)).map_err(wit_error)
}

impl OAuthGuest for Component {
    fn authorization_url(
        client_id: String,
        redirect_uri: String,
        scopes: Vec<String>,
        state: String,
        offline_access: bool,
    ) -> Result<String, wit::JiraError> {
        crate::oauth::authorization_url(&client_id, &redirect_uri, &scopes, &state, offline_access).map_err(wit_error)
    }

    fn exchange_code(
        client_id: String,
        client_secret: String,
        redirect_uri: String,
        code: String,
    ) -> Result<connectors::jira::credentials::OauthTokens, wit::JiraError> {
        const CONTEXT: &str = "exchange authorization code";
        let request =
            crate::oauth::exchange_code_request(&client_id, &Secret::new(client_secret), &redirect_uri, &code)
                .map_err(wit_error)?;
        let response = send(request, CONTEXT)?;
        crate::oauth::parse_token_response(&response, CONTEXT, now(), None).map(wit_tokens).map_err(wit_error)
    }

    fn refresh(
        client_id: String,
        client_secret: String,
        refresh_token: String,
    ) -> Result<connectors::jira::credentials::OauthTokens, wit::JiraError> {
        const CONTEXT: &str = "refresh OAuth token";
        let previous = Secret::new(refresh_token);
        let request = crate::oauth::refresh_request(&client_id, &Secret::new(client_secret), &previous);
        let response = send(request, CONTEXT)?;
        crate::oauth::parse_token_response(&response, CONTEXT, now(), Some(&previous))
            .map(wit_tokens)
            .map_err(wit_error)
    }

    fn accessible_resources(access_token: String) -> Result<Vec<WitAccessibleSite>, wit::JiraError> {
        let request = crate::oauth::accessible_resources_request(&Secret::new(access_token));
        let response = send(request, "list accessible sites")?;
        let sites = crate::oauth::parse_accessible_resources(&response).map_err(wit_error)?;
        Ok(sites
            .into_iter()
            .map(|s| WitAccessibleSite { cloud_id: s.cloud_id, url: s.url, name: s.name, scopes: s.scopes })
            .collect())
    }
}

export!(Component);
