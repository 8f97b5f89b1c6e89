//! The `options.projects` allow-list on the things a call names: issues (a key's prefix, or the project of a
//! numeric id read with one GET), projects, boards (their location project), sprints (their origin board),
//! issue links (both issues) and versions (their project).
//!
//! The targets are read generically from the arguments by name, so every tool is covered by the argument
//! names it uses; checks that need no request run first, so a refusal by key sends nothing.

use std::borrow::Cow;

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;
use crate::site::{issue_key, project_key};

/// Something a call names that belongs to a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An issue key or numeric id, with the argument that named it.
    Issue(String, String),
    /// A project key or numeric id, with the argument that named it.
    Project(String, String),
    Board(u64),
    Sprint(u64),
    /// An issue link id (`jira_remove_issue_link`).
    Link(String),
    /// A version id (`jira_update_version`).
    Version(String),
}

impl Target {
    /// True when checking needs no request (a key, or a project named by key).
    fn is_cheap(&self) -> bool {
        match self {
            Target::Issue(_, key) | Target::Project(_, key) => !key.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
    }
}

/// Arguments naming an issue.
const ISSUE_ARGS: &[&str] =
    &["issue_key", "inward_issue", "outward_issue", "parent_key", "epic_key", "rank_before", "rank_after"];

/// The targets named by (validated) arguments, in argument order. `issues` items (batch create) and `fields`
/// objects (`project`, `parent`) are looked into.
pub fn targets(args: &Value) -> Vec<Target> {
    let mut out = Vec::new();
    collect(args, "", &mut out);
    out
}

fn collect(args: &Value, prefix: &str, out: &mut Vec<Target>) {
    let Value::Object(map) = args else { return };
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    for (name, value) in map {
        let arg = format!("{prefix}{name}");
        match name.as_str() {
            n if ISSUE_ARGS.contains(&n) => out.extend(text(value).map(|k| Target::Issue(arg, k))),
            "issue_keys" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    out.extend(text(item).map(|k| Target::Issue(format!("{arg}[{i}]"), k)));
                }
            }
            "project_key" => out.extend(text(value).map(|k| Target::Project(arg, k))),
            "board_id" => out.extend(value.as_u64().map(Target::Board)),
            "sprint_id" => out.extend(value.as_u64().map(Target::Sprint)),
            "move_open_issues_to" => out.extend(text(value).and_then(|s| s.parse().ok()).map(Target::Sprint)),
            "link_id" => out.extend(text(value).map(Target::Link)),
            "version_id" => out.extend(text(value).map(Target::Version)),
            "issues" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    collect(item, &format!("{arg}[{i}]."), out);
                }
            }
            "fields" if value.is_object() => {
                for (field, key_of) in
                    [("project", Target::Project as fn(String, String) -> Target), ("parent", Target::Issue)]
                {
                    let Some(reference) = value.get(field) else { continue };
                    let named = reference
                        .get("key")
                        .or_else(|| reference.get("id"))
                        .and_then(text)
                        .or_else(|| text(reference))
                        .unwrap_or_default();
                    out.push(key_of(format!("{arg}.{field}"), named));
                }
            }
            _ => {}
        }
    }
}

/// Checks every target named by `args` against `options.projects` (nothing when the list is not set).
pub fn check_args<H: HttpClient>(client: &Client<H>, args: &Value) -> Result<()> {
    if client.config().options.projects.is_none() {
        return Ok(());
    }
    // Jira's attachment metadata does not name its issue: an attachment id cannot be checked against the list.
    if args.get("attachment_id").is_some() {
        return Err(Error::new(
            ErrorKind::Forbidden,
            "attachments are reached by id only through their issue while `options.projects` is set: use \
             `jira_get_issue` with `include: [\"attachments\"]` to list an allowed issue's attachments",
        ));
    }
    let mut all = targets(args);
    all.sort_by_key(|t| !t.is_cheap());
    for target in &all {
        client.check_target(target)?;
    }
    Ok(())
}

fn in_list(list: &[String], key_or_id: &str) -> bool {
    list.iter().any(|p| p.eq_ignore_ascii_case(key_or_id))
}

impl<H: HttpClient> Client<H> {
    /// The `options.projects` allow-list, when set.
    fn allowed_projects(&self) -> Option<&[String]> {
        self.config().options.projects.as_deref()
    }

