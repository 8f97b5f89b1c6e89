//! Markdown -> ADF: the exact tree of every construct, and how blocks are fitted to ADF's rules.

use serde_json::{json, Value};

use super::{blocks_of, hard_break, marked, para, text};

fn mark(kind: &str) -> Value {
    json!({ "type": kind })
}

fn link(href: &str) -> Value {
    json!({ "type": "link", "attrs": { "href": href } })
}

fn item(content: Value) -> Value {
    json!({ "type": "listItem", "content": content })
}

fn bullets(items: Value) -> Value {
    json!({ "type": "bulletList", "content": items })
}

fn id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn task(n: u64, state: &str, content: Value) -> Value {
    json!({ "type": "taskItem", "attrs": { "localId": id(n), "state": state }, "content": content })
}

fn tasks(n: u64, content: Value) -> Value {
    json!({ "type": "taskList", "attrs": { "localId": id(n) }, "content": content })
}

fn cell(kind: &str, content: Value) -> Value {
    json!({ "type": kind, "content": [para(content)] })
}

#[test]
fn blank_text_is_an_empty_document() {
    for blank in ["", " \n\n\t\n", "\r\n"] {
        assert_eq!(super::to_adf(blank), json!({ "type": "doc", "version": 1, "content": [] }));
    }
}

#[test]
fn lines_are_hard_breaks_and_blank_lines_paragraphs() {
    let expected = json!([
        para(json!([
            text("Line one"),
            hard_break(),
            text("line two"),
            hard_break(),
            text("line three"),
            hard_break(),
            text("four")
        ])),
        para(json!([text("next")])),
    ]);
    assert_eq!(blocks_of("Line one\r\nline two  \n  line three\\\nfour\n\n\nnext  "), expected);
}

#[test]
fn headings_atx_and_setext() {
    let heading =
        |level: u8, content: Value| json!({ "type": "heading", "attrs": { "level": level }, "content": content });
    assert_eq!(
        blocks_of("# Title #\n## Trailing \\#\n###### Six\n####### Seven\nSetext\n===\nTwo\n---\n#5 no\n#"),
        json!([
            heading(1, json!([text("Title")])),
            heading(2, json!([text("Trailing #")])),
            heading(6, json!([text("Six")])),
            heading(1, json!([text("####### Seven Setext")])),
            heading(2, json!([text("Two")])),
            para(json!([text("#5 no")])),
            heading(1, json!([])),
        ])
    );
}

#[test]
fn emphasis_strike_code_and_html_marks() {
    let markdown = "**b** *i* _i_ ***bi*** ~~s~~ `co`de **a *b* c** snake_case_name **open ~one~ \
                    <u>u</u> H<sub>2</sub>O x<sup>2</sup> <U>up</U> </u> `` a`b `` **`x`** `open";
    assert_eq!(
        blocks_of(markdown),
        json!([para(json!([
            marked("b", json!([mark("strong")])),
            text(" "),
            marked("i", json!([mark("em")])),
            text(" "),
            marked("i", json!([mark("em")])),
            text(" "),
            marked("bi", json!([mark("strong"), mark("em")])),
            text(" "),
            marked("s", json!([mark("strike")])),
            text(" "),
            marked("co", json!([mark("code")])),
            text("de "),
            marked("a ", json!([mark("strong")])),
            marked("b", json!([mark("strong"), mark("em")])),
            marked(" c", json!([mark("strong")])),
            text(" snake_case_name **open ~one~ "),
            marked("u", json!([mark("underline")])),
            text(" H"),
            marked("2", json!([{ "type": "subsup", "attrs": { "type": "sub" } }])),
            text("O x"),
            marked("2", json!([{ "type": "subsup", "attrs": { "type": "sup" } }])),
            text(" "),
            marked("up", json!([mark("underline")])),
            text(" </u> "),
            marked("a`b", json!([mark("code")])),
            text(" "),
            marked("x", json!([mark("code")])),
            text(" `open"),
        ]))])
    );
}

