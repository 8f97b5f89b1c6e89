//! Validation of the `fields` and `update` objects of create and edit requests, with Jira's per-field errors.

use serde_json::{Map, Value};

use super::adf;
use super::custom_fields;
use super::fields::STORY_POINTS_FIELD;
use super::state::{Issue, State};

/// Jira's message when a value should be an ADF document (v3 rejects plain strings).
pub(crate) const NOT_ADF: &str = "Operation value must be an Atlassian Document (see the Atlassian Document Format)";

/// Whether the fields are for a new issue (project and issue type settable) or an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode {
    Create,
    Edit,
}

/// Validated changes; an outer `None` leaves the field alone, an inner `None` clears it.
#[derive(Debug, Default)]
pub(crate) struct FieldChanges {
    pub project_id: Option<String>,
    pub issue_type_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<Option<Value>>,
    pub priority_id: Option<Option<String>>,
    pub assignee_id: Option<Option<String>>,
    pub reporter_id: Option<Option<String>>,
    pub labels: Option<Vec<String>>,
    pub parent_id: Option<Option<String>>,
    pub story_points: Option<Option<f64>>,
    /// Values of the custom fields of `custom_fields.rs` (None clears), in the rendered form.
    pub custom: Vec<(String, Option<Value>)>,
    /// Label edits from `update.labels` (`add` / `remove`), applied after `labels`.
    pub labels_added: Vec<String>,
    pub labels_removed: Vec<String>,
    /// Comment bodies from `update.comment[].add.body`.
    pub comments_added: Vec<Value>,
}

/// Per-field error messages, the `errors` object of a Jira 400.
pub(crate) type FieldErrors = Map<String, Value>;

/// Validates `fields` (and the optional `update` operations) into changes, or every field error found.
pub(crate) fn validate(
    state: &State,
    fields: &Map<String, Value>,
    update: Option<&Map<String, Value>>,
    mode: WriteMode,
) -> Result<FieldChanges, FieldErrors> {
    let mut changes = FieldChanges::default();
    let mut errors = FieldErrors::new();
    for (field, value) in fields {
        if let Err(message) = set_field(state, &mut changes, field, value, mode) {
            errors.insert(field.clone(), Value::String(message));
        }
    }
    for (field, operations) in update.into_iter().flatten() {
        if let Err(message) = apply_operations(state, &mut changes, field, operations, mode) {
            errors.insert(field.clone(), Value::String(message));
        }
    }
    if mode == WriteMode::Create {
        require_creation_fields(state, &changes, &mut errors);
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

fn require_creation_fields(state: &State, changes: &FieldChanges, errors: &mut FieldErrors) {
    let mut missing = |field: &str, message: &str| {
        errors.entry(field.to_string()).or_insert_with(|| Value::String(message.to_string()));
    };
    if changes.summary.is_none() {
        missing("summary", "You must specify a summary of the issue.");
    }
    if changes.project_id.is_none() {
        missing("project", "Specify a valid project ID or key");
    }
    match changes.issue_type_id.as_deref().and_then(|id| state.issue_type(id)) {
        None => missing("issuetype", "Specify an issue type"),
        Some(kind) if kind.subtask && changes.parent_id.clone().flatten().is_none() => {
            missing("parent", "Issue type is a sub-task but parent issue key or id not specified.")
        }
        Some(_) => {}
    }
}

/// Applies `update` operations (`[{"set": v}]`, `[{"add": v}]`, `[{"remove": v}]`) for one field.
fn apply_operations(
    state: &State,
    changes: &mut FieldChanges,
    field: &str,
    operations: &Value,
    mode: WriteMode,
) -> Result<(), String> {
    let operations = operations.as_array().ok_or("data was not an array")?;
    for operation in operations {
        let (verb, value) = operation
            .as_object()
            .and_then(|object| object.iter().next())
            .ok_or("Operation must be an object such as {\"set\": value}.")?;
        match (field, verb.as_str()) {
            (_, "set") => set_field(state, changes, field, value, mode)?,
            ("labels", "add") => changes.labels_added.push(label(value)?),
            ("labels", "remove") => changes.labels_removed.push(label(value)?),
            ("comment", "add") => {
                let body = value.get("body").filter(|body| adf::is_document(body));
                changes.comments_added.push(body.cloned().ok_or(NOT_ADF)?);
            }
            _ => return Err(format!("Field '{field}' does not support the operation '{verb}'.")),
        }
    }
    Ok(())
}

fn set_field(
    state: &State,
    changes: &mut FieldChanges,
    field: &str,
    value: &Value,
    mode: WriteMode,
) -> Result<(), String> {
    match field {
        "summary" => {
            let summary = value.as_str().ok_or("Operation value must be a string")?.trim();
            if summary.is_empty() {
                return Err("You must specify a summary of the issue.".into());
            }
            if summary.chars().count() > 255 {
                return Err("Summary must be less than 255 characters.".into());
            }
            changes.summary = Some(summary.to_string());
        }
        "description" => {
            if !value.is_null() && !adf::is_document(value) {
                return Err(NOT_ADF.into());
            }
            changes.description = Some((!value.is_null()).then(|| value.clone()));
        }
        "project" if mode == WriteMode::Create => {
            let project = reference(value, &["id", "key"]).and_then(|id| state.project(id));
            changes.project_id =
                Some(project.map(|project| project.id.clone()).ok_or("Specify a valid project ID or key")?);
        }
        "issuetype" => {
            let kind = reference(value, &["id", "name"]).and_then(|id| state.issue_type(id));
            changes.issue_type_id = Some(kind.map(|kind| kind.id.clone()).ok_or("Specify a valid issue type")?);
        }
        "priority" => {
            let priority = reference(value, &["id", "name"]).and_then(|id| state.priority(id));
            changes.priority_id =
                Some(Some(priority.map(|priority| priority.id.clone()).ok_or("The priority selected is invalid.")?));
        }
        "assignee" | "reporter" => {
            let user = user_reference(state, value).ok_or_else(|| format!("Specify a valid value for {field}"))?;
            if field == "assignee" {
                changes.assignee_id = Some(user);
            } else {
                changes.reporter_id = Some(user);
            }
        }
        "labels" => {
            let labels = value.as_array().ok_or("data was not an array")?;
            changes.labels = Some(labels.iter().map(label).collect::<Result<_, _>>()?);
        }
        "parent" => {
            changes.parent_id = Some(if value.is_null() {
                None
            } else {
                let parent = reference(value, &["id", "key"]).and_then(|id| state.issue(id));
                Some(parent.map(|p| p.id.clone()).ok_or("Could not find issue by id or key.")?)
            });
        }
        STORY_POINTS_FIELD => {
            if !value.is_null() && !value.is_number() {
                return Err("Operation value must be a number".into());
            }
            changes.story_points = Some(value.as_f64());
        }
        _ => {
            let name = super::fields::field_name(field).unwrap_or(field);
            match custom_fields::validate(field, name, value) {
                Some(checked) => changes.custom.push((field.to_string(), checked?)),
                None => {
                    return Err(format!(
                        "Field '{field}' cannot be set. It is not on the appropriate screen, or unknown."
                    ))
                }
            }
        }
    }
    Ok(())
}

/// The first of `keys` present as a string in the object `value` (e.g. `{"key": "ACME"}`).
fn reference<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| value.get(*key).and_then(Value::as_str))
}

