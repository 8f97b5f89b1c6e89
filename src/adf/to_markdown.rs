//! ADF block nodes -> Markdown blocks (the mapping is in the module docs).

use std::slice;

use serde_json::Value;

use super::schema::PANEL_TYPES;
use super::to_markdown_inline::{inline, is_inline, Line};
use super::to_markdown_syntax::{card, code_span, escape_text, media_image, media_link};
use super::{attr, children, node_type, MAX_DEPTH};

/// The largest list number CommonMark reads (nine digits).
const MAX_ORDER: u64 = 999_999_999;

pub(super) fn document(doc: &Value) -> String {
    if is_inline(doc) {
        return inline(slice::from_ref(doc), Line::Block, 0);
    }
    block(doc, 0, false).map(|rendered| rendered.text).unwrap_or_default()
}

/// A rendered block, with what a list item needs to know to join it to the previous one.
struct Rendered {
    text: String,
    paragraph: bool,
}

impl Rendered {
    fn other(text: String) -> Option<Rendered> {
        (!text.is_empty()).then_some(Rendered { text, paragraph: false })
    }
}

/// Block nodes; runs of inline nodes found among them form one paragraph each.
///
/// Two lists of one type in a row would read as one list: every other one takes the alternative marker
/// (`*` for `-`, `)` for `.`), which CommonMark reads as the start of a new list.
fn blocks(nodes: &[Value], depth: usize) -> Vec<Rendered> {
    let mut out = Vec::new();
    let mut rest = nodes;
    let mut previous = "";
    let mut alternate = false;
    while let Some(first) = rest.first() {
        let run = rest.iter().take_while(|node| is_inline(node)).count();
        let (rendered, remaining) = if run > 0 {
            previous = "";
            let (run, remaining) = rest.split_at(run);
            (paragraph(run, depth), remaining)
        } else {
            let kind = node_type(first);
            alternate = matches!(kind, "bulletList" | "orderedList" | "taskList") && kind == previous && !alternate;
            previous = kind;
            (block(first, depth, alternate), rest.get(1..).unwrap_or_default())
        };
        out.extend(rendered);
        rest = remaining;
    }
    out
}

