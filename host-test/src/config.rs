//! The connector's configuration document as the CLI assembles it: a file, the `JIRA_CONFIG` variable, or
//! convenience flags that build (or override fields of) the document. The component validates the result.

use std::fmt;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

/// Where the configuration comes from, in the order of precedence: file, then environment, then flags on top.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConfigSource {
    /// `--config FILE`: a JSON document.
    pub file: Option<PathBuf>,
    /// The `JIRA_CONFIG` environment variable: the JSON document itself.
    pub env: Option<String>,
    /// `--site`: overrides `site`.
    pub site: Option<String>,
    /// `--cloud-id`: overrides `cloud_id`.
    pub cloud_id: Option<String>,
    /// `--api-key EMAIL:TOKEN`: replaces `auth` with the API-key method.
    pub api_key: Option<String>,
    /// `--oauth-access-token`: replaces `auth` with the OAuth method.
    pub oauth_access_token: Option<String>,
    /// `--instant-oauth-access-token`: replaces `auth` with the instant-OAuth method.
    pub instant_oauth_access_token: Option<String>,
}

impl fmt::Debug for ConfigSource {
    /// Shows which parts are present, never their secret values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let present = |v: &Option<String>| v.as_ref().map(|_| "***");
        f.debug_struct("ConfigSource")
            .field("file", &self.file)
            .field("env", &present(&self.env))
            .field("site", &self.site)
            .field("cloud_id", &self.cloud_id)
            .field("api_key", &present(&self.api_key))
            .field("oauth_access_token", &present(&self.oauth_access_token))
            .field("instant_oauth_access_token", &present(&self.instant_oauth_access_token))
            .finish()
    }
}

/// Why no configuration document could be assembled. Never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigSource {
    /// Assembles the configuration document (compact JSON).
    pub fn document(&self) -> Result<String, ConfigError> {
        let mut doc = self.base()?;
        if let Some(site) = &self.site {
            doc.insert("site".into(), json!(site));
        }
        if let Some(cloud_id) = &self.cloud_id {
            doc.insert("cloud_id".into(), json!(cloud_id));
        }
        let auths = [
            self.api_key.as_ref().map(|key| json!({"method": "api_key", "api_key": key})),
            self.oauth_access_token.as_ref().map(|token| json!({"method": "oauth", "access_token": token})),
            self.instant_oauth_access_token
                .as_ref()
                .map(|token| json!({"method": "instant_oauth", "access_token": token})),
        ];
        let mut auths = auths.into_iter().flatten();
        if let Some(auth) = auths.next() {
            if auths.next().is_some() {
                return Err(ConfigError(
                    "give only one of --api-key, --oauth-access-token, --instant-oauth-access-token".into(),
                ));
            }
            doc.insert("auth".into(), auth);
        }
        Ok(Value::Object(doc).to_string())
    }

    /// The document from the file or the environment, or an empty one when flags alone build it.
    fn base(&self) -> Result<Map<String, Value>, ConfigError> {
        let (text, origin) = match (&self.file, &self.env) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError(format!("cannot read the config file {}: {e}", path.display())))?;
                (text, format!("the config file {}", path.display()))
            }
            (None, Some(text)) => (text.clone(), "JIRA_CONFIG".to_owned()),
            (None, None) if self.has_flags() => return Ok(Map::new()),
            (None, None) => {
                return Err(ConfigError(
                    "no configuration: pass --config FILE, set JIRA_CONFIG to the JSON document, or use \
                     --site with --api-key / --oauth-access-token"
                        .into(),
                ))
            }
        };
        // serde_json's messages carry a line and column, not the text, so no secret leaks through them.
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(ConfigError(format!("{origin} must hold a JSON object"))),
            Err(e) => Err(ConfigError(format!("{origin} is not valid JSON: {e}"))),
        }
    }

    fn has_flags(&self) -> bool {
        self.site.is_some()
            || self.cloud_id.is_some()
            || self.api_key.is_some()
            || self.oauth_access_token.is_some()
            || self.instant_oauth_access_token.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(source: &ConfigSource) -> Value {
        serde_json::from_str(&source.document().unwrap()).unwrap()
    }

    #[test]
    fn flags_build_a_document() {
        let source = ConfigSource {
            site: Some("acme".into()),
            api_key: Some("ada@example.com:tok".into()),
            ..ConfigSource::default()
        };
        assert_eq!(
            doc(&source),
            json!({"site": "acme", "auth": {"method": "api_key", "api_key": "ada@example.com:tok"}})
        );
    }

    #[test]
    fn flags_override_the_environment_document() {
        let source = ConfigSource {
            env: Some(r#"{"site":"old","auth":{"method":"api_key","api_key":"a:b"},"cloud_id":"c1"}"#.into()),
            site: Some("new".into()),
            instant_oauth_access_token: Some("t".into()),
            ..ConfigSource::default()
        };
        assert_eq!(
            doc(&source),
            json!({"site": "new", "cloud_id": "c1",
                   "auth": {"method": "instant_oauth", "access_token": "t"}})
        );
    }

    #[test]
    fn bad_sources_are_errors_without_secrets() {
        assert!(ConfigSource::default().document().is_err());
        let not_object = ConfigSource { env: Some("[1]".into()), ..ConfigSource::default() };
        assert!(not_object.document().unwrap_err().0.contains("JSON object"));
        let broken = ConfigSource { env: Some(r#"{"auth": "supersecret"#.into()), ..ConfigSource::default() };
        let message = broken.document().unwrap_err().0;
        assert!(!message.contains("supersecret"), "{message}");
        let two = ConfigSource {
            api_key: Some("a:b".into()),
            oauth_access_token: Some("t".into()),
            ..ConfigSource::default()
        };
        assert!(two.document().is_err());
        let missing = ConfigSource { file: Some("/nonexistent/jira.json".into()), ..ConfigSource::default() };
        assert!(missing.document().unwrap_err().0.contains("/nonexistent/jira.json"));
        let debug = format!("{two:?}");
        assert!(!debug.contains("a:b"), "{debug}");
    }
}