/// `null` or `{"accountId": null}` unassigns; `{"accountId": "..."}` must name a known user.
fn user_reference(state: &State, value: &Value) -> Option<Option<String>> {
    match value.get("accountId") {
        _ if value.is_null() => Some(None),
        Some(Value::Null) => Some(None),
        Some(Value::String(id)) => state.user(id).map(|user| Some(user.account_id.clone())),
        _ => None,
    }
}

fn label(value: &Value) -> Result<String, String> {
    let label = value.as_str().ok_or("Operation value must be a string")?;
    if label.is_empty() || label.contains(char::is_whitespace) {
        return Err(format!("The label '{label}' contains spaces which is invalid."));
    }
    Ok(label.to_string())
}

/// Writes validated changes into an issue (comments are added by the caller, which owns id allocation).
pub(crate) fn apply(issue: &mut Issue, changes: &FieldChanges) {
    if let Some(project_id) = &changes.project_id {
        issue.project_id = project_id.clone();
    }
    if let Some(issue_type_id) = &changes.issue_type_id {
        issue.issue_type_id = issue_type_id.clone();
    }
    if let Some(summary) = &changes.summary {
        issue.summary = summary.clone();
    }
    if let Some(description) = &changes.description {
        issue.description = description.clone();
    }
    if let Some(priority_id) = &changes.priority_id {
        issue.priority_id = priority_id.clone();
    }
    if let Some(assignee_id) = &changes.assignee_id {
        issue.assignee_id = assignee_id.clone();
    }
    if let Some(reporter_id) = &changes.reporter_id {
        issue.reporter_id = reporter_id.clone();
    }
    if let Some(labels) = &changes.labels {
        issue.labels = labels.clone();
    }
    for added in &changes.labels_added {
        if !issue.labels.contains(added) {
            issue.labels.push(added.clone());
        }
    }
    issue.labels.retain(|label| !changes.labels_removed.contains(label));
    if let Some(parent_id) = &changes.parent_id {
        issue.parent_id = parent_id.clone();
    }
    if let Some(story_points) = changes.story_points {
        issue.story_points = story_points;
    }
    for (field, value) in &changes.custom {
        match value {
            Some(value) => issue.custom.insert(field.clone(), value.clone()),
            None => issue.custom.remove(field),
        };
    }
}