    /// `jql` restricted to the allowed projects (unchanged when no list is set).
    pub fn scoped_jql<'a>(&self, jql: &'a str) -> Result<Cow<'a, str>> {
        match self.allowed_projects() {
            None => Ok(Cow::Borrowed(jql)),
            Some(list) => super::restrict_jql(jql, list).map(Cow::Owned),
        }
    }

    /// Whether a project (by key and/or id) is allowed; true when no list is set.
    pub fn project_allowed(&self, key: Option<&str>, id: Option<&str>) -> bool {
        self.allowed_projects().is_none_or(|list| [key, id].into_iter().flatten().any(|k| in_list(list, k)))
    }

    fn refuse(&self, what: String, project: &str) -> Error {
        let allowed = self.allowed_projects().unwrap_or_default().join(", ");
        Error::new(
            ErrorKind::Forbidden,
            format!("{what}: project {project} is outside the configuration's `options.projects` (allowed: {allowed})"),
        )
    }

    /// Checks one target; reads Jira only for numeric ids, boards, sprints, links and versions.
    pub fn check_target(&self, target: &Target) -> Result<()> {
        let Some(list) = self.allowed_projects() else { return Ok(()) };
        match target {
            Target::Project(arg, value) => {
                let key = project_key(arg, value)?.to_ascii_uppercase();
                if in_list(list, &key) {
                    return Ok(());
                }
                // A key is matched against numeric entries (and an id against keys) through the project itself.
                let numeric = key.bytes().all(|b| b.is_ascii_digit());
                if numeric || list.iter().any(|p| p.bytes().all(|b| b.is_ascii_digit())) {
                    let project = self.get_project(&key)?;
                    if self.project_allowed(Some(&project.key), Some(&project.id)) {
                        return Ok(());
                    }
                }
                Err(self.refuse(format!("`{arg}` {key}"), &key))
            }
            Target::Issue(arg, value) => {
                let key = issue_key(arg, value)?;
                if let Some((prefix, _)) = key.split_once('-') {
                    return self
                        .check_target(&Target::Project(arg.clone(), prefix.to_string()))
                        .map_err(|e| self.reword(e, &format!("`{arg}` {key}"), prefix));
                }
                let issue = self.get_issue(&key, &["project".to_string()], &[])?;
                let project = &issue.fields["project"];
                let (pkey, pid) = (project["key"].as_str(), project["id"].as_str());
                if self.project_allowed(pkey, pid) {
                    Ok(())
                } else {
                    Err(self.refuse(format!("`{arg}` {key} ({})", issue.key), pkey.or(pid).unwrap_or("unknown")))
                }
            }
            Target::Board(id) => {
                let board = self.get_board(*id)?;
                match board.project_key.as_deref() {
                    Some(key) if in_list(list, key) => Ok(()),
                    Some(key) => Err(self.refuse(format!("board {id}"), key)),
                    None => Err(Error::new(
                        ErrorKind::Forbidden,
                        format!("board {id} is not located in a project, and the configuration's `options.projects` allows only some"),
                    )),
                }
            }
            Target::Sprint(id) => match self.get_sprint(*id)?.board_id {
                Some(board) => self.check_target(&Target::Board(board)).map_err(|e| self.reword_sprint(e, *id)),
                None => Err(Error::new(
                    ErrorKind::Forbidden,
                    format!("sprint {id} has no origin board, and the configuration's `options.projects` allows only some projects"),
                )),
            },
            Target::Link(id) => self.check_link(id),
            Target::Version(id) => self.check_version(id),
        }
    }

    fn reword(&self, error: Error, what: &str, project: &str) -> Error {
        if error.kind == ErrorKind::Forbidden && error.missing_scopes.is_empty() && error.status.is_none() {
            self.refuse(what.to_string(), project)
        } else {
            error
        }
    }

    fn reword_sprint(&self, error: Error, sprint: u64) -> Error {
        if error.kind == ErrorKind::Forbidden && error.status.is_none() {
            Error::new(ErrorKind::Forbidden, format!("sprint {sprint}: {}", error.message))
        } else {
            error
        }
    }

    /// An issue link is allowed when both its issues are.
    fn check_link(&self, id: &str) -> Result<()> {
        let id = numeric_id("link_id", id)?;
        let link = self.raw_request("GET", &format!("/rest/api/3/issueLink/{id}"), None, None)?.body;
        for side in ["inwardIssue", "outwardIssue"] {
            let key = link[side]["key"].as_str().or(link[side]["id"].as_str()).unwrap_or_default();
            self.check_target(&Target::Issue(format!("link {id} {side}"), key.to_string()))?;
        }
        Ok(())
    }

    /// A version is allowed when its project is.
    fn check_version(&self, id: &str) -> Result<()> {
        let id = numeric_id("version_id", id)?;
        let version = self.raw_request("GET", &format!("/rest/api/3/version/{id}"), None, None)?.body;
        let project = version["projectId"].as_u64().map(|n| n.to_string()).unwrap_or_default();
        self.check_target(&Target::Project(format!("version {id}"), project))
    }
}

fn numeric_id<'a>(arg: &str, id: &'a str) -> Result<&'a str> {
    let id = id.trim();
    if !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(Error::invalid_input(format!("`{arg}` must be a numeric id, got {}", crate::site::quoted_preview(id))))
    }
}
