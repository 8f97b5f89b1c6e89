//! Tests of the worklog requests and parsers.

use super::*;
use crate::error::ErrorKind;
use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

fn input(spent: &str) -> WorklogInput {
    WorklogInput { time_spent: Some(spent.into()), ..WorklogInput::default() }
}

#[test]
fn durations_are_validated_and_normalised() {
    assert_eq!(duration("t", " 1H   30m ").expect("ok"), "1h 30m");
    assert_eq!(duration("t", "1w 2d 3h 4m").expect("ok"), "1w 2d 3h 4m");
    assert_eq!(duration("t", "1.5h").expect("ok"), "1.5h");
    for bad in ["", "90", "1x", "h", "0h", "1h 1h", "-1h", "1..5h", "1h30", "1 h", "1s"] {
        let err = duration("time_spent", bad).expect_err(bad);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{bad}");
        assert!(err.message.contains("`time_spent`"), "{}", err.message);
    }
}

#[test]
fn started_is_sent_in_jiras_worklog_form() {
    assert_eq!(worklog_started("2024-05-01").expect("date"), "2024-05-01T00:00:00.000+0000");
    assert_eq!(worklog_started("2024-05-01T09:30:00Z").expect("utc"), "2024-05-01T09:30:00.000+0000");
    assert_eq!(worklog_started("2024-05-01T09:30:00+02:00").expect("offset"), "2024-05-01T09:30:00.000+0200");
    assert_eq!(worklog_started("2024-05-01T09:30:00.250-05:30").expect("neg"), "2024-05-01T09:30:00.250-0530");
    assert_eq!(worklog_started("yesterday").expect_err("bad").kind, ErrorKind::InvalidInput);
}

#[test]
fn add_sends_the_worklog_and_the_estimate_adjustment() {
    let input = WorklogInput {
        time_spent: Some("1h 30m".into()),
        started: Some("2024-05-01T09:30:00+02:00".into()),
        comment: Some("Fixed **it**".into()),
        visibility: Some(Visibility::new("group", "jira-developers").expect("visibility")),
    };
    let adjust = AdjustEstimate::from_args(Some("manual"), None, ("reduce_by", Some("30m"))).expect("adjust");
    let req = add_worklog_request(&site_api_key(), "ACME-1", &input, adjust.as_ref()).expect("request");
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        "https://acme.atlassian.net/rest/api/3/issue/ACME-1/worklog?adjustEstimate=manual&reduceBy=30m"
    );
    let body = req.body_json().expect("json");
    assert_eq!(body["timeSpent"], "1h 30m");
    assert_eq!(body["started"], "2024-05-01T09:30:00.000+0200");
    assert_eq!(body["comment"]["type"], "doc");
    assert_eq!(body["visibility"], json!({"type": "group", "value": "jira-developers"}));
    spec_valid(&req);
    let req = add_worklog_request(&site_oauth(), "ACME-1", &self::input("2h"), None).expect("request");
    assert!(req.url.ends_with("/rest/api/3/issue/ACME-1/worklog"), "{}", req.url);
    assert_eq!(req.body_json().expect("json"), json!({"timeSpent": "2h"}));
    spec_valid(&req);
}

#[test]
fn update_and_delete_requests() {
    let new = AdjustEstimate::from_args(Some("new"), Some("4h"), ("reduce_by", None)).expect("adjust");
    let req = update_worklog_request(&site_api_key(), "ACME-1", "10010", &input("3h"), new.as_ref()).expect("put");
    assert_eq!(req.method, Method::Put);
    assert_eq!(
        req.url,
        "https://acme.atlassian.net/rest/api/3/issue/ACME-1/worklog/10010?adjustEstimate=new&newEstimate=4h"
    );
    spec_valid(&req);
    let comment_only = WorklogInput { comment: Some("note".into()), ..WorklogInput::default() };
    let req = update_worklog_request(&site_api_key(), "ACME-1", "10010", &comment_only, None).expect("put");
    assert!(req.body_json().expect("json").get("timeSpent").is_none());
    let manual = AdjustEstimate::Manual("1h".into());
    let req = delete_worklog_request(&site_api_key(), "ACME-1", "10010", Some(&manual)).expect("delete");
    assert_eq!(req.method, Method::Delete);
    assert_eq!(
        req.url,
        "https://acme.atlassian.net/rest/api/3/issue/ACME-1/worklog/10010?adjustEstimate=manual&increaseBy=1h"
    );
    spec_valid(&req);
    spec_valid(&list_worklogs_request(&site_api_key(), "ACME-1", 0, 100).expect("list"));
}