#[test]
fn links_autolinks_escapes_and_entities() {
    let markdown = "[t *e*](https://x.example \"T\") <https://y.example/p> <mailto:a@b.c> <a@b.co> \
                    [s](<https://x.example/a b>) [e]() [no link] \\*lit\\* &amp;&copy;&#35;&#x1F600;&bogus; <br> <b>";
    assert_eq!(
        blocks_of(markdown),
        json!([para(json!([
            marked("t ", json!([{ "type": "link", "attrs": { "href": "https://x.example", "title": "T" } }])),
            marked("e", json!([mark("em"), { "type": "link", "attrs": { "href": "https://x.example", "title": "T" } }])),
            text(" "),
            { "type": "inlineCard", "attrs": { "url": "https://y.example/p" } },
            text(" "),
            marked("mailto:a@b.c", json!([link("mailto:a@b.c")])),
            text(" "),
            marked("a@b.co", json!([link("mailto:a@b.co")])),
            text(" "),
            marked("s", json!([link("https://x.example/a b")])),
            text(" e [no link] *lit* &©#😀&bogus; "),
            hard_break(),
            text(" <b>"),
        ]))])
    );
}

#[test]
fn mentions_emoji_status_and_dates() {
    let markdown = "@[Ann Lee](accountId:5b10) :smile: :+1: 10:30:00 [IN REVIEW](status:Blue) [x](status:pink) \
                    [2023-11-14](date:1700000000000) [x](date:abc) [](status:red) [Bob](accountId:qm:1)";
    assert_eq!(
        blocks_of(markdown),
        json!([para(json!([
            { "type": "mention", "attrs": { "id": "5b10", "text": "@Ann Lee" } },
            text(" "),
            { "type": "emoji", "attrs": { "shortName": ":smile:" } },
            text(" "),
            { "type": "emoji", "attrs": { "shortName": ":+1:" } },
            text(" 10:30:00 "),
            { "type": "status", "attrs": { "text": "IN REVIEW", "color": "blue" } },
            text(" "),
            { "type": "status", "attrs": { "text": "x", "color": "neutral" } },
            text(" "),
            { "type": "date", "attrs": { "timestamp": "1700000000000" } },
            text(" x  "),
            { "type": "mention", "attrs": { "id": "qm:1", "text": "@Bob" } },
        ]))])
    );
}

#[test]
fn images_and_attachments_become_media() {
    let media = |attrs: Value| json!({ "type": "media", "attrs": attrs });
    let single = |content: Value| json!({ "type": "mediaSingle", "attrs": { "layout": "center" }, "content": content });
    assert_eq!(
        blocks_of(
            "![a](attachment:id-1)\n\n![b](attachment:id%202?collection=c&type=link \"cap\") ![](https://img.example/x.png)\n\n\
             [f](attachment:1) [](attachment:2)\n\nsee [f](attachment:1) and ![i](https://img.example/i.png) and ![x](foo.png) \
             ![](attachment:)"
        ),
        json!([
            single(json!([media(json!({ "type": "file", "id": "id-1", "collection": "", "alt": "a" }))])),
            single(json!([
                media(json!({ "type": "link", "id": "id 2", "collection": "c", "alt": "b" })),
                { "type": "caption", "content": [text("cap")] },
            ])),
            single(json!([media(json!({ "type": "external", "url": "https://img.example/x.png" }))])),
            { "type": "mediaGroup", "content": [
                media(json!({ "type": "file", "id": "1", "collection": "", "alt": "f" })),
                media(json!({ "type": "file", "id": "2", "collection": "" })),
            ] },
            para(json!([
                text("see "),
                { "type": "mediaInline", "attrs": { "type": "file", "id": "1", "collection": "" } },
                text(" and "),
                marked("i", json!([link("https://img.example/i.png")])),
                text(" and "),
                marked("x", json!([link("foo.png")])),
                text(" "),
            ])),
        ])
    );
}

