//! The demo's steps: the happy path per auth method, the traffic it caused, and the error cases.

use serde_json::{json, Value};

use super::{text, AuthMethod, Demo};
use crate::bindings::ErrorKind;
use crate::fake::{self, Fault};
use crate::runtime::Runtime;

/// Every tool once with one auth method, then a check of the requests the fake received.
pub(super) fn walk_through(demo: &mut Demo<'_>, runtime: &Runtime, method: AuthMethod) -> anyhow::Result<()> {
    demo.fake.clear_requests();
    let mut session = runtime.session()?;
    let config = method.fake_config().to_string();
    let mut client = match session.client(&config)? {
        Ok(client) => client,
        Err(error) => {
            let problem = format!("the client could not be built: {}", error.message);
            return demo.record(method, "client", Err(problem));
        }
    };

    let resolved = client.resolve()?;
    let outcome = match resolved {
        Ok(site) if site.api_base == method.expected_api_base() => {
            Ok(format!("{} (cloud id {})", site.api_base, site.cloud_id.as_deref().unwrap_or("not needed")))
        }
        Ok(site) => Err(format!("expected api base {}, got {}", method.expected_api_base(), site.api_base)),
        Err(error) => Err(crate::json::error_line(&error)),
    };
    demo.record(method, "resolve", outcome)?;

    demo.expect_ok(method, &mut client, "jira_get_myself", ("jira_get_myself", json!({})), |me| {
        let name = text(me, "/display_name")?;
        if name != "Ada Lovelace" {
            return Err(format!("expected Ada Lovelace, got {name}"));
        }
        Ok(format!("{name} <{}>", me["email"].as_str().unwrap_or("hidden")))
    })?;

    demo.expect_ok(method, &mut client, "jira_list_projects", ("jira_list_projects", json!({})), |page| {
        let keys: Vec<&str> = page["projects"]
            .as_array()
            .map(|p| p.iter().filter_map(|p| p["key"].as_str()).collect())
            .unwrap_or_default();
        if !(keys.contains(&"ACME") && keys.contains(&"OPS")) {
            return Err(format!("expected ACME and OPS among {keys:?}"));
        }
        Ok(format!("{} projects: {}", keys.len(), keys.join(", ")))
    })?;

    demo.expect_ok(
        method,
        &mut client,
        "jira_search project = ACME",
        ("jira_search", json!({"jql": "project = ACME ORDER BY key ASC", "limit": 3})),
        |page| {
            let keys = issue_keys(page);
            if keys.len() != 3 || keys.iter().any(|k| !k.starts_with("ACME-")) {
                return Err(format!("expected 3 ACME issues, got {keys:?}"));
            }
            let more = page["next_page_token"].as_str().map_or("", |_| ", more available");
            Ok(format!("{}{more}", keys.join(", ")))
        },
    )?;

    demo.expect_ok(
        method,
        &mut client,
        "jira_get_issue ACME-1",
        ("jira_get_issue", json!({"issue_key": "ACME-1"})),
        |issue| {
            if text(issue, "/key")? != "ACME-1" {
                return Err(format!("expected ACME-1, got {issue}"));
            }
            Ok(issue_line(issue))
        },
    )?;

    let summary = format!("Demo issue created with {}", method.name());
    let created = demo.expect_ok(
        method,
        &mut client,
        "jira_create_issue",
        (
            "jira_create_issue",
            json!({"project_key": "ACME", "summary": summary, "issue_type": "Task",
                   "description": "Created by `jira-host demo`.\n\nSecond paragraph.", "labels": ["demo"]}),
        ),
        |created| {
            let key = text(created, "/key")?;
            let url = text(created, "/url")?;
            if !key.starts_with("ACME-") || !url.ends_with(&format!("/browse/{key}")) {
                return Err(format!("unexpected created issue {created}"));
            }
            Ok(format!("{key} ({url})"))
        },
    )?;
    let Some(key) = created.as_ref().and_then(|c| c["key"].as_str()) else {
        return Ok(());
    };

    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_get_transitions {key}"),
        ("jira_get_transitions", json!({"issue_key": key})),
        |found| {
            let names: Vec<&str> = found["transitions"]
                .as_array()
                .map(|t| t.iter().filter_map(|t| t["name"].as_str()).collect())
                .unwrap_or_default();
            if !names.contains(&"In Progress") {
                return Err(format!("expected In Progress among {names:?}"));
            }
            Ok(names.join(", "))
        },
    )?;

    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_transition_issue {key} \"in progress\""),
        ("jira_transition_issue", json!({"issue_key": key, "transition": "in progress", "comment": "Starting now."})),
        |moved| match text(moved, "/status")? {
            "In Progress" => Ok("In Progress".to_owned()),
            other => Err(format!("expected In Progress, got {other}")),
        },
    )?;

    let body = format!("A comment from the {} demo.", method.name());
    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_add_comment {key}"),
        ("jira_add_comment", json!({"issue_key": key, "body": body})),
        |comment| {
            let got = text(comment, "/body")?;
            if got.trim() != body {
                return Err(format!("expected body {body:?}, got {got:?}"));
            }
            let author = comment["author"]["display_name"].as_str().unwrap_or("?");
            Ok(format!("comment {} by {author}", text(comment, "/id")?))
        },
    )?;

    attachment_round_trip(demo, &mut client, method, key)?;

    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_get_issue {key}"),
        ("jira_get_issue", json!({"issue_key": key})),
        |issue| {
            let labels = &issue["labels"];
            if issue["summary"] != json!(summary)
                || issue["status"] != json!("In Progress")
                || !labels.as_array().is_some_and(|l| l.contains(&json!("demo")))
            {
                return Err(format!("the new issue did not keep its changes: {issue}"));
            }
            Ok(issue_line(issue))
        },
    )?;
    client.close()?;

    let outcome = check_traffic(demo, method);
    demo.record(method, "traffic", outcome)
}

