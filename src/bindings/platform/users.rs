//! `platform-users`: one user, the user search and the assignable-user search.

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_users as wit;
use super::super::{wit_error, Component};
use super::{core, guard, Result};
use crate::jira::user_lookup::{AssignableScope, User};

fn user(u: User) -> wit::User {
    wit::User {
        account_id: u.account_id,
        display_name: u.display_name,
        email: u.email,
        active: u.active,
        account_type: u.account_type,
        raw_json: u.raw.to_string(),
    }
}

impl wit::Guest for Component {
    fn get_user(c: ClientBorrow<'_>, account_id: String) -> Result<wit::User> {
        core(&c).get_user(&account_id).map(user).map_err(wit_error)
    }

    fn search_users(c: ClientBorrow<'_>, query: String, limit: Option<u32>) -> Result<Vec<wit::User>> {
        let users = core(&c).search_users(&query, limit).map_err(wit_error)?;
        Ok(users.into_iter().map(user).collect())
    }

    fn search_assignable_users(
        c: ClientBorrow<'_>,
        scope: wit::AssignableScope,
        query: Option<String>,
        limit: Option<u32>,
    ) -> Result<Vec<wit::User>> {
        let named = match &scope {
            wit::AssignableScope::Project(key) => serde_json::json!({ "project_key": key }),
            wit::AssignableScope::Issue(key) => serde_json::json!({ "issue_key": key }),
        };
        guard(&c, "search-assignable-users", false, named)?;
        // Validated as the tool validates its `project_key` / `issue_key` arguments.
        let scope = match scope {
            wit::AssignableScope::Project(key) => AssignableScope::from_args(Some(&key), None),
            wit::AssignableScope::Issue(key) => AssignableScope::from_args(None, Some(&key)),
        }
        .map_err(wit_error)?;
        let users = core(&c).search_assignable_users(query.as_deref(), &scope, limit).map_err(wit_error)?;
        Ok(users.into_iter().map(user).collect())
    }
}
