//! The configuration's `options` object: the platform's guard rails and the connector's limits.
//!
//! Every field is optional; an absent `options` means the defaults below. Parsed by hand like the rest of the
//! configuration so that each error names the field.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The largest attachment a download returns by default (10 MiB before base64).
pub const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// The ceiling a configuration may raise the attachment limit to (base64 in a JSON result grows it by 4/3).
pub const MAX_ATTACHMENT_BYTES_CEILING: u64 = 100 * 1024 * 1024;
/// Retries of one request after a rate limit or a transient failure, by default.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// The most retries a configuration may ask for.
pub const MAX_RETRIES_CEILING: u32 = 10;
/// The total time one call may spend waiting between retries, by default.
pub const DEFAULT_MAX_RETRY_WAIT_SECONDS: u32 = 60;
/// The most waiting a configuration may allow per call.
pub const MAX_RETRY_WAIT_SECONDS_CEILING: u32 = 900;

/// The validated `options` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Write tools are hidden from `list-tools` and refused by `call-tool`.
    pub read_only: bool,
    /// When set, only these tools are listed and callable.
    pub enabled_tools: Option<Vec<String>>,
    /// When set, the only projects (upper-case keys) the connector may touch.
    pub projects: Option<Vec<String>>,
    /// The largest attachment `jira_download_attachment` returns, in bytes.
    pub max_attachment_bytes: u64,
    /// How often one request is retried after a rate limit or a transient failure.
    pub max_retries: u32,
    /// The total time one call may wait between retries, in seconds.
    pub max_retry_wait_seconds: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read_only: false,
            enabled_tools: None,
            projects: None,
            max_attachment_bytes: DEFAULT_MAX_ATTACHMENT_BYTES,
            max_retries: DEFAULT_MAX_RETRIES,
            max_retry_wait_seconds: DEFAULT_MAX_RETRY_WAIT_SECONDS,
        }
    }
}

const KNOWN: &[&str] =
    &["read_only", "enabled_tools", "projects", "max_attachment_bytes", "max_retries", "max_retry_wait_seconds"];

/// Parses the `options` member (absent or null means the defaults).
pub fn parse_options(value: Option<&Value>) -> Result<Options> {
    let map = match value {
        None | Some(Value::Null) => return Ok(Options::default()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(Error::invalid_config("`options` must be an object")),
    };
    super::reject_unknown(map, "options.", KNOWN)?;
    let defaults = Options::default();
    Ok(Options {
        read_only: match map.get("read_only") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(Error::invalid_config("`options.read_only` must be true or false")),
        },
        enabled_tools: name_list(map, "enabled_tools", |i, name| {
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                return Err(Error::invalid_config(format!(
                    "`options.enabled_tools[{i}]` must be a tool name like `jira_get_issue`"
                )));
            }
            Ok(name.to_string())
        })?,
        projects: name_list(map, "projects", |i, key| {
            crate::site::project_key(&format!("options.projects[{i}]"), key)
                .map(|k| k.to_ascii_uppercase())
                .map_err(|e| Error::invalid_config(e.message))
        })?,
        max_attachment_bytes: bounded(map, "max_attachment_bytes", 1, MAX_ATTACHMENT_BYTES_CEILING)?
            .unwrap_or(defaults.max_attachment_bytes),
        max_retries: bounded(map, "max_retries", 0, u64::from(MAX_RETRIES_CEILING))?
            .map_or(defaults.max_retries, |n| n as u32),
        max_retry_wait_seconds: bounded(map, "max_retry_wait_seconds", 0, u64::from(MAX_RETRY_WAIT_SECONDS_CEILING))?
            .map_or(defaults.max_retry_wait_seconds, |n| n as u32),
    })
}

/// An optional array of strings, each checked by `check`; duplicates are dropped, order kept.
fn name_list(
    map: &Map<String, Value>,
    key: &str,
    check: impl Fn(usize, &str) -> Result<String>,
) -> Result<Option<Vec<String>>> {
    let items = match map.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(Error::invalid_config(format!("`options.{key}` must be an array of strings"))),
    };
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(text) = item.as_str() else {
            return Err(Error::invalid_config(format!("`options.{key}[{i}]` must be a string")));
        };
        let name = check(i, text.trim())?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(Some(names))
}

/// An optional integer within `min..=max`.
fn bounded(map: &Map<String, Value>, key: &str, min: u64, max: u64) -> Result<Option<u64>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(Error::invalid_config(format!("`options.{key}` must be an integer from {min} to {max}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_options_are_the_defaults() {
        assert_eq!(parse_options(None).expect("defaults"), Options::default());
        assert_eq!(parse_options(Some(&Value::Null)).expect("defaults"), Options::default());
    }

    #[test]
    fn every_option_is_read() {
        let options = parse_options(Some(&json!({
            "read_only": true,
            "enabled_tools": ["jira_get_issue", "jira_search", "jira_get_issue"],
            "projects": ["ops", " DEV "],
            "max_attachment_bytes": 2048,
            "max_retries": 0,
            "max_retry_wait_seconds": 5
        })))
        .expect("valid");
        assert!(options.read_only);
        assert_eq!(options.enabled_tools, Some(vec!["jira_get_issue".to_string(), "jira_search".to_string()]));
        assert_eq!(options.projects, Some(vec!["OPS".to_string(), "DEV".to_string()]));
        assert_eq!(options.max_attachment_bytes, 2048);
        assert_eq!(options.max_retries, 0);
        assert_eq!(options.max_retry_wait_seconds, 5);
    }

    #[test]
    fn bad_options_name_the_field() {
        for (options, field) in [
            (json!([]), "`options`"),
            (json!({"read_only": "yes"}), "`options.read_only`"),
            (json!({"enabled_tools": "jira_search"}), "`options.enabled_tools`"),
            (json!({"enabled_tools": ["Jira Search"]}), "`options.enabled_tools[0]`"),
            (json!({"projects": ["OPS", 7]}), "`options.projects[1]`"),
            (json!({"projects": ["OPS OR 1=1"]}), "options.projects[0]"),
            (json!({"max_attachment_bytes": 0}), "`options.max_attachment_bytes`"),
            (json!({"max_retries": 11}), "`options.max_retries`"),
            (json!({"max_retry_wait_seconds": -1}), "`options.max_retry_wait_seconds`"),
            (json!({"retries": 3}), "`options.retries`"),
        ] {
            let err = parse_options(Some(&options)).expect_err("invalid");
            assert_eq!(err.kind, crate::error::ErrorKind::InvalidConfig, "{options}");
            assert!(err.message.contains(field), "{options}: {}", err.message);
        }
    }
}