/// Uploads a small file to `key` and downloads it again (through the media host redirect), byte for byte.
fn attachment_round_trip(
    demo: &mut Demo<'_>,
    client: &mut crate::runtime::Client<'_>,
    method: AuthMethod,
    key: &str,
) -> anyhow::Result<()> {
    use base64::Engine as _;
    let content = format!("Notes from the {} demo.\n", method.name());
    let encoded = base64::engine::general_purpose::STANDARD.encode(&content);
    let uploaded = demo.expect_ok(
        method,
        client,
        &format!("jira_upload_attachment {key} notes.txt"),
        ("jira_upload_attachment", json!({"issue_key": key, "filename": "notes.txt", "content_base64": encoded})),
        |out| {
            let id = text(out, "/attachments/0/id")?;
            Ok(format!(
                "attachment {id}, {} bytes, {}",
                out["attachments"][0]["size"],
                text(out, "/attachments/0/mime_type")?
            ))
        },
    )?;
    let Some(id) = uploaded.as_ref().and_then(|out| out["attachments"][0]["id"].as_str()) else {
        return Ok(());
    };
    demo.expect_ok(
        method,
        client,
        &format!("jira_download_attachment {id}"),
        ("jira_download_attachment", json!({"attachment_id": id})),
        |file| match text(file, "/content_base64")? {
            got if got == encoded => {
                Ok(format!("{} bytes, same as uploaded (via {})", file["size"], fake::FAKE_MEDIA_HOST))
            }
            got => Err(format!("downloaded {got}, uploaded {encoded}")),
        },
    )?;
    Ok(())
}

