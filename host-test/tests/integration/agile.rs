//! Jira Software through the component: every agile tool against the fake Jira, with API keys and OAuth (and
//! Instant OAuth for the reads), a whole sprint cycle, paging past Jira's 50-item pages, chunked moves, and the
//! error cases (wrong sprint states, unknown boards, invalid ids that never reach the network).

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::demo::AuthMethod;
use jira_host::fake::Fault;
use serde_json::{json, Value};

fn keys(list: &Value) -> Vec<String> {
    list["issues"]
        .as_array()
        .unwrap_or_else(|| panic!("no issues in {list}"))
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_owned())
        .collect()
}

/// The agile requests the fake received, as `METHOD path?query` below `/rest/agile/1.0/`.
fn agile_calls(env: &Env, method: AuthMethod) -> Vec<String> {
    let prefix = rest_path(method, "agile/1.0/");
    env.api_requests()
        .iter()
        .filter_map(|r| {
            let path = r.path.strip_prefix(&prefix)?;
            Some(if r.query.is_empty() {
                format!("{} {path}", r.method)
            } else {
                format!("{} {path}?{}", r.method, r.query)
            })
        })
        .collect()
}

#[test]
fn boards_and_their_configuration_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let boards = env.ok(method, "jira_list_boards", json!({}));
        assert_eq!(
            boards["boards"],
            json!([
                {"id": 1, "name": "ACME board", "type": "scrum", "project_key": "ACME"},
                {"id": 2, "name": "OPS board", "type": "kanban", "project_key": "OPS"},
            ]),
            "[{}]",
            method.name()
        );
        assert_eq!((boards["total"].clone(), boards["is_last"].clone()), (json!(2), json!(true)));
        let kanban = env.ok(method, "jira_list_boards", json!({"type": "kanban", "project_key": "OPS", "name": "ops"}));
        assert_eq!(kanban["boards"][0]["id"], 2);
        let board = env.ok(method, "jira_get_board", json!({"board_id": 1}));
        assert_eq!(board["project_key"], "ACME");
        let config = env.ok(method, "jira_get_board_configuration", json!({"board_id": 1}));
        assert_eq!(config["columns"][0], json!({"name": "To Do", "statuses": ["10000"], "min": null, "max": null}));
        assert_eq!(config["estimation_field"]["field_id"], "customfield_10016");
        assert_eq!(config["ranking_field_id"], 10019);
        assert_eq!(config["filter_id"], "10000");
        assert_routed(&env, method, 4 * lookups(method));
        assert_eq!(
            agile_calls(&env, method),
            [
                "GET board?startAt=0&maxResults=50",
                "GET board?startAt=0&maxResults=50&name=ops&projectKeyOrId=OPS&type=kanban",
                "GET board/1",
                "GET board/1/configuration",
            ]
        );
    }
}

#[test]
fn issue_lists_keep_rank_order_and_take_jql() {
    for method in [ApiKey, OAuth] {
        let env = Env::new();
        let board = env.ok(method, "jira_get_board_issues", json!({"board_id": 1}));
        assert_eq!(keys(&board), ["ACME-3", "ACME-2", "ACME-6", "ACME-5", "ACME-1", "ACME-4"]);
        assert_eq!(board["issues"][0]["url"], "https://acme.atlassian.net/browse/ACME-3");
        assert_eq!(board["issues"][0]["status"], "To Do");
        let done = env.ok(
            method,
            "jira_get_board_issues",
            json!({"board_id": 1, "jql": "status = Done", "fields": ["customfield_10016"]}),
        );
        assert_eq!(keys(&done), ["ACME-4"]);
        assert_eq!(done["issues"][0]["fields"]["customfield_10016"], 3.0);
        assert_eq!(keys(&env.ok(method, "jira_get_backlog_issues", json!({"board_id": 1}))), ["ACME-5"]);
        assert_eq!(keys(&env.ok(method, "jira_get_sprint_issues", json!({"sprint_id": 2}))), ["ACME-3", "ACME-2"]);
        assert_eq!(keys(&env.ok(method, "jira_get_epic_issues", json!({"epic_key": "acme-1"}))), ["ACME-2"]);
        let jql_request = env.api_requests().into_iter().find(|r| r.query.contains("jql=")).unwrap();
        assert!(query_params(&jql_request).contains(&("jql".into(), "status = Done".into())));
    }
}

