//! Just enough Atlassian Document Format for the fake: build seed documents, validate input, extract text.

use serde_json::{json, Value};

/// An ADF document with one paragraph per blank-line-separated block of `text`.
pub(crate) fn doc_from_text(text: &str) -> Value {
    let paragraphs: Vec<Value> = text
        .split("\n\n")
        .map(|paragraph| json!({ "type": "paragraph", "content": [{ "type": "text", "text": paragraph }] }))
        .collect();
    json!({ "type": "doc", "version": 1, "content": paragraphs })
}

/// Whether `value` is an ADF document as Jira's v3 API requires: `{"type":"doc","version":1,"content":[..]}`.
pub(crate) fn is_document(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("doc")
        && value.get("version").and_then(Value::as_u64) == Some(1)
        && value.get("content").is_some_and(Value::is_array)
}

/// The text of a document, blocks separated by newlines (for `text ~` searches and rendered fields).
pub(crate) fn plain_text(value: &Value) -> String {
    let mut out = String::new();
    collect_text(value, &mut out);
    out.trim_end().to_string()
}

fn collect_text(node: &Value, out: &mut String) {
    if let Some(text) = node.get("text").and_then(Value::as_str) {
        out.push_str(text);
    }
    if let Some(children) = node.get("content").and_then(Value::as_array) {
        for child in children {
            collect_text(child, out);
        }
        if node.get("type").and_then(Value::as_str) != Some("doc") {
            out.push('\n');
        }
    }
}

/// A rough HTML rendering (`renderedFields`): each text block becomes an escaped `<p>`.
pub(crate) fn to_html(value: &Value) -> String {
    plain_text(value)
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let escaped = line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            format!("<p>{escaped}</p>")
        })
        .collect()
}
