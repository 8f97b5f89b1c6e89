//! A `multipart/form-data` body with one file part, as `POST /rest/api/3/issue/{key}/attachments` takes it.
//!
//! The boundary is checked against the content (a boundary that occurs in the file would cut it short), and the
//! file name is escaped the way browsers do (WHATWG HTML: `"` as `%22`, CR and LF as `%0D` and `%0A`), so a
//! name cannot break out of its quoted string or add a header.

use crate::error::{Error, Result};

/// How many boundaries are tried before giving up (only a file crafted against this code needs a second one).
const BOUNDARY_TRIES: u64 = 16;

/// The `Content-Type` header value and the body of a one-file form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartBody {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Builds the form: one part named `field` carrying `content` as `filename` with `mime_type`.
/// `filename` and `mime_type` must already be validated (no control characters).
pub fn one_file_form(field: &str, filename: &str, mime_type: &str, content: &[u8]) -> Result<MultipartBody> {
    let boundary = boundary_for(content)?;
    let mut body = Vec::with_capacity(content.len() + 256);
    body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
    body.extend_from_slice(
        format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n",
            escape_quoted(field),
            escape_quoted(filename)
        )
        .as_bytes(),
    );
    body.extend_from_slice(format!("Content-Type: {mime_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok(MultipartBody { content_type: format!("multipart/form-data; boundary={boundary}"), body })
}

/// A boundary that does not occur in `content`. It starts from a hash of the content, so the same file gets
/// the same body (reproducible requests) and a file cannot easily be made to contain its own boundary.
fn boundary_for(content: &[u8]) -> Result<String> {
    let seed = fnv1a(content);
    for attempt in 0..BOUNDARY_TRIES {
        let boundary =
            format!("jira-connector-{:016x}", seed.wrapping_add(attempt.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        if !contains(content, boundary.as_bytes()) {
            return Ok(boundary);
        }
    }
    Err(Error::invalid_input("`content_base64`: no multipart boundary could be found that the file does not contain"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// 64-bit FNV-1a: small, dependency-free, good enough to spread boundaries.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Escapes a value for a quoted `Content-Disposition` parameter.
fn escape_quoted(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_has_one_file_part_between_boundaries() {
        let form = one_file_form("file", "notes.txt", "text/plain", b"hello").expect("form");
        let boundary = form.content_type.strip_prefix("multipart/form-data; boundary=").expect("boundary");
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(form.body).expect("utf-8"), expected);
        assert!(boundary.len() <= 70, "RFC 2046 caps boundaries at 70 characters");
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        // A file that contains the boundary its own hash would give first still gets a clean one.
        let first = boundary_for(b"x").expect("boundary");
        let crafted = format!("x--{first}--");
        let boundary = boundary_for(crafted.as_bytes()).expect("boundary");
        assert!(!crafted.contains(&boundary));
        let form = one_file_form("file", "a.bin", "application/octet-stream", crafted.as_bytes()).expect("form");
        let text = String::from_utf8_lossy(&form.body).into_owned();
        assert_eq!(text.matches(&format!("--{boundary}")).count(), 2, "one opening and one closing delimiter");
    }

    #[test]
    fn quotes_and_line_breaks_in_names_cannot_escape_the_header() {
        let form = one_file_form("file", "evil\"; name=\"x\r\nX-Injected: 1.txt", "text/plain", b"").expect("form");
        let text = String::from_utf8(form.body).expect("utf-8");
        assert!(text.contains("filename=\"evil%22; name=%22x%0D%0AX-Injected: 1.txt\"\r\n"), "{text}");
        assert!(!text.contains("\r\nX-Injected"));
    }

    #[test]
    fn binary_content_is_kept_byte_for_byte() {
        let content: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let form = one_file_form("file", "b.bin", "application/octet-stream", &content).expect("form");
        let start = form.body.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end") + 4;
        assert_eq!(&form.body[start..start + content.len()], content.as_slice());
    }
}
