//! Injected faults: canned answers that replace the fake's own logic for the next few matching requests,
//! including answers that break the connection (see `wire.rs`).

use std::time::Duration;

use super::exchange::{Reply, JSON_CONTENT_TYPE};

/// A canned answer for the first `times` requests whose method matches (`None` = any) and whose raw path
/// (as received, without the query) contains `path_contains`. The answer is sent after `delay_ms`, on the
/// request's own thread, so a slow fault never holds up other requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The HTTP method to match (case-insensitive), or `None` for any method.
    pub method: Option<String>,
    /// A substring of the request path to match; `""` matches every request.
    pub path_contains: String,
    /// How many matching requests this fault answers before it is used up.
    pub times: u32,
    /// The status code of the answer.
    pub status: u16,
    /// Extra response headers; a `Content-Type` here replaces the default JSON one.
    pub headers: Vec<(String, String)>,
    /// The response body, sent verbatim.
    pub body: String,
    /// How long to wait before answering, in milliseconds.
    pub delay_ms: u64,
    /// How the answer travels: whole, cut short, or not at all.
    pub delivery: Delivery,
}

/// How a fault's answer reaches the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A complete HTTP response.
    Normal,
    /// The status line, the headers with a `Content-Length` twice the body's length, half of the body, then the
    /// connection is closed.
    Truncated,
    /// The connection is closed without a byte of answer.
    Reset,
    /// The fake's own answer (the canned one is ignored), sent after the delay.
    Late,
}

impl Fault {
    /// Answers the next request whose path contains `path_contains` with `status` and `body`.
    #[must_use]
    pub fn status(path_contains: impl Into<String>, status: u16, body: impl Into<String>) -> Fault {
        Fault {
            method: None,
            path_contains: path_contains.into(),
            times: 1,
            status,
            headers: Vec::new(),
            body: body.into(),
            delay_ms: 0,
            delivery: Delivery::Normal,
        }
    }

    /// A Jira-shaped error (`{"errorMessages":[message],"errors":{}}`) with `status`.
    #[must_use]
    pub fn jira_error(path_contains: impl Into<String>, status: u16, message: &str) -> Fault {
        let body = serde_json::json!({ "errorMessages": [message], "errors": {} });
        Fault::status(path_contains, status, body.to_string())
    }

    /// A 429 with `Retry-After: retry_after_secs`, as Jira Cloud's rate limiter sends it.
    #[must_use]
    pub fn rate_limited(path_contains: impl Into<String>, retry_after_secs: u64) -> Fault {
        Fault::jira_error(path_contains, 429, "Rate limit exceeded.")
            .header("Retry-After", &retry_after_secs.to_string())
            .header("X-RateLimit-Reason", "jira-quota-tenant-based")
    }

    /// A 429 of Jira's per-second burst limit (`RateLimit-Reason: jira-burst-based`) with `Retry-After`:
    /// clients wait and send again.
    #[must_use]
    pub fn burst_limited(path_contains: impl Into<String>, retry_after_secs: u64) -> Fault {
        Fault::jira_error(path_contains, 429, "Rate limit exceeded.")
            .header("Retry-After", &retry_after_secs.to_string())
            .header("RateLimit-Reason", "jira-burst-based")
    }

    /// A 429 of Jira's hourly points quota (`RateLimit-Reason: reason`, e.g. `jira-quota-global-based`) with
    /// `X-RateLimit-Reset` (ISO 8601, `2026-03-26T17:00Z`): retrying within the call cannot help.
    #[must_use]
    pub fn quota_exhausted(path_contains: impl Into<String>, reason: &str, reset: &str) -> Fault {
        Fault::jira_error(path_contains, 429, "Rate limit exceeded.")
            .header("RateLimit-Reason", reason)
            .header("X-RateLimit-Reset", reset)
    }

    /// `times` 503 Service Unavailable answers in a row (a burst of outages), with `Retry-After` when given.
    #[must_use]
    pub fn unavailable(path_contains: impl Into<String>, times: u32, retry_after_secs: Option<u64>) -> Fault {
        let fault = Fault::jira_error(path_contains, 503, "Service unavailable.").times(times);
        match retry_after_secs {
            Some(secs) => fault.header("Retry-After", &secs.to_string()),
            None => fault,
        }
    }

    /// A 200 whose body is not valid JSON, for decode-error tests.
    #[must_use]
    pub fn malformed_json(path_contains: impl Into<String>) -> Fault {
        Fault::status(path_contains, 200, "{\"issues\": [ {\"id\": ")
    }

