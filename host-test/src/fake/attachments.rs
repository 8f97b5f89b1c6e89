//! Attachments: upload (`POST /issue/{idOrKey}/attachments`, a real `multipart/form-data` parse, the XSRF header
//! required like Jira), metadata, delete, the issue's `attachment` field, and the content endpoint, which answers
//! `303 See Other` to a signed URL on the media host ([`FAKE_MEDIA_HOST`]). The media host serves the bytes
//! and refuses any request that carries an `Authorization` header, so a leaked credential fails loudly.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::exchange::{parse_query, path_segments, ApiRequest, Reply};
use super::render;
use super::server::RecordedRequest;
use super::state::{jira_timestamp, Issue, State};
use super::FAKE_MEDIA_HOST;

/// One stored file.
pub(crate) struct StoredAttachment {
    pub id: u64,
    pub issue_id: String,
    pub filename: String,
    pub mime_type: String,
    pub content: Vec<u8>,
    pub author_id: String,
    pub created: i64,
}

impl StoredAttachment {
    /// The media service's file id (a UUID in Jira Cloud).
    fn file_id(&self) -> String {
        format!("{:08x}-0000-4000-8000-{:012x}", self.id, self.id)
    }

    /// The token the signed media URL carries.
    fn media_token(&self) -> String {
        format!("fake-media-token-{}", self.id)
    }
}

/// Every stored attachment.
#[derive(Default)]
pub(crate) struct AttachmentState {
    pub attachments: Vec<StoredAttachment>,
    pub uploaded: u64,
}

impl AttachmentState {
    fn find(&self, id: &str) -> Option<&StoredAttachment> {
        self.attachments.iter().find(|a| a.id.to_string() == id)
    }
}

/// The attachment endpoints of the REST table; None for any other request.
pub(crate) fn dispatch(state: &mut State, request: &ApiRequest, api: &[&str]) -> Option<Reply> {
    Some(match (request.method, api) {
        ("POST", ["issue", key, "attachments"]) => upload(state, request, key),
        ("GET", ["attachment", "content", id]) => content(state, request, id),
        ("GET", ["attachment", id]) => match state.attachments.find(id) {
            Some(stored) => Reply::json(200, &attachment_json(state, &request.base, stored, true)),
            None => attachment_not_found(),
        },
        ("DELETE", ["attachment", id]) => {
            let before = state.attachments.attachments.len();
            state.attachments.attachments.retain(|a| a.id.to_string() != *id);
            if state.attachments.attachments.len() == before {
                attachment_not_found()
            } else {
                Reply::no_content()
            }
        }
        _ => return None,
    })
}

fn attachment_not_found() -> Reply {
    Reply::error(404, "The attachment with id does not exist.")
}

/// An attachment as Jira renders it; the metadata endpoint gives a numeric id, lists and uploads a string.
fn attachment_json(state: &State, base: &str, stored: &StoredAttachment, numeric_id: bool) -> Value {
    json!({
        "self": format!("{base}/rest/api/3/attachments/{}", stored.id),
        "id": if numeric_id { json!(stored.id) } else { json!(stored.id.to_string()) },
        "filename": stored.filename,
        "author": render::user_ref_json(state, base, Some(stored.author_id.as_str())),
        "created": jira_timestamp(stored.created),
        "size": stored.content.len(),
        "mimeType": stored.mime_type,
        "content": format!("{base}/rest/api/3/attachment/content/{}", stored.id),
    })
}

/// The issue's `attachment` field.
pub(crate) fn attachment_field(state: &State, base: &str, issue: &Issue) -> Value {
    let listed = state.attachments.attachments.iter().filter(|a| a.issue_id == issue.id);
    Value::Array(listed.map(|stored| attachment_json(state, base, stored, false)).collect())
}

/// `POST /issue/{idOrKey}/attachments`: every part named `file` becomes an attachment.
fn upload(state: &mut State, request: &ApiRequest, key: &str) -> Reply {
    if request.header("x-atlassian-token").map(str::trim) != Some("no-check") {
        return Reply::error(403, "XSRF check failed");
    }
    let Some(issue_id) = state.issue(key).map(|issue| issue.id.clone()) else {
        return Reply::error(404, "Issue does not exist or you do not have permission to see it.");
    };
    let Some(boundary) = request.header("content-type").and_then(boundary_of) else {
        return Reply::error(415, "The request must be multipart/form-data with a boundary.");
    };
    let parts = match parse_multipart(request.body, &boundary) {
        Ok(parts) => parts,
        Err(problem) => return Reply::error(400, &format!("Malformed multipart body: {problem}")),
    };
    let files: Vec<Part> = parts.into_iter().filter(|part| part.name == "file" && part.filename.is_some()).collect();
    if files.is_empty() {
        return Reply::error(400, "No file part named 'file' was sent.");
    }
    let mut created = Vec::new();
    for file in files {
        state.attachments.uploaded += 1;
        let stored = StoredAttachment {
            id: 10_000 + state.attachments.uploaded,
            issue_id: issue_id.clone(),
            filename: file.filename.unwrap_or_default(),
            mime_type: file.content_type.unwrap_or_else(|| "application/octet-stream".to_string()),
            content: file.content,
            author_id: state.current_user_id.clone(),
            created: state.tick(),
        };
        created.push(attachment_json(state, &request.base, &stored, false));
        state.attachments.attachments.push(stored);
    }
    Reply::json(200, &Value::Array(created))
}

