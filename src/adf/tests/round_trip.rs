//! Round trips: Markdown -> ADF -> Markdown is a fixed point on what this module writes (the rich
//! fixture's Markdown included) and stable after one pass on other Markdown; ADF -> Markdown -> ADF keeps
//! the structure, modulo the normalisations documented in the module docs.

use serde_json::{json, Map, Value};

use super::to_markdown::RICH_MARKDOWN;
use super::{rich_fixture, to_adf};
use crate::adf::adf_to_markdown;

/// Markdown exactly as `adf_to_markdown` writes it: each is a fixed point.
pub(super) const CANONICAL: &[&str] = &[
    RICH_MARKDOWN,
    "Paragraph with **bold**, *italic*, ~~strike~~, `code`, <u>under</u>, H<sub>2</sub>O and x<sup>2</sup>.",
    "**bold *both*** plain *~~<u>x</u>~~* ``a`b`` `  x  `",
    "[link](https://example.com \"Title\") and [**bold** link](<https://example.com/a_(b)>) [see `code`](https://c.example)",
    "@[Ann Lee](accountId:5b10ac8d82e05b22cc7d4ef5) :smile: [IN REVIEW](status:blue) [2023-11-14](date:1700000000000)",
    "Line one\nline two\n\\\nafter an empty line",
    "# H1\n\n## H2 with `code`\n\n###### H6 \\#",
    "- a\n- b\n  - c\n    - d\n- e",
    "3. three\n4. four\n\n   more\n5. five\n\n   2. nested",
    "- [ ] todo\n- [x] done\n  - [ ] nested\n- [ ]",
    "-\n- ```\n  x\n  ```",
    "```rust\nfn main() {}\n```",
    "````\na ``` b\n\n````",
    "```\n```",
    "> quote\n>\n> - item\n>\n> ```\n> code\n> ```",
    "> [!WARNING]\n> Careful\n>\n> # Heading in a panel",
    "> [!NOTE]",
    "<details><summary>Details &lt;&amp;&gt;</summary>\n\nHidden\n\n| a |\n| --- |\n| 1 |\n\n</details>",
    "| **A** | B \\| b |\n| --- | --- |\n| 1 | 2<br>3 |\n| `x\\|y` | - item |",
    "|  |  |\n| --- | --- |\n| no | header |",
    "---",
    "![diagram.png](attachment:9f1?collection=jira-1 \"The flow\")\n\n![](https://img.example/a.png)",
    "[spec.pdf](attachment:b2?type=link) [](attachment:c%203)",
    "See [](attachment:x1) inline, and <https://example.com/card>",
    "- a\n\n* b\n\n- c\n\n1. one\n\n1) two\n\n- [ ] t\n\n* [ ] u",
    "\\# not a heading\n1\\. not a list\n\\- not a list\n\\*not emphasis\\* snake_case \\[x\\] a \\| b \\:smile: 10:30",
];

/// Markdown as people write it: stable after one pass.
pub(super) const WRITTEN: &[&str] = &[
    "* star\n+ plus\n\n1) paren\n2) list",
    "_em_ __strong__ ***both*** **unclosed",
    "Setext\n===\n\nTwo\n---",
    "Hard  \nbreaks\\\nand soft\nones",
    "    indented code\n\n~~~python\ntilde\n~~~",
    "<a@b.co> <mailto:x@y.z> [x](<u r l>) [y]() &copy; &#35; &bogus;",
    "> lazy\ncontinuation\n> > nested\n\n> [!caution]\n> GitHub alert",
    "- # heading in list\n- > quote in list\n- | t |\n  | - |\n  | 1 |",
    "| a | b |\n|:-|-:|\n| 1 |\n| 1 | 2 | 3 |",
    "<details>\n<summary>T</summary>\nbody\n</details>",
    "- [ ] more\n\n  second\n\n  > after\n- [ ] next",
    "text with trailing spaces   \n\n\n\nand blank lines",
    "![x](foo.png) ![](attachment:) [](status:red) [x](date:abc)",
    "`` ` `` ` a ` ```x```",
    "# Heading ##\n#Not heading\n####### seven",
];

#[test]
fn canonical_markdown_is_a_fixed_point() {
    for sample in CANONICAL {
        assert_eq!(
            adf_to_markdown(&to_adf(sample)),
            *sample,
            "\n{}",
            serde_json::to_string(&to_adf(sample)).unwrap_or_default()
        );
    }
}

#[test]
fn written_markdown_is_stable_after_one_pass() {
    for sample in WRITTEN {
        let once = adf_to_markdown(&to_adf(sample));
        let twice = adf_to_markdown(&to_adf(&once));
        assert_eq!(twice, once, "{sample:?}");
    }
}

/// The documented normalisations, applied to both sides of an ADF round trip.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, value) in object {
                match (key.as_str(), value) {
                    ("attrs", Value::Object(attrs)) if attrs.is_empty() => {}
                    ("localId", _) => {}
                    _ => {
                        out.insert(key.clone(), normalise(value));
                    }
                }
            }
            let kind = object.get("type").and_then(Value::as_str).unwrap_or_default();
            if kind == "orderedList" && object.get("attrs").and_then(|attrs| attrs.get("order")).is_none() {
                out.insert("attrs".into(), json!({ "order": 1 }));
            }
            if kind == "mention" {
                if let Some(Value::String(text)) = out.get_mut("attrs").and_then(|attrs| attrs.get_mut("text")) {
                    if !text.starts_with('@') {
                        text.insert(0, '@');
                    }
                }
            }
            if kind == "paragraph" {
                if let Some(Value::Array(content)) = out.get_mut("content") {
                    while content.last().is_some_and(|last| last["type"] == "hardBreak") {
                        content.pop();
                    }
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[test]
fn the_rich_fixture_keeps_its_structure() {
    let fixture = rich_fixture();
    let back = to_adf(&adf_to_markdown(&fixture));
    assert_eq!(normalise(&back), normalise(&fixture));
}

#[test]
fn every_markdown_construct_survives_adf_to_markdown_to_adf() {
    let adf = to_adf(&CANONICAL[1..].join("\n\n"));
    assert_eq!(to_adf(&adf_to_markdown(&adf)), adf);
}
