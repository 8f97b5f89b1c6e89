//! Entry points for the fuzz targets in `fuzz/` and the corpus replay test: each function feeds arbitrary
//! bytes to the real code (site resolution, configuration, response parsers, ADF conversion, tool calls)
//! and discards the result. Not part of the API; hidden from the docs.
//!
//! The contract they check is the crate's: any input gives a value or an error, never a panic, an
//! unbounded allocation or a hang. The few invariants asserted here are security or shape rules that must
//! hold for every input.

use std::cell::Cell;

use serde_json::Value;

use crate::adf::{adf_to_markdown, markdown_to_adf, merge_media};
use crate::auth::{AuthMethod, Secret};
use crate::client::{Client, TokenStore};
use crate::error::error_from_response;
use crate::http::{Request, Response, TransportError};
use crate::jira::{self, agile, comments_worklogs, issue_ops};
use crate::oauth::{self, TokenSet};
use crate::site::{parse_cloud_id, parse_site, parse_tenant_info, Site, SiteAddress};
use crate::tools::{call_tool, catalog};

/// The most requests one fuzzed tool call may send: every pager and retry must end well before.
const MAX_REQUESTS: usize = 64;

/// A fixed clock, so that token expiry is deterministic.
const NOW: u64 = 1_700_000_000;

/// Site resolution: the text as a site, as a cloud id, and as a site for each auth method.
pub fn site(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = parse_cloud_id("cloud_id", &text);
    if let Ok(address) = parse_site(&text) {
        for method in [AuthMethod::ApiKey, AuthMethod::OAuth, AuthMethod::InstantOAuth] {
            let _ = Site::new(&address, None, method);
            let _ = Site::new(&address, Some("0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f"), method);
        }
    }
}

/// Configuration parsing, then building a client from it (which sends nothing).
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = Client::new(&text, refuse);
}

/// How many parsers [`response`] chooses from.
pub const RESPONSE_PARSERS: u8 = 47;

/// One response parser on one response. Input: byte 0 picks the parser (modulo [`RESPONSE_PARSERS`]),
/// bytes 1-2 are the status (big-endian), bit 0 of byte 3 moves the body's first line into a
/// `Retry-After` header; the rest is the body. The status mapper runs on every response too.
pub fn response(data: &[u8]) {
    let Some((&[which, hi, lo, flags], body)) = data.split_first_chunk::<4>() else {
        return;
    };
    let mut response = Response::new(u16::from_be_bytes([hi, lo]), body);
    if flags & 1 == 1 {
        let (line, rest) = body.split_at(body.iter().position(|&b| b == b'\n').unwrap_or(body.len()));
        response = Response::new(response.status, rest.get(1..).unwrap_or_default())
            .with_header("Retry-After", &String::from_utf8_lossy(line));
    }
    let _ = error_from_response(&response, "fuzz");
    run_parser(which % RESPONSE_PARSERS, &response);
}

fn run_parser(which: u8, r: &Response) {
    let site = fuzz_site();
    let site = &site;
    match which {
        0 => drop(jira::transitions::parse_transitions(r)),
        1 => drop(jira::project_details::parse_project(r)),
        2 => drop(jira::project_details::parse_components(r)),
        3 => drop(jira::metadata::parse_resolution_page(r)),
        4 => drop(jira::metadata::parse_statuses(r)),
        5 => drop(jira::metadata::parse_project_statuses(r)),
        6 => drop(jira::user_lookup::parse_user(r)),
        7 => drop(jira::user_lookup::parse_user_page(r, 50, "fuzz")),
        8 => drop(jira::createmeta::parse_issue_types_page(r)),
        9 => drop(jira::createmeta::parse_create_fields_page(r)),
        10 => drop(jira::search::parse_search_page(r, site)),
        11 => drop(comments_worklogs::worklogs::parse_worklog(r, "fuzz")),
        12 => drop(comments_worklogs::worklogs::parse_worklog_page(r)),
        13 => drop(comments_worklogs::parse_comment_detail(r, "fuzz")),
        14 => drop(comments_worklogs::parse_comment_page(r)),
        15 => drop(jira::users::parse_get_myself(r)),
        16 => drop(agile::backlog::parse_rank_response(r)),
        17 => drop(agile::sprints::parse_sprint(r, "fuzz")),
        18 => drop(agile::sprints::parse_sprint_page(r)),
        19 => drop(agile::boards::parse_board_page(r)),
        20 => drop(agile::boards::parse_board(r)),
        21 => drop(agile::boards::parse_board_configuration(r)),
        22 => drop(agile::epics::parse_epic_page(r)),
        23 => drop(agile::issues::parse_issue_page(r, site, "fuzz")),
        24 => drop(jira::projects::parse_project_page(r)),
        25 => drop(jira::fields::parse_field_list(r)),
        26 => drop(jira::fields::parse_contexts_page(r)),
        27 => drop(jira::fields::parse_options_page(r, "10001")),
        28 => drop(jira::raw_request::parse_raw_response(r)),
        29 => drop(jira::issues::parse_get_issue(r, site)),
        30 => drop(jira::issues::parse_created_issue(r, site)),
        31 => drop(jira::versions::parse_version(r, "fuzz")),
        32 => drop(jira::versions::parse_versions(r)),
        33 => drop(jira::comments::parse_comment(r)),
        34 => drop(jira::links_watchers::parse_link_types(r)),
        35 => drop(jira::links_watchers::parse_created_link(r)),
        36 => drop(jira::links_watchers::parse_remote_links(r)),
        37 => drop(jira::links_watchers::parse_remote_link_ref(r)),
        38 => drop(jira::links_watchers::parse_watchers(r)),
        39 => drop(issue_ops::changelog::parse_changelog_page(r)),
        40 => drop(issue_ops::changelog::parse_bulk_changelog_page(r)),
        41 => drop(issue_ops::parse_count(r)),
        42 => drop(issue_ops::parse_description(r)),
        43 => drop(issue_ops::parse_edit_meta(r)),
        44 => drop(issue_ops::bulk::parse_bulk_fetch(r, site)),
        45 => drop(issue_ops::bulk::parse_batch_create(r, site, 0, 3)),
        _ => {
            drop(oauth::parse_accessible_resources(r));
            drop(oauth::parse_token_response(r, "fuzz", NOW, Some(&Secret::new("previous-refresh"))));
            drop(parse_tenant_info(r.clone()));
        }
    }
}

