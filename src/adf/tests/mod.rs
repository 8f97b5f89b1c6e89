//! Tests of the ADF <-> Markdown conversions: exact renderings of the shared fixtures, exact trees for
//! each Markdown construct, round trips, media merging, and hostile input.

mod from_markdown;
mod hostile;
mod media;
mod round_trip;
mod to_markdown;
mod validate;

use serde_json::{json, Value};

fn fixture(path: &str) -> Value {
    let file = format!("{}/../shared/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn rich_fixture() -> Value {
    fixture("metadata/adf_document_rich.jira-cli.json")
}

fn doc(content: Value) -> Value {
    json!({ "type": "doc", "version": 1, "content": content })
}

fn para(content: Value) -> Value {
    json!({ "type": "paragraph", "content": content })
}

fn text(text: &str) -> Value {
    json!({ "type": "text", "text": text })
}

fn marked(text: &str, marks: Value) -> Value {
    json!({ "type": "text", "text": text, "marks": marks })
}

fn hard_break() -> Value {
    json!({ "type": "hardBreak" })
}

/// `markdown_to_adf`, asserting the result is valid ADF.
fn to_adf(markdown: &str) -> Value {
    let adf = super::markdown_to_adf(markdown);
    if let Err(error) = validate::validate(&adf) {
        panic!("invalid ADF for {markdown:?}: {error}\n{adf:#}");
    }
    adf
}

/// The content of `markdown_to_adf(markdown)`.
fn blocks_of(markdown: &str) -> Value {
    to_adf(markdown).get("content").cloned().unwrap_or(Value::Null)
}

/// The Markdown corpus of the round-trip and hostile-input tests.
fn round_trip_corpus() -> Vec<&'static str> {
    round_trip::CANONICAL.iter().chain(round_trip::WRITTEN).copied().collect()
}
