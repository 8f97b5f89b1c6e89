//! Markdown text -> blocks: CommonMark's block structure (paragraphs, ATX and setext headings, fenced and
//! indented code, thematic breaks); the containers (quotes and panels, lists and task items, details,
//! tables) are in `from_markdown_containers`.
//!
//! Containers are parsed recursively on their own lines (prefixes stripped); past [`MAX_DEPTH`] levels
//! the remaining lines are read as one paragraph of text.

use super::from_markdown_containers::{details, details_open, list, list_marker, quote, table, table_start};
use super::MAX_DEPTH;

/// A Markdown block, before it is fitted to ADF's content rules.
pub(super) enum Block {
    /// Inline text, lines joined by `\n`.
    Paragraph(String),
    Heading(u8, String),
    Code {
        language: Option<String>,
        text: String,
    },
    Quote(Vec<Block>),
    /// A quote opened by `[!TYPE]`: the ADF panel type and the content.
    Panel(&'static str, Vec<Block>),
    Expand(String, Vec<Block>),
    List(List),
    /// Header cells (`None` when the header row is empty) and body rows, as inline text.
    Table(Option<Vec<String>>, Vec<Vec<String>>),
    Rule,
}

pub(super) struct List {
    /// The first number of an ordered list; `None` for a bullet list.
    pub(super) start: Option<u64>,
    pub(super) items: Vec<Item>,
}

pub(super) struct Item {
    /// `Some(done)` for a GFM task item.
    pub(super) task: Option<bool>,
    pub(super) blocks: Vec<Block>,
}

/// Parses a whole Markdown text.
pub(super) fn parse(markdown: &str) -> Vec<Block> {
    let text = markdown.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    blocks(&lines, 0, false)
}

/// The blocks of `lines`; `task_item` makes the first line a paragraph whatever it starts with (the text
/// of a task item after its `[ ]`).
pub(super) fn blocks(lines: &[String], depth: usize, task_item: bool) -> Vec<Block> {
    if depth > MAX_DEPTH {
        let text: Vec<&str> = lines.iter().map(|line| line.trim()).filter(|line| !line.is_empty()).collect();
        return if text.is_empty() { Vec::new() } else { vec![Block::Paragraph(text.join("\n"))] };
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if is_blank(line) {
            i += 1;
            continue;
        }
        let plain = task_item && i == 0;
        let (indent, offset) = indentation(line);
        let rest = line.get(offset..).unwrap_or_default();
        i = if plain {
            paragraph(lines, i, &mut out)
        } else if indent >= 4 {
            indented_code(lines, i, &mut out)
        } else if let Some((fence, length, info)) = fence_open(rest) {
            fenced_code(lines, i, (fence, length, indent), info, &mut out)
        } else if let Some((level, text)) = atx_heading(rest) {
            out.push(Block::Heading(level, text.to_string()));
            i + 1
        } else if is_thematic_break(rest) {
            out.push(Block::Rule);
            i + 1
        } else if rest.starts_with('>') {
            quote(lines, i, depth, &mut out)
        } else if list_marker(line).is_some() {
            list(lines, i, depth, &mut out)
        } else if details_open(rest).is_some() {
            details(lines, i, depth, &mut out)
        } else if let Some(head) = table_start(lines, i) {
            table(lines, i, head, &mut out)
        } else {
            paragraph(lines, i, &mut out)
        };
    }
    out
}

pub(super) fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t']).is_empty()
}

/// Columns of leading whitespace (a tab to the next multiple of 4) and the byte offset after it.
pub(super) fn indentation(line: &str) -> (usize, usize) {
    // Spaces only (the usual case) in one library call: deep nesting rescans indentation at every level.
    let spaces = line.len() - line.trim_start_matches(' ').len();
    if !line.get(spaces..).is_some_and(|rest| rest.starts_with('\t')) {
        return (spaces, spaces);
    }
    let mut column = 0;
    for (index, byte) in line.bytes().enumerate() {
        match byte {
            b' ' => column += 1,
            b'\t' => column += 4 - column % 4,
            _ => return (column, index),
        }
    }
    (column, line.len())
}

/// `line` without its first `columns` columns of indentation (a split tab leaves spaces).
pub(super) fn strip_columns(line: &str, columns: usize) -> String {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    if spaces >= columns {
        return line.get(columns..).unwrap_or_default().to_string();
    }
    let mut column = 0;
    for (index, byte) in line.bytes().enumerate() {
        if column >= columns {
            return line.get(index..).unwrap_or_default().to_string();
        }
        match byte {
            b' ' => column += 1,
            b'\t' => {
                let next = column + 4 - column % 4;
                if next > columns {
                    return " ".repeat(next - columns) + line.get(index + 1..).unwrap_or_default();
                }
                column = next;
            }
            _ => return line.get(index..).unwrap_or_default().to_string(),
        }
    }
    String::new()
}

