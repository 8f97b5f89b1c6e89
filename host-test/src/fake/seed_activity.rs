//! The work already done on the seeded issues: a worklog, an issue link, an attachment, a watcher and votes, so that
//! examples, demos and users of `jira-host serve-fake` can name ones that exist (`jira_update_worklog` on worklog
//! 10000, `jira_remove_issue_link` on link 10100, `jira_get_attachment` on attachment 10000).
//!
//! Their ids sit just below the ones the fake allocates (worklogs and attachments from 10001, links from 10101),
//! so nothing created later collides with them or shifts.

use super::adf::doc_from_text;
use super::attachments::StoredAttachment;
use super::comments_worklogs::Worklog;
use super::links_watchers::IssueLink;
use super::seed::{ADA, ALAN, GRACE};
use super::state::{epoch_seconds, jira_timestamp, State};

/// The seeded worklog: Ada's three hours on ACME-2.
pub(crate) const SEEDED_WORKLOG: &str = "10000";
/// The seeded link: ACME-3 blocks ACME-2 (paying needs signing in).
pub(crate) const SEEDED_LINK: &str = "10100";
/// The seeded attachment: a disk report on OPS-2.
pub(crate) const SEEDED_ATTACHMENT: u64 = 10000;

/// The seeded attachment's content.
const DISK_REPORT: &str = "Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p1  200G  188G   12G  95% /\n";

/// Adds the worklog, the link, the attachment, the watcher and the votes (the issues must be seeded first).
pub(crate) fn seed_activity(state: &mut State) {
    let issue_id = |key: &str| state.issue(key).map(|issue| issue.id.clone()).unwrap_or_default();
    let (story, bug, alerts) = (issue_id("ACME-2"), issue_id("ACME-3"), issue_id("OPS-2"));
    let logged = epoch_seconds(2024, 5, 21, 17, 0);
    state.work.worklogs.push(Worklog {
        id: SEEDED_WORKLOG.to_string(),
        issue_id: story.clone(),
        author_id: ADA.to_string(),
        time_spent_seconds: 3 * 3600,
        started: jira_timestamp(epoch_seconds(2024, 5, 21, 9, 30)),
        comment: Some(doc_from_text("Card vault endpoints and their tests.")),
        visibility: None,
        created: logged,
        updated: logged,
    });
    state.links.links.push(IssueLink {
        id: SEEDED_LINK.to_string(),
        type_id: "10000".to_string(),
        inward_id: bug.clone(),
        outward_id: story.clone(),
    });
    state.attachments.attachments.push(StoredAttachment {
        id: SEEDED_ATTACHMENT,
        issue_id: alerts,
        filename: "agent-7-disk-usage.txt".to_string(),
        mime_type: "text/plain".to_string(),
        content: DISK_REPORT.as_bytes().to_vec(),
        author_id: GRACE.to_string(),
        created: epoch_seconds(2024, 5, 2, 14, 0),
    });
    // Grace designed the saved cards and follows them; she and Alan hit the SSO bug too.
    state.links.watchers.push((story, GRACE.to_string()));
    state.votes_properties.votes.insert(bug, vec![GRACE.to_string(), ALAN.to_string()]);
}
