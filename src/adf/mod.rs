//! Atlassian Document Format (ADF), the JSON rich text of Jira Cloud descriptions, comments, worklog
//! comments and rich-text custom fields, to and from Markdown.
//!
//! [`adf_to_markdown`] reads any ADF value as Markdown, [`markdown_to_adf`] writes Markdown as an ADF
//! document Jira accepts, and [`merge_media`] carries the images and files of an old document over to a
//! Markdown rewrite of it. The flavour is CommonMark with GFM tables, `~~strike~~` and `- [ ]` task
//! lists, plus a few documented forms for what Markdown has no syntax for. A line break inside a
//! paragraph is a hard break (as in GitHub comments and Jira's editor), so text typed with single
//! newlines keeps its lines; `\` at the end of a line means the same.
//!
//! | ADF | Markdown |
//! | --- | --- |
//! | `paragraph`, `hardBreak` | a text block; a newline inside it (a lone `\` line for an empty one) |
//! | `heading` level n | n × `#` and a space (setext `===` / `---` underlines are read too) |
//! | marks `strong`, `em`, `strike`, `code` | `**b**`, `*i*` (`_i_` read), `~~s~~`, `` `c` `` |
//! | marks `underline`, `subsup` | `<u>u</u>`, `<sub>x</sub>`, `<sup>x</sup>` |
//! | mark `link` | `[text](href "title")` |
//! | `bulletList`, `orderedList` (`order`), `listItem` | `- item`, `3. item`; nesting by indentation |
//! | `taskList`, `taskItem` (`state`) | `- [ ] to do`, `- [x] done`; a nested task list is indented |
//! | `codeBlock` (`language`) | a fenced block ```` ```rust ````; a trailing newline shows as a blank last line |
//! | `blockquote` | `> ` lines |
//! | `panel` (`panelType`) | a quote whose first line is `[!INFO]`, `[!NOTE]`, `[!TIP]`, `[!WARNING]`, `[!ERROR]` or `[!SUCCESS]` (GitHub's `[!IMPORTANT]`, `[!CAUTION]` read as note, error) |
//! | `expand`, `nestedExpand` (`title`) | `<details><summary>Title</summary>`, the content, `</details>` |
//! | `table`, `tableRow`, `tableHeader`, `tableCell` | a GFM pipe table; a first row of headers is its header row, otherwise the header row is empty |
//! | `rule` | `---` |
//! | `mention` (`id`, `text`) | `@[Display Name](accountId:5b10...)` |
//! | `emoji` (`shortName`) | `:shortName:` |
//! | `inlineCard` (`blockCard`, `embedCard`) | `<https://...>` |
//! | `status` (`text`, `color`) | `[IN REVIEW](status:blue)` |
//! | `date` (`timestamp`) | `[2023-11-14](date:1700000000000)` |
//! | `mediaSingle` > `media` (`caption`) | `![alt](attachment:ID "caption")` alone in its paragraph; external: `![alt](https://...)` |
//! | `mediaGroup` > `media` | `[name](attachment:ID) [name](attachment:ID)` alone in a paragraph |
//! | `mediaInline` | `[](attachment:ID)` among other text (a name written in the brackets is not kept) |
//!
//! A media destination carries the attributes Markdown cannot place elsewhere as a query:
//! `attachment:ID?collection=C&type=link` (`type` defaults to `file`, `collection` to empty). Two lists of
//! one type in a row alternate their markers (`-`/`*`, `1.`/`1)`) so that they stay two lists. Text is
//! escaped wherever Markdown would read it as syntax, so Markdown -> ADF -> Markdown is a fixed point on
//! what this module writes, and settles after one pass on other Markdown.
//!
//! ADF -> Markdown -> ADF keeps the structure, with these documented normalisations: marks Markdown
//! cannot carry (text and background colour, annotations, alignment, indentation) and layout nodes
//! (layout columns, extensions, breakout) are dropped, their text kept; empty paragraphs and headings,
//! leading and trailing hard breaks and whitespace at line ends are dropped, and whitespace at the edges
//! of a bold or italic run moves outside it; `code` keeps only a `link` beside it (ADF allows no other);
//! a mention's text gains Jira's leading `@`; an emoji keeps only its `shortName`; an ordered list always
//! has its `order`; table cells become one paragraph (their blocks joined by hard breaks), only a first
//! row can be headers, and spans, widths and cell attributes are dropped; `blockCard`/`embedCard` become
//! an `inlineCard` paragraph, `decisionList` a bullet list, a quote in a quote is flattened, a `custom`
//! panel reads as `info`; media and `mediaSingle` sizes and layout are not in Markdown ([`merge_media`]
//! restores them from the old document); `localId`s are generated afresh; unknown nodes become their
//! text. Markdown -> ADF reads reference links, bare URLs and other raw HTML as text, and fits blocks ADF
//! does not allow in a container (a heading or table in a list item, a task list in a quote...) to the
//! nearest allowed form (a paragraph, the container's content, or the block after the task list).
//!
//! Input is untrusted: nothing here panics on any JSON value or any string, and nesting deeper than
//! [`MAX_DEPTH`] is left out (ADF) or read as text (Markdown). Every scan ahead in the Markdown parser is
//! bounded and emphasis uses CommonMark's delimiter stack with its `openers_bottom` optimisation, so a
//! parse costs the input's length times its container depth (at most [`MAX_DEPTH`]).

mod emphasis;
mod entities;
mod from_markdown;
mod from_markdown_containers;
mod from_markdown_inline;
mod from_markdown_links;
mod media;
mod schema;
mod to_adf;
mod to_markdown;
mod to_markdown_inline;
mod to_markdown_syntax;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use media::merge_media;

/// How deep nodes (ADF) or containers (Markdown quotes, lists, details) may nest; real documents stay
/// far below it.
pub const MAX_DEPTH: usize = 64;

/// ADF document (or any ADF node) -> Markdown, as mapped in the module docs.
///
/// Any JSON is accepted: values that are not ADF give an empty string, unknown nodes give their text.
pub fn adf_to_markdown(doc: &Value) -> String {
    to_markdown::document(doc)
}

/// Markdown -> ADF document `{"type":"doc","version":1,"content":[...]}`, as mapped in the module docs.
///
/// Every string gives a valid document (blank text gives empty content); no empty text node, mark
/// combination or nesting that ADF forbids is produced.
pub fn markdown_to_adf(markdown: &str) -> Value {
    to_adf::document(&from_markdown::parse(markdown))
}

fn node_type(node: &Value) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or_default()
}

fn children(node: &Value) -> &[Value] {
    node.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// An ADF node `{"type", "attrs"?, "content"?}`, built without `json!`: its expansions grow the component.
fn node(kind: &str, attrs: Option<Value>, content: Option<Vec<Value>>) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("type".into(), Value::from(kind));
    if let Some(attrs) = attrs {
        map.insert("attrs".into(), attrs);
    }
    if let Some(content) = content {
        map.insert("content".into(), Value::Array(content));
    }
    Value::Object(map)
}

/// A JSON object of string keys (see [`node`] for why not `json!`).
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

/// A text node, with its marks when there are any.
fn text_node(text: &str, marks: Vec<Value>) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("type".into(), Value::from("text"));
    map.insert("text".into(), Value::from(text));
    if !marks.is_empty() {
        map.insert("marks".into(), Value::Array(marks));
    }
    Value::Object(map)
}

/// A non-empty string attribute.
fn attr<'a>(node: &'a Value, name: &str) -> Option<&'a str> {
    node.get("attrs")?.get(name)?.as_str().filter(|value| !value.is_empty())
}
