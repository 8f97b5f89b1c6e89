//! Shared setup for the integration tests: the component compiled once for the test binary, a fresh fake Jira per
//! test with both Atlassian hosts routed to it, and helpers to call tools and inspect the fake's traffic.

#![allow(dead_code, unused_imports)] // Not every module uses every helper.

use std::sync::OnceLock;

use jira_host::bindings::platform_issues::IssueChanges;
use jira_host::bindings::{ErrorKind, JiraError, NewIssue};
use jira_host::demo::{fake_policy, AuthMethod};
use jira_host::fake::{self, FakeJira, RecordedRequest};
use jira_host::json::error_line;
use jira_host::{HttpPolicy, Runtime};
use serde_json::{json, Value};

pub mod cli;

pub use jira_host::demo::AuthMethod::{ApiKey, InstantOAuth, OAuth};

/// Every auth method, for tests that loop over them.
pub const METHODS: [AuthMethod; 3] = AuthMethod::ALL;

/// The component, compiled once for the whole test binary (with a policy that reaches nothing).
pub fn compiled() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        Runtime::bundled(HttpPolicy::default().without_allowed_hosts()).expect("the bundled component compiles")
    })
}

/// A fake Jira and a runtime whose routes lead to it.
pub struct Env {
    pub fake: FakeJira,
    pub runtime: Runtime,
}

impl Env {
    /// A fresh fake (its own port and state) and the compiled component routed to it.
    pub fn new() -> Env {
        Env::with_policy(|policy| policy)
    }

    /// Like [`Env::new`], with the routed policy adjusted by `adjust`.
    pub fn with_policy(adjust: impl FnOnce(HttpPolicy) -> HttpPolicy) -> Env {
        let fake = FakeJira::start(0).expect("the fake Jira starts");
        let policy = adjust(fake_policy(&fake).expect("routes to the fake"));
        let runtime = compiled().with_policy(policy);
        Env { fake, runtime }
    }

    /// Calls a tool with the fake's valid credentials for `method` in a fresh session.
    pub fn call(&self, method: AuthMethod, tool: &str, args: Value) -> Result<Value, JiraError> {
        self.call_with_config(&method.fake_config(), tool, args)
    }

    /// Calls a tool with any configuration document; a trap fails the test.
    pub fn call_with_config(&self, config: &Value, tool: &str, args: Value) -> Result<Value, JiraError> {
        let result = self
            .runtime
            .call_tool(&config.to_string(), tool, &args.to_string())
            .unwrap_or_else(|trap| panic!("{tool} trapped: {trap:#}"));
        result.map(|json| {
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{tool} returned invalid JSON ({e}): {json}"))
        })
    }

    /// Calls a tool that must succeed.
    pub fn ok(&self, method: AuthMethod, tool: &str, args: Value) -> Value {
        self.call(method, tool, args)
            .unwrap_or_else(|e| panic!("[{}] {tool} failed: {}", method.name(), error_line(&e)))
    }

    /// Calls a tool that must fail with `kind`.
    pub fn err(&self, method: AuthMethod, tool: &str, args: Value, kind: ErrorKind) -> JiraError {
        match self.call(method, tool, args) {
            Ok(value) => panic!("[{}] {tool} should fail with {kind:?}, got {value}", method.name()),
            Err(error) => {
                assert_eq!(error.kind, kind, "[{}] {tool}: {}", method.name(), error_line(&error));
                error
            }
        }
    }

    /// The requests the fake received, without the cloud-id lookups.
    pub fn api_requests(&self) -> Vec<RecordedRequest> {
        self.fake.requests().into_iter().filter(|r| !is_tenant_info(r)).collect()
    }

    /// The cloud-id lookups the fake received.
    pub fn tenant_info_requests(&self) -> Vec<RecordedRequest> {
        self.fake.requests().into_iter().filter(is_tenant_info).collect()
    }
}

fn is_tenant_info(request: &RecordedRequest) -> bool {
    request.path == "/_edge/tenant_info"
}

/// The path prefix of REST calls for an auth method (`/rest/` on the site, `/ex/jira/<cloud id>/rest/` on the
/// gateway).
pub fn rest_prefix(method: AuthMethod) -> String {
    match method {
        AuthMethod::ApiKey => "/rest/".to_owned(),
        _ => format!("/ex/jira/{}/rest/", fake::FAKE_CLOUD_ID),
    }
}

