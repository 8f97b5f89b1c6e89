//! Markdown inline text -> ADF inline nodes: CommonMark code spans, emphasis, escapes and entities, GFM
//! strikethrough, emoji and hard breaks; links, images, autolinks and tags are in `from_markdown_links`.
//!
//! One left-to-right pass turns the text into slots; brackets are resolved when their `]` arrives
//! (CommonMark's "look for link or image"), emphasis by `emphasis`. Every scan ahead is bounded (code
//! spans use a precomputed index of backtick runs), so the parse is linear on any input.

use serde_json::{Map, Value};

use super::emphasis::{self, DelimList};
use super::entities::entity;
use super::to_markdown_syntax::{emoji_at, is_emoji_char};
use super::{node, object, text_node};

pub(super) const STRONG: usize = 0;
pub(super) const EM: usize = 1;
pub(super) const STRIKE: usize = 2;
pub(super) const UNDERLINE: usize = 3;
pub(super) const SUB: usize = 4;
pub(super) const SUP: usize = 5;
pub(super) const KINDS: usize = 6;

/// An inline result: an ADF node, or media that the block level places (`mediaSingle`, `mediaGroup` or
/// `mediaInline`, depending on what else the paragraph holds).
pub(super) enum Inline {
    Node(Value),
    Media(Media),
}

/// Media written as `![alt](dest "caption")` (`image`) or `[alt](attachment:...)`.
pub(super) struct Media {
    /// `type`, `id`, `collection` of an attachment, or `type: external` and `url`.
    pub(super) attrs: Map<String, Value>,
    pub(super) alt: String,
    pub(super) caption: Option<String>,
    pub(super) image: bool,
}

pub(super) enum Item {
    Text(String),
    Delim {
        ch: char,
        count: usize,
    },
    Code(String),
    Break,
    Node(Value),
    Media(Media),
    /// `[` or `![`, literal unless a link closes it.
    Bracket {
        image: bool,
    },
    /// `<u>`, `</u>`, ...; literal unless matched.
    Tag {
        literal: &'static str,
        matched: bool,
    },
}

pub(super) struct Slot {
    pub(super) item: Item,
    /// Mark spans starting (+1) and ending (-1) here, per mark kind.
    pub(super) diff: [i32; KINDS],
    pub(super) link: Option<(String, Option<String>)>,
}

impl Slot {
    pub(super) fn new(item: Item) -> Slot {
        Slot { item, diff: [0; KINDS], link: None }
    }
}

/// Parses one paragraph's (or heading's, or cell's) inline text.
pub(super) fn parse(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut parser = Parser {
        code_runs: CodeRuns::new(&chars),
        chars,
        pos: 0,
        slots: Vec::new(),
        text: String::new(),
        delims: DelimList::default(),
        brackets: Vec::new(),
        active_brackets: 0,
        tags: [Vec::new(), Vec::new(), Vec::new()],
    };
    parser.run();
    parser.finish()
}

pub(super) struct Parser {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    pub(super) slots: Vec<Slot>,
    /// Literal text not yet in a slot.
    pub(super) text: String,
    pub(super) delims: DelimList,
    /// Slots of open `[` / `![`; those below `active_brackets` may no longer form links.
    pub(super) brackets: Vec<usize>,
    pub(super) active_brackets: usize,
    /// Slots of open `<u>`, `<sub>`, `<sup>`.
    pub(super) tags: [Vec<usize>; 3],
    code_runs: CodeRuns,
}

