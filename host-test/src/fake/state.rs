//! The fake's data: users, projects, the workflow, issues and comments, and a logical clock.

use serde_json::Value;

/// A Jira user (Cloud identifies users by account id only).
pub(crate) struct User {
    pub account_id: String,
    pub display_name: String,
    pub email: String,
    pub time_zone: String,
    pub active: bool,
}

/// A project; `type_key` is `software` or `business`.
pub(crate) struct Project {
    pub id: String,
    pub key: String,
    pub name: String,
    pub type_key: String,
    pub simplified: bool,
}

/// An issue type, shared by every project.
pub(crate) struct IssueType {
    pub id: String,
    pub name: String,
    pub description: String,
    pub subtask: bool,
    pub hierarchy_level: i32,
}

/// A priority; ids run from `"1"` (Highest) to `"5"` (Lowest).
pub(crate) struct Priority {
    pub id: String,
    pub name: String,
}

/// The three status categories every Jira status belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusCategory {
    New,
    Indeterminate,
    Done,
}

impl StatusCategory {
    /// The numeric id Jira Cloud uses.
    pub fn id(self) -> u32 {
        match self {
            StatusCategory::New => 2,
            StatusCategory::Indeterminate => 4,
            StatusCategory::Done => 3,
        }
    }

    /// The stable key (`new`, `indeterminate`, `done`).
    pub fn key(self) -> &'static str {
        match self {
            StatusCategory::New => "new",
            StatusCategory::Indeterminate => "indeterminate",
            StatusCategory::Done => "done",
        }
    }

    /// The display name.
    pub fn name(self) -> &'static str {
        match self {
            StatusCategory::New => "To Do",
            StatusCategory::Indeterminate => "In Progress",
            StatusCategory::Done => "Done",
        }
    }

    /// The board colour name.
    pub fn color_name(self) -> &'static str {
        match self {
            StatusCategory::New => "blue-gray",
            StatusCategory::Indeterminate => "yellow",
            StatusCategory::Done => "green",
        }
    }
}

/// A workflow status.
pub(crate) struct Status {
    pub id: String,
    pub name: String,
    pub category: StatusCategory,
}

/// A global workflow transition to `to_status_id`, available from every other status.
pub(crate) struct Transition {
    pub id: String,
    pub name: String,
    pub to_status_id: String,
}

/// A comment on an issue; `body` is an ADF document.
pub(crate) struct Comment {
    pub id: String,
    pub author_id: String,
    pub body: Value,
    pub created: i64,
    pub updated: i64,
}

/// When and how an issue was resolved.
pub(crate) struct Resolved {
    /// Seconds since the Unix epoch.
    pub at: i64,
    /// One of the site's resolutions (`project_meta::RESOLUTIONS`).
    pub resolution_id: String,
}

/// An issue; references to other entities are by id (users by account id).
pub(crate) struct Issue {
    pub id: String,
    pub key: String,
    pub project_id: String,
    pub summary: String,
    pub description: Option<Value>,
    pub issue_type_id: String,
    pub status_id: String,
    pub priority_id: Option<String>,
    pub assignee_id: Option<String>,
    pub reporter_id: Option<String>,
    pub labels: Vec<String>,
    pub created: i64,
    pub updated: i64,
    pub resolved: Option<Resolved>,
    pub parent_id: Option<String>,
    pub story_points: Option<f64>,
    /// The values of the custom fields of `custom_fields.rs`, by field id, as `GET /issue` renders them.
    pub custom: serde_json::Map<String, Value>,
    pub comments: Vec<Comment>,
}

/// Everything the fake knows, behind one mutex.
pub(crate) struct State {
    pub users: Vec<User>,
    pub projects: Vec<Project>,
    pub issue_types: Vec<IssueType>,
    pub priorities: Vec<Priority>,
    pub statuses: Vec<Status>,
    pub transitions: Vec<Transition>,
    pub issues: Vec<Issue>,
    /// The account id every accepted credential authenticates as.
    pub current_user_id: String,
    pub next_issue_id: u64,
    pub next_comment_id: u64,
    /// Seconds since the Unix epoch; see [`State::tick`].
    pub clock: i64,
    /// Boards, sprints, sprint membership and rank (Jira Software).
    pub agile: super::agile_state::AgileState,
    /// Comment visibility and worklogs.
    pub work: super::comments_worklogs::WorkState,
    /// Issue links, remote links and watchers.
    pub links: super::links_watchers::LinksState,
    /// The change sets recorded for every edit (`changelog.rs`).
    pub changelog: super::changelog::ChangelogState,
    /// Project versions and components.
    pub releases: super::releases::ReleaseState,
    /// Uploaded files.
    pub attachments: super::attachments::AttachmentState,
    /// Issue votes and issue properties.
    pub votes_properties: super::votes_properties::VotesProperties,
}

