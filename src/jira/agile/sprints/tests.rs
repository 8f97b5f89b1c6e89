//! Tests of the sprint requests (against the Software spec) and parsers (spec examples and captures).

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

#[test]
fn list_request_sends_states_as_one_comma_list() {
    let states = [SprintState::Active, SprintState::Future, SprintState::Active];
    let req = list_sprints_request(&site_api_key(), 1, &states, 0, 50).expect("request");
    assert_eq!(
        req.url,
        "https://acme.atlassian.net/rest/agile/1.0/board/1/sprint?startAt=0&maxResults=50&state=active%2Cfuture"
    );
    spec_valid(&req);
    let req = list_sprints_request(&site_oauth(), 9, &[], 50, 50).expect("request");
    assert!(req.url.ends_with("/rest/agile/1.0/board/9/sprint?startAt=50&maxResults=50"));
    spec_valid(&req);
    assert_eq!(list_sprints_request(&site_api_key(), 0, &[], 0, 50).expect_err("zero").kind, ErrorKind::InvalidInput);
}

#[test]
fn get_and_delete_requests() {
    let req = get_sprint_request(&site_api_key(), 37).expect("get");
    assert_eq!((req.method, req.url.as_str()), (Method::Get, "https://acme.atlassian.net/rest/agile/1.0/sprint/37"));
    spec_valid(&req);
    let req = delete_sprint_request(&site_oauth(), 37).expect("delete");
    assert_eq!(req.method, Method::Delete);
    spec_valid(&req);
}

#[test]
fn create_request_normalises_dates_and_trims_text() {
    let sprint = NewSprint {
        board_id: 5,
        name: " sprint 1 ".into(),
        start_date: Some("2015-04-11T15:22:00.000+10:00".into()),
        end_date: Some("2015-04-20".into()),
        goal: Some("sprint 1 goal".into()),
    };
    let req = create_sprint_request(&site_api_key(), &sprint).expect("request");
    assert_eq!((req.method, req.url.as_str()), (Method::Post, "https://acme.atlassian.net/rest/agile/1.0/sprint"));
    assert_eq!(
        req.body_json().expect("json"),
        json!({
            "name": "sprint 1",
            "originBoardId": 5,
            "startDate": "2015-04-11T15:22:00.000+10:00",
            "endDate": "2015-04-20T00:00:00.000Z",
            "goal": "sprint 1 goal",
        })
    );
    spec_valid(&req);
    let bare =
        create_sprint_request(&site_oauth(), &NewSprint { board_id: 1, name: "S".into(), ..NewSprint::default() })
            .expect("bare");
    assert_eq!(bare.body_json().expect("json"), json!({"name": "S", "originBoardId": 1}));
    spec_valid(&bare);
}

#[test]
fn create_request_refuses_bad_input() {
    let base = NewSprint { board_id: 1, name: "S".into(), ..NewSprint::default() };
    let cases = [
        (NewSprint { name: "  ".into(), ..base.clone() }, "`name` is empty"),
        (NewSprint { board_id: 0, ..base.clone() }, "`board_id` must be a positive integer"),
        (NewSprint { start_date: Some("next monday".into()), ..base.clone() }, "`start_date` must be an ISO-8601"),
        (
            NewSprint { start_date: Some("2024-05-10".into()), end_date: Some("2024-05-01".into()), ..base.clone() },
            "must be after the start date",
        ),
        (NewSprint { goal: Some("g".repeat(256)), ..base.clone() }, "`goal` is longer than 255"),
    ];
    for (sprint, needle) in cases {
        let err = create_sprint_request(&site_api_key(), &sprint).expect_err(needle);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(needle), "{needle}: {}", err.message);
    }
}

