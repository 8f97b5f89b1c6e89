//! Where the component's refreshed OAuth tokens go: the host side of the `credentials` import.
//!
//! Atlassian rotates refresh tokens, so every save must be durable before the component uses the new access
//! token. The memory store serves tests and embedders that persist elsewhere; the file store keeps a CLI
//! user's configuration file current (written to a temporary file, then renamed over the original).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::bindings::OauthTokens;

/// Durable storage for rotated tokens.
pub trait CredentialStore: Send + Sync {
    /// Saves the tokens; Err is a short reason that never contains a secret.
    fn save(&self, tokens: &OauthTokens) -> Result<(), String>;
}

/// Keeps every saved token set in memory; can be told to fail (for tests of the no-lost-token rule).
#[derive(Default)]
pub struct MemoryCredentialStore {
    saved: Mutex<Vec<OauthTokens>>,
    failing: AtomicBool,
}

impl MemoryCredentialStore {
    /// Every token set saved so far, oldest first.
    pub fn saved(&self) -> Vec<OauthTokens> {
        self.saved.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Makes later saves fail (true) or succeed (false).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }
}

impl CredentialStore for MemoryCredentialStore {
    fn save(&self, tokens: &OauthTokens) -> Result<(), String> {
        if self.failing.load(Ordering::SeqCst) {
            return Err("the credential store is unavailable".to_string());
        }
        self.saved.lock().map_err(|_| "the credential store is poisoned".to_string())?.push(tokens.clone());
        Ok(())
    }
}

/// Writes rotated tokens into the `auth` object of a JSON configuration file, atomically.
pub struct FileCredentialStore {
    path: PathBuf,
}

impl FileCredentialStore {
    /// A store that updates the configuration document at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file the store writes.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl CredentialStore for FileCredentialStore {
    fn save(&self, tokens: &OauthTokens) -> Result<(), String> {
        let shown = self.path.display().to_string();
        let mut document: serde_json::Value = match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| format!("{shown} is not a JSON document"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => serde_json::json!({}),
            Err(e) => return Err(format!("cannot read {shown}: {}", e.kind())),
        };
        let Some(root) = document.as_object_mut() else {
            return Err(format!("{shown} is not a JSON object"));
        };
        let auth = root.entry("auth").or_insert_with(|| serde_json::json!({}));
        let Some(auth) = auth.as_object_mut() else {
            return Err(format!("`auth` in {shown} is not an object"));
        };
        auth.insert("access_token".into(), tokens.access_token.clone().into());
        match &tokens.refresh_token {
            Some(refresh) => auth.insert("refresh_token".into(), refresh.clone().into()),
            None => auth.remove("refresh_token"),
        };
        match tokens.expires_at {
            Some(at) => auth.insert("expires_at".into(), at.into()),
            None => auth.remove("expires_at"),
        };
        if !tokens.scopes.is_empty() {
            auth.insert("scopes".into(), tokens.scopes.clone().into());
        }
        let text =
            serde_json::to_string_pretty(&document).map_err(|_| "cannot encode the configuration".to_string())?;
        write_atomically(&self.path, text.as_bytes()).map_err(|e| format!("cannot write {shown}: {}", e.kind()))
    }
}

/// Writes a sibling temporary file (owner-only on Unix: it holds secrets), syncs it, then renames it over
/// `path`, so a crash leaves either the old or the new document, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "config".into());
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(n: u32) -> OauthTokens {
        OauthTokens {
            access_token: format!("at-{n}"),
            refresh_token: Some(format!("rt-{n}")),
            expires_at: Some(1_700_000_000 + u64::from(n)),
            scopes: vec!["read:jira-work".into()],
        }
    }

    #[test]
    fn the_file_store_updates_only_the_tokens() {
        let dir = std::env::temp_dir().join(format!("jira-host-cred-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("config.json");
        let original = r#"{"site": "acme", "cloud_id": "x", "auth": {"method": "oauth", "access_token": "at-0", "refresh_token": "rt-0", "client_id": "c", "client_secret": "s"}}"#;
        std::fs::write(&path, original).expect("write");
        let store = FileCredentialStore::new(&path);
        store.save(&tokens(1)).expect("save 1");
        store.save(&tokens(2)).expect("save 2");
        let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        assert_eq!(saved["site"], "acme");
        assert_eq!(saved["auth"]["client_secret"], "s");
        assert_eq!(saved["auth"]["access_token"], "at-2");
        assert_eq!(saved["auth"]["refresh_token"], "rt-2");
        assert_eq!(saved["auth"]["expires_at"], 1_700_000_002u64);
        let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("list").filter_map(Result::ok).collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "the file holds secrets: owner-only");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_file_is_an_error_without_secrets() {
        let path = std::env::temp_dir().join(format!("jira-host-cred-bad-{}.json", std::process::id()));
        std::fs::write(&path, "not json").expect("write");
        let err = FileCredentialStore::new(&path).save(&tokens(1)).expect_err("broken");
        assert!(!err.contains("rt-1") && !err.contains("at-1"), "{err}");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn the_memory_store_records_and_can_fail() {
        let store = MemoryCredentialStore::default();
        store.save(&tokens(1)).expect("save");
        store.set_failing(true);
        assert!(store.save(&tokens(2)).is_err());
        assert_eq!(store.saved().len(), 1);
    }
}
