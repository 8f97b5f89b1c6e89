//! The host's integration tests, in one binary so that wasmtime is linked once and the component compiled once
//! for all of them. Each module is one area, run through the real component in wasmtime against the fake Jira.

mod common;

mod agile;
mod attachments;
mod cli;
mod cli_oauth;
mod comments_worklogs;
mod errors;
mod escape_hatch;
mod examples;
mod faults;
mod fields_by_name;
mod guard_rails;
mod issue_ops;
mod issues;
mod limits;
mod links_watchers;
mod load;
mod metadata;
mod myself;
mod oauth;
mod platform_typed;
mod projects;
mod retries;
mod sandbox;
mod search;
mod secrets;
mod transitions_comments;
mod users;
