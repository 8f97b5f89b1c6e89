//! The Jira Software tools: boards, sprints, backlog, ranking and epics.
//!
//! Granular scopes are the Software spec's `security` scopes of the operations each tool calls (the spec lists
//! no classic ones); classic scopes are those Jira Software documents for its REST API: `read:jira-work` to
//! read boards, sprints and their issues, `write:jira-work` to change them.

use serde_json::{json, Value};

use super::catalog::{issue_key_arg, object, string_list, tool};
use crate::tools::ToolSpec;

const READ: &[&str] = &["read:jira-work"];
const WRITE: &[&str] = &["write:jira-work"];
const READ_WRITE: &[&str] = &["read:jira-work", "write:jira-work"];

fn board_id() -> Value {
    json!({ "type": "integer", "minimum": 1, "description": "The board's numeric id (from jira_list_boards)." })
}

fn sprint_id(what: &str) -> Value {
    json!({ "type": "integer", "minimum": 1, "description": format!("The numeric id of the sprint {what} (from jira_list_sprints).") })
}

fn limit(what: &str) -> Value {
    json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 50,
            "description": format!("How many {what} to return at most (Jira serves 50 per page; pages are fetched as needed).") })
}

fn jql() -> Value {
    json!({ "type": "string", "maxLength": 20000,
            "description": "JQL that narrows the list, e.g. `assignee = currentUser()`; the list keeps its rank order." })
}

fn date(what: &str) -> Value {
    json!({ "type": "string", "minLength": 10, "maxLength": 40,
            "description": format!("{what}, ISO-8601: a date (2024-05-01, midnight UTC) or a date-time (2024-05-01T09:00:00+02:00).") })
}

fn issue_keys() -> Value {
    json!({ "type": "array", "items": issue_key_arg(), "minItems": 1, "maxItems": 1000,
            "description": "Issue keys (ACME-42) or ids; more than 50 are sent in several requests, in order." })
}

fn rank_anchor(side: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 255, "description": format!("Rank the issues {side} this issue key.") })
}

fn issue_list_properties(owner: (&str, Value)) -> Value {
    json!({
        owner.0: owner.1,
        "jql": jql(),
        "fields": string_list("Extra field ids to return besides the standard ones, e.g. [\"customfield_10016\"]."),
        "limit": limit("issues"),
    })
}

