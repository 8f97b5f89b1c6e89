//! The data the fake starts with: three users, six projects, the default workflow and eight issues (with the
//! work already done on them, see `seed_activity.rs`).

use super::adf::doc_from_text;
use super::agile_state::{self, AgileState};
use super::project_meta::DONE_RESOLUTION;
use super::state::{
    epoch_seconds, Comment, Issue, IssueType, Priority, Project, Resolved, State, Status, StatusCategory, Transition,
    User,
};

/// Ada Lovelace, the user every accepted credential authenticates as.
pub(crate) const ADA: &str = "5b10a2844c20165700ede21g";
/// Grace Hopper, a second active user.
pub(crate) const GRACE: &str = "5b10ac8d82e05b22cc7d4ef5";
/// Alan Turing, a third user.
pub(crate) const ALAN: &str = "5b109f2e9729b51b54dc274d";

const TO_DO: &str = "10000";
const IN_PROGRESS: &str = "3";
const DONE: &str = "10001";

const TASK: &str = "10001";
const BUG: &str = "10002";
const STORY: &str = "10003";
const EPIC: &str = "10004";
const SUBTASK: &str = "10005";

impl State {
    /// A fresh fake site with the seed data.
    pub(crate) fn seeded() -> State {
        let mut state = State {
            users: users(),
            projects: projects(),
            issue_types: issue_types(),
            priorities: ["Highest", "High", "Medium", "Low", "Lowest"]
                .iter()
                .zip(1..)
                .map(|(name, id)| Priority { id: id.to_string(), name: name.to_string() })
                .collect(),
            statuses: vec![
                status(TO_DO, "To Do", StatusCategory::New),
                status(IN_PROGRESS, "In Progress", StatusCategory::Indeterminate),
                status(DONE, "Done", StatusCategory::Done),
            ],
            transitions: vec![
                transition("11", "To Do", TO_DO),
                transition("21", "In Progress", IN_PROGRESS),
                transition("31", "Done", DONE),
            ],
            issues: Vec::new(),
            current_user_id: ADA.to_string(),
            next_issue_id: 10001,
            next_comment_id: 10000,
            clock: epoch_seconds(2024, 6, 3, 9, 0),
            agile: AgileState::default(),
            work: Default::default(),
            links: Default::default(),
            attachments: Default::default(),
            changelog: Default::default(),
            releases: Default::default(),
            votes_properties: Default::default(),
        };
        seed_issues(&mut state);
        super::seed_activity::seed_activity(&mut state);
        let issue_id = |key: &str| state.issue(key).map(|issue| issue.id.clone());
        let project_id = |key: &str| state.project(key).map(|project| project.id.clone());
        state.agile = agile_state::seeded(issue_id, project_id);
        state
    }
}

fn users() -> Vec<User> {
    let user = |account_id: &str, name: &str, email: &str, zone: &str| User {
        account_id: account_id.to_string(),
        display_name: name.to_string(),
        email: email.to_string(),
        time_zone: zone.to_string(),
        active: true,
    };
    vec![
        user(ADA, "Ada Lovelace", super::FAKE_EMAIL, "Europe/London"),
        user(GRACE, "Grace Hopper", "grace@example.com", "America/New_York"),
        user(ALAN, "Alan Turing", "alan@example.com", "Europe/London"),
    ]
}

fn projects() -> Vec<Project> {
    let project = |id: &str, key: &str, name: &str, type_key: &str, simplified: bool| Project {
        id: id.to_string(),
        key: key.to_string(),
        name: name.to_string(),
        type_key: type_key.to_string(),
        simplified,
    };
    vec![
        project("10000", "ACME", "Acme Platform", "software", false),
        project("10001", "OPS", "Operations", "business", true),
        project("10002", "DATA", "Data Pipeline", "software", true),
        project("10003", "MOB", "Mobile App", "software", false),
        project("10004", "WEB", "Website", "software", true),
        project("10005", "HR", "People Team", "business", true),
    ]
}

fn issue_types() -> Vec<IssueType> {
    let kind = |id: &str, name: &str, description: &str, subtask: bool, level: i32| IssueType {
        id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
        subtask,
        hierarchy_level: level,
    };
    vec![
        kind(TASK, "Task", "A small, distinct piece of work.", false, 0),
        kind(BUG, "Bug", "A problem or error.", false, 0),
        kind(STORY, "Story", "A user story.", false, 0),
        kind(EPIC, "Epic", "A big user story that needs to be broken down.", false, 1),
        kind(SUBTASK, "Subtask", "A small piece of work that's part of a larger task.", true, -1),
    ]
}

fn status(id: &str, name: &str, category: StatusCategory) -> Status {
    Status { id: id.to_string(), name: name.to_string(), category }
}

fn transition(id: &str, name: &str, to_status_id: &str) -> Transition {
    Transition { id: id.to_string(), name: name.to_string(), to_status_id: to_status_id.to_string() }
}

/// One seeded issue; the project comes from the key, the reporter is always Ada.
struct IssueSeed {
    key: &'static str,
    type_id: &'static str,
    status_id: &'static str,
    priority_id: &'static str,
    assignee: Option<&'static str>,
    summary: &'static str,
    description: Option<&'static str>,
    labels: &'static [&'static str],
    parent_key: Option<&'static str>,
}