    /// A 200 `{}` sent only after `delay_ms`, for client timeout tests.
    #[must_use]
    pub fn slow(path_contains: impl Into<String>, delay_ms: u64) -> Fault {
        Fault::status(path_contains, 200, "{}").delay(delay_ms)
    }

    /// `times` burst-limited answers in a row (429, `RateLimit-Reason: jira-burst-based`,
    /// `Retry-After: retry_after_secs` and the `X-RateLimit-*` headers Jira Cloud sends, near-limit included):
    /// what a burst of traffic over the per-second limit produces. Clients wait and send again.
    #[must_use]
    pub fn rate_limit_burst(path_contains: impl Into<String>, times: u32, retry_after_secs: u64) -> Fault {
        Fault::burst_limited(path_contains, retry_after_secs)
            .times(times)
            .header("X-RateLimit-Limit", "100")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-NearLimit", "true")
    }

    /// A 503 as Jira Cloud sends while a node is unavailable (HTML body, no `Retry-After`; add one with
    /// [`Fault::header`]).
    #[must_use]
    pub fn unavailable_html(path_contains: impl Into<String>) -> Fault {
        Fault::status(path_contains, 503, "<html><body><h1>503 Service Unavailable</h1></body></html>")
            .header("Content-Type", "text/html;charset=UTF-8")
    }

    /// A 200 JSON answer whose body is cut in the middle: `Content-Length` announces more than is sent, then
    /// the connection closes.
    #[must_use]
    pub fn truncated(path_contains: impl Into<String>) -> Fault {
        let body = serde_json::json!({"id": "10000", "key": "ACME-1", "fields": {"summary": "cut short"}});
        let mut fault = Fault::status(path_contains, 200, body.to_string());
        fault.delivery = Delivery::Truncated;
        fault
    }

    /// The fake's own answer, sent only after `delay_ms` (a slow but correct server).
    #[must_use]
    pub fn late(path_contains: impl Into<String>, delay_ms: u64) -> Fault {
        let mut fault = Fault::status(path_contains, 0, "").delay(delay_ms);
        fault.delivery = Delivery::Late;
        fault
    }

    /// The connection closes without any answer (as a reset or a crashed proxy leaves it).
    #[must_use]
    pub fn connection_reset(path_contains: impl Into<String>) -> Fault {
        let mut fault = Fault::status(path_contains, 0, "");
        fault.delivery = Delivery::Reset;
        fault
    }

    /// Restricts the fault to requests with this method (e.g. `"POST"`).
    #[must_use]
    pub fn method(mut self, method: &str) -> Fault {
        self.method = Some(method.to_string());
        self
    }

    /// Answers `times` matching requests instead of one.
    #[must_use]
    pub fn times(mut self, times: u32) -> Fault {
        self.times = times;
        self
    }

    /// Adds a response header.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Fault {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Waits `delay_ms` milliseconds before answering.
    #[must_use]
    pub fn delay(mut self, delay_ms: u64) -> Fault {
        self.delay_ms = delay_ms;
        self
    }

    /// Whether this fault answers a request with `method` and raw `path`.
    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        let method_matches = self.method.as_deref().is_none_or(|wanted| wanted.eq_ignore_ascii_case(method));
        self.times > 0 && method_matches && path.contains(&self.path_contains)
    }

    /// Waits out the delay.
    pub(crate) fn wait(&self) {
        if self.delay_ms > 0 {
            std::thread::sleep(Duration::from_millis(self.delay_ms));
        }
    }

    /// Waits out the delay and builds the answer.
    pub(crate) fn answer(&self) -> Reply {
        self.wait();
        let mut headers = self.headers.clone();
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".to_string(), JSON_CONTENT_TYPE.to_string()));
        }
        Reply { status: self.status, headers, body: self.body.clone().into_bytes() }
    }
}

impl Fault {
    /// The raw bytes a breaking fault sends before closing the connection (after its delay).
    pub(crate) fn wire_bytes(&self) -> Vec<u8> {
        let reply = self.answer();
        match self.delivery {
            Delivery::Normal | Delivery::Reset | Delivery::Late => Vec::new(),
            Delivery::Truncated => {
                let mut head = format!("HTTP/1.1 {} Fault\r\n", reply.status);
                for (name, value) in &reply.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len() * 2));
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&reply.body[..reply.body.len() / 2]);
                bytes
            }
        }
    }
}

/// Takes one use of the first queued fault matching the request, dropping faults that are used up.
pub(crate) fn take_matching(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<Fault> {
    let index = faults.iter().position(|fault| fault.matches(method, path))?;
    let fault = &mut faults[index];
    fault.times -= 1;
    let taken = fault.clone();
    if fault.times == 0 {
        faults.remove(index);
    }
    Some(taken)
}
