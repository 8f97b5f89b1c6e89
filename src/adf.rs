//! Atlassian Document Format (ADF), the JSON rich text of Jira Cloud descriptions and
//! comments, to and from readable text.
//!
//! The ADF -> text walk has two levels: block nodes (joined by blank lines) and inline nodes
//! (concatenated). Text marks are read in one place, `text_node`, which is where a Markdown
//! renderer will add `**`, `_` and backticks. Input is untrusted JSON: nothing here indexes or
//! unwraps, and nesting deeper than `MAX_DEPTH` is left out instead of recursed into.

use serde_json::{json, Value};

/// Nodes nested deeper than this are left out of the text (real documents stay far below it).
const MAX_DEPTH: usize = 64;

/// Inline node types: they sit inside paragraphs and headings and are concatenated.
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

/// ADF document (or any ADF node) -> readable text.
///
/// Paragraphs are separated by blank lines; headings become `# ` lines, bullet lists `- `,
/// ordered lists `1. ` (from the list's `order`), task items `- [ ] ` / `- [x] `; nested lists
/// are indented under their item; code blocks are fenced with ```` ```lang ````, blockquotes
/// prefixed `> `, rules `---`, tables pipe rows (a `| --- |` line under a header row). Mentions
/// read `@Name`, emoji their character or `:shortName:`, cards their URL, status its text,
/// dates `YYYY-MM-DD` (UTC), media `[media: <alt or id>]`, links `text (href)`. Panels and
/// expands render their content; unknown nodes degrade to the text they contain. Never panics.
pub fn adf_to_text(doc: &Value) -> String {
    if is_inline(doc) {
        return inline(std::slice::from_ref(doc), 0);
    }
    block(doc, 0)
}

/// Plain text -> ADF document `{"type":"doc","version":1,"content":[...]}`.
///
/// Blank lines separate paragraphs; single newlines inside a paragraph become `hardBreak`
/// nodes. Empty (or blank) text gives a document with empty content; no empty text node is
/// ever produced (ADF forbids them).
pub fn text_to_adf(text: &str) -> Value {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in normalized.split('\n').chain(std::iter::once("")) {
        if !line.trim().is_empty() {
            lines.push(line);
        } else if !lines.is_empty() {
            paragraphs.push(paragraph(&lines));
            lines.clear();
        }
    }
    json!({ "type": "doc", "version": 1, "content": paragraphs })
}

fn paragraph(lines: &[&str]) -> Value {
    let mut content = Vec::with_capacity(lines.len() * 2);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            content.push(json!({ "type": "hardBreak" }));
        }
        content.push(json!({ "type": "text", "text": line }));
    }
    json!({ "type": "paragraph", "content": content })
}

fn node_type(node: &Value) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or_default()
}

fn children(node: &Value) -> &[Value] {
    node.get("content").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// A non-empty string attribute.
fn attr<'a>(node: &'a Value, name: &str) -> Option<&'a str> {
    node.get("attrs")?.get(name)?.as_str().filter(|value| !value.is_empty())
}

fn is_inline(node: &Value) -> bool {
    let kind = node_type(node);
    INLINE_TYPES.contains(&kind) || (node.get("text").is_some() && node.get("content").is_none())
}

/// Block nodes joined by `separator`; runs of inline nodes found among them form one paragraph.
fn blocks(nodes: &[Value], depth: usize, separator: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = nodes;
    while let Some(first) = rest.first() {
        let run = rest.iter().take_while(|node| is_inline(node)).count();
        let (text, remaining) = if run > 0 {
            let (run, remaining) = rest.split_at(run);
            (inline(run, depth).trim_end_matches('\n').to_string(), remaining)
        } else {
            (block(first, depth), rest.get(1..).unwrap_or_default())
        };
        if !text.trim().is_empty() {
            parts.push(text);
        }
        rest = remaining;
    }
    parts.join(separator)
}