#[test]
fn lists_keep_numbers_nesting_and_lazy_lines() {
    let markdown =
        "- a\n- b\n  - c\n    continued\nlazy\n\n3. x\n4. y\n\n   second\n7) seven\n+ other\n-\n- ```\n  code\n  ```";
    assert_eq!(
        blocks_of(markdown),
        json!([
            bullets(json!([
                item(json!([para(json!([text("a")]))])),
                item(json!([
                    para(json!([text("b")])),
                    bullets(json!([item(json!([para(json!([text("c"), hard_break(), text("continued"), hard_break(), text("lazy")]))]))])),
                ])),
            ])),
            { "type": "orderedList", "attrs": { "order": 3 }, "content": [
                item(json!([para(json!([text("x")]))])),
                item(json!([para(json!([text("y")])), para(json!([text("second")]))])),
            ] },
            { "type": "orderedList", "attrs": { "order": 7 }, "content": [item(json!([para(json!([text("seven")]))]))] },
            bullets(json!([item(json!([para(json!([text("other")]))]))])),
            bullets(json!([
                item(json!([{ "type": "paragraph", "content": [] }])),
                item(json!([{ "type": "codeBlock", "content": [text("code")] }])),
            ])),
        ])
    );
}

#[test]
fn task_items_become_task_lists_with_local_ids() {
    let markdown = "- [ ] todo\n- [x] done\n  - [ ] nested\n- plain\n- [X] # not a heading\n- [ ]\n\n\
                    - [ ] more\n\n  second para\n\n  > quote after\n- [ ] next";
    assert_eq!(
        blocks_of(markdown),
        json!([
            tasks(5, json!([
                task(1, "TODO", json!([text("todo")])),
                task(4, "DONE", json!([text("done")])),
                tasks(3, json!([task(2, "TODO", json!([text("nested")]))])),
            ])),
            bullets(json!([item(json!([para(json!([text("plain")]))]))])),
            tasks(9, json!([
                task(6, "DONE", json!([text("# not a heading")])),
                task(7, "TODO", json!([])),
                task(8, "TODO", json!([text("more"), hard_break(), text("second para")])),
            ])),
            { "type": "blockquote", "content": [para(json!([text("quote after")]))] },
            tasks(11, json!([task(10, "TODO", json!([text("next")]))])),
        ])
    );
}

#[test]
fn code_blocks_fenced_and_indented() {
    let markdown = "```rust title\nfn main() {}\n\n```\n\n~~~\ntilde ``` inside\n~~~\n\n    indented\n\t  tab\n\n\
                    ``` not`a fence\n\n```\nunclosed";
    assert_eq!(
        blocks_of(markdown),
        json!([
            { "type": "codeBlock", "attrs": { "language": "rust" }, "content": [text("fn main() {}\n")] },
            { "type": "codeBlock", "content": [text("tilde ``` inside")] },
            { "type": "codeBlock", "content": [text("indented\n  tab")] },
            para(json!([text("``` not`a fence")])),
            { "type": "codeBlock", "content": [text("unclosed")] },
        ])
    );
}

