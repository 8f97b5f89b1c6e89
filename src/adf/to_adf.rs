//! Parsed Markdown blocks -> ADF nodes, fitted to ADF's content rules (`schema`).
//!
//! A block a container may not hold is fitted to the nearest allowed form: a heading becomes a paragraph,
//! a quote, panel, expand or table gives up its content, a task list its items as paragraphs, a media
//! group one image per item, and a rule is dropped. Task items hold inline content only, so the blocks of
//! a task item other than its text and nested task lists follow the task list.

use serde_json::Value;

use super::from_markdown::{Block, Item, List};
use super::from_markdown_inline::{parse as parse_inline, Inline, Media};
use super::schema::{allows, LIST_ITEM_FIRST};
use super::{node, node_type, object, text_node, MAX_DEPTH};

pub(super) fn document(blocks: &[Block]) -> Value {
    let content = Builder::default().fitted("doc", blocks);
    let mut doc = node("doc", None, Some(content));
    if let Some(map) = doc.as_object_mut() {
        map.insert("version".into(), Value::from(1));
    }
    doc
}

#[derive(Default)]
struct Builder {
    ids: u64,
}

impl Builder {
    /// A `localId`, unique in the document (UUID-shaped, as Jira's editor writes them).
    fn local_id(&mut self) -> String {
        self.ids += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.ids)
    }

    /// `blocks` as nodes `parent` may hold.
    fn fitted(&mut self, parent: &str, blocks: &[Block]) -> Vec<Value> {
        let mut out = Vec::new();
        for block in blocks {
            for node in self.block(block) {
                fit(parent, node, &mut out, 0);
            }
        }
        out
    }

    fn block(&mut self, block: &Block) -> Vec<Value> {
        match block {
            Block::Paragraph(text) => paragraph(parse_inline(text)),
            Block::Heading(level, text) => {
                let attrs = object([("level", Value::from(*level))]);
                vec![node("heading", Some(attrs), Some(inline_only(parse_inline(text))))]
            }
            Block::Code { language, text } => {
                let attrs = language.as_deref().map(|language| object([("language", Value::from(language))]));
                let content = (!text.is_empty()).then(|| vec![text_node(text, Vec::new())]);
                vec![node("codeBlock", attrs, content)]
            }
            Block::Quote(blocks) => {
                let content = self.fitted("blockquote", blocks);
                if content.is_empty() {
                    return Vec::new();
                }
                vec![node("blockquote", None, Some(content))]
            }
            Block::Panel(kind, blocks) => {
                let content = non_empty(self.fitted("panel", blocks));
                vec![node("panel", Some(object([("panelType", Value::from(*kind))])), Some(content))]
            }
            Block::Expand(title, blocks) => {
                let content = non_empty(self.fitted("expand", blocks));
                vec![node("expand", Some(object([("title", Value::from(title.as_str()))])), Some(content))]
            }
            Block::List(list) => self.list(list),
            Block::Table(head, rows) => self.table(head.as_deref(), rows).into_iter().collect(),
            Block::Rule => vec![node("rule", None, None)],
        }
    }

    /// One list; a bullet list's runs of task items become task lists between bullet lists.
    fn list(&mut self, list: &List) -> Vec<Value> {
        let mut out = Vec::new();
        let mut number = list.start.unwrap_or(1);
        for run in list.items.chunk_by(|a, b| a.task.is_some() == b.task.is_some()) {
            if run.first().is_some_and(|item| item.task.is_some()) {
                out.extend(self.task_list(run));
                continue;
            }
            let content: Vec<Value> = run.iter().map(|item| self.list_item(item)).collect();
            out.push(match list.start {
                Some(_) => node("orderedList", Some(object([("order", Value::from(number))])), Some(content)),
                None => node("bulletList", None, Some(content)),
            });
            number = number.saturating_add(u64::try_from(run.len()).unwrap_or(0));
        }
        out
    }

    fn list_item(&mut self, item: &Item) -> Value {
        let mut content = self.fitted("listItem", &item.blocks);
        if !content.first().is_some_and(|first| LIST_ITEM_FIRST.contains(&node_type(first))) {
            content.insert(0, empty_paragraph());
        }
        node("listItem", None, Some(content))
    }

    /// Task items: text (further paragraphs after a hard break), nested task lists as siblings; other
    /// blocks end the task list and follow it.
    fn task_list(&mut self, items: &[Item]) -> Vec<Value> {
        let mut out = Vec::new();
        let mut current = Vec::new();
        for item in items {
            let mut text: Vec<Value> = Vec::new();
            let mut nested = Vec::new();
            let mut after = Vec::new();
            for block in &item.blocks {
                match block {
                    Block::Paragraph(markdown) => {
                        let more = inline_only(parse_inline(markdown));
                        if !more.is_empty() && !text.is_empty() {
                            text.push(node("hardBreak", None, None));
                        }
                        text.extend(more);
                    }
                    Block::List(list)
                        if list.start.is_none()
                            && !list.items.is_empty()
                            && list.items.iter().all(|item| item.task.is_some()) =>
                    {
                        for node in self.task_list(&list.items) {
                            if node_type(&node) == "taskList" {
                                nested.push(node);
                            } else {
                                after.push(node);
                            }
                        }
                    }
                    other => after.extend(self.block(other)),
                }
            }
            let state = if item.task == Some(true) { "DONE" } else { "TODO" };
            let id = self.local_id();
            let attrs = object([("localId", Value::from(id)), ("state", Value::from(state))]);
            current.push(node("taskItem", Some(attrs), Some(text)));
            current.extend(nested);
            if !after.is_empty() {
                out.push(self.task_list_node(std::mem::take(&mut current)));
                out.extend(after);
            }
        }
        if !current.is_empty() {
            out.push(self.task_list_node(current));
        }
        out
    }

    fn task_list_node(&mut self, content: Vec<Value>) -> Value {
        node("taskList", Some(object([("localId", Value::from(self.local_id()))])), Some(content))
    }

    fn table(&mut self, head: Option<&[String]>, rows: &[Vec<String>]) -> Option<Value> {
        let width = rows.iter().map(Vec::len).chain(head.map(<[String]>::len)).max().unwrap_or(0).max(1);
        let mut content = Vec::new();
        content.extend(head.map(|head| row("tableHeader", head, width)));
        content.extend(rows.iter().map(|cells| row("tableCell", cells, width)));
        (!content.is_empty()).then(|| {
            let attrs = object([("isNumberColumnEnabled", Value::Bool(false)), ("layout", Value::from("default"))]);
            node("table", Some(attrs), Some(content))
        })
    }
}

