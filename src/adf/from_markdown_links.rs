//! Markdown links -> ADF: CommonMark's "look for link or image" at each `]` (inline links, images),
//! autolinks, the `<br>`/`<u>`/`<sub>`/`<sup>` tags, and the module's link forms for mentions, status
//! lozenges, dates and media (`accountId:`, `status:`, `date:`, `attachment:` destinations).

use serde_json::{Map, Value};

use super::emphasis;
use super::from_markdown_inline::{Item, Media, Parser, Slot, KINDS, SUB, SUP, UNDERLINE};
use super::media::attachment_attrs;
use super::schema::STATUS_COLORS;
use super::{node, object};

/// The longest destination, title or autolink scanned (keeps hostile input linear).
const MAX_SCAN: usize = 8192;
/// The deepest nesting of parentheses in a destination (cmark's limit). Every `](` that starts a scan
/// nests one level deeper in the scans started before it, so a scan passes at most this many later starts
/// and `[a](` repeated costs linear time, not the input's length at each `]`.
const MAX_PAREN_DEPTH: usize = 32;

impl Parser {
    pub(super) fn close_bracket(&mut self) {
        let Some(&opener) = self.brackets.last() else {
            self.text.push(']');
            return;
        };
        let image = matches!(self.slots.get(opener).map(|slot| &slot.item), Some(Item::Bracket { image: true }));
        let active = self.brackets.len() > self.active_brackets;
        let target = if active { link_target(&self.chars, self.pos) } else { None };
        self.brackets.pop();
        let Some((dest, title, end)) = target else {
            self.text.push(']');
            return;
        };
        self.pos = end;
        self.flush();
        emphasis::process(&mut self.delims, &mut self.slots, Some(opener));
        let special = ["accountId:", "status:", "date:", "attachment:"].iter().any(|scheme| dest.starts_with(scheme));
        if !image && !special {
            // An empty destination links nowhere: the text stays, unlinked.
            let link = (!dest.is_empty()).then_some((dest, title));
            for slot in self.slots.iter_mut().skip(opener + 1) {
                slot.link.clone_from(&link);
            }
            if let Some(slot) = self.slots.get_mut(opener) {
                slot.item = Item::Text(String::new());
            }
            self.active_brackets = self.brackets.len();
            return;
        }
        let label = self.plain_text(opener + 1);
        if image && !is_media_destination(&dest) {
            // Not an attachment nor a web image: its alt text, linked to the destination.
            self.replace_tail(opener, Item::Text(if label.is_empty() { dest.clone() } else { label }));
            if let Some(slot) = self.slots.last_mut().filter(|_| !dest.is_empty()) {
                slot.link = Some((dest, title));
            }
            return;
        }
        let item = if image { image_item(dest, title, label) } else { special_item(&dest, label) };
        match item {
            Some(item) => {
                if matches!(item, Item::Node(ref node) if node["type"] == "mention") {
                    self.drop_at_sign(opener);
                }
                self.replace_tail(opener, item);
            }
            None => {
                if let Some(slot) = self.slots.get_mut(opener) {
                    slot.item = Item::Text(String::new());
                }
            }
        }
    }

    /// The text of slots `start..` as plain text (an image's alt, a mention's name).
    fn plain_text(&self, start: usize) -> String {
        let mut out = String::new();
        for slot in self.slots.iter().skip(start) {
            match &slot.item {
                Item::Text(text) | Item::Code(text) => out.push_str(text),
                Item::Delim { ch, count } => out.extend(std::iter::repeat_n(*ch, *count)),
                Item::Bracket { image } => out.push_str(if *image { "![" } else { "[" }),
                Item::Tag { literal, matched: false, .. } => out.push_str(literal),
                Item::Break => out.push(' '),
                Item::Node(node) => {
                    let text = node.pointer("/attrs/shortName").or_else(|| node.pointer("/attrs/text"));
                    out.push_str(text.and_then(Value::as_str).unwrap_or_default());
                }
                Item::Media(media) => out.push_str(&media.alt),
                Item::Tag { .. } => {}
            }
        }
        out
    }

    /// Replaces slots `start..` by one item, keeping the mark spans that cross the cut balanced.
    fn replace_tail(&mut self, start: usize, item: Item) {
        let mut carry = [0; KINDS];
        for slot in self.slots.iter().skip(start) {
            for (sum, diff) in carry.iter_mut().zip(slot.diff) {
                *sum += diff;
            }
        }
        self.slots.truncate(start);
        self.delims.truncate_from(start);
        // Open tags and brackets are in slot order: only the last ones can fall in the cut.
        for tags in &mut self.tags {
            while tags.last().is_some_and(|slot| *slot >= start) {
                tags.pop();
            }
        }
        while self.brackets.last().is_some_and(|slot| *slot >= start) {
            self.brackets.pop();
        }
        self.active_brackets = self.active_brackets.min(self.brackets.len());
        self.slots.push(Slot { item, diff: carry, link: None });
    }

