//! Attachments: upload (multipart), metadata, delete, the list on an issue, and the download's redirect rules.
//!
//! `GET /rest/api/3/attachment/content/{id}` answers `303 See Other` to a media host (a signed URL on
//! `api.media.atlassian.com`). The host's HTTP client follows no redirects, so the client follows them itself
//! with [`redirect_target`]: https only, a few hops, and credentials never leave the API host.

pub mod multipart;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;

use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::jira::comments_worklogs::numeric_id;
use crate::jira::{parse_user_ref, UserRef};
use crate::site::{issue_key, path_segment, quoted_preview, Site};

/// How many redirects a download follows at most (Jira sends one, to the media host).
pub const MAX_REDIRECTS: usize = 3;
/// The longest file name Jira keeps.
const MAX_FILENAME_CHARS: usize = 255;

/// An attachment's metadata, in the connector's simplified shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: String,
    pub filename: String,
    pub mime_type: Option<String>,
    /// Bytes.
    pub size: Option<u64>,
    /// Jira's timestamp (the upload answer may give epoch milliseconds).
    pub created: Option<String>,
    pub author: Option<UserRef>,
    /// Where Jira serves the content (informational: it is downloaded with `jira_download_attachment`).
    pub content_url: Option<String>,
    pub thumbnail_url: Option<String>,
    /// Jira's attachment object, as received (for the typed face's `raw-json`; not part of the tools' JSON).
    #[serde(skip)]
    pub raw: Value,
}

/// A downloaded attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownloadedAttachment {
    pub id: String,
    pub filename: String,
    pub mime_type: Option<String>,
    pub size: u64,
    pub content_base64: String,
}

/// A validated file to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub filename: String,
    pub mime_type: String,
    pub content: Vec<u8>,
}

impl NewAttachment {
    /// Validates the arguments of an upload: a plain file name, a `type/subtype` media type (guessed from the
    /// name when absent), and base64 content of at most `limit` bytes once decoded.
    pub fn new(filename: &str, content_base64: &str, mime_type: Option<&str>, limit: u64) -> Result<NewAttachment> {
        let filename = checked_filename(filename)?;
        let mime_type = match mime_type {
            Some(given) => checked_mime_type(given)?,
            None => guess_mime_type(&filename).to_string(),
        };
        let content = decode_content(content_base64, limit)?;
        Ok(NewAttachment { filename, mime_type, content })
    }
}

/// A file name as Jira stores it: not empty, at most 255 characters, no control characters, no path.
pub fn checked_filename(filename: &str) -> Result<String> {
    let name = filename.trim();
    let problem = if name.is_empty() {
        Some("is empty")
    } else if name.chars().count() > MAX_FILENAME_CHARS {
        Some("is longer than 255 characters")
    } else if name.chars().any(char::is_control) {
        Some("contains control characters")
    } else if name.contains(['/', '\\']) || name == "." || name == ".." {
        Some("must be a file name, not a path")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::invalid_input(format!("`filename` {problem}: got {}", quoted_preview(filename)))),
        None => Ok(name.to_string()),
    }
}

/// A media type `type/subtype` (parameters such as `; charset=utf-8` allowed), without anything that could
/// end the part's header.
pub fn checked_mime_type(mime_type: &str) -> Result<String> {
    let value = mime_type.trim();
    let essence = value.split(';').next().unwrap_or_default().trim();
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    let well_formed = essence.split_once('/').is_some_and(|(kind, sub)| token(kind) && token(sub));
    if !well_formed || value.len() > 255 || value.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return Err(Error::invalid_input(format!(
            "`mime_type` must be a media type like image/png, got {}",
            quoted_preview(mime_type)
        )));
    }
    Ok(value.to_string())
}

/// The media type of common file extensions; `application/octet-stream` otherwise.
pub fn guess_mime_type(filename: &str) -> &'static str {
    let extension = filename.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Decodes standard base64 (line breaks and spaces ignored), refusing more than `limit` bytes before decoding.
pub fn decode_content(content_base64: &str, limit: u64) -> Result<Vec<u8>> {
    let compact: String = content_base64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // 4 characters carry 3 bytes: refuse an oversized file without decoding it.
    let at_least = (compact.len() as u64 / 4) * 3;
    if at_least.saturating_sub(2) > limit {
        return Err(too_large("`content_base64`", at_least.saturating_sub(2), limit));
    }
    let content = STANDARD.decode(compact.as_bytes()).map_err(|e| {
        Error::invalid_input(format!("`content_base64` is not valid base64 (standard alphabet, padded): {e}"))
    })?;
    if content.len() as u64 > limit {
        return Err(too_large("`content_base64`", content.len() as u64, limit));
    }
    Ok(content)
}

/// The error for a file above the configured limit.
pub fn too_large(what: &str, size: u64, limit: u64) -> Error {
    Error::invalid_input(format!(
        "{what} is {size} bytes, above the limit of {limit} bytes (`options.max_attachment_bytes`)"
    ))
}

/// `POST /rest/api/3/issue/{key}/attachments`: the file as the form field `file`, with the
/// `X-Atlassian-Token: no-check` header Jira requires against XSRF.
pub fn upload_request(site: &Site, key: &str, file: &NewAttachment) -> Result<Request> {
    let key = issue_key("issue_key", key)?;
    let form = multipart::one_file_form("file", &file.filename, &file.mime_type, &file.content)?;
    let path = format!("/rest/api/3/issue/{}/attachments", path_segment(&key));
    let mut request = Request::new(Method::Post, site.api_url(&path, &[]))
        .header("X-Atlassian-Token", "no-check")
        .header("Content-Type", form.content_type);
    request.body = Some(form.body);
    Ok(request)
}