fn block(node: &Value, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return String::new();
    }
    let inner = depth + 1;
    match node_type(node) {
        "paragraph" => inline(children(node), inner).trim_end_matches('\n').to_string(),
        "heading" => {
            let text = inline(children(node), inner);
            let level = node.pointer("/attrs/level").and_then(Value::as_u64).unwrap_or(1).clamp(1, 6);
            let level = usize::try_from(level).unwrap_or(1);
            if text.trim().is_empty() {
                String::new()
            } else {
                format!("{} {}", "#".repeat(level), text.trim_end_matches('\n'))
            }
        }
        "bulletList" | "orderedList" | "taskList" | "decisionList" => list(node, inner),
        "codeBlock" => {
            let code = inline(children(node), inner);
            let language = attr(node, "language").unwrap_or_default();
            format!("```{language}\n{}\n```", code.trim_end_matches('\n'))
        }
        "blockquote" => blocks(children(node), inner, "\n\n")
            .lines()
            .map(|line| if line.is_empty() { ">".to_string() } else { format!("> {line}") })
            .collect::<Vec<_>>()
            .join("\n"),
        "rule" => "---".to_string(),
        "table" => table(node, inner),
        "media" => media(node),
        "mediaSingle" | "mediaGroup" => blocks(children(node), inner, "\n"),
        "blockCard" | "embedCard" => attr(node, "url").unwrap_or_default().to_string(),
        "expand" | "nestedExpand" => {
            let content = blocks(children(node), inner, "\n\n");
            match attr(node, "title") {
                Some(title) if content.is_empty() => title.to_string(),
                Some(title) => format!("{title}\n\n{content}"),
                None => content,
            }
        }
        // doc, panel, layouts, extensions and unknown containers: their content.
        _ => blocks(children(node), inner, "\n\n"),
    }
}

/// A list: one line per item (tight), the item's further lines indented under its text.
fn list(node: &Value, depth: usize) -> String {
    let ordered = node_type(node) == "orderedList";
    let first = node.pointer("/attrs/order").and_then(Value::as_u64).unwrap_or(1);
    let mut lines: Vec<String> = Vec::new();
    for (index, item) in children(node).iter().enumerate() {
        let marker = match node_type(item) {
            "taskItem" if attr(item, "state") == Some("DONE") => "- [x] ".to_string(),
            "taskItem" => "- [ ] ".to_string(),
            _ if ordered => format!("{}. ", first.saturating_add(index as u64)),
            _ => "- ".to_string(),
        };
        let body = blocks(children(item), depth + 1, "\n");
        let indent = " ".repeat(marker.len());
        let mut body_lines = body.lines();
        lines.push(format!("{marker}{}", body_lines.next().unwrap_or_default()).trim_end().to_string());
        lines.extend(body_lines.map(|line| if line.is_empty() { String::new() } else { format!("{indent}{line}") }));
    }
    lines.join("\n")
}

/// Pipe rows; a separator line follows a first row made only of header cells.
fn table(node: &Value, depth: usize) -> String {
    let mut lines = Vec::new();
    for (index, row) in children(node).iter().enumerate() {
        let cells: Vec<String> = children(row)
            .iter()
            .map(|cell| blocks(children(cell), depth + 2, " ").replace('\n', " ").replace('|', "\\|"))
            .collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        let is_header = !cells.is_empty() && children(row).iter().all(|c| node_type(c) == "tableHeader");
        if index == 0 && is_header {
            lines.push(format!("|{}", " --- |".repeat(cells.len())));
        }
    }
    lines.join("\n")
}

fn media(node: &Value) -> String {
    let label = attr(node, "alt").or_else(|| attr(node, "id")).or_else(|| attr(node, "url"));
    format!("[media: {}]", label.unwrap_or("unnamed"))
}

fn inline(nodes: &[Value], depth: usize) -> String {
    let mut out = String::new();
    for node in nodes {
        inline_node(node, depth, &mut out);
    }
    out
}

fn inline_node(node: &Value, depth: usize, out: &mut String) {
    if depth > MAX_DEPTH {
        return;
    }
    match node_type(node) {
        "text" => text_node(node, out),
        "hardBreak" => out.push('\n'),
        "mention" => match attr(node, "text").or_else(|| attr(node, "id")) {
            Some(name) if name.starts_with('@') => out.push_str(name),
            Some(name) => {
                out.push('@');
                out.push_str(name);
            }
            None => out.push_str("@unknown"),
        },
        "emoji" => out.push_str(attr(node, "text").or_else(|| attr(node, "shortName")).unwrap_or_default()),
        "inlineCard" => {
            let url = attr(node, "url").or_else(|| node.pointer("/attrs/data/url").and_then(Value::as_str));
            if let Some(url) = url {
                // A URL glued to the previous word would not be recognised as one.
                if out.chars().last().is_some_and(|c| !c.is_whitespace()) {
                    out.push(' ');
                }
                out.push_str(url);
            }
        }
        "status" => out.push_str(attr(node, "text").unwrap_or_default()),
        "date" => out.push_str(&date(node)),
        "mediaInline" => out.push_str(&media(node)),
        "placeholder" => {} // editor hint, not content
        _ => match node.get("text").and_then(Value::as_str) {
            Some(text) => out.push_str(text),
            None => out.push_str(&blocks(children(node), depth + 1, "\n")),
        },
    }
}