/// `GET /attachment/content/{id}`: a 303 to the media host, or the bytes with `redirect=false`.
fn content(state: &State, request: &ApiRequest, id: &str) -> Reply {
    let Some(stored) = state.attachments.find(id) else {
        return attachment_not_found();
    };
    if request.param("redirect") == Some("false") {
        return bytes(stored);
    }
    let name = utf8_percent_encode(&stored.filename, NON_ALPHANUMERIC);
    let location = format!(
        "https://{FAKE_MEDIA_HOST}/file/{}/binary?token={}&client=fake-jira&dl=true&name={name}",
        stored.file_id(),
        stored.media_token()
    );
    Reply { status: 303, headers: vec![("Location".to_string(), location)], body: Vec::new() }
}

fn bytes(stored: &StoredAttachment) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type".to_string(), stored.mime_type.clone())],
        body: stored.content.clone(),
    }
}

/// The media host: `GET /file/{fileId}/binary?token=...`, never with an `Authorization` header.
pub(crate) fn answer_media_host(state: &State, recorded: &RecordedRequest) -> Reply {
    if recorded.header("authorization").is_some() {
        return Reply::error(400, "The media host does not take an Authorization header: the URL carries its token.");
    }
    let segments = path_segments(&recorded.path);
    let query = parse_query(&recorded.query);
    let token = query.iter().find(|(name, _)| name == "token").map(|(_, value)| value.as_str());
    let found = match (recorded.method.as_str(), segments.as_slice()) {
        ("GET", [file, id, binary]) if file == "file" && binary == "binary" => {
            state.attachments.attachments.iter().find(|a| a.file_id() == *id)
        }
        _ => return Reply::not_implemented(&recorded.method, &recorded.path),
    };
    match found {
        Some(stored) if token == Some(stored.media_token().as_str()) => bytes(stored),
        Some(_) => Reply::error(401, "The media token is missing or invalid."),
        None => Reply::error(404, "File not found."),
    }
}

/// One part of a `multipart/form-data` body.
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    content: Vec<u8>,
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary_of(content_type: &str) -> Option<String> {
    let (media, params) = content_type.split_once(';')?;
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        let value = value.trim().trim_matches('"');
        (name.trim().eq_ignore_ascii_case("boundary") && !value.is_empty()).then(|| value.to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Parses the parts between `--boundary` delimiters (RFC 7578), up to the closing `--boundary--`.
fn parse_multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let first = format!("--{boundary}");
    let start = find(body, first.as_bytes()).ok_or("the boundary does not occur")?;
    let mut rest = &body[start + first.len()..];
    let delimiter = format!("\r\n--{boundary}");
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or("a delimiter is not followed by CRLF")?;
        let end = find(rest, delimiter.as_bytes()).ok_or("a part is not closed by the boundary")?;
        parts.push(parse_part(&rest[..end])?);
        rest = &rest[end + delimiter.len()..];
    }
}

fn parse_part(raw: &[u8]) -> Result<Part, String> {
    let (head, content) = match raw.strip_prefix(b"\r\n") {
        Some(content) => (&b""[..], content),
        None => {
            let end = find(raw, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
            (&raw[..end], &raw[end + 4..])
        }
    };
    let head = std::str::from_utf8(head).map_err(|_| "part headers are not UTF-8")?;
    let mut part = Part { name: String::new(), filename: None, content_type: None, content: content.to_vec() };
    for line in head.split("\r\n") {
        let (name, value) = line.split_once(':').ok_or("a part header has no colon")?;
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            for (key, value) in disposition_params(value) {
                match key.as_str() {
                    "name" => part.name = value,
                    "filename" => part.filename = Some(value),
                    _ => {}
                }
            }
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            part.content_type = Some(value.trim().to_string());
        }
    }
    Ok(part)
}

