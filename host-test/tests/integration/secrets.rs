//! Secret confinement: for every auth method (API key, OAuth with refresh and rotation, Instant OAuth, scoped
//! API token), a broad set of scenarios — successful calls, every error kind the fake can produce, the demo,
//! the CLI's `call`, `resolve` and `oauth` commands with their logs and the guest's stderr — and not one
//! token, API key, refresh token, authorization code or client secret in any output, error or log line.
//! Also: the Authorization header never reaches a host other than the method's API host.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use crate::common::cli::{jira_host_routed, run};
use crate::common::Env;
use base64::Engine as _;
use jira_host::bindings::JiraError;
use jira_host::fake::{self, FakeJira, Fault};
use jira_host::json::{error_json, error_line};
use jira_host::runtime::MemoryCredentialStore;
use jira_host::HttpPolicy;
use serde_json::{json, Value};

const FULL: [&str; 4] = ["read:jira-user", "read:jira-work", "write:jira-work", "offline_access"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    ApiKey,
    OAuthRotating,
    InstantOAuth,
    ScopedToken,
}

const ALL: [Method; 4] = [Method::ApiKey, Method::OAuthRotating, Method::InstantOAuth, Method::ScopedToken];

/// Everything printed, returned or logged, to be searched for secrets at the end.
#[derive(Default)]
struct Transcript(Vec<String>);

impl Transcript {
    fn result(&mut self, label: &str, result: &anyhow::Result<Result<String, JiraError>>) {
        let text = match result {
            Ok(Ok(json)) => json.clone(),
            Ok(Err(error)) => format!("{} {} {error:?}", error_line(error), error_json(error)),
            Err(trap) => format!("{trap:#} {trap:?}"),
        };
        self.0.push(format!("[{label}] {text}"));
    }

    fn output(&mut self, label: &str, output: &Output) {
        let (out, err) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        self.0.push(format!("[{label}] {out}\n{err}"));
    }

    /// Fails on the first secret found, naming the scenario (never printing the secret's neighbourhood).
    /// Besides the listed secrets, anything shaped like a token a fake mints (`fake-at-7-0123456789abcdef`)
    /// counts, which covers the demo's own fake.
    fn assert_clean(&self, secrets: &BTreeSet<String>) {
        assert!(secrets.len() >= 6, "the secret list is built: {}", secrets.len());
        for entry in &self.0 {
            let label = entry.split(']').next().unwrap_or_default();
            for secret in secrets {
                assert!(!entry.contains(secret.as_str()), "a secret leaked in {label}]");
            }
            assert!(!has_minted_shape(entry), "a minted token leaked in {label}]");
        }
    }
}

