//! Drivers of the issue link, remote link and watcher operations.

use crate::error::Result;
use crate::http::HttpClient;
use crate::jira::links_watchers::{
    self as links, CreatedLink, LinkType, NewIssueLink, RemoteLink, RemoteLinkRef, Watchers,
};

use super::Client;

impl<H: HttpClient> Client<H> {
    /// The kinds of link between issues the site knows.
    pub fn get_link_types(&self) -> Result<Vec<LinkType>> {
        let site = self.site()?;
        links::parse_link_types(&self.execute(&site, links::link_types_request(&site), "get link types")?)
    }

    /// Links two issues.
    pub fn create_issue_link(&self, link: &NewIssueLink) -> Result<CreatedLink> {
        let site = self.site()?;
        let request = links::create_issue_link_request(&site, link)?;
        Ok(links::parse_created_link(&self.execute(&site, request, "create issue link")?))
    }

    /// Removes a link between issues.
    pub fn remove_issue_link(&self, link_id: &str) -> Result<()> {
        let site = self.site()?;
        let request = links::remove_issue_link_request(&site, link_id)?;
        self.execute(&site, request, "remove issue link").map(|_| ())
    }

    /// The web links on an issue.
    pub fn get_remote_links(&self, key: &str) -> Result<Vec<RemoteLink>> {
        let site = self.site()?;
        let request = links::remote_links_request(&site, key)?;
        links::parse_remote_links(&self.execute(&site, request, "get remote links")?)
    }

    /// Adds a web link to an issue.
    pub fn create_remote_link(&self, key: &str, url: &str, title: &str) -> Result<RemoteLinkRef> {
        let site = self.site()?;
        let request = links::create_remote_link_request(&site, key, url, title)?;
        links::parse_remote_link_ref(&self.execute(&site, request, "create remote link")?)
    }

    /// The watchers of an issue.
    pub fn get_watchers(&self, key: &str) -> Result<Watchers> {
        let site = self.site()?;
        let request = links::watchers_request(&site, key)?;
        links::parse_watchers(&self.execute(&site, request, "get watchers")?)
    }

    /// Makes a user watch an issue.
    pub fn add_watcher(&self, key: &str, account_id: &str) -> Result<()> {
        let site = self.site()?;
        let request = links::add_watcher_request(&site, key, account_id)?;
        self.execute(&site, request, "add watcher").map(|_| ())
    }

    /// Stops a user watching an issue.
    pub fn remove_watcher(&self, key: &str, account_id: &str) -> Result<()> {
        let site = self.site()?;
        let request = links::remove_watcher_request(&site, key, account_id)?;
        self.execute(&site, request, "remove watcher").map(|_| ())
    }
}
