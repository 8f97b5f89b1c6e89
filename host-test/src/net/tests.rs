//! Tests of the HTTP layer against a local tiny_http server.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::*;

/// What the local server saw.
#[derive(Debug)]
struct Seen {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

/// How the local server answers.
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Answer {
    fn ok(body: &str) -> Self {
        Self {
            status: 200,
            headers: vec![("Content-Type", "application/json"), ("X-Request-Id", "r1")],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }
}

/// Starts a server answering every request with `answer`; returns its port and what it saw.
fn serve(answer: Answer) -> (u16, mpsc::Receiver<Seen>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut body = Vec::new();
            request.as_reader().read_to_end(&mut body).unwrap();
            let seen = Seen {
                method: request.method().as_str().to_owned(),
                url: request.url().to_owned(),
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.as_str().as_str().to_owned(), h.value.as_str().to_owned()))
                    .collect(),
                body,
            };
            let _ = tx.send(seen);
            thread::sleep(answer.delay);
            let mut response = tiny_http::Response::from_data(answer.body.clone()).with_status_code(answer.status);
            for (name, value) in &answer.headers {
                response.add_header(tiny_http::Header::from_bytes(*name, *value).unwrap());
            }
            let _ = request.respond(response);
        }
    });
    (port, rx)
}

fn routed_client(port: u16) -> HttpClient {
    let route = Route::new("acme.atlassian.net", &format!("http://127.0.0.1:{port}")).unwrap();
    HttpClient::new(HttpPolicy::default().with_route(route))
}

fn get(url: &str) -> OutgoingRequest {
    OutgoingRequest {
        method: "GET".into(),
        url: url.into(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: None,
        timeout: None,
    }
}

#[test]
fn routed_request_keeps_method_path_query_headers_body_and_host() {
    let (port, seen) = serve(Answer::ok(r#"{"ok":true}"#));
    let client = routed_client(port);
    let response = client
        .send(OutgoingRequest {
            method: "POST".into(),
            url: "https://acme.atlassian.net/rest/api/3/issue?notify=false&q=a%20b".into(),
            headers: vec![
                ("Authorization".into(), "Basic YWRhOnRva2Vu".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Host".into(), "evil.example.com".into()),
            ],
            body: Some(br#"{"fields":{}}"#.to_vec()),
            timeout: Some(Duration::from_secs(5)),
        })
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, br#"{"ok":true}"#);
    assert!(response.headers.contains(&("x-request-id".to_owned(), "r1".to_owned())));
    assert!(response.headers.iter().all(|(n, _)| *n == n.to_ascii_lowercase()));

    let seen = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.url, "/rest/api/3/issue?notify=false&q=a%20b");
    assert_eq!(seen.header("host"), ["acme.atlassian.net"]);
    assert_eq!(seen.header("authorization"), ["Basic YWRhOnRva2Vu"]);
    assert_eq!(seen.header("content-type"), ["application/json"]);
    assert_eq!(seen.body, br#"{"fields":{}}"#);
}

#[test]
fn error_statuses_and_redirects_are_responses() {
    let (port, _seen) = serve(Answer {
        status: 302,
        headers: vec![("Location", "https://elsewhere.example.com/")],
        body: Vec::new(),
        delay: Duration::ZERO,
    });
    let response = routed_client(port).send(get("https://acme.atlassian.net/x")).unwrap();
    assert_eq!(response.status, 302);
    assert!(response.headers.contains(&("location".to_owned(), "https://elsewhere.example.com/".to_owned())));

    let (port, _seen) = serve(Answer { status: 404, ..Answer::ok(r#"{"errorMessages":["Issue does not exist"]}"#) });
    let response = routed_client(port).send(get("https://acme.atlassian.net/rest/api/3/issue/X-1")).unwrap();
    assert_eq!(response.status, 404);
    assert_eq!(response.body, br#"{"errorMessages":["Issue does not exist"]}"#);
}

#[test]
fn policy_denies_hosts_schemes_and_ports_without_contacting_anyone() {
    let (port, seen) = serve(Answer::ok("{}"));
    let client = routed_client(port);
    for url in [
        "https://example.com/rest/api/3/myself",
        "https://atlassian.net.example.com/",
        "http://other.atlassian.net/rest/api/3/myself",
        "https://other.atlassian.net:8443/rest/api/3/myself",
    ] {
        match client.send(get(url)) {
            Err(NetError::Denied(message)) => assert!(!message.is_empty()),
            other => panic!("{url}: expected denied, got {other:?}"),
        }
    }
    assert!(seen.recv_timeout(Duration::from_millis(200)).is_err());

    let closed = HttpClient::new(HttpPolicy::default().without_allowed_hosts());
    assert!(matches!(closed.send(get("https://acme.atlassian.net/")), Err(NetError::Denied(_))));
}

#[test]
fn invalid_urls_and_headers_are_reported() {
    let client = HttpClient::new(HttpPolicy::default());
    for url in ["not a url", "/relative/path", "ftp://acme.atlassian.net/", "https://user:pw@acme.atlassian.net/"] {
        assert!(matches!(client.send(get(url)), Err(NetError::InvalidUrl(_))), "{url}");
    }
    let mut request = get("https://acme.atlassian.net/");
    request.headers.push(("Authorization".into(), "Bearer secret\nvalue".into()));
    match client.send(request) {
        Err(NetError::Other(message)) => {
            assert!(message.contains("authorization"), "{message}");
            assert!(!message.contains("secret"), "{message}");
        }
        other => panic!("expected other, got {other:?}"),
    }
}

#[test]
fn oversized_bodies_are_denied() {
    let (port, _seen) = serve(Answer::ok(&"x".repeat(4096)));
    let route = Route::new("acme.atlassian.net", &format!("http://127.0.0.1:{port}")).unwrap();
    let policy = HttpPolicy { max_response_bytes: 1024, ..HttpPolicy::default().with_route(route) };
    match HttpClient::new(policy).send(get("https://acme.atlassian.net/big")) {
        Err(NetError::Denied(message)) => assert!(message.contains("1024"), "{message}"),
        other => panic!("expected denied, got {other:?}"),
    }
}

#[test]
fn slow_answers_time_out() {
    let (port, _seen) = serve(Answer { delay: Duration::from_millis(1500), ..Answer::ok("{}") });
    let client = routed_client(port);
    let mut request = get("https://acme.atlassian.net/slow");
    request.timeout = Some(Duration::from_millis(200));
    let started = std::time::Instant::now();
    assert_eq!(client.send(request), Err(NetError::Timeout));
    assert!(started.elapsed() < Duration::from_millis(1400));
}

#[test]
fn refused_connections_fail() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    match routed_client(port).send(get("https://acme.atlassian.net/")) {
        Err(NetError::ConnectionFailed(_)) => {}
        other => panic!("expected connection-failed, got {other:?}"),
    }
}