/// Blocks separated by blank lines; in a list item (`tight`) a list that can interrupt a paragraph
/// follows it on the next line.
fn join(blocks: &[Rendered], tight: bool) -> String {
    let mut out = String::new();
    let mut previous_paragraph = false;
    for (index, rendered) in blocks.iter().enumerate() {
        if index > 0 {
            out.push_str(if tight && previous_paragraph && interrupts_paragraph(&rendered.text) {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(&rendered.text);
        previous_paragraph = rendered.paragraph;
    }
    out
}

/// Whether a rendered list may directly follow a paragraph line: it opens with a non-empty `- ` item
/// or a non-empty `1. ` item.
fn interrupts_paragraph(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let rest = ["- ", "* ", "1. ", "1) "].iter().find_map(|marker| first.strip_prefix(marker));
    rest.is_some_and(|rest| !rest.trim().is_empty())
}

fn paragraph(nodes: &[Value], depth: usize) -> Option<Rendered> {
    let text = inline(nodes, Line::Block, depth);
    (!text.is_empty()).then_some(Rendered { text, paragraph: true })
}

/// One block; `alternate` picks the alternative list marker.
fn block(node: &Value, depth: usize, alternate: bool) -> Option<Rendered> {
    if depth > MAX_DEPTH {
        return None;
    }
    let inner = depth + 1;
    match node_type(node) {
        "paragraph" => paragraph(children(node), inner),
        "heading" => {
            let text = inline(children(node), Line::Heading, inner);
            let level = node.pointer("/attrs/level").and_then(Value::as_u64).unwrap_or(1).clamp(1, 6);
            let hashes = "#".repeat(usize::try_from(level).unwrap_or(1));
            Rendered::other(if text.is_empty() { String::new() } else { format!("{hashes} {text}") })
        }
        "bulletList" | "orderedList" | "decisionList" => Rendered::other(list(node, inner, alternate)),
        "taskList" => Rendered::other(task_list(node, inner, alternate)),
        "codeBlock" => Some(Rendered { text: code_block(node), paragraph: false }),
        "blockquote" => Rendered::other(quote(&join(&blocks(children(node), inner), false))),
        "panel" => {
            let kind = match attr(node, "panelType") {
                Some(kind) if PANEL_TYPES.contains(&kind) => kind.to_ascii_uppercase(),
                _ => "INFO".to_string(),
            };
            let content = join(&blocks(children(node), inner), false);
            let body = if content.is_empty() { format!("[!{kind}]") } else { format!("[!{kind}]\n{content}") };
            Rendered::other(quote(&body))
        }
        "expand" | "nestedExpand" => {
            let mut title = String::new();
            for c in attr(node, "title").unwrap_or_default().chars() {
                match c {
                    '&' => title.push_str("&amp;"),
                    '<' => title.push_str("&lt;"),
                    '>' => title.push_str("&gt;"),
                    '\n' | '\r' => title.push(' '),
                    _ => title.push(c),
                }
            }
            let content = join(&blocks(children(node), inner), false);
            let open = format!("<details><summary>{title}</summary>");
            Rendered::other(if content.is_empty() {
                format!("{open}\n\n</details>")
            } else {
                format!("{open}\n\n{content}\n\n</details>")
            })
        }
        "rule" => Rendered::other("---".to_string()),
        "table" => Rendered::other(table(node, inner)),
        "mediaSingle" => {
            let media = children(node).iter().find(|child| node_type(child) == "media")?;
            let caption = children(node).iter().find(|child| node_type(child) == "caption");
            let caption = caption.map(|caption| plain_text(children(caption), inner));
            Rendered::other(media_image(media, caption.as_deref().filter(|c| !c.is_empty())))
        }
        "media" => Rendered::other(media_image(node, None)),
        "mediaGroup" => {
            let links: Vec<String> = children(node).iter().map(media_link).filter(|l| !l.is_empty()).collect();
            Rendered::other(links.join(" "))
        }
        "blockCard" | "embedCard" => {
            let url = attr(node, "url").or_else(|| node.pointer("/attrs/data/url").and_then(Value::as_str));
            Rendered::other(url.map(card).unwrap_or_default())
        }
        _ => match node.get("text").and_then(Value::as_str) {
            Some(text) => {
                let mut out = String::new();
                escape_text(text.trim(), true, &mut out);
                Rendered::other(out)
            }
            // doc, layouts, extensions and unknown containers: their content.
            None => Rendered::other(join(&blocks(children(node), inner), false)),
        },
    }
}

/// Prefixes the first line with `first` and the others with `rest` (blank lines get `rest` trimmed).
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + first.len());
    for (index, line) in text.split('\n').enumerate() {
        let prefix = if index == 0 { first } else { rest };
        if index > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

fn quote(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    prefix_lines(text, "> ", "> ")
}

fn list(node: &Value, depth: usize, alternate: bool) -> String {
    let items = children(node);
    let ordered = node_type(node) == "orderedList";
    let count = u64::try_from(items.len()).unwrap_or(MAX_ORDER);
    let start = node.pointer("/attrs/order").and_then(Value::as_u64).unwrap_or(1);
    let start = start.min(MAX_ORDER.saturating_sub(count.saturating_sub(1)));
    let mut lines = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let number = start.saturating_add(u64::try_from(index).unwrap_or(0));
        let marker = match (ordered, alternate) {
            (true, false) => format!("{number}. "),
            (true, true) => format!("{number}) "),
            (false, false) => "- ".to_string(),
            (false, true) => "* ".to_string(),
        };
        let body = if is_inline(item) || node_type(item) == "decisionItem" {
            let nodes = if is_inline(item) { slice::from_ref(item) } else { children(item) };
            inline(nodes, Line::Block, depth + 1)
        } else {
            join(&blocks(children(item), depth + 1), true)
        };
        lines.push(prefix_lines(&body, &marker, &" ".repeat(marker.len())));
    }
    lines.join("\n")
}

/// Task items; a nested task list (a sibling of its item in ADF) is indented under the item before it.
fn task_list(node: &Value, depth: usize, alternate: bool) -> String {
    if depth > MAX_DEPTH {
        return String::new();
    }
    let mut lines = Vec::new();
    for child in children(node) {
        if node_type(child) == "taskList" {
            let nested = task_list(child, depth + 1, false);
            if !nested.is_empty() {
                lines.push(prefix_lines(&nested, "  ", "  "));
            }
            continue;
        }
        let bullet = if alternate { '*' } else { '-' };
        let check = if attr(child, "state") == Some("DONE") { 'x' } else { ' ' };
        let marker = format!("{bullet} [{check}] ");
        let nodes = if is_inline(child) { slice::from_ref(child) } else { children(child) };
        let text = inline(nodes, Line::TaskItem, depth + 1);
        lines.push(prefix_lines(&text, &marker, "  "));
    }
    lines.join("\n")
}

/// A fenced block; the fence outgrows any backtick run in the code, and the code is kept byte for byte.
fn code_block(node: &Value) -> String {
    let code = plain_text(children(node), 0);
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let language: String =
        attr(node, "language").unwrap_or_default().chars().take_while(|c| !c.is_whitespace() && *c != '`').collect();
    if code.is_empty() {
        format!("{fence}{language}\n{fence}")
    } else {
        format!("{fence}{language}\n{code}\n{fence}")
    }
}

/// The raw text of inline nodes (code, captions): text as is, breaks as newlines.
fn plain_text(nodes: &[Value], depth: usize) -> String {
    let mut out = String::new();
    if depth > MAX_DEPTH {
        return out;
    }
    for node in nodes {
        match node.get("text").and_then(Value::as_str) {
            Some(text) => out.push_str(text),
            None if node_type(node) == "hardBreak" => out.push('\n'),
            None => out.push_str(&plain_text(children(node), depth + 1)),
        }
    }
    out
}

/// A GFM table: the first row is the header row when it is all `tableHeader`s, else the header row is
/// empty; rows are padded to the widest.
fn table(node: &Value, depth: usize) -> String {
    let rows: Vec<&Value> = children(node).iter().filter(|row| !children(row).is_empty()).collect();
    let Some(first) = rows.first() else { return String::new() };
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| children(row).iter().map(|cell| cell_text(cell, depth + 1)).collect()).collect();
    let width = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let header_first = children(first).iter().all(|cell| node_type(cell) == "tableHeader");
    let (head, body) = match cells.split_first() {
        Some((head, body)) if header_first => (head.clone(), body),
        _ => (Vec::new(), cells.as_slice()),
    };
    let row_line = |row: &[String]| {
        let mut line = String::from("|");
        for index in 0..width {
            line.push(' ');
            line.push_str(row.get(index).map(String::as_str).unwrap_or_default());
            line.push_str(" |");
        }
        line
    };
    let mut lines = vec![row_line(&head), format!("|{}", " --- |".repeat(width))];
    lines.extend(body.iter().map(|row| row_line(row)));
    lines.join("\n")
}

/// A cell's blocks on one line, joined by `<br>` (GFM cells cannot hold blocks).
fn cell_text(cell: &Value, depth: usize) -> String {
    let mut lines = Vec::new();
    cell_lines(children(cell), depth, &mut lines);
    lines.join("<br>")
}

fn cell_lines(nodes: &[Value], depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut rest = nodes;
    while let Some(first) = rest.first() {
        let run = rest.iter().take_while(|node| is_inline(node)).count();
        if run > 0 {
            let (run, remaining) = rest.split_at(run);
            out.push(inline(run, Line::Cell, depth));
            rest = remaining;
            continue;
        }
        rest = rest.get(1..).unwrap_or_default();
        let node = first;
        match node_type(node) {
            "paragraph" | "heading" | "decisionItem" | "taskItem" => {
                out.push(inline(children(node), Line::Cell, depth + 1))
            }
            "bulletList" | "orderedList" | "taskList" | "decisionList" => {
                let ordered = node_type(node) == "orderedList";
                let start = node.pointer("/attrs/order").and_then(Value::as_u64).unwrap_or(1).min(MAX_ORDER);
                for (index, item) in children(node).iter().enumerate() {
                    let number = start.saturating_add(u64::try_from(index).unwrap_or(MAX_ORDER));
                    let marker = match node_type(item) {
                        "taskItem" if attr(item, "state") == Some("DONE") => "\\[x\\] ".to_string(),
                        "taskItem" => "\\[ \\] ".to_string(),
                        _ if ordered => format!("{number}. "),
                        _ => "- ".to_string(),
                    };
                    let mut item_lines = Vec::new();
                    cell_lines(slice::from_ref(item), depth + 1, &mut item_lines);
                    let mut item_lines = item_lines.into_iter().filter(|line| !line.is_empty());
                    out.push(format!("{marker}{}", item_lines.next().unwrap_or_default()));
                    out.extend(item_lines);
                }
            }
            "codeBlock" => {
                let code = plain_text(children(node), 0);
                out.extend(code.lines().filter(|line| !line.is_empty()).map(|line| code_span(line, true)));
            }
            "mediaSingle" | "mediaGroup" | "media" | "blockCard" | "embedCard" => {
                out.extend(block(node, depth + 1, false).map(|rendered| rendered.text));
            }
            "rule" => {}
            _ => cell_lines(children(node), depth + 1, out),
        }
    }
    out.retain(|line| !line.is_empty());
}