impl State {
    /// The user with this account id.
    pub fn user(&self, account_id: &str) -> Option<&User> {
        self.users.iter().find(|user| user.account_id == account_id)
    }

    /// The authenticated user.
    pub fn current_user(&self) -> Option<&User> {
        self.user(&self.current_user_id)
    }

    /// The project with this id or key (keys case-insensitively, as Jira does).
    pub fn project(&self, id_or_key: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id_or_key || project.key.eq_ignore_ascii_case(id_or_key))
    }

    /// The project with this id.
    pub fn project_by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    /// The issue type with this id or name (case-insensitive).
    pub fn issue_type(&self, id_or_name: &str) -> Option<&IssueType> {
        self.issue_types.iter().find(|kind| kind.id == id_or_name || kind.name.eq_ignore_ascii_case(id_or_name))
    }

    /// The priority with this id or name (case-insensitive).
    pub fn priority(&self, id_or_name: &str) -> Option<&Priority> {
        self.priorities
            .iter()
            .find(|priority| priority.id == id_or_name || priority.name.eq_ignore_ascii_case(id_or_name))
    }

    /// The status with this id or name (case-insensitive).
    pub fn status(&self, id_or_name: &str) -> Option<&Status> {
        self.statuses.iter().find(|status| status.id == id_or_name || status.name.eq_ignore_ascii_case(id_or_name))
    }

    /// The position of the issue with this id or key (keys case-insensitively).
    pub fn issue_index(&self, id_or_key: &str) -> Option<usize> {
        self.issues.iter().position(|issue| issue.id == id_or_key || issue.key.eq_ignore_ascii_case(id_or_key))
    }

    /// The issue with this id or key.
    pub fn issue(&self, id_or_key: &str) -> Option<&Issue> {
        self.issue_index(id_or_key).map(|index| &self.issues[index])
    }

    /// The transitions available from `status_id`: every transition leading somewhere else.
    pub fn transitions_from(&self, status_id: &str) -> Vec<&Transition> {
        self.transitions.iter().filter(|transition| transition.to_status_id != status_id).collect()
    }

    /// The key the next issue created in `project` gets: its key plus one more than its highest number.
    pub fn next_issue_key(&self, project: &Project) -> String {
        let highest = self
            .issues
            .iter()
            .filter(|issue| issue.project_id == project.id)
            .filter_map(|issue| issue_number(&issue.key))
            .max()
            .unwrap_or(0);
        format!("{}-{}", project.key, highest + 1)
    }

    /// Allocates an issue id.
    pub fn allocate_issue_id(&mut self) -> String {
        let id = self.next_issue_id;
        self.next_issue_id += 1;
        id.to_string()
    }

    /// Allocates a comment id.
    pub fn allocate_comment_id(&mut self) -> String {
        let id = self.next_comment_id;
        self.next_comment_id += 1;
        id.to_string()
    }

    /// Advances the clock by one minute and returns the new time. A logical clock instead of the wall clock
    /// keeps timestamps deterministic in tests and strictly increasing, so `ORDER BY created` is never a tie.
    pub fn tick(&mut self) -> i64 {
        self.clock += 60;
        self.clock
    }
}

/// The number part of an issue key (`ACME-12` -> 12).
pub(crate) fn issue_number(key: &str) -> Option<u64> {
    key.rsplit_once('-').and_then(|(_, number)| number.parse().ok())
}

/// Formats seconds since the Unix epoch the way Jira Cloud does: `2024-01-15T10:30:00.000+0000`.
pub(crate) fn jira_timestamp(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let seconds_of_day = epoch_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+0000",
        seconds_of_day / 3600,
        seconds_of_day % 3600 / 60,
        seconds_of_day % 60
    )
}

/// Seconds since the Unix epoch for a UTC date and time (used to write the seed data readably).
pub(crate) fn epoch_seconds(year: i64, month: i64, day: i64, hour: i64, minute: i64) -> i64 {
    days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60
}

// Howard Hinnant's proleptic Gregorian calendar algorithms (public domain), for dates without a crate.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * shifted_month + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