/// The Jira Software tools.
pub fn agile_tools() -> Vec<ToolSpec> {
    vec![
        tool(
            "jira_list_boards",
            "List the Jira Software boards the user can see, optionally filtered by name (contains), project key and type (scrum or kanban). Each board has id, name, type and project_key.",
            object(
                json!({
                    "name": { "type": "string", "maxLength": 255, "description": "Text the board name contains." },
                    "project_key": { "type": "string", "minLength": 1, "maxLength": 255, "description": "Only boards of this project (key or id)." },
                    "type": { "type": "string", "enum": ["scrum", "kanban"], "description": "Only scrum or only kanban boards." },
                    "limit": limit("boards"),
                }),
                &[],
            ),
            READ,
            &["read:board-scope:jira-software", "read:project:jira"],
            &["GET /rest/agile/1.0/board"],
        ),
        tool(
            "jira_get_board",
            "Get one Jira Software board by id: name, type (scrum or kanban) and the key of its project.",
            object(json!({ "board_id": board_id() }), &["board_id"]),
            READ,
            &["read:board-scope:jira-software", "read:issue-details:jira"],
            &["GET /rest/agile/1.0/board/{boardId}"],
        ),
        tool(
            "jira_get_board_configuration",
            "Get a board's configuration: its columns with the ids of the statuses mapped to each, the estimation field (story points), the rank field and the saved filter that selects its issues.",
            object(json!({ "board_id": board_id() }), &["board_id"]),
            READ,
            &["read:board-scope.admin:jira-software", "read:project:jira"],
            &["GET /rest/agile/1.0/board/{boardId}/configuration"],
        ),
        tool(
            "jira_get_board_issues",
            "List the issues on a board (all columns, including sprints and backlog) in rank order, optionally narrowed with JQL.",
            object(issue_list_properties(("board_id", board_id())), &["board_id"]),
            READ,
            &["read:board-scope:jira-software", "read:issue-details:jira"],
            &["GET /rest/agile/1.0/board/{boardId}/issue"],
        ),
        tool(
            "jira_get_backlog_issues",
            "List a board's backlog (issues not in a future or active sprint and not done) in rank order, optionally narrowed with JQL.",
            object(issue_list_properties(("board_id", board_id())), &["board_id"]),
            READ,
            &["read:board-scope:jira-software", "read:issue-details:jira"],
            &["GET /rest/agile/1.0/board/{boardId}/backlog"],
        ),
        tool(
            "jira_list_sprints",
            "List a scrum board's sprints (closed, then active, then future), optionally only those in some states. Each sprint has id, name, state, start_date, end_date, complete_date, goal and board_id.",
            object(
                json!({
                    "board_id": board_id(),
                    "state": { "anyOf": [
                        { "type": "string", "minLength": 1, "maxLength": 40 },
                        { "type": "array", "items": { "type": "string", "enum": ["future", "active", "closed"] }, "minItems": 1, "maxItems": 3 }
                    ], "description": "Only sprints in these states: any of future, active, closed (a list, or a comma-separated string)." },
                    "limit": limit("sprints"),
                }),
                &["board_id"],
            ),
            READ,
            &["read:sprint:jira-software"],
            &["GET /rest/agile/1.0/board/{boardId}/sprint"],
        ),
        tool(
            "jira_get_sprint",
            "Get one sprint by id: name, state (future, active, closed), dates, goal and board.",
            object(json!({ "sprint_id": sprint_id("to get") }), &["sprint_id"]),
            READ,
            &["read:sprint:jira-software"],
            &["GET /rest/agile/1.0/sprint/{sprintId}"],
        ),
        tool(
            "jira_get_sprint_issues",
            "List the issues in a sprint in rank order, optionally narrowed with JQL (e.g. `statusCategory != Done`).",
            object(issue_list_properties(("sprint_id", sprint_id("to read"))), &["sprint_id"]),
            READ,
            &["read:sprint:jira-software", "read:issue-details:jira", "read:jql:jira"],
            &["GET /rest/agile/1.0/sprint/{sprintId}/issue"],
        ),
        tool(
            "jira_create_sprint",
            "Create a future sprint on a scrum board, with optional planned dates and goal. Returns the sprint.",
            object(
                json!({
                    "board_id": board_id(),
                    "name": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The sprint name." },
                    "start_date": date("Planned start"),
                    "end_date": date("Planned end (after the start)"),
                    "goal": { "type": "string", "maxLength": 255, "description": "The sprint goal." },
                }),
                &["board_id", "name"],
            ),
            WRITE,
            &["write:sprint:jira-software"],
            &["POST /rest/agile/1.0/sprint"],
        ),
        tool(
            "jira_update_sprint",
            "Change a sprint's name, goal or dates; only what is given changes (a closed sprint only takes name and goal). To start or close a sprint use jira_start_sprint or jira_close_sprint.",
            object(
                json!({
                    "sprint_id": sprint_id("to change"),
                    "name": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The new name." },
                    "goal": { "type": "string", "maxLength": 255, "description": "The new goal (empty clears it)." },
                    "start_date": date("New start"),
                    "end_date": date("New end (after the start)"),
                }),
                &["sprint_id"],
            ),
            WRITE,
            &["write:sprint:jira-software"],
            &["POST /rest/agile/1.0/sprint/{sprintId}"],
        ),
        tool(
            "jira_start_sprint",
            "Start a future sprint. The start defaults to now and the end to the start plus the board's usual sprint length (its last completed sprint's), or two weeks. Starting a sprint that is not future is a conflict.",
            object(
                json!({
                    "sprint_id": sprint_id("to start"),
                    "start_date": date("Start (default: now)"),
                    "end_date": date("End (default: start + the board's usual sprint length)"),
                }),
                &["sprint_id"],
            ),
            READ_WRITE,
            &["read:sprint:jira-software", "write:sprint:jira-software"],
            &[
                "GET /rest/agile/1.0/sprint/{sprintId}",
                "GET /rest/agile/1.0/board/{boardId}/sprint",
                "POST /rest/agile/1.0/sprint/{sprintId}",
            ],
        ),
        tool(
            "jira_close_sprint",
            "Close (complete) an active sprint. With move_open_issues_to (a sprint id or \"backlog\"), the sprint's unfinished issues are moved there first; the result lists the unfinished issues and what moved. Closing a sprint that is not active is a conflict.",
            object(
                json!({
                    "sprint_id": sprint_id("to close"),
                    "move_open_issues_to": { "anyOf": [
                        { "type": "integer", "minimum": 1 },
                        { "type": "string", "minLength": 1, "maxLength": 40 }
                    ], "description": "Where unfinished issues go: a future or active sprint's id, or \"backlog\". Without it they stay in the closed sprint." },
                }),
                &["sprint_id"],
            ),
            READ_WRITE,
            &[
                "read:sprint:jira-software",
                "read:issue-details:jira",
                "read:jql:jira",
                "write:sprint:jira-software",
                "write:board-scope:jira-software",
            ],
            &[
                "GET /rest/agile/1.0/sprint/{sprintId}",
                "GET /rest/agile/1.0/sprint/{sprintId}/issue",
                "POST /rest/agile/1.0/sprint/{sprintId}/issue",
                "POST /rest/agile/1.0/backlog/issue",
                "POST /rest/agile/1.0/sprint/{sprintId}",
            ],
        ),
        tool(
            "jira_delete_sprint",
            "Delete a sprint; Jira moves its open issues to the backlog.",
            object(json!({ "sprint_id": sprint_id("to delete") }), &["sprint_id"]),
            WRITE,
            &["delete:sprint:jira-software"],
            &["DELETE /rest/agile/1.0/sprint/{sprintId}"],
        ),
        tool(
            "jira_move_issues_to_sprint",
            "Move issues into a future or active sprint, optionally ranked before or after another issue.",
            object(
                json!({
                    "sprint_id": sprint_id("to move the issues into"),
                    "issue_keys": issue_keys(),
                    "rank_before": rank_anchor("before"),
                    "rank_after": rank_anchor("after"),
                }),
                &["sprint_id", "issue_keys"],
            ),
            WRITE,
            &["write:sprint:jira-software"],
            &["POST /rest/agile/1.0/sprint/{sprintId}/issue"],
        ),
        tool(
            "jira_move_issues_to_backlog",
            "Move issues to the backlog, out of any future or active sprint.",
            object(json!({ "issue_keys": issue_keys() }), &["issue_keys"]),
            WRITE,
            &["write:board-scope:jira-software"],
            &["POST /rest/agile/1.0/backlog/issue"],
        ),
        tool(
            "jira_rank_issues",
            "Rank issues (in the given order) before or after another issue; give exactly one of rank_before and rank_after. Issues Jira could not rank are listed under `failed`.",
            object(
                json!({ "issue_keys": issue_keys(), "rank_before": rank_anchor("before"), "rank_after": rank_anchor("after") }),
                &["issue_keys"],
            ),
            WRITE,
            &["write:issue:jira-software"],
            &["PUT /rest/agile/1.0/issue/rank"],
        ),
        tool(
            "jira_list_epics",
            "List the epics of a board: id, key, name, summary, done flag and colour.",
            object(json!({ "board_id": board_id(), "limit": limit("epics") }), &["board_id"]),
            READ,
            &["read:epic:jira-software"],
            &["GET /rest/agile/1.0/board/{boardId}/epic"],
        ),
        tool(
            "jira_get_epic_issues",
            "List the child issues of an epic in rank order, optionally narrowed with JQL.",
            object(
                json!({
                    "epic_key": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The epic's issue key (ACME-1) or id." },
                    "jql": jql(),
                    "fields": string_list("Extra field ids to return besides the standard ones."),
                    "limit": limit("issues"),
                }),
                &["epic_key"],
            ),
            READ,
            &["read:epic:jira-software", "read:issue-details:jira", "read:jql:jira"],
            &["GET /rest/agile/1.0/epic/{epicIdOrKey}/issue"],
        ),
        tool(
            "jira_set_parent",
            "Set an issue's parent: put a story or task under an epic, or a sub-task under its issue (the `parent` field, in team-managed and company-managed projects alike).",
            object(
                json!({ "issue_key": issue_key_arg(), "parent_key": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The parent's issue key (an epic, or the issue of a sub-task)." } }),
                &["issue_key", "parent_key"],
            ),
            WRITE,
            &["write:issue:jira"],
            &["PUT /rest/api/3/issue/{issueIdOrKey}"],
        ),
    ]
}
