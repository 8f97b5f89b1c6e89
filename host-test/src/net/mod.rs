//! The host's outbound HTTP: real blocking requests (ureq + rustls) under an [`HttpPolicy`].
//!
//! The component decides everything Jira-specific (URLs, headers, redirects, status mapping); this layer only
//! enforces the policy (allow-list, routes, timeouts, size cap) and reports transport failures as [`NetError`].

mod policy;

use std::fmt;
use std::time::{Duration, Instant};

use ureq::http::{self, HeaderName, HeaderValue, Method, Uri};
use ureq::{Agent, AsSendBody};

pub use policy::{HttpPolicy, Route, RouteError, ATLASSIAN_HOSTS};

/// Headers the host owns: the transport sets them itself from the body and the target.
const HOST_OWNED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "proxy-authorization",
    "proxy-connection",
];

/// A request as the component asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingRequest {
    /// Upper-case method.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, when there is one.
    pub body: Option<Vec<u8>>,
    /// The exchange's own timeout, capped by the policy.
    pub timeout: Option<Duration>,
}

/// An HTTP answer, whatever its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingResponse {
    /// The status code.
    pub status: u16,
    /// Lower-case header names and their values.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

/// Why a request got no HTTP answer. Messages never contain header values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetError {
    /// The exchange did not finish in time.
    Timeout,
    /// No connection could be made or it broke.
    ConnectionFailed(String),
    /// The URL could not be parsed or uses an unsupported scheme.
    InvalidUrl(String),
    /// The policy refused the request.
    Denied(String),
    /// Anything else.
    Other(String),
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout => write!(f, "timed out"),
            Self::ConnectionFailed(m) => write!(f, "connection failed: {m}"),
            Self::InvalidUrl(m) => write!(f, "invalid url: {m}"),
            Self::Denied(m) => write!(f, "denied: {m}"),
            Self::Other(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for NetError {}

/// Where a request really goes once the policy has looked at it.
struct Target {
    url: String,
    /// The `Host` header to send when the request is routed.
    host_header: Option<String>,
    routed: bool,
}

/// A blocking HTTP client applying one [`HttpPolicy`]. Cheap to share behind an `Arc`.
pub struct HttpClient {
    policy: HttpPolicy,
    /// For internet hosts: honours the usual proxy environment variables.
    public: Agent,
    /// For routed hosts (usually a local server): never through a proxy.
    direct: Agent,
}

impl HttpClient {
    /// A client for a policy.
    pub fn new(policy: HttpPolicy) -> Self {
        let public = agent(&policy, true);
        let direct = agent(&policy, false);
        Self { policy, public, direct }
    }

    /// The policy this client applies.
    pub fn policy(&self) -> &HttpPolicy {
        &self.policy
    }

    /// Sends one request and returns the response, whatever its status.
    pub fn send(&self, request: OutgoingRequest) -> Result<IncomingResponse, NetError> {
        let started = Instant::now();
        let method = request.method.clone();
        let url = request.url.clone();
        let result = self.send_inner(request);
        if self.policy.verbose {
            let outcome = match &result {
                Ok(response) => response.status.to_string(),
                Err(error) => error.to_string(),
            };
            eprintln!("[http] {method} {url} -> {outcome} ({} ms)", started.elapsed().as_millis());
        }
        result
    }

    fn send_inner(&self, request: OutgoingRequest) -> Result<IncomingResponse, NetError> {
        let target = self.target(&request.url)?;
        let method = Method::from_bytes(request.method.as_bytes())
            .map_err(|_| NetError::Other(format!("invalid method `{}`", request.method)))?;
        let mut builder = http::Request::builder().method(method).uri(&target.url);
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| NetError::Other(format!("invalid header name `{name}`")))?;
            if HOST_OWNED_HEADERS.contains(&name.as_str()) {
                continue;
            }
            // The value may be a credential: the error names only the header.
            let value = HeaderValue::from_str(value)
                .map_err(|_| NetError::Other(format!("invalid value for header `{name}`")))?;
            builder = builder.header(name, value);
        }
        if let Some(host) = &target.host_header {
            builder = builder.header(http::header::HOST, host.as_str());
        }
        let agent = if target.routed { &self.direct } else { &self.public };
        let timeout = self.policy.timeout_for(request.timeout);
        let limit = self.policy.max_response_bytes;
        let built = |e: http::Error| NetError::Other(format!("could not build the request: {e}"));
        match request.body {
            Some(body) => run(agent, builder.body(body).map_err(built)?, timeout, limit),
            None => run(agent, builder.body(()).map_err(built)?, timeout, limit),
        }
    }

    /// Applies the policy to a URL: the route, or the allow-list.
    fn target(&self, url: &str) -> Result<Target, NetError> {
        let uri: Uri = url.parse().map_err(|e| NetError::InvalidUrl(format!("`{url}`: {e}")))?;
        let scheme = uri.scheme_str().unwrap_or_default().to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(NetError::InvalidUrl(format!("`{url}`: only https URLs are supported")));
        }
        let authority = uri.authority().ok_or_else(|| NetError::InvalidUrl(format!("`{url}` has no host")))?;
        if authority.as_str().contains('@') {
            return Err(NetError::InvalidUrl("URLs with user info are not supported".to_owned()));
        }
        let host = authority.host().to_ascii_lowercase();
        let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
        if let Some(route) = self.policy.route_for(&host) {
            return Ok(Target {
                url: route.target_url(path_and_query),
                host_header: Some(authority.as_str().to_ascii_lowercase()),
                routed: true,
            });
        }
        if !self.policy.allows_host(&host) {
            return Err(NetError::Denied(format!("host `{host}` is not on the host's allow-list")));
        }
        if scheme != "https" {
            return Err(NetError::Denied(format!("plain http to `{host}` is not allowed; use https")));
        }
        if let Some(port) = uri.port_u16().filter(|p| *p != 443) {
            return Err(NetError::Denied(format!("port {port} on `{host}` is not allowed")));
        }
        Ok(Target { url: url.to_owned(), host_header: None, routed: false })
    }
}

