//! Which OAuth scopes a gateway request needs, checked for the tokens the fake's authorization server issued.
//!
//! A simplification of Atlassian's per-operation table that keeps its shape: classic scopes
//! (`read:jira-work`, `write:jira-work`, `read:jira-user`) or their granular counterparts
//! (`<action>:<entity>:jira` for the platform API, `<action>:<entity>:jira-software` for the agile API).
//! Any one acceptable scope is enough. Paths the table does not know need no scope, so they reach the
//! fake's usual "does not implement" answer instead of a misleading 401.

use super::exchange::path_segments;
use super::oauth_state::Grant;

/// True when `grant` carries a scope that allows `method` on `path` (relative to the site root).
pub(crate) fn permits(grant: &Grant, method: &str, path: &str) -> bool {
    let segments = path_segments(path);
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let granular = |action: &str, product: &str| grant.scopes.iter().any(|scope| is_granular(scope, action, product));
    let writes = |product: &str| {
        grant.has_scope("write:jira-work")
            || granular("write", product)
            || (method == "DELETE" && granular("delete", product))
    };
    match segments.as_slice() {
        ["rest", "api", "3", "myself"] if method == "GET" => {
            grant.has_scope("read:jira-user") || grant.has_scope("read:user:jira")
        }
        ["rest", "api", "3", api @ ..] if is_read(method, api) => {
            grant.has_scope("read:jira-work") || granular("read", "jira")
        }
        ["rest", "api", "3", ..] => writes("jira"),
        ["rest", "agile", "1.0", ..] if is_read(method, &[]) => {
            grant.has_scope("read:jira-work") || granular("read", "jira-software")
        }
        ["rest", "agile", "1.0", ..] => writes("jira-software"),
        _ => true,
    }
}

/// Reads are `GET`/`HEAD`, plus the platform API's `POST`s that only query (JQL search, bulk fetch).
fn is_read(method: &str, api: &[&str]) -> bool {
    match method {
        "GET" | "HEAD" => true,
        "POST" => matches!(api, ["search", ..] | ["issue", "bulkfetch"] | ["changelog", "bulkfetch"]),
        _ => false,
    }
}

/// True for `<action>:<entity>:<product>` with a non-empty single-word entity (`read:issue:jira`).
fn is_granular(scope: &str, action: &str, product: &str) -> bool {
    let mut parts = scope.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(first), Some(entity), Some(last), None) => first == action && last == product && !entity.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(scopes: &[&str]) -> Grant {
        Grant::new(scopes, &[])
    }

    #[test]
    fn myself_needs_a_user_scope_not_a_work_scope() {
        assert!(permits(&grant(&["read:jira-user"]), "GET", "/rest/api/3/myself"));
        assert!(permits(&grant(&["read:user:jira"]), "GET", "/rest/api/3/myself"));
        assert!(!permits(&grant(&["read:jira-work", "write:jira-work"]), "GET", "/rest/api/3/myself"));
    }

    #[test]
    fn platform_reads_and_searches_need_a_read_scope() {
        for scopes in [&["read:jira-work"][..], &["read:issue:jira"], &["read:issue-details:jira"]] {
            assert!(permits(&grant(scopes), "GET", "/rest/api/3/issue/ACME-1"), "{scopes:?}");
            assert!(permits(&grant(scopes), "POST", "/rest/api/3/search/jql"), "{scopes:?}");
        }
        for scopes in [&["write:jira-work"][..], &["read:jira-user"], &["read:sprint:jira-software"], &["read:jira"]] {
            assert!(!permits(&grant(scopes), "GET", "/rest/api/3/issue/ACME-1"), "{scopes:?}");
        }
    }

    #[test]
    fn platform_writes_need_a_write_scope() {
        assert!(!permits(&grant(&["read:jira-work"]), "POST", "/rest/api/3/issue"));
        assert!(permits(&grant(&["write:jira-work"]), "POST", "/rest/api/3/issue"));
        assert!(permits(&grant(&["write:issue:jira"]), "PUT", "/rest/api/3/issue/ACME-1"));
        assert!(permits(&grant(&["write:comment:jira"]), "POST", "/rest/api/3/issue/ACME-1/comment"));
        assert!(permits(&grant(&["delete:issue:jira"]), "DELETE", "/rest/api/3/issue/ACME-1"));
        assert!(!permits(&grant(&["delete:issue:jira"]), "PUT", "/rest/api/3/issue/ACME-1"));
        assert!(!permits(&grant(&["write:sprint:jira-software"]), "POST", "/rest/api/3/issue"));
    }

    #[test]
    fn agile_endpoints_take_classic_or_software_scopes() {
        assert!(permits(&grant(&["read:jira-work"]), "GET", "/rest/agile/1.0/board"));
        assert!(permits(&grant(&["read:board-scope:jira-software"]), "GET", "/rest/agile/1.0/board"));
        assert!(!permits(&grant(&["read:issue:jira"]), "GET", "/rest/agile/1.0/board"));
        assert!(!permits(&grant(&["read:sprint:jira-software"]), "POST", "/rest/agile/1.0/sprint"));
        assert!(permits(&grant(&["write:sprint:jira-software"]), "POST", "/rest/agile/1.0/sprint"));
        assert!(permits(&grant(&["write:jira-work"]), "PUT", "/rest/agile/1.0/sprint/1"));
    }

    #[test]
    fn unknown_paths_need_no_scope() {
        assert!(permits(&grant(&[]), "GET", "/rest/api/2/whatever"));
        assert!(!permits(&grant(&[]), "GET", "/rest/api/3/whatever"));
    }
}
