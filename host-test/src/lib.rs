//! The Jira connector host: runs the connector component in wasmtime with real HTTP, a CLI, and a fake Jira
//! Cloud for tests and demos.
//!
//! - [`runtime`]: the engine, sessions, limits and the typed client;
//! - [`bindings`]: the host side of the WIT world (records, error kinds);
//! - [`net`]: the `http` import — blocking HTTP under an allow-list, routes, timeouts and size caps;
//! - [`config`] and [`json`]: the configuration document the CLI assembles, and JSON views of WIT records;
//! - [`cli`], [`demo`] and [`load`]: the `jira-host` command, its walkthrough and its load run;
//! - [`fake`]: an in-process fake Jira Cloud.

#![warn(missing_docs)]

pub mod bindings;
pub mod cli;
pub mod config;
pub mod demo;
pub mod fake;
pub mod json;
pub mod load;
pub mod net;
pub mod runtime;

pub use net::{HttpPolicy, Route};
pub use runtime::{Client, Limits, Runtime, Session};

/// The connector component built by `build.rs` (or the file named by `JIRA_CONNECTOR_WASM` at build time).
pub const COMPONENT_WASM: &[u8] = include_bytes!(env!("JIRA_CONNECTOR_WASM"));
