//! `ORDER BY` for the fake's JQL: which fields sort, how they compare, and the default order.

use std::cmp::Ordering;

use super::jql::OrderKey;
use super::state::{issue_number, Issue, State};

const SORTABLE: &[&str] = &["created", "updated", "key", "issuekey", "id", "rank", "summary", "status", "priority"];

/// Refuses sort keys the fake cannot order by, with Jira's message.
pub(crate) fn check_sortable(order: &[OrderKey]) -> Result<(), String> {
    match order.iter().find(|key| !SORTABLE.contains(&key.field.as_str())) {
        Some(key) => Err(format!("Not able to sort using field '{}'.", key.field)),
        None => Ok(()),
    }
}

/// Sorts issue positions by `order`; without `ORDER BY`, newest first (the issue navigator's default).
/// Ties fall back to the issue id so that paging is stable.
pub(crate) fn sort(state: &State, hits: &mut [usize], order: &[OrderKey]) {
    let default_order = [OrderKey { field: "created".to_string(), descending: true }];
    let order = if order.is_empty() { &default_order[..] } else { order };
    hits.sort_by(|a, b| {
        let (a, b) = (&state.issues[*a], &state.issues[*b]);
        order
            .iter()
            .map(|key| compare(state, a, b, key))
            .find(|ordering| ordering.is_ne())
            .unwrap_or_else(|| numeric_id(a).cmp(&numeric_id(b)))
    });
}

fn compare(state: &State, a: &Issue, b: &Issue, key: &OrderKey) -> Ordering {
    let ordering = match key.field.as_str() {
        "created" => a.created.cmp(&b.created),
        "updated" => a.updated.cmp(&b.updated),
        "key" | "issuekey" => {
            let project = |issue: &Issue| issue.key.split('-').next().unwrap_or_default().to_string();
            (project(a), issue_number(&a.key)).cmp(&(project(b), issue_number(&b.key)))
        }
        "summary" => a.summary.to_lowercase().cmp(&b.summary.to_lowercase()),
        "status" => {
            let name = |issue: &Issue| state.status(&issue.status_id).map(|s| s.name.clone());
            name(a).cmp(&name(b))
        }
        // Priority ids run from 1 (Highest) down to 5 (Lowest): ascending means least important first.
        "priority" => {
            let rank = |issue: &Issue| {
                let id = issue.priority_id.as_deref().and_then(|id| id.parse::<i64>().ok());
                id.map_or(0, |id| 100 - id)
            };
            rank(a).cmp(&rank(b))
        }
        _ => numeric_id(a).cmp(&numeric_id(b)),
    };
    if key.descending {
        ordering.reverse()
    } else {
        ordering
    }
}

fn numeric_id(issue: &Issue) -> u64 {
    issue.id.parse().unwrap_or(0)
}
