//! One project in detail (`GET /rest/api/3/project/{projectIdOrKey}`) and its components
//! (`GET /rest/api/3/project/{projectIdOrKey}/components`).

use serde::Serialize;
use serde_json::Value;

use crate::decode::{parse_body, Node};
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::jira::versions::{parse_version_node, Version};
use crate::jira::{parse_user_ref, UserRef};
use crate::site::{path_segment, project_key, Site};

/// An issue type as a project lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueTypeRef {
    pub id: String,
    pub name: String,
    pub subtask: bool,
    pub description: Option<String>,
}

/// A project component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub lead: Option<UserRef>,
    /// Who issues of the component are assigned to by default (`PROJECT_LEAD`, `COMPONENT_LEAD`, ...).
    pub assignee_type: Option<String>,
}

/// A project in detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectDetails {
    pub id: String,
    pub key: String,
    pub name: String,
    pub project_type: Option<String>,
    pub description: Option<String>,
    pub lead: Option<UserRef>,
    /// True for team-managed (next-gen) projects.
    pub simplified: Option<bool>,
    pub issue_types: Vec<IssueTypeRef>,
    pub components: Vec<Component>,
    pub versions: Vec<Version>,
    /// Jira's project object.
    #[serde(skip)]
    pub raw: Value,
}

/// The path of a project, validated and encoded.
pub fn project_path(project: &str, suffix: &str) -> Result<String> {
    let key = project_key("project_key", project)?;
    Ok(format!("/rest/api/3/project/{}{suffix}", path_segment(&key)))
}

/// `GET /rest/api/3/project/{projectIdOrKey}`: the issue types, components and versions come inline.
pub fn get_project_request(site: &Site, project: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&project_path(project, "")?, &[("expand", "description,lead".into())])))
}

/// `GET /rest/api/3/project/{projectIdOrKey}/components`.
pub fn project_components_request(site: &Site, project: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&project_path(project, "/components")?, &[])))
}

fn issue_type_ref(node: Node<'_>) -> Result<IssueTypeRef> {
    Ok(IssueTypeRef {
        id: node.id("id")?,
        name: node.opt_str("name")?.unwrap_or_default(),
        subtask: node.opt_bool("subtask")?.unwrap_or(false),
        description: node.opt_str("description")?.filter(|d| !d.is_empty()),
    })
}

fn component(node: Node<'_>) -> Result<Component> {
    Ok(Component {
        id: node.id("id")?,
        name: node.opt_str("name")?.unwrap_or_default(),
        description: node.opt_str("description")?.filter(|d| !d.is_empty()),
        lead: node.with_opt("lead", parse_user_ref)?,
        assignee_type: node.opt_str("assigneeType")?,
    })
}

/// Parses one project.
pub fn parse_project(response: &Response) -> Result<ProjectDetails> {
    const CONTEXT: &str = "get project";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    Ok(ProjectDetails {
        id: root.id("id")?,
        key: root.str("key")?,
        name: root.opt_str("name")?.unwrap_or_default(),
        project_type: root.opt_str("projectTypeKey")?,
        description: root.opt_str("description")?.filter(|d| !d.is_empty()),
        lead: root.with_opt("lead", parse_user_ref)?,
        simplified: root.opt_bool("simplified")?,
        issue_types: root.with_opt("issueTypes", |t| t.map_array(issue_type_ref))?.unwrap_or_default(),
        components: root.with_opt("components", |c| c.map_array(component))?.unwrap_or_default(),
        versions: root.with_opt("versions", |v| v.map_array(parse_version_node))?.unwrap_or_default(),
        raw: body.clone(),
    })
}

/// Parses a project's components.
pub fn parse_components(response: &Response) -> Result<Vec<Component>> {
    const CONTEXT: &str = "get project components";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(component)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

    #[test]
    fn requests_are_valid_and_keys_checked() {
        let req = get_project_request(&site_api_key(), "ACME").expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/project/ACME?expand=description%2Clead");
        spec_valid(&req);
        let req = project_components_request(&site_oauth(), "10000").expect("request");
        assert!(req.url.ends_with("/rest/api/3/project/10000/components"));
        spec_valid(&req);
        for bad in ["", "A/B", "..", "A?x=1"] {
            assert_eq!(get_project_request(&site_api_key(), bad).expect_err(bad).kind, ErrorKind::InvalidInput);
        }
    }

    #[test]
    fn parses_the_spec_example() {
        let body = spec_example("GET /rest/api/3/project/{projectIdOrKey} 200");
        let project = parse_project(&Response::new(200, body)).expect("parse");
        assert_eq!(project.key, "EX");
        assert_eq!(project.id, "10000");
        assert_eq!(project.lead.as_ref().map(|l| l.display_name.as_str()), Some("Mia Krystof"));
        assert_eq!(project.components[0].name, "Component 1");
        assert!(project.issue_types.iter().any(|t| t.name == "Task" && !t.subtask));
    }

    #[test]
    fn parses_the_apache_capture_and_components() {
        let body = fixture("projects/project_get_server_apache.go-jira.json");
        let project = parse_project(&Response::new(200, body)).expect("parse");
        assert_eq!(project.key, "ABDERA");
        assert_eq!(project.issue_types.len(), 35);
        assert!(!project.versions.is_empty(), "a server capture lists its versions");
        let body = spec_example("GET /rest/api/3/project/{projectIdOrKey}/components 200");
        let components = parse_components(&Response::new(200, body)).expect("parse");
        assert_eq!(components[0].assignee_type.as_deref(), Some("PROJECT_LEAD"));
        assert_eq!(components[0].description.as_deref(), Some("This is a Jira component"));
    }

    #[test]
    fn a_project_without_key_is_a_decode_error() {
        let err = parse_project(&Response::new(200, r#"{"id":"1"}"#)).expect_err("no key");
        assert_eq!(err.message, "get project: missing required value at `$.key`");
    }
}
