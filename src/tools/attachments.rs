//! Dispatch of the attachment tools into the typed client operations, and the `attachments` include of
//! `jira_get_issue`.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the attachment tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_upload_attachment" => value(&|| {
            let key = args.str("issue_key")?;
            let uploaded = client.upload_attachment(
                key,
                args.str("filename")?,
                args.str("content_base64")?,
                args.opt_str("mime_type")?,
            )?;
            Ok(json!({ "issue_key": key, "attachments": to_json(uploaded) }))
        }),
        "jira_get_attachment" => value(&|| Ok(to_json(client.get_attachment(args.str("attachment_id")?)?))),
        "jira_download_attachment" => value(&|| Ok(to_json(client.download_attachment(args.str("attachment_id")?)?))),
        "jira_delete_attachment" => value(&|| {
            let attachment_id = args.str("attachment_id")?;
            client.delete_attachment(attachment_id)?;
            Ok(json!({ "deleted": true, "attachment_id": attachment_id }))
        }),
        _ => return None,
    })
}

/// The `attachments` include of `jira_get_issue`: the issue's attachments (metadata, no content).
pub(crate) fn issue_attachments<H: HttpClient>(client: &Client<H>, key: &str) -> Result<Value> {
    Ok(to_json(client.issue_attachments(key)?))
}
