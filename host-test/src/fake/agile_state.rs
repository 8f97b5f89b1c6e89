//! The fake's Jira Software data: boards, sprints with their state machine, sprint membership and rank.
//!
//! An issue's sprints are kept in order, like Jira's `Sprint` field: closed sprints it was in, then at most one
//! open (future or active) sprint. An issue whose sprints are all closed is in the backlog. Rank is one global
//! order of issue ids; issues created later rank after every ranked issue, by id.

use std::collections::BTreeMap;

use super::state::{epoch_seconds, jira_timestamp};

/// `scrum` or `kanban`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoardKind {
    Scrum,
    Kanban,
}

impl BoardKind {
    /// Jira's name.
    pub fn name(self) -> &'static str {
        match self {
            BoardKind::Scrum => "scrum",
            BoardKind::Kanban => "kanban",
        }
    }
}

/// A board column and the status ids mapped to it.
pub(crate) struct Column {
    pub name: &'static str,
    pub status_ids: Vec<&'static str>,
}

/// A board over one project.
pub(crate) struct Board {
    pub id: u64,
    pub name: String,
    pub kind: BoardKind,
    pub project_id: String,
    pub filter_id: u64,
    pub columns: Vec<Column>,
}

/// Where a sprint is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SprintState {
    Future,
    Active,
    Closed,
}

impl SprintState {
    /// Jira's name.
    pub fn name(self) -> &'static str {
        match self {
            SprintState::Future => "future",
            SprintState::Active => "active",
            SprintState::Closed => "closed",
        }
    }

    /// Parses Jira's name (case-insensitive).
    pub fn parse(text: &str) -> Option<SprintState> {
        [SprintState::Future, SprintState::Active, SprintState::Closed]
            .into_iter()
            .find(|state| state.name().eq_ignore_ascii_case(text.trim()))
    }

    /// Open sprints (future and active) hold issues exclusively.
    pub fn is_open(self) -> bool {
        self != SprintState::Closed
    }
}

/// A sprint; times are seconds since the Unix epoch.
pub(crate) struct Sprint {
    pub id: u64,
    pub name: String,
    pub state: SprintState,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub complete: Option<i64>,
    pub created: i64,
    pub goal: Option<String>,
    pub board_id: u64,
}

/// Everything agile, kept beside the platform data in [`super::state::State`].
#[derive(Default)]
pub(crate) struct AgileState {
    pub boards: Vec<Board>,
    pub sprints: Vec<Sprint>,
    /// Issue id -> the sprints it is or was in, oldest first.
    pub memberships: BTreeMap<String, Vec<u64>>,
    /// Issue ids, highest rank first.
    pub rank: Vec<String>,
    pub next_sprint_id: u64,
}

impl AgileState {
    /// The board with this id.
    pub fn board(&self, id: u64) -> Option<&Board> {
        self.boards.iter().find(|board| board.id == id)
    }

    /// The sprint with this id.
    pub fn sprint(&self, id: u64) -> Option<&Sprint> {
        self.sprints.iter().find(|sprint| sprint.id == id)
    }

    /// The sprint with this id, mutably.
    pub fn sprint_mut(&mut self, id: u64) -> Option<&mut Sprint> {
        self.sprints.iter_mut().find(|sprint| sprint.id == id)
    }

    /// The future or active sprint the issue is in.
    pub fn open_sprint_of(&self, issue_id: &str) -> Option<&Sprint> {
        let ids = self.memberships.get(issue_id)?;
        ids.iter().filter_map(|id| self.sprint(*id)).find(|sprint| sprint.state.is_open())
    }

    /// The closed sprints the issue was in, oldest first.
    pub fn closed_sprints_of(&self, issue_id: &str) -> Vec<&Sprint> {
        let ids = self.memberships.get(issue_id).map(Vec::as_slice).unwrap_or_default();
        ids.iter().filter_map(|id| self.sprint(*id)).filter(|sprint| !sprint.state.is_open()).collect()
    }

    /// True when the issue is (or, for a closed sprint, was when it closed) in the sprint.
    pub fn in_sprint(&self, issue_id: &str, sprint_id: u64) -> bool {
        self.memberships.get(issue_id).is_some_and(|ids| ids.contains(&sprint_id))
    }

