//! Hostile input: no panic and valid ADF for every prefix of the corpus, for generated and random
//! strings, for mutated and generated JSON, and for deep or pathological nesting.

use serde_json::{json, Map, Value};

use super::round_trip_corpus;
use super::to_markdown::drop_iteratively;
use super::validate::validate;
use crate::adf::{adf_to_markdown, markdown_to_adf};

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Converts both ways and checks the ADF; returns the Markdown written back.
fn check(markdown: &str) -> String {
    let adf = markdown_to_adf(markdown);
    if let Err(error) = validate(&adf) {
        panic!("invalid ADF for {markdown:?}: {error}\n{adf}");
    }
    adf_to_markdown(&adf)
}

#[test]
fn every_prefix_of_the_corpus_gives_valid_adf_and_settles() {
    for sample in round_trip_corpus() {
        let chars: Vec<char> = sample.chars().collect();
        for end in 0..=chars.len() {
            let prefix: String = chars.iter().take(end).collect();
            let once = check(&prefix);
            assert_eq!(check(&once), once, "prefix {prefix:?}");
        }
    }
}

const PIECES: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "~~",
    "~",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "> ",
    "&amp;",
    "&#",
    ";",
    "\\",
    "|",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "# ",
    "## ",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "    ",
    "---",
    "===",
    ":",
    ":smile:",
    "@[",
    "](accountId:",
    "](attachment:",
    "](status:",
    "](date:1",
    "](https://x.example",
    "<https://y.example>",
    "<br>",
    "<u>",
    "</u>",
    "<sub>",
    "</sup>",
    "<details>",
    "<summary>",
    "</summary>",
    "</details>",
    "[ ] ",
    "[x] ",
    "[!INFO]",
    "| --- |",
    "word",
    "é",
    "😀",
    "\u{0}",
    "\r",
    "a",
    "b c",
];

#[test]
fn generated_markdown_gives_valid_adf() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let length = rng.below(60);
        let markdown: String = (0..length).filter_map(|_| rng.pick(PIECES)).copied().collect();
        let once = check(&markdown);
        check(&once);
    }
}

#[test]
fn random_bytes_give_valid_adf() {
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let length = rng.below(200);
        let bytes: Vec<u8> = (0..length).map(|_| u8::try_from(rng.next() % 256).unwrap_or(0)).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

const NODE_TYPES: &[&str] = &[
    "doc",
    "paragraph",
    "text",
    "heading",
    "bulletList",
    "orderedList",
    "listItem",
    "taskList",
    "taskItem",
    "codeBlock",
    "blockquote",
    "panel",
    "expand",
    "nestedExpand",
    "rule",
    "table",
    "tableRow",
    "tableCell",
    "tableHeader",
    "mediaSingle",
    "mediaGroup",
    "media",
    "mediaInline",
    "caption",
    "mention",
    "emoji",
    "status",
    "date",
    "inlineCard",
    "blockCard",
    "hardBreak",
    "decisionList",
    "decisionItem",
    "layoutSection",
    "unknown",
];

/// A random JSON value shaped like ADF (or not), `depth` levels deep at most.
fn random_node(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 6 } else { 10 }) {
        0 => Value::Null,
        1 => json!(if rng.below(2) == 0 { rng.next() } else { rng.next() % 1000 }),
        2 => json!(*rng.pick(PIECES).unwrap_or(&"")),
        3 => json!(true),
        4 => json!([]),
        5 => json!({ "type": "text", "text": rng.pick(PIECES).unwrap_or(&""), "marks": random_marks(rng) }),
        _ => {
            let mut node = Map::new();
            node.insert("type".into(), json!(rng.pick(NODE_TYPES).unwrap_or(&"doc")));
            let mut attrs = Map::new();
            for key in [
                "level",
                "order",
                "language",
                "panelType",
                "title",
                "state",
                "id",
                "text",
                "shortName",
                "url",
                "timestamp",
                "color",
                "type",
                "collection",
                "alt",
            ] {
                if rng.below(3) == 0 {
                    attrs.insert(key.into(), random_node(rng, 0));
                }
            }
            node.insert("attrs".into(), Value::Object(attrs));
            let children = (0..rng.below(4)).map(|_| random_node(rng, depth - 1)).collect();
            node.insert("content".into(), Value::Array(children));
            Value::Object(node)
        }
    }
}

