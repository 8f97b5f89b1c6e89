//! ADF inline nodes -> Markdown inline text: text marks as delimiters, line breaks per context.
//!
//! Marks are opened so that the longest-running one is outermost; whitespace at the edges of an
//! emphasised run moves outside its delimiters, where CommonMark requires it. Escaping and the forms of
//! non-text nodes (mentions, emoji, cards...) are in `to_markdown_syntax`.

use serde_json::Value;

use super::to_markdown_syntax::{
    card, code_span, date_link, destination, emoji, escape_text, link_title, media_link, mention, status,
};
use super::{attr, children, node_type, MAX_DEPTH};

/// Where the inline text lands, which decides how line breaks are written and what is escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// A paragraph: breaks are newlines and every line start is escaped like a block start.
    Block,
    /// A task item after its `- [ ] ` marker: like `Block`, except the first line cannot start a block.
    TaskItem,
    /// A heading: breaks become spaces.
    Heading,
    /// A table cell: breaks are `<br>` and `|` is escaped even in code.
    Cell,
}

/// Inline node types; a run of them among blocks forms a paragraph.
const INLINE_TYPES: [&str; 10] = [
    "text",
    "hardBreak",
    "mention",
    "emoji",
    "inlineCard",
    "status",
    "date",
    "mediaInline",
    "placeholder",
    "inlineExtension",
];

/// Whether `node` is an inline node (including unknown nodes that carry `text` and no content).
pub(super) fn is_inline(node: &Value) -> bool {
    INLINE_TYPES.contains(&node_type(node)) || (node.get("text").is_some() && node.get("content").is_none())
}

/// Inline nodes -> Markdown, trimmed, without leading or trailing line breaks.
pub(super) fn inline(nodes: &[Value], line: Line, depth: usize) -> String {
    let mut segments = Vec::new();
    flatten(nodes, depth, &mut segments);
    settle_edges(&mut segments);
    let mut writer = Writer { out: String::new(), line, line_start: line == Line::Block, open: Vec::new(), breaks: 0 };
    for index in 0..segments.len() {
        writer.segment(&segments, index);
    }
    writer.close_to(0);
    let mut out = writer.out;
    out.truncate(out.trim_end_matches([' ', '\t']).len());
    if line == Line::Heading {
        protect_closing_hashes(&mut out);
    }
    out
}

/// A text mark Markdown can write, in the order it is preferred as the outer one.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Link(String, Option<String>),
    Strong,
    Em,
    Strike,
    Underline,
    Sub,
    Sup,
}

enum Piece {
    Text(String),
    Code(String),
    /// Already-written Markdown for a non-text inline node.
    Atom(String),
    Break,
}

struct Segment {
    marks: Vec<Mark>,
    piece: Piece,
    /// For whitespace split off an emphasised run: the run's marks, and whether it led the run.
    edge: Option<(Vec<Mark>, bool)>,
}

impl Segment {
    fn new(marks: Vec<Mark>, piece: Piece) -> Segment {
        Segment { marks, piece, edge: None }
    }
}

/// Edge whitespace keeps the marks it shares with its neighbour outside the run, so `**a **` before
/// `**b**` stays one bold run.
fn settle_edges(segments: &mut [Segment]) {
    for index in 0..segments.len() {
        let Some((marks, leading)) = segments.get(index).and_then(|segment| segment.edge.clone()) else { continue };
        let neighbour = if leading { index.checked_sub(1) } else { Some(index + 1) };
        let Some(neighbour) = neighbour.and_then(|neighbour| segments.get(neighbour)) else { continue };
        if !matches!(neighbour.piece, Piece::Text(_) | Piece::Code(_)) {
            continue;
        }
        let shared: Vec<Mark> = marks.into_iter().filter(|mark| neighbour.marks.contains(mark)).collect();
        if let Some(segment) = segments.get_mut(index) {
            for mark in shared {
                if !segment.marks.contains(&mark) {
                    segment.marks.push(mark);
                }
            }
        }
    }
}

