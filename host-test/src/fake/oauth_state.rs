//! The fake authorization server's memory: authorization codes, token families, rotation and a logical clock.
//!
//! Every authorization (a code, or tokens a test asks for directly) starts a *family*, and every access and
//! refresh token belongs to one. Revoking a family kills all of its tokens at once, which is what real OAuth
//! servers do when a code or an already rotated refresh token is used a second time: the sign of a leak.
//! Expiry runs on a logical clock that only [`OAuthState::expire_access_tokens`] moves, so tests never wait
//! for or depend on the wall clock.

use super::{FAKE_CLOUD_ID, FAKE_SECOND_CLOUD_ID, FAKE_SECOND_SITE_HOST, FAKE_SITE_HOST};

/// How long an access token lives, in seconds (the token endpoint's `expires_in`).
pub(crate) const ACCESS_TOKEN_LIFETIME: i64 = 3600;

/// The scope that makes the authorization server hand out a refresh token along with the access token.
pub(crate) const OFFLINE_ACCESS: &str = "offline_access";

/// What an authorization grants: scopes, on sites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grant {
    /// The scopes in the order they were requested, `offline_access` included when granted.
    pub scopes: Vec<String>,
    /// The site hosts (`acme.atlassian.net`...) the tokens can reach, lower case, never empty.
    pub sites: Vec<String>,
}

impl Grant {
    /// A grant of `scopes` on the site hosts `sites`; no sites means the fake's own site.
    pub fn new(scopes: &[&str], sites: &[&str]) -> Grant {
        let mut hosts: Vec<String> = sites.iter().map(|host| host.trim().to_ascii_lowercase()).collect();
        if hosts.is_empty() {
            hosts.push(FAKE_SITE_HOST.to_string());
        }
        Grant { scopes: scopes.iter().map(|scope| scope.to_string()).collect(), sites: hosts }
    }

    /// True when `scope` was granted verbatim.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }

    /// The scopes as the token endpoint reports them: space-separated.
    pub fn scope_string(&self) -> String {
        self.scopes.join(" ")
    }

    /// True when the grant covers the site with this cloud id.
    pub fn reaches(&self, cloud_id: &str) -> bool {
        self.sites.iter().any(|host| cloud_id_of(host) == cloud_id)
    }
}

/// The cloud id of a site host: the fake's two sites have fixed ids, any other host a stable made-up one
/// (its gateway path then answers "Site not found", as a site that was deleted after the grant would).
pub(crate) fn cloud_id_of(host: &str) -> String {
    match host {
        FAKE_SITE_HOST => FAKE_CLOUD_ID.to_string(),
        FAKE_SECOND_SITE_HOST => FAKE_SECOND_CLOUD_ID.to_string(),
        _ => {
            // FNV-1a: any stable hash will do, the id only has to look like a UUID and differ per host.
            let hash = host
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
            let hex = format!("{hash:016x}{:016x}", mix(hash));
            format!("{}-{}-4{}-8{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32])
        }
    }
}

/// Tokens the token endpoint hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssuedTokens {
    pub access_token: String,
    /// Present only when the grant includes `offline_access`.
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    /// The granted scopes, space-separated.
    pub scope: String,
}

/// Why a grant was refused; the HTTP layer turns it into Atlassian's error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantError {
    /// The code is unknown or was already used.
    InvalidCode,
    /// The `redirect_uri` differs from the one the code was issued for.
    RedirectMismatch,
    /// The refresh token is unknown, already rotated, or its family was revoked.
    InvalidRefreshToken,
}

/// What an access token presented on the gateway is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    /// Issued, not expired, not revoked: it carries this grant.
    Valid(Grant),
    /// Issued by this server but expired or revoked.
    Dead,
    /// Never issued by this server.
    Unknown,
}

struct Family {
    grant: Grant,
    revoked: bool,
}

struct AuthCode {
    code: String,
    family: usize,
    redirect_uri: String,
    used: bool,
}

struct AccessToken {
    token: String,
    family: usize,
    expires_at: i64,
}

struct RefreshToken {
    token: String,
    family: usize,
    rotated: bool,
}

/// Everything the authorization server remembers, behind one mutex.
#[derive(Default)]
pub(crate) struct OAuthState {
    families: Vec<Family>,
    codes: Vec<AuthCode>,
    access_tokens: Vec<AccessToken>,
    refresh_tokens: Vec<RefreshToken>,
    /// Numbers every code and token, so no two are ever equal.
    next_serial: u64,
    /// Logical seconds; tokens expire when it reaches their `expires_at`.
    now: i64,
    /// Successful `refresh_token` grants.
    pub refreshes: usize,
    /// Refused `refresh_token` grants, whatever the reason.
    pub failed_refreshes: usize,
}

impl OAuthState {
    /// Every code, access token and refresh token minted so far (secrets all: for leak tests).
    pub fn minted(&self) -> Vec<String> {
        let codes = self.codes.iter().map(|c| c.code.clone());
        let access = self.access_tokens.iter().map(|t| t.token.clone());
        let refresh = self.refresh_tokens.iter().map(|t| t.token.clone());
        codes.chain(access).chain(refresh).collect()
    }

