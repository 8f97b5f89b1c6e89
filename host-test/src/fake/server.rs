//! The HTTP side: accept loop, one thread per request, recording, faults, host routing and authentication.
//!
//! Besides the constant credentials, the gateway accepts the access tokens the fake's authorization server
//! issued (`oauth.rs`), checking their expiry, revocation, sites and scopes (`scopes.rs`). The second site
//! ([`FAKE_SECOND_CLOUD_ID`]) serves the same data as the first, but only to tokens granted for it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

use super::exchange::{parse_query, path_segments, ApiRequest, Reply};
use super::fault::{self, Delivery, Fault};
use super::oauth_state::{AccessCheck, Grant, OAuthState};
use super::state::State;
use super::wire::Wire;
use super::{lock, oauth, routes, scopes};
use super::{
    FAKE_API_TOKEN, FAKE_AUTH_HOST, FAKE_CLOUD_ID, FAKE_EMAIL, FAKE_GATEWAY_HOST, FAKE_INSTANT_OAUTH_TOKEN,
    FAKE_MEDIA_HOST, FAKE_OAUTH_TOKEN, FAKE_SCOPED_API_TOKEN, FAKE_SECOND_CLOUD_ID, FAKE_SITE_HOST,
};

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The HTTP method, upper case (`GET`, `POST`...).
    pub method: String,
    /// The `Host` header as sent (e.g. `acme.atlassian.net`), empty if absent.
    pub host: String,
    /// The path as sent, still percent-encoded, without the query.
    pub path: String,
    /// The raw query string without the `?`, empty if none.
    pub query: String,
    /// Every header, in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// What the request threads share.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub faults: Mutex<Vec<Fault>>,
    pub oauth: Mutex<OAuthState>,
    /// The relay's client connections, for faults that break them.
    pub wire: Arc<Wire>,
}

impl Shared {
    /// Shares `state` with no requests recorded and no faults queued.
    pub fn new(state: State, wire: Arc<Wire>) -> Shared {
        Shared {
            state: Mutex::new(state),
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(Vec::new()),
            oauth: Mutex::new(OAuthState::default()),
            wire,
        }
    }
}

/// Accepts requests until `stopping` is set and the server is unblocked; each request gets its own thread
/// so that a delayed fault never holds up the others.
pub(crate) fn serve(server: &tiny_http::Server, shared: &Arc<Shared>, stopping: &AtomicBool) {
    loop {
        match server.recv() {
            Ok(request) => {
                let shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name("fake-jira-request".into())
                    .spawn(move || answer(&shared, request));
                if let Err(error) = spawned {
                    eprintln!("fake Jira: cannot spawn a request thread: {error}");
                }
            }
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            // Accept errors (e.g. a client resetting mid-handshake) must not stop the fake.
            Err(_) => continue,
        }
    }
}

fn answer(shared: &Shared, mut request: tiny_http::Request) {
    let recorded = record(&mut request);
    lock(&shared.requests).push(recorded.clone());
    let fault = fault::take_matching(&mut lock(&shared.faults), &recorded.method, &recorded.path);
    let reply = match fault {
        Some(fault) if fault.delivery == Delivery::Late => {
            fault.wait();
            route(shared, &recorded)
        }
        Some(fault) if fault.delivery != Delivery::Normal => {
            let bytes = fault.wire_bytes();
            let relay_addr = request.remote_addr().copied();
            // Take the connection from the HTTP server without answering, then break it from the client side.
            drop(request.into_writer());
            shared.wire.cut(relay_addr.as_ref(), &bytes);
            return;
        }
        Some(fault) => fault.answer(),
        None => route(shared, &recorded),
    };
    respond(request, reply);
}

fn record(request: &mut tiny_http::Request) -> RecordedRequest {
    let mut body = Vec::new();
    if let Err(error) = request.as_reader().read_to_end(&mut body) {
        eprintln!("fake Jira: cannot read a request body: {error}");
    }
    let headers: Vec<(String, String)> =
        request.headers().iter().map(|header| (header.field.to_string(), header.value.to_string())).collect();
    let host = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    let (path, query) = match request.url().split_once('?') {
        Some((path, query)) => (path.to_string(), query.to_string()),
        None => (request.url().to_string(), String::new()),
    };
    RecordedRequest { method: request.method().as_str().to_ascii_uppercase(), host, path, query, headers, body }
}

fn respond(request: tiny_http::Request, reply: Reply) {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in &reply.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The client may have given up (timeout tests do exactly that); nobody is left to tell.
    let _ = request.respond(response);
}

/// Which face of Jira Cloud a request reached.
enum Face {
    /// The site, with the URL prefix for `self` links.
    Site(String),
    Gateway,
    /// The OAuth authorization server.
    Auth,
    /// The media host attachment downloads are redirected to.
    Media,
}

fn face(host_header: &str) -> Option<Face> {
    let host = host_header.to_ascii_lowercase();
    let name = host.rsplit_once(':').map_or(host.as_str(), |(name, _)| name);
    match name {
        FAKE_SITE_HOST => Some(Face::Site(format!("https://{FAKE_SITE_HOST}"))),
        FAKE_GATEWAY_HOST => Some(Face::Gateway),
        FAKE_AUTH_HOST => Some(Face::Auth),
        FAKE_MEDIA_HOST => Some(Face::Media),
        // `jira-host serve-fake` users talk to the fake directly: links must come back to it.
        "127.0.0.1" | "localhost" => Some(Face::Site(format!("http://{host}"))),
        _ => None,
    }
}

