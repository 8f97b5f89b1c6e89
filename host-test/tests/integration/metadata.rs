//! Projects and metadata through the component: a project in detail, issue types and create fields, versions
//! (list, create, release), components, statuses and resolutions, with their error cases.

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::Fault;
use serde_json::{json, Value};

fn names(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} array in {list}"))
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn get_project_for_every_auth_method() {
    for method in METHODS {
        let env = Env::new();
        let project = env.ok(method, "jira_get_project", json!({"project_key": "acme"}));
        assert_eq!(project["key"], "ACME");
        assert_eq!(project["id"], "10000");
        assert_eq!(project["lead"]["display_name"], "Ada Lovelace");
        assert!(names(&project, "issue_types").contains(&"Bug".to_owned()));
        assert_eq!(names(&project, "components"), ["API", "Web"]);
        assert_eq!(names(&project, "versions"), ["1.0", "1.1"]);
        assert_routed(&env, method, lookups(method));
        assert_eq!(env.api_requests()[0].path, rest_path(method, "api/3/project/acme"));
    }
}

#[test]
fn issue_types_and_create_fields() {
    let env = Env::new();
    let types = env.ok(OAuth, "jira_get_project_issue_types", json!({"project_key": "ACME"}));
    assert_eq!(names(&types, "issue_types"), ["Task", "Bug", "Story", "Epic", "Subtask"]);
    let meta = env.ok(ApiKey, "jira_get_create_fields", json!({"project_key": "ACME", "issue_type": "subtask"}));
    assert_eq!(meta["issue_type"]["name"], "Subtask");
    let fields = meta["fields"].as_array().unwrap();
    let field = |id: &str| fields.iter().find(|f| f["id"] == id).unwrap_or_else(|| panic!("{id} in {meta}"));
    assert_eq!(field("summary")["required"], true);
    assert_eq!(field("parent")["required"], true, "sub-tasks need a parent");
    assert_eq!(field("customfield_10016")["schema_type"], "number");
    assert_eq!(field("priority")["allowed_values"][0], json!({"id": "1", "name": "Highest"}));
    let last = env.api_requests().pop().unwrap();
    assert_eq!(last.path, rest_path(ApiKey, "api/3/issue/createmeta/ACME/issuetypes/10005"));

    let error = env.err(
        ApiKey,
        "jira_get_create_fields",
        json!({"project_key": "ACME", "issue_type": "Saga"}),
        ErrorKind::InvalidInput,
    );
    assert!(error.message.contains("Task, Bug, Story, Epic, Subtask"), "{}", error.message);
}

#[test]
fn versions_are_created_released_and_listed() {
    let env = Env::new();
    let created = env.ok(
        InstantOAuth,
        "jira_create_version",
        json!({"project_key": "ACME", "name": "2.0", "description": "Big one", "release_date": "2024-09-30"}),
    );
    assert_eq!(created["name"], "2.0");
    assert_eq!(created["released"], false);
    assert_eq!(created["project_id"], "10000");
    let post = env.api_requests().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(
        body_json(&post),
        json!({"projectId": 10000, "name": "2.0", "description": "Big one", "releaseDate": "2024-09-30"})
    );

    let id = created["id"].as_str().unwrap();
    let released = env.ok(ApiKey, "jira_update_version", json!({"version_id": id, "released": true, "archived": true}));
    assert_eq!((released["released"].clone(), released["archived"].clone()), (json!(true), json!(true)));

    let versions = env.ok(ApiKey, "jira_get_project_versions", json!({"project_key": "ACME"}));
    assert_eq!(names(&versions, "versions"), ["1.0", "1.1", "2.0"]);
    assert_eq!(versions["versions"][2]["release_date"], "2024-09-30");

    let error =
        env.err(ApiKey, "jira_create_version", json!({"project_key": "ACME", "name": "1.0"}), ErrorKind::InvalidInput);
    assert_eq!(error.status, Some(400));
    assert!(error.field_errors.iter().any(|e| e.field == "name"), "{}", error.message);
    env.err(ApiKey, "jira_update_version", json!({"version_id": "999", "name": "x"}), ErrorKind::NotFound);
    env.err(ApiKey, "jira_create_version", json!({"project_key": "NOPE", "name": "x"}), ErrorKind::NotFound);
}

