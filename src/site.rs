//! URL resolution: from whatever the user typed as the "Jira organization domain" to the base every REST
//! path is joined to, plus path-segment and query encoding (the one URL joiner).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::auth::AuthMethod;
use crate::decode::{parse_body, Node};
use crate::error::{check_status, Error, Result};
use crate::http::{Method, Request, Response};

/// The OAuth / scoped-token gateway host.
pub const GATEWAY_HOST: &str = "api.atlassian.com";
/// Site suffixes of Jira Cloud (`acme.atlassian.net`, legacy `acme.jira.com`).
const SITE_SUFFIXES: [&str; 2] = [".atlassian.net", ".jira.com"];

/// What the configured site names: a site host, or only a cloud id (gateway URL or bare id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteAddress {
    /// A Jira Cloud site host, lower-case (`acme.atlassian.net`).
    Host(String),
    /// A cloud id without a known site host.
    CloudId(String),
}

/// Parses the user's "Jira organization domain" in any of its common forms: `acme`, `acme.atlassian.net`,
/// `https://acme.atlassian.net/any/path`, `acme.jira.com`, `https://api.atlassian.com/ex/jira/<cloudId>`, or a bare
/// cloud id. Rejects `http://`, user-info, IP literals, ports, and hosts that are not Jira Cloud sites.
pub fn parse_site(input: &str) -> Result<SiteAddress> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Error::invalid_config("`site` is empty: give the Jira site, like `acme` or `acme.atlassian.net`"));
    }
    if text.contains("://") {
        return parse_site_url(text);
    }
    if is_cloud_id(text) {
        return Ok(SiteAddress::CloudId(text.to_ascii_lowercase()));
    }
    if looks_like_cloud_id_attempt(text) {
        return Err(Error::invalid_config(
            "`site` looks like a cloud id but is malformed (expected a UUID like 0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f)",
        ));
    }
    if text.contains('/') || text.contains('@') || text.contains(':') {
        // `acme.atlassian.net/jira/...` typed without a scheme; user-info and ports are caught by the URL checks.
        return parse_site_url(&format!("https://{text}"));
    }
    if text.contains('.') {
        return site_host(text);
    }
    let org = text.to_ascii_lowercase();
    if is_dns_label(&org) {
        Ok(SiteAddress::Host(format!("{org}.atlassian.net")))
    } else {
        Err(Error::invalid_config(
            "`site` is not a valid Jira organization name: use letters, digits and hyphens, like `acme`",
        ))
    }
}

fn parse_site_url(text: &str) -> Result<SiteAddress> {
    let url = url::Url::parse(text).map_err(|e| Error::invalid_config(format!("`site` is not a valid URL ({e})")))?;
    if url.scheme() != "https" {
        return Err(Error::invalid_config(format!(
            "`site` must use https (Jira Cloud is served only over https), not `{}`",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_config(
            "`site` must not contain a user name or password: put credentials in `auth`",
        ));
    }
    if url.port().is_some() {
        return Err(Error::invalid_config("`site` must not name a port: Jira Cloud uses the standard https port"));
    }
    let host = match url.host() {
        Some(url::Host::Domain(host)) => host.to_ascii_lowercase(),
        Some(_) => return Err(Error::invalid_config("`site` is an IP address: give the Jira site's name")),
        None => return Err(Error::invalid_config("`site` has no host")),
    };
    if host == GATEWAY_HOST {
        let segments: Vec<&str> =
            url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
        return match segments.as_slice() {
            ["ex", "jira", cloud_id, ..] if is_cloud_id(cloud_id) => Ok(SiteAddress::CloudId(cloud_id.to_ascii_lowercase())),
            ["ex", "jira", _, ..] => Err(Error::invalid_config(
                "`site`: the cloud id in the gateway URL is malformed (expected a UUID like 0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f)",
            )),
            _ => Err(Error::invalid_config(
                "`site`: a gateway URL must look like https://api.atlassian.com/ex/jira/<cloudId>",
            )),
        };
    }
    site_host(&host)
}

/// Accepts `<name>.atlassian.net` and `<name>.jira.com`, one DNS label before the suffix.
fn site_host(text: &str) -> Result<SiteAddress> {
    let host = text.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(Error::invalid_config("`site` is an IP address: give the Jira site's name"));
    }
    for suffix in SITE_SUFFIXES {
        if let Some(name) = host.strip_suffix(suffix) {
            if is_dns_label(name) && name != "api" && name != "auth" && name != "id" {
                return Ok(SiteAddress::Host(host));
            }
        }
    }
    Err(Error::invalid_config(format!(
        "`site` `{host}` is not a Jira Cloud site: expected `<name>.atlassian.net`, `<name>.jira.com` or https://api.atlassian.com/ex/jira/<cloudId>"
    )))
}

fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && !name.starts_with('-')
        && !name.ends_with('-')
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Hex digits in five hyphen-separated groups of about a UUID's length: meant as a cloud id, not an org name.
fn looks_like_cloud_id_attempt(text: &str) -> bool {
    text.split('-').count() == 5
        && (28..=40).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// True for a UUID in the 8-4-4-4-12 hex form Atlassian uses for cloud ids.
pub fn is_cloud_id(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Validates a configured cloud id.
pub fn parse_cloud_id(field: &str, value: &str) -> Result<String> {
    let id = value.trim();
    if is_cloud_id(id) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(Error::invalid_config(format!(
            "`{field}` is not a valid cloud id (expected a UUID like 0f2e6c1a-8b5d-4c3e-9a7f-1d2b3c4d5e6f)"
        )))
    }
}

/// Where requests go, resolved from the configured site and auth method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The base every REST path is appended to, without a trailing slash.
    pub api_base: String,
    /// The site's URL for browse links, when the site host is known.
    pub browse_base: Option<String>,
    /// The cloud id, when known.
    pub cloud_id: Option<String>,
    /// The host the API base points at (the site host or the gateway).
    pub api_host: String,
    /// The site host, when known.
    pub site_host: Option<String>,
}

impl Site {
    /// Builds the site for `method`: API keys use the site host when it is known (classic tokens), otherwise
    /// the gateway; OAuth always uses the gateway and so needs the cloud id.
    pub fn new(address: &SiteAddress, cloud_id: Option<&str>, method: AuthMethod) -> Result<Site> {
        let (site_host, cloud_id) = match address {
            SiteAddress::Host(host) => (Some(host.clone()), cloud_id.map(str::to_string)),
            SiteAddress::CloudId(id) => (None, Some(id.clone())),
        };
        let browse_base = site_host.as_ref().map(|h| format!("https://{h}"));
        match (&site_host, &cloud_id) {
            (Some(host), _) if !method.needs_gateway() => Ok(Site {
                api_base: format!("https://{host}"),
                browse_base,
                cloud_id,
                api_host: host.clone(),
                site_host,
            }),
            (_, Some(id)) => Ok(Site::gateway(site_host.as_deref(), id)),
            (_, None) => Err(Error::invalid_config(
                "the site's cloud id is unknown: give `cloud_id` or a site host like `acme.atlassian.net`",
            )),
        }
    }

    /// The gateway route for a cloud id (`https://api.atlassian.com/ex/jira/<cloudId>`), keeping the site host
    /// for browse links when known.
    pub fn gateway(site_host: Option<&str>, cloud_id: &str) -> Site {
        Site {
            api_base: format!("https://{GATEWAY_HOST}/ex/jira/{cloud_id}"),
            browse_base: site_host.map(|h| format!("https://{h}")),
            cloud_id: Some(cloud_id.to_string()),
            api_host: GATEWAY_HOST.to_string(),
            site_host: site_host.map(str::to_string),
        }
    }

    /// The one URL joiner: `api_base` + `path` (which must start with `/` and have its dynamic segments
    /// already encoded with [`path_segment`]) + the percent-encoded query.
    pub fn api_url(&self, path: &str, query: &[(&str, String)]) -> String {
        join_url(&self.api_base, path, query)
    }

    /// The browse URL of an issue, when the site host is known.
    pub fn browse_url(&self, issue_key: &str) -> Option<String> {
        self.browse_base.as_ref().map(|base| format!("{base}/browse/{}", path_segment(issue_key)))
    }
}

/// Joins a base, an encoded path and a query.
pub fn join_url(base: &str, path: &str, query: &[(&str, String)]) -> String {
    let mut url = format!("{base}{path}");
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.extend(utf8_percent_encode(name, QUERY));
        url.push('=');
        url.extend(utf8_percent_encode(value, QUERY));
    }
    url
}

