//! A structural validator for the ADF this module writes: the content model of `schema` plus the
//! attribute, mark and text rules of the ADF JSON schema (no crate on crates.io ships that schema).

use serde_json::Value;

use crate::adf::schema::{allows, INLINE, LIST_ITEM_FIRST, PANEL_TYPES, STATUS_COLORS};
use crate::adf::{children, node_type};

type Checked = Result<(), String>;

/// `Ok` when `doc` is a document Jira's ADF validator accepts (for the nodes this module writes).
pub(super) fn validate(doc: &Value) -> Checked {
    ensure(node_type(doc) == "doc" && doc.get("version") == Some(&Value::from(1)), "", "a doc of version 1")?;
    keys(doc, &["type", "version", "content"], "")?;
    for (index, child) in content(doc, "")?.iter().enumerate() {
        block(child, "doc", &format!("/content/{index}"))?;
    }
    Ok(())
}

fn ensure(condition: bool, path: &str, what: &str) -> Checked {
    if condition {
        Ok(())
    } else {
        Err(format!("{path}: expected {what}"))
    }
}

fn keys(node: &Value, allowed: &[&str], path: &str) -> Checked {
    let object = node.as_object().ok_or_else(|| format!("{path}: not an object"))?;
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(format!("{path}: unexpected key `{key}`")),
        None => Ok(()),
    }
}

fn content<'a>(node: &'a Value, path: &str) -> Result<&'a [Value], String> {
    node.get("content").and_then(Value::as_array).map(Vec::as_slice).ok_or_else(|| format!("{path}: no content"))
}

fn non_empty<'a>(node: &'a Value, path: &str) -> Result<&'a [Value], String> {
    let content = content(node, path)?;
    ensure(!content.is_empty(), path, "at least one child")?;
    Ok(content)
}

fn string_attr<'a>(node: &'a Value, name: &str, path: &str) -> Result<&'a str, String> {
    node.pointer(&format!("/attrs/{name}")).and_then(Value::as_str).ok_or_else(|| format!("{path}: attrs.{name}"))
}

fn non_empty_attr<'a>(node: &'a Value, name: &str, path: &str) -> Result<&'a str, String> {
    let value = string_attr(node, name, path)?;
    ensure(!value.is_empty(), path, &format!("a non-empty attrs.{name}"))?;
    Ok(value)
}

fn block(node: &Value, parent: &str, path: &str) -> Checked {
    let kind = node_type(node);
    ensure(allows(parent, kind), path, &format!("a block allowed in {parent}, not `{kind}`"))?;
    block_rules(node, path)
}

fn blocks_in(node: &Value, parent: &str, path: &str) -> Checked {
    for (index, child) in non_empty(node, path)?.iter().enumerate() {
        block(child, parent, &format!("{path}/content/{index}"))?;
    }
    Ok(())
}