    /// A single-use authorization code for `grant`, bound to `redirect_uri`.
    pub fn issue_code(&mut self, grant: Grant, redirect_uri: &str) -> String {
        let family = self.start_family(grant);
        let code = self.mint_value("ac");
        self.codes.push(AuthCode { code: code.clone(), family, redirect_uri: redirect_uri.to_string(), used: false });
        code
    }

    /// Tokens for `grant` as if a code had been exchanged; the refresh token only `with_refresh`.
    pub fn issue_tokens(&mut self, grant: Grant, with_refresh: bool) -> IssuedTokens {
        let family = self.start_family(grant);
        self.mint_tokens(family, with_refresh)
    }

    /// The `authorization_code` grant. A code works once; a second use revokes what the first one issued.
    pub fn exchange_code(&mut self, code: &str, redirect_uri: &str) -> Result<IssuedTokens, GrantError> {
        let entry = self.codes.iter_mut().find(|entry| entry.code == code).ok_or(GrantError::InvalidCode)?;
        let family = entry.family;
        if entry.used {
            self.families[family].revoked = true;
            return Err(GrantError::InvalidCode);
        }
        // A mismatched redirect does not burn the code: the legitimate client can still complete the flow.
        if entry.redirect_uri != redirect_uri {
            return Err(GrantError::RedirectMismatch);
        }
        entry.used = true;
        let with_refresh = self.families[family].grant.has_scope(OFFLINE_ACCESS);
        Ok(self.mint_tokens(family, with_refresh))
    }

    /// The `refresh_token` grant with rotation: the presented token dies and a new pair is issued. Presenting
    /// an already rotated token revokes the whole family.
    pub fn refresh(&mut self, token: &str) -> Result<IssuedTokens, GrantError> {
        let entry =
            self.refresh_tokens.iter_mut().find(|entry| entry.token == token).ok_or(GrantError::InvalidRefreshToken)?;
        let family = entry.family;
        if entry.rotated {
            self.families[family].revoked = true;
            return Err(GrantError::InvalidRefreshToken);
        }
        if self.families[family].revoked {
            return Err(GrantError::InvalidRefreshToken);
        }
        entry.rotated = true;
        Ok(self.mint_tokens(family, true))
    }

    /// Counts one `refresh_token` grant, successful or not.
    pub fn count_refresh(&mut self, succeeded: bool) {
        if succeeded {
            self.refreshes += 1;
        } else {
            self.failed_refreshes += 1;
        }
    }

    /// What the access token `token` is worth right now.
    pub fn check_access(&self, token: &str) -> AccessCheck {
        match self.access_tokens.iter().find(|entry| entry.token == token) {
            None => AccessCheck::Unknown,
            Some(entry) => {
                let family = &self.families[entry.family];
                if family.revoked || self.now >= entry.expires_at {
                    AccessCheck::Dead
                } else {
                    AccessCheck::Valid(family.grant.clone())
                }
            }
        }
    }

    /// True when `token` is an access token that is neither expired nor revoked, or a refresh token that is
    /// neither rotated nor revoked.
    pub fn is_valid(&self, token: &str) -> bool {
        if matches!(self.check_access(token), AccessCheck::Valid(_)) {
            return true;
        }
        self.refresh_tokens
            .iter()
            .find(|entry| entry.token == token)
            .is_some_and(|entry| !entry.rotated && !self.families[entry.family].revoked)
    }

    /// Moves the clock one access-token lifetime ahead: every access token issued so far expires, refresh
    /// tokens (which Atlassian keeps for 90 days of inactivity) stay valid.
    pub fn expire_access_tokens(&mut self) {
        self.now += ACCESS_TOKEN_LIFETIME;
    }

    fn start_family(&mut self, grant: Grant) -> usize {
        self.families.push(Family { grant, revoked: false });
        self.families.len() - 1
    }

    fn mint_tokens(&mut self, family: usize, with_refresh: bool) -> IssuedTokens {
        let access_token = self.mint_value("at");
        let expires_at = self.now + ACCESS_TOKEN_LIFETIME;
        self.access_tokens.push(AccessToken { token: access_token.clone(), family, expires_at });
        let refresh_token = with_refresh.then(|| {
            let token = self.mint_value("rt");
            self.refresh_tokens.push(RefreshToken { token: token.clone(), family, rotated: false });
            token
        });
        let scope = self.families[family].grant.scope_string();
        IssuedTokens { access_token, refresh_token, expires_in: ACCESS_TOKEN_LIFETIME, scope }
    }

    /// `fake-<kind>-<serial>-<16 hex digits>`: unique by serial, random-looking, deterministic per instance.
    fn mint_value(&mut self, kind: &str) -> String {
        self.next_serial += 1;
        let serial = self.next_serial;
        let salt = kind.bytes().fold(0_u64, |salt, byte| salt.rotate_left(8) ^ u64::from(byte));
        format!("fake-{kind}-{serial}-{:016x}", mix(serial ^ salt.rotate_left(32)))
    }
}

/// SplitMix64's finaliser: spreads a counter over 64 bits so consecutive tokens look unrelated.
fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