fn row(kind: &str, cells: &[String], width: usize) -> Value {
    let cells: Vec<Value> = (0..width)
        .map(|index| {
            let mut content = Vec::new();
            for node in paragraph(parse_inline(cells.get(index).map(String::as_str).unwrap_or_default())) {
                fit(kind, node, &mut content, 0);
            }
            node(kind, None, Some(non_empty(content)))
        })
        .collect();
    node("tableRow", None, Some(cells))
}

fn empty_paragraph() -> Value {
    node("paragraph", None, Some(Vec::new()))
}

/// Containers need at least one block.
fn non_empty(mut content: Vec<Value>) -> Vec<Value> {
    if content.is_empty() {
        content.push(empty_paragraph());
    }
    content
}

/// A paragraph's inline content; a paragraph of only images is one `mediaSingle` per image, one of only
/// attachment links a `mediaGroup`; a blank paragraph is nothing.
fn paragraph(items: Vec<Inline>) -> Vec<Value> {
    let blank = |item: &Inline| match item {
        Inline::Node(node) => {
            node_type(node) == "hardBreak"
                || (node_type(node) == "text"
                    && node.get("marks").is_none()
                    && node.get("text").and_then(Value::as_str).is_some_and(|text| text.trim().is_empty()))
        }
        Inline::Media(_) => false,
    };
    let media: Vec<&Media> = items
        .iter()
        .filter_map(|item| match item {
            Inline::Media(media) => Some(media),
            Inline::Node(_) => None,
        })
        .collect();
    let only_media = !media.is_empty() && items.iter().all(|item| matches!(item, Inline::Media(_)) || blank(item));
    if only_media && media.iter().all(|media| media.image) {
        return media.iter().map(|media| media_single(media)).collect();
    }
    if only_media && media.iter().all(|media| !media.image && !is_external(media)) {
        let group: Vec<Value> = media.iter().map(|media| media_node(media)).collect();
        return vec![node("mediaGroup", None, Some(group))];
    }
    let content = inline_only(items);
    if content.is_empty() {
        return Vec::new();
    }
    vec![node("paragraph", None, Some(content))]
}