/// The parameters of `form-data; name="file"; filename="a \"b\".txt"`, quoted strings unescaped, and the
/// browsers' `%22`, `%0D`, `%0A` escapes decoded.
fn disposition_params(value: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        // Skip to the next parameter name.
        while chars.next_if(|c| *c != ';').is_some() {}
        if chars.next().is_none() {
            return params;
        }
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect::<String>().trim().to_ascii_lowercase();
        while chars.next_if(|c| *c == ' ').is_some() {}
        let mut raw = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => raw.extend(chars.next()),
                    '"' => break,
                    c => raw.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ';') {
                raw.push(c);
            }
        }
        params.push((name, raw.trim().replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_are_parsed_byte_for_byte() {
        let mut body = b"preamble\r\n--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22q%22.bin\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
        body.extend_from_slice(&[0, 13, 10, 45, 45, 255]);
        body.extend_from_slice(b"\r\n--b0\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nhi\r\n--b0--\r\n");
        let parts = parse_multipart(&body, "b0").expect("parsed");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].filename.as_deref(), Some("a \"q\".bin"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[0].content, [0, 13, 10, 45, 45, 255]);
        assert_eq!((parts[1].name.as_str(), parts[1].content.as_slice()), ("comment", &b"hi"[..]));
        assert!(parse_multipart(b"--b0\r\nno blank line", "b0").is_err());
        assert!(parse_multipart(b"nothing", "b0").is_err());
    }

    #[test]
    fn boundaries_come_from_the_content_type() {
        assert_eq!(boundary_of("multipart/form-data; boundary=abc").as_deref(), Some("abc"));
        assert_eq!(boundary_of("Multipart/Form-Data; charset=x; boundary=\"a b\"").as_deref(), Some("a b"));
        assert_eq!(boundary_of("application/json"), None);
        assert_eq!(boundary_of("multipart/form-data"), None);
    }

    /// Sends raw bytes with extra headers and returns (status, headers, body), following no redirect.
    fn exchange(
        fake: &super::super::FakeJira,
        method: &str,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        let mut builder =
            ureq::http::Request::builder().method(method).uri(format!("{}{path}", fake.url())).header("Host", host);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut response = agent.run(builder.body(body).expect("well-formed")).expect("the fake answers");
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        (response.status().as_u16(), headers, response.body_mut().read_to_vec().expect("body"))
    }

    #[test]
    fn upload_redirect_and_media_host_over_http() {
        use super::super::test_client::{basic_auth, start};
        use super::super::FAKE_SITE_HOST;
        let fake = start();
        let auth = basic_auth();
        let auth = auth.as_str();
        let form = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n\x00\x01\r\n--XyZ--\r\n";
        let upload = |headers: &[(&str, &str)]| {
            exchange(&fake, "POST", FAKE_SITE_HOST, "/rest/api/3/issue/ACME-1/attachments", headers, form.to_vec())
        };
        let multipart = ("Content-Type", "multipart/form-data; boundary=XyZ");
        let (status, _, body) = upload(&[("Authorization", auth), multipart]);
        assert_eq!(status, 403, "no XSRF header");
        assert!(String::from_utf8_lossy(&body).contains("XSRF check failed"));
        let (status, _, body) = upload(&[("Authorization", auth), multipart, ("X-Atlassian-Token", "no-check")]);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let created: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(created[0]["filename"], "a.bin");
        assert_eq!(created[0]["size"], 2);
        assert_eq!(created[0]["mimeType"], "application/octet-stream");
        let id = created[0]["id"].as_str().expect("string id").to_string();

        let content = format!("/rest/api/3/attachment/content/{id}");
        let (status, headers, _) = exchange(&fake, "GET", FAKE_SITE_HOST, &content, &[("Authorization", auth)], vec![]);
        assert_eq!(status, 303);
        let location = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("location")).expect("Location").1.clone();
        let media_path = location.strip_prefix(&format!("https://{FAKE_MEDIA_HOST}")).expect("on the media host");
        let (status, _, bytes) = exchange(&fake, "GET", FAKE_MEDIA_HOST, media_path, &[], vec![]);
        assert_eq!((status, bytes), (200, vec![0, 1]));
        let (status, _, _) = exchange(&fake, "GET", FAKE_MEDIA_HOST, media_path, &[("Authorization", auth)], vec![]);
        assert_eq!(status, 400, "the media host refuses credentials");
        let tampered = media_path.replace("fake-media-token", "other-token");
        assert_eq!(exchange(&fake, "GET", FAKE_MEDIA_HOST, &tampered, &[], vec![]).0, 401);

        let issue = fake.issue_json("ACME-1").expect("issue");
        assert_eq!(issue["fields"]["attachment"][0]["id"], id.as_str());
        let meta = format!("/rest/api/3/attachment/{id}");
        let (status, _, body) = exchange(&fake, "GET", FAKE_SITE_HOST, &meta, &[("Authorization", auth)], vec![]);
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_slice::<Value>(&body).expect("json")["id"], id.parse::<u64>().expect("n"));
        let delete = |expected: u16| {
            let (status, _, _) = exchange(&fake, "DELETE", FAKE_SITE_HOST, &meta, &[("Authorization", auth)], vec![]);
            assert_eq!(status, expected);
        };
        delete(204);
        delete(404);
    }
}
