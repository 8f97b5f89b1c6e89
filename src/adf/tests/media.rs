//! `merge_media`: a Markdown rewrite keeps the old document's media.

use serde_json::{json, Value};

use super::{doc, para, text, to_adf};
use crate::adf::{adf_to_markdown, merge_media};

fn media(id: &str, extra: Value) -> Value {
    let mut attrs = json!({ "type": "file", "id": id, "collection": "jira-10001" });
    if let (Some(attrs), Some(extra)) = (attrs.as_object_mut(), extra.as_object()) {
        attrs.extend(extra.clone());
    }
    json!({ "type": "media", "attrs": attrs })
}

fn old_document() -> Value {
    doc(json!([
        para(json!([text("Before")])),
        { "type": "mediaSingle", "attrs": { "layout": "wide", "width": 80 }, "content": [media("img-1", json!({ "width": 1200, "height": 800, "alt": "old alt" }))] },
        { "type": "mediaGroup", "content": [media("pdf-1", json!({})), media("pdf-2", json!({}))] },
        { "type": "bulletList", "content": [{ "type": "listItem", "content": [
            para(json!([text("see "), { "type": "mediaInline", "attrs": { "type": "file", "id": "inl-1", "collection": "jira-10001" } }])),
        ] }] },
        { "type": "mediaSingle", "attrs": { "layout": "center" }, "content": [{ "type": "media", "attrs": { "type": "external", "url": "https://img.example/x.png" } }] },
    ]))
}

#[test]
fn the_old_documents_markdown_names_its_media() {
    assert_eq!(
        adf_to_markdown(&old_document()),
        "Before\n\n![old alt](attachment:img-1?collection=jira-10001)\n\n\
         [](attachment:pdf-1?collection=jira-10001) [](attachment:pdf-2?collection=jira-10001)\n\n\
         - see [](attachment:inl-1?collection=jira-10001)\n\n![](https://img.example/x.png)"
    );
}

#[test]
fn referenced_media_get_their_attributes_back_and_missing_ones_are_appended() {
    // The rewrite keeps the image (with a new alt, and without the collection) and one file of the group.
    let rewritten = to_adf("New text\n\n![new alt](attachment:img-1)\n\n[](attachment:pdf-2)");
    let merged = merge_media(&old_document(), rewritten);
    assert_eq!(
        merged,
        doc(json!([
            para(json!([text("New text")])),
            { "type": "mediaSingle", "attrs": { "layout": "wide", "width": 80 }, "content": [media("img-1", json!({ "width": 1200, "height": 800, "alt": "new alt" }))] },
            { "type": "mediaGroup", "content": [media("pdf-2", json!({}))] },
            { "type": "mediaGroup", "content": [media("pdf-1", json!({}))] },
            { "type": "mediaSingle", "attrs": { "layout": "center" }, "content": [{ "type": "media", "attrs": { "type": "external", "url": "https://img.example/x.png" } }] },
            para(json!([{ "type": "mediaInline", "attrs": { "type": "file", "id": "inl-1", "collection": "jira-10001" } }])),
        ]))
    );
    super::validate::validate(&merged).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn a_rewrite_of_the_rendered_markdown_changes_nothing() {
    let old = old_document();
    let rewritten = to_adf(&adf_to_markdown(&old));
    let merged = merge_media(&old, rewritten.clone());
    assert_eq!(merged["content"].as_array().map(Vec::len), rewritten["content"].as_array().map(Vec::len));
    assert_eq!(merged["content"][1], old["content"][1]);
    assert_eq!(
        merged["content"][3]["content"][0]["content"][0]["content"][1],
        old["content"][3]["content"][0]["content"][0]["content"][1]
    );
}

#[test]
fn documents_without_media_or_content_pass_through() {
    let new = to_adf("Only text");
    assert_eq!(merge_media(&doc(json!([para(json!([text("old")]))])), new.clone()), new);
    assert_eq!(merge_media(&json!(null), new.clone()), new);
    assert_eq!(merge_media(&old_document(), json!("not a doc")), json!("not a doc"));
    let merged = merge_media(&old_document(), json!({ "type": "doc", "version": 1, "content": [] }));
    assert_eq!(merged["content"].as_array().map(Vec::len), Some(4));
}
