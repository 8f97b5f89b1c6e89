//! The demo's sprint cycle: find the scrum board, create two issues and a sprint, move the issues in, start the
//! sprint, finish one issue, close the sprint moving the unfinished one to the backlog, and find it there.

use serde_json::{json, Value};

use super::{text, AuthMethod, Demo};
use crate::runtime::Runtime;

/// One sprint cycle with one auth method, through the typed client's `call-tool`.
pub(super) fn sprint_cycle(demo: &mut Demo<'_>, runtime: &Runtime, method: AuthMethod) -> anyhow::Result<()> {
    let mut session = runtime.session()?;
    let mut client = match session.client(&method.fake_config().to_string())? {
        Ok(client) => client,
        Err(error) => return demo.record(method, "sprint cycle", Err(error.message)),
    };
    let board = demo.expect_ok(
        method,
        &mut client,
        "jira_list_boards type=scrum",
        ("jira_list_boards", json!({"type": "scrum", "project_key": "ACME"})),
        |page| match page["boards"].as_array().map(Vec::as_slice) {
            Some([board]) => Ok(format!("{} (id {}, {})", text(board, "/name")?, board["id"], text(board, "/type")?)),
            _ => Err(format!("expected one ACME scrum board, got {page}")),
        },
    )?;
    let Some(board_id) = board.as_ref().and_then(|page| page["boards"][0]["id"].as_u64()) else {
        return Ok(());
    };

    let mut keys = Vec::new();
    for label in ["finished", "unfinished"] {
        let summary = format!("Sprint demo: {label} work ({})", method.name());
        let args = json!({"project_key": "ACME", "summary": summary, "issue_type": "Task"});
        let created =
            demo.expect_ok(method, &mut client, "jira_create_issue", ("jira_create_issue", args), |created| {
                text(created, "/key").map(str::to_owned)
            })?;
        match created.as_ref().and_then(|c| c["key"].as_str()) {
            Some(key) => keys.push(key.to_owned()),
            None => return Ok(()),
        }
    }

    let name = format!("Demo sprint ({})", method.name());
    let sprint = demo.expect_ok(
        method,
        &mut client,
        "jira_create_sprint",
        ("jira_create_sprint", json!({"board_id": board_id, "name": name, "goal": "Show a whole sprint cycle"})),
        |sprint| match text(sprint, "/state")? {
            "future" => Ok(format!("sprint {} \"{}\" (future)", sprint["id"], text(sprint, "/name")?)),
            other => Err(format!("expected a future sprint, got {other}")),
        },
    )?;
    let Some(sprint_id) = sprint.as_ref().and_then(|s| s["id"].as_u64()) else {
        return Ok(());
    };

    demo.expect_ok(
        method,
        &mut client,
        "jira_move_issues_to_sprint",
        ("jira_move_issues_to_sprint", json!({"sprint_id": sprint_id, "issue_keys": keys})),
        |moved| match moved["issue_keys"].as_array() {
            Some(moved_keys) if moved_keys.len() == 2 => Ok(format!("{} -> sprint {sprint_id}", keys.join(", "))),
            _ => Err(format!("expected both issues moved, got {moved}")),
        },
    )?;

    demo.expect_ok(
        method,
        &mut client,
        "jira_start_sprint (default dates)",
        ("jira_start_sprint", json!({"sprint_id": sprint_id})),
        |started| match text(started, "/state")? {
            "active" => Ok(format!("active {} .. {}", text(started, "/start_date")?, text(started, "/end_date")?)),
            other => Err(format!("expected active, got {other}")),
        },
    )?;

    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_transition_issue {} Done", keys[0]),
        ("jira_transition_issue", json!({"issue_key": keys[0], "transition": "Done"})),
        |moved| match text(moved, "/status")? {
            "Done" => Ok("Done".to_owned()),
            other => Err(format!("expected Done, got {other}")),
        },
    )?;

    let unfinished = json!([keys[1]]);
    demo.expect_ok(
        method,
        &mut client,
        "jira_close_sprint move_open_issues_to=backlog",
        ("jira_close_sprint", json!({"sprint_id": sprint_id, "move_open_issues_to": "backlog"})),
        |closed| {
            if closed["sprint"]["state"] != "closed" || closed["moved_issue_keys"] != unfinished {
                return Err(format!("expected a closed sprint and {unfinished} moved, got {closed}"));
            }
            Ok(format!("closed; moved {} to the backlog", keys[1]))
        },
    )?;

    demo.expect_ok(
        method,
        &mut client,
        &format!("jira_get_backlog_issues {}", keys[1]),
        ("jira_get_backlog_issues", json!({"board_id": board_id, "jql": format!("key = {}", keys[1])})),
        |backlog| match backlog["issues"].as_array().map(Vec::as_slice) {
            Some([issue]) if issue["key"] == keys[1] => Ok(format!("{} is back in the backlog", keys[1])),
            _ => Err(format!("expected {} in the backlog, got {}", keys[1], keys_of(backlog))),
        },
    )?;
    Ok(())
}

fn keys_of(list: &Value) -> String {
    let keys: Vec<&str> = list["issues"]
        .as_array()
        .map(|issues| issues.iter().filter_map(|i| i["key"].as_str()).collect())
        .unwrap_or_default();
    format!("{keys:?}")
}
