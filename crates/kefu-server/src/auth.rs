//! HTTP Basic authentication (`account:password`, the account being an agent's
//! `sPassportName`), and the [`Caller`] every API handler receives.
//!
//! Passwords are argon2id hashes, deliberately slow to verify. A client sends the same
//! credentials on every request, so a successful verification is remembered — keyed by a
//! keyed hash of (login, password), never the password itself, and holding the stored hash
//! that matched. Each request still reads the agent's current hash from the database and
//! uses the memory only if it is the very hash that matched: a changed password, a hidden
//! or deleted agent, stop working at once, on every instance.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::tz::TimeZone;
use kefu_domain::agent::login_key;
use kefu_domain::password::{self, Password};
use kefu_domain::{AgentId, TenantId};
use kefu_store::{LoginRecord, Store};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::state::AppState;

/// Remembered verifications; enough for every agent of a large installation.
const CACHE_CAPACITY: u64 = 100_000;
/// A remembered verification unused this long is forgotten.
const CACHE_IDLE: std::time::Duration = std::time::Duration::from_secs(30 * 60);

pub struct Authenticator {
    verified: moka::sync::Cache<[u8; 32], Arc<str>>,
    /// Random per process: cache keys mean nothing outside it.
    key: [u8; 32],
    /// Verified against when the account does not exist, so that an unknown account
    /// costs the same time as a wrong password.
    decoy_hash: String,
    /// Bounds concurrent argon2 work, so a burst of logins cannot take every thread.
    hashing: Arc<Semaphore>,
}

impl Authenticator {
    pub fn new() -> Self {
        let parallelism = std::thread::available_parallelism().map_or(2, |n| n.get());
        Authenticator {
            verified: moka::sync::Cache::builder().max_capacity(CACHE_CAPACITY).time_to_idle(CACHE_IDLE).build(),
            key: rand::random(),
            decoy_hash: Password::generate().hash(),
            hashing: Arc::new(Semaphore::new(parallelism.max(2))),
        }
    }

    /// Checks an `Authorization` header and returns who signed in.
    pub async fn authenticate(&self, store: &Store, header: Option<&str>) -> Result<LoginRecord, ApiError> {
        let Some(header) = header else {
            return Err(ApiError::unauthenticated(
                "authentication required: send HTTP Basic credentials (account:password)",
            ));
        };
        let (account, password) = parse_basic(header)?;
        let login_key = login_key(&account);
        let record = store.login(&login_key).await?;
        let Some(record) = record else {
            // Same work and same answer as a wrong password.
            self.verify(password, self.decoy_hash.clone()).await?;
            return Err(wrong_credentials());
        };
        let cache_key = self.cache_key(&login_key, &password);
        let remembered = self
            .verified
            .get(&cache_key)
            .is_some_and(|hash| bool::from(hash.as_bytes().ct_eq(record.password_hash.as_bytes())));
        if remembered {
            return Ok(record);
        }
        if self.verify(password, record.password_hash.clone()).await? {
            self.verified.insert(cache_key, Arc::from(record.password_hash.as_str()));
            Ok(record)
        } else {
            Err(wrong_credentials())
        }
    }

    /// Hashes a new password off the async executor.
    pub async fn hash(&self, password: Password) -> Result<String, ApiError> {
        let _permit = self.hashing.clone().acquire_owned().await.map_err(|_| ApiError::internal())?;
        tokio::task::spawn_blocking(move || password.hash()).await.map_err(|_| ApiError::internal())
    }

    async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        let _permit = self.hashing.clone().acquire_owned().await.map_err(|_| ApiError::internal())?;
        tokio::task::spawn_blocking(move || password::verify(&password, &hash)).await.map_err(|_| ApiError::internal())
    }

    fn cache_key(&self, login_key: &str, password: &str) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(login_key.as_bytes());
        hasher.update(&[0]);
        hasher.update(password.as_bytes());
        *hasher.finalize().as_bytes()
    }
}

impl Default for Authenticator {
    fn default() -> Self {
        Authenticator::new()
    }
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
            "unsupported authentication scheme {scheme:?}: use HTTP Basic (account:password)"
        )));
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (account, password) = text.split_once(':').ok_or_else(malformed)?;
    Ok((account.to_owned(), password.to_owned()))
}

/// The authenticated agent a request acts as.
#[derive(Clone)]
pub struct Caller {
    pub agent: AgentId,
    pub tenant: TenantId,
    pub is_admin: bool,
    /// The tenant's zone, for every datetime in the answer.
    pub zone: TimeZone,
}

impl Caller {
    /// The seed's 调用者权限 "管理员".
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.is_admin { Ok(()) } else { Err(ApiError::forbidden("this operation requires an administrator")) }
    }

    pub fn actor(&self) -> kefu_domain::agent::Actor {
        kefu_domain::agent::Actor { agent: self.agent, is_admin: self.is_admin }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).map(|v| v.to_str().unwrap_or(""));
        let record = state.auth().authenticate(state.store(), header).await?;
        let span = tracing::Span::current();
        span.record("tenant", record.tenant_id.0);
        span.record("agent", record.agent_id.0);
        Ok(Caller {
            agent: record.agent_id,
            tenant: record.tenant_id,
            is_admin: record.is_admin,
            zone: state.zone(&record.time_zone),
        })
    }
}

/// A [`Caller`] who is an administrator; anyone else is refused (403) before the
/// request body is even read.
pub struct Admin(pub Caller);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
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
        assert!(parse_basic("Bearer abc").unwrap_err().message.contains("unsupported"));
        assert!(parse_basic("Basic").is_err());
    }
}
