//! Project versions (releases): list (`GET /rest/api/3/project/{projectIdOrKey}/versions`), create
//! (`POST /rest/api/3/version`) and update, release or archive (`PUT /rest/api/3/version/{id}`).

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::project_details::project_path;
use crate::site::{path_segment, Site};

/// A project version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub released: bool,
    pub archived: bool,
    /// `yyyy-mm-dd` (Jira Cloud); some payloads carry a number instead, kept as text.
    pub release_date: Option<String>,
    pub start_date: Option<String>,
    pub project_id: Option<String>,
    /// Jira's version object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// A version to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// The numeric id of the project (a [`VersionDraft`] names it by key).
    pub project_id: u64,
    pub name: String,
    pub description: Option<String>,
    pub release_date: Option<String>,
    pub start_date: Option<String>,
}

/// A version to create for a project given by key or id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDraft {
    pub project_key: String,
    pub name: String,
    pub description: Option<String>,
    pub release_date: Option<String>,
    pub start_date: Option<String>,
}

/// Changes to a version; absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub released: Option<bool>,
    pub archived: Option<bool>,
    pub release_date: Option<String>,
    pub start_date: Option<String>,
}

/// Checks a `yyyy-mm-dd` date argument.
pub fn iso_date(arg: &str, value: &str) -> Result<String> {
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    let month = value.get(5..7).and_then(|m| m.parse::<u8>().ok()).unwrap_or(0);
    let day = value.get(8..10).and_then(|d| d.parse::<u8>().ok()).unwrap_or(0);
    if shaped && (1..=12).contains(&month) && (1..=31).contains(&day) {
        Ok(value.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "`{arg}` must be a date like 2024-05-31, got {}",
            crate::site::quoted_preview(value)
        )))
    }
}

/// Validates a numeric version id.
pub fn version_id(value: &str) -> Result<String> {
    let id = value.trim();
    if !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "`version_id` must be a numeric version id, got {}",
            crate::site::quoted_preview(value)
        )))
    }
}

/// `GET /rest/api/3/project/{projectIdOrKey}/versions` (every version, unpaged).
pub fn project_versions_request(site: &Site, project: &str) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&project_path(project, "/versions")?, &[])))
}

/// `POST /rest/api/3/version`.
pub fn create_version_request(site: &Site, version: &NewVersion) -> Result<Request> {
    let name = version.name.trim();
    if name.is_empty() {
        return Err(Error::invalid_input("`name` must not be empty"));
    }
    let mut body = Map::new();
    body.insert("projectId".into(), json!(version.project_id));
    body.insert("name".into(), json!(name));
    if let Some(description) = &version.description {
        body.insert("description".into(), json!(description));
    }
    if let Some(date) = &version.release_date {
        body.insert("releaseDate".into(), json!(iso_date("release_date", date)?));
    }
    if let Some(date) = &version.start_date {
        body.insert("startDate".into(), json!(iso_date("start_date", date)?));
    }
    Ok(Request::new(Method::Post, site.api_url("/rest/api/3/version", &[])).json_body(&Value::Object(body)))
}

/// `PUT /rest/api/3/version/{id}` with only the changed fields.
pub fn update_version_request(site: &Site, id: &str, changes: &VersionChanges) -> Result<Request> {
    let id = version_id(id)?;
    let mut body = Map::new();
    if let Some(name) = &changes.name {
        if name.trim().is_empty() {
            return Err(Error::invalid_input("`name` must not be empty"));
        }
        body.insert("name".into(), json!(name.trim()));
    }
    if let Some(description) = &changes.description {
        body.insert("description".into(), json!(description));
    }
    if let Some(released) = changes.released {
        body.insert("released".into(), json!(released));
    }
    if let Some(archived) = changes.archived {
        body.insert("archived".into(), json!(archived));
    }
    if let Some(date) = &changes.release_date {
        body.insert("releaseDate".into(), json!(iso_date("release_date", date)?));
    }
    if let Some(date) = &changes.start_date {
        body.insert("startDate".into(), json!(iso_date("start_date", date)?));
    }
    if body.is_empty() {
        return Err(Error::invalid_input("nothing to change: give at least one of the version's fields"));
    }
    let url = site.api_url(&format!("/rest/api/3/version/{}", path_segment(&id)), &[]);
    Ok(Request::new(Method::Put, url).json_body(&Value::Object(body)))
}

