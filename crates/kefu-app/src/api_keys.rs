//! API key pairs (SecretID + secret) for OAuth2 client credentials, a kefu extension:
//! administrators make, list and revoke them. The secret exists only in the answer that
//! makes it; the store keeps its hash.

use kefu_domain::api_key::{hash_secret, new_secret, new_secret_id};
use kefu_domain::paging::PageRequest;
use kefu_store::{ApiKeyRecord, Page, Window};

use crate::error::OrNotFound;
use crate::{App, AppError, Caller};

/// The API-key use cases: `app.api_keys()`.
pub struct ApiKeys<'a>(&'a App);

impl App {
    pub fn api_keys(&self) -> ApiKeys<'_> {
        ApiKeys(self)
    }
}

/// A key just made, with its secret.
pub struct NewKey {
    pub key: ApiKeyRecord,
    pub secret: String,
}

impl ApiKeys<'_> {
    /// Makes a key pair owned by the caller. An access token cannot: a leaked token must
    /// not turn into a key of its own.
    pub async fn create(&self, caller: &Caller, name: &str) -> Result<NewKey, AppError> {
        caller.require_admin()?;
        caller.require_password_sign_in("create API keys")?;
        let (secret_id, secret) = (new_secret_id(), new_secret());
        let key =
            self.0.store().create_api_key(caller.tenant, caller.agent, name, &secret_id, &hash_secret(&secret)).await?;
        Ok(NewKey { key, secret })
    }

    /// The company's live key pairs (never their secrets).
    pub async fn page(&self, caller: &Caller, page: PageRequest) -> Result<Page<ApiKeyRecord>, AppError> {
        caller.require_admin()?;
        Ok(self.0.store().list_api_keys(caller.tenant, Window::from(page)).await?)
    }

    /// Revokes a pair: every token minted from it stops working on the next request.
    pub async fn revoke(&self, caller: &Caller, id: i64) -> Result<ApiKeyRecord, AppError> {
        caller.require_admin()?;
        self.0.store().revoke_api_key(caller.tenant, id).await.or_not_found(|| AppError::no_api_key(id))
    }
}