/// The REST path of `path` (`api/3/myself`) for an auth method.
pub fn rest_path(method: AuthMethod, path: &str) -> String {
    format!("{}{path}", rest_prefix(method))
}

/// Asserts that every API request went to the right host, under the right prefix, with the right credentials,
/// and that the cloud id was looked up `lookups` times, on the site, without credentials.
pub fn assert_routed(env: &Env, method: AuthMethod, lookups: usize) {
    let api = env.api_requests();
    assert!(!api.is_empty(), "[{}] no API request reached the fake", method.name());
    let (host, expected_auth) = match method {
        AuthMethod::ApiKey => (fake::FAKE_SITE_HOST, basic_auth()),
        AuthMethod::OAuth => (fake::FAKE_GATEWAY_HOST, format!("Bearer {}", fake::FAKE_OAUTH_TOKEN)),
        AuthMethod::InstantOAuth => (fake::FAKE_GATEWAY_HOST, format!("Bearer {}", fake::FAKE_INSTANT_OAUTH_TOKEN)),
    };
    for request in &api {
        assert_eq!(request.host, host, "[{}] {} {}", method.name(), request.method, request.path);
        assert!(
            request.path.starts_with(&rest_prefix(method)),
            "[{}] {} {} should start with {}",
            method.name(),
            request.method,
            request.path,
            rest_prefix(method)
        );
        assert_eq!(
            request.header("authorization"),
            Some(expected_auth.as_str()),
            "[{}] {} {}",
            method.name(),
            request.method,
            request.path
        );
    }
    let tenant_info = env.tenant_info_requests();
    assert_eq!(tenant_info.len(), lookups, "[{}] tenant_info lookups", method.name());
    for request in tenant_info {
        assert_eq!(request.method, "GET");
        assert_eq!(request.host, fake::FAKE_SITE_HOST);
        assert_eq!(request.header("authorization"), None, "tenant_info must go without credentials");
    }
}

/// The `Authorization` header the fake's API key produces.
pub fn basic_auth() -> String {
    use base64::Engine as _;
    let raw = format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_API_TOKEN);
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw))
}

/// How many cloud-id lookups one client makes for an auth method.
pub fn lookups(method: AuthMethod) -> usize {
    usize::from(method != AuthMethod::ApiKey)
}

/// The decoded query parameters of a recorded request.
pub fn query_params(request: &RecordedRequest) -> Vec<(String, String)> {
    request
        .query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode =
                |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            (decode(key), decode(value))
        })
        .collect()
}

/// A recorded request's body as JSON.
pub fn body_json(request: &RecordedRequest) -> Value {
    serde_json::from_slice(&request.body)
        .unwrap_or_else(|e| panic!("{} {} body is not JSON: {e}", request.method, request.path))
}

/// Asserts that an error kind matches, naming the error on failure.
pub fn assert_kind(error: &JiraError, kind: ErrorKind) {
    assert_eq!(error.kind, kind, "{}", error_line(error));
}

/// Creates an ACME task through the `jira_create_issue` tool (API key) and returns its key.
pub fn create_task(env: &Env, summary: &str) -> String {
    let created =
        env.ok(ApiKey, "jira_create_issue", json!({"project_key": "ACME", "summary": summary, "issue_type": "Task"}));
    created["key"].as_str().expect("the created issue has a key").to_owned()
}

/// A typed ACME task with nothing but a summary.
pub fn task(summary: &str) -> NewIssue {
    NewIssue {
        project_key: "ACME".into(),
        summary: summary.into(),
        issue_type: "Task".into(),
        description: None,
        assignee_account_id: None,
        labels: Vec::new(),
        priority: None,
        parent_key: None,
        fields_json: None,
    }
}

/// Typed issue changes that change nothing (a base for `..no_changes()`).
pub fn no_changes() -> IssueChanges {
    IssueChanges {
        summary: None,
        description: None,
        labels: None,
        priority: None,
        assignee_account_id: None,
        fields_json: None,
        notify_users: None,
    }
}
