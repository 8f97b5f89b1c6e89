//! Tests of the `projects` rail: targets read from arguments, refusals (sending nothing when a key says
//! enough), lookups of boards, sprints and numeric issue ids, JQL restriction on the wire, filtered lists.

use serde_json::{json, Value};

use super::scope::{targets, Target};
use super::tests::{client_with, refused};
use super::*;
use crate::jira::test_support::Scripted;

fn acme() -> Value {
    json!({"projects": ["acme"]})
}

fn board(id: u64, project: &str) -> String {
    json!({"id": id, "name": "b", "type": "scrum", "location": {"projectKey": project}}).to_string()
}

fn call(http: &Scripted, tool: &str, args: Value) -> Result<Value> {
    let client = client_with(acme(), http).expect("client");
    crate::tools::call_tool(&client, tool, &args.to_string()).map(|out| serde_json::from_str(&out).expect("json"))
}

#[test]
fn targets_are_read_from_every_argument_naming_an_issue_project_board_or_sprint() {
    let issue = |arg: &str, key: &str| Target::Issue(arg.into(), key.into());
    let project = |arg: &str, key: &str| Target::Project(arg.into(), key.into());
    let found = targets(&json!({
        "issue_key": "ACME-1", "inward_issue": "A-1", "outward_issue": "B-2", "parent_key": "C-3",
        "epic_key": "D-4", "rank_before": "E-5", "issue_keys": ["F-6", "10001"], "project_key": "OPS",
        "board_id": 7, "sprint_id": 8, "move_open_issues_to": "9", "link_id": "100", "version_id": "200",
        "fields": {"project": {"key": "HR"}, "parent": {"id": "10002"}, "summary": "x"},
        "issues": [{"project_key": "DATA", "parent_key": "G-7", "fields": {"project": {"id": "10005"}}}]
    }));
    for expected in [
        issue("issue_key", "ACME-1"),
        issue("inward_issue", "A-1"),
        issue("outward_issue", "B-2"),
        issue("parent_key", "C-3"),
        issue("epic_key", "D-4"),
        issue("rank_before", "E-5"),
        issue("issue_keys[0]", "F-6"),
        issue("issue_keys[1]", "10001"),
        project("project_key", "OPS"),
        Target::Board(7),
        Target::Sprint(8),
        Target::Sprint(9),
        Target::Link("100".into()),
        Target::Version("200".into()),
        project("fields.project", "HR"),
        issue("fields.parent", "10002"),
        project("issues[0].project_key", "DATA"),
        issue("issues[0].parent_key", "G-7"),
        project("issues[0].fields.project", "10005"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert_eq!(found.len(), 19, "{found:?}");
    assert!(targets(&json!({"move_open_issues_to": "backlog", "jql": "project = OPS"})).is_empty());
}

#[test]
fn issues_and_projects_outside_the_list_are_refused_before_any_request() {
    let http = Scripted::default();
    for (tool, args, named) in [
        ("jira_get_issue", json!({"issue_key": "OPS-1"}), "`issue_key` OPS-1"),
        ("jira_create_issue", json!({"project_key": "OPS", "summary": "x", "issue_type": "Task"}), "`project_key` OPS"),
        (
            "jira_create_issue",
            json!({"project_key": "ACME", "summary": "x", "issue_type": "Task", "fields": {"project": {"key": "OPS"}}}),
            "`fields.project` OPS",
        ),
        (
            "jira_create_issue_link",
            json!({"inward_issue": "ACME-1", "outward_issue": "ops-2", "link_type": "Blocks"}),
            "OPS-2",
        ),
        ("jira_bulk_get_issues", json!({"issue_keys": ["ACME-1", "OPS-2"]}), "`issue_keys[1]` OPS-2"),
        ("jira_move_issues_to_backlog", json!({"issue_keys": ["OPS-2"]}), "OPS-2"),
        ("jira_get_project", json!({"project_key": "OPS"}), "`project_key` OPS"),
        ("jira_list_boards", json!({"project_key": "OPS"}), "`project_key` OPS"),
        ("jira_set_parent", json!({"issue_key": "ACME-1", "parent_key": "OPS-9"}), "`parent_key` OPS-9"),
        (
            "jira_batch_create_issues",
            json!({"issues": [{"project_key": "ACME", "summary": "a", "issue_type": "Task"}, {"project_key": "OPS", "summary": "b", "issue_type": "Task"}]}),
            "`issues[1].project_key` OPS",
        ),
    ] {
        let err = call(&http, tool, args).expect_err(tool);
        assert_eq!(err.kind, ErrorKind::Forbidden, "{tool}: {}", err.message);
        assert!(err.message.contains(named), "{tool}: {}", err.message);
        assert!(err.message.contains("project OPS") && err.message.contains("options.projects"), "{}", err.message);
    }
    assert!(http.seen.borrow().is_empty(), "nothing was sent: {:?}", http.seen.borrow());
}

#[test]
fn the_escape_hatch_is_refused_while_a_project_list_is_set() {
    let http = Scripted::default();
    let err = refused(acme(), "jira_request", json!({"method": "GET", "path": "/rest/api/3/myself"}), &http);
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("options.projects"), "{}", err.message);
    assert!(http.seen.borrow().is_empty());
    for tool in ["jira_get_attachment", "jira_download_attachment", "jira_delete_attachment"] {
        let err = refused(acme(), tool, json!({"attachment_id": "10050"}), &http);
        assert_eq!(err.kind, ErrorKind::Forbidden, "{tool}");
        assert!(err.message.contains("options.projects"), "{tool}: {}", err.message);
    }
    assert!(http.seen.borrow().is_empty());
    let options = crate::config::parse_options(Some(&acme())).expect("options");
    assert!(!tools_for(&options).expect("tools").iter().any(|t| t.name == "jira_request"));
}

#[test]
fn boards_and_sprints_are_checked_through_their_project() {
    // A board of another project: one GET for the board, nothing else.
    let http = Scripted::default().answer(200, board(2, "OPS"));
    let err = call(&http, "jira_get_board_issues", json!({"board_id": 2})).expect_err("other project");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("board 2: project OPS"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 1);
    assert!(http.seen.borrow()[0].url.ends_with("/rest/agile/1.0/board/2"));

    // A sprint whose origin board is in another project: the sprint, then its board.
    let sprint = json!({"id": 5, "name": "S", "state": "active", "originBoardId": 2}).to_string();
    let http = Scripted::default().answer(200, sprint).answer(200, board(2, "OPS"));
    let err = call(&http, "jira_delete_sprint", json!({"sprint_id": 5})).expect_err("other project");
    assert!(err.message.contains("sprint 5") && err.message.contains("project OPS"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 2, "no DELETE");

    // An allowed board: its issues are read with the project restriction as the JQL.
    let page = json!({"startAt": 0, "maxResults": 50, "total": 0, "issues": []}).to_string();
    let http = Scripted::default().answer(200, board(1, "ACME")).answer(200, page);
    call(&http, "jira_get_board_issues", json!({"board_id": 1, "jql": "project = OPS OR status = Done"})).expect("ok");
    let seen = http.seen.borrow();
    let url = url::Url::parse(&seen[1].url).expect("url");
    let jql = url.query_pairs().find(|(k, _)| k == "jql").map(|(_, v)| v.into_owned());
    assert_eq!(jql.as_deref(), Some(r#"(project = OPS OR status = Done) AND project in ("ACME")"#));
}

#[test]
fn a_numeric_issue_id_is_checked_through_the_issue_it_names() {
    let issue = json!({"id": "10042", "key": "OPS-7", "fields": {"project": {"id": "10001", "key": "OPS"}}});
    let http = Scripted::default().answer(200, issue.to_string());
    let err = call(&http, "jira_delete_issue", json!({"issue_key": "10042"})).expect_err("other project");
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(err.message.contains("10042 (OPS-7)") && err.message.contains("project OPS"), "{}", err.message);
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 1, "only the lookup, no DELETE");
    assert_eq!(seen[0].method, crate::http::Method::Get);
}

#[test]
fn search_and_count_send_the_restricted_jql() {
    let page = json!({"issues": [], "isLast": true}).to_string();
    let http = Scripted::default().answer(200, page).answer(200, r#"{"count": 3}"#);
    call(&http, "jira_search", json!({"jql": "project = OPS OR project = HR ORDER BY created"})).expect("search");
    let out = call(&http, "jira_count_issues", json!({"jql": r#"summary ~ "order by""#})).expect("count");
    assert_eq!(out["count"], 3);
    let seen = http.seen.borrow();
    let body = |i: usize| seen[i].body_json().expect("json")["jql"].as_str().map(str::to_string);
    assert_eq!(body(0).as_deref(), Some(r#"(project = OPS OR project = HR) AND project in ("ACME") ORDER BY created"#));
    assert_eq!(body(1).as_deref(), Some(r#"(summary ~ "order by") AND project in ("ACME")"#));
    drop(seen);

    let http = Scripted::default();
    let err = call(&http, "jira_search", json!({"jql": "project = ACME) OR (project = OPS"})).expect_err("escape");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn project_and_board_lists_keep_only_allowed_projects() {
    let projects = json!({"startAt": 0, "maxResults": 50, "total": 3, "isLast": true, "values": [
        {"id": "10000", "key": "ACME", "name": "Acme"}, {"id": "10001", "key": "OPS", "name": "Ops"},
        {"id": "10002", "key": "DATA", "name": "Data"}]});
    let http = Scripted::default().answer(200, projects.to_string());
    let out = call(&http, "jira_list_projects", json!({})).expect("list");
    let keys: Vec<&str> =
        out["projects"].as_array().expect("projects").iter().filter_map(|p| p["key"].as_str()).collect();
    assert_eq!(keys, ["ACME"]);
    assert_eq!(out["total"], Value::Null, "Jira's total counted the hidden projects");

    let boards = json!({"startAt": 0, "maxResults": 50, "total": 3, "isLast": true, "values": [
        json!({"id": 1, "name": "a", "type": "scrum", "location": {"projectKey": "ACME"}}),
        json!({"id": 2, "name": "o", "type": "kanban", "location": {"projectKey": "OPS"}}),
        json!({"id": 3, "name": "u", "type": "kanban"})]});
    let http = Scripted::default().answer(200, boards.to_string());
    let out = call(&http, "jira_list_boards", json!({})).expect("list");
    let ids: Vec<u64> = out["boards"].as_array().expect("boards").iter().filter_map(|b| b["id"].as_u64()).collect();
    assert_eq!(ids, [1]);
}