    /// `@[Name](accountId:...)`: the `@` before the bracket belongs to the mention.
    fn drop_at_sign(&mut self, opener: usize) {
        let Some(previous) = opener.checked_sub(1).and_then(|index| self.slots.get_mut(index)) else { return };
        if let Item::Text(text) = &mut previous.item {
            if text.ends_with('@') {
                text.pop();
            }
        }
    }

    /// `<url>` autolinks (an `http(s)` one is a smart link), `<br>` and the `<u>`/`<sub>`/`<sup>` tags.
    pub(super) fn angle(&mut self) {
        let rest: String = self.chars.iter().skip(self.pos).take(8).collect::<String>().to_ascii_lowercase();
        for (literal, kind, open) in [
            ("<u>", UNDERLINE, true),
            ("</u>", UNDERLINE, false),
            ("<sub>", SUB, true),
            ("</sub>", SUB, false),
            ("<sup>", SUP, true),
            ("</sup>", SUP, false),
        ] {
            if rest.starts_with(literal) {
                self.pos += literal.len();
                self.tag(kind, open, literal);
                return;
            }
        }
        for literal in ["<br>", "<br/>", "<br />"] {
            if rest.starts_with(literal) {
                self.pos += literal.len();
                self.push(Item::Break);
                return;
            }
        }
        match autolink(&self.chars, self.pos) {
            Some((url, end)) => {
                self.pos = end;
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    self.push(Item::Node(node("inlineCard", Some(object([("url", Value::from(url))])), None)));
                } else {
                    let href = if url.contains(':') { url.clone() } else { format!("mailto:{url}") };
                    let slot = self.push(Item::Text(url));
                    if let Some(slot) = self.slots.get_mut(slot) {
                        slot.link = Some((href, None));
                    }
                }
            }
            None => {
                self.text.push('<');
                self.pos += 1;
            }
        }
    }

    fn tag(&mut self, kind: usize, open: bool, literal: &'static str) {
        let stack = kind - UNDERLINE;
        let slot = self.push(Item::Tag { literal, matched: false });
        if open {
            if let Some(tags) = self.tags.get_mut(stack) {
                tags.push(slot);
            }
            return;
        }
        let Some(opener) = self.tags.get_mut(stack).and_then(Vec::pop) else { return };
        for index in [opener, slot] {
            if let Some(Slot { item: Item::Tag { matched, .. }, .. }) = self.slots.get_mut(index) {
                *matched = true;
            }
        }
        if let Some(first) = self.slots.get_mut(opener + 1) {
            first.diff[kind] += 1;
        }
        if let Some(close) = self.slots.get_mut(slot) {
            close.diff[kind] -= 1;
        }
    }
}

/// Whether an image destination is media: an attachment or a web image.
fn is_media_destination(dest: &str) -> bool {
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    dest.starts_with("attachment:") || lower.starts_with("http://") || lower.starts_with("https://")
}

/// `![alt](dest "title")` for a media destination: an attachment or external media.
fn image_item(dest: String, title: Option<String>, alt: String) -> Option<Item> {
    let attrs = match dest.strip_prefix("attachment:") {
        Some(rest) => attachment_attrs(rest),
        None => {
            let mut attrs = Map::new();
            attrs.insert("type".into(), Value::from("external"));
            attrs.insert("url".into(), Value::from(dest));
            Some(attrs)
        }
    };
    Some(match attrs {
        Some(attrs) => Item::Media(Media { attrs, alt, caption: title.filter(|t| !t.is_empty()), image: true }),
        None => Item::Text(alt),
    })
}