/// The credential a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Credential {
    ApiKey,
    /// A scoped API token: gateway only.
    ScopedApiKey,
    /// One of the constant OAuth tokens: every scope, the first site only.
    Bearer,
    /// A live token from the fake's authorization server.
    Issued(Grant),
    /// A token from the fake's authorization server that expired or was revoked.
    Dead,
    Invalid,
}

fn credential(shared: &Shared, request: &RecordedRequest) -> Credential {
    let Some(authorization) = request.header("authorization") else {
        return Credential::Invalid;
    };
    let (scheme, value) = authorization.trim().split_once(' ').unwrap_or(("", ""));
    let value = value.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let expected = format!("{FAKE_EMAIL}:{FAKE_API_TOKEN}");
        let decoded = STANDARD.decode(value).ok();
        if decoded.as_deref() == Some(expected.as_bytes()) {
            return Credential::ApiKey;
        }
        if decoded.as_deref() == Some(format!("{FAKE_EMAIL}:{FAKE_SCOPED_API_TOKEN}").as_bytes()) {
            return Credential::ScopedApiKey;
        }
    } else if scheme.eq_ignore_ascii_case("bearer") && (value == FAKE_OAUTH_TOKEN || value == FAKE_INSTANT_OAUTH_TOKEN)
    {
        return Credential::Bearer;
    } else if scheme.eq_ignore_ascii_case("bearer") {
        return match lock(&shared.oauth).check_access(value) {
            AccessCheck::Valid(grant) => Credential::Issued(grant),
            AccessCheck::Dead => Credential::Dead,
            AccessCheck::Unknown => Credential::Invalid,
        };
    }
    Credential::Invalid
}

fn unauthorized(realm: &str) -> Reply {
    Reply::error(401, "Client must be authenticated to access this resource.")
        .with_header("WWW-Authenticate", &format!("OAuth realm=\"{realm}\""))
}

/// Host routing and authentication, then the REST table.
fn route(shared: &Shared, recorded: &RecordedRequest) -> Reply {
    let method = recorded.method.as_str();
    let credential = credential(shared, recorded);
    let (base, relative_path) = match face(&recorded.host) {
        None => {
            return Reply::error(404, &format!("Unknown host '{}'.", recorded.host));
        }
        Some(Face::Auth) => return oauth::answer_auth_host(&mut lock(&shared.oauth), recorded),
        Some(Face::Media) => return super::attachments::answer_media_host(&lock(&shared.state), recorded),
        Some(Face::Site(base)) => {
            if method == "GET" && recorded.path == "/_edge/tenant_info" {
                return Reply::json(200, &json!({ "cloudId": FAKE_CLOUD_ID }));
            }
            // Bearer tokens are only valid through the gateway; the site refuses them like bad passwords.
            if credential != Credential::ApiKey {
                return unauthorized(&format!("https%3A%2F%2F{FAKE_SITE_HOST}"));
            }
            (base, recorded.path.clone())
        }
        Some(Face::Gateway) => {
            let realm = format!("https%3A%2F%2F{FAKE_GATEWAY_HOST}");
            if recorded.path == "/oauth/token/accessible-resources" && method == "GET" {
                return match credential {
                    Credential::Bearer => accessible_resources(recorded),
                    Credential::Issued(grant) => oauth::accessible_resources(&grant),
                    Credential::Dead => oauth::token_unauthorized(),
                    _ => unauthorized(&realm),
                };
            }
            let Some(rest) = recorded.path.strip_prefix("/ex/jira/") else {
                return Reply::not_implemented(method, &recorded.path);
            };
            let (cloud_id, site_path) = rest.split_once('/').unwrap_or((rest, ""));
            if cloud_id != FAKE_CLOUD_ID && cloud_id != FAKE_SECOND_CLOUD_ID {
                return Reply::error(404, "Site not found");
            }
            match &credential {
                Credential::Invalid => return unauthorized(&realm),
                Credential::Dead => return oauth::token_unauthorized(),
                Credential::Issued(grant) if !grant.reaches(cloud_id) => return oauth::token_unauthorized(),
                Credential::Issued(grant) if !scopes::permits(grant, method, &format!("/{site_path}")) => {
                    return oauth::scope_mismatch();
                }
                Credential::Issued(_) => {}
                // The constant credentials only know the first site.
                _ if cloud_id != FAKE_CLOUD_ID => return oauth::token_unauthorized(),
                _ => {}
            }
            let base = format!("https://{FAKE_GATEWAY_HOST}/ex/jira/{cloud_id}");
            (base, format!("/{site_path}"))
        }
    };
    let request = ApiRequest {
        method,
        segments: path_segments(&relative_path),
        path: relative_path,
        query: parse_query(&recorded.query),
        body: &recorded.body,
        headers: &recorded.headers,
        base,
    };
    routes::dispatch(&mut lock(&shared.state), &request)
}

/// `GET https://api.atlassian.com/oauth/token/accessible-resources`: the one site the token can reach.
fn accessible_resources(recorded: &RecordedRequest) -> Reply {
    let instant = recorded.header("authorization").is_some_and(|value| value.contains(FAKE_INSTANT_OAUTH_TOKEN));
    let scopes = if instant {
        json!(["read:jira-work", "read:jira-user"])
    } else {
        json!(["read:jira-work", "write:jira-work", "read:jira-user", "manage:jira-project"])
    };
    Reply::json(
        200,
        &json!([{
            "id": FAKE_CLOUD_ID,
            "url": format!("https://{FAKE_SITE_HOST}"),
            "name": "acme",
            "scopes": scopes,
            "avatarUrl": "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png",
        }]),
    )
}
