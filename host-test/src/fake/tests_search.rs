//! Tests of JQL search (paging, fields, the JQL subset, errors) and project search, over real HTTP.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::test_client::{site, start, Answer};
use super::*;

/// `GET /search/jql` with `jql` encoded and `extra` appended to the query string.
fn search_get(fake: &FakeJira, jql: &str, extra: &str) -> Answer {
    let jql = utf8_percent_encode(jql, NON_ALPHANUMERIC);
    site(fake, "GET", &format!("/rest/api/3/search/jql?jql={jql}{extra}"), None)
}

fn search_post(fake: &FakeJira, body: &Value) -> Answer {
    site(fake, "POST", "/rest/api/3/search/jql", Some(&body.to_string()))
}

fn keys(answer: &Answer) -> Vec<String> {
    answer.json()["issues"]
        .as_array()
        .map(|issues| issues.iter().map(|issue| issue["key"].as_str().unwrap_or("?").to_string()).collect())
        .unwrap_or_default()
}

/// The keys a JQL query finds, in result order.
fn find(fake: &FakeJira, jql: &str) -> Vec<String> {
    let answer = search_post(fake, &json!({ "jql": jql, "fields": ["summary"] }));
    assert_eq!(answer.status, 200, "{jql}: {}", answer.text);
    keys(&answer)
}

#[test]
fn without_fields_only_ids_come_back() {
    let fake = start();
    let answer = search_post(&fake, &json!({ "jql": "project = ACME ORDER BY key ASC" }));
    assert_eq!(answer.status, 200);
    let body = answer.json();
    let ids: Vec<Value> = (10001..=10006).map(|id| json!({ "id": id.to_string() })).collect();
    assert_eq!(body["issues"], Value::Array(ids));
    assert_eq!(body["isLast"], true);
    assert!(body.get("nextPageToken").is_none());
}

#[test]
fn pages_follow_opaque_tokens_with_the_selected_fields() {
    let fake = start();
    let jql = "project = ACME ORDER BY key ASC";
    let first = search_get(&fake, jql, "&maxResults=4&fields=summary,status");
    assert_eq!(first.status, 200);
    assert_eq!(keys(&first), ["ACME-1", "ACME-2", "ACME-3", "ACME-4"]);
    let body = first.json();
    assert_eq!(body["isLast"], false);
    let issue = &body["issues"][0];
    assert_eq!(issue["id"], "10001");
    assert_eq!(issue["self"], "https://acme.atlassian.net/rest/api/3/issue/10001");
    let mut field_names: Vec<&String> = issue["fields"].as_object().map(|f| f.keys().collect()).unwrap_or_default();
    field_names.sort();
    assert_eq!(field_names, ["status", "summary"]);
    assert_eq!(issue["fields"]["status"]["statusCategory"]["key"], "indeterminate");
    let token = body["nextPageToken"].as_str().expect("a token").to_string();
    let second =
        search_post(&fake, &json!({ "jql": jql, "maxResults": 4, "fields": ["summary"], "nextPageToken": token }));
    assert_eq!(keys(&second), ["ACME-5", "ACME-6"]);
    assert_eq!(second.json()["isLast"], true);
    assert!(second.json().get("nextPageToken").is_none());
    // A token only pages the query it came from.
    let other = search_post(&fake, &json!({ "jql": "project = OPS", "nextPageToken": token }));
    assert_eq!(other.status, 400);
    let garbage = search_get(&fake, jql, "&nextPageToken=not-a-token");
    assert_eq!(garbage.status, 400);
}

#[test]
fn page_size_defaults_to_50_and_is_capped_at_100() {
    let fake = start();
    for number in 0..120 {
        let body = json!({ "fields": { "project": { "key": "OPS" }, "summary": format!("Bulk {number}"), "issuetype": { "name": "Task" } } });
        assert_eq!(site(&fake, "POST", "/rest/api/3/issue", Some(&body.to_string())).status, 201);
    }
    let default = search_post(&fake, &json!({ "jql": "project = OPS" }));
    assert_eq!(default.json()["issues"].as_array().map(Vec::len), Some(50));
    let capped = search_post(&fake, &json!({ "jql": "project = OPS", "maxResults": 500 }));
    assert_eq!(capped.json()["issues"].as_array().map(Vec::len), Some(100));
    assert_eq!(capped.json()["isLast"], false);
}

#[test]
fn the_jql_subset_filters_like_jira() {
    let fake = start();
    let cases: &[(&str, &[&str])] = &[
        ("assignee = currentUser() ORDER BY key ASC", &["ACME-1", "ACME-2", "OPS-1"]),
        ("assignee is EMPTY", &["ACME-6"]),
        ("assignee = 5b10ac8d82e05b22cc7d4ef5 ORDER BY key", &["ACME-3", "OPS-2"]),
        ("project = ACME AND status != Done ORDER BY key ASC", &["ACME-1", "ACME-2", "ACME-3", "ACME-5", "ACME-6"]),
        ("status = 'In Progress' order by key desc", &["OPS-2", "ACME-2", "ACME-1"]),
        ("labels = infra ORDER BY key", &["ACME-4", "ACME-5", "OPS-2"]),
        ("summary ~ \"login SSO\"", &["ACME-3"]),
        ("text ~ stopgap", &["OPS-2"]),
        ("issuetype = Bug ORDER BY created ASC", &["ACME-3", "OPS-2"]),
        ("project in (OPS, \"ACME\") AND key = ACME-4", &["ACME-4"]),
        ("(labels = oncall OR priority = Highest) AND project != HR ORDER BY key", &["ACME-3", "OPS-1"]),
        ("parent = ACME-4", &["ACME-5"]),
        ("project = OPS", &["OPS-2", "OPS-1"]),
        (
            "project = ACME AND resolution = Unresolved ORDER BY key",
            &["ACME-1", "ACME-2", "ACME-3", "ACME-5", "ACME-6"],
        ),
        ("resolution IS EMPTY AND project = OPS ORDER BY key", &["OPS-1", "OPS-2"]),
        ("resolution = Done", &["ACME-4"]),
        ("resolution != unresolved", &["ACME-4"]),
        ("resolution in (\"Won't Do\", 10000)", &["ACME-4"]),
        ("resolution IS NOT EMPTY", &["ACME-4"]),
    ];
    for (jql, expected) in cases {
        assert_eq!(find(&fake, jql), *expected, "{jql}");
    }
}