fn block_rules(node: &Value, path: &str) -> Checked {
    let kind = node_type(node);
    match kind {
        "paragraph" => {
            keys(node, &["type", "content"], path)?;
            inline_children(node, path)
        }
        "heading" => {
            keys(node, &["type", "attrs", "content"], path)?;
            let level = node.pointer("/attrs/level").and_then(Value::as_u64).unwrap_or(0);
            ensure((1..=6).contains(&level), path, "attrs.level 1..=6")?;
            inline_children(node, path)
        }
        "bulletList" | "orderedList" => {
            keys(node, &["type", "attrs", "content"], path)?;
            if kind == "orderedList" {
                ensure(node.pointer("/attrs/order").and_then(Value::as_u64).is_some(), path, "attrs.order >= 0")?;
            } else {
                ensure(node.get("attrs").is_none(), path, "no attrs")?;
            }
            for (index, item) in non_empty(node, path)?.iter().enumerate() {
                let path = format!("{path}/content/{index}");
                ensure(node_type(item) == "listItem", &path, "a listItem")?;
                keys(item, &["type", "content"], &path)?;
                let first = non_empty(item, &path)?.first().map(node_type).unwrap_or_default();
                ensure(LIST_ITEM_FIRST.contains(&first), &path, "a paragraph, code block or image first")?;
                blocks_in(item, "listItem", &path)?;
            }
            Ok(())
        }
        "taskList" => {
            keys(node, &["type", "attrs", "content"], path)?;
            non_empty_attr(node, "localId", path)?;
            let items = non_empty(node, path)?;
            ensure(items.first().map(node_type) == Some("taskItem"), path, "a taskItem first")?;
            for (index, item) in items.iter().enumerate() {
                let path = format!("{path}/content/{index}");
                match node_type(item) {
                    "taskList" => block_rules(item, &path)?,
                    "taskItem" => {
                        keys(item, &["type", "attrs", "content"], &path)?;
                        non_empty_attr(item, "localId", &path)?;
                        let state = string_attr(item, "state", &path)?;
                        ensure(state == "TODO" || state == "DONE", &path, "state TODO or DONE")?;
                        inline_children(item, &path)?;
                    }
                    other => return Err(format!("{path}: `{other}` in a taskList")),
                }
            }
            Ok(())
        }
        "codeBlock" => {
            keys(node, &["type", "attrs", "content"], path)?;
            if node.get("attrs").is_some() {
                keys(node.get("attrs").unwrap_or(&Value::Null), &["language"], path)?;
                string_attr(node, "language", path)?;
            }
            for (index, text) in children(node).iter().enumerate() {
                let path = format!("{path}/content/{index}");
                keys(text, &["type", "text"], &path)?;
                ensure(node_type(text) == "text", &path, "text")?;
                ensure(text.get("text").and_then(Value::as_str).is_some_and(|t| !t.is_empty()), &path, "text")?;
            }
            Ok(())
        }
        "blockquote" => {
            keys(node, &["type", "content"], path)?;
            blocks_in(node, "blockquote", path)
        }
        "panel" => {
            keys(node, &["type", "attrs", "content"], path)?;
            ensure(PANEL_TYPES.contains(&string_attr(node, "panelType", path)?), path, "a panel type")?;
            blocks_in(node, "panel", path)
        }
        "expand" => {
            keys(node, &["type", "attrs", "content"], path)?;
            string_attr(node, "title", path)?;
            blocks_in(node, "expand", path)
        }
        "rule" => keys(node, &["type"], path),
        "table" => {
            keys(node, &["type", "attrs", "content"], path)?;
            for (index, row) in non_empty(node, path)?.iter().enumerate() {
                let path = format!("{path}/content/{index}");
                ensure(node_type(row) == "tableRow", &path, "a tableRow")?;
                keys(row, &["type", "content"], &path)?;
                for (index, cell) in non_empty(row, &path)?.iter().enumerate() {
                    let path = format!("{path}/content/{index}");
                    let cell_type = node_type(cell);
                    ensure(cell_type == "tableCell" || cell_type == "tableHeader", &path, "a cell")?;
                    keys(cell, &["type", "attrs", "content"], &path)?;
                    blocks_in(cell, cell_type, &path)?;
                }
            }
            Ok(())
        }
        "mediaSingle" => {
            keys(node, &["type", "attrs", "content"], path)?;
            let layouts = ["center", "wide", "full-width", "wrap-left", "wrap-right", "align-start", "align-end"];
            ensure(layouts.contains(&string_attr(node, "layout", path)?), path, "a layout")?;
            let content = non_empty(node, path)?;
            ensure(content.len() <= 2, path, "a media and at most a caption")?;
            media(content.first().unwrap_or(&Value::Null), &format!("{path}/content/0"))?;
            if let Some(caption) = content.get(1) {
                let path = format!("{path}/content/1");
                ensure(node_type(caption) == "caption", &path, "a caption")?;
                keys(caption, &["type", "content"], &path)?;
                inline_children(caption, &path)?;
            }
            Ok(())
        }
        "mediaGroup" => {
            keys(node, &["type", "content"], path)?;
            for (index, child) in non_empty(node, path)?.iter().enumerate() {
                media(child, &format!("{path}/content/{index}"))?;
            }
            Ok(())
        }
        other => Err(format!("{path}: unknown block `{other}`")),
    }
}