#[test]
fn components_statuses_and_resolutions() {
    let env = Env::new();
    let components = env.ok(ApiKey, "jira_get_project_components", json!({"project_key": "ACME"}));
    assert_eq!(components["components"][0]["lead"]["display_name"], "Ada Lovelace");
    assert_eq!(components["components"][1]["assignee_type"], "PROJECT_LEAD");
    let per_type = env.ok(ApiKey, "jira_get_project_statuses", json!({"project_key": "OPS"}));
    assert_eq!(per_type["issue_types"][0]["statuses"][1]["category"], "indeterminate");
    let statuses = env.ok(OAuth, "jira_get_statuses", json!({}));
    assert_eq!(names(&statuses, "statuses"), ["To Do", "In Progress", "Done"]);
    assert_eq!(statuses["statuses"][2]["category"], "done");
    let resolutions = env.ok(ApiKey, "jira_get_resolutions", json!({}));
    assert_eq!(names(&resolutions, "resolutions"), ["Done", "Won't Do", "Duplicate", "Cannot Reproduce"]);
}

#[test]
fn metadata_errors_map_to_kinds() {
    let env = Env::new();
    let error = env.err(ApiKey, "jira_get_project", json!({"project_key": "NOPE"}), ErrorKind::NotFound);
    assert_eq!(error.error_messages, ["No project could be found with key 'NOPE'."]);
    env.fake.inject(Fault::jira_error("/status", 403, "You are not allowed."));
    env.err(OAuth, "jira_get_statuses", json!({}), ErrorKind::Forbidden);
    env.fake.inject(Fault::malformed_json("/resolution/search"));
    env.err(ApiKey, "jira_get_resolutions", json!({}), ErrorKind::Decode);
    env.fake.inject(Fault::status("/components", 200, r#"[{"name": "no id"}]"#));
    let error = env.err(ApiKey, "jira_get_project_components", json!({"project_key": "ACME"}), ErrorKind::Decode);
    assert!(error.message.contains("$[0].id"), "{}", error.message);
}

#[test]
fn fields_are_searched_and_options_listed() {
    let env = Env::new();
    let fields = env.ok(ApiKey, "jira_search_fields", json!({"keyword": "story"}));
    assert_eq!(fields["fields"][0]["id"], "customfield_10016");
    assert_eq!(fields["fields"][0]["schema_type"], "number");
    assert_eq!(fields["fields"][0]["clause_names"], json!(["cf[10016]", "Story point estimate"]));
    let all = env.ok(OAuth, "jira_search_fields", json!({}));
    assert!(all["fields"].as_array().unwrap().iter().any(|f| f["name"] == "Team" && f["custom"] == true));

    let team = env.ok(ApiKey, "jira_get_field_options", json!({"field_id": "customfield_10030"}));
    assert_eq!(team["source"], "contexts");
    assert_eq!(names_of(&team["options"], "value"), ["Red", "Blue", "Green"]);
    assert_eq!(team["options"][2]["disabled"], true);
    let priority = env.ok(
        ApiKey,
        "jira_get_field_options",
        json!({"field_id": "priority", "project_key": "ACME", "issue_type": "Bug"}),
    );
    assert_eq!(priority["source"], "create_screen");
    assert_eq!(names_of(&priority["options"], "value"), ["Highest", "High", "Medium", "Low", "Lowest"]);
    env.err(ApiKey, "jira_get_field_options", json!({"field_id": "summary"}), ErrorKind::NotFound);
}

fn names_of(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|item| item[key].as_str().unwrap().to_owned()).collect()
}

#[test]
fn priorities_of_a_project() {
    let env = Env::new();
    let out = env.ok(ApiKey, "jira_get_priorities", json!({"project_key": "ACME"}));
    assert_eq!(out["issue_type"], "Task");
    assert_eq!(names(&out, "priorities"), ["Highest", "High", "Medium", "Low", "Lowest"]);
    let out = env.ok(OAuth, "jira_get_priorities", json!({"project_key": "OPS", "issue_type": "Bug"}));
    assert_eq!(out["issue_type"], "Bug");
    env.err(ApiKey, "jira_get_priorities", json!({"project_key": "NOPE"}), ErrorKind::NotFound);
}