/// ADF JSON -> Markdown, then back to ADF and Markdown again, and media merging of the two documents.
pub fn adf_to_markdown_round_trip(data: &[u8]) {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let markdown = adf_to_markdown(&doc);
    let rewritten = markdown_to_adf(&markdown);
    check_document(&rewritten);
    let _ = adf_to_markdown(&rewritten);
    let _ = merge_media(&doc, rewritten);
}

/// Markdown -> ADF -> Markdown -> ADF; every document written must be a well-formed `doc`.
pub fn markdown_to_adf_round_trip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let doc = markdown_to_adf(&text);
    check_document(&doc);
    let again = markdown_to_adf(&adf_to_markdown(&doc));
    check_document(&again);
}

/// What `markdown_to_adf` promises for every string: a `doc` of version 1, and no empty text node.
fn check_document(doc: &Value) {
    assert_eq!(doc.get("type").and_then(Value::as_str), Some("doc"), "not a doc: {doc}");
    assert_eq!(doc.get("version").and_then(Value::as_u64), Some(1), "no version 1: {doc}");
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        if node.get("type").and_then(Value::as_str) == Some("text") {
            assert!(node.get("text").and_then(Value::as_str).is_some_and(|t| !t.is_empty()), "empty text: {node}");
        }
        stack.extend(node.get("content").and_then(Value::as_array).into_iter().flatten());
    }
}

/// Configurations [`tool_call`] chooses from: each auth method and each way of finding the site.
const CONFIGS: [&str; 6] = [
    r#"{"site":"acme","auth":{"method":"api_key","api_key":"ada@example.com:token"}}"#,
    r#"{"site":"acme","cloud_id":"0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f","auth":{"method":"oauth","access_token":"at","expires_at":1800000000}}"#,
    r#"{"auth":{"method":"oauth","access_token":"at","refresh_token":"rt","expires_at":1600000000,"client_id":"ci","client_secret":"cs","scopes":["read:jira-work","write:jira-work","read:jira-user","manage:jira-project","read:board-scope:jira-software","write:board-scope:jira-software","read:sprint:jira-software","write:sprint:jira-software","read:issue-details:jira","read:project:jira","offline_access"]}}"#,
    r#"{"site":"https://acme.atlassian.net/jira","auth":{"method":"instant_oauth","access_token":"at","refresh_token":"rt","client_id":"ci","client_secret":"cs"}}"#,
    r#"{"site":"0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f","auth":{"method":"api_key","api_key":"ada@example.com:token"}}"#,
    r#"{"site":"acme","auth":{"method":"api_key","api_key":"ada@example.com:token"},"options":{"projects":["PROJ"],"max_attachment_bytes":1024}}"#,
];