#[test]
fn bad_queries_are_400_with_jira_messages() {
    let fake = start();
    let cases: &[(&str, &str)] = &[
        ("", "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."),
        (
            "ORDER BY created DESC",
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        ),
        ("project = NOPE", "The value 'NOPE' does not exist for the field 'project'."),
        ("status = Closed", "The value 'Closed' does not exist for the field 'status'."),
        ("resolution = Fixed", "The value 'Fixed' does not exist for the field 'resolution'."),
        ("flavour = sweet", "Field 'flavour' does not exist or you do not have permission to view it."),
        ("key = ACME-99", "An issue with key 'ACME-99' does not exist for field 'key'."),
        ("summary = x", "The operator '=' is not supported by the 'summary' field."),
    ];
    for (jql, message) in cases {
        let answer = search_post(&fake, &json!({ "jql": jql }));
        assert_eq!(answer.status, 400, "{jql}");
        assert_eq!(answer.json()["errorMessages"][0], *message, "{jql}");
        assert_eq!(answer.json()["errors"], json!({}), "{jql}");
    }
    for jql in ["project = ", "project ACME", "summary ~ \"open"] {
        let answer = search_post(&fake, &json!({ "jql": jql }));
        assert_eq!(answer.status, 400, "{jql}");
        let message = answer.json()["errorMessages"][0].as_str().unwrap_or_default().to_string();
        assert!(message.starts_with("Error in the JQL Query:"), "{jql}: {message}");
    }
}

#[test]
fn post_bodies_with_unknown_keys_or_bad_json_are_refused() {
    let fake = start();
    let legacy = search_post(&fake, &json!({ "jql": "project = ACME", "startAt": 0 }));
    assert_eq!(legacy.status, 400);
    let broken = site(&fake, "POST", "/rest/api/3/search/jql", Some("{\"jql\":"));
    assert_eq!(broken.status, 400);
}

#[test]
fn field_selectors_and_names_expansion() {
    let fake = start();
    let navigable = search_post(&fake, &json!({ "jql": "key = ACME-2", "fields": ["*navigable"] }));
    let fields = &navigable.json()["issues"][0]["fields"];
    assert!(fields.get("comment").is_none());
    assert_eq!(fields["parent"]["key"], "ACME-1");
    assert_eq!(fields["customfield_10016"], 5.0);
    let all_but = search_get(&fake, "key = ACME-2", "&fields=*all,-comment,-description&expand=names");
    let body = all_but.json();
    let fields = &body["issues"][0]["fields"];
    assert!(fields.get("comment").is_none() && fields.get("description").is_none());
    assert_eq!(fields["labels"], json!(["payments", "frontend"]));
    assert_eq!(body["names"]["customfield_10016"], "Story point estimate");
}

#[test]
fn project_search_pages_by_offset_and_filters_by_query() {
    let fake = start();
    let all = site(&fake, "GET", "/rest/api/3/project/search", None).json();
    assert_eq!(all["total"], 6);
    assert_eq!(all["isLast"], true);
    assert_eq!(all["maxResults"], 50);
    assert_eq!(all["values"][0]["key"], "ACME");
    assert_eq!(all["values"][0]["name"], "Acme Platform");
    assert_eq!(all["values"][0]["projectTypeKey"], "software");
    assert_eq!(all["values"][0]["self"], "https://acme.atlassian.net/rest/api/3/project/10000");
    let page = site(&fake, "GET", "/rest/api/3/project/search?startAt=2&maxResults=2", None).json();
    let page_keys: Vec<&str> =
        page["values"].as_array().into_iter().flatten().filter_map(|p| p["key"].as_str()).collect();
    assert_eq!(page_keys, ["HR", "MOB"]);
    assert_eq!(page["isLast"], false);
    assert_eq!(page["nextPage"], "https://acme.atlassian.net/rest/api/3/project/search?startAt=4&maxResults=2");
    let found = site(&fake, "GET", "/rest/api/3/project/search?query=operat", None).json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["values"][0]["key"], "OPS");
    assert_eq!(found["values"][0]["projectTypeKey"], "business");
    let capped = site(&fake, "GET", "/rest/api/3/project/search?maxResults=500", None).json();
    assert_eq!(capped["maxResults"], 50);
}

#[test]
fn jql_parser_reads_lists_functions_and_ordering() {
    use super::jql::{parse, Clause, Expr, Operand, Operator, OrderKey};
    let query = parse("assignee in (currentUser(), EMPTY) ORDER BY created DESC, key").expect("parses");
    assert_eq!(
        query.filter,
        Some(Expr::Clause(Clause {
            field: "assignee".into(),
            operator: Operator::In,
            operand: Operand::List(vec![Operand::Function("currentuser".into()), Operand::Empty]),
        }))
    );
    assert_eq!(
        query.order,
        [OrderKey { field: "created".into(), descending: true }, OrderKey { field: "key".into(), descending: false }]
    );
}
