//! API key pairs and the access tokens minted from them. Only hashes of secrets and
//! tokens are stored; checking a token is one indexed join, which also re-checks the key
//! (not revoked) and its owner (still an active administrator) on every request.

use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Cost, Sql};
use crate::{Page, Store, StoreError, Window};

/// A key pair, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: i64,
    pub tenant_id: TenantId,
    /// The administrator who made it; its tokens act as this agent.
    pub owner_id: AgentId,
    pub name: String,
    pub secret_id: String,
    pub created_at: i64,
}

/// Who a valid access token acts as.
#[derive(Debug, Clone)]
pub struct TokenLogin {
    pub agent_id: AgentId,
    pub tenant_id: TenantId,
    pub time_zone: String,
}

const KEY_COLUMNS: &str = "id, tenant_id, owner_id, name, secret_id, created_at";

fn key_from_row(row: &dyn Columns) -> Result<ApiKeyRecord, StoreError> {
    Ok(ApiKeyRecord {
        id: row.int("id")?,
        tenant_id: TenantId(row.int("tenant_id")?),
        owner_id: AgentId(row.int("owner_id")?),
        name: row.text("name")?,
        secret_id: row.text("secret_id")?,
        created_at: row.int("created_at")?,
    })
}

impl Store {
    pub async fn create_api_key(
        &self,
        tenant: TenantId,
        owner: AgentId,
        name: &str,
        secret_id: &str,
        secret_hash: &str,
    ) -> Result<ApiKeyRecord, StoreError> {
        let mut sql =
            Sql::new("INSERT INTO api_keys (tenant_id, owner_id, name, secret_id, secret_hash, created_at) VALUES (");
        sql.bind(tenant.0).push(", ").bind(owner.0).push(", ").bind(name).push(", ").bind(secret_id);
        sql.push(", ").bind(secret_hash).push(", ").bind(kefu_domain::time::now_micros());
        sql.push(&format!(") RETURNING {KEY_COLUMNS}"));
        self.write(move |db| {
            Box::pin(async move { Ok(Commit(db.first(&sql, key_from_row).await?.ok_or(StoreError::NotFound)?)) })
        })
        .await
    }

    /// The tenant's keys that are not revoked, by id.
    pub async fn list_api_keys(&self, tenant: TenantId, window: Window) -> Result<Page<ApiKeyRecord>, StoreError> {
        let counting = Sql::fixed(
            "SELECT COUNT(*) AS n FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL",
            [tenant.0.into()],
        );
        let total = self.read(Cost::Scan).count(&counting).await?;
        let mut sql = Sql::new(&format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE tenant_id = "));
        sql.bind(tenant.0).push(" AND revoked_at IS NULL ORDER BY id").window(window);
        Ok(Page { rows: self.read(Cost::Scan).rows(&sql, key_from_row).await?, total })
    }

    /// Revokes a key and forgets its tokens; returns the key as it was.
    pub async fn revoke_api_key(&self, tenant: TenantId, id: i64) -> Result<ApiKeyRecord, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let mut revoke = Sql::new("UPDATE api_keys SET revoked_at = ");
                revoke.bind(kefu_domain::time::now_micros()).push(" WHERE tenant_id = ").bind(tenant.0);
                revoke.push(" AND id = ").bind(id).push(&format!(" AND revoked_at IS NULL RETURNING {KEY_COLUMNS}"));
                let key = db.first(&revoke, key_from_row).await?.ok_or(StoreError::NotFound)?;
                let mut tokens = Sql::new("DELETE FROM api_tokens WHERE tenant_id = ");
                tokens.bind(tenant.0).push(" AND key_id = ").bind(id);
                db.execute(&tokens).await?;
                Ok(Commit(key))
            })
        })
        .await
    }

    /// The live key with this SecretID, and its secret's hash.
    pub async fn api_key_by_secret_id(&self, secret_id: &str) -> Result<Option<(ApiKeyRecord, String)>, StoreError> {
        // A key whose owner is no longer an active administrator grants nothing.
        let columns = KEY_COLUMNS.split(", ").map(|c| format!("k.{c}")).collect::<Vec<_>>().join(", ");
        let query = Sql::fixed(
            &format!(
                "SELECT {columns}, k.secret_hash FROM api_keys k \
                 JOIN agents a ON a.tenant_id = k.tenant_id AND a.id = k.owner_id \
                 WHERE k.secret_id = $1 AND k.revoked_at IS NULL AND a.status = 1 AND a.is_admin = 1"
            ),
            [secret_id.into()],
        );
        self.read(Cost::Point).first(&query, |row| Ok((key_from_row(row)?, row.text("secret_hash")?))).await
    }

    /// Stores a new token's hash, and drops tokens that expired long ago.
    pub async fn insert_token(
        &self,
        key: &ApiKeyRecord,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let (tenant, key_id, token_hash) = (key.tenant_id, key.id, token_hash.to_owned());
        self.write(move |db| {
            Box::pin(async move {
                db.execute(&Sql::fixed(
                    "DELETE FROM api_tokens WHERE expires_at < $1",
                    [(now - 86_400_000_000).into()],
                ))
                .await?;
                let mut sql =
                    Sql::new("INSERT INTO api_tokens (token_hash, tenant_id, key_id, created_at, expires_at) VALUES (");
                sql.bind(token_hash).push(", ").bind(tenant.0).push(", ").bind(key_id).push(", ").bind(now);
                sql.push(", ").bind(expires_at).push(")");
                db.execute(&sql).await?;
                Ok(Commit(()))
            })
        })
        .await
    }

    /// Who an unexpired token of a live key acts as — provided its owner is still an
    /// active administrator.
    pub async fn token_login(&self, token_hash: &str, now: i64) -> Result<Option<TokenLogin>, StoreError> {
        let query = Sql::fixed(
            "SELECT a.id, a.tenant_id, t.time_zone FROM api_tokens k \
             JOIN api_keys ak ON ak.tenant_id = k.tenant_id AND ak.id = k.key_id \
             JOIN agents a ON a.tenant_id = ak.tenant_id AND a.id = ak.owner_id \
             JOIN tenants t ON t.id = a.tenant_id \
             WHERE k.token_hash = $1 AND k.expires_at > $2 AND ak.revoked_at IS NULL \
             AND a.status = 1 AND a.is_admin = 1",
            [token_hash.into(), now.into()],
        );
        self.read(Cost::Point)
            .first(&query, |row| {
                Ok(TokenLogin {
                    agent_id: AgentId(row.int("id")?),
                    tenant_id: TenantId(row.int("tenant_id")?),
                    time_zone: row.text("time_zone")?,
                })
            })
            .await
    }
}
