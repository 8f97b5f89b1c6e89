//! The sandbox limits, each proven with a deliberately misbehaving input: the wall-clock limit of a call
//! (a server slower than the limit; a request started after it), fuel and memory; a trapped session is
//! poisoned and reported with the limit's name while the runtime keeps serving other sessions.

use std::time::Duration;

use crate::common::*;
use jira_host::bindings::ErrorKind;
use jira_host::fake::Fault;
use jira_host::{Limits, Runtime};
use serde_json::json;

fn limited(env: &Env, call_timeout: Duration, call_grace: Duration) -> Runtime {
    env.runtime.with_limits(Limits { call_timeout, call_grace, ..Limits::default() })
}

const MYSELF: &str = "jira_get_myself";
const ISSUE: &str = r#"{"issue_key":"ACME-1"}"#;

fn config() -> String {
    let mut config = ApiKey.fake_config();
    config["options"] = json!({"max_retries": 0});
    config.to_string()
}

#[test]
fn a_server_slower_than_the_call_limit_is_stopped_at_the_limit() {
    let env = Env::new();
    let runtime = limited(&env, Duration::from_millis(500), Duration::from_secs(5));
    env.fake.inject(Fault::slow("/myself", 30_000));
    // The request's own timeout (the policy's 30 s) is cut to the call's limit; the grace lets the component
    // report it as an error.
    let error = runtime.call_tool(&config(), MYSELF, "{}").expect("no trap within the grace").unwrap_err();
    assert_kind(&error, ErrorKind::Transport);
    assert!(error.message.contains("wall-clock limit of 0.5 s"), "{}", error.message);
}

#[test]
fn a_call_past_its_hard_deadline_traps_and_poisons_only_its_session() {
    let env = Env::new();
    let runtime = limited(&env, Duration::from_millis(300), Duration::ZERO);
    env.fake.inject(Fault::slow("/myself", 30_000));
    let mut session = runtime.session().unwrap();
    // No grace: the component wakes up after its deadline and is interrupted at its first instruction.
    let trap = session.call_tool(&config(), MYSELF, "{}").expect_err("interrupted");
    let message = format!("{trap:#}");
    assert!(message.contains("wall-clock limit of 0.3 s"), "{message}");
    assert!(message.contains("--call-timeout-secs"), "{message}");
    assert!(session.is_poisoned());
    assert!(session.list_tools().unwrap_err().to_string().contains("trapped earlier"));
    // The runtime (the same engine and epoch ticker) keeps serving new sessions.
    let fresh = env.runtime.session().unwrap().call_tool(&config(), MYSELF, "{}").unwrap();
    assert!(fresh.is_ok(), "{fresh:?}");
}

#[test]
fn a_request_started_after_the_limit_is_refused_without_contact() {
    let env = Env::new();
    let runtime = limited(&env, Duration::ZERO, Duration::from_secs(5));
    let error = runtime.call_tool(&config(), MYSELF, "{}").expect("no trap within the grace").unwrap_err();
    assert_kind(&error, ErrorKind::Transport);
    assert!(error.message.contains("wall-clock limit of 0 s has passed"), "{}", error.message);
    assert!(env.fake.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_session_stuck_past_its_limit_does_not_hold_up_the_others() {
    let env = Env::new();
    let runtime = limited(&env, Duration::from_millis(800), Duration::ZERO);
    env.fake.inject(Fault::slow("/myself", 30_000));
    std::thread::scope(|scope| {
        let stuck = scope.spawn(|| runtime.session().unwrap().call_tool(&config(), MYSELF, "{}"));
        // Meanwhile other sessions on the same engine answer.
        let mut answered = 0;
        for _ in 0..5 {
            let session = env.runtime.session().unwrap().call_tool(&config(), "jira_get_issue", ISSUE);
            if let Ok(Ok(_)) = session {
                answered += 1;
            }
        }
        assert_eq!(answered, 5, "get_issue is not affected by the /myself fault");
        assert!(stuck.join().unwrap().is_err(), "the stuck call traps at its limit");
    });
}

#[test]
fn fuel_exhaustion_is_reported_as_such() {
    let env = Env::new();
    let starved = env.runtime.with_limits(Limits { fuel_per_call: 20_000, ..Limits::default() });
    let trap = starved.session().and_then(|mut s| s.call_tool(&config(), "jira_search", r#"{"jql":"project = ACME"}"#));
    let message = format!("{:#}", trap.expect_err("a starved call traps"));
    assert!(message.contains("ran out of fuel (limit: 20000 per call"), "{message}");
    env.ok(ApiKey, MYSELF, json!({}));
}

#[test]
fn the_memory_cap_is_named_when_it_traps() {
    let env = Env::new();
    let capped = env.runtime.with_limits(Limits { memory_bytes: 8 * 1024 * 1024, ..Limits::default() });
    env.fake.inject(Fault::status("/myself", 200, "x".repeat(10 * 1024 * 1024)));
    let mut session = capped.session().unwrap();
    let message = format!("{:#}", session.call_tool(&config(), MYSELF, "{}").expect_err("over the cap"));
    assert!(message.contains("the component trapped"), "{message}");
    assert!(message.contains("8 MiB of memory"), "{message}");
    assert!(session.is_poisoned());
    assert!(capped.session().unwrap().call_tool(&config(), MYSELF, "{}").unwrap().is_ok());
}

#[test]
fn the_default_limits_are_sane() {
    let limits = Limits::default();
    assert_eq!(limits.call_timeout, Duration::from_secs(120));
    assert!(limits.call_grace <= Duration::from_secs(5));
    assert_eq!(limits.memory_bytes, 64 * 1024 * 1024);
}

#[test]
fn a_retry_wait_longer_than_the_call_limit_ends_at_the_limit() {
    let env = Env::new();
    let runtime = limited(&env, Duration::from_millis(800), Duration::from_secs(5));
    // Jira asks for 20 s; the retry budget would allow it, the call's wall-clock limit does not.
    env.fake.inject(Fault::burst_limited("/myself", 20));
    let mut config = ApiKey.fake_config();
    config["options"] = json!({"max_retries": 3, "max_retry_wait_seconds": 60});
    env.fake.clear_requests();
    let error = runtime.call_tool(&config.to_string(), MYSELF, "{}").expect("no trap within the grace").unwrap_err();
    // The sleep ends at the limit, and the retry after it is refused without contacting Jira.
    assert!(error.message.contains("wall-clock limit of 0.8 s"), "{}", error.message);
    let sent = env.fake.requests().into_iter().filter(|r| r.path.ends_with("/myself")).count();
    assert_eq!(sent, 1, "only the rate-limited request reached Jira");
}