fn paragraph(lines: &[String], start: usize, out: &mut Vec<Block>) -> usize {
    let mut text: Vec<&str> = Vec::new();
    text.extend(lines.get(start).map(|line| line.trim_matches([' ', '\t'])));
    let mut i = start + 1;
    while let Some(line) = lines.get(i) {
        if is_blank(line) {
            break;
        }
        if let Some(level) = setext_underline(line) {
            out.push(Block::Heading(level, text.join(" ")));
            return i + 1;
        }
        if interrupts_paragraph(lines, i) {
            break;
        }
        text.push(line.trim_matches([' ', '\t']));
        i += 1;
    }
    out.push(Block::Paragraph(text.join("\n")));
    i
}

/// Whether line `i` starts a block that may interrupt a paragraph (so it is no lazy continuation).
pub(super) fn interrupts_paragraph(lines: &[String], i: usize) -> bool {
    let Some(line) = lines.get(i) else { return false };
    let (indent, offset) = indentation(line);
    if indent >= 4 {
        return false;
    }
    let rest = line.get(offset..).unwrap_or_default();
    fence_open(rest).is_some()
        || atx_heading(rest).is_some()
        || is_thematic_break(rest)
        || rest.starts_with('>')
        || details_open(rest).is_some()
        || list_marker(line).is_some_and(|marker| marker.can_interrupt_paragraph())
        || table_start(lines, i).is_some()
}

fn setext_underline(line: &str) -> Option<u8> {
    let (indent, offset) = indentation(line);
    let rest = line.get(offset..).unwrap_or_default().trim_end_matches([' ', '\t']);
    if indent >= 4 || rest.is_empty() {
        return None;
    }
    if rest.bytes().all(|b| b == b'=') {
        Some(1)
    } else if rest.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

pub(super) fn atx_heading(rest: &str) -> Option<(u8, &str)> {
    let hashes = rest.bytes().take_while(|b| *b == b'#').count();
    let after = rest.get(hashes..)?;
    if !(1..=6).contains(&hashes) || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut content = after.trim_matches([' ', '\t']);
    let without = content.trim_end_matches('#');
    if without.len() != content.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        content = without.trim_end_matches([' ', '\t']);
    }
    Some((u8::try_from(hashes).unwrap_or(1), content))
}

pub(super) fn is_thematic_break(rest: &str) -> bool {
    let mut mark = None;
    let mut count = 0;
    for c in rest.chars() {
        match c {
            ' ' | '\t' => {}
            '-' | '*' | '_' if mark.is_none_or(|m| m == c) => {
                mark = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

pub(super) fn fence_open(rest: &str) -> Option<(char, usize, &str)> {
    let fence = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = rest.chars().take_while(|c| *c == fence).count();
    let info = rest.get(length..)?.trim();
    (length >= 3 && !(fence == '`' && info.contains('`'))).then_some((fence, length, info))
}

pub(super) fn fence_close(line: &str, fence: char, length: usize) -> bool {
    let (indent, offset) = indentation(line);
    let rest = line.get(offset..).unwrap_or_default();
    let run = rest.chars().take_while(|c| *c == fence).count();
    indent < 4 && run >= length && rest.get(run..).is_some_and(|tail| tail.trim_matches([' ', '\t']).is_empty())
}

fn fenced_code(
    lines: &[String],
    start: usize,
    (fence, length, indent): (char, usize, usize),
    info: &str,
    out: &mut Vec<Block>,
) -> usize {
    let language = info.split_whitespace().next().map(str::to_string);
    let mut code = Vec::new();
    let mut i = start + 1;
    while let Some(line) = lines.get(i) {
        i += 1;
        if fence_close(line, fence, length) {
            break;
        }
        code.push(strip_columns(line, indent));
    }
    out.push(Block::Code { language, text: code.join("\n") });
    i
}

fn indented_code(lines: &[String], start: usize, out: &mut Vec<Block>) -> usize {
    let mut code = Vec::new();
    let mut i = start;
    while let Some(line) = lines.get(i) {
        if !is_blank(line) && indentation(line).0 < 4 {
            break;
        }
        code.push(strip_columns(line, 4));
        i += 1;
    }
    while code.last().is_some_and(|line| is_blank(line)) {
        code.pop();
    }
    out.push(Block::Code { language: None, text: code.join("\n") });
    i
}
