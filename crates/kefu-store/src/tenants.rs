//! Tenants (company accounts): each is created together with its first administrator.

use kefu_domain::agent::NewAgent;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};
use sqlx::{AnyConnection, Row};

use crate::agent_writes::{insert_agent, load};
use crate::records::AgentRecord;
use crate::{Store, StoreError};

/// A new tenant's settings.
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub name: String,
    /// An IANA zone name, already checked.
    pub time_zone: String,
    /// The argon2 hash agents created without a password get, if any.
    pub default_password_hash: Option<String>,
}

/// The first administrator of a new tenant, and its password hash.
#[derive(Debug, Clone)]
pub struct TenantAdmin {
    pub agent: NewAgent,
    pub password_hash: String,
}

/// The marker row that says the first tenant was created (see `bootstrap_tenant`).
const BOOTSTRAPPED: &str = "bootstrapped";

impl Store {
    /// Creates a tenant and its administrator in one transaction.
    pub async fn create_tenant(&self, tenant: &NewTenant, admin: &TenantAdmin) -> Result<AgentRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let created = create_in(&mut tx, tenant, admin).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Creates the first tenant, unless the database already has one or another instance
    /// is doing it at the same moment (the marker's primary key decides). Returns the
    /// administrator when this call created it.
    pub async fn bootstrap_tenant(
        &self,
        tenant: &NewTenant,
        admin: &TenantAdmin,
    ) -> Result<Option<AgentRecord>, StoreError> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query("SELECT COUNT(*) FROM tenants").fetch_one(&mut *tx).await?;
        if existing.try_get::<i64, _>(0)? > 0 {
            return Ok(None);
        }
        let claimed = sqlx::query("INSERT INTO kefu_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(BOOTSTRAPPED)
            .bind(now_micros().to_string())
            .execute(&mut *tx)
            .await?;
        if claimed.rows_affected() == 0 {
            return Ok(None);
        }
        let created = create_in(&mut tx, tenant, admin).await?;
        tx.commit().await?;
        Ok(Some(created))
    }

    /// The tenant of the (non-deleted) agent with this login key.
    pub async fn tenant_of_login(&self, login_key: &str) -> Result<Option<TenantId>, StoreError> {
        let row = sqlx::query("SELECT tenant_id FROM agents WHERE login_key = $1 AND status <> 2")
            .bind(login_key)
            .fetch_optional(self.reader())
            .await?;
        Ok(row.map(|row| row.try_get(0).map(TenantId)).transpose()?)
    }

    /// Sets (or with None clears) the password agents created without one receive.
    pub async fn set_default_password(&self, tenant: TenantId, hash: Option<String>) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE tenants SET default_password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(tenant.0)
            .execute(self.writer())
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Sets the zone datetimes are shown in.
    pub async fn set_time_zone(&self, tenant: TenantId, time_zone: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE tenants SET time_zone = $1 WHERE id = $2")
            .bind(time_zone)
            .bind(tenant.0)
            .execute(self.writer())
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}

async fn create_in(
    conn: &mut AnyConnection,
    tenant: &NewTenant,
    admin: &TenantAdmin,
) -> Result<AgentRecord, StoreError> {
    let row = sqlx::query(
        "INSERT INTO tenants (name, time_zone, default_password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(tenant.name.as_str())
    .bind(tenant.time_zone.as_str())
    .bind(tenant.default_password_hash.clone())
    .bind(now_micros())
    .fetch_one(&mut *conn)
    .await?;
    let tenant_id = TenantId(row.try_get("id")?);
    let mut agent = admin.agent.clone();
    agent.is_admin = true;
    let id: AgentId = insert_agent(conn, tenant_id, &agent, Some(admin.password_hash.clone())).await?;
    load(conn, tenant_id, id).await?.ok_or(StoreError::NotFound)
}
