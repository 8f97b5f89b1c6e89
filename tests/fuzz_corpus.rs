//! Replays the fuzz seed corpus and every input a fuzzer ever found (`fuzz/seeds/`, `fuzz/regressions/`),
//! the shared fixtures through every response parser, and a call of every tool, on the stable toolchain:
//! CI keeps them passing without nightly or libFuzzer. See the README's Fuzzing section and
//! `fuzz/RESULTS.md`.
//!
//! `cargo test --test fuzz_corpus -- --ignored` writes the starting corpus of each target to
//! `fuzz/corpus/<target>/` (seeds, fixtures, generated tool calls) for `cargo fuzz run`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jira_connector::fuzzing;

/// A fuzz target's name and the function it runs.
type Target = (&'static str, fn(&[u8]));

/// The fuzz targets.
const TARGETS: [Target; 6] = [
    ("site", fuzzing::site),
    ("config", fuzzing::config),
    ("response_parsers", fuzzing::response),
    ("adf_to_markdown", fuzzing::adf_to_markdown_round_trip),
    ("markdown_to_adf", fuzzing::markdown_to_adf_round_trip),
    ("tool_args", fuzzing::tool_call),
];

/// Generous for a debug build on a busy machine; the fuzzers ran these in milliseconds.
const SLOW: Duration = Duration::from_secs(10);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `run` on `data`, failing when it takes longer than [`SLOW`] (a panic fails the test by itself).
fn replay(what: &str, run: fn(&[u8]), data: &[u8]) {
    let started = Instant::now();
    run(data);
    let took = started.elapsed();
    assert!(took < SLOW, "{what} took {took:?}");
}

/// The shared fixtures (`../shared/fixtures/**/*.json`), read-only beside the project.
fn fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root().join("../shared/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") && !path.ends_with("spec-examples-all.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn response_input(parser: u8, status: u16, body: &[u8]) -> Vec<u8> {
    let mut input = vec![parser];
    input.extend_from_slice(&status.to_be_bytes());
    input.push(0);
    input.extend_from_slice(body);
    input
}

#[test]
fn committed_seeds_and_regressions_replay() {
    let mut replayed = 0;
    for (target, run) in TARGETS {
        let seeds = files_in(&root().join("fuzz/seeds").join(target));
        assert!(!seeds.is_empty(), "no committed seeds for `{target}`");
        for path in seeds.iter().chain(&files_in(&root().join("fuzz/regressions").join(target))) {
            let data = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            replay(&path.display().to_string(), run, &data);
            replayed += 1;
        }
    }
    assert!(replayed >= 30, "only {replayed} inputs replayed");
}

#[test]
fn every_fixture_through_every_response_parser() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 50, "the shared fixtures were not found ({} files)", fixtures.len());
    for path in &fixtures {
        let body = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for parser in 0..fuzzing::RESPONSE_PARSERS {
            for status in [200, 404, 429] {
                replay(
                    &format!("{} with parser {parser}", path.display()),
                    fuzzing::response,
                    &response_input(parser, status, &body),
                );
            }
        }
        replay(&path.display().to_string(), fuzzing::adf_to_markdown_round_trip, &body);
    }
}

#[test]
fn every_tool_is_called_with_seeded_arguments() {
    let seeds = fuzzing::tool_call_seeds();
    let tools = jira_connector::tools::catalog().len();
    assert_eq!(seeds.len(), 4 * tools, "four seeds for each of the {tools} tools");
    for seed in &seeds {
        replay(
            &format!("tool call seed {:?}", String::from_utf8_lossy(&seed[..seed.len().min(80)])),
            fuzzing::tool_call,
            seed,
        );
    }
}

/// Writes the starting corpus of every target to `fuzz/corpus/<target>/` (not committed).
#[test]
#[ignore = "writes fuzz/corpus/ for cargo fuzz; run with --ignored"]
fn write_fuzz_corpus() {
    let corpus = root().join("fuzz/corpus");
    let write = |target: &str, name: &str, data: &[u8]| {
        let dir = corpus.join(target);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        fs::write(dir.join(name), data).unwrap_or_else(|e| panic!("{name}: {e}"));
    };
    for (target, _) in TARGETS {
        for path in files_in(&root().join("fuzz/seeds").join(target)) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            write(target, &format!("seed-{name}"), &fs::read(&path).unwrap_or_default());
        }
    }
    for (i, path) in fixtures().iter().enumerate() {
        let body = fs::read(path).unwrap_or_default();
        for parser in 0..fuzzing::RESPONSE_PARSERS {
            write("response_parsers", &format!("fixture-{i:03}-{parser:02}"), &response_input(parser, 200, &body));
        }
        if body.windows(5).any(|w| w == b"\"doc\"") {
            write("adf_to_markdown", &format!("fixture-{i:03}"), &body);
        }
    }
    for (i, seed) in fuzzing::tool_call_seeds().iter().enumerate() {
        write("tool_args", &format!("generated-{i:04}"), seed);
    }
}
