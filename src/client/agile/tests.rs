//! Tests of the agile drivers against scripted answers: paging, chunking, and the sprint life cycle. Every
//! request the scripted client sees is validated against the Software (or platform) spec.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::ErrorKind;
use crate::http::Method;
use crate::jira::agile::backlog::Destination;
use crate::jira::agile::boards::BoardFilter;
use crate::jira::agile::dates::{parse_timestamp, FixedClock};
use crate::jira::agile::issues::{IssueQuery, IssueSource};
use crate::jira::agile::sprints::SprintState;
use crate::jira::test_support::Scripted;

const API_KEY_CONFIG: &str = r#"{"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok"}}"#;
const BASE: &str = "https://acme.atlassian.net/rest/agile/1.0";

fn client(http: &Scripted) -> Client<&Scripted> {
    Client::new(API_KEY_CONFIG, http).expect("client")
}

fn json_text(value: Value) -> String {
    value.to_string()
}

fn sprint(id: u64, state: &str, dates: Option<(&str, &str)>) -> Value {
    let mut sprint = json!({ "id": id, "name": format!("Sprint {id}"), "state": state, "originBoardId": 1 });
    if let Some((start, end)) = dates {
        sprint["startDate"] = json!(start);
        sprint["endDate"] = json!(end);
    }
    sprint
}

fn issue(key: &str, extra: Value) -> Value {
    let mut fields =
        json!({ "summary": key, "status": { "name": "To Do" }, "issuetype": { "name": "Task", "subtask": false } });
    if let (Some(fields), Some(extra)) = (fields.as_object_mut(), extra.as_object()) {
        fields.extend(extra.clone());
    }
    json!({ "id": key.trim_start_matches("ACME-"), "key": key, "fields": fields })
}

fn urls(http: &Scripted) -> Vec<String> {
    http.seen.borrow().iter().map(|r| format!("{} {}", r.method, r.url)).collect()
}

#[test]
fn board_lists_follow_is_last_over_pages_the_service_caps_at_50() {
    let boards = |from: u64, n: u64| -> Vec<Value> {
        (from..from + n).map(|id| json!({"id": id, "name": format!("B{id}"), "type": "scrum"})).collect()
    };
    let http = Scripted::default()
        .answer(200, json_text(json!({"startAt": 0, "maxResults": 50, "isLast": false, "values": boards(1, 50)})))
        .answer(200, json_text(json!({"startAt": 50, "maxResults": 50, "isLast": false, "values": boards(51, 50)})))
        .answer(200, json_text(json!({"startAt": 100, "maxResults": 50, "isLast": true, "values": boards(101, 20)})));
    let list = client(&http).list_boards(&BoardFilter::default(), Some(500)).expect("boards");
    assert_eq!(list.boards.len(), 120);
    assert!(list.is_last);
    assert_eq!(list.total, None, "total may be absent");
    assert_eq!(list.boards[119].id, 120);
    assert_eq!(
        urls(&http),
        [
            format!("GET {BASE}/board?startAt=0&maxResults=50"),
            format!("GET {BASE}/board?startAt=50&maxResults=50"),
            format!("GET {BASE}/board?startAt=100&maxResults=50"),
        ]
    );
}

#[test]
fn issue_lists_stop_at_the_limit_and_never_trust_max_results() {
    let issues = |from: u32, n: u32| -> Vec<Value> {
        (from..from + n).map(|i| issue(&format!("ACME-{i}"), json!({}))).collect()
    };
    // Asked for 50, the server serves 30 at a time (and says so), without isLast.
    let http = Scripted::default()
        .answer(200, json_text(json!({"startAt": 0, "maxResults": 30, "total": 200, "issues": issues(1, 30)})))
        .answer(200, json_text(json!({"startAt": 30, "maxResults": 30, "total": 200, "issues": issues(31, 30)})));
    let query = IssueQuery { jql: Some("type = Bug".into()), fields: Vec::new(), limit: Some(60) };
    let list = client(&http).get_agile_issues(&IssueSource::Backlog(1), &query).expect("backlog");
    assert_eq!(list.issues.len(), 60);
    assert_eq!((list.total, list.is_last), (Some(200), false));
    let seen = urls(&http);
    assert!(seen[0].contains("/board/1/backlog?startAt=0&maxResults=50&jql=type%20%3D%20Bug&fields="), "{}", seen[0]);
    assert!(seen[1].contains("/board/1/backlog?startAt=30&maxResults=30&jql="), "{}", seen[1]);
}

