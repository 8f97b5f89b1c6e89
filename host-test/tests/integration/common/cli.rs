//! The `jira-host` binary in tests: started with nothing inherited from the test's environment, routed to a
//! fake Jira, and its output read back.

use std::process::{Command, Output};

use jira_host::fake::{self, FakeJira};
use serde_json::Value;

/// The binary with no inherited configuration.
pub fn jira_host() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jira-host"));
    command.env_remove("JIRA_CONFIG");
    command
}

/// The binary with the site, the gateway and the authorization server routed to `fake`.
pub fn jira_host_routed(fake: &FakeJira) -> Command {
    let mut command = jira_host();
    for host in [fake::FAKE_SITE_HOST, fake::FAKE_GATEWAY_HOST, fake::FAKE_AUTH_HOST] {
        command.arg("--route").arg(format!("{host}={}", fake.url()));
    }
    command
}

/// Runs the command to its end.
pub fn run(command: &mut Command) -> Output {
    command.output().expect("jira-host runs")
}

/// The command's standard output as JSON; a panic showing both streams when it is not.
pub fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The exit status of a process that exited normally.
pub fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}
