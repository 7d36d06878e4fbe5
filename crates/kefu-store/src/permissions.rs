//! Module permissions (`mType`): whether an agent may use a module. Only the call
//! center (4) has one; an agent whose permission was never set has it on.

use kefu_domain::presence::{Module, OFFLINE_STATE, Permission, Plate};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Cost, Db, Sql};
use crate::presence::plate_states::states_for_write;
use crate::presence::{agent_status, change_presence, lock_presence};
use crate::{Store, StoreError};

impl Store {
    /// Every module permission of the agent, in [`Module::ALL`] order; None for an
    /// unknown or deleted agent. One query.
    pub async fn permissions(
        &self,
        tenant: TenantId,
        agent: AgentId,
    ) -> Result<Option<Vec<(Module, Permission)>>, StoreError> {
        let query = Sql::fixed(
            "SELECT p.module, p.enabled FROM agents a LEFT JOIN agent_permissions p \
             ON p.tenant_id = a.tenant_id AND p.agent_id = a.id \
             WHERE a.tenant_id = $1 AND a.id = $2 AND a.status <> 2",
            [tenant.0.into(), agent.0.into()],
        );
        let rows =
            self.read(Cost::Point).rows(&query, |row| Ok((row.opt_int("module")?, row.opt_int("enabled")?))).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let stored: Vec<(i64, bool)> =
            rows.into_iter().filter_map(|(module, enabled)| Some((module?, enabled? == 1))).collect();
        Ok(Some(
            Module::ALL
                .into_iter()
                .map(|module| {
                    let permission = stored
                        .iter()
                        .find(|(code, _)| *code == module.code())
                        .map_or(Permission::DEFAULT, |(_, on)| Permission::from_enabled(*on));
                    (module, permission)
                })
                .collect(),
        ))
    }

    /// Sets a permission, in one transaction; false for an unknown or deleted agent.
    /// Turning the call center off puts an agent that is not offline in plate 3 offline,
    /// recorded in its history as set by `set_by`.
    pub async fn set_permission(
        &self,
        tenant: TenantId,
        agent: AgentId,
        module: Module,
        permission: Permission,
        set_by: AgentId,
    ) -> Result<bool, StoreError> {
        self.write(move |db| {
            Box::pin(async move {
                if agent_status(db, tenant, agent).await?.is_none() {
                    return Ok(Commit(false));
                }
                db.execute(&Sql::fixed(
                    "INSERT INTO agent_permissions (tenant_id, agent_id, module, enabled, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, agent_id, module) \
                     DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
                    [
                        tenant.0.into(),
                        agent.0.into(),
                        module.code().into(),
                        i64::from(permission.is_on()).into(),
                        now_micros().into(),
                    ],
                ))
                .await?;
                if module == Module::CallCenter && !permission.is_on() {
                    // Locks the agent's plate 3 row after writing the permission: a concurrent
                    // change to another state either committed before (and is undone here) or
                    // reads the permission after this commit (and is refused).
                    states_for_write(db, tenant, Plate::CallCenter).await?;
                    let from = lock_presence(db, tenant, agent, Plate::CallCenter).await?;
                    if from != OFFLINE_STATE {
                        change_presence(db, tenant, agent, Plate::CallCenter, &from, OFFLINE_STATE, set_by).await?;
                    }
                }
                Ok(Commit(true))
            })
        })
        .await
    }
}

/// The agent's permission for `module`, read inside a transaction.
pub(crate) async fn permission_in(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
    module: Module,
) -> Result<Permission, StoreError> {
    let query = Sql::fixed(
        "SELECT enabled FROM agent_permissions WHERE tenant_id = $1 AND agent_id = $2 AND module = $3",
        [tenant.0.into(), agent.0.into(), module.code().into()],
    );
    Ok(match db.first(&query, |row| row.int("enabled")).await? {
        Some(enabled) => Permission::from_enabled(enabled == 1),
        None => Permission::DEFAULT,
    })
}