#[test]
fn invalid_arguments_send_nothing() {
    let http = Scripted::default();
    let c = client(&http);
    assert_eq!(c.get_board(0).expect_err("zero").kind, ErrorKind::InvalidInput);
    assert_eq!(c.list_sprints(1, &[], Some(0)).expect_err("limit").kind, ErrorKind::InvalidInput);
    assert_eq!(c.move_issues_to_backlog(&[]).expect_err("empty").kind, ErrorKind::InvalidInput);
    assert_eq!(c.rank_issues(&["ACME-1".into()], None, None).expect_err("no anchor").kind, ErrorKind::InvalidInput);
    assert_eq!(c.start_sprint(3, Some("soon"), None).expect_err("date").kind, ErrorKind::InvalidInput);
    assert_eq!(c.close_sprint(3, Some(Destination::Sprint(3))).expect_err("itself").kind, ErrorKind::InvalidInput);
    assert!(http.seen.borrow().is_empty());
}

#[test]
fn starting_defaults_to_now_plus_the_boards_last_completed_sprint_length() {
    let now = parse_timestamp("now", "2024-06-03T09:00:00Z").expect("now").millis;
    let closed = json!({"isLast": true, "values": [
        sprint(1, "closed", Some(("2024-04-01T09:00:00.000Z", "2024-04-15T09:00:00.000Z"))),
        // The most recently completed one lasted ten days: that is the board's usual length now.
        {"id": 2, "name": "S2", "state": "closed", "startDate": "2024-05-06T09:00:00.000Z",
         "endDate": "2024-05-16T09:00:00.000Z", "completeDate": "2024-05-16T10:00:00.000Z"},
    ]});
    let http = Scripted::default()
        .answer(200, json_text(sprint(3, "future", None)))
        .answer(200, json_text(closed))
        .answer(200, json_text(sprint(3, "active", Some(("2024-06-03T09:00:00.000Z", "2024-06-13T09:00:00.000Z")))));
    let started = client(&http).start_sprint_with_clock(3, None, None, &FixedClock(now)).expect("start");
    assert_eq!(started.state, SprintState::Active);
    let seen = http.seen.borrow();
    assert_eq!(seen[1].url, format!("{BASE}/board/1/sprint?startAt=0&maxResults=50&state=closed"));
    assert_eq!((seen[2].method, seen[2].url.as_str()), (Method::Post, format!("{BASE}/sprint/3").as_str()));
    assert_eq!(
        seen[2].body_json().expect("json"),
        json!({"state": "active", "startDate": "2024-06-03T09:00:00.000Z", "endDate": "2024-06-13T09:00:00.000Z"})
    );
}

#[test]
fn starting_without_history_takes_two_weeks_and_a_given_end_needs_no_history() {
    let http = Scripted::default()
        .answer(200, json_text(sprint(3, "future", None)))
        .answer(200, json_text(json!({"isLast": true, "values": []})))
        .answer(200, json_text(sprint(3, "active", None)));
    client(&http).start_sprint_with_clock(3, Some("2024-07-01"), None, &FixedClock(0)).expect("start");
    let body = http.seen.borrow()[2].body_json().expect("json");
    assert_eq!(body["startDate"], "2024-07-01T00:00:00.000Z");
    assert_eq!(body["endDate"], "2024-07-15T00:00:00.000Z");

    let http = Scripted::default()
        .answer(200, json_text(sprint(3, "future", None)))
        .answer(200, json_text(sprint(3, "active", None)));
    client(&http).start_sprint(3, None, Some("2999-01-01")).expect("start");
    let seen = http.seen.borrow();
    assert_eq!(seen.len(), 2, "no history lookup when the end is given");
    assert_eq!(seen[1].body_json().expect("json")["endDate"], "2999-01-01T00:00:00.000Z");
}

#[test]
fn only_a_future_sprint_starts_and_only_an_active_one_closes() {
    let http = Scripted::default().answer(200, json_text(sprint(2, "active", None)));
    let err = client(&http).start_sprint(2, None, None).expect_err("active");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.message, "sprint 2 (Sprint 2) is active: only a future sprint can be started");
    let http = Scripted::default().answer(200, json_text(sprint(3, "future", None)));
    let err = client(&http).close_sprint(3, None).expect_err("future");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("only an active sprint can be closed"), "{}", err.message);
    assert_eq!(http.seen.borrow().len(), 1, "nothing is changed after the check");
    let http = Scripted::default()
        .answer(200, json_text(sprint(2, "active", None)))
        .answer(200, json_text(sprint(1, "closed", None)));
    let err = client(&http).close_sprint(2, Some(Destination::Sprint(1))).expect_err("closed target");
    assert_eq!(err.kind, ErrorKind::Conflict);
    let http = Scripted::default().answer(200, json_text(sprint(2, "future", None)));
    let err = client(&http).start_sprint(2, Some("2024-06-10"), Some("2024-06-01")).expect_err("order");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(http.seen.borrow().is_empty(), "dates are checked before any request");
}

