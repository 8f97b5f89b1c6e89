//! The `jira-host` command: parses the command line, loads the component and runs one command.

mod args;
mod oauth;

use std::io::{Read, Write};

use serde_json::Value;

use crate::fake::{self, FakeJira};
use crate::json::{error_json, resolved_json, tool_json};
use crate::net::HttpPolicy;
use crate::runtime::{CredentialStore, FileCredentialStore, Runtime};
use std::sync::Arc;

pub use args::{parse_args, Command, OAuthAction, OAuthArgs, Options, UsageError, USAGE};

/// Exit status: the command succeeded.
pub const EXIT_OK: i32 = 0;
/// Exit status: Jira or the connector answered with an error (printed as JSON on stdout), or a demo step failed.
pub const EXIT_JIRA_ERROR: i32 = 1;
/// Exit status: the command line or the configuration is wrong.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: the host itself failed (the component could not be loaded, or it trapped).
pub const EXIT_HOST: i32 = 3;

/// A failure that ends the command with an exit status and a message on stderr.
struct Failure {
    status: i32,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Self { status: EXIT_USAGE, message: message.into() }
    }

    fn host(error: anyhow::Error) -> Self {
        Self { status: EXIT_HOST, message: format!("{error:#}") }
    }
}

/// Runs `jira-host` with the arguments after the program name and returns the exit status.
pub fn run(args: impl IntoIterator<Item = String>) -> i32 {
    let env_config = std::env::var("JIRA_CONFIG").ok();
    let options = match parse_args(args, env_config) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("jira-host: {error}\n\n{USAGE}");
            return EXIT_USAGE;
        }
    };
    match execute(&options) {
        Ok(status) => status,
        Err(failure) => {
            eprintln!("jira-host: {}", failure.message);
            failure.status
        }
    }
}

fn execute(options: &Options) -> Result<i32, Failure> {
    match &options.command {
        Command::Help => {
            print!("{USAGE}");
            Ok(EXIT_OK)
        }
        Command::Tools => {
            let tools = runtime(options)?.list_tools().map_err(Failure::host)?;
            let tools: Vec<Value> = tools.iter().map(tool_json).collect();
            print_json(&Value::Array(tools));
            Ok(EXIT_OK)
        }
        Command::Call { tool, args } => {
            let args = call_args(args)?;
            let config = options.config.document().map_err(|e| Failure::usage(e.0))?;
            let mut session = runtime(options)?.session().map_err(Failure::host)?;
            let result = match session.client(&config).map_err(Failure::host)? {
                Ok(mut client) => {
                    let result = client.call_tool(tool, &args).map_err(Failure::host)?;
                    report_rate_limits(&client.last_call().map_err(Failure::host)?);
                    result
                }
                Err(error) => Err(error),
            };
            Ok(match result {
                Ok(json) => {
                    match serde_json::from_str::<Value>(&json) {
                        Ok(value) => print_json(&value),
                        Err(_) => println!("{json}"),
                    }
                    EXIT_OK
                }
                Err(error) => {
                    print_json(&error_json(&error));
                    EXIT_JIRA_ERROR
                }
            })
        }
        Command::Resolve => {
            let config = options.config.document().map_err(|e| Failure::usage(e.0))?;
            let mut session = runtime(options)?.session().map_err(Failure::host)?;
            let mut client = match session.client(&config).map_err(Failure::host)? {
                Ok(client) => client,
                Err(error) => {
                    print_json(&error_json(&error));
                    return Ok(EXIT_JIRA_ERROR);
                }
            };
            let first = client.resolve().map_err(Failure::host)?;
            // An API key may be a scoped token that works only through the gateway: one authenticated call
            // settles the route, which `resolve` then reports.
            let check = match &first {
                Ok(site) if site.auth_method == "api-key" => Some(client.get_myself().map_err(Failure::host)?),
                _ => None,
            };
            let resolved = if check.is_some() { client.resolve().map_err(Failure::host)? } else { first };
            match resolved {
                Ok(site) => {
                    let mut shown = resolved_json(&site);
                    if let Some(check) = check {
                        shown["route_check"] = match check {
                            Ok(me) => serde_json::json!({ "ok": true, "account_id": me.account_id }),
                            Err(e) => serde_json::json!({ "ok": false, "error": error_json(&e)["error"] }),
                        };
                    }
                    print_json(&shown);
                    Ok(EXIT_OK)
                }
                Err(error) => {
                    print_json(&error_json(&error));
                    Ok(EXIT_JIRA_ERROR)
                }
            }
        }
        Command::Demo => {
            let runtime = runtime(options)?;
            let mut stdout = std::io::stdout().lock();
            let passed = crate::demo::run(&runtime, &mut stdout).map_err(Failure::host)?;
            Ok(if passed { EXIT_OK } else { EXIT_JIRA_ERROR })
        }
        Command::ServeFake { port } => serve_fake(*port),
        Command::Load { sessions, operations, seed } => {
            let load =
                crate::load::LoadOptions { sessions: *sessions, operations: *operations, seed: *seed, faults: true };
            let report = crate::load::run(&runtime(options)?, &load).map_err(Failure::host)?;
            print_json(&report.to_json());
            Ok(if report.consistent() { EXIT_OK } else { EXIT_JIRA_ERROR })
        }
        Command::OAuth(action) => oauth::run(options, *action),
    }
}

