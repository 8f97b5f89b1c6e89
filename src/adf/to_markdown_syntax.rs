//! Markdown syntax as this module writes it: escaping text so it reads back literally, code spans, link
//! destinations and titles, and the forms of mentions, emoji, smart links, status lozenges, dates and
//! media (see the table in the module docs).

use serde_json::Value;

use super::attr;
use super::media::media_destination;
use super::schema::STATUS_COLORS;

/// Writes `text` escaped; `line_start` escapes what would start a block at the beginning of a line.
pub(super) fn escape_text(text: &str, line_start: bool, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    if line_start {
        index = escape_line_start(&chars, out);
    }
    while let Some(&c) = chars.get(index) {
        let prev = if index == 0 { out.chars().last() } else { chars.get(index - 1).copied() };
        let next = chars.get(index + 1).copied();
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '`' | '*' | '[' | ']' | '|' => true,
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            '~' => index == 0 || next.is_none() || next == Some('~') || prev == Some('~'),
            '<' => next.is_none_or(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => entity_like(chars.get(index + 1..).unwrap_or_default()),
            '!' => next.is_none(),
            ':' => emoji_at(&chars, index, prev),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        index += 1;
    }
}

/// Escapes a block marker at the start of a line; returns how many chars it wrote.
fn escape_line_start(chars: &[char], out: &mut String) -> usize {
    let first = chars.first().copied();
    let second = chars.get(1).copied();
    let ends_marker = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t');
    match first {
        Some('#') if ends_marker(second) || second == Some('#') => {}
        Some('>') => {}
        Some(c @ ('-' | '+' | '=')) if ends_marker(second) || second == Some(c) => {}
        Some(c) if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            let delimiter = chars.get(digits).copied();
            if digits <= 9 && matches!(delimiter, Some('.' | ')')) && ends_marker(chars.get(digits + 1).copied()) {
                out.extend(chars.iter().take(digits));
                out.push('\\');
                return digits;
            }
            return 0;
        }
        _ => return 0,
    }
    out.push('\\');
    0
}

/// Whether `rest` (after a `&`) would be read as an entity reference.
fn entity_like(rest: &[char]) -> bool {
    let body = rest.iter().take(33).take_while(|c| c.is_ascii_alphanumeric() || **c == '#').count();
    body > 0 && rest.get(body) == Some(&';')
}

/// Whether an emoji `:name:` starts at `chars[index]`, as `from_markdown_inline` reads one.
pub(super) fn emoji_at(chars: &[char], index: usize, prev: Option<char>) -> bool {
    if chars.get(index) != Some(&':') || prev.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let name = chars.get(index + 1..).unwrap_or_default().iter().take(51).take_while(|c| is_emoji_char(**c)).count();
    (1..=50).contains(&name) && chars.get(index + 1 + name) == Some(&':')
}

/// Characters of an emoji short name.
pub(super) fn is_emoji_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')
}

/// A code span long enough to hold `text`'s backticks, padded where CommonMark would strip a space.
pub(super) fn code_span(text: &str, in_cell: bool) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.chars().all(|c| c == ' '));
    let body = if in_cell { text.replace('|', "\\|") } else { text.to_string() };
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A link destination: bare when it can be, else in angle brackets.
pub(super) fn destination(href: &str) -> String {
    let href = href.replace('\n', "%0A").replace('\r', "%0D");
    let bare = !href.is_empty()
        && !href.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | '\\'));
    if bare {
        return href;
    }
    let mut out = String::from("<");
    for c in href.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

pub(super) fn link_title(title: &str) -> String {
    let mut out = String::from(" \"");
    for c in title.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[label](destination "title")` with the label escaped.
pub(super) fn link(label: &str, href: &str, title: Option<&str>) -> String {
    let mut out = String::from("[");
    escape_text(label, false, &mut out);
    out.push_str("](");
    out.push_str(&destination(href));
    if let Some(title) = title.filter(|title| !title.is_empty()) {
        out.push_str(&link_title(title));
    }
    out.push(')');
    out
}

/// A smart link: `<url>` when it is an autolink, else a plain link to itself.
pub(super) fn card(url: &str) -> String {
    let scheme = url.split(':').next().unwrap_or_default();
    let autolink = url.contains(':')
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    if autolink {
        format!("<{url}>")
    } else {
        link(url, url, None)
    }
}

pub(super) fn mention(node: &Value) -> String {
    let name = attr(node, "text").map(|text| text.strip_prefix('@').unwrap_or(text)).unwrap_or_default();
    match attr(node, "id") {
        Some(id) => format!("@{}", link(name, &format!("accountId:{id}"), None)),
        None => {
            let mut out = String::from("@");
            escape_text(name, false, &mut out);
            out
        }
    }
}

pub(super) fn emoji(node: &Value) -> String {
    let short = attr(node, "shortName").unwrap_or_default();
    let name = short.trim_matches(':');
    if !name.is_empty() && name.len() <= 50 && name.chars().all(is_emoji_char) {
        return format!(":{name}:");
    }
    let mut out = String::new();
    escape_text(attr(node, "text").unwrap_or(short), false, &mut out);
    out
}

pub(super) fn status(node: &Value) -> String {
    let Some(text) = attr(node, "text") else { return String::new() };
    let color = attr(node, "color").filter(|c| STATUS_COLORS.contains(c)).unwrap_or("neutral");
    link(text, &format!("status:{color}"), None)
}

pub(super) fn date_link(node: &Value) -> String {
    let raw = node.pointer("/attrs/timestamp");
    let millis =
        raw.and_then(Value::as_str).and_then(|s| s.parse::<i64>().ok()).or_else(|| raw.and_then(Value::as_i64));
    match millis {
        Some(millis) => link(&civil_date(millis), &format!("date:{millis}"), None),
        None => {
            let mut out = String::new();
            escape_text(raw.and_then(Value::as_str).unwrap_or_default(), false, &mut out);
            out
        }
    }
}

/// Milliseconds since the epoch as a UTC `YYYY-MM-DD`, after Howard Hinnant's `civil_from_days`.
fn civil_date(millis: i64) -> String {
    let days = millis.div_euclid(86_400_000) + 719_468;
    let (era, day_of_era) = (days.div_euclid(146_097), days.rem_euclid(146_097));
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A file as a link: `[name](attachment:ID)` (`mediaGroup` items and `mediaInline`).
pub(super) fn media_link(node: &Value) -> String {
    let label = attr(node, "alt").or_else(|| attr(node, "name")).unwrap_or_default();
    match media_destination(node) {
        Some(dest) => link(label, &dest, None),
        None => {
            let mut out = String::new();
            escape_text(label, false, &mut out);
            out
        }
    }
}

/// An image: `![alt](attachment:ID "caption")` (`mediaSingle`).
pub(super) fn media_image(node: &Value, caption: Option<&str>) -> String {
    let alt = attr(node, "alt").unwrap_or_default();
    match media_destination(node) {
        Some(dest) => format!("!{}", link(alt, &dest, caption)),
        None => {
            let mut out = String::new();
            escape_text(alt, false, &mut out);
            out
        }
    }
}