/// A full tool call whose HTTP answers come from the input. Input: byte 0 picks the tool (modulo the
/// catalog's size), byte 1 the configuration; then the arguments' JSON up to a NUL byte; then responses
/// separated by NUL bytes, each a big-endian status in two bytes and a body. Requests beyond the given
/// responses fail as transport errors.
pub fn tool_call(data: &[u8]) {
    let Some((&[tool, config], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let mut parts = rest.split(|&b| b == 0);
    let args = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let answers: Vec<Response> = parts
        .take(MAX_REQUESTS)
        .map(|part| match part.split_first_chunk::<2>() {
            Some((status, body)) => Response::new(u16::from_be_bytes(*status), body),
            None => Response::new(200, part),
        })
        .collect();
    let tools = catalog();
    let Some(spec) = tools.get(usize::from(tool) % tools.len()) else {
        return;
    };
    let sent = Cell::new(0usize);
    let http = |request: Request| -> Result<Response, TransportError> {
        check_credentials_destination(&request);
        let index = sent.get();
        sent.set(index + 1);
        assert!(index <= MAX_REQUESTS, "more than {MAX_REQUESTS} requests for one tool call");
        answers.get(index).cloned().ok_or_else(|| TransportError::Other("no more fuzz responses".into()))
    };
    let config = CONFIGS[usize::from(config) % CONFIGS.len()];
    let Ok(client) = Client::new(config, &http) else {
        unreachable!("the fuzz configurations are valid");
    };
    let client = client.with_clock(|| NOW).with_token_store(AcceptTokens);
    let _ = call_tool(&client, spec.name, &args);
}

/// The DESIGN rule: credentials go only to Atlassian hosts, whatever the responses said.
fn check_credentials_destination(request: &Request) {
    if request.header_value("Authorization").is_none() {
        return;
    }
    let host = url::Url::parse(&request.url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    assert!(
        matches!(host.as_deref(), Some("acme.atlassian.net" | "api.atlassian.com" | "auth.atlassian.com")),
        "credentials sent to {:?}",
        request.url
    );
}

struct AcceptTokens;

impl TokenStore for AcceptTokens {
    fn save(&self, _tokens: &TokenSet) -> Result<(), String> {
        Ok(())
    }
}

fn refuse(_request: Request) -> Result<Response, TransportError> {
    Err(TransportError::Denied("the fuzz configuration target sends nothing".into()))
}

fn fuzz_site() -> Site {
    let address = SiteAddress::Host("acme.atlassian.net".into());
    match Site::new(&address, Some("0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f"), AuthMethod::ApiKey) {
        Ok(site) => site,
        Err(e) => unreachable!("the fuzz site is valid: {e}"),
    }
}

/// Seed inputs for [`tool_call`]: every tool of the catalog, with arguments built from its schema (the
/// required ones, or all of them), under every configuration, answered by a Jira-shaped body. The fuzz
/// corpus starts from them and the replay test runs them.
pub fn tool_call_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for (index, spec) in catalog().iter().enumerate() {
        let Ok(tool) = u8::try_from(index) else { break };
        let properties = spec.input_schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        let required: Vec<&str> = spec
            .input_schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let minimal: serde_json::Map<String, Value> = properties
            .iter()
            .filter(|(name, _)| required.contains(&name.as_str()))
            .map(|(name, rule)| (name.clone(), sample_value(name, rule)))
            .collect();
        let full: serde_json::Map<String, Value> =
            properties.iter().map(|(name, rule)| (name.clone(), sample_value(name, rule))).collect();
        for (config, args) in [(0u8, &minimal), (2, &minimal), (3, &full), (5, &full)] {
            let mut seed = vec![tool, config];
            seed.extend_from_slice(Value::Object(args.clone()).to_string().as_bytes());
            for _ in 0..3 {
                seed.push(0);
                seed.extend_from_slice(&200u16.to_be_bytes());
                seed.extend_from_slice(SEED_BODY.as_bytes());
            }
            seeds.push(seed);
        }
    }
    seeds
}

/// A body with the keys most Jira answers carry, so that seeded calls get past the first parser.
const SEED_BODY: &str = r#"{"id":"10000","key":"PROJ-1","name":"n","self":"https://acme.atlassian.net/rest/api/3/issue/10000","fields":{"summary":"s","status":{"name":"To Do"},"description":{"type":"doc","version":1,"content":[]}},"values":[],"issues":[],"comments":[],"worklogs":[],"transitions":[],"isLast":true,"total":0,"startAt":0,"maxResults":50,"accountId":"5b10a2844c20165700ede21g","displayName":"Ada","active":true,"cloudId":"0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f","access_token":"at2","refresh_token":"rt2","expires_in":3600}"#;

fn sample_value(name: &str, rule: &Value) -> Value {
    if let Some(first) = rule.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    match rule.get("type").and_then(Value::as_str) {
        Some("integer") => Value::from(rule.get("minimum").and_then(Value::as_i64).unwrap_or(1).max(1)),
        Some("boolean") => Value::Bool(true),
        Some("array") => Value::Array(vec![rule.get("items").map_or(Value::from("PROJ-1"), |i| sample_value(name, i))]),
        Some("object") => Value::Object(serde_json::Map::new()),
        _ if name.contains("jql") => Value::from("project = PROJ ORDER BY created DESC"),
        _ if name.contains("account") => Value::from("5b10a2844c20165700ede21g"),
        _ if name.contains("date") || name.contains("started") => Value::from("2024-01-02T03:04:05Z"),
        _ if name.contains("method") => Value::from("GET"),
        _ if name.contains("path") => Value::from("/rest/api/3/myself"),
        _ if name.contains("project") => Value::from("PROJ"),
        _ if name.contains("key") || name.contains("issue") => Value::from("PROJ-1"),
        _ if name.contains("id") => Value::from("10000"),
        _ => Value::from("Some *Markdown* text"),
    }
}
