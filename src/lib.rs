//! A Jira Cloud connector: the pure core of the `connectors:jira` WebAssembly component.
//!
//! Everything here is plain Rust that builds and tests on the native target; the only I/O seam is
//! [`http::HttpClient`]. `bindings` (wasm32 only) connects the core to the WIT world.

pub mod adf;
pub mod auth;
#[cfg(target_arch = "wasm32")]
mod bindings;
pub mod client;
pub mod config;
pub mod decode;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod guard;
pub mod http;
pub mod jira;
pub mod oauth;
pub mod page;
pub mod retry;
pub mod site;
pub mod tools;

#[cfg(test)]
pub(crate) mod openapi_check;

pub use client::Client;
pub use error::{Error, ErrorKind, Result};