/// Whether `text` holds `fake-{ac|at|rt}-{digits}-{16 hex digits}`.
fn has_minted_shape(text: &str) -> bool {
    text.match_indices("fake-").any(|(at, _)| {
        let rest = &text[at + 5..];
        let Some(rest) = ["ac-", "at-", "rt-"].iter().find_map(|kind| rest.strip_prefix(kind)) else {
            return false;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(hex) = rest.get(digits..).and_then(|r| r.strip_prefix('-')) else {
            return false;
        };
        digits > 0 && hex.bytes().take_while(u8::is_ascii_hexdigit).count() >= 16
    })
}

#[test]
fn the_minted_shape_is_recognised() {
    assert!(has_minted_shape("x fake-rt-12-0123456789abcdef y"));
    assert!(!has_minted_shape("fake-oauth-access-token-0001 fake-at-x fake-at-1-abc"));
}

/// The constant secrets, the Basic header values made from them, and whatever the fakes minted.
fn secrets(fakes: &[&FakeJira]) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = [
        fake::FAKE_API_TOKEN,
        fake::FAKE_OAUTH_TOKEN,
        fake::FAKE_INSTANT_OAUTH_TOKEN,
        fake::FAKE_SCOPED_API_TOKEN,
        fake::FAKE_CLIENT_SECRET,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for token in [fake::FAKE_API_TOKEN, fake::FAKE_SCOPED_API_TOKEN] {
        let raw = format!("{}:{token}", fake::FAKE_EMAIL);
        all.insert(base64::engine::general_purpose::STANDARD.encode(raw));
    }
    for fake in fakes {
        all.extend(fake.minted_secrets());
    }
    all
}

/// The configuration of a method, without retries so that every fault shows; OAuth is expired on purpose so
/// that every call refreshes (and rotates) first.
fn config(method: Method, env: &Env, store: &MemoryCredentialStore) -> Value {
    let key = |token: &str| json!({"method": "api_key", "api_key": format!("{}:{token}", fake::FAKE_EMAIL)});
    let auth = match method {
        Method::ApiKey => key(fake::FAKE_API_TOKEN),
        Method::ScopedToken => key(fake::FAKE_SCOPED_API_TOKEN),
        Method::InstantOAuth => json!({"method": "instant_oauth", "access_token": fake::FAKE_INSTANT_OAUTH_TOKEN}),
        Method::OAuthRotating => {
            let (access, refresh) = match store.saved().last() {
                Some(saved) => (saved.access_token.clone(), saved.refresh_token.clone().unwrap_or_default()),
                None => env.fake.issue_tokens(&FULL, &[]),
            };
            env.fake.expire_access_tokens();
            json!({"method": "oauth", "access_token": access, "refresh_token": refresh, "expires_at": 1,
                   "client_id": fake::FAKE_CLIENT_ID, "client_secret": fake::FAKE_CLIENT_SECRET})
        }
    };
    json!({"site": fake::FAKE_SITE_HOST, "auth": auth, "options": {"max_retries": 0}})
}

/// The hosts allowed to see the Authorization header for a method.
fn api_hosts(method: Method) -> BTreeSet<String> {
    let hosts: &[&str] = match method {
        // A refused classic key is retried once through the gateway, in case it is a scoped token.
        Method::ApiKey => &[fake::FAKE_SITE_HOST, fake::FAKE_GATEWAY_HOST],
        Method::OAuthRotating | Method::InstantOAuth => &[fake::FAKE_GATEWAY_HOST],
        // A scoped token is tried on the site, then settles on the gateway.
        Method::ScopedToken => &[fake::FAKE_SITE_HOST, fake::FAKE_GATEWAY_HOST],
    };
    hosts.iter().map(|h| (*h).to_owned()).collect()
}

/// (tool, arguments, fault queued first)
fn scenarios() -> Vec<(&'static str, Value, Option<Fault>)> {
    let issue = json!({"issue_key": "ACME-1"});
    let mut all = vec![
        ("jira_get_myself", json!({}), None),
        ("jira_get_issue", issue.clone(), None),
        ("jira_search", json!({"jql": "project = ACME", "limit": 2}), None),
        ("jira_create_issue", json!({"project_key": "ACME", "summary": "secret test", "issue_type": "Task"}), None),
        ("jira_add_comment", json!({"issue_key": "ACME-1", "body": "hello"}), None),
        ("jira_get_issue", json!({"issue_key": "ACME-999"}), None),
        ("jira_get_issue", json!({"issue_key": 5}), None),
        ("jira_no_such_tool", json!({}), None),
        ("jira_get_issue", issue.clone(), Some(Fault::malformed_json("/issue/ACME-1"))),
        ("jira_get_issue", issue.clone(), Some(Fault::slow("/issue/ACME-1", 3_000))),
        ("jira_get_issue", issue.clone(), Some(Fault::truncated("/issue/ACME-1"))),
        ("jira_get_issue", issue.clone(), Some(Fault::connection_reset("/issue/ACME-1"))),
        ("jira_get_issue", issue.clone(), Some(Fault::rate_limit_burst("/issue/ACME-1", 1, 1))),
        ("jira_get_issue", issue.clone(), Some(Fault::unavailable_html("/issue/ACME-1"))),
    ];
    for status in [401, 403, 404, 409, 500] {
        all.push(("jira_get_issue", issue.clone(), Some(Fault::jira_error("/issue/ACME-1", status, "injected"))));
    }
    all
}

#[test]
fn no_secret_leaves_the_library_and_credentials_reach_only_the_api_host() {
    let mut transcript = Transcript::default();
    let mut fakes = Vec::new();
    for method in ALL {
        let env = Env::with_policy(|policy| policy.with_timeout(Duration::from_millis(500)));
        let store = Arc::new(MemoryCredentialStore::default());
        let runtime = env.runtime.with_credential_store(store.clone());
        for (tool, args, fault) in scenarios() {
            if let Some(fault) = fault {
                env.fake.inject(fault);
            }
            let config = config(method, &env, &store).to_string();
            let result = runtime.call_tool(&config, tool, &args.to_string());
            transcript.result(&format!("{method:?} {tool}"), &result);
            let config = self::config(method, &env, &store).to_string();
            let resolved = runtime.resolve(&config).map(|r| r.map(|site| format!("{site:?}")));
            transcript.result(&format!("{method:?} resolve"), &resolved);
        }
        // A wrong secret, an invalid configuration holding a real one, and a host the policy refuses.
        let wrong = json!({"site": "acme", "auth": {"method": "oauth", "access_token": fake::FAKE_OAUTH_TOKEN},
                           "colour": "blue"});
        transcript.result("invalid config", &runtime.call_tool(&wrong.to_string(), "jira_get_myself", "{}"));
        let denied = runtime.with_policy(HttpPolicy::default().without_allowed_hosts());
        let config = config(method, &env, &store).to_string();
        transcript.result("denied", &denied.call_tool(&config, "jira_get_myself", "{}"));
        transcript.0.extend(store.saved().iter().map(|t| format!("[saved scopes] {:?}", t.scopes)));
        if method == Method::OAuthRotating {
            assert!(env.fake.refresh_count() >= 10, "the tokens rotated on every call");
        }
        let given = env.fake.hosts_given_authorization();
        assert!(given.is_subset(&api_hosts(method)), "{method:?}: Authorization sent to {given:?}");
        assert!(!given.is_empty(), "{method:?}: credentials were used");
        fakes.push(env);
    }
    let all: Vec<&FakeJira> = fakes.iter().map(|env| &env.fake).collect();
    transcript.assert_clean(&secrets(&all));
}

fn jira_host(fake: &FakeJira, dir: &Path) -> Command {
    let mut command = jira_host_routed(fake);
    command.current_dir(dir).arg("--verbose");
    command
}

#[test]
fn no_secret_in_the_cli_outputs_logs_or_demo() {
    let fake = FakeJira::start(0).expect("fake");
    let dir = std::env::temp_dir().join(format!("jira-host-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut transcript = Transcript::default();
    let output = run(Command::new(env!("CARGO_BIN_EXE_jira-host")).arg("demo").current_dir(&dir));
    assert!(output.status.success(), "the demo passes");
    transcript.output("demo", &output);

    for token in [fake::FAKE_API_TOKEN, fake::FAKE_SCOPED_API_TOKEN, "wrong-token"] {
        let key = format!("{}:{token}", fake::FAKE_EMAIL);
        for (tool, args) in [("jira_get_myself", "{}"), ("jira_get_issue", r#"{"issue_key":"ACME-999"}"#)] {
            let output = run(jira_host(&fake, &dir).args(["--site", "acme", "--api-key", &key, "call", tool, args]));
            transcript.output(&format!("call {tool}"), &output);
        }
        transcript
            .output("resolve", &run(jira_host(&fake, &dir).args(["--site", "acme", "--api-key", &key, "resolve"])));
    }
    for (flag, token) in [
        ("--oauth-access-token", fake::FAKE_OAUTH_TOKEN),
        ("--instant-oauth-access-token", fake::FAKE_INSTANT_OAUTH_TOKEN),
    ] {
        let base = ["--site", "acme", flag, token];
        transcript.output("oauth call", &run(jira_host(&fake, &dir).args(base).args(["call", "jira_get_myself"])));
        transcript.output("oauth resolve", &run(jira_host(&fake, &dir).args(base).arg("resolve")));
    }

    let config = dir.join("jira.json");
    let code = fake.issue_auth_code(&FULL, &[]);
    let app = ["--client-id", fake::FAKE_CLIENT_ID, "--client-secret", fake::FAKE_CLIENT_SECRET];
    let redirect = ["--redirect-uri", fake::FAKE_REDIRECT_URI];
    let exchange = run(jira_host(&fake, &dir)
        .arg("--config")
        .arg(&config)
        .args(["--site", "acme", "oauth", "exchange"])
        .args(app)
        .args(redirect)
        .args(["--code", &code]));
    assert!(exchange.status.success(), "the exchange works");
    transcript.output("oauth exchange", &exchange);
    for _ in 0..3 {
        fake.expire_access_tokens();
        let with_config = |args: &[&str]| run(jira_host(&fake, &dir).arg("--config").arg(&config).args(args));
        transcript.output("call after expiry", &with_config(&["call", "jira_get_myself"]));
        transcript.output("oauth refresh", &with_config(&["oauth", "refresh"]));
        transcript.output("oauth sites", &with_config(&["oauth", "sites"]));
        transcript.output("resolve", &with_config(&["resolve"]));
    }
    // Replaying the used code (after the rotations: a replay may revoke what the code granted).
    let replay = run(jira_host(&fake, &dir)
        .arg("--config")
        .arg(dir.join("other.json"))
        .args(["oauth", "exchange"])
        .args(app)
        .args(redirect)
        .args(["--code", &code]));
    transcript.output("oauth exchange replayed", &replay);
    assert!(
        fake.refresh_count() >= 6,
        "the CLI rotated the tokens: {} refreshes\n{}",
        fake.refresh_count(),
        transcript
            .0
            .iter()
            .rev()
            .take(12)
            .map(|l| l.chars().take(300).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let given = fake.hosts_given_authorization();
    let api: BTreeSet<String> =
        [fake::FAKE_SITE_HOST, fake::FAKE_GATEWAY_HOST].iter().map(|h| (*h).to_owned()).collect();
    assert!(given.is_subset(&api), "Authorization sent to {given:?}");
    transcript.assert_clean(&secrets(&[&fake]));
    let _ = std::fs::remove_dir_all(&dir);
}