/// Everything but the RFC 3986 unreserved characters is encoded in query names and values.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Path segments: the same set (so `/`, `?`, `#`, `%` and `..` tricks cannot change the path).
const SEGMENT: &AsciiSet = QUERY;

/// Percent-encodes one path segment taken from input.
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Validates an issue key (`ACME-42`) or numeric issue id (`10001`) taken from input; `arg` names the
/// argument in the error. Nothing that could change the request path gets through.
pub fn issue_key(arg: &str, value: &str) -> Result<String> {
    let key = value.trim();
    let is_id = !key.is_empty() && key.len() <= 18 && key.bytes().all(|b| b.is_ascii_digit());
    let is_key = key.split_once('-').is_some_and(|(project, number)| {
        project.len() <= 255
            && project.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && project.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !number.is_empty()
            && number.len() <= 18
            && number.bytes().all(|b| b.is_ascii_digit())
    });
    if is_id || is_key {
        Ok(key.to_ascii_uppercase())
    } else {
        Err(Error::invalid_input(format!(
            "`{arg}` must be an issue key like ACME-42 or a numeric issue id, got {}",
            quoted_preview(value)
        )))
    }
}

/// Validates a project key (`ACME`) or numeric project id.
pub fn project_key(arg: &str, value: &str) -> Result<String> {
    let key = value.trim();
    let ok = !key.is_empty()
        && key.len() <= 255
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && key.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(key.to_string())
    } else {
        Err(Error::invalid_input(format!(
            "`{arg}` must be a project key like ACME or a numeric project id, got {}",
            quoted_preview(value)
        )))
    }
}

/// A short, quoted excerpt of user input for error messages.
pub fn quoted_preview(value: &str) -> String {
    let preview: String = value.chars().take(40).collect();
    if preview.len() < value.len() {
        format!("{preview:?}…")
    } else {
        format!("{preview:?}")
    }
}

/// `GET https://<site>/_edge/tenant_info`: public, sent without credentials.
pub fn tenant_info_request(site_host: &str) -> Request {
    Request::new(Method::Get, format!("https://{site_host}/_edge/tenant_info")).header("Accept", "application/json")
}

/// Reads the cloud id out of a tenant-info response (`{"cloudId": "..."}`).
pub fn parse_tenant_info(response: Response) -> Result<String> {
    const CONTEXT: &str = "resolve cloud id (tenant_info)";
    let response = check_status(response, CONTEXT)?;
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let id = root.str("cloudId")?;
    if is_cloud_id(&id) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(root.error("`cloudId` is not a UUID"))
    }
}

#[cfg(test)]
mod tests;
