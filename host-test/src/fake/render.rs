//! JSON renderings of the fake's entities, shaped like Jira Cloud v3 responses, `self` links on `base`.

use serde_json::{json, Map, Value};

use super::adf;
use super::fields::{field_name, FieldSelection, STORY_POINTS_FIELD};
use super::project_meta::RESOLUTIONS;
use super::state::{jira_timestamp, Comment, Issue, IssueType, Priority, Project, State, Status, User};

/// The `expand` string Jira puts on every issue.
const ISSUE_EXPAND: &str = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations";

/// Which optional parts of an issue a request asked for with `expand`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Expansions {
    /// `names`: a map from field id to display name.
    pub names: bool,
    /// `renderedFields`: HTML renderings of the rich-text fields.
    pub rendered_fields: bool,
}

impl Expansions {
    /// Parses `expand` entries; unknown ones are ignored, as Jira ignores them.
    pub fn parse(entries: &[String]) -> Expansions {
        Expansions {
            names: entries.iter().any(|entry| entry == "names"),
            rendered_fields: entries.iter().any(|entry| entry == "renderedFields"),
        }
    }
}

/// A user as it appears in issue fields, comments and `/user`.
pub(crate) fn user_json(base: &str, user: &User) -> Value {
    let initials: String = user.display_name.split_whitespace().filter_map(|word| word.chars().next()).collect();
    let avatar = |size: u32| {
        format!(
            "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/{initials}-1.png?size={size}&s={size}"
        )
    };
    json!({
        "self": format!("{base}/rest/api/3/user?accountId={}", user.account_id),
        "accountId": user.account_id,
        "accountType": "atlassian",
        "emailAddress": user.email,
        "avatarUrls": { "48x48": avatar(48), "24x24": avatar(24), "16x16": avatar(16), "32x32": avatar(32) },
        "displayName": user.display_name,
        "active": user.active,
        "timeZone": user.time_zone,
    })
}

/// The user with `account_id`, or `null` when there is none.
pub(crate) fn user_ref_json(state: &State, base: &str, account_id: Option<&str>) -> Value {
    account_id.and_then(|id| state.user(id)).map_or(Value::Null, |user| user_json(base, user))
}

fn project_avatars(base: &str, project: &Project) -> Value {
    let avatar = |size: &str| {
        format!(
            "{base}/rest/api/3/universal_avatar/view/type/project/avatar/{}?size={size}",
            10400 + project.id.parse::<u32>().unwrap_or(0) % 100
        )
    };
    json!({ "48x48": avatar("large"), "24x24": avatar("small"), "16x16": avatar("xsmall"), "32x32": avatar("medium") })
}

/// A project as it appears in an issue's `project` field.
pub(crate) fn project_ref_json(base: &str, project: &Project) -> Value {
    json!({
        "self": format!("{base}/rest/api/3/project/{}", project.id),
        "id": project.id,
        "key": project.key,
        "name": project.name,
        "projectTypeKey": project.type_key,
        "simplified": project.simplified,
        "avatarUrls": project_avatars(base, project),
    })
}

/// A project as `/project/search` lists it.
pub(crate) fn project_json(base: &str, project: &Project) -> Value {
    json!({
        "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
        "self": format!("{base}/rest/api/3/project/{}", project.id),
        "id": project.id,
        "key": project.key,
        "name": project.name,
        "avatarUrls": project_avatars(base, project),
        "projectTypeKey": project.type_key,
        "simplified": project.simplified,
        "style": if project.simplified { "next-gen" } else { "classic" },
        "isPrivate": false,
        "properties": {},
    })
}

/// A workflow status with its category.
pub(crate) fn status_json(base: &str, status: &Status) -> Value {
    let category = status.category;
    json!({
        "self": format!("{base}/rest/api/3/status/{}", status.id),
        "description": "",
        "iconUrl": format!("{base}/"),
        "name": status.name,
        "id": status.id,
        "statusCategory": {
            "self": format!("{base}/rest/api/3/statuscategory/{}", category.id()),
            "id": category.id(),
            "key": category.key(),
            "colorName": category.color_name(),
            "name": category.name(),
        },
    })
}

/// An issue type as projects, issues and create metadata render it.
pub(crate) fn issue_type_json(base: &str, kind: &IssueType) -> Value {
    json!({
        "self": format!("{base}/rest/api/3/issuetype/{}", kind.id),
        "id": kind.id,
        "description": kind.description,
        "iconUrl": format!("{base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10318?size=medium"),
        "name": kind.name,
        "subtask": kind.subtask,
        "avatarId": 10318,
        "hierarchyLevel": kind.hierarchy_level,
    })
}

/// A priority as issues and create metadata render it.
pub(crate) fn priority_json(base: &str, priority: &Priority) -> Value {
    json!({
        "self": format!("{base}/rest/api/3/priority/{}", priority.id),
        "iconUrl": format!("{base}/images/icons/priorities/{}.svg", priority.name.to_lowercase()),
        "name": priority.name,
        "id": priority.id,
    })
}

/// A comment, as `/comment` endpoints and the `comment` field return it.
pub(crate) fn comment_json(state: &State, base: &str, issue: &Issue, comment: &Comment) -> Value {
    let author = user_ref_json(state, base, Some(&comment.author_id));
    json!({
        "self": format!("{base}/rest/api/3/issue/{}/comment/{}", issue.id, comment.id),
        "id": comment.id,
        "author": author,
        "body": comment.body,
        "updateAuthor": author,
        "created": jira_timestamp(comment.created),
        "updated": jira_timestamp(comment.updated),
        "jsdPublic": true,
    })
}