/// Says on stderr when the call was retried, and warns when Jira said the rate limit is near.
fn report_rate_limits(stats: &crate::bindings::CallStats) {
    if stats.retries > 0 {
        eprintln!(
            "jira-host: the call was retried {} time(s) after rate limits or transient failures, waiting {} ms",
            stats.retries, stats.waited_ms
        );
    }
    if stats.near_limit {
        let remaining = stats.rate_limit_remaining.map(|n| format!(" ({n} requests remain)")).unwrap_or_default();
        eprintln!("jira-host: warning: Jira says this site is near its rate limit{remaining}; slow down");
    }
}

/// The runtime for the options: the component, and a policy with the routes, timeout and verbosity.
fn runtime(options: &Options) -> Result<Runtime, Failure> {
    let mut policy = HttpPolicy::default();
    for route in &options.routes {
        policy = policy.with_route(route.clone());
    }
    if let Some(timeout) = options.timeout {
        policy = policy.with_timeout(timeout);
    }
    policy.verbose = options.verbose;
    let runtime = match &options.component {
        Some(path) => {
            let wasm =
                std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            Runtime::new(&wasm, policy).map_err(Failure::host)?
        }
        None => Runtime::bundled(policy).map_err(Failure::host)?,
    };
    let runtime = match options.call_timeout {
        Some(call_timeout) => {
            let limits = crate::runtime::Limits { call_timeout, ..runtime.limits().clone() };
            runtime.with_limits(limits)
        }
        None => runtime,
    };
    Ok(runtime.with_credential_store(credential_store(options)))
}

/// Where rotated OAuth tokens go: back into the `--config` file when the tokens came from it, otherwise a
/// `jira-host-tokens.json` in the working directory (a refreshed token must never be lost).
fn credential_store(options: &Options) -> Arc<dyn CredentialStore> {
    let from_flags = options.config.oauth_access_token.is_some()
        || options.config.instant_oauth_access_token.is_some()
        || options.config.api_key.is_some();
    let path = match &options.config.file {
        Some(file) if !from_flags => file.clone(),
        _ => std::path::PathBuf::from("jira-host-tokens.json"),
    };
    Arc::new(AnnouncedStore(FileCredentialStore::new(path)))
}

/// Says on stderr where rotated tokens were saved (never the tokens).
struct AnnouncedStore(FileCredentialStore);

impl CredentialStore for AnnouncedStore {
    fn save(&self, tokens: &crate::bindings::OauthTokens) -> Result<(), String> {
        self.0.save(tokens)?;
        eprintln!("jira-host: refreshed OAuth tokens saved to {}", self.0.path().display());
        Ok(())
    }
}

/// The tool arguments: JSON text, or stdin for `-`; must be a JSON object.
fn call_args(args: &str) -> Result<String, Failure> {
    let text = if args == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::usage(format!("cannot read the arguments from stdin: {e}")))?;
        text
    } else {
        args.to_owned()
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(_)) => Ok(text),
        Ok(_) => Err(Failure::usage("the tool arguments must be a JSON object")),
        Err(e) => Err(Failure::usage(format!("the tool arguments are not valid JSON: {e}"))),
    }
}

/// Runs the fake Jira until the process is interrupted.
fn serve_fake(port: u16) -> Result<i32, Failure> {
    let fake = FakeJira::start(port).map_err(Failure::host)?;
    let url = fake.url();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "fake Jira Cloud listening on {url} (Ctrl-C to stop)\n\
         \n\
         site host:     {site} (route it here)\n\
         gateway host:  {gateway} (route it here)\n\
         cloud id:      {cloud}\n\
         api key:       {email}:{token}\n\
         oauth token:   {oauth}\n\
         instant oauth: {instant}\n\
         \n\
         try:\n  jira-host --route {site}={url} --route {gateway}={url} \\\n    \
         --site {site} --api-key {email}:{token} \\\n    call jira_get_issue '{{\"issue_key\":\"ACME-1\"}}'",
        site = fake::FAKE_SITE_HOST,
        gateway = fake::FAKE_GATEWAY_HOST,
        cloud = fake::FAKE_CLOUD_ID,
        email = fake::FAKE_EMAIL,
        token = fake::FAKE_API_TOKEN,
        oauth = fake::FAKE_OAUTH_TOKEN,
        instant = fake::FAKE_INSTANT_OAUTH_TOKEN,
    );
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}

pub(crate) fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(_) => println!("{value}"),
    }
}
