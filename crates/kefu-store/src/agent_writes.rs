//! Changing agents: create, update, hide/restore, delete — each one transaction, with the
//! last-administrator rule enforced under a per-tenant row lock.

use kefu_domain::agent::{AgentPatch, AgentStatus, NewAgent};
use kefu_domain::custom_field::FieldValue;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId, TenantId};
use sqlx::{AnyConnection, Row};

use crate::agents::id_block;
use crate::fields::{attach_values, write_values};
use crate::reads::Reads;
use crate::records::{AGENT_COLUMNS, AgentRecord, agent_from_row, group_list};
use crate::sql::{Sql, count};
use crate::{Store, StoreError};

impl Store {
    /// Creates an agent. `password_hash` None means the tenant's default password.
    pub async fn create_agent(
        &self,
        tenant: TenantId,
        new: &NewAgent,
        password_hash: Option<String>,
    ) -> Result<AgentRecord, StoreError> {
        let new = new.clone();
        self.write(move |conn| {
            Box::pin(async move {
                let id = insert_agent(conn, tenant, &new, password_hash).await?;
                load(conn, tenant, id).await?.ok_or(StoreError::NotFound)
            })
        })
        .await
    }

    /// Creates many agents in one transaction (bulk loads: the benchmark, migrations from
    /// other systems); all get `password_hash`. Returns their ids in order.
    pub async fn import_agents(
        &self,
        tenant: TenantId,
        agents: &[NewAgent],
        password_hash: &str,
    ) -> Result<Vec<AgentId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(agents.len());
        for agent in agents {
            ids.push(insert_agent(&mut tx, tenant, agent, Some(password_hash.to_owned())).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Applies a partial update and returns the agent as it now is.
    pub async fn update_agent(
        &self,
        tenant: TenantId,
        id: AgentId,
        patch: &AgentPatch,
        password_hash: Option<String>,
    ) -> Result<AgentRecord, StoreError> {
        let patch = patch.clone();
        self.write(move |conn| Box::pin(async move { update_in(conn, tenant, id, &patch, password_hash).await })).await
    }

    /// Hides an agent in the recycle bin (isStat 0) or restores it (isStat 1).
    pub async fn set_agent_status(
        &self,
        tenant: TenantId,
        id: AgentId,
        status: AgentStatus,
    ) -> Result<AgentRecord, StoreError> {
        self.write(move |conn| Box::pin(async move { set_status_in(conn, tenant, id, status).await })).await
    }

    /// Deletes an agent (isStat 2): it keeps its row but is gone from the API, cannot
    /// sign in, and frees its login and job number. Returns the agent as it was.
    pub async fn delete_agent(&self, tenant: TenantId, id: AgentId) -> Result<AgentRecord, StoreError> {
        self.write(move |conn| Box::pin(async move { delete_in(conn, tenant, id).await })).await
    }
}

async fn update_in(
    conn: &mut AnyConnection,
    tenant: TenantId,
    id: AgentId,
    patch: &AgentPatch,
    password_hash: Option<String>,
) -> Result<AgentRecord, StoreError> {
    let demoting = patch.is_admin == Some(false);
    if demoting {
        lock_admins(conn, tenant).await?;
    }
    let current = load(conn, tenant, id).await?.ok_or(StoreError::NotFound)?;
    if demoting && current.is_admin && current.status == AgentStatus::Active {
        ensure_another_admin(conn, tenant, id).await?;
    }
    if let Some(groups) = &patch.groups {
        replace_groups(conn, tenant, id, groups).await?;
    }
    write_values(conn, tenant, id, &patch.custom_fields).await?;

    let mut sql = Sql::new("UPDATE agents SET updated_at = ");
    sql.bind(now_micros());
    let mut set = |column: &str, value: Option<String>| {
        if let Some(value) = value {
            sql.push(", ").push(column).push(" = ").bind(value);
        }
    };
    set("job_number", patch.job_number.as_ref().map(|v| v.as_str().to_owned()));
    set("search_job_number", patch.job_number.as_ref().map(|v| v.as_str().to_lowercase()));
    set("name", patch.name.as_ref().map(|v| v.as_str().to_owned()));
    set("search_name", patch.name.as_ref().map(|v| v.as_str().to_lowercase()));
    set("email", patch.email.as_ref().map(|v| v.as_str().to_owned()));
    set("fixnumber", patch.fixnumber.as_ref().map(|v| v.as_str().to_owned()));
    set("mobile", patch.mobile.as_ref().map(|v| v.as_str().to_owned()));
    set("qq", patch.qq.as_ref().map(|v| v.as_str().to_owned()));
    set("group_ids", patch.groups.as_deref().map(group_list));
    set("password_hash", password_hash);
    if let Some(gender) = patch.gender {
        sql.push(", gender = ").bind(gender.code());
    }
    if let Some(is_admin) = patch.is_admin {
        sql.push(", is_admin = ").bind(i64::from(is_admin));
    }
    sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    sql.query().execute(&mut *conn).await.map_err(|e| {
        with_value(e.into(), patch.job_number.as_ref().map_or("", |n| n.as_str()), &current.passport_name)
    })?;
    load(conn, tenant, id).await?.ok_or(StoreError::NotFound)
}

async fn set_status_in(
    conn: &mut AnyConnection,
    tenant: TenantId,
    id: AgentId,
    status: AgentStatus,
) -> Result<AgentRecord, StoreError> {
    let hiding = status != AgentStatus::Active;
    if hiding {
        lock_admins(conn, tenant).await?;
    }
    let current = load(conn, tenant, id).await?.ok_or(StoreError::NotFound)?;
    if hiding && current.is_admin && current.status == AgentStatus::Active {
        ensure_another_admin(conn, tenant, id).await?;
    }
    let mut sql = Sql::new("UPDATE agents SET status = ");
    sql.bind(status.code()).push(", updated_at = ").bind(now_micros());
    sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    sql.query().execute(&mut *conn).await?;
    if current.status != status {
        count_agents(conn, tenant, id, current.status, -1).await?;
        count_agents(conn, tenant, id, status, 1).await?;
    }
    load(conn, tenant, id).await?.ok_or(StoreError::NotFound)
}

async fn delete_in(conn: &mut AnyConnection, tenant: TenantId, id: AgentId) -> Result<AgentRecord, StoreError> {
    lock_admins(conn, tenant).await?;
    let current = load(conn, tenant, id).await?.ok_or(StoreError::NotFound)?;
    if current.is_admin && current.status == AgentStatus::Active {
        ensure_another_admin(conn, tenant, id).await?;
    }
    let mut sql = Sql::new("UPDATE agents SET status = 2, updated_at = ");
    sql.bind(now_micros()).push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    sql.query().execute(&mut *conn).await?;
    let mut memberships = Sql::new("DELETE FROM agent_groups WHERE tenant_id = ");
    memberships.bind(tenant.0).push(" AND agent_id = ").bind(id.0);
    memberships.query().execute(&mut *conn).await?;
    count_agents(conn, tenant, id, current.status, -1).await?;
    Ok(current)
}

/// Inserts an agent and its group memberships inside a write transaction; shared with tenant creation.
pub(crate) async fn insert_agent(
    conn: &mut AnyConnection,
    tenant: TenantId,
    new: &NewAgent,
    password_hash: Option<String>,
) -> Result<AgentId, StoreError> {
    let password_hash = match password_hash {
        Some(hash) => hash,
        None => default_password_hash(conn, tenant).await?.ok_or(StoreError::NoDefaultPassword)?,
    };
    check_groups_exist(conn, tenant, &new.groups).await?;
    let now = now_micros();
    let mut sql = Sql::new(
        "INSERT INTO agents (tenant_id, passport_name, login_key, password_hash, job_number, name, gender, \
         email, fixnumber, mobile, qq, is_admin, status, group_ids, search_name, search_job_number, \
         created_at, updated_at) VALUES (",
    );
    sql.bind(tenant.0).push(", ");
    for text in [
        new.passport_name.as_str().to_owned(),
        new.passport_name.login_key(),
        password_hash,
        new.job_number.as_str().to_owned(),
        new.name.as_str().to_owned(),
    ] {
        sql.bind(text).push(", ");
    }
    sql.bind(new.gender.code()).push(", ");
    for text in [new.email.as_str(), new.fixnumber.as_str(), new.mobile.as_str(), new.qq.as_str()] {
        sql.bind(text).push(", ");
    }
    sql.bind(i64::from(new.is_admin)).push(", ").bind(AgentStatus::Active.code()).push(", ");
    sql.bind(group_list(&new.groups)).push(", ");
    sql.bind(new.name.as_str().to_lowercase()).push(", ").bind(new.job_number.as_str().to_lowercase());
    sql.push(", ").bind(now).push(", ").bind(now).push(") RETURNING id");
    let row = sql
        .query()
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| with_value(e.into(), new.job_number.as_str(), new.passport_name.as_str()))?;
    let id = AgentId(row.try_get("id")?);
    count_agents(conn, tenant, id, AgentStatus::Active, 1).await?;
    insert_memberships(conn, tenant, id, &new.groups).await?;
    let values: Vec<(i64, Option<FieldValue>)> =
        new.custom_fields.iter().map(|(number, value)| (*number, Some(value.clone()))).collect();
    write_values(conn, tenant, id, &values).await?;
    Ok(id)
}

/// Adds `delta` to the tenant's count of live agents with `status` in `id`'s block (see
/// `agent_id_counts`).
async fn count_agents(
    conn: &mut AnyConnection,
    tenant: TenantId,
    id: AgentId,
    status: AgentStatus,
    delta: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO agent_id_counts (tenant_id, status, id_block, n) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (tenant_id, id_block, status) DO UPDATE SET n = agent_id_counts.n + excluded.n",
    )
    .bind(tenant.0)
    .bind(status.code())
    .bind(id_block(id))
    .bind(delta)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Fills in the colliding value of a uniqueness conflict, for the error message.
fn with_value(error: StoreError, job_number: &str, passport_name: &str) -> StoreError {
    match error {
        StoreError::Conflict { field: "sNum", .. } => StoreError::Conflict { field: "sNum", value: job_number.into() },
        StoreError::Conflict { field: "sPassportName", .. } => {
            StoreError::Conflict { field: "sPassportName", value: passport_name.into() }
        }
        other => other,
    }
}

async fn default_password_hash(conn: &mut AnyConnection, tenant: TenantId) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT default_password_hash FROM tenants WHERE id = $1")
        .bind(tenant.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<Option<String>, _>(0)?,
        None => None,
    })
}

