//! Fuzz target `adf_to_markdown`: see `jira_connector::fuzzing::adf_to_markdown_round_trip` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::adf_to_markdown_round_trip(data));
