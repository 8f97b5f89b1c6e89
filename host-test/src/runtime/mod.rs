//! Loading the connector component into wasmtime and calling it: one engine and pre-instantiated component per
//! [`Runtime`], a fresh sandboxed [`Session`] (store, memory cap, fuel, wall-clock deadline) per unit of work.
//!
//! A trap (out of memory, fuel exhausted, wall-clock limit exceeded, a guest panic) surfaces as an `Err` naming
//! the limit and poisons the session, which must then be dropped; the runtime is unaffected and hands out new
//! sessions.

mod client;
mod credentials;
pub mod deadline;
mod oauth;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use wasmtime::component::{Component, HasSelf, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder, Trap, UpdateDeadline};
use wasmtime_wasi::clocks::WasiClocksView as _;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::{
    Connector, ConnectorPre, CredentialsHost, HttpError, HttpHost, HttpRequest, HttpResponse, JiraError, OauthTokens,
    ResolvedSite, ToolSpec,
};
use crate::net::{HttpClient, HttpPolicy, NetError, OutgoingRequest};
use deadline::{seconds, CallDeadline, DeadlineClocks, DeadlineExceeded};

pub use client::Client;
pub use credentials::{write_atomically, CredentialStore, FileCredentialStore, MemoryCredentialStore};

/// Resource limits of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most linear memory the component may grow to, in bytes.
    pub memory_bytes: usize,
    /// Fuel (roughly, WebAssembly instructions) each call into the component may burn. Time spent in the host
    /// (waiting for HTTP) costs nothing.
    pub fuel_per_call: u64,
    /// Wall-clock time each call into the component may take, host time included: HTTP requests and sleeps
    /// stop at this limit (see [`deadline`]).
    pub call_timeout: Duration,
    /// After `call_timeout`, how long the component may still run to report the stopped request as an error
    /// before it is interrupted (a trap).
    pub call_grace: Duration,
    /// Let the component write to the host's stderr (its panic messages). Nothing else is inherited.
    pub guest_stderr: bool,
}

/// The WASI context of every session: no environment variables, no arguments, no working directory, no
/// preopened directory, no stdin or stdout; the host's stderr only when `limits.guest_stderr` (the component's
/// panic messages). Clocks and random are WASI's own. The component needs nothing else: its one way out is the
/// `http` import, under the host's policy.
pub fn sandbox_wasi(limits: &Limits) -> WasiCtx {
    let mut wasi = WasiCtx::builder();
    if limits.guest_stderr {
        wasi.inherit_stderr();
    }
    wasi.build()
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            memory_bytes: 64 * 1024 * 1024,
            fuel_per_call: 5_000_000_000,
            call_timeout: Duration::from_secs(120),
            call_grace: Duration::from_secs(1),
            guest_stderr: true,
        }
    }
}

/// The compiled connector plus the host's HTTP policy. Cheap to clone; share it between threads.
#[derive(Clone)]
pub struct Runtime {
    engine: Engine,
    pre: ConnectorPre<HostState>,
    http: Arc<HttpClient>,
    limits: Limits,
    credentials: Arc<dyn CredentialStore>,
}

impl Runtime {
    /// Compiles a component (the bytes of a `.wasm` file) and links it against WASI and the host's HTTP.
    pub fn new(wasm: &[u8], policy: HttpPolicy) -> anyhow::Result<Self> {
        let mut config = Config::new();
        config.wasm_component_model(true).concurrency_support(false).consume_fuel(true).epoch_interruption(true);
        let engine = Engine::new(&config)?;
        deadline::start_ticker(&engine).context("starting the epoch ticker")?;
        let component = Component::new(&engine, wasm)
            .map_err(anyhow::Error::from)
            .context("the file is not a valid WebAssembly component")?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        // Sleeps end at the call's deadline: replace WASI's monotonic clock with one that knows it.
        linker.allow_shadowing(true);
        wasmtime_wasi::p2::bindings::clocks::monotonic_clock::add_to_linker::<HostState, DeadlineClocks>(
            &mut linker,
            deadline_clock,
        )?;
        linker.allow_shadowing(false);
        Connector::add_to_linker::<_, HasSelf<_>>(&mut linker, |state| state)?;
        let pre = ConnectorPre::new(
            linker
                .instantiate_pre(&component)
                .map_err(anyhow::Error::from)
                .context("the component does not fit the `connector` world")?,
        )?;
        Ok(Self {
            engine,
            pre,
            http: Arc::new(HttpClient::new(policy)),
            limits: Limits::default(),
            credentials: Arc::new(MemoryCredentialStore::default()),
        })
    }

    /// Like [`Runtime::new`], reading the component from a file.
    pub fn from_file(path: &Path, policy: HttpPolicy) -> anyhow::Result<Self> {
        let wasm = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Self::new(&wasm, policy)
    }