    /// Takes the issue out of its open sprint, if any (closed sprints stay in its history).
    pub fn move_to_backlog(&mut self, issue_id: &str) {
        let open: Vec<u64> = self.sprints.iter().filter(|s| s.state.is_open()).map(|s| s.id).collect();
        if let Some(ids) = self.memberships.get_mut(issue_id) {
            ids.retain(|id| !open.contains(id));
        }
    }

    /// Puts the issue in an open sprint, out of any other open sprint.
    pub fn move_to_sprint(&mut self, issue_id: &str, sprint_id: u64) {
        self.move_to_backlog(issue_id);
        self.memberships.entry(issue_id.to_string()).or_default().push(sprint_id);
    }

    /// Deletes a sprint and every membership in it.
    pub fn delete_sprint(&mut self, sprint_id: u64) {
        self.sprints.retain(|sprint| sprint.id != sprint_id);
        for ids in self.memberships.values_mut() {
            ids.retain(|id| *id != sprint_id);
        }
    }

    /// The rank of an issue: its position in the global order; unranked issues follow, by numeric id.
    pub fn rank_key(&self, issue_id: &str) -> (usize, u64) {
        match self.rank.iter().position(|id| id == issue_id) {
            Some(position) => (position, 0),
            None => (self.rank.len(), issue_id.parse().unwrap_or(u64::MAX)),
        }
    }

    /// Moves `moved` (in order) right before or after `anchor`; every id of `all_ids` gets a rank first.
    pub fn rank(&mut self, all_ids: &[String], moved: &[String], anchor: &str, before: bool) {
        let mut unranked: Vec<&String> = all_ids.iter().filter(|id| !self.rank.contains(id)).collect();
        unranked.sort_by_key(|id| id.parse::<u64>().unwrap_or(u64::MAX));
        self.rank.extend(unranked.into_iter().cloned());
        self.rank.retain(|id| !moved.contains(id));
        let Some(at) = self.rank.iter().position(|id| id == anchor) else {
            return;
        };
        let at = if before { at } else { at + 1 };
        for (offset, id) in moved.iter().enumerate() {
            self.rank.insert(at + offset, id.clone());
        }
    }
}

/// An agile timestamp as Jira Cloud's agile API writes it: `2024-05-06T09:00:00.000Z`.
pub(crate) fn agile_timestamp(epoch_seconds: i64) -> String {
    jira_timestamp(epoch_seconds).replace("+0000", "Z")
}

/// Parses the ISO-8601 dates the agile API accepts: `2024-05-06`, `2024-05-06T09:00`, with seconds, fractions
/// and a zone (`Z`, `+10:00`, `+1000`); none for anything else.
pub(crate) fn parse_agile_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if text.get(4..5) != Some("-")
        || text.get(7..8) != Some("-")
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    if text.len() == 10 {
        return Some(epoch_seconds(year, month, day, 0, 0));
    }
    if !matches!(text.get(10..11), Some("T" | " ")) || text.get(13..14) != Some(":") {
        return None;
    }
    let (hour, minute) = (number(11..13)?, number(14..16)?);
    let mut rest = &text[16..];
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(':') {
        second = after.get(0..2).and_then(|s| s.parse::<i64>().ok())?;
        rest = &after[2..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            rest = &fraction[digits..];
        }
    }
    let offset_minutes = match rest {
        "" | "Z" => 0,
        zone => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let digits = zone[1..].replace(':', "");
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            sign * (digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?)
        }
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(epoch_seconds(year, month, day, hour, minute) + second - offset_minutes * 60)
}

