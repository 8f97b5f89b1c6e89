//! Reading Jira's JSON with errors that name the JSON path that failed.
//!
//! Parsers take a `Node` (a value plus its path) and ask for what they need; a missing or mistyped value
//! becomes a `decode` error such as ``get issue: expected a string at `$.fields.summary` ``.

use serde_json::Value;

use crate::error::{Error, Result};

/// Parses a response body as JSON.
pub fn parse_body(body: &[u8], context: &str) -> Result<Value> {
    serde_json::from_slice(body).map_err(|e| {
        Error::decode(context, "$", &format!("the response body is not valid JSON ({})", e.classify_name()))
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "unexpected end of input",
        }
    }
}

/// A JSON value and where it sits in the document, for error messages.
#[derive(Clone, Copy)]
pub struct Node<'a> {
    value: &'a Value,
    path: &'a PathPart<'a>,
    context: &'a str,
}

/// One step of a JSON path, linked to its parent (no allocation until an error is reported).
pub enum PathPart<'a> {
    Root,
    Key(&'a PathPart<'a>, &'a str),
    Index(&'a PathPart<'a>, usize),
}

impl PathPart<'_> {
    fn render(&self) -> String {
        match self {
            PathPart::Root => "$".to_string(),
            PathPart::Key(parent, key) => format!("{}.{key}", parent.render()),
            PathPart::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

static ROOT: PathPart<'static> = PathPart::Root;

impl<'a> Node<'a> {
    /// The document root; `context` names the operation for error messages (`get issue`).
    pub fn root(value: &'a Value, context: &'a str) -> Self {
        Node { value, path: &ROOT, context }
    }

    /// The raw value.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// The rendered path (`$.issues[3].key`).
    pub fn path(&self) -> String {
        self.path.render()
    }

    /// A decode error at this node.
    pub fn error(&self, problem: &str) -> Error {
        Error::decode(self.context, &self.path(), problem)
    }

    /// Calls `f` with the child at `key`, or None when it is absent or null.
    pub fn with_opt<T>(&self, key: &str, f: impl FnOnce(Node<'_>) -> Result<T>) -> Result<Option<T>> {
        let Some(obj) = self.value.as_object() else {
            return Err(self.error("expected an object"));
        };
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(child) => {
                let part = PathPart::Key(self.path, key);
                f(Node { value: child, path: &part, context: self.context }).map(Some)
            }
        }
    }

    /// Calls `f` with the child at `key`, which must be present and not null.
    pub fn with<T>(&self, key: &str, f: impl FnOnce(Node<'_>) -> Result<T>) -> Result<T> {
        match self.with_opt(key, f)? {
            Some(v) => Ok(v),
            None => {
                let part = PathPart::Key(self.path, key);
                Err(Error::decode(self.context, &part.render(), "missing required value"))
            }
        }
    }

    /// Maps every element of this array with `f`.
    pub fn map_array<T>(&self, mut f: impl FnMut(Node<'_>) -> Result<T>) -> Result<Vec<T>> {
        let Some(items) = self.value.as_array() else {
            return Err(self.error("expected an array"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let part = PathPart::Index(self.path, i);
                f(Node { value: item, path: &part, context: self.context })
            })
            .collect()
    }

    /// This value as a string.
    pub fn as_str(&self) -> Result<&'a str> {
        self.value.as_str().ok_or_else(|| self.error("expected a string"))
    }

    /// This value as a string; Jira sends some ids as numbers, so numbers are accepted and printed.
    pub fn as_id(&self) -> Result<String> {
        match self.value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(self.error("expected a string or number id")),
        }
    }

    /// This value as a bool.
    pub fn as_bool(&self) -> Result<bool> {
        self.value.as_bool().ok_or_else(|| self.error("expected a boolean"))
    }

    /// This value as a non-negative integer that fits in u32. A string of digits (`"50"`) is accepted too:
    /// some endpoints and proxies send counts as strings, and the number is unambiguous.
    pub fn as_u32(&self) -> Result<u32> {
        let number = match self.value {
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok(),
            other => other.as_u64(),
        };
        number.and_then(|n| u32::try_from(n).ok()).ok_or_else(|| self.error("expected a non-negative integer"))
    }

    /// The string at `key`, required.
    pub fn str(&self, key: &str) -> Result<String> {
        self.with(key, |n| n.as_str().map(str::to_string))
    }

    /// The string at `key`, when present.
    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        self.with_opt(key, |n| n.as_str().map(str::to_string))
    }

    /// The id (string or number) at `key`, required.
    pub fn id(&self, key: &str) -> Result<String> {
        self.with(key, |n| n.as_id())
    }

    /// The string or number at `key`, as text, when present (timestamps: Jira sends strings, some examples
    /// numbers).
    pub fn opt_text(&self, key: &str) -> Result<Option<String>> {
        self.with_opt(key, |n| n.as_id())
    }

    /// The bool at `key`, when present.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.with_opt(key, |n| n.as_bool())
    }

    /// The u32 at `key`, when present.
    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>> {
        self.with_opt(key, |n| n.as_u32())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    #[test]
    fn errors_name_the_json_path() {
        let doc = json!({"issues": [{"key": "A-1"}, {"key": 7}]});
        let root = Node::root(&doc, "search");
        let err = root
            .with("issues", |issues| issues.map_array(|issue| issue.str("key")))
            .expect_err("second key is a number");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.message, "search: expected a string at `$.issues[1].key`");
    }

    #[test]
    fn missing_required_values_are_named() {
        let doc = json!({"fields": {}});
        let err = Node::root(&doc, "get issue").with("fields", |f| f.str("summary")).expect_err("summary is missing");
        assert_eq!(err.message, "get issue: missing required value at `$.fields.summary`");
    }

    #[test]
    fn null_is_absent_for_optional_values() {
        let doc = json!({"assignee": null});
        assert_eq!(Node::root(&doc, "x").opt_str("assignee").expect("null is fine"), None);
    }

    #[test]
    fn ids_accept_numbers_and_strings() {
        let doc = json!({"a": 10001, "b": "10002", "c": true});
        let root = Node::root(&doc, "x");
        assert_eq!(root.id("a").expect("number"), "10001");
        assert_eq!(root.id("b").expect("string"), "10002");
        assert!(root.id("c").is_err());
    }

    #[test]
    fn counts_accept_digit_strings_but_nothing_else() {
        let doc = json!({"a": 50, "b": "50", "c": "-1", "d": "", "e": 1.5, "f": "4294967296", "g": null});
        let root = Node::root(&doc, "x");
        assert_eq!(root.opt_u32("a").expect("number"), Some(50));
        assert_eq!(root.opt_u32("b").expect("digit string"), Some(50));
        for key in ["c", "d", "e", "f"] {
            let err = root.opt_u32(key).expect_err(key);
            assert_eq!(err.message, format!("x: expected a non-negative integer at `$.{key}`"));
        }
        assert_eq!(root.opt_u32("g").expect("null"), None);
    }

    #[test]
    fn bodies_that_are_not_json_are_decode_errors() {
        let err = parse_body(b"{not json", "get issue").expect_err("invalid");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.starts_with("get issue: the response body is not valid JSON"), "{}", err.message);
        assert!(err.message.ends_with("at `$`"));
    }
}