/// The small issue summary Jira nests in `parent` and `subtasks`.
fn issue_link_json(state: &State, base: &str, issue: &Issue) -> Value {
    let mut fields = Map::new();
    fields.insert("summary".into(), json!(issue.summary));
    for id in ["status", "priority", "issuetype"] {
        fields.insert(id.into(), field_value(state, base, issue, id));
    }
    json!({
        "id": issue.id,
        "key": issue.key,
        "self": format!("{base}/rest/api/3/issue/{}", issue.id),
        "fields": fields,
    })
}

/// The value of one field of `issue`; `null` when unset or unknown.
fn field_value(state: &State, base: &str, issue: &Issue, id: &str) -> Value {
    match id {
        "summary" => json!(issue.summary),
        "status" => state.status(&issue.status_id).map_or(Value::Null, |status| status_json(base, status)),
        "issuetype" => state.issue_type(&issue.issue_type_id).map_or(Value::Null, |kind| issue_type_json(base, kind)),
        "priority" => issue
            .priority_id
            .as_deref()
            .and_then(|priority| state.priority(priority))
            .map_or(Value::Null, |priority| priority_json(base, priority)),
        "assignee" => user_ref_json(state, base, issue.assignee_id.as_deref()),
        "reporter" | "creator" => user_ref_json(state, base, issue.reporter_id.as_deref()),
        "labels" => json!(issue.labels),
        "created" => json!(jira_timestamp(issue.created)),
        "updated" => json!(jira_timestamp(issue.updated)),
        "resolution" => issue.resolved.as_ref().map_or(Value::Null, |resolved| {
            let (id, name, description) = RESOLUTIONS
                .iter()
                .find(|(id, _, _)| *id == resolved.resolution_id)
                .copied()
                .unwrap_or(("10000", "Done", "Work has been completed on this issue."));
            json!({
                "self": format!("{base}/rest/api/3/resolution/{id}"),
                "id": id,
                "description": description,
                "name": name,
            })
        }),
        "resolutiondate" => issue.resolved.as_ref().map_or(Value::Null, |resolved| json!(jira_timestamp(resolved.at))),
        "description" => issue.description.clone().unwrap_or(Value::Null),
        "project" => {
            state.project_by_id(&issue.project_id).map_or(Value::Null, |project| project_ref_json(base, project))
        }
        "parent" => issue
            .parent_id
            .as_deref()
            .and_then(|parent| state.issue(parent))
            .map_or(Value::Null, |parent| issue_link_json(state, base, parent)),
        "subtasks" => Value::Array(
            state
                .issues
                .iter()
                .filter(|child| child.parent_id.as_deref() == Some(issue.id.as_str()))
                .filter(|child| state.issue_type(&child.issue_type_id).is_some_and(|k| k.subtask))
                .map(|child| issue_link_json(state, base, child))
                .collect(),
        ),
        "comment" => {
            let comments: Vec<Value> =
                issue.comments.iter().map(|comment| comment_json(state, base, issue, comment)).collect();
            json!({
                "comments": comments,
                "self": format!("{base}/rest/api/3/issue/{}/comment", issue.id),
                "maxResults": comments.len(),
                "total": comments.len(),
                "startAt": 0,
            })
        }
        "attachment" => super::attachments::attachment_field(state, base, issue),
        STORY_POINTS_FIELD => issue.story_points.map_or(Value::Null, |points| json!(points)),
        _ => issue.custom.get(id).cloned().unwrap_or(Value::Null),
    }
}

/// An issue as `GET /issue/{key}` and searches return it, with the selected fields and expansions.
pub(crate) fn issue_json(
    state: &State,
    base: &str,
    issue: &Issue,
    selection: &FieldSelection,
    expansions: &Expansions,
) -> Value {
    let mut fields = Map::new();
    for id in selection.ids() {
        let value = field_value(state, base, issue, id);
        // Jira leaves `parent` out entirely for issues without one.
        if *id == "parent" && value.is_null() {
            continue;
        }
        fields.insert((*id).to_string(), value);
    }
    let mut out = json!({
        "expand": ISSUE_EXPAND,
        "id": issue.id,
        "self": format!("{base}/rest/api/3/issue/{}", issue.id),
        "key": issue.key,
    });
    if expansions.rendered_fields {
        out["renderedFields"] = rendered_fields(issue, &fields);
    }
    if expansions.names {
        out["names"] = names_json(fields.keys().map(String::as_str));
    }
    out["fields"] = Value::Object(fields);
    out
}

/// The `names` expansion: display names of `ids`.
pub(crate) fn names_json<'a>(ids: impl Iterator<Item = &'a str>) -> Value {
    let names: Map<String, Value> =
        ids.filter_map(|id| field_name(id).map(|name| (id.to_string(), json!(name)))).collect();
    Value::Object(names)
}

fn rendered_fields(issue: &Issue, fields: &Map<String, Value>) -> Value {
    let mut rendered = Map::new();
    for id in fields.keys() {
        let value = match id.as_str() {
            "description" => issue.description.as_ref().map_or(Value::Null, |doc| json!(adf::to_html(doc))),
            "created" | "updated" => fields.get(id).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        };
        rendered.insert(id.clone(), value);
    }
    Value::Object(rendered)
}