pub(crate) async fn load(
    conn: &mut AnyConnection,
    tenant: TenantId,
    id: AgentId,
) -> Result<Option<AgentRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE tenant_id = "));
    sql.bind(tenant.0).push(" AND id = ").bind(id.0).push(" AND status <> 2");
    let row = sql.query().fetch_optional(&mut *conn).await?;
    let mut found: Vec<AgentRecord> = row.as_ref().map(agent_from_row).transpose()?.into_iter().collect();
    attach_values(&mut Reads::Sqlx(conn), tenant, &mut found).await?;
    Ok(found.pop())
}

/// Serialises the transactions that may remove an administrator of `tenant`: on
/// PostgreSQL the UPDATE takes the tenant row's lock until commit (on every instance);
/// on SQLite it takes the database's write lock. Whatever such a transaction reads
/// afterwards is current, so two concurrent demotions cannot both see "one other admin
/// left" and remove the last two.
async fn lock_admins(conn: &mut AnyConnection, tenant: TenantId) -> Result<(), StoreError> {
    sqlx::query("UPDATE tenants SET admin_guard = admin_guard + 1 WHERE id = $1")
        .bind(tenant.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn ensure_another_admin(conn: &mut AnyConnection, tenant: TenantId, except: AgentId) -> Result<(), StoreError> {
    let row =
        sqlx::query("SELECT COUNT(*) FROM agents WHERE tenant_id = $1 AND is_admin = 1 AND status = 1 AND id <> $2")
            .bind(tenant.0)
            .bind(except.0)
            .fetch_one(&mut *conn)
            .await?;
    if count(&row)? == 0 { Err(StoreError::LastAdministrator) } else { Ok(()) }
}

async fn check_groups_exist(conn: &mut AnyConnection, tenant: TenantId, groups: &[GroupId]) -> Result<(), StoreError> {
    if groups.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT id FROM support_groups WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND id IN (").bind_list(groups.iter().map(|g| g.0)).push(")");
    let found: Vec<i64> =
        sql.query().fetch_all(&mut *conn).await?.iter().map(|row| row.try_get(0)).collect::<Result<_, _>>()?;
    let missing: Vec<GroupId> = groups.iter().copied().filter(|g| !found.contains(&g.0)).collect();
    if missing.is_empty() { Ok(()) } else { Err(StoreError::UnknownGroups(missing)) }
}

async fn replace_groups(
    conn: &mut AnyConnection,
    tenant: TenantId,
    agent: AgentId,
    groups: &[GroupId],
) -> Result<(), StoreError> {
    check_groups_exist(conn, tenant, groups).await?;
    let mut clear = Sql::new("DELETE FROM agent_groups WHERE tenant_id = ");
    clear.bind(tenant.0).push(" AND agent_id = ").bind(agent.0);
    clear.query().execute(&mut *conn).await?;
    insert_memberships(conn, tenant, agent, groups).await
}

async fn insert_memberships(
    conn: &mut AnyConnection,
    tenant: TenantId,
    agent: AgentId,
    groups: &[GroupId],
) -> Result<(), StoreError> {
    if groups.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("INSERT INTO agent_groups (tenant_id, agent_id, group_id) VALUES ");
    for (i, group) in groups.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.bind(tenant.0).push(", ").bind(agent.0).push(", ").bind(group.0).push(")");
    }
    sql.query().execute(&mut *conn).await?;
    Ok(())
}
