//! A short load run (4 sessions × 25 operations, faults injected): nothing lost, nothing duplicated, every
//! operation accounted for, errors only of the kinds the injected faults can cause. No timing is asserted.

use jira_host::load::{self, LoadOptions, Op};

/// What the injected faults may surface as (with or without retries in the component); `trap` is not here.
const EXPECTED_KINDS: [&str; 4] = ["rate-limited", "server-error", "transport", "decode"];

#[test]
fn a_short_load_loses_and_duplicates_nothing() {
    let options = LoadOptions { sessions: 4, operations: 100, seed: 7, faults: true };
    let report = load::run(crate::common::compiled(), &options).expect("the load runs");
    let json = report.to_json();
    assert_eq!(report.operations(), 100, "{json:#}");
    assert!(report.lost.is_empty(), "lost creates: {json:#}");
    assert!(report.duplicated.is_empty(), "duplicated summaries: {json:#}");
    assert!(report.consistent());
    for kind in report.errors_by_kind.keys() {
        assert!(EXPECTED_KINDS.contains(&kind.as_str()), "unexpected error kind {kind}: {json:#}");
    }
    assert!(report.faults_injected.values().sum::<usize>() >= 20, "{json:#}");
    let creates = &report.by_op[&Op::Create];
    assert!(creates.ok > 0 && creates.ok == report.creates_reported, "{json:#}");
    for figures in report.by_op.values() {
        assert_eq!(figures.ok + figures.errors.values().sum::<usize>(), figures.operations, "{json:#}");
        assert!(figures.requests >= figures.operations.min(1), "{json:#}");
    }
    assert_eq!(json["consistent"], true);
}

#[test]
fn without_faults_every_operation_succeeds_once() {
    let options = LoadOptions { sessions: 2, operations: 20, seed: 3, faults: false };
    let report = load::run(crate::common::compiled(), &options).expect("the load runs");
    let json = report.to_json();
    assert!(report.errors_by_kind.is_empty(), "{json:#}");
    assert_eq!(json["retries"], 0, "{json:#}");
    assert!(report.consistent(), "{json:#}");
    assert_eq!(report.unreported_creates, 0, "{json:#}");
}
