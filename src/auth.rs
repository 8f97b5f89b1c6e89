//! The three ways a user connects, and the `Authorization` header each one produces.
//!
//! - API key: `email:api-token` -> HTTP Basic, against the site (classic tokens) or the gateway (scoped tokens).
//! - OAuth 2.0 (3LO) with the user's own app: Bearer, always through the gateway.
//! - Instant OAuth through a platform's pre-configured app: Bearer, through the gateway, fewer scopes.

use std::fmt;

use base64::Engine as _;

use crate::error::{Error, Result};

/// A credential. `Debug` and `Display` print `***`, so a secret cannot leak through formatting.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for building a header. Never format the result into a message.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How the user connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    ApiKey,
    OAuth,
    InstantOAuth,
}

impl AuthMethod {
    /// The name used in the configuration (`api_key`).
    pub fn config_name(self) -> &'static str {
        match self {
            AuthMethod::ApiKey => "api_key",
            AuthMethod::OAuth => "oauth",
            AuthMethod::InstantOAuth => "instant_oauth",
        }
    }

    /// True when requests must go through the gateway (`api.atlassian.com/ex/jira/<cloudId>`).
    pub fn needs_gateway(self) -> bool {
        !matches!(self, AuthMethod::ApiKey)
    }
}

/// OAuth tokens and, for the user's own app, the app credentials used to refresh them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthTokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Absolute expiry of the access token, in Unix seconds.
    pub expires_at: Option<u64>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    /// The scopes granted to the token, when known.
    pub scopes: Option<Vec<String>>,
}

/// The credentials of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    ApiKey { email: String, token: Secret },
    OAuth(OAuthTokens),
    InstantOAuth(OAuthTokens),
}

impl Credentials {
    /// Which of the three methods this is.
    pub fn method(&self) -> AuthMethod {
        match self {
            Credentials::ApiKey { .. } => AuthMethod::ApiKey,
            Credentials::OAuth(_) => AuthMethod::OAuth,
            Credentials::InstantOAuth(_) => AuthMethod::InstantOAuth,
        }
    }

    /// The value of the `Authorization` header.
    pub fn authorization_header(&self) -> Secret {
        match self {
            Credentials::ApiKey { email, token } => {
                let pair = format!("{email}:{}", token.expose());
                Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
            }
            Credentials::OAuth(t) | Credentials::InstantOAuth(t) => {
                Secret::new(format!("Bearer {}", t.access_token.expose()))
            }
        }
    }
}

/// Splits the single API-key field `email:api-token` at the first `:`; both halves are trimmed and required
/// and the email must look like one. Errors name the field and never echo the token.
pub fn parse_api_key(field: &str, value: &str) -> Result<Credentials> {
    let Some((email, token)) = value.split_once(':') else {
        return Err(Error::invalid_config(format!(
            "`{field}` must be `<email>:<api token>` (the Atlassian account email, a colon, then the API token); no colon was found"
        )));
    };
    let (email, token) = (email.trim(), token.trim());
    if email.is_empty() {
        return Err(Error::invalid_config(format!("`{field}` has no email before the colon")));
    }
    if token.is_empty() {
        return Err(Error::invalid_config(format!("`{field}` has no API token after the colon")));
    }
    if !looks_like_email(email) {
        return Err(Error::invalid_config(format!(
            "`{field}`: the part before the colon must be the account's email address (like name@example.com)"
        )));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_config(format!(
            "`{field}`: the API token contains whitespace or control characters"
        )));
    }
    Ok(Credentials::ApiKey { email: email.to_string(), token: Secret::new(token) })
}

/// One `@`, a non-empty local part, a dotted domain, no whitespace: enough to catch a swapped or missing
/// email without rejecting real addresses.
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn basic_header_for_a_known_email_and_token() {
        let creds = parse_api_key("auth.api_key", "ada@example.com:ATATT3xFfGF0token").expect("valid");
        // base64("ada@example.com:ATATT3xFfGF0token"), computed independently.
        assert_eq!(creds.authorization_header().expose(), "Basic YWRhQGV4YW1wbGUuY29tOkFUQVRUM3hGZkdGMHRva2Vu");
    }

    #[test]
    fn atlassian_documented_example_header() {
        // Atlassian's documentation example: fred@example.com:freds_api_token.
        let creds = parse_api_key("k", "fred@example.com:freds_api_token").expect("valid");
        assert_eq!(creds.authorization_header().expose(), "Basic ZnJlZEBleGFtcGxlLmNvbTpmcmVkc19hcGlfdG9rZW4=");
    }

    #[test]
    fn split_is_at_the_first_colon_and_trimmed() {
        let creds = parse_api_key("k", "  ada@example.com : tok:en:with:colons ").expect("valid");
        match creds {
            Credentials::ApiKey { email, token } => {
                assert_eq!(email, "ada@example.com");
                assert_eq!(token.expose(), "tok:en:with:colons");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn bad_api_keys_name_the_field_and_hide_the_token() {
        for bad in [
            "no-colon-Zq9x",
            ":Zq9x",
            "ada@example.com:",
            "  :  ",
            "not-an-email:Zq9x",
            "a@b:Zq9x",
            "ada@example.com:Zq 9x",
        ] {
            let err = parse_api_key("auth.api_key", bad).expect_err(bad);
            assert_eq!(err.kind, ErrorKind::InvalidConfig, "{bad}");
            assert!(err.message.contains("`auth.api_key`"), "{}", err.message);
            assert!(!err.message.contains("Zq"), "token echoed: {}", err.message);
        }
    }

    #[test]
    fn bearer_header_for_oauth() {
        let tokens = OAuthTokens {
            access_token: Secret::new("eyJabc"),
            refresh_token: None,
            expires_at: None,
            client_id: None,
            client_secret: None,
            scopes: None,
        };
        assert_eq!(Credentials::OAuth(tokens.clone()).authorization_header().expose(), "Bearer eyJabc");
        assert_eq!(Credentials::InstantOAuth(tokens).authorization_header().expose(), "Bearer eyJabc");
    }

    #[test]
    fn secrets_never_format() {
        let creds = parse_api_key("k", "ada@example.com:supersecret").expect("valid");
        let shown = format!("{creds:?} {}", creds.authorization_header());
        assert!(!shown.contains("supersecret"), "{shown}");
        assert!(shown.contains("***"));
    }
}
