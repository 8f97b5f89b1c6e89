//! The typed `platform-*` interfaces through the component in wasmtime against the fake Jira: one client per test
//! calling the typed functions of each area (issues, comments, worklogs, links, watchers, projects and versions,
//! fields, users), asserting the typed records, the raw JSON they carry (each record's own Jira object), the
//! requests sent and the error kinds.

use std::fmt::Debug;

use crate::common::*;
use jira_host::bindings::platform_comments::{AdjustEstimate, Visibility, WorklogInput};
use jira_host::bindings::platform_issues::IssueChanges;
use jira_host::bindings::platform_links::NewIssueLink;
use jira_host::bindings::platform_metadata::{CreateScreenRef, OptionSource};
use jira_host::bindings::platform_projects::{NewVersion, VersionChanges};
use jira_host::bindings::platform_users::AssignableScope;
use jira_host::bindings::{ErrorKind, JiraError, NewIssue};
use jira_host::demo::AuthMethod;
use jira_host::json::error_line;
use jira_host::Client;
use serde_json::Value;

const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";
const ALAN: &str = "5b109f2e9729b51b54dc274d";

/// Runs `test` with a typed client of `method` on a fresh session against `env`'s fake.
fn with_client(env: &Env, method: AuthMethod, test: impl FnOnce(&mut Client<'_>)) {
    let mut session = env.runtime.session().expect("a session");
    let mut client = session.client(&method.fake_config().to_string()).expect("no trap").expect("a client");
    test(&mut client);
    client.close().expect("the client closes");
}

/// The Ok value of a typed call; a trap or an error fails the test.
fn ok<T>(call: anyhow::Result<Result<T, JiraError>>) -> T {
    match call.expect("no trap") {
        Ok(value) => value,
        Err(error) => panic!("unexpected error: {}", error_line(&error)),
    }
}

/// The error of a typed call, which must be of `kind`; a trap or an Ok fails the test.
fn err<T: Debug>(call: anyhow::Result<Result<T, JiraError>>, kind: ErrorKind) -> JiraError {
    let error = call.expect("no trap").expect_err("an error");
    assert_kind(&error, kind);
    error
}

/// The JSON a record's `raw-json` carries, which must be Jira's object for `id` (a string or a number there).
fn raw_object(raw_json: &str, id: &str) -> Value {
    let raw: Value = serde_json::from_str(raw_json).expect("raw JSON");
    let raw_id = match &raw["id"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    assert_eq!(raw_id, id, "the raw JSON is the record's own object: {raw}");
    raw
}

/// Asserts that `raw["self"]` is Jira's REST URL ending in `tail`: a field no typed record keeps.
fn assert_self_ends_with(raw: &Value, tail: &str) {
    let url = raw["self"].as_str().unwrap_or_else(|| panic!("no `self` in {raw}"));
    assert!(url.ends_with(tail), "{url} should end with {tail}");
}

#[test]
fn issues_are_counted_updated_assigned_fetched_created_and_deleted() {
    let env = Env::new();
    with_client(&env, OAuth, |client| {
        let acme = (1..=6).filter(|n| env.fake.issue_json(&format!("ACME-{n}")).is_some()).count();
        assert_eq!(ok(client.count_issues("project = ACME")), acme as u64);
        let changes = IssueChanges {
            summary: Some("Renamed".into()),
            labels: Some(vec!["typed".into()]),
            priority: Some("High".into()),
            fields_json: Some(r#"{"customfield_10016": 5}"#.into()),
            notify_users: Some(false),
            ..no_changes()
        };
        assert_eq!(ok(client.update_issue("acme-3", &changes)), "ACME-3");
        let issue = ok(client.get_issue("ACME-3", &["customfield_10016".into()], &[]));
        assert_eq!(issue.summary.as_deref(), Some("Renamed"));
        assert_eq!((issue.labels, issue.priority.as_deref()), (vec!["typed".to_owned()], Some("High")));
        let fields: Value = serde_json::from_str(&issue.fields_json).expect("fields JSON");
        assert_eq!(fields["customfield_10016"].as_f64(), Some(5.0));
        ok(client.assign_issue("ACME-3", Some(ALAN)));
        let log = ok(client.get_changelog("ACME-3", None));
        assert_eq!(log.issue_key, "ACME-3");
        assert!(log.is_last);
        let assignee = log.histories.iter().flat_map(|h| &h.items).find(|i| i.field == "assignee").expect("assignee");
        assert_eq!(assignee.to_value.as_deref(), Some(ALAN));
        let logs = ok(client.batch_get_changelogs(&["ACME-3".into()], &["summary".into()]));
        assert_eq!(logs[0].histories[0].items[0].to_display.as_deref(), Some("Renamed"));
        ok(client.assign_issue("ACME-3", None));
        assert_eq!(env.fake.issue_json("ACME-3").unwrap()["fields"]["assignee"], Value::Null);

        let bulk = ok(client.bulk_get_issues(&["ACME-1".into(), "ACME-404".into()], &[]));
        assert_eq!(bulk.issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["ACME-1"]);
        assert_eq!(bulk.not_found, ["ACME-404"]);
        let bad_type = NewIssue { issue_type: "Nonsense".into(), ..task("Refused") };
        let outcome = ok(client.batch_create_issues(&[task("One"), bad_type, task("Three")]));
        assert_eq!(outcome.created.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(outcome.failed.len(), 1);
        assert_eq!((outcome.failed[0].index, outcome.failed[0].status), (1, Some(400)));
        assert!(outcome.failed[0].field_errors.iter().any(|e| e.field == "issuetype"), "{:?}", outcome.failed);
        let created = &outcome.created[1].issue.key;
        assert_eq!(env.fake.issue_json(created).unwrap()["fields"]["summary"], "Three");
        let edit = ok(client.get_edit_fields(created));
        let priority = edit.iter().find(|f| f.id == "priority").expect("priority is editable");
        let allowed: Value = serde_json::from_str(priority.allowed_values_json.as_deref().unwrap()).unwrap();
        assert!(allowed.as_array().unwrap().iter().any(|p| p["name"] == "High"));
        ok(client.delete_issue(created, false));
        assert!(env.fake.issue_json(created).is_none());
    });
}

#[test]
fn issue_errors_are_typed_and_bad_input_never_reaches_jira() {
    let env = Env::new();
    with_client(&env, ApiKey, |client| {
        let renamed = IssueChanges { summary: Some("x".into()), ..no_changes() };
        let missing = err(client.update_issue("ACME-404", &renamed), ErrorKind::NotFound);
        assert_eq!(missing.status, Some(404));
        err(client.delete_issue("NOPE-1", false), ErrorKind::NotFound);
        // Jira itself refuses an unbounded query.
        err(client.count_issues("order by created"), ErrorKind::InvalidInput);
        env.fake.clear_requests();
        err(client.update_issue("acme 1", &renamed), ErrorKind::InvalidInput);
        err(client.update_issue("ACME-1", &no_changes()), ErrorKind::InvalidInput);
        let bad_json = IssueChanges { fields_json: Some("[1]".into()), ..no_changes() };
        let error = err(client.update_issue("ACME-1", &bad_json), ErrorKind::InvalidInput);
        assert!(error.message.contains("fields-json"), "{}", error.message);
        let bad_item = NewIssue { fields_json: Some("nope".into()), ..task("x") };
        let error = err(client.batch_create_issues(&[task("ok"), bad_item]), ErrorKind::InvalidInput);
        assert!(error.message.contains("issues[1]"), "{}", error.message);
        err(client.count_issues("  "), ErrorKind::InvalidInput);
        err(client.get_changelog("ACME-1", Some(0)), ErrorKind::InvalidInput);
        err(client.bulk_get_issues(&[], &[]), ErrorKind::InvalidInput);
        assert!(env.api_requests().is_empty(), "{:?}", env.api_requests());
    });
}

#[test]
fn comments_are_added_edited_and_deleted_with_their_visibility() {
    let env = Env::new();
    with_client(&env, OAuth, |client| {
        let key = ok(client.create_issue(&task("Discussed"))).key;
        let role = Visibility::Role("Developers".into());
        let first = ok(client.add_comment_detail(&key, "First **bold**", None));
        assert!(first.visibility.is_none());
        let raw = raw_object(&first.raw_json, &first.id);
        assert_self_ends_with(&raw, &format!("/comment/{}", first.id));
        assert_eq!(raw["jsdPublic"], true);
        assert_eq!(first.author.as_ref().map(|a| a.display_name.as_str()), Some("Ada Lovelace"));
        let second = ok(client.add_comment_detail(&key, "Team only", Some(&role)));
        assert!(matches!(&second.visibility, Some(Visibility::Role(name)) if name == "Developers"));
        let group = Visibility::Group("jira-developers".into());
        let edited = ok(client.edit_comment(&key, &first.id, "Changed _text_", Some(&group)));
        assert_eq!(edited.body, "Changed *text*");
        assert!(matches!(&edited.visibility, Some(Visibility::Group(name)) if name == "jira-developers"));
        let raw = raw_object(&edited.raw_json, &first.id);
        assert_eq!(raw["visibility"]["value"], "jira-developers");
        let put = env.api_requests().into_iter().find(|r| r.method == "PUT").expect("the edit");
        assert_eq!(body_json(&put)["visibility"], serde_json::json!({"type": "group", "value": "jira-developers"}));
        ok(client.delete_comment(&key, &first.id));
        let list = ok(client.get_comments(&key, Some(10)));
        assert_eq!(list.comments.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [second.id.as_str()]);
        assert_eq!((list.total, list.is_last), (Some(1), true));
        let raw = raw_object(&list.comments[0].raw_json, &second.id);
        assert_self_ends_with(&raw, &format!("/comment/{}", second.id));
        assert!(raw.get("comments").is_none(), "an element's object, not the page");

        let gone = err(client.delete_comment(&key, &first.id), ErrorKind::NotFound);
        assert!(gone.message.contains(&first.id), "{}", gone.message);
        env.fake.clear_requests();
        err(client.edit_comment(&key, "1x", "b", None), ErrorKind::InvalidInput);
        err(client.add_comment_detail(&key, "x", Some(&Visibility::Role(" ".into()))), ErrorKind::InvalidInput);
        err(client.add_comment_detail(&key, "  ", None), ErrorKind::InvalidInput);
        assert!(env.api_requests().is_empty());
    });
}

#[test]
fn worklogs_are_logged_changed_listed_and_deleted() {
    let env = Env::new();
    with_client(&env, ApiKey, |client| {
        let key = ok(client.create_issue(&task("Timed"))).key;
        let input = WorklogInput {
            time_spent: Some("1h 30m".into()),
            started: Some("2024-06-03T09:15:00+02:00".into()),
            comment: Some("Paired on **the parser**".into()),
            visibility: None,
        };
        let added = ok(client.add_worklog(&key, &input, Some(&AdjustEstimate::Manual("1h".into()))));
        assert_eq!((added.time_spent.as_deref(), added.time_spent_seconds), (Some("1h 30m"), Some(5400)));
        assert_eq!(added.started.as_deref(), Some("2024-06-03T09:15:00.000+0200"));
        assert_eq!(added.comment, "Paired on **the parser**");
        let raw = raw_object(&added.raw_json, &added.id);
        assert_self_ends_with(&raw, &format!("/worklog/{}", added.id));
        assert_eq!(raw["updateAuthor"]["displayName"], "Ada Lovelace");
        let post = env.api_requests().into_iter().rfind(|r| r.method == "POST").expect("the worklog");
        let params = query_params(&post);
        assert!(params.contains(&("reduceBy".into(), "1h".into())), "{params:?}");

        let change = WorklogInput { time_spent: Some("2h".into()), started: None, comment: None, visibility: None };
        let manual = Some(AdjustEstimate::Manual("1h".into()));
        err(client.update_worklog(&key, &added.id, &change, manual.as_ref()), ErrorKind::InvalidInput);
        let updated = ok(client.update_worklog(&key, &added.id, &change, Some(&AdjustEstimate::Leave)));
        assert_eq!(updated.time_spent_seconds, Some(7200));
        assert_eq!(updated.comment, "Paired on **the parser**", "untouched parts stay");
        let list = ok(client.get_worklogs(&key, None));
        assert_eq!(list.worklogs.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), [added.id.as_str()]);
        let raw = raw_object(&list.worklogs[0].raw_json, &added.id);
        assert_self_ends_with(&raw, &format!("/worklog/{}", added.id));
        assert_eq!(raw["timeSpentSeconds"], 7200);
        assert!(raw.get("worklogs").is_none(), "an element's object, not the page");
        assert_eq!(raw_object(&updated.raw_json, &added.id)["timeSpent"], "2h");
        ok(client.delete_worklog(&key, &added.id, Some(&AdjustEstimate::NewEstimate("3h".into()))));
        assert!(ok(client.get_worklogs(&key, None)).worklogs.is_empty());

        err(client.delete_worklog(&key, "4242", None), ErrorKind::NotFound);
        let bad = WorklogInput { time_spent: Some("90".into()), ..change };
        err(client.add_worklog(&key, &bad, None), ErrorKind::InvalidInput);
        err(client.add_worklog("NOPE-9", &input, None), ErrorKind::NotFound);
    });
}

#[test]
fn links_remote_links_and_watchers() {
    let env = Env::new();
    with_client(&env, OAuth, |client| {
        let a = ok(client.create_issue(&task("Blocker"))).key;
        let b = ok(client.create_issue(&task("Blocked"))).key;
        let types = ok(client.get_link_types());
        let blocks = types.iter().find(|t| t.name == "Blocks").expect("Blocks");
        assert_eq!(blocks.outward.as_deref(), Some("blocks"));
        let link = NewIssueLink {
            link_type: "blocks".into(),
            inward_issue: a.clone(),
            outward_issue: b.clone(),
            comment: Some("See **this**".into()),
        };
        let link_id = ok(client.create_issue_link(&link)).expect("the id from Location");
        ok(client.remove_issue_link(&link_id));
        err(client.remove_issue_link(&link_id), ErrorKind::NotFound);
        err(client.remove_issue_link("first"), ErrorKind::InvalidInput);

        let created = ok(client.create_remote_link(&a, "https://docs.example.com/design?v=2", "Design"));
        let remote = ok(client.get_remote_links(&a));
        assert_eq!(remote[0].id, created.id);
        assert_eq!(remote[0].url.as_deref(), Some("https://docs.example.com/design?v=2"));
        let raw = raw_object(&remote[0].raw_json, &created.id);
        assert_self_ends_with(&raw, &format!("/issue/{a}/remotelink/{}", created.id));
        assert_eq!(raw["object"]["title"], "Design");
        err(client.create_remote_link(&a, "javascript:alert(1)", "x"), ErrorKind::InvalidInput);

        ok(client.add_watcher(&b, GRACE));
        let watchers = ok(client.get_watchers(&b));
        assert_eq!((watchers.watch_count, watchers.is_watching), (Some(1), Some(false)));
        assert_eq!(watchers.watchers[0].account_id, GRACE);
        ok(client.remove_watcher(&b, GRACE));
        assert_eq!(ok(client.get_watchers(&b)).watch_count, Some(0));
        err(client.add_watcher(&b, "nobody-here"), ErrorKind::NotFound);
    });
}

#[test]
fn projects_versions_and_create_screens() {
    let env = Env::new();
    with_client(&env, ApiKey, |client| {
        let project = ok(client.get_project("acme"));
        assert_eq!((project.key.as_str(), project.id.as_str()), ("ACME", "10000"));
        assert_eq!(project.lead.as_ref().map(|l| l.display_name.as_str()), Some("Ada Lovelace"));
        assert_eq!(project.components.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["API", "Web"]);
        let raw: Value = serde_json::from_str(&project.raw_json).expect("raw JSON");
        assert_eq!(raw["key"], "ACME");

        let new = NewVersion {
            project_key: "ACME".into(),
            name: "2.0".into(),
            description: Some("Big one".into()),
            release_date: Some("2024-09-30".into()),
            start_date: None,
        };
        let version = ok(client.create_version(&new));
        assert_eq!(
            (version.name.as_str(), version.released, version.project_id.as_deref()),
            ("2.0", false, Some("10000"))
        );
        let raw = raw_object(&version.raw_json, &version.id);
        assert_self_ends_with(&raw, &format!("/rest/api/3/version/{}", version.id));
        assert_eq!(raw["overdue"], false);
        let release = VersionChanges {
            name: None,
            description: None,
            released: Some(true),
            archived: None,
            release_date: None,
            start_date: None,
        };
        assert!(ok(client.update_version(&version.id, &release)).released);
        let versions = ok(client.get_project_versions("ACME"));
        assert_eq!(versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["1.0", "1.1", "2.0"]);
        for v in &versions {
            assert_self_ends_with(&raw_object(&v.raw_json, &v.id), &format!("/version/{}", v.id));
        }
        assert_eq!(raw_object(&versions[2].raw_json, &version.id)["released"], true);
        let duplicate = err(client.create_version(&new), ErrorKind::InvalidInput);
        assert!(duplicate.field_errors.iter().any(|e| e.field == "name"), "{}", duplicate.message);
        err(client.update_version("999", &release), ErrorKind::NotFound);

        let screen = ok(client.get_create_fields("ACME", "subtask"));
        assert_eq!(screen.issue_type.name, "Subtask");
        assert!(screen.fields.iter().any(|f| f.id == "parent" && f.required));
        let priorities = ok(client.get_priorities("ACME", None));
        assert_eq!(priorities.issue_type.name, "Task");
        assert_eq!(priorities.priorities[0].name.as_deref(), Some("Highest"));
        let types = ok(client.get_project_issue_types("ACME"));
        assert!(types.iter().any(|t| t.name == "Subtask" && t.subtask));
        let per_type = ok(client.get_project_statuses("OPS"));
        assert_eq!(per_type[0].statuses[1].category.as_deref(), Some("indeterminate"));
        err(client.get_project("NOPE"), ErrorKind::NotFound);
        err(client.get_create_fields("ACME", "Saga"), ErrorKind::InvalidInput);
    });
}

#[test]
fn fields_statuses_and_resolutions() {
    let env = Env::new();
    with_client(&env, ApiKey, |client| {
        let fields = ok(client.search_fields(Some("story")));
        assert_eq!(fields[0].id, "customfield_10016");
        assert_eq!(fields[0].clause_names, ["cf[10016]", "Story point estimate"]);
        let team = ok(client.get_field_options("customfield_10030", None));
        assert!(matches!(team.source, OptionSource::Contexts));
        assert_eq!(
            team.options.iter().filter_map(|o| o.value.as_deref()).collect::<Vec<_>>(),
            ["Red", "Blue", "Green"]
        );
        assert!(team.options[2].disabled);
        let screen = CreateScreenRef { project_key: "ACME".into(), issue_type: "Bug".into() };
        let priority = ok(client.get_field_options("priority", Some(&screen)));
        assert!(matches!(priority.source, OptionSource::CreateScreen));
        assert_eq!(priority.options.len(), 5);
        err(client.get_field_options("summary", None), ErrorKind::NotFound);
        let statuses = ok(client.get_statuses());
        assert_eq!(statuses.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["To Do", "In Progress", "Done"]);
        let resolutions = ok(client.get_resolutions());
        assert_eq!(resolutions[0].name, "Done");
    });
}

#[test]
fn users_are_looked_up_and_searched() {
    let env = Env::new();
    with_client(&env, ApiKey, |client| {
        let grace = ok(client.get_user(GRACE));
        assert_eq!((grace.display_name.as_str(), grace.email.as_deref()), ("Grace Hopper", Some("grace@example.com")));
        assert_eq!((grace.active, grace.account_type.as_deref()), (true, Some("atlassian")));
        let raw: Value = serde_json::from_str(&grace.raw_json).expect("raw JSON");
        assert_eq!(raw["accountId"], GRACE);
        let found = ok(client.search_users("hopper", None));
        assert_eq!(found.iter().map(|u| u.account_id.as_str()).collect::<Vec<_>>(), [GRACE]);
        let assignable =
            ok(client.search_assignable_users(&AssignableScope::Issue("ACME-2".into()), Some("turing"), None));
        assert_eq!(assignable.iter().map(|u| u.display_name.as_str()).collect::<Vec<_>>(), ["Alan Turing"]);
        let all = ok(client.search_assignable_users(&AssignableScope::Project("ACME".into()), None, Some(2)));
        assert_eq!(all.len(), 2);
        err(client.get_user("no-such-user"), ErrorKind::NotFound);
        err(client.search_assignable_users(&AssignableScope::Project("NOPE".into()), None, None), ErrorKind::NotFound);
        env.fake.clear_requests();
        err(client.get_user("bad id!"), ErrorKind::InvalidInput);
        err(client.search_users(" ", None), ErrorKind::InvalidInput);
        err(client.search_users("ada", Some(0)), ErrorKind::InvalidInput);
        err(
            client.search_assignable_users(&AssignableScope::Issue("not a key".into()), None, None),
            ErrorKind::InvalidInput,
        );
        assert!(env.api_requests().is_empty(), "{:?}", env.api_requests());
    });
}

#[test]
fn attachments_are_uploaded_read_downloaded_and_deleted() {
    let env = Env::new();
    for method in [ApiKey, OAuth] {
        with_client(&env, method, |client| {
            let content: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
            let created = ok(client.upload_attachment("ACME-1", "bytes.bin", &content, None));
            assert_eq!(created.len(), 1);
            let id = created[0].id.clone();
            assert_eq!(created[0].filename, "bytes.bin");
            let raw = raw_object(&created[0].raw_json, &id);
            assert_self_ends_with(&raw, &format!("/rest/api/3/attachments/{id}"));
            let meta = ok(client.get_attachment(&id));
            assert_eq!(meta.size, Some(3000));
            let raw = raw_object(&meta.raw_json, &id);
            assert!(raw["id"].is_number(), "as Jira sent it: the metadata's id is a number");
            assert_self_ends_with(&raw, &format!("/rest/api/3/attachments/{id}"));
            let file = ok(client.download_attachment(&id));
            assert_eq!((file.size, file.content == content), (3000, true));
            ok(client.delete_attachment(&id));
            err(client.get_attachment(&id), ErrorKind::NotFound);
            env.fake.clear_requests();
            err(client.upload_attachment("ACME-1", "  ", b"x", None), ErrorKind::InvalidInput);
            err(client.upload_attachment("acme 1", "a.txt", b"x", None), ErrorKind::InvalidInput);
            assert!(env.api_requests().is_empty(), "refused before any request");
        });
    }
}