/// Parses the array of attachments an upload returns.
pub fn parse_uploaded(response: &Response) -> Result<Vec<Attachment>> {
    const CONTEXT: &str = "upload attachment";
    let body = parse_body(&response.body, CONTEXT)?;
    Node::root(&body, CONTEXT).map_array(parse_attachment)
}

/// `GET /rest/api/3/attachment/{id}`.
pub fn metadata_request(site: &Site, attachment_id: &str) -> Result<Request> {
    let path = format!("/rest/api/3/attachment/{}", numeric_id("attachment_id", attachment_id)?);
    Ok(Request::new(Method::Get, site.api_url(&path, &[])))
}

/// Parses one attachment's metadata.
pub fn parse_metadata(response: &Response) -> Result<Attachment> {
    const CONTEXT: &str = "get attachment";
    let body = parse_body(&response.body, CONTEXT)?;
    parse_attachment(Node::root(&body, CONTEXT))
}

/// `DELETE /rest/api/3/attachment/{id}`.
pub fn delete_request(site: &Site, attachment_id: &str) -> Result<Request> {
    let path = format!("/rest/api/3/attachment/{}", numeric_id("attachment_id", attachment_id)?);
    Ok(Request::new(Method::Delete, site.api_url(&path, &[])))
}

/// `GET /rest/api/3/attachment/content/{id}` (Jira's default: a 303 to the media host).
pub fn content_request(site: &Site, attachment_id: &str) -> Result<Request> {
    let path = format!("/rest/api/3/attachment/content/{}", numeric_id("attachment_id", attachment_id)?);
    Ok(Request::new(Method::Get, site.api_url(&path, &[])))
}

/// `GET /rest/api/3/issue/{key}?fields=attachment`: the attachments listed on an issue.
pub fn issue_attachments_request(site: &Site, key: &str) -> Result<Request> {
    let path = format!("/rest/api/3/issue/{}", path_segment(&issue_key("issue_key", key)?));
    Ok(Request::new(Method::Get, site.api_url(&path, &[("fields", "attachment".to_string())])))
}

/// Parses `fields.attachment` of an issue (absent means none).
pub fn parse_issue_attachments(response: &Response) -> Result<Vec<Attachment>> {
    const CONTEXT: &str = "get issue attachments";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let listed =
        root.with_opt("fields", |fields| fields.with_opt("attachment", |list| list.map_array(parse_attachment)))?;
    Ok(listed.flatten().unwrap_or_default())
}

/// Parses an attachment object (metadata, upload answer or `fields.attachment` entry). The id may be a
/// number (metadata) or a string; when an answer leaves it out, it is the last segment of the content URL.
pub fn parse_attachment(node: Node<'_>) -> Result<Attachment> {
    let content_url = node.opt_str("content")?;
    let id = match node.with_opt("id", |n| n.as_id())? {
        Some(id) => id,
        None => content_url
            .as_deref()
            .and_then(|url| url.trim_end_matches('/').rsplit('/').next())
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .ok_or_else(|| node.error("an attachment needs an `id` (or a `content` URL ending in one)"))?,
    };
    Ok(Attachment {
        id,
        filename: node.opt_str("filename")?.unwrap_or_default(),
        mime_type: node.opt_str("mimeType")?,
        size: node.with_opt("size", |n| n.value().as_u64().ok_or_else(|| n.error("expected a size in bytes")))?,
        created: node.opt_text("created")?,
        author: node.with_opt("author", parse_user_ref)?,
        content_url,
        thumbnail_url: node.opt_str("thumbnail")?,
        raw: node.value().clone(),
    })
}

/// True for the statuses that carry a `Location` to follow.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Where a redirect of a download leads: the `Location` resolved against the URL that answered, which must be
/// https and carry no user-info.
pub fn redirect_target(current_url: &str, response: &Response) -> Result<url::Url> {
    const CONTEXT: &str = "download attachment";
    let location = response
        .header_value("location")
        .ok_or_else(|| Error::decode(CONTEXT, "Location", "a redirect without a Location header"))?;
    let target = url::Url::parse(current_url)
        .and_then(|base| base.join(location.trim()))
        .map_err(|_| Error::decode(CONTEXT, "Location", "the redirect target is not a URL"))?;
    if target.scheme() != "https" || !target.username().is_empty() || target.password().is_some() {
        return Err(Error::decode(CONTEXT, "Location", "the redirect target must be an https URL without user-info"));
    }
    if target.host_str().is_none_or(str::is_empty) {
        return Err(Error::decode(CONTEXT, "Location", "the redirect target has no host"));
    }
    Ok(target)
}

/// The downloaded content in the tool's shape, refused when above `limit`.
pub fn downloaded(meta: &Attachment, content: &[u8], limit: u64) -> Result<DownloadedAttachment> {
    if content.len() as u64 > limit {
        return Err(too_large(&format!("attachment {}", meta.id), content.len() as u64, limit));
    }
    Ok(DownloadedAttachment {
        id: meta.id.clone(),
        filename: meta.filename.clone(),
        mime_type: meta.mime_type.clone(),
        size: content.len() as u64,
        content_base64: STANDARD.encode(content),
    })
}

#[cfg(test)]
mod tests;
