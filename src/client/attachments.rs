//! Drivers of the attachment operations. A download reads the metadata first (to refuse a file above the
//! limit before fetching it), then follows Jira's redirect to the media host itself: credentials go only to
//! the API host, never to the host a redirect names.

use crate::error::{check_status, error_from_response, Error, Result};
use crate::http::{HttpClient, Method, Request, Response};
use crate::jira::attachments::{self, Attachment, DownloadedAttachment, NewAttachment, MAX_REDIRECTS};
use crate::site::Site;

use super::Client;

impl<H: HttpClient> Client<H> {
    /// Attaches a file (base64) to an issue; everything is validated, and the size checked against
    /// `options.max_attachment_bytes`, before any request.
    pub fn upload_attachment(
        &self,
        key: &str,
        filename: &str,
        content_base64: &str,
        mime_type: Option<&str>,
    ) -> Result<Vec<Attachment>> {
        let file = NewAttachment::new(filename, content_base64, mime_type, self.attachment_limit())?;
        crate::site::issue_key("issue_key", key)?;
        let site = self.site()?;
        let request = attachments::upload_request(&site, key, &file)?;
        attachments::parse_uploaded(&self.execute(&site, request, "upload attachment")?)
    }

    /// One attachment's metadata.
    pub fn get_attachment(&self, attachment_id: &str) -> Result<Attachment> {
        let site = self.site()?;
        let request = attachments::metadata_request(&site, attachment_id)?;
        attachments::parse_metadata(&self.execute(&site, request, "get attachment")?)
    }

    /// Deletes an attachment.
    pub fn delete_attachment(&self, attachment_id: &str) -> Result<()> {
        let site = self.site()?;
        let request = attachments::delete_request(&site, attachment_id)?;
        self.execute(&site, request, "delete attachment").map(|_| ())
    }

    /// The attachments listed on an issue.
    pub fn issue_attachments(&self, key: &str) -> Result<Vec<Attachment>> {
        let site = self.site()?;
        let request = attachments::issue_attachments_request(&site, key)?;
        attachments::parse_issue_attachments(&self.execute(&site, request, "get issue attachments")?)
    }

    /// Downloads an attachment, refused when its metadata or its body is above `options.max_attachment_bytes`.
    pub fn download_attachment(&self, attachment_id: &str) -> Result<DownloadedAttachment> {
        const CONTEXT: &str = "download attachment";
        let limit = self.attachment_limit();
        let meta = self.get_attachment(attachment_id)?;
        if let Some(size) = meta.size.filter(|size| *size > limit) {
            return Err(attachments::too_large(&format!("attachment {}", meta.id), size, limit));
        }
        let site = self.site()?;
        let request = attachments::content_request(&site, attachment_id)?;
        let mut url = request.url.clone();
        let mut response = self.execute_keeping_redirect(&site, request, CONTEXT)?;
        // Once a redirect has left the API host, no later hop carries credentials, wherever it leads.
        let mut on_api_host = true;
        let mut hops = 0;
        while attachments::is_redirect(response.status) {
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(Error::new(
                    crate::error::ErrorKind::ServerError,
                    format!("{CONTEXT}: more than {MAX_REDIRECTS} redirects"),
                ));
            }
            let target = attachments::redirect_target(&url, &response)?;
            on_api_host =
                on_api_host && target.host_str().map(str::to_ascii_lowercase).as_deref() == Some(&site.api_host);
            url = target.to_string();
            let next = Request::new(Method::Get, url.clone());
            response = if on_api_host {
                self.execute_keeping_redirect(&site, next, CONTEXT)?
            } else {
                let answer = self.send_without_credentials(next, CONTEXT)?;
                if !answer.is_success() && !attachments::is_redirect(answer.status) {
                    return Err(error_from_response(&answer, "download attachment (media host)"));
                }
                answer
            };
        }
        attachments::downloaded(&meta, &response.body, limit)
    }

    fn attachment_limit(&self) -> u64 {
        self.config().options.max_attachment_bytes
    }

    /// Like `execute`, but a redirect is returned as a response for the caller to follow. A 401 takes
    /// `execute`'s path (refresh or reroute, then one retry); the metadata read before the content has
    /// normally settled the token and the route already.
    fn execute_keeping_redirect(&self, site: &Site, request: Request, context: &str) -> Result<Response> {
        self.ensure_fresh_token(context)?;
        let response = self.send_authorized(site, request.clone(), context)?;
        match response.status {
            status if attachments::is_redirect(status) => Ok(response),
            401 => self.execute(site, request, context),
            _ => check_status(response, context),
        }
    }
}
