//! Tests of the fake's Jira Software API over real HTTP: boards, sprints and their state machine, backlog,
//! ranking, epics, and the 50-item page cap.

use serde_json::{json, Value};

use super::test_client::{gateway, send, site, start, Answer};
use super::*;

fn get(fake: &FakeJira, path: &str) -> Answer {
    site(fake, "GET", &format!("/rest/agile/1.0/{path}"), None)
}

fn write(fake: &FakeJira, method: &str, path: &str, body: &Value) -> Answer {
    site(fake, method, &format!("/rest/agile/1.0/{path}"), Some(&body.to_string()))
}

fn keys(answer: &Answer) -> Vec<String> {
    answer.json()["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["key"].as_str().map(str::to_string))
        .collect()
}

fn message(answer: &Answer) -> String {
    answer.json()["errorMessages"][0].as_str().unwrap_or_default().to_string()
}

#[test]
fn boards_list_filter_and_describe_themselves() {
    let fake = start();
    let all = get(&fake, "board");
    assert_eq!(all.status, 200);
    let body = all.json();
    assert_eq!((body["total"].clone(), body["isLast"].clone()), (json!(2), json!(true)));
    assert_eq!(body["values"][0]["name"], "ACME board");
    assert_eq!(body["values"][0]["location"]["projectKey"], "ACME");
    assert_eq!(get(&fake, "board?type=kanban").json()["values"][0]["name"], "OPS board");
    assert_eq!(get(&fake, "board?projectKeyOrId=ACME&name=acme").json()["values"].as_array().map(Vec::len), Some(1));
    assert_eq!(get(&fake, "board?projectKeyOrId=NOPE").status, 400);
    let missing = get(&fake, "board/99");
    assert_eq!(missing.status, 404);
    assert_eq!(message(&missing), "Board does not exist or you do not have permission to see it.");
    assert_eq!(get(&fake, "board/abc").status, 400);
    let config = get(&fake, "board/1/configuration").json();
    assert_eq!(config["columnConfig"]["columns"][1]["statuses"][0]["id"], "3");
    assert_eq!(config["estimation"]["field"]["fieldId"], "customfield_10016");
    assert_eq!(config["location"]["key"], "ACME");
    let through_gateway = send(
        &fake,
        "GET",
        FAKE_GATEWAY_HOST,
        &gateway("/rest/agile/1.0/board/2"),
        Some(&format!("Bearer {FAKE_OAUTH_TOKEN}")),
        None,
    );
    assert_eq!(through_gateway.json()["type"], "kanban");
}

#[test]
fn sprints_list_in_jiras_order_and_kanban_boards_have_none() {
    let fake = start();
    let list = get(&fake, "board/1/sprint").json();
    let states: Vec<&str> = list["values"].as_array().unwrap().iter().filter_map(|s| s["state"].as_str()).collect();
    assert_eq!(states, ["closed", "active", "future"]);
    assert!(list.get("total").is_none(), "sprint lists have no total, as in Jira Cloud");
    assert_eq!(list["values"][0]["startDate"], "2024-05-06T09:00:00.000Z");
    let open = get(&fake, "board/1/sprint?state=future,active").json();
    assert_eq!(open["values"].as_array().map(Vec::len), Some(2));
    assert_eq!(get(&fake, "board/1/sprint?state=paused").status, 400);
    let kanban = get(&fake, "board/2/sprint");
    assert_eq!(kanban.status, 400);
    assert!(message(&kanban).contains("does not support sprints"));
}

#[test]
fn the_sprint_state_machine_is_jiras() {
    let fake = start();
    assert_eq!(write(&fake, "POST", "sprint/2", &json!({"state": "active"})).status, 200, "no change, no error");
    let back_to_future = write(&fake, "POST", "sprint/2", &json!({"state": "future"}));
    assert_eq!(back_to_future.status, 400);
    assert_eq!(message(&back_to_future), "Other changes to the state of a sprint are not allowed.");
    let reopened = write(&fake, "POST", "sprint/1", &json!({"state": "active"}));
    assert_eq!(message(&reopened), "Only the name and the goal of a closed sprint can be changed.");
    let closed_early = write(&fake, "POST", "sprint/3", &json!({"state": "closed"}));
    assert!(message(&closed_early).contains("only an active sprint can be completed"));
    let undated = write(&fake, "POST", "sprint/3", &json!({"state": "active"}));
    assert_eq!(message(&undated), "A sprint can only be started with a start date and an end date.");
    let backwards = write(&fake, "POST", "sprint/3", &json!({"startDate": "2024-06-10", "endDate": "2024-06-01"}));
    assert_eq!(backwards.status, 400);
    let started = write(
        &fake,
        "POST",
        "sprint/3",
        &json!({"state": "active", "startDate": "2024-06-03T09:00:00.000Z", "endDate": "2024-06-13T09:00:00.000+02:00"}),
    );
    assert_eq!(started.status, 200, "{}", started.text);
    assert_eq!(started.json()["endDate"], "2024-06-13T07:00:00.000Z");
    let closed = write(&fake, "POST", "sprint/2", &json!({"state": "closed"}));
    assert_eq!(closed.json()["state"], "closed");
    assert!(closed.json()["completeDate"].is_string());
    let redated = write(&fake, "POST", "sprint/2", &json!({"endDate": "2024-07-01"}));
    assert_eq!(message(&redated), "Only the name and the goal of a closed sprint can be changed.");
    let renamed = write(&fake, "POST", "sprint/2", &json!({"name": "Sprint two", "goal": "Done and dusted"}));
    assert_eq!(
        (renamed.json()["name"].clone(), renamed.json()["goal"].clone()),
        (json!("Sprint two"), json!("Done and dusted"))
    );
    assert_eq!(get(&fake, "sprint/99").status, 404);
}

#[test]
fn closing_leaves_unfinished_issues_in_the_closed_sprint_which_puts_them_in_the_backlog() {
    let fake = start();
    assert_eq!(keys(&get(&fake, "sprint/2/issue")), ["ACME-3", "ACME-2"], "rank order");
    assert_eq!(keys(&get(&fake, "board/1/backlog")), ["ACME-5"]);
    write(&fake, "POST", "sprint/2", &json!({"state": "closed"}));
    assert_eq!(keys(&get(&fake, "sprint/2/issue")), ["ACME-3", "ACME-2"], "a closed sprint keeps its issues");
    assert_eq!(keys(&get(&fake, "board/1/backlog")), ["ACME-3", "ACME-2", "ACME-5"]);
    let issue = &get(&fake, "sprint/2/issue?jql=key%20%3D%20ACME-3").json()["issues"][0];
    assert_eq!(issue["fields"]["sprint"], Value::Null);
    assert_eq!(issue["fields"]["closedSprints"].as_array().map(Vec::len), Some(2));
}

#[test]
fn issues_move_between_sprints_and_the_backlog_and_rank() {
    let fake = start();
    assert_eq!(
        write(&fake, "POST", "sprint/3/issue", &json!({"issues": ["ACME-5"], "rankBeforeIssue": "ACME-6"})).status,
        204
    );
    assert_eq!(keys(&get(&fake, "sprint/3/issue")), ["ACME-5", "ACME-6"]);
    assert!(keys(&get(&fake, "board/1/backlog")).is_empty());
    assert_eq!(write(&fake, "POST", "backlog/issue", &json!({"issues": ["ACME-6", "ACME-5"]})).status, 204);
    assert_eq!(keys(&get(&fake, "board/1/backlog")), ["ACME-5", "ACME-6"]);
    assert_eq!(
        write(&fake, "PUT", "issue/rank", &json!({"issues": ["ACME-6"], "rankBeforeIssue": "ACME-5"})).status,
        204
    );
    assert_eq!(keys(&get(&fake, "board/1/backlog")), ["ACME-6", "ACME-5"]);
    let partial =
        write(&fake, "PUT", "issue/rank", &json!({"issues": ["ACME-5", "ACME-6"], "rankAfterIssue": "ACME-6"}));
    assert_eq!(partial.status, 207);
    assert_eq!(partial.json()["entries"][1]["status"], 400);
    let closed = write(&fake, "POST", "sprint/1/issue", &json!({"issues": ["ACME-5"]}));
    assert!(message(&closed).contains("only be moved to future or active sprints"));
    let unknown = write(&fake, "POST", "backlog/issue", &json!({"issues": ["ACME-404"]}));
    assert_eq!(unknown.status, 400);
    let too_many: Vec<String> = (0..51).map(|_| "ACME-5".to_string()).collect();
    assert!(message(&write(&fake, "POST", "backlog/issue", &json!({"issues": too_many}))).contains("At most 50"));
    assert_eq!(write(&fake, "PUT", "issue/rank", &json!({"issues": ["ACME-5"]})).status, 400);
}

#[test]
fn sprints_are_created_and_deleted() {
    let fake = start();
    let created =
        write(&fake, "POST", "sprint", &json!({"name": "ACME Sprint 4", "originBoardId": 1, "goal": "Speed"}));
    assert_eq!(created.status, 201);
    assert_eq!((created.json()["id"].clone(), created.json()["state"].clone()), (json!(4), json!("future")));
    assert_eq!(write(&fake, "POST", "sprint", &json!({"name": "K", "originBoardId": 2})).status, 400);
    assert_eq!(write(&fake, "POST", "sprint", &json!({"name": "X", "originBoardId": 9})).status, 404);
    assert_eq!(
        write(&fake, "POST", "sprint", &json!({"originBoardId": 1})).json()["errors"]["name"],
        "The sprint name must not be empty."
    );
    assert_eq!(site(&fake, "DELETE", "/rest/agile/1.0/sprint/3", None).status, 204);
    assert_eq!(keys(&get(&fake, "board/1/backlog")), ["ACME-6", "ACME-5"]);
    assert_eq!(get(&fake, "sprint/3").status, 404);
}

#[test]
fn epics_and_their_children() {
    let fake = start();
    let epics = get(&fake, "board/1/epic").json();
    assert_eq!(epics["values"][0]["key"], "ACME-1");
    assert_eq!(epics["values"][0]["done"], false);
    assert_eq!(keys(&get(&fake, "epic/ACME-1/issue")), ["ACME-2"]);
    assert_eq!(get(&fake, "epic/ACME-2/issue").status, 400);
    assert_eq!(get(&fake, "epic/ACME-404/issue").status, 404);
}

#[test]
fn issue_pages_are_capped_at_fifty() {
    let fake = start();
    for n in 0..55 {
        let body = json!({"fields": {"project": {"key": "ACME"}, "summary": format!("Backlog item {n}"), "issuetype": {"name": "Task"}}});
        assert_eq!(site(&fake, "POST", "/rest/api/3/issue", Some(&body.to_string())).status, 201);
    }
    let first = get(&fake, "board/1/backlog?maxResults=100&fields=summary");
    let body = first.json();
    assert_eq!((body["maxResults"].clone(), body["total"].clone()), (json!(50), json!(56)));
    assert_eq!(body["issues"].as_array().map(Vec::len), Some(50));
    assert!(body["issues"][0]["fields"].get("sprint").is_none(), "only the requested fields");
    let rest = get(&fake, "board/1/backlog?startAt=50&maxResults=100").json();
    assert_eq!(rest["issues"].as_array().map(Vec::len), Some(6));
}
