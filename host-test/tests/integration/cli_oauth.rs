//! `jira-host oauth ...` and token persistence: repeated `jira-host call` with an OAuth configuration file keeps
//! working across rotations because every refreshed pair is written back into the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::cli::{jira_host_routed, run, stdout_json};
use jira_host::fake::{self, FakeJira};
use serde_json::{json, Value};

const FULL: [&str; 4] = ["read:jira-user", "read:jira-work", "write:jira-work", "offline_access"];

/// The binary routed to the fake (site, gateway, authorization server), with no inherited configuration.
fn routed(fake: &FakeJira, dir: &Path) -> Command {
    let mut command = jira_host_routed(fake);
    command.current_dir(dir);
    command
}

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jira-host-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON file")
}

fn all_output(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn repeated_calls_survive_every_rotation() {
    let fake = FakeJira::start(0).expect("fake");
    let dir = temp_dir("rotation");
    let config = dir.join("jira.json");
    let (access, refresh) = fake.issue_tokens(&FULL, &[]);
    let document = json!({"site": "acme", "auth": {"method": "oauth", "access_token": access, "refresh_token": refresh,
        "expires_at": 4_102_444_800u64, "client_id": fake::FAKE_CLIENT_ID, "client_secret": fake::FAKE_CLIENT_SECRET}});
    std::fs::write(&config, document.to_string()).expect("write config");

    let mut seen_refresh_tokens = vec![refresh.clone()];
    for round in 1..=3 {
        fake.expire_access_tokens();
        let output = run(routed(&fake, &dir).arg("--config").arg(&config).args(["call", "jira_get_myself"]));
        assert!(output.status.success(), "round {round}: {}", all_output(&output));
        assert_eq!(stdout_json(&output)["display_name"], "Ada Lovelace");
        assert_eq!(fake.refresh_count(), round);
        let saved = read_json(&config);
        let new_refresh = saved["auth"]["refresh_token"].as_str().expect("refresh token").to_owned();
        assert!(!seen_refresh_tokens.contains(&new_refresh), "round {round}: the rotated token was saved");
        assert!(fake.token_is_valid(&new_refresh));
        assert_eq!(saved["auth"]["client_secret"], fake::FAKE_CLIENT_SECRET, "the rest of the file is kept");
        assert_eq!(saved["site"], "acme");
        let shown = all_output(&output);
        assert!(!shown.contains(&new_refresh) && !shown.contains(fake::FAKE_CLIENT_SECRET), "no secret printed");
        assert!(shown.contains("refreshed OAuth tokens saved to"), "{shown}");
        seen_refresh_tokens.push(new_refresh);
    }
    // Without expiry, the saved access token is used as it is: no refresh.
    let output = run(routed(&fake, &dir).arg("--config").arg(&config).args(["call", "jira_get_myself"]));
    assert!(output.status.success(), "{}", all_output(&output));
    assert_eq!(fake.refresh_count(), 3);
    assert_eq!(fake.failed_refresh_count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_oauth_commands_run_the_flow_without_printing_tokens() {
    let fake = FakeJira::start(0).expect("fake");
    let dir = temp_dir("flow");
    let config = dir.join("jira.json");

    let output = run(routed(&fake, &dir).args([
        "oauth",
        "authorize-url",
        "--client-id",
        fake::FAKE_CLIENT_ID,
        "--redirect-uri",
        fake::FAKE_REDIRECT_URI,
        "--scope",
        "read:jira-work write:jira-work",
        "--state",
        "abc",
    ]));
    assert!(output.status.success(), "{}", all_output(&output));
    let url = stdout_json(&output)["authorization_url"].as_str().expect("url").to_owned();
    assert!(url.starts_with("https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id="), "{url}");
    assert!(url.contains("offline_access") && url.contains("prompt=consent") && url.contains("state=abc"));

    let code = fake.issue_auth_code(&FULL, &[]);
    let output =
        run(routed(&fake, &dir).arg("--config").arg(&config).args(["--site", "acme", "oauth", "exchange"]).args([
            "--client-id",
            fake::FAKE_CLIENT_ID,
            "--client-secret",
            fake::FAKE_CLIENT_SECRET,
            "--redirect-uri",
            fake::FAKE_REDIRECT_URI,
            "--code",
            &code,
        ]));
    assert!(output.status.success(), "{}", all_output(&output));
    let summary = stdout_json(&output);
    assert_eq!(summary["refresh_token"], true);
    let saved = read_json(&config);
    let access = saved["auth"]["access_token"].as_str().expect("access").to_owned();
    assert!(fake.token_is_valid(&access));
    assert!(!all_output(&output).contains(&access), "tokens are saved, not printed");
    assert_eq!(saved["auth"]["method"], "oauth");
    assert_eq!(saved["site"], "acme");

    let output = run(routed(&fake, &dir).arg("--config").arg(&config).args(["oauth", "refresh"]));
    assert!(output.status.success(), "{}", all_output(&output));
    assert_eq!(fake.refresh_count(), 1);
    let rotated = read_json(&config);
    assert_ne!(rotated["auth"]["refresh_token"], saved["auth"]["refresh_token"]);
    assert!(!fake.token_is_valid(saved["auth"]["refresh_token"].as_str().expect("old")), "the old one died");

    let output = run(routed(&fake, &dir).arg("--config").arg(&config).args(["oauth", "sites"]));
    assert!(output.status.success(), "{}", all_output(&output));
    let sites = stdout_json(&output);
    assert_eq!(sites[0]["cloud_id"], fake::FAKE_CLOUD_ID);
    assert_eq!(sites[0]["url"], "https://acme.atlassian.net");

    let output = run(routed(&fake, &dir).args(["oauth", "exchange", "--code", "x"]));
    assert_eq!(output.status.code(), Some(2), "exchange without --config is a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn resolve_shows_the_gateway_route_of_a_scoped_api_token() {
    let fake = FakeJira::start(0).expect("fake");
    let dir = temp_dir("resolve");
    let output = run(routed(&fake, &dir)
        .args(["--site", "acme", "--api-key"])
        .arg(format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_SCOPED_API_TOKEN))
        .arg("resolve"));
    assert!(output.status.success(), "{}", all_output(&output));
    let shown = stdout_json(&output);
    assert_eq!(shown["api_base"], format!("https://api.atlassian.com/ex/jira/{}", fake::FAKE_CLOUD_ID));
    assert_eq!(shown["route_check"]["ok"], true);
    assert!(!all_output(&output).contains(fake::FAKE_SCOPED_API_TOKEN));

    let output = run(routed(&fake, &dir)
        .args(["--site", "acme", "--api-key"])
        .arg(format!("{}:{}", fake::FAKE_EMAIL, fake::FAKE_API_TOKEN))
        .arg("resolve"));
    assert_eq!(stdout_json(&output)["api_base"], "https://acme.atlassian.net", "a classic token stays on the site");
    let _ = std::fs::remove_dir_all(&dir);
}