#[test]
fn update_request_sends_only_what_changes() {
    let changes = SprintChanges { goal: Some("Ship it".into()), ..SprintChanges::default() };
    let req = update_sprint_request(&site_api_key(), 3, &changes).expect("request");
    assert_eq!((req.method, req.url.as_str()), (Method::Post, "https://acme.atlassian.net/rest/agile/1.0/sprint/3"));
    assert_eq!(req.body_json().expect("json"), json!({"goal": "Ship it"}));
    spec_valid(&req);
    let start = SprintChanges {
        state: Some(SprintState::Active),
        start_date: Some("2024-06-03T09:00:00Z".into()),
        end_date: Some("2024-06-17T09:00:00Z".into()),
        ..SprintChanges::default()
    };
    let req = update_sprint_request(&site_oauth(), 3, &start).expect("start");
    assert_eq!(
        req.body_json().expect("json"),
        json!({"state": "active", "startDate": "2024-06-03T09:00:00.000Z", "endDate": "2024-06-17T09:00:00.000Z"})
    );
    spec_valid(&req);
    let err = update_sprint_request(&site_api_key(), 3, &SprintChanges::default()).expect_err("empty");
    assert!(err.message.contains("nothing to update"), "{}", err.message);
}

#[test]
fn parses_sprints_from_the_spec_and_captures() {
    let sprint =
        parse_sprint(&Response::new(200, fixture("agile/agile_sprint_get_200.spec-examples.json")), "get sprint")
            .expect("spec example");
    assert_eq!(sprint.id, 37);
    assert_eq!(sprint.state, SprintState::Closed);
    assert_eq!(sprint.start_date.as_deref(), Some("2015-04-11T15:22:00.000+10:00"));
    assert_eq!(sprint.complete_date.as_deref(), Some("2015-04-20T11:04:00.000+10:00"));
    assert_eq!(sprint.goal.as_deref(), Some("sprint 1 goal"));
    assert_eq!(sprint.board_id, Some(5));
    assert_eq!(sprint.planned_length_millis(), Some(8 * 86_400_000 + 10 * 3_600_000));

    let active = parse_sprint(&Response::new(200, fixture("agile/agile_sprint_get.jira-cli.json")), "get sprint")
        .expect("jira-cli");
    assert_eq!((active.id, active.state, active.board_id), (5, SprintState::Active, Some(3)));
}

#[test]
fn parses_sprint_pages_without_total() {
    let page =
        parse_sprint_page(&Response::new(200, fixture("agile/agile_board_sprint_list.go-jira.json"))).expect("page");
    assert!(page.is_last);
    assert_eq!(page.total, None);
    assert_eq!(page.items.len(), 6);
    assert_eq!(page.items[3].state, SprintState::Active);
    assert_eq!(page.items[4].start_date, None);
    assert_eq!(page.items[5].goal.as_deref(), Some("My Goal"));
    let page = parse_sprint_page(&Response::new(200, fixture("agile/agile_board_sprint_list_page0.jira-cli.json")))
        .expect("page 0");
    assert!(!page.is_last);
    assert_eq!(page.items.len(), 3);
    let page = parse_sprint_page(&Response::new(200, fixture("agile/agile_board_sprints_200.spec-examples.json")))
        .expect("spec example");
    assert_eq!((page.total, page.is_last), (Some(5), false));
    assert_eq!(page.items[1].state, SprintState::Future);
    for file in ["agile/agile_board_sprint_list.jira-cli.json", "agile/agile_board_sprint_list_filtered.go-jira.json"] {
        let page = parse_sprint_page(&Response::new(200, fixture(file))).expect(file);
        assert!(page.is_last && !page.items.is_empty(), "{file}");
    }
}

#[test]
fn an_unknown_state_is_a_decode_error_naming_the_path() {
    let body = r#"{"values":[{"id":1,"name":"S","state":"paused"}]}"#;
    let err = parse_sprint_page(&Response::new(200, body)).expect_err("state");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.message, "list sprints: expected future, active or closed at `$.values[0].state`");
    assert_eq!(SprintState::parse_arg("state", "Active").expect("ok"), SprintState::Active);
    assert!(SprintState::parse_arg("state", "open").is_err());
}