    /// The component built with this crate (see `build.rs`).
    pub fn bundled(policy: HttpPolicy) -> anyhow::Result<Self> {
        Self::new(crate::COMPONENT_WASM, policy)
    }

    /// The same compiled component under another HTTP policy (no recompilation).
    #[must_use]
    pub fn with_policy(&self, policy: HttpPolicy) -> Self {
        Self { http: Arc::new(HttpClient::new(policy)), ..self.clone() }
    }

    /// The same compiled component with other session limits.
    #[must_use]
    pub fn with_limits(&self, limits: Limits) -> Self {
        Self { limits, ..self.clone() }
    }

    /// The same compiled component saving rotated OAuth tokens to `store` (by default they are kept in memory).
    #[must_use]
    pub fn with_credential_store(&self, store: Arc<dyn CredentialStore>) -> Self {
        Self { credentials: store, ..self.clone() }
    }

    /// The HTTP policy sessions apply.
    pub fn policy(&self) -> &HttpPolicy {
        self.http.policy()
    }

    /// The limits sessions get.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A fresh instance of the component in its own store.
    pub fn session(&self) -> anyhow::Result<Session> {
        let state = HostState {
            wasi: sandbox_wasi(&self.limits),
            table: ResourceTable::new(),
            limits: StoreLimitsBuilder::new().memory_size(self.limits.memory_bytes).build(),
            http: Arc::clone(&self.http),
            credentials: Arc::clone(&self.credentials),
            deadline: CallDeadline::starting_now(self.limits.call_timeout, self.limits.call_grace),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limits);
        store.set_fuel(self.limits.fuel_per_call)?;
        // At every epoch tick while the guest runs: interrupt it once the hard deadline has passed.
        store.epoch_deadline_callback(|context| {
            let deadline = context.data().deadline;
            if deadline.hard_passed() {
                return Err(wasmtime::Error::new(DeadlineExceeded { limit: deadline.limit }));
            }
            Ok(UpdateDeadline::Continue(1))
        });
        store.set_epoch_deadline(1);
        let connector = self
            .pre
            .instantiate(&mut store)
            .map_err(|error| describe_trap(error, &self.limits))
            .context("instantiating the component")?;
        Ok(Session { store, connector, limits: self.limits.clone(), poisoned: false })
    }

    /// The tool catalog, from a throw-away session.
    pub fn list_tools(&self) -> anyhow::Result<Vec<ToolSpec>> {
        self.session()?.list_tools()
    }

    /// The tools a configuration may call (its `options` applied), from a throw-away session.
    pub fn list_tools_for(&self, config_json: &str) -> anyhow::Result<Result<Vec<ToolSpec>, JiraError>> {
        self.session()?.list_tools_for(config_json)
    }

    /// Calls one tool in a throw-away session.
    pub fn call_tool(
        &self,
        config_json: &str,
        name: &str,
        args_json: &str,
    ) -> anyhow::Result<Result<String, JiraError>> {
        self.session()?.call_tool(config_json, name, args_json)
    }

    /// Resolves a configuration in a throw-away session.
    pub fn resolve(&self, config_json: &str) -> anyhow::Result<Result<ResolvedSite, JiraError>> {
        self.session()?.resolve(config_json)
    }
}

/// One live instance of the component. Not shared between threads; drop it after a trap.
pub struct Session {
    store: Store<HostState>,
    connector: Connector,
    limits: Limits,
    poisoned: bool,
}

impl Session {
    /// Every tool the connector offers.
    pub fn list_tools(&mut self) -> anyhow::Result<Vec<ToolSpec>> {
        self.guard(|store, connector| connector.connectors_jira_tools().call_list_tools(store))
    }

    /// The tools a token with these granted scopes can call.
    pub fn list_tools_granted(&mut self, granted: &[String]) -> anyhow::Result<Vec<ToolSpec>> {
        self.guard(|store, connector| connector.connectors_jira_tools().call_list_tools_granted(store, granted))
    }

    /// The tools a configuration may call: the catalog minus what its `options` hide.
    pub fn list_tools_for(&mut self, config_json: &str) -> anyhow::Result<Result<Vec<ToolSpec>, JiraError>> {
        self.guard(|store, connector| connector.connectors_jira_tools().call_list_tools_for(store, config_json))
    }

    /// Calls a tool with a configuration document and arguments (both JSON); Ok holds the result JSON.
    pub fn call_tool(
        &mut self,
        config_json: &str,
        name: &str,
        args_json: &str,
    ) -> anyhow::Result<Result<String, JiraError>> {
        self.guard(|store, connector| {
            connector.connectors_jira_tools().call_call_tool(store, config_json, name, args_json)
        })
    }

