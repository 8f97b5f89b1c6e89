//! Media (attachments shown in a document): their Markdown destinations, and keeping the media of an old
//! document when its Markdown is rewritten.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{Map, Value};

use super::{attr, children, node, node_type, MAX_DEPTH};

/// Bytes escaped in an `attachment:` destination's id and query values.
const DESTINATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'=')
    .add(b'\\')
    .add(b'`');

/// The Markdown destination of a `media` or `mediaInline` node: `attachment:ID` plus a query for a
/// non-empty collection and a type other than `file`, or an external media's URL.
pub(super) fn media_destination(node: &Value) -> Option<String> {
    let kind = attr(node, "type").unwrap_or("file");
    if kind == "external" {
        return attr(node, "url").map(str::to_string);
    }
    let id = attr(node, "id")?;
    let mut dest = format!("attachment:{}", utf8_percent_encode(id, DESTINATION));
    let mut query = Vec::new();
    if let Some(collection) = attr(node, "collection") {
        query.push(format!("collection={}", utf8_percent_encode(collection, DESTINATION)));
    }
    if kind != "file" {
        query.push(format!("type={}", utf8_percent_encode(kind, DESTINATION)));
    }
    if !query.is_empty() {
        dest.push('?');
        dest.push_str(&query.join("&"));
    }
    Some(dest)
}

/// The media attributes (`type`, `id`, `collection`) of an `attachment:` destination's remainder.
pub(super) fn attachment_attrs(rest: &str) -> Option<Map<String, Value>> {
    let (id, query) = rest.split_once('?').unwrap_or((rest, ""));
    let id = percent_decode_str(id).decode_utf8_lossy().into_owned();
    if id.is_empty() {
        return None;
    }
    let mut kind = "file";
    let mut collection = String::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(value).decode_utf8_lossy();
        match key {
            "collection" => collection = value.into_owned(),
            "type" if value == "link" => kind = "link",
            _ => {}
        }
    }
    let mut attrs = Map::new();
    attrs.insert("type".into(), Value::from(kind));
    attrs.insert("id".into(), Value::from(id));
    attrs.insert("collection".into(), Value::from(collection));
    Some(attrs)
}

/// A rewritten document (`new_doc`, typically from [`super::markdown_to_adf`]) that keeps the media of
/// the document it replaces (`old_doc`).
///
/// Media the new document references (same `id`, or same `url` for external media) get back their old
/// attributes (collection, size...; a new `alt` wins) and their `mediaSingle` its layout; old
/// `mediaSingle`/`mediaGroup` media the new document lacks are appended at its end in their old order
/// (a group keeps only its missing items), and old `mediaInline` nodes in a final paragraph. A
/// `new_doc` without a `content` array is returned as it came.
pub fn merge_media(old_doc: &Value, mut new_doc: Value) -> Value {
    let mut old = OldMedia::default();
    old.collect(old_doc, 0);
    if old.by_key.is_empty() {
        return new_doc;
    }
    let mut kept = BTreeSet::new();
    restore(&mut new_doc, &old, &mut kept, 0);
    let Some(content) = new_doc.get_mut("content").and_then(Value::as_array_mut) else { return new_doc };
    for container in &old.containers {
        let missing: Vec<Value> = children(container)
            .iter()
            .filter(|child| node_type(child) != "media" || media_key(child).is_some_and(|key| kept.insert(key)))
            .cloned()
            .collect();
        if missing.iter().any(|child| node_type(child) == "media") {
            let mut container = container.clone();
            container["content"] = Value::Array(missing);
            content.push(container);
        }
    }
    let inline: Vec<Value> =
        old.inline.iter().filter(|node| media_key(node).is_some_and(|key| kept.insert(key))).cloned().collect();
    if !inline.is_empty() {
        content.push(node("paragraph", None, Some(inline)));
    }
    new_doc
}

#[derive(Default)]
struct OldMedia {
    /// Old media nodes by key, with the attributes of the `mediaSingle` around them.
    by_key: BTreeMap<String, (Value, Option<Value>)>,
    /// Old `mediaSingle` and `mediaGroup` nodes in document order.
    containers: Vec<Value>,
    inline: Vec<Value>,
}

impl OldMedia {
    fn collect(&mut self, node: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match node_type(node) {
            kind @ ("mediaSingle" | "mediaGroup") => {
                let single_attrs = (kind == "mediaSingle").then(|| node.get("attrs").cloned()).flatten();
                for media in children(node).iter().filter(|child| node_type(child) == "media") {
                    if let Some(key) = media_key(media) {
                        self.by_key.entry(key).or_insert_with(|| (media.clone(), single_attrs.clone()));
                    }
                }
                self.containers.push(node.clone());
            }
            "mediaInline" => {
                if let Some(key) = media_key(node) {
                    self.by_key.entry(key).or_insert_with(|| (node.clone(), None));
                    self.inline.push(node.clone());
                }
            }
            _ => {
                for child in children(node) {
                    self.collect(child, depth + 1);
                }
            }
        }
    }
}

fn media_key(node: &Value) -> Option<String> {
    attr(node, "id").map(|id| format!("id:{id}")).or_else(|| attr(node, "url").map(|url| format!("url:{url}")))
}

fn restore(node: &mut Value, old: &OldMedia, kept: &mut BTreeSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let kind = node_type(node).to_string();
    if matches!(kind.as_str(), "media" | "mediaInline") {
        return;
    }
    let mut single_attrs = None;
    if let Some(content) = node.get_mut("content").and_then(Value::as_array_mut) {
        for child in content.iter_mut() {
            let child_kind = node_type(child);
            if !matches!(child_kind, "media" | "mediaInline") {
                restore(child, old, kept, depth + 1);
                continue;
            }
            let Some(key) = media_key(child) else { continue };
            kept.insert(key.clone());
            let Some((old_media, old_single)) = old.by_key.get(&key) else { continue };
            if node_type(old_media) != child_kind {
                continue;
            }
            let alt = child.pointer("/attrs/alt").cloned();
            *child = old_media.clone();
            if let (Some(alt), Some(attrs)) = (alt, child.get_mut("attrs").and_then(Value::as_object_mut)) {
                attrs.insert("alt".into(), alt);
            }
            if kind == "mediaSingle" {
                single_attrs = old_single.clone();
            }
        }
    }
    if let (Some(attrs), Some(object)) = (single_attrs, node.as_object_mut()) {
        object.insert("attrs".into(), attrs);
    }
}