#[test]
fn quotes_panels_and_expands() {
    let markdown = "> quoted\nlazy line\n> - list\n>\n> # heading in quote\n> > nested quote\n\n\
                    > [!INFO]\n> Panel text\n\n> [!important]\n> # Title\n> - [ ] t\n\n> [!TIP]\n\n> [!OTHER]\n\n\
                    <details><summary>More &amp; less</summary>\n\nHidden *text*\n\n</details>\n\n\
                    <details>\n<summary>Next line</summary>\ninner\n<details><summary>Nested</summary>\ndeep\n</details>\n</details>";
    assert_eq!(
        blocks_of(markdown),
        json!([
            { "type": "blockquote", "content": [
                para(json!([text("quoted"), hard_break(), text("lazy line")])),
                bullets(json!([item(json!([para(json!([text("list")]))]))])),
                para(json!([text("heading in quote")])),
                para(json!([text("nested quote")])),
            ] },
            { "type": "panel", "attrs": { "panelType": "info" }, "content": [para(json!([text("Panel text")]))] },
            { "type": "panel", "attrs": { "panelType": "note" }, "content": [
                { "type": "heading", "attrs": { "level": 1 }, "content": [text("Title")] },
                tasks(2, json!([task(1, "TODO", json!([text("t")]))])),
            ] },
            { "type": "panel", "attrs": { "panelType": "tip" }, "content": [{ "type": "paragraph", "content": [] }] },
            { "type": "blockquote", "content": [para(json!([text("[!OTHER]")]))] },
            { "type": "expand", "attrs": { "title": "More & less" }, "content": [
                para(json!([text("Hidden "), marked("text", json!([mark("em")]))])),
            ] },
            { "type": "expand", "attrs": { "title": "Next line" }, "content": [para(json!([text("inner")])), para(json!([text("deep")]))] },
        ])
    );
}

#[test]
fn tables_pad_rows_and_unescape_pipes() {
    let markdown = "| a | b \\| c | `x\\|y` |\n|:--|:-:|--:|\n| 1 | 2 |\n| 3 | 4 | 5 | 6 |\n\n|  |  |\n| --- | --- |\n| only | body |";
    let empty = json!([]);
    assert_eq!(
        blocks_of(markdown),
        json!([
            { "type": "table", "attrs": { "isNumberColumnEnabled": false, "layout": "default" }, "content": [
                { "type": "tableRow", "content": [
                    cell("tableHeader", json!([text("a")])),
                    cell("tableHeader", json!([text("b | c")])),
                    cell("tableHeader", json!([marked("x|y", json!([mark("code")]))])),
                    cell("tableHeader", empty.clone()),
                ] },
                { "type": "tableRow", "content": [
                    cell("tableCell", json!([text("1")])),
                    cell("tableCell", json!([text("2")])),
                    cell("tableCell", empty.clone()),
                    cell("tableCell", empty),
                ] },
                { "type": "tableRow", "content": [
                    cell("tableCell", json!([text("3")])),
                    cell("tableCell", json!([text("4")])),
                    cell("tableCell", json!([text("5")])),
                    cell("tableCell", json!([text("6")])),
                ] },
            ] },
            { "type": "table", "attrs": { "isNumberColumnEnabled": false, "layout": "default" }, "content": [
                { "type": "tableRow", "content": [cell("tableCell", json!([text("only")])), cell("tableCell", json!([text("body")]))] },
            ] },
        ])
    );
}

#[test]
fn blocks_are_fitted_to_what_their_container_allows() {
    let markdown = "- # heading in list\n- | t | u |\n  | - | - |\n  | 1 | 2 |\n- <details><summary>S</summary>\n\n  in details\n\n  </details>\n\
                    - > quoted\n  > ---\n- [f](attachment:1) [g](attachment:2)\n\n> - [x] done task\n\n***\n- - -";
    let media = |id: &str, alt: &str| json!({ "type": "media", "attrs": { "type": "file", "id": id, "collection": "", "alt": alt } });
    let single = |media: Value| json!({ "type": "mediaSingle", "attrs": { "layout": "center" }, "content": [media] });
    assert_eq!(
        blocks_of(markdown),
        json!([
            bullets(json!([
                item(json!([para(json!([text("heading in list")]))])),
                item(json!([para(json!([text("t")])), para(json!([text("u")])), para(json!([text("1")])), para(json!([text("2")]))])),
                item(json!([para(json!([text("in details")]))])),
                item(json!([para(json!([text("quoted")]))])),
                item(json!([single(media("1", "f")), single(media("2", "g"))])),
            ])),
            { "type": "blockquote", "content": [para(json!([text("[x] "), text("done task")]))] },
            { "type": "rule" },
            { "type": "rule" },
        ])
    );
}
