//! `jira-host load`: a bounded load run through the real component against the fake Jira, with injected faults.
//!
//! `sessions` threads each own a [`crate::Session`] (its own store) and share the operations between them
//! (create issue, search, get, transition, comment, in an order drawn from `seed`). While they run, a fault is
//! queued every few operations from a fixed rotation (429 bursts with `Retry-After: 0` or `1`, 503s, slow
//! answers, truncated answers, connections closed without an answer). Afterwards the fake's own data is checked:
//! every create the component reported as successful exists exactly once, under its key, and no summary
//! exists more than once. Retries are counted from the fake's request log, so the figures hold whatever retry
//! policy the component has.

mod report;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::bindings::{JiraError, NewIssue};
use crate::demo::{fake_policy, AuthMethod};
use crate::fake::{FakeJira, Fault};
use crate::json::error_kind_name;
use crate::runtime::{Client, Runtime};

pub use report::{LoadReport, Op, OpFigures};

/// What to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Concurrent sessions (threads, each with its own store).
    pub sessions: usize,
    /// Operations in total, shared between the sessions.
    pub operations: usize,
    /// Seeds the order of operations and the rotation of faults.
    pub seed: u64,
    /// Queue faults while running.
    pub faults: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { sessions: 8, operations: 400, seed: 1, faults: true }
    }
}

/// How often a fault is queued: one every this many operations.
const FAULT_EVERY: usize = 4;

/// Runs the load against a fresh fake Jira with `runtime` (its policy is replaced by routes to the fake).
pub fn run(runtime: &Runtime, options: &LoadOptions) -> anyhow::Result<LoadReport> {
    anyhow::ensure!(options.sessions > 0, "--sessions must be at least 1");
    let fake = FakeJira::start(0)?;
    let runtime = runtime.with_policy(fake_policy(&fake)?);
    let config = AuthMethod::ApiKey.fake_config().to_string();
    let base = calibrate(&runtime, &config, &fake, options.seed)?;
    fake.clear_requests();
    let shared = Run {
        fake: &fake,
        options,
        next_op: AtomicUsize::new(0),
        outcomes: Mutex::new(Vec::new()),
        faults: Mutex::new(BTreeMap::new()),
    };
    let started = Instant::now();
    std::thread::scope(|scope| {
        for worker in 0..options.sessions {
            let (runtime, config, shared) = (&runtime, &config, &shared);
            scope.spawn(move || shared.work(runtime, config, worker));
        }
    });
    let wall = started.elapsed();
    let outcomes = shared.outcomes.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let faults = shared.faults.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let seen = report::Seen { base, requests: fake.requests(), issues: fake.issue_summaries() };
    Ok(LoadReport::build(options, &outcomes, faults, &seen, wall))
}

/// Runs each operation once without faults and counts the requests each sends: the first attempt's share,
/// from which retries are told apart.
fn calibrate(
    runtime: &Runtime,
    config: &str,
    fake: &FakeJira,
    seed: u64,
) -> anyhow::Result<BTreeMap<Op, BTreeMap<Op, usize>>> {
    let mut session = runtime.session()?;
    let mut client = session.client(config)?.map_err(|e| anyhow::anyhow!("load: {}", crate::json::error_line(&e)))?;
    let failed =
        |op: Op, e: JiraError| anyhow::anyhow!("load calibration: {}: {}", op.name(), crate::json::error_line(&e));
    // Whatever status the seeded issue is in, one of its transitions is available.
    let transitions = client.get_transitions("ACME-1")?.map_err(|e| failed(Op::Transition, e))?;
    let transition = transitions.first().map(|t| t.id.clone()).unwrap_or_default();
    let mut base = BTreeMap::new();
    for op in Op::ALL {
        fake.clear_requests();
        let outcome = match op {
            Op::Create => client.create_issue(&new_issue(&format!("load {seed} calibration")))?.map(drop),
            Op::Search => client.search("key = ACME-1", &[], Some(5), None)?.map(drop),
            Op::Get => client.get_issue("ACME-1", &[], &[])?.map(drop),
            Op::Transition => client.transition_issue("ACME-1", &transition, None)?.map(drop),
            Op::Comment => client.add_comment("ACME-1", "load calibration")?.map(drop),
        };
        outcome.map_err(|e| failed(op, e))?;
        let mut requests = BTreeMap::new();
        for class in fake.requests().iter().filter_map(report::classify) {
            *requests.entry(class).or_insert(0) += 1;
        }
        base.insert(op, requests);
    }
    client.close()?;
    Ok(base)
}

/// What one operation ended with.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    pub op: Op,
    /// `ok`, an error kind name, or `trap`.
    pub result: String,
    /// For a successful create: the key and the summary.
    pub created: Option<(String, String)>,
}

struct Run<'a> {
    fake: &'a FakeJira,
    options: &'a LoadOptions,
    next_op: AtomicUsize,
    outcomes: Mutex<Vec<Outcome>>,
    faults: Mutex<BTreeMap<String, usize>>,
}

