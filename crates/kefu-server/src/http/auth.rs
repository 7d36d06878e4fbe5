//! HTTP Basic authentication (`account:password`, the account being an agent's
//! `sPassportName`) and Bearer tokens, and the extractors that hand a handler its
//! [`Caller`]: [`Authenticated`] (any agent) and [`Admin`].
//!
//! Passwords are argon2id hashes, deliberately slow to verify. A client sends the same
//! credentials on every request, so a successful verification is remembered — keyed by a
//! keyed hash of (login, password), never the password itself, and holding the stored hash
//! that matched. Each request still reads the agent's current hash from the database and
//! uses the memory only if it is the very hash that matched: a changed password, a hidden
//! or deleted agent, stop working at once, on every instance.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use kefu_app::{Caller, Hasher};
use kefu_domain::agent::{could_be_login, login_key};
use kefu_domain::api_key::{hash_secret, looks_like_token};
use kefu_domain::password::Password;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};
use kefu_store::Store;
use subtle::ConstantTimeEq;

use crate::http::audit::AuditSlot;
use crate::http::client_address::ClientAddress;
use crate::http::error::ApiError;
use crate::http::request_id::PreAuthenticated;
use crate::http::sign_in_log::{Credential, SignInLog};
use crate::http::throttle::{Throttle, ThrottleConfig};
use crate::state::AppState;

/// Remembered verifications; enough for every agent of a large installation.
const CACHE_CAPACITY: u64 = 100_000;
/// A remembered verification unused this long is forgotten.
const CACHE_IDLE: std::time::Duration = std::time::Duration::from_secs(30 * 60);

pub struct Authenticator {
    verified: moka::future::Cache<[u8; 32], Arc<str>>,
    /// Random per process: cache keys mean nothing outside it.
    key: [u8; 32],
    /// Verified against when the account does not exist, so that an unknown account
    /// costs the same time as a wrong password.
    decoy_hash: String,
    /// Verifies off the async threads, within the bound new passwords' hashing shares.
    hasher: Hasher,
    /// Failed sign-ins by account and by client address.
    throttle: Throttle,
    /// Failed and refused sign-ins: warnings in the log, counters in the metrics.
    sign_ins: SignInLog,
}

impl Authenticator {
    pub fn new(throttle: ThrottleConfig, hasher: Hasher) -> Self {
        Authenticator {
            verified: moka::future::Cache::builder().max_capacity(CACHE_CAPACITY).time_to_idle(CACHE_IDLE).build(),
            key: rand::random(),
            decoy_hash: Password::generate().hash(),
            hasher,
            throttle: Throttle::new(throttle),
            sign_ins: SignInLog::default(),
        }
    }

    /// Checks an `Authorization` header — Basic credentials or an OAuth2 Bearer token —
    /// and returns who the request acts as.
    pub async fn authenticate(
        &self,
        store: &Store,
        header: Option<&str>,
        address: Option<IpAddr>,
    ) -> Result<Identity, ApiError> {
        let Some(header) = header else {
            return Err(ApiError::unauthenticated(
                "authentication required: send HTTP Basic credentials (account:password) or a Bearer token",
            ));
        };
        let (scheme, credentials) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
        if scheme.eq_ignore_ascii_case("bearer") {
            self.throttled(None, address)
                .inspect_err(|e| self.sign_ins.refused(Credential::Token, None, address, e.retry_after.unwrap_or(1)))?;
            let identity = bearer(store, credentials.trim()).await;
            if identity.is_err() {
                self.throttle.failed(None, address);
            }
            if identity.as_ref().is_err_and(|e| e.code == kefu_api::ErrorCode::Unauthenticated) {
                self.sign_ins.failed(Credential::Token, None, address, "malformed, unknown, expired or revoked token");
            }
            return identity;
        }
        let (account, password) = parse_basic(header)?;
        let login_key = login_key(&account);
        self.throttled(Some(&login_key), address).inspect_err(|e| {
            self.sign_ins.refused(Credential::Password, Some(&account), address, e.retry_after.unwrap_or(1))
        })?;
        // Text no login can be (a NUL byte, which PostgreSQL cannot even compare) is an
        // unknown account, found without asking the database.
        let record = if could_be_login(&login_key) { store.login(&login_key).await? } else { None };
        let Some(record) = record else {
            // Same work and same answer as a wrong password.
            self.verify(password, self.decoy_hash.clone()).await?;
            self.throttle.failed(Some(&login_key), address);
            self.sign_ins.failed(Credential::Password, Some(&account), address, "unknown account");
            return Err(wrong_credentials());
        };
        let cache_key = self.cache_key(&login_key, &password);
        let matches = |hash: &Arc<str>| bool::from(hash.as_bytes().ct_eq(record.password_hash.as_bytes()));
        // Requests arriving together with the same credentials share one verification.
        let verify = |password: String, hash: String| async move {
            match self.verify(password, hash.clone()).await {
                Ok(true) => Ok(Arc::<str>::from(hash.as_str())),
                Ok(false) => Err(Verification::Wrong),
                Err(_) => Err(Verification::Failed),
            }
        };
        let mut outcome =
            self.verified.try_get_with(cache_key, verify(password.clone(), record.password_hash.clone())).await;
        if outcome.as_ref().is_ok_and(|hash| !matches(hash)) {
            // Remembered for an older hash: the password changed since. Check afresh.
            self.verified.invalidate(&cache_key).await;
            outcome = self.verified.try_get_with(cache_key, verify(password, record.password_hash.clone())).await;
        }
        match outcome {
            Ok(hash) if matches(&hash) => self.throttle.succeeded(&login_key, address),
            Err(failure) if *failure == Verification::Failed => return Err(ApiError::internal()),
            _ => {
                self.throttle.failed(Some(&login_key), address);
                self.sign_ins.failed(Credential::Password, Some(&account), address, "wrong password");
                return Err(wrong_credentials());
            }
        }
        Ok(Identity {
            agent: record.agent_id,
            tenant: record.tenant_id,
            is_admin: record.is_admin,
            time_zone: record.time_zone,
            via_token: false,
        })
    }