/// The module's link forms: mentions, status lozenges, dates and attachments.
fn special_item(dest: &str, label: String) -> Option<Item> {
    if let Some(id) = dest.strip_prefix("accountId:").filter(|id| !id.is_empty()) {
        let mut attrs = Map::new();
        attrs.insert("id".into(), Value::from(id));
        if !label.is_empty() {
            attrs.insert("text".into(), Value::from(format!("@{label}")));
        }
        return Some(Item::Node(node("mention", Some(Value::Object(attrs)), None)));
    }
    if let Some(color) = dest.strip_prefix("status:") {
        let color = color.to_ascii_lowercase();
        let color = if STATUS_COLORS.contains(&color.as_str()) { color } else { "neutral".to_string() };
        let label = label.trim();
        return (!label.is_empty()).then(|| {
            let attrs = object([("text", Value::from(label)), ("color", Value::from(color))]);
            Item::Node(node("status", Some(attrs), None))
        });
    }
    if let Some(timestamp) = dest.strip_prefix("date:") {
        let digits = timestamp.strip_prefix('-').unwrap_or(timestamp);
        if !digits.is_empty() && digits.len() <= 16 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Item::Node(node("date", Some(object([("timestamp", Value::from(timestamp))])), None)));
        }
        return Some(Item::Text(label));
    }
    let rest = dest.strip_prefix("attachment:")?;
    Some(match attachment_attrs(rest) {
        Some(attrs) => Item::Media(Media { attrs, alt: label, caption: None, image: false }),
        None => Item::Text(label),
    })
}

/// `(destination "title")` after a `]` at `start`: the destination, title and the position after `)`.
fn link_target(chars: &[char], start: usize) -> Option<(String, Option<String>, usize)> {
    if chars.get(start) != Some(&'(') {
        return None;
    }
    let mut pos = skip_space(chars, start + 1);
    let mut dest = String::new();
    if chars.get(pos) == Some(&'<') {
        pos += 1;
        loop {
            match chars.get(pos).copied() {
                Some('>') => break,
                Some('\\') if chars.get(pos + 1).is_some_and(char::is_ascii_punctuation) => {
                    dest.extend(chars.get(pos + 1));
                    pos += 2;
                }
                Some('\n' | '<') | None => return None,
                Some(c) => {
                    dest.push(c);
                    pos += 1;
                }
            }
            if dest.len() > MAX_SCAN {
                return None;
            }
        }
        pos += 1;
    } else {
        let mut depth = 0usize;
        while let Some(c) = chars.get(pos).copied() {
            match c {
                '\\' if chars.get(pos + 1).is_some_and(char::is_ascii_punctuation) => {
                    dest.extend(chars.get(pos + 1));
                    pos += 2;
                    continue;
                }
                '(' if depth == MAX_PAREN_DEPTH => return None,
                '(' => depth += 1,
                ')' if depth == 0 => break,
                ')' => depth -= 1,
                c if c.is_whitespace() || c.is_control() => break,
                _ => {}
            }
            dest.push(c);
            pos += 1;
            if dest.len() > MAX_SCAN {
                return None;
            }
        }
    }
    let before_title = pos;
    pos = skip_space(chars, pos);
    let mut title = None;
    if pos > before_title {
        if let Some(close) = match chars.get(pos) {
            Some('"') => Some('"'),
            Some('\'') => Some('\''),
            Some('(') => Some(')'),
            _ => None,
        } {
            let mut text = String::new();
            pos += 1;
            loop {
                match chars.get(pos).copied() {
                    None => return None,
                    Some(c) if c == close => break,
                    // CommonMark: a `(title)` holds no unescaped `(`; stopping here keeps `[a](x (` repeated
                    // from scanning to the end of the input at each `]`.
                    Some('(') if close == ')' => return None,
                    Some('\\') if chars.get(pos + 1).is_some_and(char::is_ascii_punctuation) => {
                        text.extend(chars.get(pos + 1));
                        pos += 2;
                        continue;
                    }
                    Some(c) => text.push(c),
                }
                pos += 1;
                if text.len() > MAX_SCAN {
                    return None;
                }
            }
            title = Some(text);
            pos = skip_space(chars, pos + 1);
        }
    }
    (chars.get(pos) == Some(&')')).then_some((dest, title, pos + 1))
}

/// Spaces, tabs and at most one line ending.
fn skip_space(chars: &[char], mut pos: usize) -> usize {
    let mut newline = false;
    while let Some(c) = chars.get(pos) {
        match c {
            ' ' | '\t' => {}
            '\n' if !newline => newline = true,
            _ => break,
        }
        pos += 1;
    }
    pos
}

/// `<scheme:...>` or `<user@host>` at `start`: the URL and the position after `>`.
fn autolink(chars: &[char], start: usize) -> Option<(String, usize)> {
    let body: String = chars
        .iter()
        .skip(start + 1)
        .take(MAX_SCAN)
        .take_while(|c| **c != '>' && **c != '<' && !c.is_whitespace() && !c.is_control())
        .collect();
    let end = start + 1 + body.chars().count();
    if chars.get(end) != Some(&'>') {
        return None;
    }
    let scheme = body.split(':').next().unwrap_or_default();
    let uri = body.contains(':')
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let email = body.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && user.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
            && host.contains('.')
            && host
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    });
    (uri || email).then_some((body, end + 1))
}