/// What the fake saw for one auth method's walk-through: the right host, path prefix and scheme, the cloud id
/// looked up once without credentials, and the media host (attachment content) reached without credentials.
fn check_traffic(demo: &Demo<'_>, method: AuthMethod) -> Result<String, String> {
    let (media, requests): (Vec<_>, Vec<_>) =
        demo.fake.requests().into_iter().partition(|r| r.host == fake::FAKE_MEDIA_HOST);
    if media.iter().any(|r| r.header("authorization").is_some()) {
        return Err(format!("credentials were sent to {}", fake::FAKE_MEDIA_HOST));
    }
    let (tenant_info, api): (Vec<_>, Vec<_>) = requests.iter().partition(|r| r.path.ends_with("/_edge/tenant_info"));
    if api.is_empty() {
        return Err("the fake received no API request".into());
    }
    let (host, prefix, scheme) = match method {
        AuthMethod::ApiKey => (fake::FAKE_SITE_HOST, "/rest/".to_owned(), "Basic "),
        _ => (fake::FAKE_GATEWAY_HOST, format!("/ex/jira/{}/rest/", fake::FAKE_CLOUD_ID), "Bearer "),
    };
    for request in &api {
        let authorization = request.header("authorization").unwrap_or_default();
        if request.host != host || !request.path.starts_with(&prefix) || !authorization.starts_with(scheme) {
            return Err(format!(
                "{} {} on {} with {} (expected {host}{prefix}... with {scheme}...)",
                request.method,
                request.path,
                request.host,
                authorization.split(' ').next().unwrap_or("no authorization")
            ));
        }
    }
    let expected_lookups = usize::from(method != AuthMethod::ApiKey);
    if tenant_info.len() != expected_lookups
        || tenant_info.iter().any(|r| r.host != fake::FAKE_SITE_HOST || r.header("authorization").is_some())
    {
        return Err(format!(
            "expected {expected_lookups} tenant_info lookup(s) on {} without credentials, saw {}",
            fake::FAKE_SITE_HOST,
            tenant_info.len()
        ));
    }
    let lookup = if expected_lookups == 1 { "; cloud id looked up once, without credentials" } else { "" };
    Ok(format!("{} requests to {host}{prefix}... with {}{lookup}", api.len(), scheme.trim()))
}

/// Errors Jira produces and the kinds the component must map them to.
pub(super) fn error_cases(demo: &mut Demo<'_>, runtime: &Runtime) -> anyhow::Result<()> {
    for method in AuthMethod::ALL {
        let mut session = runtime.session()?;
        let config = method.config_with_secret("not-the-right-secret").to_string();
        let client = session.client(&config)?;
        match client {
            Ok(mut client) => {
                demo.expect_error(
                    method,
                    &mut client,
                    "jira_get_myself with a wrong secret",
                    ("jira_get_myself", json!({})),
                    ErrorKind::Unauthorized,
                    Some(401),
                )?;
            }
            Err(error) => demo.record(method, "client", Err(error.message))?,
        }
    }

    let method = AuthMethod::ApiKey;
    let mut session = runtime.session()?;
    let config = method.fake_config().to_string();
    let mut client = match session.client(&config)? {
        Ok(client) => client,
        Err(error) => return demo.record(method, "client", Err(error.message)),
    };
    demo.expect_error(
        method,
        &mut client,
        "jira_get_issue ACME-9999",
        ("jira_get_issue", json!({"issue_key": "ACME-9999"})),
        ErrorKind::NotFound,
        Some(404),
    )?;
    demo.expect_error(
        method,
        &mut client,
        "jira_search with broken JQL",
        ("jira_search", json!({"jql": "project = = ACME"})),
        ErrorKind::InvalidInput,
        Some(400),
    )?;
    demo.expect_error(
        method,
        &mut client,
        "jira_create_issue without a summary",
        ("jira_create_issue", json!({"project_key": "ACME", "summary": "", "issue_type": "Task"})),
        ErrorKind::InvalidInput,
        None,
    )?;
    demo.fake.inject(Fault::rate_limited("/myself", 30));
    let limited = demo.expect_error(
        method,
        &mut client,
        "jira_get_myself while rate-limited",
        ("jira_get_myself", json!({})),
        ErrorKind::RateLimited,
        Some(429),
    )?;
    if let Some(error) = limited {
        let outcome = match error.retry_after_seconds {
            Some(30) => Ok("retry after 30 s".to_owned()),
            other => Err(format!("expected retry_after_seconds 30, got {other:?}")),
        };
        demo.record(method, "Retry-After", outcome)?;
    }
    client.close()
}

/// The keys of a search page's issues.
fn issue_keys(page: &Value) -> Vec<String> {
    page["issues"]
        .as_array()
        .map(|issues| issues.iter().filter_map(|i| i["key"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// `ACME-1 "Checkout revamp" (To Do)`.
fn issue_line(issue: &Value) -> String {
    format!(
        "{} {:?} ({})",
        issue["key"].as_str().unwrap_or("?"),
        issue["summary"].as_str().unwrap_or(""),
        issue["status"].as_str().unwrap_or("no status")
    )
}
