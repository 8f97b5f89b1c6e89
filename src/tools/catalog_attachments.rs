//! The attachment tools, and the `include` argument of `jira_get_issue` with `attachments` added to the
//! issue-operation includes. Scopes are the spec's for the operations each tool calls ("Current" classic,
//! "Beta" granular).

use serde_json::{json, Value};

use super::catalog::{issue_key_arg, object, tool};
use crate::tools::ToolSpec;

/// What `jira_get_issue` can fetch and inline besides the issue (`attachments` reads the issue's
/// `attachment` field: the same operation, so no new scope).
pub(super) fn get_issue_includes() -> Vec<&'static str> {
    super::catalog_issue_ops::INCLUDES.iter().copied().chain(["attachments"]).collect()
}

/// The `include` argument of `jira_get_issue`: the issue-operation one, with `attachments` added.
pub(super) fn include_arg() -> Value {
    let includes = get_issue_includes();
    let mut arg = super::catalog_issue_ops::include_arg();
    arg["items"]["enum"] = json!(includes);
    arg["maxItems"] = json!(includes.len());
    arg["description"] =
        json!(format!("Also fetch and inline these, each under its own key: {}.", includes.join(", ")));
    arg
}

const READ: &[&str] = &["read:jira-work"];
const WRITE: &[&str] = &["write:jira-work"];

/// The granular scopes of `GET /rest/api/3/attachment/{id}` (they include the content's).
const READ_ATTACHMENT_GRANULAR: &[&str] =
    &["read:attachment:jira", "read:user:jira", "read:application-role:jira", "read:avatar:jira", "read:group:jira"];

fn attachment_id_arg() -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 18, "pattern": "^[0-9]+$",
            "description": "The numeric attachment id (the `id` of an entry of `attachments` in jira_get_issue)." })
}

/// The attachment tools.
pub fn attachment_tools() -> Vec<ToolSpec> {
    vec![
        tool(
            "jira_upload_attachment",
            "Attach a file to an issue. The content is base64 (standard alphabet); files above the configured limit (`options.max_attachment_bytes`, 10 MiB by default) are refused before anything is sent. The media type is guessed from the file name unless given. Returns the created attachment's id, filename, mime_type, size, created, author and content_url.",
            object(
                json!({
                    "issue_key": issue_key_arg(),
                    "filename": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The file name shown in Jira, e.g. screenshot.png (no path)." },
                    "content_base64": { "type": "string", "description": "The file's bytes, base64-encoded (line breaks allowed)." },
                    "mime_type": { "type": "string", "minLength": 3, "maxLength": 255, "description": "The media type, e.g. image/png; guessed from the file name when absent." },
                }),
                &["issue_key", "filename", "content_base64"],
            ),
            WRITE,
            &["read:user:jira", "write:attachment:jira", "read:attachment:jira", "read:avatar:jira"],
            &["POST /rest/api/3/issue/{issueIdOrKey}/attachments"],
        ),
        tool(
            "jira_get_attachment",
            "Get an attachment's metadata by id: filename, mime_type, size in bytes, created, author, content_url.",
            object(json!({ "attachment_id": attachment_id_arg() }), &["attachment_id"]),
            READ,
            READ_ATTACHMENT_GRANULAR,
            &["GET /rest/api/3/attachment/{id}"],
        ),
        tool(
            "jira_download_attachment",
            "Download an attachment by id: filename, mime_type, size and the bytes as content_base64. Files above the configured limit (`options.max_attachment_bytes`, 10 MiB by default) are refused with an invalid-input error.",
            object(json!({ "attachment_id": attachment_id_arg() }), &["attachment_id"]),
            READ,
            READ_ATTACHMENT_GRANULAR,
            &["GET /rest/api/3/attachment/{id}", "GET /rest/api/3/attachment/content/{id}"],
        ),
        tool(
            "jira_delete_attachment",
            "Delete an attachment by id (needs the permission to delete attachments in its project).",
            object(json!({ "attachment_id": attachment_id_arg() }), &["attachment_id"]),
            WRITE,
            &["delete:attachment:jira"],
            &["DELETE /rest/api/3/attachment/{id}"],
        ),
    ]
}