    /// Builds a client from a configuration document. The client borrows the session until dropped.
    pub fn client(&mut self, config_json: &str) -> anyhow::Result<Result<Client<'_>, JiraError>> {
        let handle = self.guard(|store, connector| {
            connector.connectors_jira_client().client().call_constructor(store, config_json)
        })?;
        Ok(handle.map(|handle| Client::new(self, handle)))
    }

    /// Builds a client, resolves where it sends requests, and drops it.
    pub fn resolve(&mut self, config_json: &str) -> anyhow::Result<Result<ResolvedSite, JiraError>> {
        match self.client(config_json)? {
            Ok(mut client) => {
                let resolved = client.resolve()?;
                client.close()?;
                Ok(resolved)
            }
            Err(error) => Ok(Err(error)),
        }
    }

    /// Whether a trap ended this session's usefulness.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    /// Fuel left from the last call's budget.
    pub fn fuel_left(&self) -> u64 {
        self.store.get_fuel().unwrap_or(0)
    }

    /// Runs one call into the component with a fresh fuel budget and wall-clock deadline; a trap poisons the
    /// session.
    fn guard<T>(
        &mut self,
        call: impl FnOnce(&mut Store<HostState>, &Connector) -> wasmtime::Result<T>,
    ) -> anyhow::Result<T> {
        if self.poisoned {
            bail!("this session trapped earlier and cannot be used any more; start a new one");
        }
        self.store.set_fuel(self.limits.fuel_per_call)?;
        self.store.data_mut().deadline = CallDeadline::starting_now(self.limits.call_timeout, self.limits.call_grace);
        self.store.set_epoch_deadline(1);
        let result = call(&mut self.store, &self.connector);
        self.store.data_mut().deadline = CallDeadline::default();
        result.map_err(|error| {
            self.poisoned = true;
            describe_trap(error, &self.limits)
        })
    }
}

/// The monotonic clock of a store: WASI's, with sleeps ending at the call's deadline.
fn deadline_clock(state: &mut HostState) -> deadline::DeadlineClock<'_> {
    let deadline = state.deadline;
    deadline::DeadlineClock { inner: state.clocks(), deadline }
}

/// A trap as an error naming the limit that caused it, when one did.
fn describe_trap(error: wasmtime::Error, limits: &Limits) -> anyhow::Error {
    let limit = if let Some(exceeded) = error.downcast_ref::<DeadlineExceeded>() {
        exceeded.to_string()
    } else if error.downcast_ref::<Trap>() == Some(&Trap::OutOfFuel) {
        format!("the call ran out of fuel (limit: {} per call, Limits::fuel_per_call)", limits.fuel_per_call)
    } else {
        format!(
            "limits: {} MiB of memory, {} fuel and {} per call",
            limits.memory_bytes / (1024 * 1024),
            limits.fuel_per_call,
            seconds(limits.call_timeout)
        )
    };
    anyhow::Error::from(error).context(format!("the component trapped: {limit}"))
}

/// Everything a store holds: the WASI context, the limits and the HTTP client.
struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
    http: Arc<HttpClient>,
    credentials: Arc<dyn CredentialStore>,
    /// The deadline of the call in progress.
    deadline: CallDeadline,
}

impl CredentialsHost for HostState {
    fn save(&mut self, tokens: OauthTokens) -> Result<(), String> {
        self.credentials.save(&tokens)
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl HttpHost for HostState {
    fn send(&mut self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let requested = request.timeout_ms.map(|ms| Duration::from_millis(u64::from(ms)));
        let own_timeout = self.http.policy().timeout_for(requested);
        let limit = seconds(self.deadline.limit);
        // The request may not outlive the call: its timeout ends at the call's limit.
        let (timeout, capped) = match self.deadline.remaining() {
            Some(left) if left.is_zero() => {
                return Err(HttpError::Denied(format!(
                    "the call's wall-clock limit of {limit} has passed; the request was not sent"
                )));
            }
            Some(left) if left < own_timeout => (left, true),
            _ => (own_timeout, false),
        };
        let outgoing = OutgoingRequest {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.body,
            timeout: Some(timeout),
        };
        match self.http.send(outgoing) {
            Ok(response) => {
                Ok(HttpResponse { status: response.status, headers: response.headers, body: response.body })
            }
            Err(NetError::Timeout) if capped => {
                Err(HttpError::Denied(format!("the request was stopped at the call's wall-clock limit of {limit}")))
            }
            Err(NetError::Timeout) => Err(HttpError::Timeout),
            Err(NetError::ConnectionFailed(m)) => Err(HttpError::ConnectionFailed(m)),
            Err(NetError::InvalidUrl(m)) => Err(HttpError::InvalidUrl(m)),
            Err(NetError::Denied(m)) => Err(HttpError::Denied(m)),
            Err(NetError::Other(m)) => Err(HttpError::Other(m)),
        }
    }
}