fn media(node: &Value, path: &str) -> Checked {
    ensure(node_type(node) == "media", path, "a media node")?;
    keys(node, &["type", "attrs"], path)?;
    keys(
        node.get("attrs").unwrap_or(&Value::Null),
        &["type", "id", "collection", "url", "alt", "width", "height", "occurrenceKey"],
        path,
    )?;
    match string_attr(node, "type", path)? {
        "file" | "link" => {
            non_empty_attr(node, "id", path)?;
            string_attr(node, "collection", path).map(drop)
        }
        "external" => non_empty_attr(node, "url", path).map(drop),
        other => Err(format!("{path}: media type `{other}`")),
    }
}

fn inline_children(node: &Value, path: &str) -> Checked {
    for (index, child) in children(node).iter().enumerate() {
        inline(child, &format!("{path}/content/{index}"))?;
    }
    Ok(())
}

fn inline(node: &Value, path: &str) -> Checked {
    let kind = node_type(node);
    ensure(INLINE.contains(&kind), path, &format!("an inline node, not `{kind}`"))?;
    match kind {
        "text" => {
            keys(node, &["type", "text", "marks"], path)?;
            ensure(node.get("text").and_then(Value::as_str).is_some_and(|t| !t.is_empty()), path, "non-empty text")?;
            marks(node, path)
        }
        "hardBreak" => keys(node, &["type"], path),
        "mention" => {
            keys(node, &["type", "attrs"], path)?;
            non_empty_attr(node, "id", path)?;
            match node.pointer("/attrs/text") {
                Some(text) => ensure(text.is_string(), path, "a string attrs.text"),
                None => Ok(()),
            }
        }
        "emoji" => non_empty_attr(node, "shortName", path).map(drop),
        "inlineCard" => non_empty_attr(node, "url", path).map(drop),
        "status" => {
            non_empty_attr(node, "text", path)?;
            ensure(STATUS_COLORS.contains(&string_attr(node, "color", path)?), path, "a status colour")
        }
        "date" => {
            let timestamp = string_attr(node, "timestamp", path)?;
            let digits = timestamp.strip_prefix('-').unwrap_or(timestamp);
            ensure(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), path, "a timestamp")
        }
        _ => {
            non_empty_attr(node, "id", path)?;
            string_attr(node, "collection", path)?;
            ensure(matches!(string_attr(node, "type", path)?, "file" | "link" | "image"), path, "a media type")
        }
    }
}

fn marks(node: &Value, path: &str) -> Checked {
    let Some(marks) = node.get("marks") else { return Ok(()) };
    let marks = marks.as_array().ok_or_else(|| format!("{path}: marks is not an array"))?;
    let kinds: Vec<&str> = marks.iter().map(node_type).collect();
    for (index, mark) in marks.iter().enumerate() {
        let path = format!("{path}/marks/{index}");
        let kind = node_type(mark);
        ensure(kinds.iter().filter(|other| **other == kind).count() == 1, &path, "each mark once")?;
        match kind {
            "strong" | "em" | "strike" | "underline" | "code" => keys(mark, &["type"], &path)?,
            "link" => {
                keys(mark, &["type", "attrs"], &path)?;
                keys(mark.get("attrs").unwrap_or(&Value::Null), &["href", "title"], &path)?;
                string_attr(mark, "href", &path)?;
            }
            "subsup" => ensure(matches!(string_attr(mark, "type", &path)?, "sub" | "sup"), &path, "sub or sup")?,
            other => return Err(format!("{path}: unknown mark `{other}`")),
        }
    }
    let code_with_others = kinds.contains(&"code") && kinds.iter().any(|kind| !matches!(*kind, "code" | "link"));
    ensure(!code_with_others, path, "code marks beside link only")
}

mod rejects {
    use serde_json::{json, Value};

    use super::validate;

