//! Fuzz target `tool_args`: see `jira_connector::fuzzing::tool_call` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::tool_call(data));
