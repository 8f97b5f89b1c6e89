//! Issue votes (`GET /issue/{idOrKey}/votes`) and issue properties (`GET /issue/{idOrKey}/properties`,
//! `GET`/`PUT`/`DELETE /issue/{idOrKey}/properties/{propertyKey}`): endpoints the connector has no tool for,
//! which users reach through `jira_request`. Answers are shaped like the platform spec's examples; a property
//! value is any JSON up to 32 KB, `PUT` answers 201 when it creates a property and 200 when it replaces one.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::exchange::{ApiRequest, Reply};
use super::render;
use super::state::State;

/// The largest property value Jira stores, in bytes of JSON.
const PROPERTY_VALUE_CAP: usize = 32_768;
/// The longest property key Jira accepts.
const PROPERTY_KEY_CAP: usize = 255;

/// Votes and properties, by issue id.
#[derive(Default)]
pub(crate) struct VotesProperties {
    /// Issue id -> the account ids that voted for it, in voting order.
    pub votes: BTreeMap<String, Vec<String>>,
    /// Issue id -> property key -> value.
    pub properties: BTreeMap<String, BTreeMap<String, Value>>,
}

/// The vote and property endpoints of the REST table; None for any other request.
pub(crate) fn dispatch(state: &mut State, request: &ApiRequest, api: &[&str]) -> Option<Reply> {
    let (method, key, rest) = match api {
        ["issue", key, rest @ ..] if matches!(rest.first(), Some(&"votes" | &"properties")) => {
            (request.method, *key, rest)
        }
        _ => return None,
    };
    let Some((issue_id, issue_key)) = state.issue(key).map(|issue| (issue.id.clone(), issue.key.clone())) else {
        return Some(Reply::error(404, "Issue does not exist or you do not have permission to see it."));
    };
    let base = &request.base;
    Some(match (method, rest) {
        ("GET", ["votes"]) => votes(state, base, &issue_id, &issue_key),
        ("GET", ["properties"]) => {
            let keys: Vec<Value> = state
                .votes_properties
                .properties
                .get(&issue_id)
                .into_iter()
                .flat_map(BTreeMap::keys)
                .map(|name| json!({ "key": name, "self": property_url(base, &issue_key, name) }))
                .collect();
            Reply::json(200, &json!({ "keys": keys }))
        }
        ("GET", ["properties", name]) => {
            match state.votes_properties.properties.get(&issue_id).and_then(|all| all.get(*name)) {
                Some(value) => Reply::json(200, &json!({ "key": name, "value": value })),
                None => property_not_found(name),
            }
        }
        ("PUT", ["properties", name]) => put_property(state, request, &issue_id, name),
        ("DELETE", ["properties", name]) => {
            match state.votes_properties.properties.get_mut(&issue_id).and_then(|all| all.remove(*name)) {
                Some(_) => Reply::no_content(),
                None => property_not_found(name),
            }
        }
        _ => Reply::not_implemented(request.method, &request.path),
    })
}

/// `GET /issue/{idOrKey}/votes`: the count, whether the caller voted, and the voters.
fn votes(state: &State, base: &str, issue_id: &str, issue_key: &str) -> Reply {
    let voters = state.votes_properties.votes.get(issue_id).map(Vec::as_slice).unwrap_or_default();
    let users: Vec<Value> = voters.iter().map(|id| render::user_ref_json(state, base, Some(id))).collect();
    Reply::json(
        200,
        &json!({
            "self": format!("{base}/rest/api/3/issue/{issue_key}/votes"),
            "votes": voters.len(),
            "hasVoted": voters.contains(&state.current_user_id),
            "voters": users,
        }),
    )
}

/// `PUT /issue/{idOrKey}/properties/{propertyKey}`: the body is the value itself.
fn put_property(state: &mut State, request: &ApiRequest, issue_id: &str, name: &str) -> Reply {
    if name.is_empty() || name.chars().count() > PROPERTY_KEY_CAP {
        return Reply::error(400, &format!("The property key must be between 1 and {PROPERTY_KEY_CAP} characters."));
    }
    if request.body.len() > PROPERTY_VALUE_CAP {
        return Reply::error(400, &format!("The property value is longer than {PROPERTY_VALUE_CAP} bytes."));
    }
    let Ok(value) = serde_json::from_slice::<Value>(request.body) else {
        return Reply::error(400, "The property value must be valid JSON.");
    };
    let properties = state.votes_properties.properties.entry(issue_id.to_string()).or_default();
    let status = if properties.insert(name.to_string(), value).is_some() { 200 } else { 201 };
    Reply { status, headers: Vec::new(), body: Vec::new() }
}

