//! `platform-links`: issue links, remote (web) links and watchers.

use super::super::exports::connectors::jira::client::ClientBorrow;
use super::super::exports::connectors::jira::platform_links as wit;
use super::super::{user_ref, wit_error, Component};
use super::{core, guard, Result};
use crate::jira::links_watchers::NewIssueLink;

impl wit::Guest for Component {
    fn get_link_types(c: ClientBorrow<'_>) -> Result<Vec<wit::LinkType>> {
        let types = core(&c).get_link_types().map_err(wit_error)?;
        Ok(types
            .into_iter()
            .map(|t| wit::LinkType { id: t.id, name: t.name, inward: t.inward, outward: t.outward })
            .collect())
    }

    fn create_issue_link(c: ClientBorrow<'_>, link: wit::NewIssueLink) -> Result<Option<String>> {
        guard(
            &c,
            "create-issue-link",
            true,
            serde_json::json!({"inward_issue": link.inward_issue, "outward_issue": link.outward_issue}),
        )?;
        let link = NewIssueLink {
            link_type: link.link_type,
            inward_issue: link.inward_issue,
            outward_issue: link.outward_issue,
            comment: link.comment,
        };
        core(&c).create_issue_link(&link).map(|created| created.link_id).map_err(wit_error)
    }

    fn remove_issue_link(c: ClientBorrow<'_>, link_id: String) -> Result<()> {
        guard(&c, "remove-issue-link", true, serde_json::json!({"link_id": link_id}))?;
        core(&c).remove_issue_link(&link_id).map_err(wit_error)
    }

    fn get_remote_links(c: ClientBorrow<'_>, issue_key: String) -> Result<Vec<wit::RemoteLink>> {
        guard(&c, "get-remote-links", false, serde_json::json!({"issue_key": issue_key}))?;
        let links = core(&c).get_remote_links(&issue_key).map_err(wit_error)?;
        Ok(links
            .into_iter()
            .map(|l| wit::RemoteLink {
                id: l.id,
                global_id: l.global_id,
                url: l.url,
                title: l.title,
                summary: l.summary,
                relationship: l.relationship,
                application: l.application,
                raw_json: l.raw.to_string(),
            })
            .collect())
    }

    fn create_remote_link(
        c: ClientBorrow<'_>,
        issue_key: String,
        url: String,
        title: String,
    ) -> Result<wit::CreatedRemoteLink> {
        guard(&c, "create-remote-link", true, serde_json::json!({"issue_key": issue_key}))?;
        let created = core(&c).create_remote_link(&issue_key, &url, &title).map_err(wit_error)?;
        Ok(wit::CreatedRemoteLink { id: created.id, self_url: created.self_url })
    }

    fn get_watchers(c: ClientBorrow<'_>, issue_key: String) -> Result<wit::Watchers> {
        guard(&c, "get-watchers", false, serde_json::json!({"issue_key": issue_key}))?;
        let watchers = core(&c).get_watchers(&issue_key).map_err(wit_error)?;
        Ok(wit::Watchers {
            watch_count: watchers.watch_count,
            is_watching: watchers.is_watching,
            watchers: watchers.watchers.into_iter().map(user_ref).collect(),
        })
    }

    fn add_watcher(c: ClientBorrow<'_>, issue_key: String, account_id: String) -> Result<()> {
        guard(&c, "add-watcher", true, serde_json::json!({"issue_key": issue_key}))?;
        core(&c).add_watcher(&issue_key, &account_id).map_err(wit_error)
    }

    fn remove_watcher(c: ClientBorrow<'_>, issue_key: String, account_id: String) -> Result<()> {
        guard(&c, "remove-watcher", true, serde_json::json!({"issue_key": issue_key}))?;
        core(&c).remove_watcher(&issue_key, &account_id).map_err(wit_error)
    }
}