/// Inline nodes only: media become `mediaInline` (external ones a link).
fn inline_only(items: Vec<Inline>) -> Vec<Value> {
    items
        .into_iter()
        .filter_map(|item| match item {
            Inline::Node(node) => Some(node),
            Inline::Media(media) if is_external(&media) => {
                let url = media.attrs.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
                let text = if media.alt.is_empty() { url.clone() } else { media.alt.clone() };
                (!text.is_empty())
                    .then(|| text_node(&text, vec![node("link", Some(object([("href", Value::from(url))])), None)]))
            }
            Inline::Media(media) => {
                let mut attrs = media.attrs;
                attrs.remove("alt");
                Some(node("mediaInline", Some(Value::Object(attrs)), None))
            }
        })
        .collect()
}

fn is_external(media: &Media) -> bool {
    media.attrs.get("type").and_then(Value::as_str) == Some("external")
}

fn media_node(media: &Media) -> Value {
    let mut attrs = media.attrs.clone();
    if !media.alt.is_empty() {
        attrs.insert("alt".into(), Value::from(media.alt.as_str()));
    }
    node("media", Some(Value::Object(attrs)), None)
}

fn media_single(media: &Media) -> Value {
    let mut content = vec![media_node(media)];
    if let Some(caption) = media.caption.as_deref().filter(|caption| !caption.is_empty()) {
        content.push(node("caption", None, Some(vec![text_node(caption, Vec::new())])));
    }
    media_single_of(content)
}

fn media_single_of(content: Vec<Value>) -> Value {
    node("mediaSingle", Some(object([("layout", Value::from("center"))])), Some(content))
}

/// `node` with content, for `fit`, where the name `node` is the node being fitted.
fn node_of(kind: &str, content: Vec<Value>) -> Value {
    node(kind, None, Some(content))
}

fn node_of_attrs(kind: &str, attrs: Value) -> Value {
    node(kind, Some(attrs), None)
}

fn take_content(node: Value) -> Vec<Value> {
    match node {
        Value::Object(mut map) => match map.remove("content") {
            Some(Value::Array(content)) => content,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Appends `node` to `out` as `parent` allows it (see the module docs above).
fn fit(parent: &str, node: Value, out: &mut Vec<Value>, depth: usize) {
    let kind = node_type(&node).to_string();
    if allows(parent, &kind) {
        out.push(node);
        return;
    }
    if depth > MAX_DEPTH {
        return;
    }
    match kind.as_str() {
        "heading" => out.push(node_of("paragraph", take_content(node))),
        "taskList" => {
            for child in take_content(node) {
                if node_type(&child) != "taskItem" {
                    fit(parent, child, out, depth + 1);
                    continue;
                }
                let done = child.pointer("/attrs/state").and_then(Value::as_str) == Some("DONE");
                let mut content = vec![text_node(if done { "[x] " } else { "[ ] " }, Vec::new())];
                content.extend(take_content(child));
                out.push(node_of("paragraph", content));
            }
        }
        "mediaGroup" => {
            for media in take_content(node) {
                let single = media_single_of(vec![media]);
                fit(parent, single, out, depth + 1);
            }
        }
        "mediaSingle" => {
            for media in take_content(node).into_iter().filter(|media| node_type(media) == "media") {
                if let Some(attrs) = media.get("attrs").filter(|attrs| attrs.get("id").is_some()) {
                    let mut attrs = attrs.clone();
                    if let Some(attrs) = attrs.as_object_mut() {
                        attrs.remove("alt");
                    }
                    out.push(node_of("paragraph", vec![node_of_attrs("mediaInline", attrs)]));
                }
            }
        }
        "rule" => {}
        "table" => {
            for row in take_content(node) {
                for cell in take_content(row) {
                    for block in take_content(cell) {
                        fit(parent, block, out, depth + 1);
                    }
                }
            }
        }
        _ => {
            for child in take_content(node) {
                fit(parent, child, out, depth + 1);
            }
        }
    }
}
