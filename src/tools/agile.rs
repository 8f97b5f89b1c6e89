//! Dispatch of the Jira Software tools (`/rest/agile/1.0`) into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::agile::backlog::Destination;
use crate::jira::agile::boards::BoardFilter;
use crate::jira::agile::issues::{IssueQuery, IssueSource};
use crate::jira::agile::sprints::{NewSprint, SprintChanges, SprintState};
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the agile tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    let text = |name: &str| -> Result<Option<String>> { Ok(args.opt_str(name)?.map(str::to_string)) };
    Some(match name {
        "jira_list_boards" => value(&|| {
            let filter =
                BoardFilter { name: text("name")?, project_key: text("project_key")?, board_type: text("type")? };
            Ok(to_json(client.list_boards(&filter, args.opt_u32("limit")?)?))
        }),
        "jira_get_board" => value(&|| Ok(to_json(client.get_board(args.id("board_id")?)?))),
        "jira_get_board_configuration" => value(&|| Ok(to_json(client.get_board_configuration(args.id("board_id")?)?))),
        "jira_get_board_issues" => value(&|| issue_list(client, args, IssueSource::Board(args.id("board_id")?))),
        "jira_get_backlog_issues" => value(&|| issue_list(client, args, IssueSource::Backlog(args.id("board_id")?))),
        "jira_get_sprint_issues" => value(&|| issue_list(client, args, IssueSource::Sprint(args.id("sprint_id")?))),
        "jira_get_epic_issues" => {
            value(&|| issue_list(client, args, IssueSource::Epic(args.str("epic_key")?.to_string())))
        }
        "jira_list_sprints" => value(&|| {
            let states = sprint_states(args)?;
            Ok(to_json(client.list_sprints(args.id("board_id")?, &states, args.opt_u32("limit")?)?))
        }),
        "jira_get_sprint" => value(&|| Ok(to_json(client.get_sprint(args.id("sprint_id")?)?))),
        "jira_create_sprint" => value(&|| {
            Ok(to_json(client.create_sprint(&NewSprint {
                board_id: args.id("board_id")?,
                name: args.str("name")?.to_string(),
                start_date: text("start_date")?,
                end_date: text("end_date")?,
                goal: text("goal")?,
            })?))
        }),
        "jira_update_sprint" => value(&|| {
            let changes = SprintChanges {
                name: text("name")?,
                goal: text("goal")?,
                start_date: text("start_date")?,
                end_date: text("end_date")?,
                state: None,
            };
            Ok(to_json(client.update_sprint(args.id("sprint_id")?, &changes)?))
        }),
        "jira_start_sprint" => value(&|| {
            Ok(to_json(client.start_sprint(
                args.id("sprint_id")?,
                args.opt_str("start_date")?,
                args.opt_str("end_date")?,
            )?))
        }),
        "jira_close_sprint" => value(&|| {
            let destination = destination(args)?;
            Ok(to_json(client.close_sprint(args.id("sprint_id")?, destination)?))
        }),
        "jira_delete_sprint" => value(&|| {
            let sprint_id = args.id("sprint_id")?;
            client.delete_sprint(sprint_id)?;
            Ok(json!({ "deleted": true, "sprint_id": sprint_id }))
        }),
        "jira_move_issues_to_sprint" => value(&|| {
            Ok(to_json(client.move_issues_to_sprint(
                args.id("sprint_id")?,
                &args.str_list("issue_keys")?,
                args.opt_str("rank_before")?,
                args.opt_str("rank_after")?,
            )?))
        }),
        "jira_move_issues_to_backlog" => {
            value(&|| Ok(to_json(client.move_issues_to_backlog(&args.str_list("issue_keys")?)?)))
        }
        "jira_rank_issues" => value(&|| {
            Ok(to_json(client.rank_issues(
                &args.str_list("issue_keys")?,
                args.opt_str("rank_before")?,
                args.opt_str("rank_after")?,
            )?))
        }),
        "jira_list_epics" => value(&|| Ok(to_json(client.list_epics(args.id("board_id")?, args.opt_u32("limit")?)?))),
        "jira_set_parent" => {
            value(&|| Ok(to_json(client.set_parent(args.str("issue_key")?, args.str("parent_key")?)?)))
        }
        _ => return None,
    })
}

fn issue_list<H: HttpClient>(client: &Client<H>, args: &Args<'_>, source: IssueSource) -> Result<Value> {
    let query = IssueQuery {
        jql: args.opt_str("jql")?.map(str::to_string),
        fields: args.str_list("fields")?,
        limit: args.opt_u32("limit")?,
    };
    Ok(to_json(client.get_agile_issues(&source, &query)?))
}

/// `state`: a list of state names, or one comma-separated string.
fn sprint_states(args: &Args<'_>) -> Result<Vec<SprintState>> {
    let names: Vec<String> = match args.value("state") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text)) => {
            text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_string).ok_or_else(|| args.invalid("state", "must contain only strings"))
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(args.invalid("state", "must be a list of states or a comma-separated string")),
    };
    names.iter().map(|name| SprintState::parse_arg("state", name)).collect()
}

/// `move_open_issues_to`: a sprint id (a number, or digits in a string) or `"backlog"`.
fn destination(args: &Args<'_>) -> Result<Option<Destination>> {
    let bad = || args.invalid("move_open_issues_to", "must be a sprint id or \"backlog\"");
    match args.value("move_open_issues_to") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            n.as_u64().filter(|id| *id > 0).map(|id| Some(Destination::Sprint(id))).ok_or_else(bad)
        }
        Some(Value::String(text)) => {
            let text = text.trim();
            if text.eq_ignore_ascii_case("backlog") {
                Ok(Some(Destination::Backlog))
            } else {
                text.parse::<u64>().ok().filter(|id| *id > 0).map(|id| Some(Destination::Sprint(id))).ok_or_else(bad)
            }
        }
        Some(_) => Err(bad()),
    }
}
