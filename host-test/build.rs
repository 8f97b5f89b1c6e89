//! Builds the Jira connector component (`wasm32-wasip2`, release) and hands its path to the host crate.
//!
//! The nested cargo uses its own target directory under `OUT_DIR`: sharing the outer one deadlocks on cargo's
//! build-directory lock. Flags meant for the host build (coverage, wrappers, clippy) are cleared so they do not
//! leak into the guest build.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The guest package, as named in the workspace root `Cargo.toml`.
const GUEST_PACKAGE: &str = "jira-connector";
/// The file the `wasm32-wasip2` target produces for the guest's `cdylib`.
const GUEST_FILE: &str = "jira_connector.wasm";
const GUEST_TARGET: &str = "wasm32-wasip2";
/// Set to the path of an already built component to skip the nested build (packaging, CI caches).
const PREBUILT_ENV: &str = "JIRA_CONNECTOR_WASM";

/// Environment of the outer build that must not reach the nested guest build.
const CLEARED_ENV: &[&str] = &[
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTDOCFLAGS",
    "CARGO_ENCODED_RUSTDOCFLAGS",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_BUILD_RUSTFLAGS",
    "CARGO_BUILD_TARGET",
    "CARGO_BUILD_TARGET_DIR",
    "CARGO_BUILD_RUSTC_WRAPPER",
    "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
    "CARGO_TARGET_DIR",
    "CARGO_LLVM_COV",
    "CARGO_LLVM_COV_TARGET_DIR",
    "LLVM_PROFILE_FILE",
    "CARGO_INCREMENTAL",
    "CARGO_PRIMARY_PACKAGE",
];

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed={PREBUILT_ENV}");
    let wasm = match env::var_os(PREBUILT_ENV) {
        Some(path) => prebuilt(PathBuf::from(path)),
        None => build_guest(),
    };
    match wasm {
        Ok(wasm) => {
            println!("cargo:rustc-env=JIRA_CONNECTOR_WASM={}", wasm.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            println!("cargo:warning=building the Jira connector component failed; see the build script output");
            ExitCode::FAILURE
        }
    }
}

/// Runs the nested build and returns the path of the component.
fn build_guest() -> Result<PathBuf, String> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;
    let workspace = manifest_dir.parent().ok_or("CARGO_MANIFEST_DIR has no parent directory")?.to_path_buf();
    for watched in ["src", "wit", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", workspace.join(watched).display());
    }

    let target_dir = out_dir.join("guest-target");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    for name in CLEARED_ENV {
        command.env_remove(name);
    }
    // The jobserver variables (CARGO_MAKEFLAGS) are kept on purpose: the nested build then shares the outer
    // build's job slots instead of oversubscribing the machine.
    command
        .current_dir(&workspace)
        .args(["build", "-p", GUEST_PACKAGE, "--target", GUEST_TARGET, "--release"])
        .env("CARGO_TARGET_DIR", &target_dir);
    let output = command.output().map_err(|e| format!("could not run cargo for the guest build: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the nested build of `{GUEST_PACKAGE}` for {GUEST_TARGET} failed ({}):\n{}\n\
             hint: install the target with `rustup target add {GUEST_TARGET}`, then check the component's \
             own build with `cargo build -p {GUEST_PACKAGE} --target {GUEST_TARGET} --release`",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let wasm = target_dir.join(GUEST_TARGET).join("release").join(GUEST_FILE);
    if !wasm.is_file() {
        return Err(format!(
            "the guest build succeeded but {} is missing (is the guest's crate-type `cdylib`?)",
            wasm.display()
        ));
    }
    Ok(wasm)
}

/// A component built elsewhere.
fn prebuilt(path: PathBuf) -> Result<PathBuf, String> {
    let path = path.canonicalize().map_err(|e| format!("{PREBUILT_ENV}={}: {e}", path.display()))?;
    println!("cargo:rerun-if-changed={}", path.display());
    Ok(path)
}

/// A path from an environment variable cargo always sets for build scripts.
fn env_path(name: &str) -> Result<PathBuf, String> {
    env::var_os(name)
        .map(|v| Path::new(&v).to_path_buf())
        .ok_or_else(|| format!("{name} is not set; build.rs must run under cargo"))
}