#[test]
fn invalid_worklog_arguments_are_refused() {
    let site = site_api_key();
    let cases = [
        AdjustEstimate::from_args(Some("new"), None, ("reduce_by", None)).expect_err("new needs estimate"),
        AdjustEstimate::from_args(Some("auto"), Some("1h"), ("reduce_by", None)).expect_err("stray estimate"),
        AdjustEstimate::from_args(None, None, ("reduce_by", Some("1h"))).expect_err("stray reduce"),
        AdjustEstimate::from_args(Some("sometimes"), None, ("reduce_by", None)).expect_err("mode"),
        AdjustEstimate::from_args(Some("manual"), None, ("reduce_by", Some("soon"))).expect_err("duration"),
        add_worklog_request(&site, "ACME-1", &WorklogInput::default(), None).expect_err("no time"),
        update_worklog_request(&site, "ACME-1", "1", &WorklogInput::default(), None).expect_err("nothing"),
        update_worklog_request(&site, "ACME-1", "1", &input("1h"), Some(&AdjustEstimate::Manual("1h".into())))
            .expect_err("manual update"),
        delete_worklog_request(&site, "ACME-1", "x1", None).expect_err("id"),
    ];
    for err in cases {
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", err.message);
    }
}

#[test]
fn parses_the_worklog_fixtures() {
    let body = fixture("issues/issue_worklogs_get_200.spec-examples.json");
    let page = parse_worklog_page(&Response::new(200, body.clone())).expect("page");
    assert!(page.is_last);
    let w = &page.items[0];
    assert_eq!(w.id, "100028");
    assert_eq!(w.issue_id.as_deref(), Some("10002"));
    assert_eq!(w.comment, "I did some work here.");
    assert_eq!(w.time_spent.as_deref(), Some("3h 20m"));
    assert_eq!(w.time_spent_seconds, Some(12000));
    assert_eq!(w.visibility.as_ref().map(|v| v.value.as_str()), Some("jira-developers"));
    let json: Value = serde_json::from_slice(&body).expect("fixture JSON");
    assert_eq!(w.raw, json["worklogs"][0], "each worklog keeps its own object, not the page");
    assert_eq!(w.raw["self"], "https://your-domain.atlassian.net/rest/api/3/issue/10010/worklog/10000");
    assert_eq!(w.raw["visibility"]["identifier"], "276f955c-63d7-42c8-9520-92d01dca0625");
    assert!(serde_json::to_value(w).expect("json").get("raw").is_none(), "the tools' JSON is unchanged");
    let example = spec_example("PUT /rest/api/3/issue/{issueIdOrKey}/worklog/{id} 200");
    let w = parse_worklog(&Response::new(200, example.clone()), "update worklog").expect("worklog");
    assert_eq!(w.started.as_deref(), Some("2021-01-17T12:34:00.000+0000"));
    assert_eq!(w.raw, serde_json::from_slice::<Value>(&example).expect("example JSON"));
    let err = parse_worklog_page(&Response::new(200, r#"{"worklogs": [{"id": "1", "timeSpentSeconds": "x"}]}"#))
        .expect_err("bad seconds");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("timeSpentSeconds"), "{}", err.message);
}
