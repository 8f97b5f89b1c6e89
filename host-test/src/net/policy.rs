//! What the host lets the component reach: the host allow-list, local routes, timeouts and size caps.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use ureq::http::Uri;

/// Hosts a Jira connector legitimately talks to: Jira Cloud sites, the API gateway, the OAuth server, and the
/// media host attachment downloads are redirected to (reached without credentials).
pub const ATLASSIAN_HOSTS: &[&str] =
    &["*.atlassian.net", "*.jira.com", "api.atlassian.com", "auth.atlassian.com", "api.media.atlassian.com"];

/// The network policy the host applies to every request the component sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpPolicy {
    /// Host names the component may reach over `https` on port 443: exact names or `*.suffix` patterns
    /// (which match any subdomain of `suffix`, not `suffix` itself). Routed hosts are always allowed.
    pub allowed_hosts: Vec<String>,
    /// Hosts whose requests go to another address (a local Jira) instead of the internet.
    pub routes: Vec<Route>,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long a whole exchange may take when the request does not say.
    pub default_timeout: Duration,
    /// The most a request's own `timeout-ms` may ask for.
    pub max_timeout: Duration,
    /// Larger response bodies are refused (`denied`) instead of being handed to the component.
    pub max_response_bytes: u64,
    /// Log one line per request (method, URL, status, duration; never a header) on stderr.
    pub verbose: bool,
}

impl Default for HttpPolicy {
    fn default() -> Self {
        Self {
            allowed_hosts: ATLASSIAN_HOSTS.iter().map(|h| (*h).to_owned()).collect(),
            routes: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            default_timeout: Duration::from_secs(30),
            max_timeout: Duration::from_secs(120),
            max_response_bytes: 16 * 1024 * 1024,
            verbose: false,
        }
    }
}

impl HttpPolicy {
    /// This policy plus one route (replacing any earlier route for the same host).
    #[must_use]
    pub fn with_route(mut self, route: Route) -> Self {
        self.routes.retain(|r| r.host != route.host);
        self.routes.push(route);
        self
    }

    /// Sets both the default and the maximum timeout of an exchange.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.default_timeout = timeout;
        self.max_timeout = timeout;
        self
    }

    /// Allows no host except the routed ones.
    #[must_use]
    pub fn without_allowed_hosts(mut self) -> Self {
        self.allowed_hosts.clear();
        self
    }

    /// The route for a (lower-case) host name, if any.
    pub fn route_for(&self, host: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.host == host)
    }

    /// Whether the allow-list admits a (lower-case) host name.
    pub fn allows_host(&self, host: &str) -> bool {
        self.allowed_hosts.iter().any(|pattern| host_matches(pattern, host))
    }

    /// The timeout of one exchange: the request's own, capped, or the default.
    pub fn timeout_for(&self, requested: Option<Duration>) -> Duration {
        requested.unwrap_or(self.default_timeout).min(self.max_timeout)
    }
}

/// Whether `host` matches an allow-list entry (`name` or `*.suffix`).
fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.strip_suffix(suffix).is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
        None => host == pattern,
    }
}

/// Sends one host's requests to another base URL (`acme.atlassian.net=http://127.0.0.1:8080`), keeping the
/// method, path, query, headers and body, and the original host in the `Host` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The host name requests are addressed to (lower-case, no port).
    pub host: String,
    /// `http` or `https`.
    pub scheme: String,
    /// `host:port` of the address the requests are sent to.
    pub authority: String,
}

impl Route {
    /// A route from a host name to a base URL such as `http://127.0.0.1:8080`.
    pub fn new(host: &str, target: &str) -> Result<Self, RouteError> {
        let host = host.trim().to_ascii_lowercase();
        if host.is_empty() || host.contains(['/', ':', '@', ' ']) {
            return Err(RouteError(format!("`{host}` is not a host name")));
        }
        let uri: Uri = target.trim().parse().map_err(|e| RouteError(format!("`{target}` is not a URL: {e}")))?;
        let scheme = match uri.scheme_str() {
            Some(s @ ("http" | "https")) => s.to_owned(),
            _ => return Err(RouteError(format!("`{target}` must start with http:// or https://"))),
        };
        let authority = uri
            .authority()
            .filter(|a| !a.as_str().contains('@'))
            .ok_or_else(|| RouteError(format!("`{target}` needs a host and no user info")))?
            .as_str()
            .to_owned();
        let path = uri.path_and_query().map_or("", |p| p.as_str());
        if !(path.is_empty() || path == "/") {
            return Err(RouteError(format!("`{target}` must not have a path or query")));
        }
        Ok(Self { host, scheme, authority })
    }

    /// The URL a request for `path_and_query` is sent to.
    pub fn target_url(&self, path_and_query: &str) -> String {
        format!("{}://{}{}", self.scheme, self.authority, path_and_query)
    }
}

impl FromStr for Route {
    type Err = RouteError;

    /// Parses `HOST=URL`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (host, target) = s.split_once('=').ok_or_else(|| RouteError(format!("`{s}` is not HOST=URL")))?;
        Self::new(host, target)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}://{}", self.host, self.scheme, self.authority)
    }
}

/// Why a route could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError(pub String);

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid route: {}", self.0)
    }
}

impl std::error::Error for RouteError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_matches_subdomains_only() {
        let policy = HttpPolicy::default();
        assert!(policy.allows_host("acme.atlassian.net"));
        assert!(policy.allows_host("a.b.atlassian.net"));
        assert!(policy.allows_host("api.atlassian.com"));
        assert!(policy.allows_host("legacy.jira.com"));
        assert!(!policy.allows_host("atlassian.net"));
        assert!(!policy.allows_host("evilatlassian.net"));
        assert!(!policy.allows_host("atlassian.net.evil.com"));
        assert!(!policy.allows_host("www.atlassian.com"));
        assert!(!policy.allows_host("example.com"));
    }

    #[test]
    fn route_parses_host_and_target() {
        let route: Route = "ACME.atlassian.net=http://127.0.0.1:8080/".parse().unwrap();
        assert_eq!(route.host, "acme.atlassian.net");
        assert_eq!(route.scheme, "http");
        assert_eq!(route.authority, "127.0.0.1:8080");
        assert_eq!(route.target_url("/rest/api/3/myself?x=1"), "http://127.0.0.1:8080/rest/api/3/myself?x=1");
        assert_eq!(route.to_string(), "acme.atlassian.net=http://127.0.0.1:8080");
    }

    #[test]
    fn route_rejects_bad_input() {
        for bad in [
            "acme.atlassian.net",
            "=http://127.0.0.1:1",
            "acme.atlassian.net=ftp://x",
            "acme.atlassian.net=http://127.0.0.1:1/base",
            "acme.atlassian.net=http://u:p@127.0.0.1:1",
            "acme.atlassian.net:443=http://127.0.0.1:1",
        ] {
            assert!(bad.parse::<Route>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn timeout_is_capped() {
        let policy = HttpPolicy::default();
        assert_eq!(policy.timeout_for(None), Duration::from_secs(30));
        assert_eq!(policy.timeout_for(Some(Duration::from_secs(5))), Duration::from_secs(5));
        assert_eq!(policy.timeout_for(Some(Duration::from_secs(999))), Duration::from_secs(120));
    }
}
