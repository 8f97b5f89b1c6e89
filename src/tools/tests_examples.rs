//! Tests of the tools' published examples: every tool of the catalog has at least one, each passes the tool's
//! own JSON Schema and the runtime argument validator, and the example table names no tool that does not exist.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::examples::tools_with_examples;
use super::*;

/// What is wrong with the examples the tools publish: a tool without one, or an example that its schema or
/// [`validate_args`] refuses. Iterates the tools given (the catalog), not the example table.
fn example_problems(tools: &[ToolSpec]) -> Vec<String> {
    let mut problems = Vec::new();
    for tool in tools {
        let examples = tool.input_schema.get("examples").and_then(Value::as_array).cloned().unwrap_or_default();
        if examples.is_empty() {
            problems.push(format!("{} has no example", tool.name));
        }
        let validator = match jsonschema::validator_for(&tool.input_schema) {
            Ok(validator) => validator,
            Err(e) => {
                problems.push(format!("{}: schema does not compile: {e}", tool.name));
                continue;
            }
        };
        for (i, example) in examples.iter().enumerate() {
            for error in validator.iter_errors(example) {
                problems.push(format!("{} example {i}: {error} at `{}`", tool.name, error.instance_path));
            }
            if let Err(e) = validate_args(tool, example) {
                problems.push(format!("{} example {i}: validate_args: {}", tool.name, e.message));
            }
        }
    }
    problems
}

#[test]
fn every_tool_has_examples_that_its_own_schema_accepts() {
    let tools = catalog();
    assert!(tools.len() >= 68, "the whole catalog is checked ({} tools)", tools.len());
    let problems = example_problems(tools);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_tool_without_an_example_or_with_a_wrong_one_is_reported() {
    let mut tools = catalog().to_vec();
    let bare = ToolSpec {
        name: "jira_not_in_the_table",
        description: "A tool the example table does not know.",
        input_schema: json!({ "type": "object", "properties": {}, "required": [], "additionalProperties": false }),
        read_only: true,
        scopes: &[],
        granular_scopes: &[],
        operations: &[],
    };
    tools.push(bare);
    let search = tools.iter_mut().find(|t| t.name == "jira_search").expect("jira_search");
    search.input_schema["examples"] = json!([{ "jql": "", "limit": 5000, "colour": "red" }]);
    let problems = example_problems(&tools);
    assert!(problems.contains(&"jira_not_in_the_table has no example".to_string()), "{problems:?}");
    let search_problems: Vec<&String> = problems.iter().filter(|p| p.starts_with("jira_search example 0")).collect();
    assert!(search_problems.iter().any(|p| p.contains("validate_args")), "{search_problems:?}");
    assert!(search_problems.len() >= 3, "the schema finds each wrong value: {search_problems:?}");
    assert_eq!(problems.len(), 1 + search_problems.len(), "every other tool is fine: {problems:?}");
}

#[test]
fn the_example_table_names_only_tools_that_exist() {
    let catalog: BTreeSet<&str> = catalog().iter().map(|t| t.name).collect();
    let stale: Vec<&str> = tools_with_examples().into_iter().filter(|name| !catalog.contains(name)).collect();
    assert!(stale.is_empty(), "examples for tools that do not exist: {stale:?}");
}

#[test]
fn the_tools_listing_publishes_the_examples() {
    let tool = find_tool("jira_create_issue").expect("tool");
    let examples = tool.input_schema["examples"].as_array().expect("examples");
    assert_eq!(examples[0]["fields"]["Story Points"], 3);
    assert!(jsonschema::meta::is_valid(&tool.input_schema));
}
