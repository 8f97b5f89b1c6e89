//! Tests of the JQL composition and of the `read_only` and `enabled_tools` rails.

use serde_json::{json, Value};

use super::*;
use crate::jira::test_support::Scripted;

/// A client over `http` with the given `options`.
pub(super) fn client_with(options: Value, http: &Scripted) -> Result<Client<&Scripted>> {
    let config =
        json!({"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok"}, "options": options});
    Client::new(&config.to_string(), http)
}

/// Calls a tool with `options`, returning the error it must fail with.
pub(super) fn refused(options: Value, tool: &str, args: Value, http: &Scripted) -> Error {
    let client = client_with(options, http).expect("client");
    crate::tools::call_tool(&client, tool, &args.to_string()).expect_err("refused")
}

fn projects(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn jql_is_restricted_without_letting_the_caller_widen_it() {
    let allowed = projects(&["ACME", "OPS"]);
    for (jql, expected) in [
        ("status = Done", r#"(status = Done) AND project in ("ACME", "OPS")"#),
        ("project = X OR project = Y", r#"(project = X OR project = Y) AND project in ("ACME", "OPS")"#),
        (
            "status = Done ORDER BY created DESC",
            r#"(status = Done) AND project in ("ACME", "OPS") ORDER BY created DESC"#,
        ),
        (
            "project = X OR project = Y order   by rank",
            r#"(project = X OR project = Y) AND project in ("ACME", "OPS") order   by rank"#,
        ),
        (
            r#"summary ~ "order by" AND labels = 'x order by y'"#,
            r#"(summary ~ "order by" AND labels = 'x order by y') AND project in ("ACME", "OPS")"#,
        ),
        (
            r#"summary ~ "say \"hi\" ORDER BY x""#,
            r#"(summary ~ "say \"hi\" ORDER BY x") AND project in ("ACME", "OPS")"#,
        ),
        ("(a = 1 OR b = 2)ORDER BY c", r#"((a = 1 OR b = 2)) AND project in ("ACME", "OPS") ORDER BY c"#),
        ("reorder = 1 AND border by", r#"(reorder = 1 AND border by) AND project in ("ACME", "OPS")"#),
        ("ORDER BY created", r#"project in ("ACME", "OPS") ORDER BY created"#),
        ("", r#"project in ("ACME", "OPS")"#),
        ("   ", r#"project in ("ACME", "OPS")"#),
        ("filter = 10000", r#"(filter = 10000) AND project in ("ACME", "OPS")"#),
    ] {
        assert_eq!(restrict_jql(jql, &allowed).expect(jql), expected, "{jql}");
    }
    assert_eq!(
        restrict_jql("a = 1", &projects(&["10000", "OPS"])).expect("ids"),
        r#"(a = 1) AND project in (10000, "OPS")"#
    );
}

#[test]
fn jql_that_could_escape_the_parentheses_is_refused() {
    let allowed = projects(&["ACME"]);
    for (jql, problem) in [
        ("project = X) OR (project = Y", "`)` without its `(`"),
        ("project = X) OR project = Y OR (a = 1", "`)` without its `(`"),
        ("(project = X OR project = Y", "`(` without its `)`"),
        (r#"summary ~ "open"#, "quote that is not closed"),
        (r#"summary ~ 'open \' still"#, "quote that is not closed"),
        ("a = 1 ORDER BY created) OR (project = Y", "parenthesis after ORDER BY"),
        ("a = 1 ORDER BY (created)", "parenthesis after ORDER BY"),
    ] {
        let err = restrict_jql(jql, &allowed).expect_err(jql);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{jql}");
        assert!(err.message.contains(problem), "{jql}: {}", err.message);
    }
    let err = restrict_jql("a = 1", &[]).expect_err("empty allow-list");
    assert_eq!(err.kind, ErrorKind::Forbidden);
}

#[test]
fn jql_strings_cannot_be_ended_early() {
    assert_eq!(jql_string("ACME"), r#""ACME""#);
    assert_eq!(jql_string(r#"a" OR project = "X"#), r#""a\" OR project = \"X""#);
    assert_eq!(jql_string("back\\slash\nline\u{7}"), r#""back\\slash\nline""#);
    // What `jql_string` produces scans as one closed literal.
    let jql = format!("summary ~ {}", jql_string(r#"x" ORDER BY "y\"#));
    let (filter, order) = split_order_by(&jql).expect("ok");
    assert!(order.is_none(), "{filter}");
}

#[test]
fn read_only_hides_writes_but_keeps_reads_and_a_get_only_escape_hatch() {
    let options = crate::config::parse_options(Some(&json!({"read_only": true}))).expect("options");
    let listed = tools_for(&options).expect("tools");
    assert!(listed.iter().any(|t| t.name == "jira_search"));
    assert!(listed.iter().any(|t| t.name == "jira_request"));
    for tool in &listed {
        assert!(tool.read_only || tool.name == "jira_request", "{} is a write", tool.name);
    }
    let reads = catalog().iter().filter(|t| t.read_only).count();
    assert_eq!(listed.len(), reads + 1, "every read tool, and the escape hatch, is listed");
}

#[test]
fn read_only_refuses_writes_before_any_request() {
    let http = Scripted::default();
    for (tool, args) in [
        ("jira_create_issue", json!({"project_key": "ACME", "summary": "x", "issue_type": "Task"})),
        ("jira_delete_issue", json!({"issue_key": "ACME-1"})),
        ("jira_add_comment", json!({"issue_key": "ACME-1", "body": "hi"})),
        ("jira_delete_sprint", json!({"sprint_id": 3})),
        ("jira_request", json!({"method": "POST", "path": "/rest/api/3/issue", "body": {}})),
        ("jira_request", json!({"method": "delete", "path": "/rest/api/3/issue/ACME-1"})),
    ] {
        let err = refused(json!({"read_only": true}), tool, args, &http);
        assert_eq!(err.kind, ErrorKind::Forbidden, "{tool}");
        assert!(err.message.contains("options.read_only"), "{tool}: {}", err.message);
    }
    assert!(http.seen.borrow().is_empty(), "nothing was sent");

    let http = Scripted::default().answer(200, r#"{"accountId": "a"}"#);
    let client = client_with(json!({"read_only": true}), &http).expect("client");
    let out = crate::tools::call_tool(&client, "jira_request", r#"{"method": "GET", "path": "/rest/api/3/myself"}"#)
        .expect("GET is a read");
    assert!(out.contains("\"accountId\""), "{out}");
}

#[test]
fn enabled_tools_hides_and_refuses_the_others() {
    let options = crate::config::parse_options(Some(&json!({"enabled_tools": ["jira_search", "jira_get_issue"]})))
        .expect("options");
    let names: Vec<&str> = tools_for(&options).expect("tools").iter().map(|t| t.name).collect();
    assert_eq!(names, ["jira_get_issue", "jira_search"]);

    let http = Scripted::default();
    let err =
        refused(json!({"enabled_tools": ["jira_search"]}), "jira_get_issue", json!({"issue_key": "ACME-1"}), &http);
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.message.contains("`jira_get_issue`") && err.message.contains("options.enabled_tools"),
        "{}",
        err.message
    );
    assert!(http.seen.borrow().is_empty(), "nothing was sent");

    // Both rails at once: an enabled write is still refused in read-only mode.
    let options = json!({"enabled_tools": ["jira_add_comment"], "read_only": true});
    let err = refused(options, "jira_add_comment", json!({"issue_key": "ACME-1", "body": "x"}), &http);
    assert!(err.message.contains("options.read_only"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn an_unknown_enabled_tool_is_an_invalid_config_naming_it() {
    let options = crate::config::parse_options(Some(&json!({"enabled_tools": ["jira_search", "jira_serch"]})))
        .expect("the parser cannot see the catalog");
    let err = tools_for(&options).expect_err("unknown");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
    assert!(err.message.contains("options.enabled_tools[1]") && err.message.contains("jira_serch"), "{}", err.message);
    let http = Scripted::default();
    let err = refused(json!({"enabled_tools": ["jira_serch"]}), "jira_search", json!({"jql": "a = 1"}), &http);
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn the_listing_for_a_configuration_applies_its_options_and_granted_scopes() {
    let config = json!({"site": "acme", "auth": {"method": "oauth", "access_token": "t", "scopes": ["read:jira-work"]},
                        "options": {"enabled_tools": ["jira_search", "jira_get_myself", "jira_create_issue"]}});
    let names: Vec<&str> = tools_for_config(&config.to_string()).expect("tools").iter().map(|t| t.name).collect();
    assert_eq!(names, ["jira_search"], "get_myself needs read:jira-user, create needs write:jira-work");
    let err = tools_for_config(r#"{"site": "acme"}"#).expect_err("no auth");
    assert_eq!(err.kind, ErrorKind::InvalidConfig);
}
