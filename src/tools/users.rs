//! Dispatch of the user tools into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::user_lookup::AssignableScope;
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the user tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_get_user" => value(&|| Ok(to_json(client.get_user(args.str("account_id")?)?))),
        "jira_search_users" => value(&|| {
            let users = client.search_users(args.str("query")?, args.opt_u32("limit")?)?;
            Ok(json!({ "users": to_json(users) }))
        }),
        "jira_search_assignable_users" => value(&|| {
            let scope = AssignableScope::from_args(args.opt_str("project_key")?, args.opt_str("issue_key")?)?;
            let users = client.search_assignable_users(args.opt_str("query")?, &scope, args.opt_u32("limit")?)?;
            Ok(json!({ "users": to_json(users) }))
        }),
        _ => return None,
    })
}
