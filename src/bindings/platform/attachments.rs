//! `platform-attachments`: upload, metadata, download and delete of issue attachments.

use base64::Engine as _;

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_attachments as wit;
use super::super::{user_ref, wit_error, Component};
use super::{core, guard, Result};
use crate::error::Error;
use crate::jira::attachments::Attachment;

fn attachment(a: Attachment) -> wit::Attachment {
    wit::Attachment {
        id: a.id,
        filename: a.filename,
        mime_type: a.mime_type,
        size: a.size,
        created: a.created,
        author: a.author.map(user_ref),
        content_url: a.content_url,
        raw_json: a.raw.to_string(),
    }
}

impl wit::Guest for Component {
    fn upload_attachment(
        c: ClientBorrow<'_>,
        issue_key: String,
        filename: String,
        content: Vec<u8>,
        mime_type: Option<String>,
    ) -> Result<Vec<wit::Attachment>> {
        guard(&c, "upload-attachment", true, serde_json::json!({ "issue_key": issue_key }))?;
        // One validation path with the tool: the core takes the content as base64.
        let content_base64 = base64::engine::general_purpose::STANDARD.encode(&content);
        let created = core(&c)
            .upload_attachment(&issue_key, &filename, &content_base64, mime_type.as_deref())
            .map_err(wit_error)?;
        Ok(created.into_iter().map(attachment).collect())
    }

    fn get_attachment(c: ClientBorrow<'_>, attachment_id: String) -> Result<wit::Attachment> {
        guard(&c, "get-attachment", false, serde_json::json!({ "attachment_id": attachment_id }))?;
        core(&c).get_attachment(&attachment_id).map(attachment).map_err(wit_error)
    }

    fn download_attachment(c: ClientBorrow<'_>, attachment_id: String) -> Result<wit::DownloadedAttachment> {
        guard(&c, "download-attachment", false, serde_json::json!({ "attachment_id": attachment_id }))?;
        let file = core(&c).download_attachment(&attachment_id).map_err(wit_error)?;
        let content =
            base64::engine::general_purpose::STANDARD.decode(file.content_base64.as_bytes()).map_err(|_| {
                wit_error(Error::decode("download attachment", "content", "the downloaded content could not be read"))
            })?;
        Ok(wit::DownloadedAttachment {
            id: file.id,
            filename: file.filename,
            mime_type: file.mime_type,
            size: file.size,
            content,
        })
    }

    fn delete_attachment(c: ClientBorrow<'_>, attachment_id: String) -> Result<()> {
        guard(&c, "delete-attachment", true, serde_json::json!({ "attachment_id": attachment_id }))?;
        core(&c).delete_attachment(&attachment_id).map_err(wit_error)
    }
}
