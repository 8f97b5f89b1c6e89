//! Dispatch of the issue link, remote link and watcher tools into the typed client operations.

use serde_json::{json, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::links_watchers::NewIssueLink;
use crate::tools::args::Args;
use crate::tools::to_json;

/// Runs the link or watcher tool `name`, or returns None when `name` is not one of them.
pub(crate) fn dispatch<H: HttpClient>(client: &Client<H>, name: &str, args: &Args<'_>) -> Option<Result<Value>> {
    let value = |f: &dyn Fn() -> Result<Value>| f();
    Some(match name {
        "jira_get_link_types" => value(&|| Ok(json!({ "link_types": client.get_link_types()? }))),
        "jira_create_issue_link" => value(&|| {
            Ok(to_json(client.create_issue_link(&NewIssueLink {
                link_type: args.str("link_type")?.to_string(),
                inward_issue: args.str("inward_issue")?.to_string(),
                outward_issue: args.str("outward_issue")?.to_string(),
                comment: args.opt_str("comment")?.map(str::to_string),
            })?))
        }),
        "jira_remove_issue_link" => value(&|| {
            let link_id = args.str("link_id")?;
            client.remove_issue_link(link_id)?;
            Ok(json!({ "removed": true, "link_id": link_id }))
        }),
        "jira_get_remote_links" => {
            value(&|| Ok(json!({ "remote_links": client.get_remote_links(args.str("issue_key")?)? })))
        }
        "jira_create_remote_link" => value(&|| {
            Ok(to_json(client.create_remote_link(args.str("issue_key")?, args.str("url")?, args.str("title")?)?))
        }),
        "jira_get_watchers" => value(&|| Ok(to_json(client.get_watchers(args.str("issue_key")?)?))),
        "jira_add_watcher" => value(&|| {
            let (key, account_id) = (args.str("issue_key")?, args.str("account_id")?);
            client.add_watcher(key, account_id)?;
            Ok(json!({ "watching": true, "issue_key": key, "account_id": account_id }))
        }),
        "jira_remove_watcher" => value(&|| {
            let (key, account_id) = (args.str("issue_key")?, args.str("account_id")?);
            client.remove_watcher(key, account_id)?;
            Ok(json!({ "watching": false, "issue_key": key, "account_id": account_id }))
        }),
        _ => return None,
    })
}