fn random_marks(rng: &mut Rng) -> Value {
    let kinds = ["strong", "em", "strike", "code", "underline", "link", "subsup", "textColor", "bogus"];
    let marks: Vec<Value> = (0..rng.below(4))
        .map(|_| json!({ "type": rng.pick(&kinds).unwrap_or(&"em"), "attrs": { "href": "https://h.example/(x)", "type": "sup" } }))
        .collect();
    Value::Array(marks)
}

/// Replaces a random descendant of `value` by `replacement`.
fn mutate(value: &mut Value, rng: &mut Rng, replacement: Value) {
    let mut current = value;
    loop {
        let size = current.get("content").and_then(Value::as_array).map_or(0, Vec::len);
        if size == 0 || rng.below(4) == 0 {
            *current = replacement;
            return;
        }
        let index = rng.below(size);
        match current.get_mut("content").and_then(|content| content.get_mut(index)) {
            Some(child) => current = child,
            None => return,
        }
    }
}

#[test]
fn mutated_and_generated_adf_reads_without_panic_and_writes_back_valid() {
    let mut rng = Rng(7);
    let base = markdown_to_adf(&round_trip_corpus().join("\n\n"));
    for _ in 0..1500 {
        let mut adf = if rng.below(2) == 0 { base.clone() } else { random_node(&mut rng, 6) };
        for _ in 0..rng.below(4) {
            let replacement = random_node(&mut rng, 3);
            mutate(&mut adf, &mut rng, replacement);
        }
        let markdown = adf_to_markdown(&adf);
        check(&markdown);
    }
}

#[test]
fn pathological_markdown_stays_valid() {
    let samples = [
        "> ".repeat(5000) + "deep",
        // Each container level re-reads the lines inside it: 64 levels of a quadratic-size input.
        (0..300).map(|level| format!("{}- item\n", "  ".repeat(level))).collect(),
        "<details>\n".repeat(1000) + "x",
        "[".repeat(50_000),
        "![".repeat(20_000) + &"](x)".repeat(20_000),
        "*a ".repeat(20_000) + &"a* ".repeat(20_000),
        "`".repeat(5000) + &" `".repeat(5000),
        "a](".repeat(20_000),
        "<a:".repeat(20_000),
        "&#".repeat(20_000),
        ":a".repeat(20_000),
        "| a |\n| - |\n".repeat(2000),
        "- [ ] ".repeat(5000),
        "~~".repeat(20_000),
        "<u>".repeat(10_000) + &"</u>".repeat(10_000),
    ];
    for markdown in samples {
        let adf = markdown_to_adf(&markdown);
        if let Err(error) = validate(&adf) {
            panic!("invalid ADF for a {}-byte pathological input: {error}", markdown.len());
        }
        adf_to_markdown(&adf);
        drop_iteratively(adf);
    }
}

/// Found by the `markdown_to_adf` fuzz target: each `](` scanned its destination (or a `(title)`) up to the
/// end of the input, so `[a](` repeated took quadratic time (40 KB: 15 s in a debug build).
#[test]
fn unclosed_link_destinations_and_titles_are_read_in_linear_time() {
    for (markdown, text) in [
        ("[a](".repeat(10_000), "[a]("),
        ("[x](status:".repeat(4_000), "[x](status:"),
        ("[a](x (".repeat(6_000), "[a](x ("),
        ("![a](<x".repeat(6_000), "![a](<x"),
    ] {
        let started = std::time::Instant::now();
        let adf = markdown_to_adf(&markdown);
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(5), "{} bytes of {text:?} took {took:?}", markdown.len());
        // Nothing is a link: the text is kept as it was typed.
        let first = adf["content"][0]["content"][0]["text"].as_str().unwrap_or_default();
        assert!(first.starts_with(text), "{text:?} read as {first:?}");
        assert!(validate(&adf).is_ok());
    }
}

#[test]
fn links_nest_parentheses_up_to_the_limit() {
    let nested = format!("[a](x{}y{})", "(".repeat(32), ")".repeat(32));
    assert_eq!(
        markdown_to_adf(&nested)["content"][0]["content"][0]["marks"][0]["attrs"]["href"],
        format!("x{}y{}", "(".repeat(32), ")".repeat(32))
    );
    let deeper = format!("[a](x{}y{})", "(".repeat(33), ")".repeat(33));
    assert!(markdown_to_adf(&deeper)["content"][0]["content"][0].get("marks").is_none());
}
