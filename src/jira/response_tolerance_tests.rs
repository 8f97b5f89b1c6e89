//! Null-laden and minimal responses of the comment, worklog, transition and link-type parsers: what the
//! spec leaves optional must parse, identity must still be demanded. (Kept apart from those modules so that
//! their struct changes and these tests do not touch the same lines.)

use crate::error::ErrorKind;
use crate::http::Response;
use crate::jira::comments::parse_comment;
use crate::jira::comments_worklogs::worklogs::{parse_worklog, parse_worklog_page};
use crate::jira::comments_worklogs::{parse_comment_detail, parse_comment_page};
use crate::jira::links_watchers::parse_link_types;
use crate::jira::transitions::parse_transitions;

#[test]
fn a_comment_page_without_its_list_is_empty_and_last() {
    // `PageOfComments` requires nothing, `comments` included.
    let page = parse_comment_page(&Response::new(200, r#"{"startAt":0,"maxResults":50,"total":0}"#)).expect("page");
    assert!(page.items.is_empty());
    assert!(page.is_last);
    assert_eq!(page.total, Some(0));
}

#[test]
fn a_comment_of_a_deleted_user_with_null_body_and_numeric_times_parses() {
    // Comments by deleted or anonymous users come without `author`; `updateAuthor`, `updated`, `visibility`
    // and `self` are optional in `Comment`; some answers carry epoch-millisecond numbers as times.
    let body = r#"{"startAt":0,"maxResults":50,"total":1,"comments":[
        {"id":"10000","author":null,"body":null,"created":1610886840000,"updateAuthor":null,"visibility":null}]}"#;
    let page = parse_comment_page(&Response::new(200, body)).expect("page");
    let c = &page.items[0];
    assert_eq!(c.id, "10000");
    assert_eq!(c.author, None);
    assert_eq!(c.body, "");
    assert_eq!(c.created.as_deref(), Some("1610886840000"));
    assert_eq!((c.updated.as_deref(), c.update_author.as_ref(), c.visibility.as_ref()), (None, None, None));
    assert!(page.is_last);

    let c = parse_comment_detail(&Response::new(200, r#"{"id":10001}"#), "edit comment").expect("minimal");
    assert_eq!((c.id.as_str(), c.body.as_str(), c.created), ("10001", "", None));

    let added = parse_comment(&Response::new(201, r#"{"id":"10002","created":1610886840000}"#)).expect("added");
    assert_eq!(added.created.as_deref(), Some("1610886840000"));
    assert_eq!(added.author, None);
}

#[test]
fn a_comment_without_id_is_still_a_decode_error_naming_the_path() {
    let err =
        parse_comment_page(&Response::new(200, r#"{"comments":[{"id":"1"},{"author":null}]}"#)).expect_err("no id");
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.message, "get comments: missing required value at `$.comments[1].id`");
    let err = parse_comment_page(&Response::new(200, r#"{"comments":{}}"#)).expect_err("not a list");
    assert_eq!(err.message, "get comments: expected an array at `$.comments`");
}

#[test]
fn a_worklog_page_without_its_list_is_empty_and_last() {
    let page = parse_worklog_page(&Response::new(200, r#"{"startAt":0,"maxResults":5000,"total":0}"#)).expect("page");
    assert!(page.items.is_empty() && page.is_last);
}

#[test]
fn a_worklog_without_comment_author_or_texts_parses() {
    // `Worklog` requires nothing; a worklog logged without a comment has none, a deleted author is absent,
    // `issueId` may come as a number.
    let body = r#"{"startAt":0,"maxResults":1,"total":1,"worklogs":[
        {"id":"100028","issueId":10002,"author":null,"started":"2021-01-17T12:34:00.000+0000","timeSpentSeconds":12000}]}"#;
    let page = parse_worklog_page(&Response::new(200, body)).expect("page");
    let w = &page.items[0];
    assert_eq!(w.id, "100028");
    assert_eq!(w.issue_id.as_deref(), Some("10002"));
    assert_eq!((w.author.as_ref(), w.comment.as_str(), w.time_spent.as_deref()), (None, "", None));
    assert_eq!(w.time_spent_seconds, Some(12000));
    assert_eq!(w.started.as_deref(), Some("2021-01-17T12:34:00.000+0000"));
    let w = parse_worklog(&Response::new(200, r#"{"id":100029,"comment":null}"#), "add worklog").expect("minimal");
    assert_eq!((w.id.as_str(), w.comment.as_str(), w.created), ("100029", "", None));
    let err = parse_worklog_page(&Response::new(200, r#"{"worklogs":[{"comment":null}]}"#)).expect_err("no id");
    assert_eq!(err.message, "get worklogs: missing required value at `$.worklogs[0].id`");
}

#[test]
fn transitions_without_list_target_or_name_parse() {
    // A user who may not transition the issue gets no transitions; `Transitions` and `IssueTransition`
    // require nothing, so the list, the name and the target status may all be absent.
    assert!(parse_transitions(&Response::new(200, r#"{"expand":"transitions"}"#)).expect("no list").is_empty());
    assert!(parse_transitions(&Response::new(200, r#"{"transitions":null}"#)).expect("null list").is_empty());
    let list = parse_transitions(&Response::new(200, r#"{"transitions":[{"id":"11","name":null,"to":null}]}"#))
        .expect("bare transition");
    assert_eq!((list[0].id.as_str(), list[0].name.as_str(), list[0].to_status.as_str()), ("11", "", ""));
    let err = parse_transitions(&Response::new(200, r#"{"transitions":[{"name":"Done"}]}"#)).expect_err("no id");
    assert_eq!(err.message, "get transitions: missing required value at `$.transitions[0].id`");
}

#[test]
fn link_types_without_list_or_names_parse() {
    // `IssueLinkTypes` does not require `issueLinkTypes`; `IssueLinkType` requires nothing but is named by id.
    assert!(parse_link_types(&Response::new(200, "{}")).expect("no list").is_empty());
    let list = parse_link_types(&Response::new(200, r#"{"issueLinkTypes":[{"id":10000,"name":"Blocks"}]}"#))
        .expect("bare type");
    assert_eq!((list[0].id.as_str(), list[0].name.as_str()), ("10000", "Blocks"));
    assert_eq!((list[0].inward.as_deref(), list[0].outward.as_deref()), (None, None));
    let err = parse_link_types(&Response::new(200, r#"{"issueLinkTypes":[{"name":"x"}]}"#)).expect_err("no id");
    assert_eq!(err.message, "get link types: missing required value at `$.issueLinkTypes[0].id`");
}
