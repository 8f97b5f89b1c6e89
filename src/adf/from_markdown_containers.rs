//! Markdown containers -> blocks: quotes (with lazy lines) and the panels written as quotes, lists with
//! CommonMark's indentation rules and GFM task items, `<details>` expands, and GFM tables.

use super::entities::decode_entities;
use super::from_markdown::{
    atx_heading, blocks, fence_close, fence_open, indentation, interrupts_paragraph, is_blank, is_thematic_break,
    strip_columns, Block, Item, List,
};

/// A `>` block with its lazy continuation lines; `[!TYPE]` on its first line makes it a panel.
pub(super) fn quote(lines: &[String], start: usize, depth: usize, out: &mut Vec<Block>) -> usize {
    let mut inner: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut i = start;
    while let Some(line) = lines.get(i) {
        let (indent, offset) = indentation(line);
        let rest = line.get(offset..).unwrap_or_default();
        let stripped = match rest.strip_prefix('>') {
            Some(after) if indent < 4 => {
                if after.starts_with([' ', '\t']) {
                    strip_columns(after, 1)
                } else {
                    after.to_string()
                }
            }
            _ => {
                let lazy = fence.is_none()
                    && inner.last().is_some_and(|last| !is_blank(last))
                    && !is_blank(line)
                    && !interrupts_paragraph(lines, i)
                    && list_marker(line).is_none();
                if !lazy {
                    break;
                }
                line.trim_start().to_string()
            }
        };
        fence = match fence {
            Some((c, length)) if fence_close(&stripped, c, length) => None,
            Some(open) => Some(open),
            None => fence_open(stripped.trim_start()).map(|(c, length, _)| (c, length)),
        };
        inner.push(stripped);
        i += 1;
    }
    let marker = inner.first().and_then(|first| panel_type(first.trim()));
    match marker {
        Some(kind) => out.push(Block::Panel(kind, blocks(inner.get(1..).unwrap_or_default(), depth + 1, false))),
        None => out.push(Block::Quote(blocks(&inner, depth + 1, false))),
    }
    i
}

/// `[!INFO]` and the other panel markers (GitHub's alert names included).
fn panel_type(line: &str) -> Option<&'static str> {
    let name = line.strip_prefix("[!")?.strip_suffix(']')?.to_ascii_lowercase();
    Some(match name.as_str() {
        "info" => "info",
        "note" | "important" => "note",
        "tip" => "tip",
        "warning" => "warning",
        "error" | "caution" => "error",
        "success" => "success",
        _ => return None,
    })
}

/// A list item marker: `-`, `+`, `*` or up to nine digits and `.`/`)`, then a space or the line's end.
pub(super) struct Marker {
    bullet: char,
    start: Option<u64>,
    /// The column where the item's content starts.
    content: usize,
    first: String,
    empty: bool,
}

impl Marker {
    /// CommonMark: a list interrupts a paragraph only with a non-empty item, and an ordered one from 1.
    pub(super) fn can_interrupt_paragraph(&self) -> bool {
        !self.empty && self.start.is_none_or(|number| number == 1)
    }
}