/// A session's own view: the issues it created and the status it last moved each to.
struct Worker {
    id: usize,
    issues: Vec<(String, usize)>,
    rng: u64,
}

impl Run<'_> {
    /// Takes operations until none are left; after a trap, carries on in a new session.
    fn work(&self, runtime: &Runtime, config: &str, id: usize) {
        let mut worker = Worker { id, issues: Vec::new(), rng: splitmix(self.options.seed ^ (id as u64 + 1)) };
        while self.next_op.load(Ordering::SeqCst) < self.options.operations {
            let mut session = match runtime.session() {
                Ok(session) => session,
                Err(_) => return self.give_up(id),
            };
            let mut client = match session.client(config) {
                Ok(Ok(client)) => client,
                _ => return self.give_up(id),
            };
            while let Some(index) = self.take_op() {
                if !self.one(&mut worker, &mut client, index) {
                    break; // the session trapped: start a new one
                }
            }
        }
    }

    fn give_up(&self, worker: usize) {
        eprintln!("jira-host load: session {worker} could not start; its share of operations goes to the others");
    }

    fn take_op(&self) -> Option<usize> {
        let index = self.next_op.fetch_add(1, Ordering::SeqCst);
        (index < self.options.operations).then_some(index)
    }

    /// Runs operation `index`; false when the session trapped.
    fn one(&self, worker: &mut Worker, client: &mut Client<'_>, index: usize) -> bool {
        if self.options.faults && index % FAULT_EVERY == FAULT_EVERY - 1 {
            self.inject(index / FAULT_EVERY);
        }
        let roll = next(&mut worker.rng);
        let op = if worker.issues.is_empty() { Op::Create } else { Op::ALL[(roll % Op::ALL.len() as u64) as usize] };
        let target = (!worker.issues.is_empty()).then(|| (roll >> 8) as usize % worker.issues.len());
        let key = target.map_or_else(|| "ACME-1".to_owned(), |t| worker.issues[t].0.clone());
        let mut created = None;
        let result = match op {
            Op::Create => {
                let summary = format!("load {} w{} op{index}", self.options.seed, worker.id);
                let result = client.create_issue(&new_issue(&summary));
                if let Ok(Ok(issue)) = &result {
                    worker.issues.push((issue.key.clone(), 0));
                    created = Some((issue.key.clone(), summary));
                }
                kind(result)
            }
            Op::Search => kind(client.search(&format!("key = {key}"), &[], Some(5), None)),
            Op::Get => kind(client.get_issue(&key, &[], &[])),
            Op::Transition => {
                let next_status = target.map_or(1, |t| (worker.issues[t].1 + 1) % 3);
                let result = kind(client.transition_issue(&key, ["11", "21", "31"][next_status], None));
                if let (Some(t), "ok") = (target, result.as_str()) {
                    worker.issues[t].1 = next_status;
                }
                result
            }
            Op::Comment => kind(client.add_comment(&key, &format!("load comment op{index}"))),
        };
        let trapped = result == "trap";
        crate::fake::lock(&self.outcomes).push(Outcome { op, result, created });
        !trapped
    }

    /// Queues the `n`th fault of the rotation.
    fn inject(&self, n: usize) {
        let rotation = (n as u64).wrapping_add(self.options.seed) % 7;
        let (name, fault) = match rotation {
            0 => ("429 burst, Retry-After: 0", Fault::rate_limit_burst("/search/jql", 2, 0)),
            1 => ("503", Fault::unavailable_html("/rest/api/3/issue/").method("GET")),
            2 => ("slow answer (300 ms)", Fault::late("/rest/api/3/issue", 300)),
            3 => ("truncated answer", Fault::truncated("/rest/api/3/issue/").method("GET")),
            4 => ("connection closed without an answer", Fault::connection_reset("/search/jql")),
            5 => ("429 burst, Retry-After: 1", Fault::rate_limit_burst("/rest/api/3/issue/", 2, 1).method("GET")),
            _ => ("truncated answer to a create", Fault::truncated("/rest/api/3/issue").method("POST")),
        };
        self.fake.inject(fault);
        *crate::fake::lock(&self.faults).entry(name.to_owned()).or_insert(0) += 1;
    }
}

fn new_issue(summary: &str) -> NewIssue {
    NewIssue {
        project_key: "ACME".into(),
        summary: summary.into(),
        issue_type: "Task".into(),
        description: None,
        assignee_account_id: None,
        labels: vec!["load".into()],
        priority: None,
        parent_key: None,
        fields_json: None,
    }
}

/// `ok`, the error kind, or `trap`.
fn kind<T>(result: anyhow::Result<Result<T, JiraError>>) -> String {
    match result {
        Ok(Ok(_)) => "ok".into(),
        Ok(Err(error)) => error_kind_name(error.kind).into(),
        Err(_) => "trap".into(),
    }
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xorshift64*: a small deterministic generator.
fn next(state: &mut u64) -> u64 {
    let mut x = (*state).max(1);
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_f491_4f6c_dd1d)
}