    fn doc(content: Value) -> Value {
        json!({ "type": "doc", "version": 1, "content": content })
    }

    fn para(content: Value) -> Value {
        json!({ "type": "paragraph", "content": content })
    }

    #[test]
    fn the_validator_accepts_valid_adf_and_rejects_each_broken_rule() {
        let text = json!({ "type": "text", "text": "t" });
        let item = json!({ "type": "listItem", "content": [para(json!([text]))] });
        let task = json!({ "type": "taskItem", "attrs": { "localId": "1", "state": "TODO" }, "content": [] });
        let media = json!({ "type": "media", "attrs": { "type": "file", "id": "m", "collection": "" } });
        assert_eq!(validate(&doc(json!([para(json!([text])), { "type": "bulletList", "content": [item] }]))), Ok(()));
        let broken = [
            json!({ "type": "doc", "content": [] }),
            doc(json!([para(json!([{ "type": "text", "text": "" }]))])),
            doc(json!([para(
                json!([{ "type": "text", "text": "x", "marks": [{ "type": "code" }, { "type": "strong" }] }])
            )])),
            doc(json!([para(json!([{ "type": "text", "text": "x", "marks": [{ "type": "em" }, { "type": "em" }] }]))])),
            doc(json!([para(json!([{ "type": "text", "text": "x", "marks": [{ "type": "link" }] }]))])),
            doc(json!([para(json!([{ "type": "text", "text": "x", "marks": [{ "type": "textColor" }] }]))])),
            doc(json!([para(json!([{ "type": "paragraph" }]))])),
            doc(json!([{ "type": "heading", "attrs": { "level": 7 }, "content": [] }])),
            doc(json!([{ "type": "orderedList", "content": [item] }])),
            doc(json!([{ "type": "bulletList", "content": [] }])),
            doc(
                json!([{ "type": "bulletList", "content": [{ "type": "listItem", "content": [{ "type": "bulletList", "content": [item] }] }] }]),
            ),
            doc(
                json!([{ "type": "bulletList", "content": [{ "type": "listItem", "content": [para(json!([])), { "type": "rule" }] }] }]),
            ),
            doc(json!([{ "type": "taskList", "content": [task] }])),
            doc(
                json!([{ "type": "taskList", "attrs": { "localId": "l" }, "content": [{ "type": "taskItem", "attrs": { "localId": "1", "state": "open" } }] }]),
            ),
            doc(
                json!([{ "type": "codeBlock", "content": [{ "type": "text", "text": "x", "marks": [{ "type": "strong" }] }] }]),
            ),
            doc(
                json!([{ "type": "blockquote", "content": [{ "type": "heading", "attrs": { "level": 1 }, "content": [] }] }]),
            ),
            doc(json!([{ "type": "blockquote", "content": [] }])),
            doc(json!([{ "type": "panel", "attrs": { "panelType": "custom" }, "content": [para(json!([]))] }])),
            doc(json!([{ "type": "expand", "content": [para(json!([]))] }])),
            doc(
                json!([{ "type": "table", "content": [{ "type": "tableRow", "content": [{ "type": "tableCell", "content": [] }] }] }]),
            ),
            doc(json!([{ "type": "mediaSingle", "content": [media] }])),
            doc(
                json!([{ "type": "mediaGroup", "content": [{ "type": "media", "attrs": { "type": "file", "collection": "" } }] }]),
            ),
            doc(json!([para(json!([{ "type": "mention", "attrs": { "text": "@x" } }]))])),
            doc(json!([para(json!([{ "type": "emoji", "attrs": {} }]))])),
            doc(json!([para(json!([{ "type": "status", "attrs": { "text": "x", "color": "pink" } }]))])),
            doc(json!([para(json!([{ "type": "date", "attrs": { "timestamp": "today" } }]))])),
            doc(json!([{ "type": "futureBlock" }])),
        ];
        for (index, adf) in broken.iter().enumerate() {
            assert!(validate(adf).is_err(), "broken document {index} passed: {adf}");
        }
    }
}