impl Parser {
    pub(super) fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    pub(super) fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.slots.push(Slot::new(Item::Text(text)));
        }
    }

    pub(super) fn push(&mut self, item: Item) -> usize {
        self.flush();
        self.slots.push(Slot::new(item));
        self.slots.len() - 1
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => match self.peek(1) {
                    Some('\n') => {
                        self.pos += 2;
                        self.line_break();
                    }
                    Some(next) if next.is_ascii_punctuation() => {
                        self.text.push(next);
                        self.pos += 2;
                    }
                    _ => {
                        self.text.push('\\');
                        self.pos += 1;
                    }
                },
                '\n' => {
                    self.text.truncate(self.text.trim_end_matches([' ', '\t']).len());
                    self.pos += 1;
                    self.line_break();
                }
                '`' => self.code_span(),
                '*' | '_' | '~' => self.delimiter_run(c),
                '[' => {
                    self.pos += 1;
                    let slot = self.push(Item::Bracket { image: false });
                    self.brackets.push(slot);
                }
                '!' if self.peek(1) == Some('[') => {
                    self.pos += 2;
                    let slot = self.push(Item::Bracket { image: true });
                    self.brackets.push(slot);
                }
                ']' => {
                    self.pos += 1;
                    self.close_bracket();
                }
                '<' => self.angle(),
                '&' => match entity(&self.chars, self.pos) {
                    Some((decoded, end)) => {
                        self.text.push_str(&decoded);
                        self.pos = end;
                    }
                    None => {
                        self.text.push('&');
                        self.pos += 1;
                    }
                },
                ':' if emoji_at(
                    &self.chars,
                    self.pos,
                    self.pos.checked_sub(1).and_then(|p| self.chars.get(p).copied()),
                ) =>
                {
                    let name: String =
                        self.chars.iter().skip(self.pos + 1).take_while(|c| is_emoji_char(**c)).collect();
                    self.pos += name.chars().count() + 2;
                    let attrs = object([("shortName", Value::from(format!(":{name}:")))]);
                    self.push(Item::Node(node("emoji", Some(attrs), None)));
                }
                _ => {
                    self.text.push(c);
                    self.pos += 1;
                }
            }
        }
        self.flush();
        emphasis::process(&mut self.delims, &mut self.slots, None);
    }

    fn line_break(&mut self) {
        self.push(Item::Break);
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn code_span(&mut self) {
        let start = self.pos;
        let length = self.chars.iter().skip(start).take_while(|c| **c == '`').count();
        self.pos += length;
        let Some(close) = self.code_runs.next(length, self.pos) else {
            self.text.extend(std::iter::repeat_n('`', length));
            return;
        };
        let mut code: String = self
            .chars
            .get(self.pos..close)
            .unwrap_or_default()
            .iter()
            .map(|c| if *c == '\n' { ' ' } else { *c })
            .collect();
        if code.len() >= 2 && code.starts_with(' ') && code.ends_with(' ') && !code.chars().all(|c| c == ' ') {
            code = code[1..code.len() - 1].to_string();
        }
        self.pos = close + length;
        self.push(Item::Code(code));
    }

    fn delimiter_run(&mut self, ch: char) {
        let start = self.pos;
        let count = self.chars.iter().skip(start).take_while(|c| **c == ch).count();
        self.pos += count;
        if ch == '~' && count != 2 {
            self.text.extend(std::iter::repeat_n('~', count));
            return;
        }
        let before = start.checked_sub(1).and_then(|p| self.chars.get(p).copied());
        let after = self.peek(0);
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let punct = |c: Option<char>| c.is_some_and(is_punctuation);
        let left = !space(after) && (!punct(after) || space(before) || punct(before));
        let right = !space(before) && (!punct(before) || space(after) || punct(after));
        let (can_open, can_close) = if ch == '_' {
            (left && (!right || punct(before)), right && (!left || punct(after)))
        } else {
            (left, right)
        };
        let slot = self.push(Item::Delim { ch, count });
        if can_open || can_close {
            self.delims.push(slot, ch, count, can_open, can_close);
        }
    }

    fn finish(self) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        let mut open = [0i32; KINDS];
        for slot in self.slots {
            for (count, diff) in open.iter_mut().zip(slot.diff) {
                *count += diff;
            }
            let link = slot.link.as_ref();
            match slot.item {
                Item::Text(text) => push_text(&mut out, text, text_marks(&open, link, false)),
                Item::Code(text) => push_text(&mut out, text, text_marks(&open, link, true)),
                Item::Delim { ch, count } => {
                    push_text(&mut out, std::iter::repeat_n(ch, count).collect(), text_marks(&open, link, false));
                }
                Item::Bracket { image } => {
                    push_text(&mut out, if image { "![" } else { "[" }.to_string(), text_marks(&open, link, false));
                }
                Item::Tag { literal, matched: false, .. } => {
                    push_text(&mut out, literal.to_string(), text_marks(&open, link, false));
                }
                Item::Tag { .. } => {}
                Item::Break => out.push(Inline::Node(node("hardBreak", None, None))),
                Item::Node(node) => out.push(Inline::Node(node)),
                Item::Media(media) => out.push(Inline::Media(media)),
            }
        }
        out
    }
}

