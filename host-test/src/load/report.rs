//! The figures of a load run, and the checks against the fake's data (nothing lost, nothing duplicated).

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::{LoadOptions, Outcome};
use crate::fake::RecordedRequest;

/// The operations of the load mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    /// `client.create-issue`.
    Create,
    /// `client.search` (JQL on one key).
    Search,
    /// `client.get-issue`.
    Get,
    /// `client.transition-issue`.
    Transition,
    /// `client.add-comment`.
    Comment,
}

impl Op {
    /// Every operation, in mix order.
    pub const ALL: [Op; 5] = [Op::Create, Op::Search, Op::Get, Op::Transition, Op::Comment];

    /// The name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Op::Create => "create_issue",
            Op::Search => "search",
            Op::Get => "get_issue",
            Op::Transition => "transition_issue",
            Op::Comment => "add_comment",
        }
    }
}

/// Which operation a request the fake received belongs to (API-key routes on the site).
pub fn classify(request: &RecordedRequest) -> Option<Op> {
    let rest = request.path.strip_prefix("/rest/api/3/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        (_, ["search", "jql"]) => Some(Op::Search),
        ("POST", ["issue"]) => Some(Op::Create),
        ("GET", ["issue", _]) => Some(Op::Get),
        (_, ["issue", _, "transitions"]) => Some(Op::Transition),
        (_, ["issue", _, "comment"]) => Some(Op::Comment),
        _ => None,
    }
}

/// What the fake saw: the requests of each operation in a fault-free run (by the operation their path belongs
/// to: a transition also reads the issue back), the request log, and its issues.
pub(crate) struct Seen {
    pub base: BTreeMap<Op, BTreeMap<Op, usize>>,
    pub requests: Vec<RecordedRequest>,
    pub issues: Vec<(String, String)>,
}

/// Figures of one operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpFigures {
    /// Operations run.
    pub operations: usize,
    /// Operations that succeeded.
    pub ok: usize,
    /// Failed operations by error kind (`trap` for a trapped session).
    pub errors: BTreeMap<String, usize>,
    /// Requests the fake received for this operation.
    pub requests: usize,
    /// Requests beyond one fault-free attempt per operation.
    pub retries: usize,
}

/// The outcome of a load run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadReport {
    /// The options of the run.
    pub options: LoadOptions,
    /// Wall time of the concurrent part.
    pub wall: Duration,
    /// Figures per operation.
    pub by_op: BTreeMap<Op, OpFigures>,
    /// Failed operations by error kind, all operations together.
    pub errors_by_kind: BTreeMap<String, usize>,
    /// Faults queued, by description.
    pub faults_injected: BTreeMap<String, usize>,
    /// Creates the component reported as successful.
    pub creates_reported: usize,
    /// Reported creates whose summary the fake does not hold under the reported key.
    pub lost: Vec<String>,
    /// Summaries the fake holds more than once.
    pub duplicated: Vec<String>,
    /// Issues of this run the fake holds although the component reported no success (the request reached
    /// the fake but the answer did not reach the component).
    pub unreported_creates: usize,
}

impl LoadReport {
    pub(crate) fn build(
        options: &LoadOptions,
        outcomes: &[Outcome],
        faults_injected: BTreeMap<String, usize>,
        seen: &Seen,
        wall: Duration,
    ) -> LoadReport {
        let mut by_op: BTreeMap<Op, OpFigures> = Op::ALL.iter().map(|op| (*op, OpFigures::default())).collect();
        let mut errors_by_kind = BTreeMap::new();
        for outcome in outcomes {
            let figures = by_op.entry(outcome.op).or_default();
            figures.operations += 1;
            if outcome.result == "ok" {
                figures.ok += 1;
            } else {
                *figures.errors.entry(outcome.result.clone()).or_insert(0) += 1;
                *errors_by_kind.entry(outcome.result.clone()).or_insert(0) += 1;
            }
        }
        for request in &seen.requests {
            if let Some(op) = classify(request) {
                by_op.entry(op).or_default().requests += 1;
            }
        }
        let operations: BTreeMap<Op, usize> = by_op.iter().map(|(op, f)| (*op, f.operations)).collect();
        for (class, figures) in &mut by_op {
            let first_attempts: usize = operations
                .iter()
                .map(|(op, count)| count * seen.base.get(op).and_then(|b| b.get(class)).copied().unwrap_or(0))
                .sum();
            figures.retries = figures.requests.saturating_sub(first_attempts);
        }
        let mut held: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (key, summary) in &seen.issues {
            held.entry(summary.as_str()).or_default().push(key.as_str());
        }
        let reported: Vec<&(String, String)> = outcomes.iter().filter_map(|o| o.created.as_ref()).collect();
        let lost = reported
            .iter()
            .filter(|(key, summary)| held.get(summary.as_str()).is_none_or(|keys| !keys.contains(&key.as_str())))
            .map(|(key, summary)| format!("{key}: {summary}"))
            .collect();
        let duplicated = held.iter().filter(|(_, keys)| keys.len() > 1).map(|(s, _)| (*s).to_owned()).collect();
        let prefix = format!("load {} w", options.seed);
        let run_issues = seen.issues.iter().filter(|(_, summary)| summary.starts_with(&prefix)).count();
        LoadReport {
            options: options.clone(),
            wall,
            by_op,
            errors_by_kind,
            faults_injected,
            creates_reported: reported.len(),
            lost,
            duplicated,
            unreported_creates: run_issues.saturating_sub(reported.len()),
        }
    }

    /// Operations run in total.
    pub fn operations(&self) -> usize {
        self.by_op.values().map(|f| f.operations).sum()
    }

    /// True when nothing was lost or duplicated.
    pub fn consistent(&self) -> bool {
        self.lost.is_empty() && self.duplicated.is_empty()
    }

    /// The report as printed by `jira-host load`.
    pub fn to_json(&self) -> Value {
        let ops: serde_json::Map<String, Value> = self
            .by_op
            .iter()
            .map(|(op, f)| {
                let figures = json!({"operations": f.operations, "ok": f.ok, "errors": f.errors,
                                     "requests_seen": f.requests, "retries": f.retries});
                (op.name().to_owned(), figures)
            })
            .collect();
        json!({
            "sessions": self.options.sessions,
            "operations": self.operations(),
            "seed": self.options.seed,
            "wall_ms": u64::try_from(self.wall.as_millis()).unwrap_or(u64::MAX),
            "ok": self.by_op.values().map(|f| f.ok).sum::<usize>(),
            "errors_by_kind": self.errors_by_kind,
            "requests_seen": self.by_op.values().map(|f| f.requests).sum::<usize>(),
            "retries": self.by_op.values().map(|f| f.retries).sum::<usize>(),
            "by_operation": ops,
            "faults_injected": self.faults_injected,
            "creates_reported": self.creates_reported,
            "unreported_creates": self.unreported_creates,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "consistent": self.consistent(),
        })
    }
}
