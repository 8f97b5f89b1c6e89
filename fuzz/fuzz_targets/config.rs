//! Fuzz target `config`: see `jira_connector::fuzzing::config` for the input format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jira_connector::fuzzing::config(data));
