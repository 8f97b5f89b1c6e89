//! `jira-host demo`: every tool with every auth method, through the real component and real HTTP, against
//! the built-in fake Jira (routed in place of `acme.atlassian.net` and `api.atlassian.com`).
//!
//! Each step prints one line; a step whose outcome differs from what the fake must produce is a failure, and
//! the demo passes only when every step passed.

mod agile;
mod oauth;
mod steps;

use std::io::Write;

use serde_json::{json, Value};

use crate::bindings::{ErrorKind, JiraError};
use crate::fake::{self, FakeJira};
use crate::json::{error_kind_name, error_line};
use crate::net::{HttpPolicy, Route};
use crate::runtime::{Client, Runtime};

/// One of the product's auth methods, as the demo configures it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// `email:api-token`, Basic, straight to the site.
    ApiKey,
    /// Own-app OAuth: Bearer through the gateway.
    OAuth,
    /// The platform's instant OAuth: Bearer through the gateway.
    InstantOAuth,
}

impl AuthMethod {
    /// Every method, in demo order.
    pub const ALL: [AuthMethod; 3] = [AuthMethod::ApiKey, AuthMethod::OAuth, AuthMethod::InstantOAuth];

    /// The config's `auth.method` value (`api_key`, `oauth`, `instant_oauth`).
    pub fn name(self) -> &'static str {
        match self {
            AuthMethod::ApiKey => "api_key",
            AuthMethod::OAuth => "oauth",
            AuthMethod::InstantOAuth => "instant_oauth",
        }
    }

    /// The configuration document for the fake site, with the fake's valid credentials.
    pub fn fake_config(self) -> Value {
        self.config_with_secret(match self {
            AuthMethod::ApiKey => fake::FAKE_API_TOKEN,
            AuthMethod::OAuth => fake::FAKE_OAUTH_TOKEN,
            AuthMethod::InstantOAuth => fake::FAKE_INSTANT_OAUTH_TOKEN,
        })
    }

    /// The configuration document for the fake site with `secret` as the API token or access token.
    pub fn config_with_secret(self, secret: &str) -> Value {
        let auth = match self {
            AuthMethod::ApiKey => {
                json!({"method": "api_key", "api_key": format!("{}:{secret}", fake::FAKE_EMAIL)})
            }
            _ => json!({"method": self.name(), "access_token": secret}),
        };
        json!({"site": fake::FAKE_SITE_HOST, "auth": auth})
    }

    /// The `api_base` the component must resolve for the fake site.
    pub fn expected_api_base(self) -> String {
        match self {
            AuthMethod::ApiKey => format!("https://{}", fake::FAKE_SITE_HOST),
            _ => format!("https://{}/ex/jira/{}", fake::FAKE_GATEWAY_HOST, fake::FAKE_CLOUD_ID),
        }
    }
}

/// The policy that sends the Atlassian hosts (site, gateway, auth server, media host) to the fake (and allows
/// nothing else).
pub fn fake_policy(fake: &FakeJira) -> anyhow::Result<HttpPolicy> {
    let mut policy = HttpPolicy::default().without_allowed_hosts();
    for host in [
        fake::FAKE_SITE_HOST,
        fake::FAKE_GATEWAY_HOST,
        fake::FAKE_AUTH_HOST,
        fake::FAKE_SECOND_SITE_HOST,
        fake::FAKE_MEDIA_HOST,
    ] {
        policy = policy.with_route(Route::new(host, &fake.url())?);
    }
    Ok(policy)
}

