//! Fuzz target `site`: see `jira_connector::fuzzing::site` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::site(data));
