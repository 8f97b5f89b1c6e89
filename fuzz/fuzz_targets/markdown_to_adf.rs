//! Fuzz target `markdown_to_adf`: see `jira_connector::fuzzing::markdown_to_adf_round_trip` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::markdown_to_adf_round_trip(data));