fn flatten(nodes: &[Value], depth: usize, out: &mut Vec<Segment>) {
    if depth > MAX_DEPTH {
        return;
    }
    for node in nodes {
        let atom = match node_type(node) {
            "text" => {
                text_segments(node, out);
                continue;
            }
            "hardBreak" => {
                out.push(Segment::new(Vec::new(), Piece::Break));
                continue;
            }
            "mention" => mention(node),
            "emoji" => emoji(node),
            "inlineCard" => attr(node, "url")
                .or_else(|| node.pointer("/attrs/data/url").and_then(Value::as_str))
                .map(card)
                .unwrap_or_default(),
            "status" => status(node),
            "date" => date_link(node),
            "mediaInline" => media_link(node),
            "placeholder" => String::new(),
            _ => match node.get("text").and_then(Value::as_str) {
                Some(text) => {
                    plain_segments(text, Vec::new(), false, out);
                    continue;
                }
                None => {
                    flatten(children(node), depth + 1, out);
                    continue;
                }
            },
        };
        if !atom.is_empty() {
            out.push(Segment::new(Vec::new(), Piece::Atom(atom)));
        }
    }
}

fn text_segments(node: &Value, out: &mut Vec<Segment>) {
    let text = node.get("text").and_then(Value::as_str).unwrap_or_default();
    let mut marks = Vec::new();
    let mut code = false;
    for mark in node.get("marks").and_then(Value::as_array).into_iter().flatten() {
        let parsed = match node_type(mark) {
            "strong" => Mark::Strong,
            "em" => Mark::Em,
            "strike" => Mark::Strike,
            "underline" => Mark::Underline,
            "subsup" if attr(mark, "type") == Some("sup") => Mark::Sup,
            "subsup" => Mark::Sub,
            "link" => match attr(mark, "href") {
                Some(href) => Mark::Link(href.to_string(), attr(mark, "title").map(str::to_string)),
                None => continue,
            },
            "code" => {
                code = true;
                continue;
            }
            _ => continue,
        };
        let duplicate = marks.contains(&parsed) || (is_link(&parsed) && marks.iter().any(is_link));
        if !duplicate {
            marks.push(parsed);
        }
    }
    plain_segments(text, marks, code, out);
}

fn is_link(mark: &Mark) -> bool {
    matches!(mark, Mark::Link(..))
}

/// Text (split at newlines) as segments; an emphasised run gives up its edge whitespace.
fn plain_segments(text: &str, marks: Vec<Mark>, code: bool, out: &mut Vec<Segment>) {
    let emphasised = marks.iter().any(|mark| !is_link(mark));
    for (index, part) in text.split('\n').enumerate() {
        if index > 0 {
            out.push(Segment::new(Vec::new(), Piece::Break));
        }
        let part = part.replace('\r', "");
        if part.is_empty() {
            continue;
        }
        if code {
            out.push(Segment::new(marks.clone(), Piece::Code(part)));
            continue;
        }
        if !emphasised {
            out.push(Segment::new(marks.clone(), Piece::Text(part)));
            continue;
        }
        let core = part.trim_matches([' ', '\t']);
        let start = part.len() - part.trim_start_matches([' ', '\t']).len();
        let links: Vec<Mark> = marks.iter().filter(|mark| is_link(mark)).cloned().collect();
        let edge = |text: &str, leading: bool| Segment {
            marks: links.clone(),
            piece: Piece::Text(text.to_string()),
            edge: Some((marks.clone(), leading)),
        };
        if core.is_empty() {
            out.push(edge(&part, false));
            continue;
        }
        if start > 0 {
            out.push(edge(&part[..start], true));
        }
        out.push(Segment::new(marks.clone(), Piece::Text(core.to_string())));
        let end = start + core.len();
        if end < part.len() {
            out.push(edge(&part[end..], false));
        }
    }
}

struct Writer {
    out: String,
    line: Line,
    line_start: bool,
    open: Vec<Mark>,
    /// Line breaks not yet written: leading and trailing ones are dropped.
    breaks: usize,
}