/// The marks of a text node, in a fixed order; `code` allows only `link` beside it.
fn text_marks(open: &[i32; KINDS], link: Option<&(String, Option<String>)>, code: bool) -> Vec<Value> {
    let mut marks = Vec::new();
    let on = |kind: usize| open.get(kind).is_some_and(|count| *count > 0);
    if code {
        marks.push(node("code", None, None));
    } else {
        for (kind, name) in [(STRONG, "strong"), (EM, "em"), (UNDERLINE, "underline"), (STRIKE, "strike")] {
            if on(kind) {
                marks.push(node(name, None, None));
            }
        }
        if on(SUP) {
            marks.push(node("subsup", Some(object([("type", Value::from("sup"))])), None));
        } else if on(SUB) {
            marks.push(node("subsup", Some(object([("type", Value::from("sub"))])), None));
        }
    }
    if let Some((href, title)) = link {
        let mut attrs = Map::new();
        attrs.insert("href".into(), Value::from(href.as_str()));
        if let Some(title) = title {
            attrs.insert("title".into(), Value::from(title.as_str()));
        }
        marks.push(node("link", Some(Value::Object(attrs)), None));
    }
    marks
}

/// Appends text, merging it into the previous text node when the marks are the same.
fn push_text(out: &mut Vec<Inline>, text: String, marks: Vec<Value>) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Node(previous)) = out.last_mut() {
        let previous_marks = previous.get("marks").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        if previous["type"] == "text" && previous_marks == marks.as_slice() {
            if let Some(Value::String(existing)) = previous.get_mut("text") {
                existing.push_str(&text);
                return;
            }
        }
    }
    out.push(Inline::Node(text_node(&text, marks)));
}

/// CommonMark's punctuation: ASCII punctuation and, beyond ASCII, what is neither letter, digit nor space.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Where each backtick run starts, by length, so a code span finds its closing run without rescanning.
struct CodeRuns {
    /// (run length, starts of the runs of that length in order, how many of them are behind the parser).
    by_length: Vec<(usize, Vec<usize>, usize)>,
}

impl CodeRuns {
    fn new(chars: &[char]) -> CodeRuns {
        let mut by_length: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        let mut pos = 0;
        while pos < chars.len() {
            if chars.get(pos) == Some(&'`') {
                let length = chars.iter().skip(pos).take_while(|c| **c == '`').count();
                match by_length.iter_mut().find(|(run, _, _)| *run == length) {
                    Some((_, starts, _)) => starts.push(pos),
                    None => by_length.push((length, vec![pos], 0)),
                }
                pos += length;
            } else {
                pos += 1;
            }
        }
        CodeRuns { by_length }
    }

    /// The start of the first run of exactly `length` backticks at or after `from` (queries move forward).
    fn next(&mut self, length: usize, from: usize) -> Option<usize> {
        let (_, starts, cursor) = self.by_length.iter_mut().find(|(run, _, _)| *run == length)?;
        while starts.get(*cursor).is_some_and(|start| *start < from) {
            *cursor += 1;
        }
        starts.get(*cursor).copied()
    }
}
