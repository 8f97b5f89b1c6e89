//! The part of the ADF content model this module writes: which block may sit in which container.
//!
//! Taken from the published ADF JSON schema (`@atlaskit/adf-schema`, `full.json`), restricted to the nodes
//! Markdown produces. `to_adf` fits blocks to it; the tests' validator checks every output against it.

/// Block nodes a top-level document holds.
const DOC: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "codeBlock",
    "blockquote",
    "panel",
    "expand",
    "rule",
    "table",
    "mediaSingle",
    "mediaGroup",
];

/// A list item: a paragraph, code block or image first (see [`LIST_ITEM_FIRST`]), then these.
const LIST_ITEM: &[&str] = &["paragraph", "bulletList", "orderedList", "taskList", "codeBlock", "mediaSingle"];

/// What may open a list item.
pub(super) const LIST_ITEM_FIRST: &[&str] = &["paragraph", "codeBlock", "mediaSingle"];

const BLOCKQUOTE: &[&str] = &["paragraph", "bulletList", "orderedList", "codeBlock", "mediaGroup", "mediaSingle"];

const PANEL: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "codeBlock",
    "rule",
    "mediaGroup",
    "mediaSingle",
];

const EXPAND: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "codeBlock",
    "blockquote",
    "panel",
    "rule",
    "table",
    "mediaGroup",
    "mediaSingle",
];

const TABLE_CELL: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "taskList",
    "codeBlock",
    "blockquote",
    "panel",
    "rule",
    "mediaGroup",
    "mediaSingle",
];

/// Inline nodes this module writes inside paragraphs, headings and task items.
#[cfg(test)]
pub(super) const INLINE: &[&str] =
    &["text", "hardBreak", "mention", "emoji", "inlineCard", "status", "date", "mediaInline"];

/// Panel types ADF knows, as written in `attrs.panelType`.
pub(super) const PANEL_TYPES: &[&str] = &["info", "note", "tip", "warning", "error", "success"];

/// Status lozenge colours ADF knows.
pub(super) const STATUS_COLORS: &[&str] = &["neutral", "purple", "blue", "red", "yellow", "green"];

/// The block children a container node may hold (empty for nodes that hold no blocks).
pub(super) fn block_children(parent: &str) -> &'static [&'static str] {
    match parent {
        "doc" => DOC,
        "listItem" => LIST_ITEM,
        "blockquote" => BLOCKQUOTE,
        "panel" => PANEL,
        "expand" => EXPAND,
        "tableCell" | "tableHeader" => TABLE_CELL,
        _ => &[],
    }
}

/// Whether `child` may sit directly in `parent`.
pub(super) fn allows(parent: &str, child: &str) -> bool {
    block_children(parent).contains(&child)
}