/// A text node; of its marks only a link's target is kept in plain text.
fn text_node(node: &Value, out: &mut String) {
    let text = node.get("text").and_then(Value::as_str).unwrap_or_default();
    out.push_str(text);
    let marks = node.get("marks").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let href = marks.iter().find(|mark| node_type(mark) == "link").and_then(|mark| attr(mark, "href"));
    if let Some(href) = href.filter(|href| *href != text) {
        out.push_str(" (");
        out.push_str(href);
        out.push(')');
    }
}

/// `attrs.timestamp` (milliseconds since the epoch, a string in ADF) as a UTC `YYYY-MM-DD`.
fn date(node: &Value) -> String {
    let raw = node.pointer("/attrs/timestamp");
    let millis =
        raw.and_then(Value::as_str).and_then(|s| s.parse::<i64>().ok()).or_else(|| raw.and_then(Value::as_i64));
    let Some(millis) = millis else {
        return raw.and_then(Value::as_str).unwrap_or_default().to_string();
    };
    // Days to civil date, after Howard Hinnant's `civil_from_days`.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Value {
        let file = format!("{}/../shared/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn doc(content: Value) -> Value {
        json!({ "type": "doc", "version": 1, "content": content })
    }

    fn para(content: Value) -> Value {
        json!({ "type": "paragraph", "content": content })
    }

    fn text(text: &str) -> Value {
        json!({ "type": "text", "text": text })
    }

    #[test]
    fn rich_document_renders_every_construct() {
        let rendered = adf_to_text(&fixture("metadata/adf_document_rich.jira-cli.json"));
        let expected_start = "\
# H1

## H2

1. Some text
2. Some more text

> Blockquote text

Inline Node https://antiklabs.atlassian.net/wiki/spaces/ANK/pages/124234/hello-world

Implement epic browser

Panel paragraph

@Person A

Strong Paragraph 1

Paragraph 2

Bold Text

Italic Text

Prefix: Underlined Text

Prefix: Inline Code Block

Prefix: Strikethrough text

Link (https://ankit.pl)

- Prefix: Unordered list item 1
  - Next
    - Another
      - New level
- Unordered list item 2
- Unordered list item 3

1. Ordered list item 1
2. Ordered list item 2
3. Ordered list item 3
   1. nested
      1. second level
         1. third level
            1. fourth level

| Table Header 1 | Table Header 2 | Table Header 3 |
| --- | --- | --- |
| Table row 1 column 1 | Table row 1 column 2 | Table row 1 column 3 |
| Table row 2 column 1 | Table row 2 column 2 | Table row 2 column 3 |

```go
package main

import (
\t\"fmt\"
)

func main() {
\tfmt.Println(\"Hello, World!\")
}
```

| Table Header 1 | Table Header 2 | Table Header 3 | Table Header 4 | Table Header 5 |
| --- | --- | --- | --- | --- |
";
        // The fixture's second table repeats "row 1 column 2" in its last row.
        let second_table_rows = [
            ["1 column 1", "2 column 1", "3 column 1", "4 column 1", "5 column 1"],
            ["1 column 2", "2 column 2", "3 column 2", "4 column 2", "5 column 2"],
            ["1 column 2", "2 column 3", "3 column 3", "4 column 3", "5 column 3"],
        ]
        .map(|row| format!("| Table row {} |", row.join(" | Table row ")))
        .join("\n");
        assert_eq!(rendered, format!("{expected_start}{second_table_rows}"));
        assert!(!rendered.contains("\n\n\n"), "no double blank lines:\n{rendered}");
    }

    #[test]
    fn issue_and_comment_fixtures_render_their_text() {
        let issue = fixture("issues/issue_get_200.spec-examples.json");
        let description = issue.pointer("/fields/description").unwrap_or(&Value::Null);
        assert_eq!(adf_to_text(description), "Main order flow broken");
        let worklog = issue.pointer("/fields/worklog/0/comment").unwrap_or(&Value::Null);
        assert_eq!(adf_to_text(worklog), "I did some work here.");
        let cli_issue = fixture("issues/issue_get_v3_adf_issuelinks.jira-cli.json");
        assert_eq!(adf_to_text(cli_issue.pointer("/fields/description").unwrap_or(&Value::Null)), "Test description");
        let comments = fixture("issues/issue_comments_get_200.spec-examples.json");
        let body = adf_to_text(comments.pointer("/comments/0/body").unwrap_or(&Value::Null));
        assert!(
            body.starts_with("Lorem ipsum dolor sit amet, consectetur") && body.ends_with("posuere augue semper."),
            "{body}"
        );
        assert!(!body.contains('\n'), "{body}");
    }

    #[test]
    fn inline_nodes_read_naturally() {
        let adf = doc(json!([para(json!([
            text("Hi "),
            { "type": "mention", "attrs": { "id": "abc", "text": "@Ann Lee" } },
            text(", see "),
            { "type": "emoji", "attrs": { "shortName": ":smile:", "text": "😄" } },
            { "type": "emoji", "attrs": { "shortName": ":party:" } },
            text(" status "),
            { "type": "status", "attrs": { "text": "IN REVIEW", "color": "blue" } },
            text(" due "),
            { "type": "date", "attrs": { "timestamp": "1700000000000" } },
            { "type": "hardBreak" },
            { "type": "mention", "attrs": { "id": "557058:f00" } },
            text(" "),
            { "type": "mediaInline", "attrs": { "id": "m-1" } },
            { "type": "placeholder", "attrs": { "text": "Type here" } },
        ]))]));
        assert_eq!(
            adf_to_text(&adf),
            "Hi @Ann Lee, see 😄:party: status IN REVIEW due 2023-11-14\n@557058:f00 [media: m-1]"
        );
    }

    #[test]
    fn block_nodes_render_as_documented() {
        let node = |kind: &str, content: Value| json!({ "type": kind, "content": content });
        let with_attrs = |kind: &str, attrs: Value| json!({ "type": kind, "attrs": attrs });
        let task = |state: &str, label: &str| {
            let mut task = node("taskItem", json!([text(label)]));
            task["attrs"] = json!({ "state": state });
            task
        };
        let paras = |texts: &[&str]| json!(texts.iter().map(|t| para(json!([text(t)]))).collect::<Vec<_>>());
        let media = |attrs: Value| with_attrs("media", attrs);
        let cell = node("tableCell", paras(&["a|b", "c"]));
        let mut heading = node("heading", json!([text("Deep")]));
        heading["attrs"] = json!({ "level": 9 });
        let mut expand = node("expand", paras(&["Hidden"]));
        expand["attrs"] = json!({ "title": "Details" });
        let mut ordered = node(
            "orderedList",
            json!([node("listItem", paras(&["three"])), node("listItem", paras(&["four", "more"]))]),
        );
        ordered["attrs"] = json!({ "order": 3 });
        let adf = doc(json!([
            heading,
            { "type": "rule" },
            node("mediaSingle", json!([media(json!({ "id": "9f1", "alt": "diagram.png" }))])),
            node("mediaGroup", json!([media(json!({ "id": "a1" })), media(json!({}))])),
            with_attrs("blockCard", json!({ "url": "https://example.com/card" })),
            expand,
            ordered,
            node("taskList", json!([task("DONE", "shipped"), task("TODO", "docs")])),
            node("blockquote", paras(&["a", "b"])),
            node("codeBlock", json!([text("x = 1")])),
            node("table", json!([node("tableRow", json!([cell]))])),
        ]));
        let expected = [
            "###### Deep",
            "---",
            "[media: diagram.png]",
            "[media: a1]\n[media: unnamed]",
            "https://example.com/card",
            "Details\n\nHidden",
            "3. three\n4. four\n   more",
            "- [x] shipped\n- [ ] docs",
            "> a\n>\n> b",
            "```\nx = 1\n```",
            "| a\\|b c |",
        ];
        assert_eq!(adf_to_text(&adf), expected.join("\n\n"));
    }

    #[test]
    fn unknown_and_malformed_nodes_degrade_to_their_text() {
        let adf = doc(json!([
            { "type": "futureBlock", "content": [para(json!([text("inside")]))] },
            { "type": "futureInline", "text": "loose" },
            { "type": "paragraph", "content": "not an array" },
            { "type": "heading", "attrs": { "level": "x" }, "content": [text("Title"), 42, null] },
            { "no": "type" },
            "a string",
            [1, 2],
        ]));
        assert_eq!(adf_to_text(&adf), "inside\n\nloose\n\n# Title");
        for value in [Value::Null, json!(7), json!("doc"), json!([]), json!({}), json!({"type": "doc", "content": {}})]
        {
            assert_eq!(adf_to_text(&value), "");
        }
        assert_eq!(adf_to_text(&text("bare")), "bare");
    }

    #[test]
    fn hostile_nesting_is_cut_at_the_depth_limit() {
        // Built by moves: `json!` would serialize (recursively) every interpolated value.
        let node = |kind: &str, content: Vec<Value>| {
            let mut map = serde_json::Map::new();
            map.insert("type".to_string(), Value::from(kind));
            map.insert("content".to_string(), Value::Array(content));
            Value::Object(map)
        };
        let mut deep = para(json!([text("bottom")]));
        for _ in 0..10_000 {
            deep = node("blockquote", vec![deep]);
        }
        let hostile = node("doc", vec![para(json!([text("top")])), deep]);
        assert_eq!(adf_to_text(&hostile), "top");
        drop_iteratively(hostile);
        let list = |content: Vec<Value>| node("bulletList", vec![node("listItem", content)]);
        let mut nested_lists = list(vec![para(json!([text("kept")]))]);
        for _ in 0..10 {
            nested_lists = list(vec![para(json!([text("level")])), nested_lists]);
        }
        let rendered = adf_to_text(&nested_lists);
        assert!(rendered.ends_with(&format!("\n{}- kept", " ".repeat(20))), "{rendered}");
    }

    /// serde_json drops nested values recursively; 10 000 levels would overflow the test's stack.
    fn drop_iteratively(value: Value) {
        let mut pending = vec![value];
        while let Some(mut value) = pending.pop() {
            if let Some(content) = value.get_mut("content").and_then(Value::as_array_mut) {
                pending.append(content);
            }
        }
    }

    fn assert_well_formed(adf: &Value) {
        assert_eq!(adf.get("type"), Some(&json!("doc")));
        assert_eq!(adf.get("version"), Some(&json!(1)));
        for paragraph in adf.get("content").and_then(Value::as_array).into_iter().flatten() {
            assert_eq!(paragraph.get("type"), Some(&json!("paragraph")), "{adf}");
            let inline = paragraph.get("content").and_then(Value::as_array).cloned().unwrap_or_default();
            assert!(!inline.is_empty(), "empty paragraph in {adf}");
            for node in inline {
                match node.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        assert!(node.get("text").and_then(Value::as_str).is_some_and(|t| !t.is_empty()), "{adf}")
                    }
                    Some("hardBreak") => {}
                    other => panic!("unexpected inline {other:?} in {adf}"),
                }
            }
        }
    }

    #[test]
    fn text_becomes_paragraphs_and_hard_breaks() {
        let adf = text_to_adf("First line\nsecond line\n\n\n  \nNext paragraph\r\n\r\nLast");
        assert_well_formed(&adf);
        let expected = doc(json!([
            para(json!([text("First line"), { "type": "hardBreak" }, text("second line")])),
            para(json!([text("Next paragraph")])),
            para(json!([text("Last")])),
        ]));
        assert_eq!(adf, expected);
        assert_eq!(text_to_adf(""), doc(json!([])));
        assert_eq!(text_to_adf(" \n\n\t\n"), doc(json!([])));
    }

    #[test]
    fn text_survives_a_round_trip() {
        for sample in ["One", "a\nb\nc", "p1\n\np2 with  spaces\n\n  indented", "emoji 😄 | pipes", "# not a heading"]
        {
            let adf = text_to_adf(sample);
            assert_well_formed(&adf);
            assert_eq!(adf_to_text(&adf), sample);
        }
    }
}
