//! Fuzz target `response_parsers`: see `jira_connector::fuzzing::response` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::response(data));
