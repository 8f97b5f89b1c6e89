//! Transitions: list what an issue can move to, and move it (by transition id or name).

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::adf::markdown_to_adf;
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::site::{issue_key, path_segment, Site};

/// A transition available on an issue now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub id: String,
    pub name: String,
    /// The status the transition leads to.
    pub to_status: String,
    /// Jira's transition object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// What a performed transition did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionOutcome {
    pub issue_key: String,
    pub transition_id: String,
    /// The issue's status after the transition, read back from Jira.
    pub status: Option<String>,
}

fn transitions_path(key: &str) -> Result<String> {
    Ok(format!("/rest/api/3/issue/{}/transitions", path_segment(&issue_key("issue_key", key)?)))
}

/// `GET /rest/api/3/issue/{key}/transitions`.
pub fn get_transitions_request(site: &Site, key: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&transitions_path(key)?, &[])))
}

/// Parses `{"transitions": [...]}`.
pub fn parse_transitions(response: &Response) -> Result<Vec<Transition>> {
    const CONTEXT: &str = "get transitions";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT)
        .with_opt("transitions", |list| {
            list.map_array(|t| {
                Ok(Transition {
                    id: t.id("id")?,
                    name: t.opt_str("name")?.unwrap_or_default(),
                    to_status: t.with_opt("to", |to| to.opt_str("name"))?.flatten().unwrap_or_default(),
                    raw: t.value().clone(),
                })
            })
        })
        .map(Option::unwrap_or_default)
}

/// Picks the transition the caller meant: an id, else a case-insensitive transition name, else a
/// case-insensitive target status name. Anything else is `invalid-input` listing what is available.
pub fn choose_transition<'a>(available: &'a [Transition], wanted: &str) -> Result<&'a Transition> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(Error::invalid_input("`transition` is empty: give a transition id or name"));
    }
    let by = |f: &dyn Fn(&Transition) -> bool| -> Vec<&'a Transition> { available.iter().filter(|t| f(t)).collect() };
    for candidates in [
        by(&|t| t.id == wanted),
        by(&|t| t.name.eq_ignore_ascii_case(wanted)),
        by(&|t| t.to_status.eq_ignore_ascii_case(wanted)),
    ] {
        match candidates.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            many => {
                return Err(Error::invalid_input(format!(
                    "`transition` {} is ambiguous: it matches {}; give the id",
                    crate::site::quoted_preview(wanted),
                    describe(many.iter().copied())
                )))
            }
        }
    }
    let listed = if available.is_empty() { "none".to_string() } else { describe(available.iter()) };
    Err(Error::invalid_input(format!(
        "`transition` {} is not available on this issue now; available: {listed}",
        crate::site::quoted_preview(wanted)
    )))
}

fn describe<'a>(transitions: impl Iterator<Item = &'a Transition>) -> String {
    transitions.map(|t| format!("{} (id {}, to {})", t.name, t.id, t.to_status)).collect::<Vec<_>>().join(", ")
}

/// `POST /rest/api/3/issue/{key}/transitions`, with an optional comment added and `fields` (by id, values in
/// Jira's shape) set in the same request.
pub fn transition_issue_request(
    site: &Site,
    key: &str,
    transition_id: &str,
    comment: Option<&str>,
    fields: &Map<String, Value>,
) -> Result<Request> {
    let mut body = json!({ "transition": { "id": transition_id } });
    if !fields.is_empty() {
        body["fields"] = Value::Object(fields.clone());
    }
    if let Some(text) = comment.filter(|c| !c.trim().is_empty()) {
        body["update"] = json!({ "comment": [ { "add": { "body": markdown_to_adf(text) } } ] });
    }
    Ok(Request::new(Method::Post, site.api_url(&transitions_path(key)?, &[])).json_body(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid};

    fn t(id: &str, name: &str, to: &str) -> Transition {
        Transition { id: id.into(), name: name.into(), to_status: to.into(), raw: Value::Null }
    }

    #[test]
    fn requests_validate_against_the_spec() {
        let fields = json!({"resolution": {"name": "Done"}, "customfield_10016": 3});
        let fields = fields.as_object().cloned().expect("object");
        let req = get_transitions_request(&site_api_key(), "ACME-1").expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/issue/ACME-1/transitions");
        spec_valid(&req);
        let req =
            transition_issue_request(&site_oauth(), "ACME-1", "21", Some("Starting now"), &fields).expect("request");
        assert_eq!(req.method, Method::Post);
        let body = req.body_json().expect("json");
        assert_eq!(body["transition"], json!({"id": "21"}));
        assert_eq!(body["update"]["comment"][0]["add"]["body"]["type"], "doc");
        spec_valid(&req);
        assert_eq!(body["fields"], json!({"resolution": {"name": "Done"}, "customfield_10016": 3}));
        let bare = transition_issue_request(&site_api_key(), "ACME-1", "31", None, &Map::new()).expect("request");
        assert_eq!(bare.body_json().expect("json"), json!({"transition": {"id": "31"}}));
    }

    #[test]
    fn parses_fixtures() {
        let body = fixture("issues/issue_transitions_get_200.spec-examples.json");
        let list = parse_transitions(&Response::new(200, body.clone())).expect("spec example");
        let json: Value = serde_json::from_slice(&body).expect("fixture JSON");
        assert_eq!(list[0], Transition { raw: json["transitions"][0].clone(), ..t("2", "Close Issue", "In Progress") });
        assert_eq!(list[0].raw["fields"]["summary"]["name"], "My Multi Select", "the screen's fields stay raw");
        assert!(serde_json::to_value(&list[0]).expect("json").get("raw").is_none(), "the tools' JSON is unchanged");
        let list = parse_transitions(&Response::new(200, fixture("issues/issue_transitions.jira-cli.json")))
            .expect("jira-cli");
        assert!(!list.is_empty());
        assert!(list.iter().all(|t| !t.id.is_empty() && !t.name.is_empty()));
    }

    #[test]
    fn chooses_by_id_then_name_then_target_status() {
        let list =
            vec![t("11", "To Do", "To Do"), t("21", "Start progress", "In Progress"), t("31", "Resolve", "Done")];
        assert_eq!(choose_transition(&list, "31").expect("id").id, "31");
        assert_eq!(choose_transition(&list, "start PROGRESS").expect("name").id, "21");
        assert_eq!(choose_transition(&list, "done").expect("status").id, "31");
        let err = choose_transition(&list, "Reopen").expect_err("unknown");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains("Start progress (id 21, to In Progress)"), "{}", err.message);
        let twins = vec![t("1", "Close", "Done"), t("2", "close", "Closed")];
        assert!(choose_transition(&twins, "Close").expect_err("ambiguous").message.contains("ambiguous"));
    }
}