/// Seeds the agile data for the seeded issues (`issue_id` maps a key to its id): a scrum board on ACME with a
/// closed, an active and a future sprint, a kanban board on OPS, and a backlog order.
pub(crate) fn seeded(
    issue_id: impl Fn(&str) -> Option<String>,
    project_id: impl Fn(&str) -> Option<String>,
) -> AgileState {
    let columns = |kanban: bool| {
        let mut columns = vec![
            Column { name: "To Do", status_ids: vec!["10000"] },
            Column { name: "In Progress", status_ids: vec!["3"] },
            Column { name: "Done", status_ids: vec!["10001"] },
        ];
        if kanban {
            columns[0].name = "Backlog";
        }
        columns
    };
    let boards = vec![
        Board {
            id: 1,
            name: "ACME board".into(),
            kind: BoardKind::Scrum,
            project_id: project_id("ACME").unwrap_or_default(),
            filter_id: 10000,
            columns: columns(false),
        },
        Board {
            id: 2,
            name: "OPS board".into(),
            kind: BoardKind::Kanban,
            project_id: project_id("OPS").unwrap_or_default(),
            filter_id: 10001,
            columns: columns(true),
        },
    ];
    let at = |month, day, hour| epoch_seconds(2024, month, day, hour, 0);
    let sprint = |id, name: &str, state, dates: Option<(i64, i64)>, goal: Option<&str>| Sprint {
        id,
        name: name.into(),
        state,
        start: dates.map(|(start, _)| start),
        end: dates.map(|(_, end)| end),
        complete: (state == SprintState::Closed).then(|| at(5, 16, 10)),
        created: at(5, 1, 9),
        goal: goal.map(str::to_string),
        board_id: 1,
    };
    let sprints = vec![
        // Ten days long: the board's usual length when a sprint is started without an end date.
        sprint(
            1,
            "ACME Sprint 1",
            SprintState::Closed,
            Some((at(5, 6, 9), at(5, 16, 9))),
            Some("Upgrade the database"),
        ),
        sprint(2, "ACME Sprint 2", SprintState::Active, Some((at(5, 20, 9), at(5, 30, 9))), Some("Saved cards")),
        sprint(3, "ACME Sprint 3", SprintState::Future, None, None),
    ];
    let mut memberships = BTreeMap::new();
    for (key, ids) in [("ACME-4", vec![1]), ("ACME-3", vec![1, 2]), ("ACME-2", vec![2]), ("ACME-6", vec![3])] {
        if let Some(id) = issue_id(key) {
            memberships.insert(id, ids);
        }
    }
    let rank = ["ACME-3", "ACME-2", "ACME-6", "ACME-5", "ACME-1", "ACME-4", "OPS-2", "OPS-1"]
        .iter()
        .filter_map(|key| issue_id(key))
        .collect();
    AgileState { boards, sprints, memberships, rank, next_sprint_id: 4 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agile_dates_parse_in_every_form_jira_accepts() {
        let nine = epoch_seconds(2024, 5, 6, 9, 0);
        assert_eq!(parse_agile_date("2024-05-06T09:00:00.000Z"), Some(nine));
        assert_eq!(parse_agile_date("2024-05-06T09:00"), Some(nine));
        assert_eq!(parse_agile_date("2024-05-06T19:00:00.000+10:00"), Some(nine));
        assert_eq!(parse_agile_date("2024-05-06T02:00:00-0700"), Some(nine));
        assert_eq!(parse_agile_date("2024-05-06"), Some(epoch_seconds(2024, 5, 6, 0, 0)));
        for bad in ["", "soon", "2024-13-01", "2024-05-06T9:00", "2024-05-06T09:00+1"] {
            assert_eq!(parse_agile_date(bad), None, "{bad}");
        }
        assert_eq!(agile_timestamp(nine), "2024-05-06T09:00:00.000Z");
    }

    #[test]
    fn ranking_moves_issues_around_an_anchor() {
        let mut agile = seeded(|key| Some(key.to_string()), |key| Some(key.to_string()));
        let all: Vec<String> = agile.rank.clone();
        agile.rank(&all, &["ACME-1".into(), "ACME-4".into()], "ACME-3", true);
        assert_eq!(&agile.rank[..3], ["ACME-1", "ACME-4", "ACME-3"]);
        agile.rank(&all, &["ACME-1".into()], "OPS-1", false);
        assert_eq!(agile.rank.last().map(String::as_str), Some("ACME-1"));
    }

    #[test]
    fn memberships_keep_closed_sprints_and_one_open_sprint() {
        let mut agile = seeded(|key| Some(key.to_string()), |key| Some(key.to_string()));
        assert_eq!(agile.open_sprint_of("ACME-3").map(|s| s.id), Some(2));
        assert_eq!(agile.closed_sprints_of("ACME-3").len(), 1);
        agile.move_to_sprint("ACME-3", 3);
        assert_eq!(agile.memberships["ACME-3"], [1, 3]);
        agile.move_to_backlog("ACME-3");
        assert_eq!(agile.memberships["ACME-3"], [1]);
        assert!(agile.open_sprint_of("ACME-3").is_none());
        agile.delete_sprint(1);
        assert!(agile.memberships["ACME-3"].is_empty());
    }
}
