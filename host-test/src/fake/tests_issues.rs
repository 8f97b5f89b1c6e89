//! Tests of the issue endpoints over real HTTP: get, create, edit, transitions and comments.

use serde_json::{json, Value};

use super::test_client::{basic_auth, gateway, send, site, start, Answer};
use super::*;

fn get_issue(fake: &FakeJira, key_and_query: &str) -> Answer {
    site(fake, "GET", &format!("/rest/api/3/issue/{key_and_query}"), None)
}

fn post(fake: &FakeJira, path: &str, body: &Value) -> Answer {
    site(fake, "POST", &format!("/rest/api/3/{path}"), Some(&body.to_string()))
}

fn adf(text: &str) -> Value {
    json!({ "type": "doc", "version": 1, "content": [
        { "type": "paragraph", "content": [{ "type": "text", "text": text }] }
    ]})
}

fn transition_ids(fake: &FakeJira, key: &str) -> Vec<String> {
    let answer = get_issue(fake, &format!("{key}/transitions"));
    assert_eq!(answer.status, 200);
    answer.json()["transitions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|transition| transition["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_seeded_issue_has_every_field_in_jira_shape() {
    let fake = start();
    let answer = get_issue(&fake, "acme-2");
    assert_eq!(answer.status, 200);
    let issue = answer.json();
    assert_eq!(issue["id"], "10002");
    assert_eq!(issue["key"], "ACME-2");
    let fields = &issue["fields"];
    assert_eq!(fields["summary"], "Pay with a saved card");
    assert_eq!(fields["status"]["name"], "In Progress");
    assert_eq!(fields["status"]["id"], "3");
    assert_eq!(fields["status"]["statusCategory"]["key"], "indeterminate");
    assert_eq!(fields["issuetype"]["name"], "Story");
    assert_eq!(fields["issuetype"]["subtask"], false);
    assert_eq!(fields["priority"]["name"], "Medium");
    assert_eq!(fields["assignee"]["accountId"], "5b10a2844c20165700ede21g");
    assert_eq!(fields["assignee"]["active"], true);
    assert!(fields["assignee"]["avatarUrls"]["48x48"].is_string());
    assert_eq!(fields["reporter"]["displayName"], "Ada Lovelace");
    assert_eq!(fields["labels"], json!(["payments", "frontend"]));
    assert_eq!(fields["created"], "2024-01-16T10:30:00.000+0000");
    assert_eq!(fields["updated"], "2024-01-17T11:30:00.000+0000");
    assert_eq!(fields["description"]["type"], "doc");
    assert_eq!(fields["project"]["key"], "ACME");
    assert_eq!(fields["project"]["id"], "10000");
    assert_eq!(fields["parent"]["key"], "ACME-1");
    assert_eq!(fields["parent"]["fields"]["issuetype"]["name"], "Epic");
    assert_eq!(fields["comment"]["total"], 2);
    assert_eq!(fields["comment"]["comments"][0]["author"]["displayName"], "Grace Hopper");
    assert_eq!(fields["customfield_10016"], 5.0);
    assert_eq!(fake.issue_json("ACME-2"), Some(issue));
}

#[test]
fn get_issue_honours_fields_and_names_and_404s_unknown_issues() {
    let fake = start();
    let narrowed = get_issue(&fake, "ACME-6?fields=summary,assignee,description,parent&expand=names").json();
    let fields = narrowed["fields"].as_object().cloned().unwrap_or_default();
    assert_eq!(fields.len(), 3, "no parent on ACME-6: {fields:?}");
    assert_eq!(fields["assignee"], Value::Null);
    assert_eq!(fields["description"], Value::Null);
    assert_eq!(narrowed["names"]["assignee"], "Assignee");
    let missing = get_issue(&fake, "ACME-999");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({ "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {} })
    );
}

#[test]
fn create_get_transition_and_comment_round_trip() {
    let fake = start();
    let created = post(
        &fake,
        "issue",
        &json!({ "fields": {
            "project": { "key": "ACME" }, "summary": "Ship the fake", "issuetype": { "name": "Task" },
            "description": adf("All the endpoints."), "assignee": { "accountId": "5b10ac8d82e05b22cc7d4ef5" },
            "labels": ["fake", "tests"], "priority": { "name": "High" }, "customfield_10016": 8
        }}),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.json(),
        json!({ "id": "10009", "key": "ACME-7", "self": "https://acme.atlassian.net/rest/api/3/issue/10009" })
    );
    assert_eq!(fake.issue_count(), 9);
    let issue = get_issue(&fake, "ACME-7").json();
    assert_eq!(issue["fields"]["status"]["name"], "To Do");
    assert_eq!(issue["fields"]["assignee"]["displayName"], "Grace Hopper");
    assert_eq!(issue["fields"]["reporter"]["accountId"], "5b10a2844c20165700ede21g");
    assert_eq!(issue["fields"]["priority"]["name"], "High");
    assert_eq!(issue["fields"]["customfield_10016"], 8.0);
    assert_eq!(issue["fields"]["description"], adf("All the endpoints."));
    assert_eq!(transition_ids(&fake, "ACME-7"), ["21", "31"]);

    let moved = post(
        &fake,
        "issue/ACME-7/transitions",
        &json!({
            "transition": { "id": "21" },
            "update": { "comment": [{ "add": { "body": adf("Starting.") } }] }
        }),
    );
    assert_eq!(moved.status, 204);
    assert!(moved.text.is_empty());
    let issue = fake.issue_json("ACME-7").expect("exists");
    assert_eq!(issue["fields"]["status"]["name"], "In Progress");
    assert_eq!(issue["fields"]["comment"]["total"], 1);
    assert_ne!(issue["fields"]["updated"], issue["fields"]["created"]);
    assert_eq!(transition_ids(&fake, "ACME-7"), ["11", "31"]);
    let again = post(&fake, "issue/ACME-7/transitions", &json!({ "transition": { "id": "21" } }));
    assert_eq!(again.status, 400);
    assert_eq!(again.json()["errorMessages"][0], "Transition id '21' is not valid for this issue.");

    let comment = post(&fake, "issue/ACME-7/comment", &json!({ "body": adf("Looks good.") }));
    assert_eq!(comment.status, 201);
    let comment = comment.json();
    assert_eq!(comment["author"]["accountId"], "5b10a2844c20165700ede21g");
    assert_eq!(comment["body"], adf("Looks good."));
    assert_eq!(comment["jsdPublic"], true);
    assert_eq!(
        comment["self"],
        format!("https://acme.atlassian.net/rest/api/3/issue/10009/comment/{}", comment["id"].as_str().unwrap_or("?"))
    );
    let page = get_issue(&fake, "ACME-7/comment?startAt=1&maxResults=1").json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["startAt"], 1);
    assert_eq!(page["comments"][0]["body"], adf("Looks good."));

    let done = post(&fake, "issue/ACME-7/transitions", &json!({ "transition": { "id": "31" } }));
    assert_eq!(done.status, 204);
    let issue = fake.issue_json("ACME-7").expect("exists");
    assert_eq!(issue["fields"]["status"]["statusCategory"]["key"], "done");
    assert_eq!(issue["fields"]["resolution"]["name"], "Done");
}

#[test]
fn a_resolving_transition_takes_the_resolution_from_its_screen() {
    let fake = start();
    let start_work = json!({ "transition": { "id": "21" }, "fields": { "resolution": { "name": "Done" } } });
    let refused = post(&fake, "issue/ACME-6/transitions", &start_work);
    assert_eq!(refused.status, 400, "not on the screen of a transition that does not resolve");
    assert!(refused.json()["errors"]["resolution"].is_string(), "{}", refused.text);
    let unknown = json!({ "transition": { "id": "31" }, "fields": { "resolution": { "name": "Fixed" } } });
    let refused = post(&fake, "issue/ACME-6/transitions", &unknown);
    assert_eq!(refused.status, 400);
    assert_eq!(refused.json()["errors"]["resolution"], "Could not find valid 'id' or 'name' in resolution object.");
    let wont_do = json!({ "transition": { "id": "31" }, "fields": { "resolution": { "name": "Won't Do" } } });
    assert_eq!(post(&fake, "issue/ACME-6/transitions", &wont_do).status, 204);
    let issue = fake.issue_json("ACME-6").expect("exists");
    assert_eq!(issue["fields"]["resolution"]["id"], "10001");
    assert_eq!(issue["fields"]["resolution"]["name"], "Won't Do");
    let reopen = json!({ "transition": { "id": "11" } });
    assert_eq!(post(&fake, "issue/ACME-6/transitions", &reopen).status, 204);
    assert_eq!(fake.issue_json("ACME-6").expect("exists")["fields"]["resolution"], Value::Null);
}

#[test]
fn create_reports_field_errors_like_jira() {
    let fake = start();
    let cases = [
        (
            json!({ "project": { "key": "ACME" }, "issuetype": { "name": "Task" } }),
            "summary",
            "You must specify a summary of the issue.",
        ),
        (
            json!({ "project": { "key": "NOPE" }, "summary": "x", "issuetype": { "name": "Task" } }),
            "project",
            "Specify a valid project ID or key",
        ),
        (
            json!({ "project": { "id": "10000" }, "summary": "x", "issuetype": { "name": "Saga" } }),
            "issuetype",
            "Specify a valid issue type",
        ),
        (
            json!({ "project": { "key": "ACME" }, "summary": "x", "issuetype": { "id": "10001" }, "flavour": "sweet" }),
            "flavour",
            "Field 'flavour' cannot be set. It is not on the appropriate screen, or unknown.",
        ),
        (
            json!({ "project": { "key": "ACME" }, "summary": "x", "issuetype": { "name": "Task" }, "description": "plain" }),
            "description",
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)",
        ),
        (
            json!({ "project": { "key": "ACME" }, "summary": "x", "issuetype": { "name": "Subtask" } }),
            "parent",
            "Issue type is a sub-task but parent issue key or id not specified.",
        ),
    ];
    for (fields, field, message) in cases {
        let answer = post(&fake, "issue", &json!({ "fields": fields }));
        assert_eq!(answer.status, 400, "{field}");
        assert_eq!(answer.json()["errorMessages"], json!([]), "{field}");
        assert_eq!(answer.json()["errors"][field], message, "{}", answer.text);
    }
    assert_eq!(fake.issue_count(), 8);
}

#[test]
fn comments_must_be_adf_and_issues_must_exist() {
    let fake = start();
    let plain = post(&fake, "issue/ACME-1/comment", &json!({ "body": "plain text" }));
    assert_eq!(plain.status, 400);
    assert!(plain.json()["errors"]["comment"].as_str().unwrap_or_default().contains("Atlassian Document"));
    let missing = post(&fake, "issue/NOPE-1/comment", &json!({ "body": adf("hi") }));
    assert_eq!(missing.status, 404);
}

#[test]
fn edit_applies_fields_and_label_operations() {
    let fake = start();
    let body = json!({
        "fields": { "summary": "Pay with a stored card", "assignee": null },
        "update": { "labels": [{ "add": "checkout" }, { "remove": "frontend" }] }
    });
    let answer = site(&fake, "PUT", "/rest/api/3/issue/ACME-2", Some(&body.to_string()));
    assert_eq!(answer.status, 204);
    let fields = &fake.issue_json("ACME-2").expect("exists")["fields"];
    assert_eq!(fields["summary"], "Pay with a stored card");
    assert_eq!(fields["assignee"], Value::Null);
    assert_eq!(fields["labels"], json!(["payments", "checkout"]));
}

#[test]
fn issues_created_through_the_gateway_link_back_to_the_gateway() {
    let fake = start();
    let body =
        json!({ "fields": { "project": { "key": "OPS" }, "summary": "Via gateway", "issuetype": { "name": "Bug" } } });
    let answer = send(
        &fake,
        "POST",
        FAKE_GATEWAY_HOST,
        &gateway("/rest/api/3/issue"),
        Some(&basic_auth()),
        Some(&body.to_string()),
    );
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["key"], "OPS-3");
    assert_eq!(
        answer.json()["self"],
        format!("https://api.atlassian.com/ex/jira/{FAKE_CLOUD_ID}/rest/api/3/issue/10009")
    );
}