pub(super) fn list_marker(line: &str) -> Option<Marker> {
    let (indent, offset) = indentation(line);
    let rest = line.get(offset..)?;
    if indent >= 4 {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (bullet, start, width) = match rest.chars().next()? {
        c @ ('-' | '+' | '*') => (c, None, 1),
        _ if (1..=9).contains(&digits) => {
            let delimiter = rest.get(digits..)?.chars().next().filter(|c| *c == '.' || *c == ')')?;
            (delimiter, Some(rest.get(..digits)?.parse().ok()?), digits + 1)
        }
        _ => return None,
    };
    let after = rest.get(width..)?;
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let (spaces, text_offset) = indentation(after);
    let empty = is_blank(after);
    let (content, first) = if empty {
        (indent + width + 1, String::new())
    } else if spaces >= 5 {
        (indent + width + 1, strip_columns(after, 1))
    } else {
        (indent + width + spaces, after.get(text_offset..).unwrap_or_default().to_string())
    };
    Some(Marker { bullet, start, content, first, empty })
}

/// A list: items with the same kind of marker, each with the lines indented to its content column.
pub(super) fn list(lines: &[String], start: usize, depth: usize, out: &mut Vec<Block>) -> usize {
    let mut items = Vec::new();
    let mut first_number = None;
    let mut kind = None;
    let mut i = start;
    while let Some(line) = lines.get(i) {
        let Some(marker) = list_marker(line) else { break };
        let this_kind = (marker.bullet, marker.start.is_some());
        if kind.is_some_and(|kind| kind != this_kind) || (i > start && is_thematic_break(line.trim())) {
            break;
        }
        kind = Some(this_kind);
        if first_number.is_none() {
            first_number = marker.start;
        }
        let mut item_lines = vec![marker.first.clone()];
        let mut in_fence = fence_open(marker.first.trim_start()).map(|(c, length, _)| (c, length));
        i += 1;
        while let Some(line) = lines.get(i) {
            if is_blank(line) {
                if marker.empty && item_lines.len() == 1 {
                    break;
                }
                item_lines.push(String::new());
            } else if indentation(line).0 >= marker.content {
                item_lines.push(strip_columns(line, marker.content));
            } else {
                let lazy = in_fence.is_none()
                    && item_lines.last().is_some_and(|last| !is_blank(last))
                    && list_marker(line).is_none()
                    && !interrupts_paragraph(lines, i);
                if !lazy {
                    break;
                }
                item_lines.push(line.trim_start().to_string());
            }
            if let Some(last) = item_lines.last() {
                in_fence = match in_fence {
                    Some((c, length)) if fence_close(last, c, length) => None,
                    Some(open) => Some(open),
                    None => fence_open(last.trim_start()).map(|(c, length, _)| (c, length)),
                };
            }
            i += 1;
        }
        while item_lines.last().is_some_and(|line| is_blank(line)) {
            item_lines.pop();
        }
        let task = if marker.start.is_none() { task_marker(&mut item_lines) } else { None };
        items.push(Item { task, blocks: blocks(&item_lines, depth + 1, task.is_some()) });
        while lines.get(i).is_some_and(|line| is_blank(line)) {
            i += 1;
        }
    }
    out.push(Block::List(List { start: first_number, items }));
    i
}

/// Strips a GFM task marker (`[ ]`, `[x]`) from an item's first line.
fn task_marker(item_lines: &mut [String]) -> Option<bool> {
    let first = item_lines.first_mut()?;
    let done = match first.get(..3)? {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    let rest = first.get(3..)?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    *first = rest.trim_start().to_string();
    Some(done)
}

/// The text after a `<details>` open tag at the start of `rest`.
pub(super) fn details_open(rest: &str) -> Option<&str> {
    let head = rest.get(..8)?;
    if !head.eq_ignore_ascii_case("<details") {
        return None;
    }
    let after = rest.get(8..)?;
    if !(after.starts_with('>') || after.starts_with([' ', '\t'])) {
        return None;
    }
    let close = after.find('>')?;
    after.get(close + 1..)
}

/// `<summary>Title</summary>` at the start of `text`: the title and what follows.
fn summary(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if !text.get(..9)?.eq_ignore_ascii_case("<summary>") {
        return None;
    }
    let body = text.get(9..)?;
    let end = body.to_ascii_lowercase().find("</summary>")?;
    let title = decode_entities(body.get(..end)?.trim());
    Some((title, body.get(end + 10..).unwrap_or_default()))
}

/// `<details><summary>Title</summary>` ... `</details>`, nested ones counted.
pub(super) fn details(lines: &[String], start: usize, depth: usize, out: &mut Vec<Block>) -> usize {
    let first = lines.get(start).map(|line| line.trim()).unwrap_or_default();
    let after = details_open(first).unwrap_or_default();
    let mut i = start + 1;
    let (title, mut rest) = match summary(after) {
        Some((title, rest)) => (title, rest.trim().to_string()),
        None => {
            let next = (i..lines.len()).find(|&j| lines.get(j).is_some_and(|line| !is_blank(line)));
            match next.and_then(|j| lines.get(j).and_then(|line| summary(line)).map(|found| (j, found))) {
                Some((j, (title, rest))) if after.trim().is_empty() => {
                    i = j + 1;
                    (title, rest.trim().to_string())
                }
                _ => (String::new(), after.trim().to_string()),
            }
        }
    };
    let mut inner = Vec::new();
    let mut nested = 0usize;
    let mut fence: Option<(char, usize)> = None;
    let closed = closes_details(&mut rest);
    if !rest.is_empty() {
        inner.push(rest);
    }
    while let Some(line) = lines.get(i).filter(|_| !closed) {
        i += 1;
        let trimmed = line.trim();
        if let Some((c, length)) = fence {
            if fence_close(line, c, length) {
                fence = None;
            }
        } else if let Some((c, length, _)) = fence_open(trimmed) {
            fence = Some((c, length));
        } else if details_open(trimmed).is_some() {
            nested += 1;
        } else if trimmed.len() >= 10 && trimmed.get(..10).is_some_and(|t| t.eq_ignore_ascii_case("</details>")) {
            if nested == 0 {
                break;
            }
            nested -= 1;
        }
        inner.push(line.clone());
    }
    out.push(Block::Expand(title, blocks(&inner, depth + 1, false)));
    i
}

/// Whether `rest` (the tail of the open line) ends the expand itself; strips the close tag.
fn closes_details(rest: &mut String) -> bool {
    let lower = rest.to_ascii_lowercase();
    match lower.find("</details>") {
        Some(at) => {
            rest.truncate(at);
            *rest = rest.trim().to_string();
            true
        }
        None => false,
    }
}

/// A GFM table header row at `i` (followed by a matching delimiter row): its cells.
pub(super) fn table_start(lines: &[String], i: usize) -> Option<Vec<String>> {
    let header = lines.get(i)?;
    let delimiter = lines.get(i + 1)?;
    if indentation(header).0 >= 4 || !has_pipe(header) || !delimiter.contains('|') {
        return None;
    }
    let head = split_row(header);
    let cells = split_row(delimiter);
    let is_delimiter = |cell: &String| {
        let cell = cell.trim();
        let cell = cell.strip_prefix(':').unwrap_or(cell);
        let cell = cell.strip_suffix(':').unwrap_or(cell);
        !cell.is_empty() && cell.bytes().all(|b| b == b'-')
    };
    (!cells.is_empty() && cells.len() == head.len() && cells.iter().all(is_delimiter)).then_some(head)
}

fn has_pipe(line: &str) -> bool {
    if !line.contains('|') {
        return false;
    }
    let mut escaped = false;
    for c in line.chars() {
        if c == '|' && !escaped {
            return true;
        }
        escaped = c == '\\' && !escaped;
    }
    false
}

/// A row's cells: split at pipes not preceded by `\`, outer pipes dropped, `\|` unescaped.
fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut previous = None;
    for c in line.chars() {
        if c == '|' && previous != Some('\\') {
            cells.push(std::mem::take(&mut cell));
        } else {
            cell.push(c);
        }
        previous = Some(c);
    }
    if !cell.trim().is_empty() || previous == Some('\\') {
        cells.push(cell);
    }
    cells.into_iter().map(|cell| cell.trim().replace("\\|", "|")).collect()
}

pub(super) fn table(lines: &[String], start: usize, head: Vec<String>, out: &mut Vec<Block>) -> usize {
    let mut rows = Vec::new();
    let mut i = start + 2;
    while let Some(line) = lines.get(i) {
        let (indent, offset) = indentation(line);
        let rest = line.get(offset..).unwrap_or_default();
        let other_block = indent < 4
            && (rest.starts_with('>')
                || fence_open(rest).is_some()
                || atx_heading(rest).is_some()
                || is_thematic_break(rest)
                || details_open(rest).is_some());
        if is_blank(line) || other_block || !has_pipe(line) {
            break;
        }
        rows.push(split_row(line));
        i += 1;
    }
    let head = if head.iter().all(String::is_empty) { None } else { Some(head) };
    out.push(Block::Table(head, rows));
    i
}
