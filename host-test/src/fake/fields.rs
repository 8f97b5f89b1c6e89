//! The fields an issue has, and which of them a request asked for (`fields=summary,-comment`, `*all`...).

use super::custom_fields::{PLATFORMS_FIELD, RELEASE_NOTES_FIELD, STORY_POINTS_CLASSIC_FIELD, TEAM_FIELD};

/// One issue field: its id, display name (for `expand=names`) and whether it is navigable (`*navigable`).
pub(crate) struct FieldInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub navigable: bool,
}

/// The story points custom field ("Story point estimate" in team-managed software projects).
pub(crate) const STORY_POINTS_FIELD: &str = "customfield_10016";

/// Every field the fake renders, in Jira's display order.
pub(crate) const FIELDS: &[FieldInfo] = &[
    field("summary", "Summary", true),
    field("status", "Status", true),
    field("issuetype", "Issue Type", true),
    field("priority", "Priority", true),
    field("assignee", "Assignee", true),
    field("reporter", "Reporter", true),
    field("creator", "Creator", true),
    field("labels", "Labels", true),
    field("created", "Created", true),
    field("updated", "Updated", true),
    field("resolution", "Resolution", true),
    field("resolutiondate", "Resolved", true),
    field("description", "Description", true),
    field("project", "Project", true),
    field("parent", "Parent", true),
    field("subtasks", "Sub-tasks", true),
    field("comment", "Comment", false),
    field("attachment", "Attachment", true),
    field(STORY_POINTS_FIELD, "Story point estimate", true),
    field(STORY_POINTS_CLASSIC_FIELD, "Story Points", true),
    field(TEAM_FIELD, "Team", true),
    field(PLATFORMS_FIELD, "Platforms", true),
    field(RELEASE_NOTES_FIELD, "Release notes", true),
];

const fn field(id: &'static str, name: &'static str, navigable: bool) -> FieldInfo {
    FieldInfo { id, name, navigable }
}

/// The display name of a field id.
pub(crate) fn field_name(id: &str) -> Option<&'static str> {
    FIELDS.iter().find(|info| info.id == id).map(|info| info.name)
}

/// A set of field ids to render.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct FieldSelection {
    ids: Vec<&'static str>,
}

impl FieldSelection {
    /// Every field (`*all`).
    pub fn all() -> FieldSelection {
        FieldSelection { ids: FIELDS.iter().map(|info| info.id).collect() }
    }

    /// Every navigable field (`*navigable`): all but `comment`.
    pub fn navigable() -> FieldSelection {
        FieldSelection { ids: FIELDS.iter().filter(|info| info.navigable).map(|info| info.id).collect() }
    }

    /// Parses `fields` entries the way Jira does: `*all`, `*navigable`, field ids, and `-id` to exclude.
    /// With only exclusions, they apply to `default`. Unknown ids are ignored, as Jira ignores them.
    pub fn parse(entries: &[String], default: FieldSelection) -> FieldSelection {
        let mut included: Vec<&'static str> = Vec::new();
        let mut excluded: Vec<&str> = Vec::new();
        let mut any_inclusion = false;
        for entry in entries.iter().map(|entry| entry.trim()) {
            if let Some(id) = entry.strip_prefix('-') {
                excluded.push(id);
                continue;
            }
            any_inclusion = true;
            match entry {
                "*all" => included.extend(FieldSelection::all().ids),
                "*navigable" => included.extend(FieldSelection::navigable().ids),
                id => included.extend(FIELDS.iter().filter(|f| f.id == id).map(|f| f.id)),
            }
        }
        if !any_inclusion {
            included = default.ids;
        }
        let ids =
            FIELDS.iter().map(|info| info.id).filter(|id| included.contains(id) && !excluded.contains(id)).collect();
        FieldSelection { ids }
    }

    /// The selected ids, in display order.
    pub fn ids(&self) -> &[&'static str] {
        &self.ids
    }
}
