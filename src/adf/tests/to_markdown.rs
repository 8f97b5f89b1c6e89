//! ADF -> Markdown: the shared fixtures rendered exactly, every node and mark, escaping, bad input.

use serde_json::{json, Value};

use super::{doc, fixture, hard_break, marked, para, rich_fixture, text};
use crate::adf::adf_to_markdown;

/// The rich jira-cli document, as this module writes it.
pub(super) const RICH_MARKDOWN: &str = r#"# H1

## H2

1\. Some text
2\. Some more text

> Blockquote text

Inline Node<https://antiklabs.atlassian.net/wiki/spaces/ANK/pages/124234/hello-world>

Implement epic browser

> [!INFO]
> Panel paragraph

@[Person A](accountId:5fb82376aca10c006949f35b)

> [!WARNING]
> **Strong** Paragraph 1
>
> Paragraph 2

**Bold Text**

*Italic Text*

<u>Prefix: Underlined Text</u>

`Prefix: Inline Code Block`

~~Prefix: Strikethrough text~~

[Link](https://ankit.pl)

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

| **Table Header 1** | **Table Header 2** | **Table Header 3** |
| --- | --- | --- |
| Table row 1 column 1 | Table row 1 column 2 | Table row 1 column 3 |
| Table row 2 column 1 | Table row 2 column 2 | Table row 2 column 3 |

```go
package main

import (
	"fmt"
)

func main() {
	fmt.Println("Hello, World!")
}

```

| **Table Header 1** | **Table Header 2** | **Table Header 3** | **Table Header 4** | **Table Header 5** |
| --- | --- | --- | --- | --- |
| Table row 1 column 1 | Table row 2 column 1 | Table row 3 column 1 | Table row 4 column 1 | Table row 5 column 1 |
| Table row 1 column 2 | Table row 2 column 2 | Table row 3 column 2 | Table row 4 column 2 | Table row 5 column 2 |
| Table row 1 column 2 | Table row 2 column 3 | Table row 3 column 3 | Table row 4 column 3 | Table row 5 column 3 |"#;

#[test]
fn rich_document_renders_every_construct() {
    assert_eq!(adf_to_markdown(&rich_fixture()), RICH_MARKDOWN);
}

#[test]
fn issue_comment_and_worklog_fixtures_render_their_text() {
    let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Pellentesque eget venenatis elit. Duis eu \
                 justo eget augue iaculis fermentum. Sed semper quam laoreet nisi egestas at posuere augue semper.";
    let cases = [
        ("issues/issue_get_200.spec-examples.json", "/fields/description", "Main order flow broken"),
        ("issues/issue_get_200.spec-examples.json", "/fields/comment/0/body", lorem),
        ("issues/issue_get_200.spec-examples.json", "/fields/worklog/0/comment", "I did some work here."),
        ("issues/issue_get_v3_adf_issuelinks.jira-cli.json", "/fields/description", "Test description"),
        ("issues/issue_comments_get_200.spec-examples.json", "/comments/0/body", lorem),
        ("issues/issue_worklogs_get_200.spec-examples.json", "/worklogs/0/comment", "I did some work here."),
    ];
    for (file, pointer, expected) in cases {
        let value = fixture(file);
        let adf = value.pointer(pointer).unwrap_or_else(|| panic!("{file} has no {pointer}"));
        assert_eq!(adf_to_markdown(adf), expected, "{file}{pointer}");
    }
}

fn with_attrs(kind: &str, attrs: Value) -> Value {
    json!({ "type": kind, "attrs": attrs })
}

#[test]
fn inline_nodes_use_the_documented_forms() {
    let adf = doc(json!([para(json!([
        text("Hi "),
        with_attrs("mention", json!({ "id": "5b10ac8d82e05b22cc7d4ef5", "text": "@Ann [Lee]" })),
        text(", "),
        with_attrs("emoji", json!({ "shortName": ":smile:", "id": "1f604", "text": "😄" })),
        with_attrs("emoji", json!({ "shortName": "custom emoji", "text": "🙂" })),
        text(" "),
        with_attrs("status", json!({ "text": "IN REVIEW", "color": "blue" })),
        text(" "),
        with_attrs("status", json!({ "text": "odd", "color": "pink" })),
        text(" due "),
        with_attrs("date", json!({ "timestamp": "1700000000000" })),
        hard_break(),
        with_attrs("mention", json!({ "id": "557058:f00" })),
        text(" "),
        with_attrs("mediaInline", json!({ "id": "m-1", "collection": "", "type": "file" })),
        with_attrs("placeholder", json!({ "text": "Type here" })),
        text(" "),
        with_attrs("inlineCard", json!({ "url": "https://example.com/a b" })),
        with_attrs("inlineCard", json!({ "data": { "url": "https://example.com/x" } })),
    ]))]));
    assert_eq!(
        adf_to_markdown(&adf),
        "Hi @[Ann \\[Lee\\]](accountId:5b10ac8d82e05b22cc7d4ef5), :smile:🙂 [IN REVIEW](status:blue) \
         [odd](status:neutral) due [2023-11-14](date:1700000000000)\n\
         @[](accountId:557058:f00) [](attachment:m-1) \
         [https://example.com/a b](<https://example.com/a b>)<https://example.com/x>"
    );
}

#[test]
fn marks_become_delimiters_with_the_longest_run_outermost() {
    let strong = json!([{ "type": "strong" }]);
    let link = |href: &str| json!({ "type": "link", "attrs": { "href": href } });
    let adf = doc(json!([
        para(json!([
            marked("bold ", strong.clone()),
            marked("both", json!([{ "type": "strong" }, { "type": "em" }])),
            text(" plain")
        ])),
        para(json!([marked("x", json!([{ "type": "em" }, { "type": "strike" }, { "type": "underline" }]))])),
        para(json!([
            marked("H", json!([{ "type": "subsup", "attrs": { "type": "sub" } }])),
            text("2O e"),
            marked("2", json!([{ "type": "subsup", "attrs": { "type": "sup" } }])),
        ])),
        para(json!([
            marked("see ", json!([link("https://a.example/?q=(1)")])),
            marked("code", json!([{ "type": "code" }, link("https://a.example/?q=(1)")])),
            marked(" docs", json!([link("https://b.example"), { "type": "strong" }])),
        ])),
        para(json!([
            marked("a`b", json!([{ "type": "code" }])),
            text(" "),
            marked(" x ", json!([{ "type": "code" }]))
        ])),
        para(json!([marked(
            "titled",
            json!([{ "type": "link", "attrs": { "href": "https://t.example", "title": "A \"t\"" } }])
        )])),
        para(json!([
            marked("  ", strong.clone()),
            marked("edge", strong),
            marked("x", json!([{ "type": "textColor", "attrs": { "color": "#ff0000" } }]))
        ])),
    ]));
    let expected = [
        "**bold *both*** plain",
        "*~~<u>x</u>~~*",
        "<sub>H</sub>2O e<sup>2</sup>",
        "[see `code`](<https://a.example/?q=(1)>)[ **docs**](https://b.example)",
        "``a`b`` `  x  `",
        "[titled](https://t.example \"A \\\"t\\\"\")",
        "**edge**x",
    ];
    assert_eq!(adf_to_markdown(&adf), expected.join("\n\n"));
}

#[test]
fn text_that_looks_like_markdown_is_escaped() {
    let cases = [
        ("# not a heading", "\\# not a heading"),
        ("#hashtag stays", "#hashtag stays"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("-5 degrees", "-5 degrees"),
        ("+ plus", "\\+ plus"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("2024. A year", "2024\\. A year"),
        ("1234567890. long", "1234567890. long"),
        ("*stars* and _under_ and snake_case_name", "\\*stars\\* and \\_under\\_ and snake_case_name"),
        ("`tick` [link](x) <b> a < b & c", "\\`tick\\` \\[link\\](x) \\<b> a < b & c"),
        ("&amp; &#35; & a;", "\\&amp; \\&#35; & a;"),
        ("pipe | and \\ back\\slash \\", "pipe \\| and \\ back\\slash \\\\"),
        ("~~strike~~ ~ approx", "\\~\\~strike\\~\\~ ~ approx"),
        ("emoji :smile: time 10:30:00 a:b:", "emoji \\:smile: time 10:30:00 a:b:"),
        ("wow!", "wow\\!"),
        ("=== setext", "\\=== setext"),
        ("[ ] not a task", "\\[ \\] not a task"),
        ("<details>", "\\<details>"),
        ("https://bare.example/x_y", "https://bare.example/x_y"),
    ];
    for (raw, escaped) in cases {
        assert_eq!(adf_to_markdown(&doc(json!([para(json!([text(raw)]))]))), escaped, "{raw}");
    }
    // After a hard break, every line start is escaped again; a heading keeps its trailing `#`.
    let adf = doc(json!([
        para(json!([text("a"), hard_break(), text("- b"), hard_break(), hard_break(), text("# c"), hard_break()])),
        { "type": "heading", "attrs": { "level": 2 }, "content": [text("C #"), hard_break(), text("D")] },
        { "type": "heading", "attrs": { "level": 1 }, "content": [text("Issue #")] },
        { "type": "heading", "attrs": { "level": 1 }, "content": [text("C#")] },
    ]));
    assert_eq!(adf_to_markdown(&adf), "a\n\\- b\n\\\n\\# c\n\n## C # D\n\n# Issue \\#\n\n# C#");
}

#[test]
fn block_nodes_use_the_documented_forms() {
    let node = |kind: &str, content: Value| json!({ "type": kind, "content": content });
    let paras = |texts: &[&str]| json!(texts.iter().map(|t| para(json!([text(t)]))).collect::<Vec<_>>());
    let task = |state: &str, label: &str| json!({ "type": "taskItem", "attrs": { "localId": "t", "state": state }, "content": [text(label)] });
    let media = |attrs: Value| with_attrs("media", attrs);
    let adf = doc(json!([
        { "type": "heading", "attrs": { "level": 9 }, "content": [text("Deep")] },
        { "type": "rule" },
        { "type": "mediaSingle", "attrs": { "layout": "center", "width": 50 }, "content": [
            media(json!({ "type": "file", "id": "9f1", "collection": "jira-1", "alt": "diagram.png", "width": 10 })),
            node("caption", json!([text("The "), marked("flow", json!([{ "type": "strong" }]))])),
        ] },
        { "type": "mediaSingle", "content": [media(json!({ "type": "external", "url": "https://img.example/a.png" }))] },
        node("mediaGroup", json!([media(json!({ "type": "file", "id": "a 1", "collection": "" })), media(json!({ "type": "link", "id": "b2", "alt": "spec.pdf" })), media(json!({}))])),
        with_attrs("blockCard", json!({ "url": "https://example.com/card" })),
        { "type": "expand", "attrs": { "title": "Details <&>" }, "content": paras(&["Hidden"]) },
        { "type": "expand", "content": [] },
        { "type": "orderedList", "attrs": { "order": 3 }, "content": [
            node("listItem", paras(&["three"])),
            node("listItem", paras(&["four", "more"])),
            node("listItem", json!([para(json!([text("five")])), { "type": "orderedList", "attrs": { "order": 2 }, "content": [node("listItem", paras(&["two"]))] }])),
        ] },
        node("bulletList", json!([node("listItem", json!([])), node("listItem", json!([{ "type": "codeBlock", "content": [text("x")] }]))])),
        { "type": "taskList", "attrs": { "localId": "l" }, "content": [
            task("DONE", "shipped"),
            { "type": "taskList", "attrs": { "localId": "n" }, "content": [task("TODO", "# nested")] },
            { "type": "taskItem", "attrs": { "localId": "e", "state": "TODO" }, "content": [] },
        ] },
        node("decisionList", json!([node("decisionItem", json!([text("We ship")]))])),
        node("blockquote", paras(&["a", "b"])),
        { "type": "panel", "attrs": { "panelType": "success" }, "content": paras(&["Done"]) },
        { "type": "panel", "attrs": { "panelType": "custom" }, "content": [] },
        { "type": "codeBlock", "content": [text("a ``` b\n"), text("c")] },
        { "type": "codeBlock", "attrs": { "language": "rust edition" } },
    ]));
    let expected = [
        "###### Deep",
        "---",
        "![diagram.png](attachment:9f1?collection=jira-1 \"The flow\")",
        "![](https://img.example/a.png)",
        "[](attachment:a%201) [spec.pdf](attachment:b2?type=link)",
        "<https://example.com/card>",
        "<details><summary>Details &lt;&amp;&gt;</summary>\n\nHidden\n\n</details>",
        "<details><summary></summary>\n\n</details>",
        "3. three\n4. four\n\n   more\n5. five\n\n   2. two",
        "-\n- ```\n  x\n  ```",
        "- [x] shipped\n  - [ ] # nested\n- [ ]",
        "- We ship",
        "> a\n>\n> b",
        "> [!SUCCESS]\n> Done",
        "> [!INFO]",
        "````\na ``` b\nc\n````",
        "```rust\n```",
    ];
    assert_eq!(adf_to_markdown(&adf), expected.join("\n\n"));
}

#[test]
fn tables_are_pipe_tables_with_one_line_cells() {
    let cell = |kind: &str, content: Value| json!({ "type": kind, "attrs": {}, "content": content });
    let row = |cells: Value| json!({ "type": "tableRow", "content": cells });
    let adf = doc(json!([{ "type": "table", "content": [
        row(json!([cell("tableCell", json!([para(json!([text("a|b")]))])), cell("tableHeader", json!([para(json!([text("h")]))]))])),
        row(json!([
            cell("tableCell", json!([para(json!([text("one")])), para(json!([text("two"), hard_break(), text("three")]))])),
            cell("tableCell", json!([{ "type": "bulletList", "content": [{ "type": "listItem", "content": [para(json!([text("- item")]))] }] }])),
            cell("tableCell", json!([{ "type": "codeBlock", "content": [text("x|y\n\nz")] }, { "type": "taskList", "content": [{ "type": "taskItem", "attrs": { "state": "DONE" }, "content": [text("t")] }] }])),
        ])),
        row(json!([])),
    ] }]));
    assert_eq!(
        adf_to_markdown(&adf),
        "|  |  |  |\n| --- | --- | --- |\n| a\\|b | h |  |\n| one<br>two<br>three | - - item | `x\\|y`<br>`z`<br>\\[x\\] t |"
    );
}

#[test]
fn unknown_and_malformed_nodes_degrade_to_their_text() {
    let adf = doc(json!([
        { "type": "futureBlock", "content": [para(json!([text("inside")]))] },
        { "type": "futureInline", "text": "loose" },
        { "type": "paragraph", "content": "not an array" },
        { "type": "heading", "attrs": { "level": "x" }, "content": [text("Title"), 42, null] },
        { "type": "layoutSection", "content": [{ "type": "layoutColumn", "content": [para(json!([text("col")]))] }] },
        { "type": "paragraph", "content": [{ "type": "inlineExtension", "content": [text("ext")] }, text("")] },
        { "no": "type" },
        "a string",
        [1, 2],
    ]));
    assert_eq!(adf_to_markdown(&adf), "inside\n\nloose\n\n# Title\n\ncol\n\next");
    for value in [Value::Null, json!(7), json!("doc"), json!([]), json!({}), json!({"type": "doc", "content": {}})] {
        assert_eq!(adf_to_markdown(&value), "");
    }
    assert_eq!(adf_to_markdown(&text("*bare*")), "\\*bare\\*");
    let item = json!({ "type": "listItem", "content": [para(json!([text("x")]))] });
    let huge = json!({ "type": "orderedList", "attrs": { "order": u64::MAX }, "content": [item, item] });
    assert_eq!(adf_to_markdown(&huge), "999999998. x\n999999999. x");
    let cell = json!({ "type": "tableCell", "content": [huge] });
    let table = json!({ "type": "table", "content": [{ "type": "tableRow", "content": [cell] }] });
    assert_eq!(adf_to_markdown(&table), "|  |\n| --- |\n| 999999999. x<br>1000000000. x |");
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
    assert_eq!(adf_to_markdown(&hostile), "top");
    drop_iteratively(hostile);
    let list = |content: Vec<Value>| node("bulletList", vec![node("listItem", content)]);
    let mut nested_lists = list(vec![para(json!([text("kept")]))]);
    for _ in 0..10 {
        nested_lists = list(vec![para(json!([text("level")])), nested_lists]);
    }
    let rendered = adf_to_markdown(&nested_lists);
    assert!(rendered.ends_with(&format!("\n{}- kept", " ".repeat(20))), "{rendered}");
}

/// serde_json drops nested values recursively; 10 000 levels would overflow the test's stack.
pub(super) fn drop_iteratively(value: Value) {
    let mut pending = vec![value];
    while let Some(mut value) = pending.pop() {
        if let Some(content) = value.get_mut("content").and_then(Value::as_array_mut) {
            pending.append(content);
        }
    }
}