#[test]
fn closing_moves_unfinished_issues_first_and_reports_them() {
    let open = json!({"startAt": 0, "maxResults": 50, "total": 3, "issues": [
        issue("ACME-2", json!({})),
        issue("ACME-3", json!({})),
        issue("ACME-9", json!({"issuetype": {"name": "Subtask", "subtask": true}, "parent": {"key": "ACME-2"}})),
    ]});
    let http = Scripted::default()
        .answer(200, json_text(sprint(2, "active", None)))
        .answer(200, json_text(open))
        .answer(204, "")
        .answer(200, json_text(sprint(2, "closed", None)));
    let closure = client(&http).close_sprint(2, Some(Destination::Backlog)).expect("close");
    assert_eq!(closure.sprint.state, SprintState::Closed);
    assert_eq!(closure.moved_to, Some(Destination::Backlog));
    assert_eq!(closure.moved_issue_keys, ["ACME-2", "ACME-3"], "the sub-task travels with its parent");
    assert_eq!(closure.open_issue_keys, ["ACME-2", "ACME-3", "ACME-9"]);
    let seen = http.seen.borrow();
    assert!(seen[1]
        .url
        .starts_with(&format!("{BASE}/sprint/2/issue?startAt=0&maxResults=50&jql=statusCategory%20%21%3D%20Done")));
    assert_eq!(seen[2].url, format!("{BASE}/backlog/issue"));
    assert_eq!(seen[2].body_json().expect("json"), json!({"issues": ["ACME-2", "ACME-3"]}));
    assert_eq!(seen[3].body_json().expect("json"), json!({"state": "closed"}));
}

#[test]
fn closing_into_another_sprint_checks_it_and_moves_there() {
    let http = Scripted::default()
        .answer(200, json_text(sprint(2, "active", None)))
        .answer(200, json_text(sprint(3, "future", None)))
        .answer(200, json_text(json!({"total": 1, "issues": [issue("ACME-3", json!({}))]})))
        .answer(204, "")
        .answer(200, json_text(sprint(2, "closed", None)));
    let closure = client(&http).close_sprint(2, Some(Destination::Sprint(3))).expect("close");
    assert_eq!(closure.moved_issue_keys, ["ACME-3"]);
    let seen = http.seen.borrow();
    assert_eq!(seen[3].url, format!("{BASE}/sprint/3/issue"));
    // Without a destination nothing moves, but the unfinished issues are still reported.
    let http = Scripted::default()
        .answer(200, json_text(sprint(2, "active", None)))
        .answer(200, json_text(json!({"total": 1, "issues": [issue("ACME-3", json!({}))]})))
        .answer(200, json_text(sprint(2, "closed", None)));
    let closure = client(&http).close_sprint(2, None).expect("close");
    assert!(closure.moved_issue_keys.is_empty());
    assert_eq!(closure.open_issue_keys, ["ACME-3"]);
    assert_eq!(http.seen.borrow().len(), 3);
}

#[test]
fn moves_and_ranks_are_chunked_by_fifty_in_order() {
    let keys: Vec<String> = (1..=120).map(|i| format!("ACME-{i}")).collect();
    let http = Scripted::default().answer(204, "").answer(204, "").answer(204, "");
    let moved = client(&http).move_issues_to_sprint(3, &keys, None, Some("ACME-500")).expect("move");
    assert_eq!(moved.issue_keys.len(), 120);
    let bodies: Vec<Value> = http.seen.borrow().iter().map(|r| r.body_json().expect("json")).collect();
    assert_eq!(bodies.iter().map(|b| b["issues"].as_array().map_or(0, Vec::len)).collect::<Vec<_>>(), [50, 50, 20]);
    assert_eq!(
        bodies.iter().map(|b| b["rankAfterIssue"].clone()).collect::<Vec<_>>(),
        [json!("ACME-500"), json!("ACME-50"), json!("ACME-100")]
    );

    let answer = r#"{"entries":[{"issueId":1,"issueKey":"ACME-1","status":200},{"issueId":2,"issueKey":"ACME-2","status":400,"errors":["Cannot rank"]}]}"#;
    let http = Scripted::default().answer(207, answer);
    let outcome = client(&http).rank_issues(&keys[..2], Some("ACME-7"), None).expect("rank");
    assert_eq!(outcome.ranked, ["ACME-1"]);
    assert_eq!(outcome.failed[0].issue_key, "ACME-2");
    assert_eq!(outcome.failed[0].errors, ["Cannot rank"]);
    assert_eq!(http.seen.borrow()[0].method, Method::Put);
}

#[test]
fn set_parent_edits_the_issue_and_jira_errors_keep_their_kind() {
    let http = Scripted::default().answer(204, "").answer(
        404,
        r#"{"errorMessages":["Board does not exist or you do not have permission to see it."],"errors":{}}"#,
    );
    let c = client(&http);
    let outcome = c.set_parent("ACME-2", "ACME-1").expect("parent");
    assert_eq!((outcome.issue_key.as_str(), outcome.parent_key.as_str()), ("ACME-2", "ACME-1"));
    let err = c.get_board(99).expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.error_messages, ["Board does not exist or you do not have permission to see it."]);
}
