//! Tests of the Jira Software tools: argument checks before any request, and the JSON shapes they return.

use serde_json::json;

use super::tests::{assert_refused_before_any_request, call};
use super::*;
use crate::jira::test_support::{fixture, spec_example, Scripted};

const AGILE_TOOLS: [&str; 19] = [
    "jira_list_boards",
    "jira_get_board",
    "jira_get_board_configuration",
    "jira_get_board_issues",
    "jira_get_backlog_issues",
    "jira_list_sprints",
    "jira_get_sprint",
    "jira_get_sprint_issues",
    "jira_create_sprint",
    "jira_update_sprint",
    "jira_start_sprint",
    "jira_close_sprint",
    "jira_delete_sprint",
    "jira_move_issues_to_sprint",
    "jira_move_issues_to_backlog",
    "jira_rank_issues",
    "jira_list_epics",
    "jira_get_epic_issues",
    "jira_set_parent",
];

#[test]
fn every_agile_tool_is_in_the_catalog_with_typed_ids() {
    for name in AGILE_TOOLS {
        let tool = find_tool(name).expect(name);
        for id in ["board_id", "sprint_id"] {
            if let Some(schema) = tool.input_schema["properties"].get(id) {
                assert_eq!(schema["type"], "integer", "{name}.{id}");
                assert_eq!(schema["minimum"], 1, "{name}.{id}");
            }
        }
    }
}

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let cases = [
        ("jira_get_board", json!({"board_id": "7"}), "`board_id` must be an integer"),
        ("jira_get_board", json!({"board_id": 0}), "`board_id` must be between 1"),
        ("jira_get_board", json!({"board_id": 1.5}), "`board_id` must be an integer"),
        ("jira_get_sprint", json!({}), "needs the argument `sprint_id`"),
        ("jira_list_boards", json!({"type": "agility"}), "`type` must be `scrum` or `kanban`"),
        ("jira_list_sprints", json!({"board_id": 1, "state": "paused"}), "`state` must be future, active or closed"),
        ("jira_list_sprints", json!({"board_id": 1, "state": 3}), "list of states"),
        ("jira_close_sprint", json!({"sprint_id": 2, "move_open_issues_to": "later"}), "a sprint id or \"backlog\""),
        ("jira_close_sprint", json!({"sprint_id": 2, "move_open_issues_to": 2}), "the sprint being closed"),
        ("jira_start_sprint", json!({"sprint_id": 2, "end_date": "in two weeks"}), "`end_date` must be an ISO-8601"),
        (
            "jira_create_sprint",
            json!({"board_id": 1, "name": "S", "start_date": "2024-05-10", "end_date": "2024-05-01"}),
            "after the start",
        ),
        ("jira_update_sprint", json!({"sprint_id": 2}), "nothing to update"),
        ("jira_move_issues_to_backlog", json!({"issue_keys": []}), "`issue_keys` is empty"),
        ("jira_move_issues_to_sprint", json!({"sprint_id": 2, "issue_keys": ["ACME-1?x=y"]}), "must be an issue key"),
        ("jira_rank_issues", json!({"issue_keys": ["ACME-1"]}), "give `rank_before` or `rank_after`"),
        (
            "jira_rank_issues",
            json!({"issue_keys": ["ACME-1"], "rank_before": "ACME-2", "rank_after": "ACME-3"}),
            "not both",
        ),
        ("jira_get_epic_issues", json!({"epic_key": "../1"}), "`epic_key` must be an issue key"),
        ("jira_set_parent", json!({"issue_key": "ACME-2", "parent_key": "ACME-2"}), "own parent"),
    ];
    assert_refused_before_any_request(&cases);
}

#[test]
fn boards_and_configurations_have_the_documented_shapes() {
    let http = Scripted::default()
        .answer(200, fixture("agile/agile_board_list.go-jira.json"))
        .answer(200, fixture("agile/agile_board_configuration_200.spec-examples.json"));
    let out = call(&http, "jira_list_boards", json!({"project_key": "AP", "type": "scrum"})).expect("boards");
    assert_eq!(out["boards"][5], json!({"id": 1, "name": "Test Mobile", "type": "scrum", "project_key": "AP"}));
    assert_eq!((out["total"].clone(), out["is_last"].clone()), (json!(6), json!(true)));
    assert!(http.seen.borrow()[0].url.ends_with("&projectKeyOrId=AP&type=scrum"));
    let out = call(&http, "jira_get_board_configuration", json!({"board_id": 84})).expect("config");
    assert_eq!(out["columns"][0], json!({"name": "To Do", "statuses": ["1", "4"], "min": null, "max": null}));
    assert_eq!(out["estimation_field"], json!({"field_id": "customfield_10002", "display_name": "Story Points"}));
    assert_eq!(out["ranking_field_id"], 10020);
    assert_eq!(out["filter_id"], "1001");
    assert_eq!(out["project_key"], "PROJ");
}