impl Writer {
    fn segment(&mut self, segments: &[Segment], index: usize) {
        let Some(segment) = segments.get(index) else { return };
        match &segment.piece {
            Piece::Break => {
                self.close_to(0);
                self.breaks += 1;
            }
            Piece::Atom(markdown) => {
                self.close_to(0);
                self.flush_breaks();
                self.out.push_str(markdown);
                self.line_start = false;
            }
            Piece::Text(text) | Piece::Code(text) => {
                let breaking = self.breaks > 0 && matches!(self.line, Line::Block | Line::TaskItem);
                let text = if self.out.is_empty() || self.line_start || breaking {
                    text.trim_start_matches([' ', '\t'])
                } else {
                    text.as_str()
                };
                if text.is_empty() {
                    return;
                }
                self.flush_breaks();
                self.marks(segments, index);
                if let Piece::Code(_) = segment.piece {
                    self.out.push_str(&code_span(text, self.line == Line::Cell));
                } else {
                    escape_text(text, self.line_start, &mut self.out);
                }
                self.line_start = false;
            }
        }
    }

    fn flush_breaks(&mut self) {
        if self.breaks == 0 {
            return;
        }
        let breaks = std::mem::take(&mut self.breaks);
        if self.out.is_empty() {
            return;
        }
        match self.line {
            Line::Heading => self.out.push(' '),
            Line::Cell => self.out.push_str(&"<br>".repeat(breaks)),
            Line::Block | Line::TaskItem => {
                self.out.truncate(self.out.trim_end_matches([' ', '\t']).len());
                self.out.push('\n');
                // An empty line would end the paragraph: a lone `\` is a hard break of its own.
                self.out.push_str(&"\\\n".repeat(breaks - 1));
                self.line_start = true;
            }
        }
    }

    /// Closes the marks the segment lacks and opens the ones it adds, longest-running outermost.
    fn marks(&mut self, segments: &[Segment], index: usize) {
        let Some(segment) = segments.get(index) else { return };
        let keep = self.open.iter().position(|mark| !segment.marks.contains(mark)).unwrap_or(self.open.len());
        self.close_to(keep);
        let mut opening: Vec<(usize, Mark)> = segment
            .marks
            .iter()
            .filter(|mark| !self.open.contains(mark))
            .map(|mark| {
                let run = segments
                    .get(index..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|next| {
                        matches!(next.piece, Piece::Text(_) | Piece::Code(_)) && next.marks.contains(mark)
                    })
                    .count();
                (run, mark.clone())
            })
            .collect();
        opening.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (_, mark) in opening {
            self.out.push_str(match &mark {
                Mark::Link(..) => "[",
                Mark::Strong => "**",
                Mark::Em => "*",
                Mark::Strike => "~~",
                Mark::Underline => "<u>",
                Mark::Sub => "<sub>",
                Mark::Sup => "<sup>",
            });
            self.line_start = false;
            self.open.push(mark);
        }
    }

    fn close_to(&mut self, keep: usize) {
        while self.open.len() > keep {
            let Some(mark) = self.open.pop() else { return };
            match mark {
                Mark::Link(href, title) => {
                    self.out.push_str("](");
                    self.out.push_str(&destination(&href));
                    if let Some(title) = title {
                        self.out.push_str(&link_title(&title));
                    }
                    self.out.push(')');
                }
                Mark::Strong => self.out.push_str("**"),
                Mark::Em => self.out.push('*'),
                Mark::Strike => self.out.push_str("~~"),
                Mark::Underline => self.out.push_str("</u>"),
                Mark::Sub => self.out.push_str("</sub>"),
                Mark::Sup => self.out.push_str("</sup>"),
            }
        }
    }
}

/// A heading's trailing `#`s after a space would be read as a closing sequence: escape the first.
fn protect_closing_hashes(out: &mut String) {
    let kept = out.trim_end_matches('#').len();
    if kept == out.len() {
        return;
    }
    if kept == 0 || out[..kept].ends_with([' ', '\t']) {
        out.insert(kept, '\\');
    }
}