    /// Refuses (429) an account or address that failed too often lately.
    pub fn throttled(&self, account: Option<&str>, address: Option<IpAddr>) -> Result<(), ApiError> {
        match self.throttle.check(account, address) {
            Some(seconds) => Err(ApiError::too_many_attempts(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in (also the token endpoint's) toward the throttle.
    pub fn failed(&self, account: Option<&str>, address: Option<IpAddr>) {
        self.throttle.failed(account, address);
    }

    /// Records a successful sign-in of the token endpoint (Basic Auth records its own).
    pub fn succeeded(&self, account: &str, address: Option<IpAddr>) {
        self.throttle.succeeded(account, address);
    }

    /// The log and counters of failed sign-ins (the token endpoint's too).
    pub fn sign_ins(&self) -> &SignInLog {
        &self.sign_ins
    }

    async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        self.hasher.verify(password, hash).await.map_err(|_| ApiError::internal())
    }

    fn cache_key(&self, login_key: &str, password: &str) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(login_key.as_bytes());
        hasher.update(&[0]);
        hasher.update(password.as_bytes());
        *hasher.finalize().as_bytes()
    }
}

/// Why a password verification did not produce a hash to remember.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verification {
    Wrong,
    Failed,
}

/// Who a request acts as, however it authenticated.
#[derive(Clone)]
pub struct Identity {
    pub agent: AgentId,
    pub tenant: TenantId,
    pub is_admin: bool,
    pub time_zone: String,
    /// Signed in with an OAuth2 access token rather than a password.
    pub via_token: bool,
}

/// A Bearer token: one indexed lookup of its hash (no slow hash: tokens are random), which
/// also checks that its key is live and its owner still an active administrator.
async fn bearer(store: &Store, token: &str) -> Result<Identity, ApiError> {
    if !looks_like_token(token) {
        return Err(ApiError::invalid_token("malformed access token: expected 40 hexadecimal characters"));
    }
    let login = store.token_login(&hash_secret(token), now_micros()).await?;
    let Some(login) = login else {
        return Err(ApiError::invalid_token(
            "the access token is invalid, expired or revoked, or its key's owner is no longer an administrator",
        ));
    };
    Ok(Identity {
        agent: login.agent_id,
        tenant: login.tenant_id,
        is_admin: true,
        time_zone: login.time_zone,
        via_token: true,
    })
}

fn wrong_credentials() -> ApiError {
    ApiError::unauthenticated("invalid account or password")
}

/// Splits `Basic base64(account:password)`.
fn parse_basic(header: &str) -> Result<(String, String), ApiError> {
    let malformed =
        || ApiError::unauthenticated("malformed Authorization header: expected Basic base64(account:password)");
    let (scheme, encoded) = header.trim().split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(ApiError::unauthenticated(format!(
            "unsupported authentication scheme {scheme:?}: use HTTP Basic (account:password) or Bearer"
        )));
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (account, password) = text.split_once(':').ok_or_else(malformed)?;
    Ok((account.to_owned(), password.to_owned()))
}

/// Any authenticated agent of the company: what a handler open to every agent takes.
pub struct Authenticated(pub Caller);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // The Requestid layer authenticated the request already (its ids are per company).
        let identity = match parts.extensions.get::<PreAuthenticated>() {
            Some(PreAuthenticated(identity)) => identity.clone(),
            None => {
                let header = parts.headers.get(AUTHORIZATION).map(|v| v.to_str().unwrap_or(""));
                state.auth().authenticate(state.store(), header, ClientAddress::of_parts(parts)).await?
            }
        };
        crate::http::access_log::record_caller(identity.tenant, identity.agent);
        if let Some(slot) = parts.extensions.get::<AuditSlot>() {
            slot.set(identity.tenant, identity.agent);
        }
        Ok(Authenticated(Caller {
            agent: identity.agent,
            tenant: identity.tenant,
            is_admin: identity.is_admin,
            zone: state.zone(&identity.time_zone),
            via_token: identity.via_token,
        }))
    }
}

/// A [`Caller`] who is an administrator; anyone else is refused (403) before the
/// request body is even read.
pub struct Admin(pub Caller);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Authenticated(caller) = Authenticated::from_request_parts(parts, state).await?;
        caller.require_admin()?;
        Ok(Admin(caller))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials() {
        let header = format!("Basic {}", STANDARD.encode("张三:pa:ss"));
        let (account, password) = parse_basic(&header).unwrap();
        assert_eq!((account.as_str(), password.as_str()), ("张三", "pa:ss"));
        assert!(parse_basic("Basic !!!").is_err());
        assert!(parse_basic(&format!("Basic {}", STANDARD.encode("no-colon"))).is_err());
        assert!(parse_basic("Digest abc").unwrap_err().message.contains("unsupported"));
        assert!(parse_basic("Basic").is_err());
    }
}
