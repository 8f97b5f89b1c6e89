//! The site's custom fields besides the story point estimate: "Story Points" (a number, as in company-managed
//! projects), "Team" (single select), "Platforms" (multi-select) and "Release notes" (rich text). Values are
//! checked the way Jira checks them (options by `value` or `id`, rich text as ADF) and stored as `GET /issue`
//! renders them.

use serde_json::{json, Value};

use super::adf;
use super::issue_write::NOT_ADF;

/// "Story Points", a number field.
pub(crate) const STORY_POINTS_CLASSIC_FIELD: &str = "customfield_10026";
/// "Team", a single-select field whose options are listed through its context.
pub(crate) const TEAM_FIELD: &str = "customfield_10030";
/// "Platforms", a multi-select field.
pub(crate) const PLATFORMS_FIELD: &str = "customfield_10031";
/// "Release notes", a rich-text (paragraph) field.
pub(crate) const RELEASE_NOTES_FIELD: &str = "customfield_10032";

/// The options of the Team field: id, value, disabled.
pub(crate) const TEAM_OPTIONS: [(&str, &str, bool); 3] =
    [("10200", "Red", false), ("10201", "Blue", false), ("10202", "Green", true)];
const PLATFORM_OPTIONS: [(&str, &str, bool); 3] =
    [("10210", "iOS", false), ("10211", "Android", false), ("10212", "Web", false)];

const CUSTOM_TYPES: &str = "com.atlassian.jira.plugin.system.customfieldtypes";

/// The schema Jira gives one of these fields; None for any other field.
pub(crate) fn schema(id: &str) -> Option<Value> {
    let custom_id: u64 = id.strip_prefix("customfield_")?.parse().ok()?;
    let (kind, items, custom) = match id {
        STORY_POINTS_CLASSIC_FIELD => ("number", None, "float"),
        TEAM_FIELD => ("option", None, "select"),
        PLATFORMS_FIELD => ("array", Some("option"), "multiselect"),
        RELEASE_NOTES_FIELD => ("string", None, "textarea"),
        _ => return None,
    };
    let mut schema = json!({ "type": kind, "custom": format!("{CUSTOM_TYPES}:{custom}"), "customId": custom_id });
    if let Some(items) = items {
        schema["items"] = json!(items);
    }
    Some(schema)
}

/// Checks a value for one of these fields: `Ok(None)` clears it, `Ok(Some(v))` stores `v` as rendered. None
/// when `id` is not one of them.
pub(crate) fn validate(id: &str, name: &str, value: &Value) -> Option<Result<Option<Value>, String>> {
    let checked = match id {
        _ if value.is_null() => Ok(None),
        STORY_POINTS_CLASSIC_FIELD if value.is_number() => Ok(Some(value.clone())),
        STORY_POINTS_CLASSIC_FIELD => Err("Operation value must be a number".to_string()),
        TEAM_FIELD => option(&TEAM_OPTIONS, name, value).map(Some),
        PLATFORMS_FIELD => match value.as_array() {
            Some(items) => items
                .iter()
                .map(|item| option(&PLATFORM_OPTIONS, name, item))
                .collect::<Result<_, _>>()
                .map(|options: Vec<Value>| Some(Value::Array(options))),
            None => Err("data was not an array".to_string()),
        },
        RELEASE_NOTES_FIELD if adf::is_document(value) => Ok(Some(value.clone())),
        RELEASE_NOTES_FIELD => Err(NOT_ADF.to_string()),
        _ => return None,
    };
    Some(checked)
}

/// `{"value": "Red"}` or `{"id": "10200"}` naming an enabled option, rendered as `{"id", "value"}`.
fn option(options: &[(&str, &str, bool)], name: &str, value: &Value) -> Result<Value, String> {
    let mut enabled = options.iter().filter(|(_, _, disabled)| !disabled);
    let found = match (value.get("value").and_then(Value::as_str), value.get("id").and_then(Value::as_str)) {
        (Some(text), _) => {
            enabled.find(|(_, v, _)| *v == text).ok_or_else(|| format!("Option value '{text}' is not valid"))
        }
        (None, Some(id)) => enabled.find(|(i, _, _)| *i == id).ok_or_else(|| format!("Option id '{id}' is not valid")),
        (None, None) => Err(format!("Specify a valid 'id' or 'name' for {name}")),
    }?;
    Ok(json!({ "id": found.0, "value": found.1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_like_jira_and_stored_rendered() {
        let check = |id: &str, value: Value| validate(id, "F", &value).expect("custom field");
        assert_eq!(check(TEAM_FIELD, json!({"value": "Red"})), Ok(Some(json!({"id": "10200", "value": "Red"}))));
        assert_eq!(check(TEAM_FIELD, json!({"id": "10201"})), Ok(Some(json!({"id": "10201", "value": "Blue"}))));
        assert_eq!(check(TEAM_FIELD, json!({"value": "Green"})), Err("Option value 'Green' is not valid".into()));
        assert_eq!(check(TEAM_FIELD, json!("Red")), Err("Specify a valid 'id' or 'name' for F".into()));
        assert_eq!(
            check(PLATFORMS_FIELD, json!([{"value": "iOS"}, {"value": "Web"}])),
            Ok(Some(json!([{"id": "10210", "value": "iOS"}, {"id": "10212", "value": "Web"}])))
        );
        assert_eq!(check(PLATFORMS_FIELD, json!({"value": "iOS"})), Err("data was not an array".into()));
        assert_eq!(check(STORY_POINTS_CLASSIC_FIELD, json!(8)), Ok(Some(json!(8))));
        assert!(check(STORY_POINTS_CLASSIC_FIELD, json!("8")).is_err());
        assert_eq!(check(RELEASE_NOTES_FIELD, json!("plain")), Err(NOT_ADF.into()));
        assert_eq!(check(TEAM_FIELD, Value::Null), Ok(None));
        assert!(validate("customfield_99999", "F", &json!(1)).is_none());
        assert_eq!(schema(TEAM_FIELD).expect("schema")["customId"], 10030);
    }
}