/// Runs the demo, printing to `out`. Ok(true) when every step behaved as expected; Err when the host failed
/// (the fake did not start, the component trapped).
pub fn run(runtime: &Runtime, out: &mut dyn Write) -> anyhow::Result<bool> {
    let fake = FakeJira::start(0)?;
    let runtime = runtime.with_policy(fake_policy(&fake)?);
    writeln!(
        out,
        "fake Jira listening on {} (routing {}, {} and {})",
        fake.url(),
        fake::FAKE_SITE_HOST,
        fake::FAKE_GATEWAY_HOST,
        fake::FAKE_AUTH_HOST
    )?;
    let mut demo = Demo { out, fake: &fake, passed: 0, failed: 0 };
    for method in AuthMethod::ALL {
        writeln!(demo.out)?;
        steps::walk_through(&mut demo, &runtime, method)?;
    }
    for method in AuthMethod::ALL {
        writeln!(demo.out)?;
        agile::sprint_cycle(&mut demo, &runtime, method)?;
    }
    writeln!(demo.out)?;
    oauth::lifecycle(&mut demo, &runtime)?;
    writeln!(demo.out)?;
    steps::error_cases(&mut demo, &runtime)?;
    writeln!(demo.out)?;
    if demo.failed == 0 {
        writeln!(demo.out, "demo passed: {} steps", demo.passed)?;
    } else {
        writeln!(
            demo.out,
            "demo FAILED: {} of {} steps did not behave as expected",
            demo.failed,
            demo.failed + demo.passed
        )?;
    }
    Ok(demo.failed == 0)
}

/// The demo's running tally and output.
struct Demo<'a> {
    out: &'a mut dyn Write,
    fake: &'a FakeJira,
    passed: usize,
    failed: usize,
}

impl Demo<'_> {
    /// Records a step: `Ok(summary)` passed, `Err(problem)` failed.
    fn record(&mut self, method: AuthMethod, what: &str, outcome: Result<String, String>) -> anyhow::Result<()> {
        match outcome {
            Ok(summary) => {
                self.passed += 1;
                writeln!(self.out, "[{}] {what} -> {summary}", method.name())?;
            }
            Err(problem) => {
                self.failed += 1;
                writeln!(self.out, "[{}] {what} FAILED: {problem}", method.name())?;
            }
        }
        Ok(())
    }

    /// Calls a tool that must succeed; `check` turns the result into a summary or a problem. Returns the
    /// result when the call succeeded.
    fn expect_ok(
        &mut self,
        method: AuthMethod,
        client: &mut Client<'_>,
        what: &str,
        (tool, args): (&str, Value),
        check: impl FnOnce(&Value) -> Result<String, String>,
    ) -> anyhow::Result<Option<Value>> {
        let (outcome, value) = match call(client, tool, &args)? {
            Ok(value) => (check(&value), Some(value)),
            Err(error) => (Err(format!("expected success, got {}", error_line(&error))), None),
        };
        self.record(method, what, outcome)?;
        Ok(value)
    }

    /// Calls a tool that must fail with `kind` (and `status`, when given).
    fn expect_error(
        &mut self,
        method: AuthMethod,
        client: &mut Client<'_>,
        what: &str,
        (tool, args): (&str, Value),
        kind: ErrorKind,
        status: Option<u16>,
    ) -> anyhow::Result<Option<JiraError>> {
        let (outcome, error) = match call(client, tool, &args)? {
            Ok(value) => (Err(format!("expected {}, got success: {value}", error_kind_name(kind))), None),
            Err(error) if error.kind == kind && (status.is_none() || error.status == status) => {
                (Ok(error_line(&error)), Some(error))
            }
            Err(error) => (
                Err(format!(
                    "expected {}{}, got {}",
                    error_kind_name(kind),
                    status.map(|s| format!(" ({s})")).unwrap_or_default(),
                    error_line(&error)
                )),
                None,
            ),
        };
        self.record(method, what, outcome)?;
        Ok(error)
    }
}

/// Calls a tool on a client and parses its JSON result.
fn call(client: &mut Client<'_>, tool: &str, args: &Value) -> anyhow::Result<Result<Value, JiraError>> {
    Ok(match client.call_tool(tool, &args.to_string())? {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(value) => Ok(value),
            Err(e) => Err(JiraError {
                kind: ErrorKind::Decode,
                message: format!("the component returned invalid JSON for {tool}: {e}"),
                status: None,
                error_messages: Vec::new(),
                field_errors: Vec::new(),
                retry_after_seconds: None,
                missing_scopes: Vec::new(),
            }),
        },
        Err(error) => Err(error),
    })
}

/// A string field of a JSON value, or a problem naming it.
fn text<'v>(value: &'v Value, pointer: &str) -> Result<&'v str, String> {
    value.pointer(pointer).and_then(Value::as_str).ok_or_else(|| format!("no string at {pointer} in {value}"))
}
