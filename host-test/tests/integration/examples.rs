//! The examples every tool publishes in its input schema (what `jira-host tools` shows users) work as published:
//! each one, called through the component against a fresh fake Jira, succeeds and reaches Jira.

use crate::common::*;
use jira_host::demo::AuthMethod;
use jira_host::json::error_line;
use serde_json::Value;

/// Every tool the component lists, with the examples of its input schema (empty when it has none).
fn published_examples() -> Vec<(String, Vec<Value>)> {
    let tools = compiled().list_tools().expect("the component lists its tools");
    assert!(tools.len() >= 68, "the whole catalog is listed ({} tools)", tools.len());
    tools
        .into_iter()
        .map(|tool| {
            let schema: Value = serde_json::from_str(&tool.input_schema)
                .unwrap_or_else(|e| panic!("{}: input schema is not JSON: {e}", tool.name));
            let examples = schema["examples"].as_array().cloned().unwrap_or_default();
            (tool.name, examples)
        })
        .collect()
}

/// Runs every published example with `method`'s credentials, each against its own fresh fake (so that deletes
/// and state changes of one example cannot break another), and describes each one that failed or that answered
/// without calling Jira.
fn failing_examples(method: AuthMethod) -> Vec<String> {
    let mut failures = Vec::new();
    for (tool, examples) in published_examples() {
        for (index, example) in examples.into_iter().enumerate() {
            let env = Env::new();
            let outcome = env.call(method, &tool, example.clone());
            let label = format!("[{}] {tool} example {index} {example}", method.name());
            match outcome {
                Err(error) => failures.push(format!("{label}: {}", error_line(&error))),
                Ok(_) if env.api_requests().is_empty() => failures.push(format!("{label}: no request reached Jira")),
                Ok(_) => {}
            }
        }
    }
    failures
}

#[test]
fn every_tool_publishes_at_least_one_example() {
    let bare: Vec<String> =
        published_examples().into_iter().filter(|(_, examples)| examples.is_empty()).map(|(tool, _)| tool).collect();
    assert!(bare.is_empty(), "tools without an example: {bare:?}");
}

#[test]
fn every_published_example_succeeds_with_an_api_key() {
    let failures = failing_examples(ApiKey);
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_published_example_succeeds_with_oauth() {
    let failures = failing_examples(OAuth);
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_published_example_succeeds_with_instant_oauth() {
    let failures = failing_examples(InstantOAuth);
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
}