fn property_url(base: &str, issue_key: &str, name: &str) -> String {
    format!("{base}/rest/api/3/issue/{issue_key}/properties/{}", utf8_percent_encode(name, NON_ALPHANUMERIC))
}

fn property_not_found(name: &str) -> Reply {
    Reply::error(404, &format!("The property with key '{name}' does not exist."))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_client::{site, start};

    #[test]
    fn votes_list_the_voters_and_whether_the_caller_voted() {
        let fake = start();
        let answer = site(&fake, "GET", "/rest/api/3/issue/ACME-3/votes", None);
        assert_eq!(answer.status, 200, "{}", answer.text);
        let votes = answer.json();
        assert_eq!(votes["self"], "https://acme.atlassian.net/rest/api/3/issue/ACME-3/votes");
        assert_eq!(votes["votes"], 2);
        assert_eq!(votes["hasVoted"], false);
        assert_eq!(votes["voters"][0]["displayName"], "Grace Hopper");
        assert_eq!(votes["voters"][1]["accountType"], "atlassian");
        let none = site(&fake, "GET", "/rest/api/3/issue/ACME-6/votes", None).json();
        assert_eq!((none["votes"].clone(), none["voters"].clone()), (json!(0), json!([])));
        assert_eq!(site(&fake, "GET", "/rest/api/3/issue/ACME-99/votes", None).status, 404);
    }

    #[test]
    fn properties_are_created_replaced_read_listed_and_deleted() {
        let fake = start();
        let path = "/rest/api/3/issue/ACME-2/properties/release";
        let missing = site(&fake, "GET", path, None);
        assert_eq!(missing.status, 404);
        assert_eq!(missing.json()["errorMessages"][0], "The property with key 'release' does not exist.");
        let created = site(&fake, "PUT", path, Some(r#"{"train": "2024-06", "approved": false}"#));
        assert_eq!((created.status, created.text.as_str()), (201, ""));
        let replaced = site(&fake, "PUT", path, Some(r#"{"train": "2024-06", "approved": true}"#));
        assert_eq!(replaced.status, 200);
        let read = site(&fake, "GET", path, None);
        assert_eq!(read.json(), json!({ "key": "release", "value": { "train": "2024-06", "approved": true } }));
        let listed = site(&fake, "GET", "/rest/api/3/issue/ACME-2/properties", None).json();
        assert_eq!(listed["keys"][0]["key"], "release");
        assert_eq!(listed["keys"][0]["self"], "https://acme.atlassian.net/rest/api/3/issue/ACME-2/properties/release");
        assert_eq!(site(&fake, "PUT", path, Some("{not json")).status, 400);
        assert_eq!(site(&fake, "DELETE", path, None).status, 204);
        assert_eq!(site(&fake, "DELETE", path, None).status, 404);
        assert_eq!(site(&fake, "GET", "/rest/api/3/issue/ACME-2/properties", None).json(), json!({ "keys": [] }));
        assert_eq!(site(&fake, "PUT", "/rest/api/3/issue/NOPE-1/properties/x", Some("1")).status, 404);
    }

    #[test]
    fn user_groups_name_the_groups_of_an_existing_user() {
        let fake = start();
        let answer = site(&fake, "GET", "/rest/api/3/user/groups?accountId=5b10ac8d82e05b22cc7d4ef5", None);
        assert_eq!(answer.status, 200, "{}", answer.text);
        let groups = answer.json();
        let names: Vec<&str> = groups.as_array().expect("array").iter().filter_map(|g| g["name"].as_str()).collect();
        assert_eq!(names, ["jira-software-users"]);
        let group_id = groups[0]["groupId"].as_str().expect("groupId");
        assert_eq!(groups[0]["self"], format!("https://acme.atlassian.net/rest/api/3/group?groupId={group_id}"));
        assert_eq!(site(&fake, "GET", "/rest/api/3/user/groups?accountId=nobody", None).status, 404);
        assert_eq!(site(&fake, "GET", "/rest/api/3/user/groups", None).status, 400);
    }
}
