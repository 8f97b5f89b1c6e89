//! The `jira-host` binary: commands, output shapes and exit statuses, against an in-process fake Jira.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::common::cli::{jira_host, jira_host_routed as routed, run, status, stdout_json};
use jira_host::fake::{self, FakeJira};
use serde_json::Value;

const TOOLS: [&str; 8] = [
    "jira_get_myself",
    "jira_get_issue",
    "jira_search",
    "jira_create_issue",
    "jira_list_projects",
    "jira_get_transitions",
    "jira_transition_issue",
    "jira_add_comment",
];

fn with_api_key(fake: &FakeJira) -> Command {
    let mut command = routed(fake);
    command.args(["--site", "acme"]).arg("--api-key").arg(format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_API_TOKEN));
    command
}

fn with_env(mut command: Command, name: &str, value: &str) -> Command {
    command.env(name, value);
    command
}

#[test]
fn tools_prints_the_catalog() {
    let output = run(jira_host().arg("tools"));
    assert_eq!(status(&output), 0);
    let tools = stdout_json(&output);
    let tools = tools.as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for expected in TOOLS {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    for tool in tools {
        assert!(tool["description"].as_str().is_some_and(|d| !d.is_empty()), "{tool}");
        assert_eq!(tool["input_schema"]["type"], "object", "{tool}");
        assert!(tool["read_only"].is_boolean());
        // Only the escape hatch declares no scopes: it needs whatever the endpoint it calls needs.
        let scoped = tool["name"] != "jira_request";
        assert!(tool["scopes"].as_array().is_some_and(|s| s.is_empty() != scoped), "{tool}");
        assert!(tool["granular_scopes"].is_array());
    }
    let read_only = |name: &str| tools.iter().find(|t| t["name"] == name).unwrap()["read_only"].clone();
    assert_eq!(read_only("jira_get_issue"), true);
    assert_eq!(read_only("jira_create_issue"), false);
}

#[test]
fn call_prints_the_result_and_exits_0() {
    let fake = FakeJira::start(0).unwrap();
    let output = run(with_api_key(&fake).args(["call", "jira_get_issue", r#"{"issue_key":"ACME-1"}"#]));
    assert_eq!(status(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let issue = stdout_json(&output);
    assert_eq!(issue["key"], "ACME-1");
    assert_eq!(issue["summary"], fake.issue_json("ACME-1").unwrap()["fields"]["summary"]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].host, fake::FAKE_SITE_HOST);
}

#[test]
fn call_defaults_to_empty_args_and_reads_the_config_from_the_environment() {
    let fake = FakeJira::start(0).unwrap();
    let config = serde_json::json!({
        "site": "https://acme.atlassian.net/",
        "auth": {"method": "oauth", "access_token": fake::FAKE_OAUTH_TOKEN},
    });
    let output = run(routed(&fake).env("JIRA_CONFIG", config.to_string()).args(["call", "jira_get_myself"]));
    assert_eq!(status(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout_json(&output)["display_name"], "Ada Lovelace");
    assert!(fake.requests().iter().any(|r| r.host == fake::FAKE_GATEWAY_HOST));
}

#[test]
fn call_reads_args_from_stdin() {
    let fake = FakeJira::start(0).unwrap();
    let mut child = with_api_key(&fake)
        .args(["call", "jira_search", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(br#"{"jql": "project = OPS", "limit": 1}"#).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(status(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let page = stdout_json(&output);
    assert_eq!(page["issues"].as_array().map(Vec::len), Some(1));
}

#[test]
fn jira_errors_print_json_and_exit_1() {
    let fake = FakeJira::start(0).unwrap();
    let output = run(with_api_key(&fake).args(["call", "jira_get_issue", r#"{"issue_key":"ACME-999"}"#]));
    assert_eq!(status(&output), 1);
    let error = &stdout_json(&output)["error"];
    assert_eq!(error["kind"], "not-found");
    assert_eq!(error["status"], 404);
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(error["error_messages"].as_array().is_some_and(|m| !m.is_empty()));
    assert!(error["field_errors"].is_object());
    assert_eq!(error["retry_after_seconds"], Value::Null);

    let output = run(with_api_key(&fake).args([
        "call",
        "jira_create_issue",
        r#"{"project_key":"ACME","summary":"x","issue_type":"Unicorn"}"#,
    ]));
    assert_eq!(status(&output), 1);
    let error = &stdout_json(&output)["error"];
    assert_eq!(error["kind"], "invalid-input");
    assert!(error["field_errors"]["issuetype"].is_string(), "{error}");
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let fake = FakeJira::start(0).unwrap();
    let cases: Vec<(Command, &[&str], &str)> = vec![
        (jira_host(), &["frobnicate"], "unknown command"),
        (jira_host(), &["call"], "tool name"),
        (with_api_key(&fake), &["call", "jira_get_myself", "not json"], "JSON"),
        (with_api_key(&fake), &["call", "jira_get_myself", "[1]"], "object"),
        (routed(&fake), &["call", "jira_get_myself"], "no configuration"),
        (routed(&fake), &["--config", "/nonexistent/jira.json", "resolve"], "/nonexistent/jira.json"),
        (jira_host(), &["--route", "nonsense", "tools"], "route"),
        (jira_host(), &["--component", "/nonexistent.wasm", "tools"], "/nonexistent.wasm"),
        (with_env(routed(&fake), "JIRA_CONFIG", "{oops"), &["resolve"], "JIRA_CONFIG"),
    ];
    for (mut command, args, needle) in cases {
        let output = run(command.args(args));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(status(&output), 2, "{command:?}: {stderr}");
        assert!(stderr.contains(needle), "{command:?}: stderr lacks {needle:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{command:?}");
    }
    assert!(fake.requests().is_empty());
}

#[test]
fn invalid_config_documents_are_connector_errors() {
    let fake = FakeJira::start(0).unwrap();
    let output =
        run(routed(&fake).env("JIRA_CONFIG", r#"{"site":"acme","auth":{"method":"password"}}"#).arg("resolve"));
    assert_eq!(status(&output), 1);
    assert_eq!(stdout_json(&output)["error"]["kind"], "invalid-config");
}

#[test]
fn resolve_prints_the_site_without_secrets() {
    let fake = FakeJira::start(0).unwrap();
    let output = run(routed(&fake)
        .args(["--site", "acme.atlassian.net", "--instant-oauth-access-token"])
        .arg(fake::FAKE_INSTANT_OAUTH_TOKEN)
        .arg("resolve"));
    assert_eq!(status(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    let site = stdout_json(&output);
    assert_eq!(site["api_base"], format!("https://api.atlassian.com/ex/jira/{}", fake::FAKE_CLOUD_ID));
    assert_eq!(site["browse_base"], "https://acme.atlassian.net");
    assert_eq!(site["auth_method"], "instant-oauth");
    assert_eq!(site["cloud_id"], fake::FAKE_CLOUD_ID);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains(fake::FAKE_INSTANT_OAUTH_TOKEN));
}

#[test]
fn verbose_logs_requests_without_credentials() {
    let fake = FakeJira::start(0).unwrap();
    let output = run(with_api_key(&fake).args(["--verbose", "call", "jira_get_myself"]));
    assert_eq!(status(&output), 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("GET https://acme.atlassian.net/rest/api/3/myself -> 200"), "{stderr}");
    assert!(!stderr.contains(fake::FAKE_API_TOKEN) && !stderr.contains("Basic"), "{stderr}");
}

#[test]
fn help_exits_0() {
    let output = run(jira_host().arg("--help"));
    assert_eq!(status(&output), 0);
    let text = String::from_utf8_lossy(&output.stdout);
    for word in ["tools", "call", "resolve", "demo", "serve-fake", "--route", "--config"] {
        assert!(text.contains(word), "help lacks {word}");
    }
}

#[test]
fn demo_walks_through_everything_and_exits_0() {
    let output = run(jira_host().arg("demo"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(status(&output), 0, "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("demo passed"), "{stdout}");
    assert!(!stdout.contains("FAILED"), "{stdout}");
    for method in ["[api_key]", "[oauth]", "[instant_oauth]"] {
        for tool in TOOLS {
            assert!(
                stdout.lines().any(|l| l.starts_with(method) && l.contains(tool)),
                "{method} {tool} missing:\n{stdout}"
            );
        }
    }
}

#[test]
fn serve_fake_prints_its_url_and_serves_until_killed() {
    let mut child =
        jira_host().args(["serve-fake", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    let rest: Vec<String> = lines.by_ref().take(12).map(Result::unwrap).collect();
    let text = rest.join("\n");
    assert!(text.contains(fake::FAKE_API_TOKEN) && text.contains(fake::FAKE_CLOUD_ID), "{text}");

    let mut response = ureq::get(&format!("{url}/_edge/tenant_info")).call().unwrap();
    let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["cloudId"], fake::FAKE_CLOUD_ID);

    child.kill().unwrap();
    child.wait().unwrap();
}
