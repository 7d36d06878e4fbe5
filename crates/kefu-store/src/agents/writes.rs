//! Changing agents: create, update, hide/restore, delete — each one transaction, with the
//! last-administrator rule enforced under a per-tenant row lock.

use kefu_domain::agent::{AgentPatch, AgentStatus, NewAgent};
use kefu_domain::custom_field::FieldValue;
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, GroupId, TenantId};

use super::{AGENT_COLUMNS, AgentRecord, agent_from_row, group_list, id_block};
use crate::engine::Outcome::Commit;
use crate::engine::{Db, Sql};
use crate::fields::{attach_values, write_values};
use crate::{Store, StoreError, UniqueConstraint};

impl Store {
    /// Creates an agent. `password_hash` None means the tenant's default password.
    pub async fn create_agent(
        &self,
        tenant: TenantId,
        new: &NewAgent,
        password_hash: Option<String>,
    ) -> Result<AgentRecord, StoreError> {
        let new = new.clone();
        self.write(move |db| {
            Box::pin(async move {
                let id = insert_agent(db, tenant, &new, password_hash).await?;
                Ok(Commit(load(db, tenant, id).await?.ok_or(StoreError::NotFound)?))
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
        let (agents, password_hash) = (agents.to_vec(), password_hash.to_owned());
        self.write(move |db| {
            Box::pin(async move {
                let mut ids = Vec::with_capacity(agents.len());
                for agent in &agents {
                    ids.push(insert_agent(db, tenant, agent, Some(password_hash.clone())).await?);
                }
                Ok(Commit(ids))
            })
        })
        .await
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
        self.write(move |db| {
            Box::pin(async move { update_in(db, tenant, id, &patch, password_hash).await.map(Commit) })
        })
        .await
    }

    /// Hides an agent in the recycle bin (isStat 0) or restores it (isStat 1).
    pub async fn set_agent_status(
        &self,
        tenant: TenantId,
        id: AgentId,
        status: AgentStatus,
    ) -> Result<AgentRecord, StoreError> {
        self.write(move |db| Box::pin(async move { set_status_in(db, tenant, id, status).await.map(Commit) })).await
    }

    /// Deletes an agent (isStat 2): it keeps its row but is gone from the API, cannot
    /// sign in, and frees its login and job number. Returns the agent as it was.
    pub async fn delete_agent(&self, tenant: TenantId, id: AgentId) -> Result<AgentRecord, StoreError> {
        self.write(move |db| Box::pin(async move { delete_in(db, tenant, id).await.map(Commit) })).await
    }

    /// An operator's password reset (`kefu tenant reset-password`): the new hash, and the end
    /// of the agent's console sessions and of the access tokens minted from its API keys, in
    /// one transaction. The key pairs stay (integrations keep working by asking for new
    /// tokens); revoking them is a separate act. Returns (sessions, tokens) ended.
    pub async fn reset_password(
        &self,
        tenant: TenantId,
        id: AgentId,
        password_hash: &str,
    ) -> Result<(u64, u64), StoreError> {
        let (t, a) = (tenant.0, id.0);
        let set = Sql::fixed(
            "UPDATE agents SET password_hash = $1, updated_at = $2 WHERE tenant_id = $3 AND id = $4",
            [password_hash.into(), now_micros().into(), t.into(), a.into()],
        );
        let sessions =
            Sql::fixed("DELETE FROM console_sessions WHERE tenant_id = $1 AND agent_id = $2", [t.into(), a.into()]);
        let tokens = Sql::fixed(
            "DELETE FROM api_tokens WHERE tenant_id = $1 AND key_id IN \
             (SELECT id FROM api_keys WHERE tenant_id = $1 AND owner_id = $2)",
            [t.into(), a.into()],
        );
        self.write(move |db| {
            Box::pin(async move {
                if db.execute(&set).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(Commit((db.execute(&sessions).await?, db.execute(&tokens).await?)))
            })
        })
        .await
    }
}

async fn update_in(
    db: &mut Db,
    tenant: TenantId,
    id: AgentId,
    patch: &AgentPatch,
    password_hash: Option<String>,
) -> Result<AgentRecord, StoreError> {
    // The agent is read once, at the end, to answer it as changed. Only a demotion needs it
    // before: the last-administrator rule reads its role under the lock.
    if patch.is_admin == Some(false) {
        lock_admins(db, tenant).await?;
        if is_active_admin(db, tenant, id).await? {
            ensure_another_admin(db, tenant, id).await?;
        }
    }
    if let Some(groups) = &patch.groups {
        check_groups_exist(db, tenant, groups).await?;
    }

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
    sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0).push(" AND status <> 2");
    // A login never changes, so only the job number can collide.
    let changed =
        db.execute(&sql).await.map_err(|e| with_value(e, patch.job_number.as_ref().map_or("", |n| n.as_str()), ""))?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    if let Some(groups) = &patch.groups {
        replace_memberships(db, tenant, id, groups).await?;
    }
    write_values(db, tenant, id, &patch.custom_fields).await?;
    load(db, tenant, id).await?.ok_or(StoreError::NotFound)
}

/// Whether the agent is an active administrator (false for an agent that is not there).
async fn is_active_admin(db: &mut Db, tenant: TenantId, id: AgentId) -> Result<bool, StoreError> {
    let query = Sql::fixed(
        "SELECT COUNT(*) AS n FROM agents WHERE tenant_id = $1 AND id = $2 AND is_admin = 1 AND status = 1",
        [tenant.0.into(), id.0.into()],
    );
    Ok(db.count(&query).await? > 0)
}

async fn set_status_in(
    db: &mut Db,
    tenant: TenantId,
    id: AgentId,
    status: AgentStatus,
) -> Result<AgentRecord, StoreError> {
    let hiding = status != AgentStatus::Active;
    if hiding {
        lock_admins(db, tenant).await?;
    }
    let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
    if hiding && current.is_admin && current.status == AgentStatus::Active {
        ensure_another_admin(db, tenant, id).await?;
    }
    let mut sql = Sql::new("UPDATE agents SET status = ");
    sql.bind(status.code()).push(", updated_at = ").bind(now_micros());
    sql.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    db.execute(&sql).await?;
    if hiding {
        end_console_sessions(db, tenant, id).await?;
    }
    if current.status != status {
        count_agents(db, tenant, id, current.status, -1).await?;
        count_agents(db, tenant, id, status, 1).await?;
    }
    load(db, tenant, id).await?.ok_or(StoreError::NotFound)
}

/// Hiding or deleting an agent ends its console sessions for good, in the same
/// transaction: restoring the agent later must not revive a session begun before.
async fn end_console_sessions(db: &mut Db, tenant: TenantId, id: AgentId) -> Result<(), StoreError> {
    let mut sessions = Sql::new("DELETE FROM console_sessions WHERE tenant_id = ");
    sessions.bind(tenant.0).push(" AND agent_id = ").bind(id.0);
    db.execute(&sessions).await.map(drop)
}

async fn delete_in(db: &mut Db, tenant: TenantId, id: AgentId) -> Result<AgentRecord, StoreError> {
    lock_admins(db, tenant).await?;
    let current = load(db, tenant, id).await?.ok_or(StoreError::NotFound)?;
    if current.is_admin && current.status == AgentStatus::Active {
        ensure_another_admin(db, tenant, id).await?;
    }
    let mut sql = Sql::new("UPDATE agents SET status = 2, updated_at = ");
    sql.bind(now_micros()).push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
    db.execute(&sql).await?;
    let mut memberships = Sql::new("DELETE FROM agent_groups WHERE tenant_id = ");
    memberships.bind(tenant.0).push(" AND agent_id = ").bind(id.0);
    db.execute(&memberships).await?;
    end_console_sessions(db, tenant, id).await?;
    // A deleted agent comes back never: its API keys are revoked and their tokens
    // forgotten, rather than left listed and waiting.
    let mut tokens = Sql::new("DELETE FROM api_tokens WHERE key_id IN (SELECT id FROM api_keys WHERE tenant_id = ");
    tokens.bind(tenant.0).push(" AND owner_id = ").bind(id.0).push(") AND tenant_id = ").bind(tenant.0);
    db.execute(&tokens).await?;
    let mut keys = Sql::new("UPDATE api_keys SET revoked_at = ");
    keys.bind(now_micros()).push(" WHERE tenant_id = ").bind(tenant.0);
    keys.push(" AND owner_id = ").bind(id.0).push(" AND revoked_at IS NULL");
    db.execute(&keys).await?;
    count_agents(db, tenant, id, current.status, -1).await?;
    Ok(current)
}

/// Inserts an agent and its group memberships inside a write transaction; shared with tenant creation.
pub(crate) async fn insert_agent(
    db: &mut Db,
    tenant: TenantId,
    new: &NewAgent,
    password_hash: Option<String>,
) -> Result<AgentId, StoreError> {
    let password_hash = match password_hash {
        Some(hash) => hash,
        None => default_password_hash(db, tenant).await?.ok_or(StoreError::NoDefaultPassword)?,
    };
    check_groups_exist(db, tenant, &new.groups).await?;
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
    let id = db
        .first(&sql, |row| row.int("id"))
        .await
        .map_err(|e| with_value(e, new.job_number.as_str(), new.passport_name.as_str()))?
        .ok_or(StoreError::NotFound)?;
    let id = AgentId(id);
    count_agents(db, tenant, id, AgentStatus::Active, 1).await?;
    insert_memberships(db, tenant, id, &new.groups).await?;
    let values: Vec<(i64, Option<FieldValue>)> =
        new.custom_fields.iter().map(|(number, value)| (*number, Some(value.clone()))).collect();
    write_values(db, tenant, id, &values).await?;
    Ok(id)
}

/// Adds `delta` to the tenant's count of live agents with `status` in `id`'s block (see
/// `agent_id_counts`).
async fn count_agents(
    db: &mut Db,
    tenant: TenantId,
    id: AgentId,
    status: AgentStatus,
    delta: i64,
) -> Result<(), StoreError> {
    db.execute(&Sql::fixed(
        "INSERT INTO agent_id_counts (tenant_id, status, id_block, n) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (tenant_id, id_block, status) DO UPDATE SET n = agent_id_counts.n + excluded.n",
        [tenant.0.into(), status.code().into(), id_block(id).into(), delta.into()],
    ))
    .await?;
    Ok(())
}

/// Fills in the colliding value of a uniqueness conflict, for the error message.
fn with_value(error: StoreError, job_number: &str, passport_name: &str) -> StoreError {
    match error {
        StoreError::Conflict { constraint: UniqueConstraint::AgentJobNumber, .. } => {
            StoreError::Conflict { constraint: UniqueConstraint::AgentJobNumber, value: job_number.into() }
        }
        StoreError::Conflict { constraint: UniqueConstraint::AgentLogin, .. } => {
            StoreError::Conflict { constraint: UniqueConstraint::AgentLogin, value: passport_name.into() }
        }
        other => other,
    }
}

async fn default_password_hash(db: &mut Db, tenant: TenantId) -> Result<Option<String>, StoreError> {
    let query = Sql::fixed("SELECT default_password_hash FROM tenants WHERE id = $1", [tenant.0.into()]);
    Ok(db.first(&query, |row| row.opt_text("default_password_hash")).await?.flatten())
}

pub(crate) async fn load(db: &mut Db, tenant: TenantId, id: AgentId) -> Result<Option<AgentRecord>, StoreError> {
    let mut sql = Sql::new(&format!("SELECT {AGENT_COLUMNS} FROM agents WHERE tenant_id = "));
    sql.bind(tenant.0).push(" AND id = ").bind(id.0).push(" AND status <> 2");
    let mut found = db.rows(&sql, |row| agent_from_row(row)).await?;
    attach_values(db, tenant, &mut found).await?;
    Ok(found.pop())
}

/// Serialises the transactions that may remove an administrator of `tenant`: on
/// PostgreSQL the UPDATE takes the tenant row's lock until commit (on every instance);
/// on SQLite it takes the database's write lock. Whatever such a transaction reads
/// afterwards is current, so two concurrent demotions cannot both see "one other admin
/// left" and remove the last two.
async fn lock_admins(db: &mut Db, tenant: TenantId) -> Result<(), StoreError> {
    db.execute(&Sql::fixed("UPDATE tenants SET admin_guard = admin_guard + 1 WHERE id = $1", [tenant.0.into()]))
        .await?;
    Ok(())
}

async fn ensure_another_admin(db: &mut Db, tenant: TenantId, except: AgentId) -> Result<(), StoreError> {
    let others = Sql::fixed(
        "SELECT COUNT(*) AS n FROM agents WHERE tenant_id = $1 AND is_admin = 1 AND status = 1 AND id <> $2",
        [tenant.0.into(), except.0.into()],
    );
    if db.count(&others).await? == 0 { Err(StoreError::LastAdministrator) } else { Ok(()) }
}

async fn check_groups_exist(db: &mut Db, tenant: TenantId, groups: &[GroupId]) -> Result<(), StoreError> {
    if groups.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT id FROM support_groups WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND id IN (").bind_list(groups.iter().map(|g| g.0)).push(")");
    let found = db.rows(&sql, |row| row.int("id")).await?;
    let missing: Vec<GroupId> = groups.iter().copied().filter(|g| !found.contains(&g.0)).collect();
    if missing.is_empty() { Ok(()) } else { Err(StoreError::UnknownGroups(missing)) }
}

/// Replaces an agent's memberships (the groups are known to exist).
async fn replace_memberships(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
    groups: &[GroupId],
) -> Result<(), StoreError> {
    let mut clear = Sql::new("DELETE FROM agent_groups WHERE tenant_id = ");
    clear.bind(tenant.0).push(" AND agent_id = ").bind(agent.0);
    db.execute(&clear).await?;
    insert_memberships(db, tenant, agent, groups).await
}

async fn insert_memberships(
    db: &mut Db,
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
    db.execute(&sql).await?;
    Ok(())
}