#[test]
fn sprints_have_the_documented_shape_and_states_go_as_a_comma_list() {
    let http = Scripted::default()
        .answer(200, fixture("agile/agile_board_sprint_list.go-jira.json"))
        .answer(201, spec_example("POST /rest/agile/1.0/sprint 201"));
    let out = call(&http, "jira_list_sprints", json!({"board_id": 734, "state": ["active", "closed"]})).expect("list");
    assert!(http.seen.borrow()[0].url.ends_with("&state=active%2Cclosed"));
    assert_eq!(
        out["sprints"][3],
        json!({
            "id": 832, "name": "Iteration-13-2", "state": "active",
            "start_date": "2016-06-20T13:24:39.161-07:00", "end_date": "2016-06-28T14:24:00.000-07:00",
            "complete_date": null, "goal": null, "board_id": 734,
        })
    );
    let out = call(&http, "jira_create_sprint", json!({"board_id": 5, "name": "sprint 1", "goal": "sprint 1 goal"}))
        .expect("create");
    assert_eq!(
        (out["id"].clone(), out["state"].clone(), out["board_id"].clone()),
        (json!(37), json!("future"), json!(5))
    );
}

#[test]
fn closing_reports_where_unfinished_issues_went() {
    let http = Scripted::default()
        .answer(200, r#"{"id": 2, "name": "S2", "state": "active", "originBoardId": 1}"#)
        .answer(200, fixture("agile/agile_epic_issues_search.jira-cli.json"))
        .answer(204, "")
        .answer(200, r#"{"id": 2, "name": "S2", "state": "closed", "originBoardId": 1, "completeDate": "2024-06-03T09:00:00.000Z"}"#);
    let out =
        call(&http, "jira_close_sprint", json!({"sprint_id": 2, "move_open_issues_to": "Backlog"})).expect("close");
    assert_eq!(out["moved_to"], "backlog");
    assert_eq!(out["moved_issue_keys"], json!(["EPIC-1", "EPIC-2"]));
    assert_eq!(out["open_issue_keys"], json!(["EPIC-1", "EPIC-2"]));
    assert_eq!(out["sprint"]["state"], "closed");
    assert_eq!(out["sprint"]["complete_date"], "2024-06-03T09:00:00.000Z");
}

#[test]
fn moves_ranks_epics_and_parents_have_plain_results() {
    let http = Scripted::default()
        .answer(204, "")
        .answer(204, "")
        .answer(207, spec_example("PUT /rest/agile/1.0/issue/rank 207"))
        .answer(200, fixture("agile/agile_board_epics_200.spec-examples.json"))
        .answer(204, "")
        .answer(204, "");
    let out = call(&http, "jira_move_issues_to_sprint", json!({"sprint_id": 3, "issue_keys": ["acme-1", "ACME-2"]}))
        .expect("move");
    assert_eq!(out, json!({"moved_to": 3, "issue_keys": ["ACME-1", "ACME-2"]}));
    let out = call(&http, "jira_move_issues_to_backlog", json!({"issue_keys": ["ACME-1"]})).expect("backlog");
    assert_eq!(out, json!({"moved_to": "backlog", "issue_keys": ["ACME-1"]}));
    let out = call(&http, "jira_rank_issues", json!({"issue_keys": ["PR-1", "PR-2", "PR-3"], "rank_before": "PR-4"}))
        .expect("rank");
    assert_eq!(out["ranked"], json!(["PR-1", "PR-2"]));
    assert_eq!(out["failed"][0]["issue_key"], "PR-3");
    assert_eq!(out["failed"][0]["status"], 503);
    let out = call(&http, "jira_list_epics", json!({"board_id": 1, "limit": 2})).expect("epics");
    assert_eq!(
        out["epics"][0],
        json!({"id": 37, "key": null, "name": "epic 1", "summary": "epic 1 summary", "done": true, "color": "color_4"})
    );
    let out = call(&http, "jira_set_parent", json!({"issue_key": "ACME-2", "parent_key": "ACME-1"})).expect("parent");
    assert_eq!(out, json!({"issue_key": "ACME-2", "parent_key": "ACME-1"}));
    let out = call(&http, "jira_delete_sprint", json!({"sprint_id": 9})).expect("delete");
    assert_eq!(out, json!({"deleted": true, "sprint_id": 9}));
    assert_eq!(http.seen.borrow()[5].method, crate::http::Method::Delete);
}
