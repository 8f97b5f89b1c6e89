//! Fields by name: map the keys of a caller's `fields` object (a display name like "Story Points" or an id like
//! `customfield_10016`) to field ids through the site's field list, and shape each value by the field's schema
//! (select -> `{"value": ..}`, multi-select -> a list, user -> `{"accountId": ..}`, number, date, labels, sprint
//! as a number, rich text -> ADF). Values that already have Jira's shape are sent as given.
//!
//! A key that is a field id (`customfield_10016`, or a system field key such as `summary` or `duedate`) is sent
//! with its value as given, exactly as before names were accepted, and needs no field list: callers fetch the
//! list only when [`needs_field_list`] says a name is used.

use serde_json::{json, Map, Value};

use crate::adf::markdown_to_adf;
use crate::error::{Error, Result};
use crate::jira::fields::Field;

/// The field a key names: its id exactly, else its name case-insensitively. An unknown key is `invalid-input`
/// listing the closest names.
pub fn resolve_field<'a>(fields: &'a [Field], key: &str) -> Result<&'a Field> {
    let wanted = key.trim();
    if let Some(field) = fields.iter().find(|f| f.id == wanted) {
        return Ok(field);
    }
    let by_name: Vec<&Field> = fields.iter().filter(|f| f.name.eq_ignore_ascii_case(wanted)).collect();
    match by_name.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::invalid_input(format!(
            "no field is named or has the id {}; close matches: {}",
            crate::site::quoted_preview(key),
            close_matches(fields, wanted).join(", ")
        ))),
        several => Err(Error::invalid_input(format!(
            "several fields are named {}: use one of the ids {}",
            crate::site::quoted_preview(key),
            several.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Up to five field names closest to `wanted` (containment first, then edit distance).
fn close_matches(fields: &[Field], wanted: &str) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, String)> = fields
        .iter()
        .map(|f| {
            let name = f.name.to_lowercase();
            let score =
                if name.contains(&wanted) || wanted.contains(&name) { 0 } else { edit_distance(&name, &wanted) };
            (score, format!("{} ({})", f.name, f.id))
        })
        .collect();
    scored.sort();
    let limit = wanted.chars().count() / 2 + 2;
    let close: Vec<String> = scored.into_iter().filter(|(s, _)| *s <= limit).take(5).map(|(_, n)| n).collect();
    if close.is_empty() {
        vec!["none (see jira_search_fields)".to_string()]
    } else {
        close
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Shapes a value for a field by its schema; objects and values of the right shape pass through.
pub fn format_value(field: &Field, value: &Value) -> Value {
    let custom = field.custom_type.as_deref().unwrap_or_default();
    if custom.ends_with(":gh-sprint") {
        return as_number(value);
    }
    match (field.schema_type.as_deref(), field.items.as_deref()) {
        (Some("option"), _) => wrap(value, "value"),
        (Some("user"), _) => wrap(value, "accountId"),
        (Some("priority" | "version" | "component" | "resolution"), _) => wrap(value, "name"),
        (Some("number"), _) => as_number(value),
        (Some("string"), _) if is_rich_text(field) => match value {
            Value::String(markdown) => markdown_to_adf(markdown),
            other => other.clone(),
        },
        (Some("array"), Some(items)) => {
            let list = match value {
                Value::Array(items) => items.clone(),
                Value::String(text) if items == "string" => text.split_whitespace().map(|l| json!(l)).collect(),
                other => vec![other.clone()],
            };
            let key = match items {
                "option" => Some("value"),
                "user" => Some("accountId"),
                "version" | "component" => Some("name"),
                _ => None,
            };
            Value::Array(list.iter().map(|item| key.map_or_else(|| item.clone(), |k| wrap(item, k))).collect())
        }
        _ => value.clone(),
    }
}

fn is_rich_text(field: &Field) -> bool {
    matches!(field.id.as_str(), "description" | "environment")
        || field.custom_type.as_deref().is_some_and(|c| c.ends_with(":textarea"))
}

fn wrap(value: &Value, key: &str) -> Value {
    match value {
        Value::String(text) => json!({ key: text }),
        Value::Number(n) if key == "value" => json!({ "id": n.to_string() }),
        other => other.clone(),
    }
}

fn as_number(value: &Value) -> Value {
    match value {
        Value::String(text) => text.trim().parse::<f64>().ok().and_then(|n| {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Some(json!(n as i64))
            } else {
                serde_json::Number::from_f64(n).map(Value::Number)
            }
        }),
        _ => None,
    }
    .unwrap_or_else(|| value.clone())
}

/// The system fields that can be set on create, edit or transition, by their keys.
const SYSTEM_FIELD_IDS: &[&str] = &[
    "summary",
    "description",
    "issuetype",
    "project",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "components",
    "fixVersions",
    "versions",
    "duedate",
    "environment",
    "parent",
    "timetracking",
    "security",
    "resolution",
    "issuelinks",
    "attachment",
];

/// Whether `key` is a field id: `customfield_<digits>` or a system field key (case-sensitive, as Jira's).
pub fn is_field_id(key: &str) -> bool {
    key.strip_prefix("customfield_").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        || SYSTEM_FIELD_IDS.contains(&key)
}

/// Whether any key of `given` is a display name, which only the field list can map to an id.
pub fn needs_field_list(given: &Map<String, Value>) -> bool {
    given.keys().any(|key| !is_field_id(key))
}

/// Maps every key of `given` to its field id: ids are kept with their values as given, names are resolved
/// through `fields` and their values shaped by the field's schema. Two keys for one field are an error.
pub fn resolve_fields(fields: &[Field], given: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut resolved = Map::new();
    for (key, value) in given {
        let (id, value) = if is_field_id(key) {
            (key.clone(), value.clone())
        } else {
            let field = resolve_field(fields, key)?;
            (field.id.clone(), format_value(field, value))
        };
        if resolved.insert(id.clone(), value).is_some() {
            let name = fields.iter().find(|f| f.id == id).map_or(id.as_str(), |f| f.name.as_str());
            return Err(Error::invalid_input(format!("`fields`: two keys name the field {name} ({id})")));
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn field(id: &str, name: &str, kind: &str, items: Option<&str>, custom: Option<&str>) -> Field {
        Field {
            id: id.into(),
            name: name.into(),
            custom: custom.is_some(),
            schema_type: Some(kind.into()),
            items: items.map(str::to_string),
            custom_type: custom.map(|c| format!("com.atlassian.jira.plugin.system.customfieldtypes:{c}")),
            clause_names: Vec::new(),
        }
    }

    fn site_fields() -> Vec<Field> {
        vec![
            field("customfield_10016", "Story Points", "number", None, Some("float")),
            field("customfield_10020", "Team", "option", None, Some("select")),
            field("customfield_10021", "Platforms", "array", Some("option"), Some("multiselect")),
            field("customfield_10022", "Reviewer", "user", None, Some("userpicker")),
            field("customfield_10023", "Notes", "string", None, Some("textarea")),
            field("customfield_10024", "Due", "date", None, Some("datepicker")),
            field("customfield_10025", "Sprint", "array", Some("json"), None),
            field("labels", "Labels", "array", Some("string"), None),
        ]
    }

    #[test]
    fn names_and_ids_map_to_ids_and_values_take_the_schema_shape() {
        let mut fields = site_fields();
        fields[6].custom_type = Some("com.pyxis.greenhopper.jira:gh-sprint".into());
        let given = json!({
            "story points": "5", "Team": "Red", "Platforms": ["iOS", "Web"], "Reviewer": "5b10a2844c20165700ede21g",
            "Notes": "**bold**", "Due": "2024-06-30", "Sprint": "42", "LABELS": "a b"
        });
        let resolved = resolve_fields(&fields, given.as_object().expect("object")).expect("resolved");
        assert_eq!(resolved["customfield_10016"], json!(5));
        assert_eq!(resolved["customfield_10020"], json!({"value": "Red"}));
        let by_id = json!({"customfield_10020": {"id": "1"}});
        let kept = resolve_fields(&fields, by_id.as_object().expect("object")).expect("by id");
        assert_eq!(kept["customfield_10020"], json!({"id": "1"}), "an id key is kept, its object shape too");
        let twice = json!({"Team": "Red", "customfield_10020": "Blue"});
        assert!(resolve_fields(&fields, twice.as_object().expect("object")).is_err());
        assert_eq!(resolved["customfield_10021"], json!([{"value": "iOS"}, {"value": "Web"}]));
        assert_eq!(resolved["customfield_10022"], json!({"accountId": "5b10a2844c20165700ede21g"}));
        assert_eq!(resolved["customfield_10023"]["type"], "doc");
        assert_eq!(resolved["customfield_10024"], json!("2024-06-30"));
        assert_eq!(resolved["customfield_10025"], json!(42));
        assert_eq!(resolved["labels"], json!(["a", "b"]));
    }

    #[test]
    fn ids_are_sent_as_given_and_only_names_need_the_field_list() {
        let ids = json!({"customfield_10016": "5", "summary": "S", "duedate": "2024-06-30", "labels": ["a"]});
        let ids = ids.as_object().expect("object");
        assert!(!needs_field_list(ids));
        assert_eq!(&resolve_fields(&[], ids).expect("ids need no list"), ids, "values untouched");
        for name in ["Story Points", "customfield_", "customfield_x1", "Labels", "due date"] {
            assert!(!is_field_id(name), "{name}");
            assert!(needs_field_list(json!({ name: 1 }).as_object().expect("object")), "{name}");
        }
        let twice = json!({"Story Points": 3, "customfield_10016": 5});
        let err = resolve_fields(&site_fields(), twice.as_object().expect("object")).expect_err("twice");
        assert_eq!(err.message, "`fields`: two keys name the field Story Points (customfield_10016)");
    }

    #[test]
    fn unknown_names_list_close_matches() {
        let err = resolve_field(&site_fields(), "Story Point").expect_err("unknown");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains("Story Points (customfield_10016)"), "{}", err.message);
        let err = resolve_field(&site_fields(), "zzzzzzzzzzzzzzzzzz").expect_err("far");
        assert!(err.message.contains("jira_search_fields"), "{}", err.message);
        let mut twins = site_fields();
        twins.push(field("customfield_10099", "Team", "string", None, Some("textfield")));
        let err = resolve_field(&twins, "team").expect_err("ambiguous");
        assert!(err.message.contains("customfield_10020, customfield_10099"), "{}", err.message);
    }
}
