//! Tenants (company accounts): each is created together with its first administrator.

use kefu_domain::agent::NewAgent;
use kefu_domain::customer::{CustomerMode, check_mode_change};
use kefu_domain::ticket::status::AutoCloseDays;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

use crate::agents::AgentRecord;
use crate::agents::writes::{insert_agent, load};
use crate::engine::Outcome::Commit;
use crate::engine::{Cost, Db, Sql};
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

/// A tenant's settings (never the default password, only whether there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantSettings {
    pub name: String,
    pub time_zone: String,
    pub has_default_password: bool,
    /// 2B or 2C (issue 20).
    pub customer_mode: kefu_domain::customer::CustomerMode,
    /// Days after which solved tickets close themselves (issue 21).
    pub auto_close_days: AutoCloseDays,
}

/// A change of the helpdesk settings; None leaves a setting as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpdeskChange {
    pub customer_mode: Option<CustomerMode>,
    pub auto_close_days: Option<AutoCloseDays>,
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
        let (tenant, admin) = (tenant.clone(), admin.clone());
        self.write(move |db| Box::pin(async move { create_in(db, &tenant, &admin).await.map(Commit) })).await
    }

    /// Creates the first tenant, unless the database already has one or another instance
    /// is doing it at the same moment (the marker's primary key decides). Returns the
    /// administrator when this call created it.
    pub async fn bootstrap_tenant(
        &self,
        tenant: &NewTenant,
        admin: &TenantAdmin,
    ) -> Result<Option<AgentRecord>, StoreError> {
        let (tenant, admin) = (tenant.clone(), admin.clone());
        self.write(move |db| {
            Box::pin(async move {
                if db.count(&Sql::new("SELECT COUNT(*) AS n FROM tenants")).await? > 0 {
                    return Ok(Commit(None));
                }
                let claim = Sql::fixed(
                    "INSERT INTO kefu_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                    [BOOTSTRAPPED.into(), now_micros().to_string().into()],
                );
                if db.execute(&claim).await? == 0 {
                    return Ok(Commit(None));
                }
                Ok(Commit(Some(create_in(db, &tenant, &admin).await?)))
            })
        })
        .await
    }

    /// The tenant of the (non-deleted) agent with this login key.
    pub async fn tenant_of_login(&self, login_key: &str) -> Result<Option<TenantId>, StoreError> {
        let query = Sql::fixed("SELECT tenant_id FROM agents WHERE login_key = $1 AND status <> 2", [login_key.into()]);
        self.read(Cost::Point).first(&query, |row| row.int("tenant_id").map(TenantId)).await
    }

    /// A tenant's settings as `GET /api/v1/company.json` shows them.
    pub async fn tenant_settings(&self, tenant: TenantId) -> Result<TenantSettings, StoreError> {
        let query = Sql::fixed(
            "SELECT name, time_zone, default_password_hash, customer_mode, auto_close_days FROM tenants WHERE id = $1",
            [tenant.0.into()],
        );
        self.read(Cost::Point)
            .first(&query, |row| {
                Ok(TenantSettings {
                    name: row.text("name")?,
                    time_zone: row.text("time_zone")?,
                    has_default_password: row.opt_text("default_password_hash")?.is_some(),
                    customer_mode: CustomerMode::from_code(row.int("customer_mode")?),
                    auto_close_days: AutoCloseDays::from_stored(row.int("auto_close_days")?),
                })
            })
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Changes the helpdesk settings in one transaction. 2B → 2C is refused (Stale: a 409)
    /// while the account has companies, deleted ones included (`check_mode_change`); the
    /// tenant row is locked first, so two changes do not interleave.
    pub async fn set_helpdesk_settings(&self, tenant: TenantId, change: HelpdeskChange) -> Result<(), StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                let lock =
                    Sql::fixed("UPDATE tenants SET customer_mode = customer_mode WHERE id = $1", [tenant.0.into()]);
                if db.execute(&lock).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                if let Some(mode) = change.customer_mode {
                    let current = Sql::fixed("SELECT customer_mode FROM tenants WHERE id = $1", [tenant.0.into()]);
                    let from = db.first(&current, |row| row.int("customer_mode")).await?.unwrap_or(1);
                    let companies =
                        Sql::fixed("SELECT COUNT(*) AS n FROM companies WHERE tenant_id = $1", [tenant.0.into()]);
                    let companies = db.count(&companies).await?;
                    check_mode_change(CustomerMode::from_code(from), mode, companies).map_err(StoreError::Stale)?;
                    let update = Sql::fixed(
                        "UPDATE tenants SET customer_mode = $1 WHERE id = $2",
                        [mode.code().into(), tenant.0.into()],
                    );
                    db.execute(&update).await?;
                }
                if let Some(days) = change.auto_close_days {
                    let days = i64::from(days.days());
                    let update = Sql::fixed(
                        "UPDATE tenants SET auto_close_days = $1 WHERE id = $2",
                        [days.into(), tenant.0.into()],
                    );
                    db.execute(&update).await?;
                }
                Ok(Commit(()))
            })
        })
        .await
    }

    /// Sets the tenant's customer mode (2B/2C) without the checks of
    /// [`Store::set_helpdesk_settings`] (tests and the operator's tools).
    pub async fn set_customer_mode(&self, tenant: TenantId, mode: CustomerMode) -> Result<(), StoreError> {
        let update =
            Sql::fixed("UPDATE tenants SET customer_mode = $1 WHERE id = $2", [mode.code().into(), tenant.0.into()]);
        self.update_tenant(update).await
    }

    /// Sets (or with None clears) the password agents created without one receive.
    pub async fn set_default_password(&self, tenant: TenantId, hash: Option<String>) -> Result<(), StoreError> {
        let update =
            Sql::fixed("UPDATE tenants SET default_password_hash = $1 WHERE id = $2", [hash.into(), tenant.0.into()]);
        self.update_tenant(update).await
    }

    /// Sets the zone datetimes are shown in.
    pub async fn set_time_zone(&self, tenant: TenantId, time_zone: &str) -> Result<(), StoreError> {
        let update = Sql::fixed("UPDATE tenants SET time_zone = $1 WHERE id = $2", [time_zone.into(), tenant.0.into()]);
        self.update_tenant(update).await
    }

    /// Runs an UPDATE of one tenant; NotFound when there is no such tenant.
    async fn update_tenant(&self, update: Sql) -> Result<(), StoreError> {
        if self.write_statement(update).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}

async fn create_in(db: &mut Db, tenant: &NewTenant, admin: &TenantAdmin) -> Result<AgentRecord, StoreError> {
    let insert = Sql::fixed(
        "INSERT INTO tenants (name, time_zone, default_password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        [
            tenant.name.as_str().into(),
            tenant.time_zone.as_str().into(),
            tenant.default_password_hash.clone().into(),
            now_micros().into(),
        ],
    );
    let tenant_id = TenantId(db.first(&insert, |row| row.int("id")).await?.ok_or(StoreError::NotFound)?);
    let mut agent = admin.agent.clone();
    agent.is_admin = true;
    let id: AgentId = insert_agent(db, tenant_id, &agent, Some(admin.password_hash.clone())).await?;
    load(db, tenant_id, id).await?.ok_or(StoreError::NotFound)
}