#[test]
fn sprints_are_listed_by_state_and_read_one_by_one() {
    let env = Env::new();
    let all = env.ok(InstantOAuth, "jira_list_sprints", json!({"board_id": 1}));
    let states: Vec<&str> = all["sprints"].as_array().unwrap().iter().map(|s| s["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["closed", "active", "future"]);
    assert_eq!(
        all["sprints"][0],
        json!({
            "id": 1, "name": "ACME Sprint 1", "state": "closed", "start_date": "2024-05-06T09:00:00.000Z",
            "end_date": "2024-05-16T09:00:00.000Z", "complete_date": "2024-05-16T10:00:00.000Z",
            "goal": "Upgrade the database", "board_id": 1,
        })
    );
    let open = env.ok(ApiKey, "jira_list_sprints", json!({"board_id": 1, "state": ["active", "future"]}));
    assert_eq!(open["sprints"].as_array().map(Vec::len), Some(2));
    let request = env.api_requests().pop().unwrap();
    assert!(query_params(&request).contains(&("state".into(), "active,future".into())), "{}", request.query);
    let active = env.ok(OAuth, "jira_list_sprints", json!({"board_id": 1, "state": "active"}));
    assert_eq!(active["sprints"][0]["id"], 2);
    assert_eq!(env.ok(ApiKey, "jira_get_sprint", json!({"sprint_id": 3}))["state"], "future");
    let kanban = env.err(ApiKey, "jira_list_sprints", json!({"board_id": 2}), ErrorKind::InvalidInput);
    assert_eq!(kanban.status, Some(400));
    assert!(kanban.message.contains("does not support sprints"), "{}", kanban.message);
}

#[test]
fn a_whole_sprint_cycle_with_api_keys_and_oauth() {
    for method in [ApiKey, OAuth] {
        let env = Env::new();
        let sprint = env.ok(method, "jira_create_sprint", json!({"board_id": 1, "name": "Cycle", "goal": "Finish it"}));
        assert_eq!((sprint["state"].clone(), sprint["board_id"].clone()), (json!("future"), json!(1)));
        let id = sprint["id"].as_u64().unwrap();
        let moved =
            env.ok(method, "jira_move_issues_to_sprint", json!({"sprint_id": id, "issue_keys": ["ACME-5", "acme-6"]}));
        assert_eq!(moved, json!({"moved_to": id, "issue_keys": ["ACME-5", "ACME-6"]}));
        let started = env.ok(method, "jira_start_sprint", json!({"sprint_id": id}));
        assert_eq!(started["state"], "active");
        let (start, end) = (started["start_date"].as_str().unwrap(), started["end_date"].as_str().unwrap());
        assert_eq!(days_between(start, end), 10, "the board's last completed sprint lasted ten days: {start} .. {end}");
        env.ok(method, "jira_transition_issue", json!({"issue_key": "ACME-6", "transition": "Done"}));
        env.fake.clear_requests();
        let closed = env.ok(method, "jira_close_sprint", json!({"sprint_id": id, "move_open_issues_to": "backlog"}));
        assert_eq!(closed["sprint"]["state"], "closed");
        assert!(closed["sprint"]["complete_date"].is_string());
        assert_eq!(closed["moved_to"], "backlog");
        assert_eq!(closed["moved_issue_keys"], json!(["ACME-5"]));
        assert_eq!(closed["open_issue_keys"], json!(["ACME-5"]));
        let calls = agile_calls(&env, method);
        assert_eq!(calls.len(), 4, "{calls:?}");
        assert_eq!(calls[0], format!("GET sprint/{id}"));
        assert!(
            calls[1].starts_with(&format!("GET sprint/{id}/issue?startAt=0&maxResults=50&jql=statusCategory")),
            "{}",
            calls[1]
        );
        assert_eq!(
            (calls[2].as_str(), calls[3].as_str()),
            ("POST backlog/issue", format!("POST sprint/{id}").as_str())
        );
        assert_routed(&env, method, lookups(method));
        assert!(keys(&env.ok(method, "jira_get_backlog_issues", json!({"board_id": 1}))).contains(&"ACME-5".to_owned()));
        // ACME-5 left the sprint before it closed; the done ACME-6 stays in the closed sprint.
        assert_eq!(keys(&env.ok(method, "jira_get_sprint_issues", json!({"sprint_id": id}))), ["ACME-6"]);
    }
}

/// Whole days between two agile timestamps (`2024-06-03T09:00:00.000Z`).
fn days_between(start: &str, end: &str) -> i64 {
    let day_number = |text: &str| -> i64 {
        let (y, m, d): (i64, i64, i64) =
            (text[0..4].parse().unwrap(), text[5..7].parse().unwrap(), text[8..10].parse().unwrap());
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d
    };
    assert_eq!(start[10..], end[10..], "same time of day");
    day_number(end) - day_number(start)
}

#[test]
fn starting_and_closing_in_the_wrong_state_are_conflicts_that_change_nothing() {
    let env = Env::new();
    let started = env.err(ApiKey, "jira_start_sprint", json!({"sprint_id": 2}), ErrorKind::Conflict);
    assert_eq!(started.message, "sprint 2 (ACME Sprint 2) is active: only a future sprint can be started");
    let closed = env.err(OAuth, "jira_close_sprint", json!({"sprint_id": 3}), ErrorKind::Conflict);
    assert!(closed.message.contains("is future: only an active sprint can be closed"), "{}", closed.message);
    let into_closed =
        env.err(ApiKey, "jira_close_sprint", json!({"sprint_id": 2, "move_open_issues_to": 1}), ErrorKind::Conflict);
    assert!(into_closed.message.contains("sprint 1 (ACME Sprint 1) is closed"), "{}", into_closed.message);
    assert!(env.api_requests().iter().all(|r| r.method == "GET"), "only reads were sent");
    let redate = env.err(
        ApiKey,
        "jira_update_sprint",
        json!({"sprint_id": 1, "end_date": "2024-07-01"}),
        ErrorKind::InvalidInput,
    );
    assert_eq!(redate.error_messages, ["Only the name and the goal of a closed sprint can be changed."]);
    let renamed = env.ok(OAuth, "jira_update_sprint", json!({"sprint_id": 1, "name": "Sprint one", "goal": ""}));
    assert_eq!((renamed["name"].clone(), renamed["goal"].clone()), (json!("Sprint one"), Value::Null));
}

#[test]
fn unknown_boards_are_not_found_and_bad_ids_never_reach_the_network() {
    let env = Env::new();
    let missing = env.err(OAuth, "jira_get_board", json!({"board_id": 99}), ErrorKind::NotFound);
    assert_eq!(missing.status, Some(404));
    assert_eq!(missing.error_messages, ["Board does not exist or you do not have permission to see it."]);
    env.err(ApiKey, "jira_get_sprint", json!({"sprint_id": 99}), ErrorKind::NotFound);
    env.fake.clear_requests();
    for (tool, args) in [
        ("jira_get_board", json!({"board_id": "1"})),
        ("jira_get_board", json!({"board_id": 0})),
        ("jira_get_board_issues", json!({"board_id": 1.5})),
        ("jira_list_sprints", json!({"board_id": "one"})),
        ("jira_delete_sprint", json!({"sprint_id": -3})),
        ("jira_move_issues_to_sprint", json!({"sprint_id": 3, "issue_keys": ["../../admin"]})),
        ("jira_start_sprint", json!({"sprint_id": 3, "start_date": "2024-06-10", "end_date": "2024-06-01"})),
    ] {
        for method in [ApiKey, OAuth] {
            env.err(method, tool, args.clone(), ErrorKind::InvalidInput);
        }
    }
    assert!(env.fake.requests().is_empty(), "no request at all, not even a cloud-id lookup");
}

#[test]
fn paging_follows_fifty_item_pages_and_moves_go_in_chunks_of_fifty() {
    let env = Env::new();
    for n in 0..55 {
        env.ok(
            ApiKey,
            "jira_create_issue",
            json!({"project_key": "ACME", "summary": format!("Backlog item {n}"), "issue_type": "Task"}),
        );
    }
    env.fake.clear_requests();
    let backlog = env.ok(OAuth, "jira_get_backlog_issues", json!({"board_id": 1, "limit": 200}));
    let backlog_keys = keys(&backlog);
    assert_eq!(backlog_keys.len(), 56);
    assert_eq!((backlog["total"].clone(), backlog["is_last"].clone()), (json!(56), json!(true)));
    let pages: Vec<String> =
        agile_calls(&env, OAuth).iter().map(|c| c.split("&fields").next().unwrap_or_default().to_owned()).collect();
    assert_eq!(pages, ["GET board/1/backlog?startAt=0&maxResults=50", "GET board/1/backlog?startAt=50&maxResults=50"]);
    let limited = env.ok(ApiKey, "jira_get_backlog_issues", json!({"board_id": 1, "limit": 7}));
    assert_eq!((keys(&limited).len(), limited["is_last"].clone()), (7, json!(false)));

    env.fake.clear_requests();
    let moved = env.ok(
        ApiKey,
        "jira_move_issues_to_sprint",
        json!({"sprint_id": 3, "issue_keys": backlog_keys, "rank_after": "ACME-6"}),
    );
    assert_eq!(moved["issue_keys"].as_array().map(Vec::len), Some(56));
    let bodies: Vec<Value> = env.api_requests().iter().map(body_json).collect();
    assert_eq!(bodies.iter().map(|b| b["issues"].as_array().unwrap().len()).collect::<Vec<_>>(), [50, 6]);
    assert_eq!(bodies[1]["rankAfterIssue"], bodies[0]["issues"][49]);
    let sprint = env.ok(ApiKey, "jira_get_sprint_issues", json!({"sprint_id": 3, "limit": 1000}));
    let sprint_keys = keys(&sprint);
    assert_eq!(sprint_keys.len(), 57);
    assert_eq!(sprint_keys[0], "ACME-6");
    assert_eq!(sprint_keys[1..], backlog_keys[..], "ranked after ACME-6, in order");
    env.ok(OAuth, "jira_move_issues_to_backlog", json!({"issue_keys": sprint_keys}));
    assert_eq!(keys(&env.ok(ApiKey, "jira_get_backlog_issues", json!({"board_id": 1, "limit": 100}))).len(), 57);
}

#[test]
fn ranking_epics_parents_and_deleting() {
    for method in [ApiKey, OAuth] {
        let env = Env::new();
        let ranked =
            env.ok(method, "jira_rank_issues", json!({"issue_keys": ["ACME-4", "ACME-5"], "rank_before": "ACME-3"}));
        assert_eq!(ranked, json!({"ranked": ["ACME-4", "ACME-5"], "failed": []}));
        assert_eq!(
            keys(&env.ok(method, "jira_get_board_issues", json!({"board_id": 1, "limit": 3}))),
            ["ACME-4", "ACME-5", "ACME-3"]
        );
        let epics = env.ok(method, "jira_list_epics", json!({"board_id": 1}));
        assert_eq!(epics["epics"][0]["key"], "ACME-1");
        assert_eq!(epics["epics"][0]["done"], false);
        let parent = env.ok(method, "jira_set_parent", json!({"issue_key": "ACME-6", "parent_key": "ACME-1"}));
        assert_eq!(parent, json!({"issue_key": "ACME-6", "parent_key": "ACME-1"}));
        assert_eq!(env.fake.issue_json("ACME-6").unwrap()["fields"]["parent"]["key"], "ACME-1");
        assert_eq!(keys(&env.ok(method, "jira_get_epic_issues", json!({"epic_key": "ACME-1"}))), ["ACME-2", "ACME-6"]);
        assert_eq!(
            env.ok(method, "jira_delete_sprint", json!({"sprint_id": 3})),
            json!({"deleted": true, "sprint_id": 3})
        );
        env.err(method, "jira_get_sprint", json!({"sprint_id": 3}), ErrorKind::NotFound);
        assert!(keys(&env.ok(method, "jira_get_backlog_issues", json!({"board_id": 1}))).contains(&"ACME-6".to_owned()));
    }
}

#[test]
fn partial_rank_failures_and_service_errors_map_cleanly() {
    let env = Env::new();
    let partial = r#"{"entries":[{"issueId":10004,"issueKey":"ACME-4","status":200},{"issueId":10005,"issueKey":"ACME-5","status":503,"errors":["JIRA Agile cannot execute the rank operation at this time. Please try again later."]}]}"#;
    env.fake.inject(Fault::status("/issue/rank", 207, partial));
    let ranked =
        env.ok(ApiKey, "jira_rank_issues", json!({"issue_keys": ["ACME-4", "ACME-5"], "rank_after": "ACME-3"}));
    assert_eq!(ranked["ranked"], json!(["ACME-4"]));
    assert_eq!(ranked["failed"][0]["status"], 503);
    env.fake.inject(Fault::rate_limited("/agile/1.0/board", 30));
    let limited = env.err(OAuth, "jira_list_boards", json!({}), ErrorKind::RateLimited);
    assert_eq!(limited.retry_after_seconds, Some(30));
    env.fake.inject(Fault::status("/sprint/2", 200, r#"{"id": 2, "name": "S", "state": "paused"}"#));
    let decode = env.err(ApiKey, "jira_get_sprint", json!({"sprint_id": 2}), ErrorKind::Decode);
    assert!(decode.message.contains("`$.state`"), "{}", decode.message);
}

#[test]
fn the_typed_agile_interface_runs_a_sprint_cycle() {
    use jira_host::bindings::agile::{BoardFilter, IssueDestination, IssueQuery, NewSprint, RankPosition, SprintState};
    let env = Env::new();
    let mut session = env.runtime.session().unwrap();
    let mut client = session.client(&OAuth.fake_config().to_string()).unwrap().unwrap();
    let filter =
        BoardFilter { name: None, project_key: Some("ACME".into()), board_type: Some("scrum".into()), limit: None };
    let boards = client.list_boards(&filter).unwrap().unwrap();
    assert_eq!((boards.boards.len(), boards.boards[0].board_type.as_str()), (1, "scrum"));
    let raw: Value = serde_json::from_str(&boards.boards[0].raw_json).unwrap();
    assert_eq!(raw["location"]["projectKey"], "ACME");
    let config = client.get_board_configuration(1).unwrap().unwrap();
    assert_eq!(config.columns.len(), 3);
    assert_eq!(config.estimation_field_id.as_deref(), Some("customfield_10016"));
    let future = client.list_sprints(1, &[SprintState::Future], None).unwrap().unwrap();
    assert_eq!(future.sprints.iter().map(|s| s.id).collect::<Vec<_>>(), [3]);

    let new = NewSprint {
        board_id: 1,
        name: "Typed".into(),
        start_date: Some("2024-06-03".into()),
        end_date: Some("2024-06-17".into()),
        goal: None,
    };
    let sprint = client.create_sprint(&new).unwrap().unwrap();
    assert!(matches!(sprint.state, SprintState::Future));
    assert_eq!(sprint.start_date.as_deref(), Some("2024-06-03T00:00:00.000Z"));
    let moved = client
        .move_issues_to_sprint(sprint.id, &["acme-5".into()], Some(&RankPosition::Before("ACME-3".into())))
        .unwrap()
        .unwrap();
    assert_eq!(moved, ["ACME-5"]);
    let started = client.start_sprint(sprint.id, None, None).unwrap().unwrap();
    assert!(matches!(started.state, SprintState::Active));
    let again = client.start_sprint(sprint.id, None, None).unwrap().unwrap_err();
    assert_kind(&again, ErrorKind::Conflict);
    let closure = client.close_sprint(sprint.id, Some(IssueDestination::Sprint(3))).unwrap().unwrap();
    assert!(matches!(closure.moved_to, Some(IssueDestination::Sprint(3))));
    assert_eq!(closure.moved_issue_keys, ["ACME-5"]);
    assert!(matches!(closure.sprint.state, SprintState::Closed));
    let query = IssueQuery { jql: None, fields: Vec::new(), limit: None };
    let in_three = client.get_sprint_issues(3, &query).unwrap().unwrap();
    assert_eq!(in_three.issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["ACME-5", "ACME-6"]);

    let outcome = client.rank_issues(&["ACME-5".into()], &RankPosition::Before("ACME-6".into())).unwrap().unwrap();
    assert_eq!((outcome.ranked.len(), outcome.failed.len()), (1, 0));
    let epics = client.list_epics(1, None).unwrap().unwrap();
    assert_eq!(epics.epics[0].key.as_deref(), Some("ACME-1"));
    client.set_parent("ACME-3", "ACME-1").unwrap().unwrap();
    let children = client.get_epic_issues("ACME-1", &query).unwrap().unwrap();
    assert_eq!(children.issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["ACME-3", "ACME-2"]);
    client.delete_sprint(sprint.id).unwrap().unwrap();
    assert_kind(&client.get_board(0).unwrap().unwrap_err(), ErrorKind::InvalidInput);
    client.close().unwrap();
}
