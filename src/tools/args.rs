//! Tool arguments: validation against the tool's own JSON Schema (the subset the catalog uses), then typed
//! access. Errors name the argument; nothing is sent for invalid arguments.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::tools::ToolSpec;

/// Arguments that passed validation.
pub struct Args<'a> {
    tool: &'static str,
    map: &'a Map<String, Value>,
}

/// Validates `args` against the tool's schema: an object, no unknown properties, required ones present,
/// types, string lengths, integer ranges, array item types and counts.
pub fn validate_args<'a>(spec: &ToolSpec, args: &'a Value) -> Result<Args<'a>> {
    let tool = spec.name;
    let Value::Object(map) = args else {
        return Err(Error::invalid_input(format!("the arguments of `{tool}` must be a JSON object")));
    };
    let schema = &spec.input_schema;
    let properties = schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    for key in map.keys() {
        if !properties.contains_key(key) {
            let known: Vec<String> = properties.keys().map(|k| format!("`{k}`")).collect();
            return Err(Error::invalid_input(format!(
                "`{tool}` has no argument {} (arguments: {})",
                crate::site::quoted_preview(key),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )));
        }
    }
    for required in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if map.get(required).is_none_or(Value::is_null) {
            return Err(Error::invalid_input(format!("`{tool}` needs the argument `{required}`")));
        }
    }
    for (key, value) in map {
        if let Some(rule) = properties.get(key) {
            check_value(tool, key, rule, value)?;
        }
    }
    Ok(Args { tool, map })
}

fn check_value(tool: &str, name: &str, rule: &Value, value: &Value) -> Result<()> {
    let bad = |what: String| Err(Error::invalid_input(format!("`{tool}`: argument `{name}` {what}")));
    if value.is_null() {
        return Ok(()); // null means "not given" for optional arguments; required ones were checked above
    }
    let number = |key: &str| rule.get(key).and_then(Value::as_u64);
    match rule.get("type").and_then(Value::as_str) {
        Some("string") => {
            let Some(text) = value.as_str() else { return bad("must be a string".into()) };
            let length = text.chars().count() as u64;
            if let Some(min) = number("minLength").filter(|min| length < *min) {
                return bad(format!("must have at least {min} character(s)"));
            }
            if let Some(max) = number("maxLength").filter(|max| length > *max) {
                return bad(format!("must have at most {max} characters"));
            }
        }
        Some("integer") => {
            let Some(n) = value.as_i64() else { return bad("must be an integer".into()) };
            let (min, max) = (rule.get("minimum").and_then(Value::as_i64), rule.get("maximum").and_then(Value::as_i64));
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return bad(format!(
                    "must be between {} and {}",
                    min.map_or("-∞".into(), |m| m.to_string()),
                    max.map_or("∞".into(), |m| m.to_string())
                ));
            }
        }
        Some("boolean") if !value.is_boolean() => return bad("must be true or false".into()),
        Some("object") if !value.is_object() => return bad("must be a JSON object".into()),
        Some("array") => {
            let Some(items) = value.as_array() else { return bad("must be an array".into()) };
            if let Some(max) = number("maxItems").filter(|max| items.len() as u64 > *max) {
                return bad(format!("must have at most {max} items"));
            }
            if let Some(item_rule) = rule.get("items") {
                for (i, item) in items.iter().enumerate() {
                    if item.is_null() {
                        return bad(format!("has a null item at index {i}"));
                    }
                    check_value(tool, &format!("{name}[{i}]"), item_rule, item)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

impl<'a> Args<'a> {
    fn missing(&self, name: &str) -> Error {
        Error::invalid_input(format!("`{}` needs the argument `{name}`", self.tool))
    }

    fn wrong(&self, name: &str, what: &str) -> Error {
        Error::invalid_input(format!("`{}`: argument `{name}` {what}", self.tool))
    }

    /// A required string argument.
    pub fn str(&self, name: &str) -> Result<&'a str> {
        self.opt_str(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional string argument.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(self.wrong(name, "must be a string")),
        }
    }

    /// An optional non-negative integer argument.
    pub fn opt_u32(&self, name: &str) -> Result<Option<u32>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.wrong(name, "must be a non-negative integer")),
        }
    }

    /// An optional list of strings (absent is empty).
    pub fn str_list(&self, name: &str) -> Result<Vec<String>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(|| self.wrong(name, "must contain only strings")))
                .collect(),
            Some(_) => Err(self.wrong(name, "must be an array of strings")),
        }
    }

    /// A required positive integer id argument (board and sprint ids).
    pub fn id(&self, name: &str) -> Result<u64> {
        match self.map.get(name) {
            None | Some(Value::Null) => Err(self.missing(name)),
            Some(v) => v.as_u64().filter(|n| *n > 0).ok_or_else(|| self.wrong(name, "must be a positive integer")),
        }
    }

    /// The raw value of an argument that may take more than one JSON type.
    pub fn value(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name)
    }

    /// The `invalid-input` error for argument `name`, saying what it `must` be.
    pub fn invalid(&self, name: &str, must: &str) -> Error {
        self.wrong(name, must)
    }

    /// An optional JSON object argument.
    pub fn opt_object(&self, name: &str) -> Result<Option<&'a Map<String, Value>>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(self.wrong(name, "must be a JSON object")),
        }
    }
}
