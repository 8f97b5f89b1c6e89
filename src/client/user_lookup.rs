//! Drivers of the user look-ups: one user by account id, the user search and the assignable-user search.

use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::user_lookup::{self, AssignableScope, User, USER_PAGE_MAX};
use crate::page::{collect_pages, Cursor};

use super::Client;

impl<H: HttpClient> Client<H> {
    /// One user by account id.
    pub fn get_user(&self, account_id: &str) -> Result<User> {
        let site = self.site()?;
        let request = user_lookup::get_user_request(&site, account_id)?;
        user_lookup::parse_user(&self.execute(&site, request, "get user")?)
    }

    /// Users whose name or e-mail matches `query`; up to `limit` (default 50).
    pub fn search_users(&self, query: &str, limit: Option<u32>) -> Result<Vec<User>> {
        let limit = user_lookup::user_limit(limit)?;
        let site = self.site()?;
        let collected = collect_pages(limit, USER_PAGE_MAX, Cursor::Offset(0), "search users", |cursor, size| {
            let start = match cursor {
                Cursor::Offset(start) => *start,
                Cursor::Token(_) => 0,
            };
            let request = user_lookup::search_users_request(&site, query, start, size)?;
            user_lookup::parse_user_page(&self.execute(&site, request, "search users")?, size, "search users")
        })?;
        Ok(collected.items)
    }

    /// Users who can be assigned issues of a project or one issue, optionally matching `query`.
    pub fn search_assignable_users(
        &self,
        query: Option<&str>,
        scope: &AssignableScope,
        limit: Option<u32>,
    ) -> Result<Vec<User>> {
        const CONTEXT: &str = "search assignable users";
        let limit = user_lookup::user_limit(limit)?;
        let site = self.site()?;
        let collected = collect_pages(limit, USER_PAGE_MAX, Cursor::Offset(0), CONTEXT, |cursor, size| {
            let start = match cursor {
                Cursor::Offset(start) => *start,
                Cursor::Token(_) => 0,
            };
            let request = user_lookup::assignable_users_request(&site, query, scope, start, size);
            user_lookup::parse_user_page(&self.execute(&site, request, CONTEXT)?, size, CONTEXT)
        })?;
        Ok(collected.items)
    }
}