/// Parses a version object.
pub fn parse_version_node(node: Node<'_>) -> Result<Version> {
    Ok(Version {
        id: node.id("id")?,
        name: node.opt_str("name")?.unwrap_or_default(),
        description: node.opt_str("description")?.filter(|d| !d.is_empty()),
        released: node.opt_bool("released")?.unwrap_or(false),
        archived: node.opt_bool("archived")?.unwrap_or(false),
        release_date: node.opt_text("releaseDate")?,
        start_date: node.opt_text("startDate")?,
        project_id: node.with_opt("projectId", |n| n.as_id())?,
        raw: node.value().clone(),
    })
}

/// Parses one version (create and update answers).
pub fn parse_version(response: &Response, context: &str) -> Result<Version> {
    let body = parse_body(&response.body, context)?;
    parse_version_node(Node::root(&body, context))
}

/// Parses a project's versions.
pub fn parse_versions(response: &Response) -> Result<Vec<Version>> {
    const CONTEXT: &str = "get project versions";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(parse_version_node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_example, spec_valid};

    #[test]
    fn list_and_create_requests_are_valid() {
        let req = project_versions_request(&site_api_key(), "ACME").expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/project/ACME/versions");
        spec_valid(&req);
        let version = NewVersion {
            project_id: 10000,
            name: " 1.0 ".into(),
            description: Some("First".into()),
            release_date: Some("2024-05-31".into()),
            start_date: None,
        };
        let req = create_version_request(&site_oauth(), &version).expect("request");
        assert_eq!(req.method, Method::Post);
        assert_eq!(
            req.body_json(),
            Some(json!({"projectId": 10000, "name": "1.0", "description": "First", "releaseDate": "2024-05-31"}))
        );
        spec_valid(&req);
        let bad = NewVersion { release_date: Some("31/05/2024".into()), ..version };
        assert!(create_version_request(&site_oauth(), &bad).expect_err("date").message.contains("release_date"));
    }

    #[test]
    fn update_sends_only_the_changes() {
        let changes =
            VersionChanges { released: Some(true), release_date: Some("2024-06-01".into()), ..Default::default() };
        let req = update_version_request(&site_api_key(), "10000", &changes).expect("request");
        assert_eq!(req.method, Method::Put);
        assert_eq!(req.url, "https://acme.atlassian.net/rest/api/3/version/10000");
        assert_eq!(req.body_json(), Some(json!({"released": true, "releaseDate": "2024-06-01"})));
        spec_valid(&req);
        let err = update_version_request(&site_api_key(), "10000", &VersionChanges::default()).expect_err("empty");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(update_version_request(&site_api_key(), "1/../2", &changes).is_err());
        assert!(iso_date("d", "2024-13-01").is_err());
    }

    #[test]
    fn parses_versions_from_the_spec_and_a_capture() {
        let body = spec_example("GET /rest/api/3/project/{projectIdOrKey}/versions 200");
        let versions = parse_versions(&Response::new(200, body.clone())).expect("parse");
        assert_eq!(versions[0].name, "New Version 1");
        let json: Value = serde_json::from_slice(&body).expect("example JSON");
        assert_eq!(versions[1].raw, json[1], "each version keeps its own object, not the array");
        assert_eq!(versions[0].raw["self"], "https://your-domain.atlassian.net/rest/api/3/version/10000");
        assert_eq!(versions[1].raw["issuesStatusForFixVersion"]["done"], 100);
        assert!(serde_json::to_value(&versions[0]).expect("json").get("raw").is_none(), "tools' JSON unchanged");
        assert!(versions[0].released);
        assert_eq!(versions[0].project_id.as_deref(), Some("10000"));
        let versions =
            parse_versions(&Response::new(200, fixture("projects/project_versions.jira-cli.json"))).expect("parse");
        assert_eq!(versions.len(), 3);
        assert!(versions[2].archived);
        let created =
            parse_version(&Response::new(201, spec_example("POST /rest/api/3/version 201")), "create version")
                .expect("parse");
        assert_eq!(created.release_date.as_deref(), Some("2010-07-06"));
        assert_eq!(created.raw["userReleaseDate"], "6/Jul/2010");
        let err = parse_versions(&Response::new(200, r#"[{"name":"x"}]"#)).expect_err("no id");
        assert_eq!(err.message, "get project versions: missing required value at `$[0].id`");
    }
}
