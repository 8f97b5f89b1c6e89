//! Jira Software (`/rest/agile/1.0`): boards, sprints, backlog, ranking and epics.
//!
//! What the agile operations share lives here: id and issue-key validation, the `startAt`/`maxResults`/`isLast`
//! page parser (the pager itself is `crate::page::collect_pages`), and the issue lists every agile list returns.
//! Agile lists cap a page at 50 whatever `maxResults` asks for, and some omit `total` or `isLast`.

pub mod backlog;
pub mod boards;
pub mod dates;
pub mod epics;
pub mod issues;
pub mod sprints;

use crate::decode::Node;
use crate::error::{Error, Result};
use crate::site::{issue_key, quoted_preview};

/// The most items one agile page returns (the service caps pages at 50, whatever is asked).
pub const AGILE_PAGE_MAX: u32 = 50;
/// The most items one move or rank request may carry.
pub const MOVE_CHUNK_MAX: usize = 50;
/// The default number of items an agile list returns.
pub const DEFAULT_LIST_LIMIT: u32 = 50;
/// The most items one agile list call gathers.
pub const MAX_LIST_LIMIT: u32 = 1000;
/// The most issue keys one move or rank call takes (sent in chunks of [`MOVE_CHUNK_MAX`]).
pub const MAX_ISSUE_KEYS: usize = 1000;

/// The agile base path every operation appends to.
pub(crate) const AGILE_BASE: &str = "/rest/agile/1.0";

/// Checks a board or sprint id taken from input: Jira's ids are positive 64-bit integers.
pub fn positive_id(arg: &str, value: u64) -> Result<u64> {
    if value == 0 || value > i64::MAX as u64 {
        return Err(Error::invalid_input(format!("`{arg}` must be a positive integer id, got {value}")));
    }
    Ok(value)
}

/// Checks a list limit: `None` is [`DEFAULT_LIST_LIMIT`], otherwise 1 to [`MAX_LIST_LIMIT`].
pub fn list_limit(limit: Option<u32>) -> Result<u32> {
    let limit = limit.unwrap_or(DEFAULT_LIST_LIMIT);
    if limit == 0 || limit > MAX_LIST_LIMIT {
        return Err(Error::invalid_input(format!("`limit` must be between 1 and {MAX_LIST_LIMIT}")));
    }
    Ok(limit)
}

/// Validates a list of issue keys (`arg` names the argument): at least one, at most [`MAX_ISSUE_KEYS`], each a
/// key or numeric id; duplicates are dropped (Jira's move bodies require unique items), order is kept.
pub fn issue_keys(arg: &str, keys: &[String]) -> Result<Vec<String>> {
    if keys.is_empty() {
        return Err(Error::invalid_input(format!("`{arg}` is empty: give at least one issue key")));
    }
    if keys.len() > MAX_ISSUE_KEYS {
        return Err(Error::invalid_input(format!("`{arg}` has more than {MAX_ISSUE_KEYS} issue keys")));
    }
    let mut unique: Vec<String> = Vec::with_capacity(keys.len());
    for key in keys {
        let key = issue_key(arg, key)?;
        if !unique.contains(&key) {
            unique.push(key);
        }
    }
    Ok(unique)
}

/// Where an issue is ranked: before or after another issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RankPosition {
    /// Immediately before this issue (higher in the backlog).
    Before(String),
    /// Immediately after this issue.
    After(String),
}

impl RankPosition {
    /// Builds a position from the optional `rank_before` / `rank_after` arguments: at most one may be given
    /// (`required` demands exactly one), and the anchor may not be one of the issues being moved.
    pub fn from_args(
        before: Option<&str>,
        after: Option<&str>,
        moved: &[String],
        required: bool,
    ) -> Result<Option<Self>> {
        let position = match (before, after) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input("give either `rank_before` or `rank_after`, not both"));
            }
            (Some(anchor), None) => RankPosition::Before(issue_key("rank_before", anchor)?),
            (None, Some(anchor)) => RankPosition::After(issue_key("rank_after", anchor)?),
            (None, None) if required => {
                return Err(Error::invalid_input("give `rank_before` or `rank_after`: the issue to rank against"));
            }
            (None, None) => return Ok(None),
        };
        if moved.contains(position.anchor()) {
            return Err(Error::invalid_input(format!(
                "cannot rank {} relative to itself: remove it from `issue_keys` or pick another anchor",
                quoted_preview(position.anchor())
            )));
        }
        Ok(Some(position))
    }

    /// The issue ranked against.
    pub fn anchor(&self) -> &String {
        match self {
            RankPosition::Before(key) | RankPosition::After(key) => key,
        }
    }
}

/// Reads a JSON integer id (`"id": 37`, or `"37"` from hand-made data) as u64.
pub(crate) fn node_u64(node: Node<'_>) -> Result<u64> {
    match node.value() {
        serde_json::Value::Number(n) => n.as_u64().ok_or_else(|| node.error("expected a non-negative integer id")),
        serde_json::Value::String(s) => s.trim().parse().map_err(|_| node.error("expected an integer id")),
        _ => Err(node.error("expected an integer id")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn ids_must_be_positive() {
        assert_eq!(positive_id("board_id", 7).expect("ok"), 7);
        assert_eq!(positive_id("board_id", 0).expect_err("zero").kind, ErrorKind::InvalidInput);
        assert!(positive_id("sprint_id", u64::MAX).expect_err("too big").message.contains("`sprint_id`"));
    }

    #[test]
    fn issue_keys_are_validated_and_deduplicated() {
        let keys = issue_keys("issue_keys", &["acme-1".into(), "ACME-2".into(), "ACME-1".into()]).expect("ok");
        assert_eq!(keys, ["ACME-1", "ACME-2"]);
        assert!(issue_keys("issue_keys", &[]).expect_err("empty").message.contains("is empty"));
        assert!(issue_keys("issue_keys", &["../x".into()]).expect_err("bad").message.contains("`issue_keys`"));
    }

    #[test]
    fn rank_positions_need_exactly_one_anchor_that_is_not_moved() {
        let moved = vec!["ACME-1".to_string()];
        assert_eq!(
            RankPosition::from_args(Some("acme-2"), None, &moved, true).expect("ok"),
            Some(RankPosition::Before("ACME-2".into()))
        );
        assert_eq!(RankPosition::from_args(None, None, &moved, false).expect("ok"), None);
        assert!(RankPosition::from_args(None, None, &moved, true).is_err());
        assert!(RankPosition::from_args(Some("A-2"), Some("A-3"), &moved, true).is_err());
        let err = RankPosition::from_args(None, Some("ACME-1"), &moved, true).expect_err("self");
        assert!(err.message.contains("relative to itself"), "{}", err.message);
    }
}