/// An agent that returns every status as a response and follows no redirect.
fn agent(policy: &HttpPolicy, use_env_proxy: bool) -> Agent {
    let mut config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(policy.connect_timeout))
        .timeout_global(Some(policy.default_timeout))
        .user_agent(concat!("jira-host/", env!("CARGO_PKG_VERSION")));
    if !use_env_proxy {
        config = config.proxy(None);
    }
    config.build().into()
}

/// Runs one request with its timeout and reads the body up to `limit` bytes.
fn run(
    agent: &Agent,
    request: http::Request<impl AsSendBody>,
    timeout: Duration,
    limit: u64,
) -> Result<IncomingResponse, NetError> {
    let request = agent.configure_request(request).timeout_global(Some(timeout)).build();
    let mut response = agent.run(request).map_err(map_error)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = match value.to_str() {
                Ok(v) => v.to_owned(),
                Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
            };
            (name.as_str().to_ascii_lowercase(), value)
        })
        .collect();
    let body = response.body_mut().with_config().limit(limit).read_to_vec().map_err(map_error)?;
    Ok(IncomingResponse { status, headers, body })
}

/// Maps a ureq failure to the WIT's transport error kinds.
fn map_error(error: ureq::Error) -> NetError {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(_) => NetError::Timeout,
        ureq::Error::Io(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => NetError::Timeout,
        ureq::Error::Io(e) => NetError::ConnectionFailed(e.to_string()),
        ureq::Error::HostNotFound => NetError::ConnectionFailed("host not found".to_owned()),
        ureq::Error::ConnectionFailed => NetError::ConnectionFailed("could not connect".to_owned()),
        e @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_)) => {
            NetError::ConnectionFailed(format!("tls: {e}"))
        }
        ureq::Error::BadUri(m) => NetError::InvalidUrl(m),
        ureq::Error::BodyExceedsLimit(limit) => {
            NetError::Denied(format!("the response body is larger than the host's limit of {limit} bytes"))
        }
        e => NetError::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests;