const ISSUES: &[IssueSeed] = &[
    IssueSeed {
        key: "ACME-1",
        type_id: EPIC,
        status_id: IN_PROGRESS,
        priority_id: "2",
        assignee: Some(ADA),
        summary: "Checkout revamp",
        description: Some("Rebuild the checkout flow end to end.\n\nGoals: fewer steps, saved cards, clearer errors."),
        labels: &["platform"],
        parent_key: None,
    },
    IssueSeed {
        key: "ACME-2",
        type_id: STORY,
        status_id: IN_PROGRESS,
        priority_id: "3",
        assignee: Some(ADA),
        summary: "Pay with a saved card",
        description: Some("As a returning customer I want to pay with a saved card so that checkout takes one click."),
        labels: &["payments", "frontend"],
        parent_key: Some("ACME-1"),
    },
    IssueSeed {
        key: "ACME-3",
        type_id: BUG,
        status_id: TO_DO,
        priority_id: "1",
        assignee: Some(GRACE),
        summary: "Login fails with SSO when the email has uppercase letters",
        description: Some(
            "Steps: sign in with Ada.Lovelace@Example.com through SSO.\n\nExpected: signed in. Actual: 403.",
        ),
        labels: &["auth", "bug"],
        parent_key: None,
    },
    IssueSeed {
        key: "ACME-4",
        type_id: TASK,
        status_id: DONE,
        priority_id: "3",
        assignee: Some(ALAN),
        summary: "Upgrade the database to PostgreSQL 16",
        description: Some("Minor version first, then the major upgrade in the maintenance window."),
        labels: &["infra"],
        parent_key: None,
    },
    IssueSeed {
        key: "ACME-5",
        type_id: SUBTASK,
        status_id: TO_DO,
        priority_id: "4",
        assignee: Some(ALAN),
        summary: "Write the migration runbook",
        description: None,
        labels: &["infra", "docs"],
        parent_key: Some("ACME-4"),
    },
    IssueSeed {
        key: "ACME-6",
        type_id: TASK,
        status_id: TO_DO,
        priority_id: "3",
        assignee: None,
        summary: "Add rate limiting to the public API",
        description: None,
        labels: &[],
        parent_key: None,
    },
    IssueSeed {
        key: "OPS-1",
        type_id: TASK,
        status_id: TO_DO,
        priority_id: "3",
        assignee: Some(ADA),
        summary: "Rotate the on-call schedule for Q3",
        description: Some("Swap the two weekend slots and announce in #ops."),
        labels: &["oncall"],
        parent_key: None,
    },
    IssueSeed {
        key: "OPS-2",
        type_id: BUG,
        status_id: IN_PROGRESS,
        priority_id: "2",
        assignee: Some(GRACE),
        summary: "Disk alerts on build agents",
        description: Some("Agents 3 and 7 page every night at 02:00 when the cache job runs."),
        labels: &["alerts", "infra"],
        parent_key: None,
    },
];

fn seed_issues(state: &mut State) {
    for (index, seed) in (0_i64..).zip(ISSUES) {
        let key = seed.key;
        let project_key = key.split('-').next().unwrap_or_default();
        let project_id = state.project(project_key).map(|project| project.id.clone()).unwrap_or_default();
        let parent_id = seed.parent_key.and_then(|parent_key| state.issue(parent_key).map(|p| p.id.clone()));
        let created = epoch_seconds(2024, 1, 15 + index, 10, 30);
        let updated = created + 86_400 + index * 3600;
        let id = state.allocate_issue_id();
        state.issues.push(Issue {
            id,
            key: key.to_string(),
            project_id,
            summary: seed.summary.to_string(),
            description: seed.description.map(doc_from_text),
            issue_type_id: seed.type_id.to_string(),
            status_id: seed.status_id.to_string(),
            priority_id: Some(seed.priority_id.to_string()),
            assignee_id: seed.assignee.map(str::to_string),
            reporter_id: Some(ADA.to_string()),
            labels: seed.labels.iter().map(|label| label.to_string()).collect(),
            created,
            updated,
            resolved: (seed.status_id == DONE)
                .then(|| Resolved { at: updated, resolution_id: DONE_RESOLUTION.to_string() }),
            parent_id,
            story_points: match seed.type_id {
                STORY => Some(5.0),
                TASK if key == "ACME-4" => Some(3.0),
                _ => None,
            },
            custom: Default::default(),
            comments: Vec::new(),
        });
    }
    seed_comments(state);
}

fn seed_comments(state: &mut State) {
    let comments: [(&str, &str, &str); 4] = [
        ("ACME-2", GRACE, "Design is ready, see the attached mock-ups."),
        ("ACME-2", ADA, "Thanks! Starting on the API part today."),
        ("ACME-3", ALAN, "Reproduced on staging. The IdP sends the address as typed."),
        ("OPS-2", GRACE, "Moved the cache job to 04:00 as a stopgap."),
    ];
    for (offset, (key, author, text)) in (0_i64..).zip(comments) {
        let id = state.allocate_comment_id();
        if let Some(index) = state.issue_index(key) {
            let issue = &mut state.issues[index];
            let created = issue.created + 7200 + offset * 600;
            issue.comments.push(Comment {
                id,
                author_id: author.to_string(),
                body: doc_from_text(text),
                created,
                updated: created,
            });
        }
    }
}
