//! Agents' states per plate (`plate_service_state`) and the history of their changes;
//! the plates' state lists in `plate_states.rs`.
//!
//! Reading a state is one indexed query. Setting one is one transaction that locks the
//! agent's `agent_presence` row before reading it, so each recorded change's `from` is the
//! state the previous change left, even with many instances on one PostgreSQL database.

pub(crate) mod plate_states;

use kefu_domain::agent::AgentStatus;
use kefu_domain::presence::{
    Module, OFFLINE_STATE, Permission, Plate, Refusal, StateList, StateName, check_state_change,
};
use kefu_domain::time::now_micros;
use kefu_domain::{AgentId, TenantId};

pub use plate_states::ReplaceStates;
use plate_states::states_for_write;

use crate::engine::Outcome::{Commit, RollBack};
use crate::engine::{Columns, Cost, Db, Sql};
use crate::permissions::permission_in;
use crate::{Page, Store, StoreError, Window};

/// One recorded change of an agent's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceChange {
    pub id: i64,
    pub agent: AgentId,
    pub plate: Plate,
    pub from: String,
    pub to: String,
    /// The administrator who made the change.
    pub set_by: AgentId,
    /// UTC microseconds.
    pub created_at: i64,
}

/// What setting a state came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetPresence {
    /// The state is set; `from` equal to `to` means it already was (nothing recorded).
    Set { from: String, to: String },
    /// No such agent in the tenant (or it is deleted).
    UnknownAgent,
    /// The plate's list does not hold the state; here is the list.
    UnknownState(StateList),
    /// The rules do not allow the state for this agent.
    Refused(Refusal),
}

impl Store {
    /// The agent's state in `plate` (the offline state if never set), or None for an
    /// unknown or deleted agent. One indexed query.
    pub async fn presence(&self, tenant: TenantId, agent: AgentId, plate: Plate) -> Result<Option<String>, StoreError> {
        let query = Sql::fixed(
            "SELECT p.state FROM agents a LEFT JOIN agent_presence p \
             ON p.tenant_id = a.tenant_id AND p.agent_id = a.id AND p.plate = $3 \
             WHERE a.tenant_id = $1 AND a.id = $2 AND a.status <> 2",
            [tenant.0.into(), agent.0.into(), plate.code().into()],
        );
        let found = self.read(Cost::Point).first(&query, |row| row.opt_text("state")).await?;
        Ok(found.map(|state| state.unwrap_or_else(|| OFFLINE_STATE.to_owned())))
    }

    /// Sets an agent's state in a plate and records the change, in one transaction.
    pub async fn set_presence(
        &self,
        tenant: TenantId,
        agent: AgentId,
        plate: Plate,
        state: &StateName,
        set_by: AgentId,
    ) -> Result<SetPresence, StoreError> {
        let state = state.clone();
        self.write(move |db| {
            Box::pin(async move {
                let state = &state;
                let Some(status) = agent_status(db, tenant, agent).await? else {
                    return Ok(Commit(SetPresence::UnknownAgent));
                };
                // Refusals undo what was written before them (defaults materialised, rows
                // locked).
                let states = states_for_write(db, tenant, plate).await?;
                if !states.contains(state.as_str()) {
                    return Ok(RollBack(SetPresence::UnknownState(states)));
                }
                // Lock first, then read the permission: a concurrent permission change either
                // commits before this read, or finds the state this transaction leaves.
                let from = lock_presence(db, tenant, agent, plate).await?;
                let call_center = if plate == Plate::CallCenter && !state.is_offline() {
                    permission_in(db, tenant, agent, Module::CallCenter).await?
                } else {
                    Permission::DEFAULT
                };
                let in_recycle_bin = status == AgentStatus::RecycleBin;
                if let Err(refusal) = check_state_change(plate, state, in_recycle_bin, call_center) {
                    return Ok(RollBack(SetPresence::Refused(refusal)));
                }
                if from != state.as_str() {
                    change_presence(db, tenant, agent, plate, &from, state.as_str(), set_by).await?;
                }
                Ok(Commit(SetPresence::Set { from, to: state.as_str().to_owned() }))
            })
        })
        .await
    }

    /// A page of the agent's recorded changes, oldest first, optionally of one plate; None
    /// for an unknown or deleted agent.
    pub async fn presence_history(
        &self,
        tenant: TenantId,
        agent: AgentId,
        plate: Option<Plate>,
        window: Window,
    ) -> Result<Option<Page<PresenceChange>>, StoreError> {
        if !self.agent_exists(tenant, agent).await? {
            return Ok(None);
        }
        let conditions = |sql: &mut Sql| {
            sql.bind(tenant.0).push(" AND agent_id = ").bind(agent.0);
            if let Some(plate) = plate {
                sql.push(" AND plate = ").bind(plate.code());
            }
        };
        let mut counting = Sql::new("SELECT COUNT(*) AS n FROM presence_history WHERE tenant_id = ");
        conditions(&mut counting);
        let total = self.read(Cost::Scan).count(&counting).await?;

        let mut listing = Sql::new(
            "SELECT id, agent_id, plate, from_state, to_state, set_by, created_at \
             FROM presence_history WHERE tenant_id = ",
        );
        conditions(&mut listing);
        listing.push(" ORDER BY id ASC").window(window);
        let rows = self.read(Cost::Scan).rows(&listing, change_from_row).await?;
        Ok(Some(Page { rows: rows.into_iter().flatten().collect(), total }))
    }
}

/// A recorded change; None for a plate this version does not know.
fn change_from_row(row: &dyn Columns) -> Result<Option<PresenceChange>, StoreError> {
    let Some(plate) = Plate::from_code(row.int("plate")?) else {
        return Ok(None);
    };
    Ok(Some(PresenceChange {
        id: row.int("id")?,
        agent: AgentId(row.int("agent_id")?),
        plate,
        from: row.text("from_state")?,
        to: row.text("to_state")?,
        set_by: AgentId(row.int("set_by")?),
        created_at: row.int("created_at")?,
    }))
}

/// The agent's `isStat`, None when it is unknown or deleted.
pub(crate) async fn agent_status(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
) -> Result<Option<AgentStatus>, StoreError> {
    let query = Sql::fixed(
        "SELECT status FROM agents WHERE tenant_id = $1 AND id = $2 AND status <> 2",
        [tenant.0.into(), agent.0.into()],
    );
    db.first(&query, |row| row.int("status").map(AgentStatus::from_code)).await
}

/// Locks the agent's row of the plate until commit (creating it in the offline state
/// if the agent was never set) and returns its state. The plate's list must be written
/// (see `states_for_write`): the row references it.
pub(crate) async fn lock_presence(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
    plate: Plate,
) -> Result<String, StoreError> {
    // On a conflict, DO UPDATE waits for a concurrent change of the row to commit, locks
    // it, and RETURNING gives the state that change left.
    let upsert = Sql::fixed(
        "INSERT INTO agent_presence (tenant_id, agent_id, plate, state, changed_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant_id, agent_id, plate) DO UPDATE SET state = agent_presence.state \
         RETURNING state",
        [tenant.0.into(), agent.0.into(), plate.code().into(), OFFLINE_STATE.into(), now_micros().into()],
    );
    db.first(&upsert, |row| row.text("state")).await?.ok_or(StoreError::NotFound)
}

/// Writes a new state on a locked row and records the change.
pub(crate) async fn change_presence(
    db: &mut Db,
    tenant: TenantId,
    agent: AgentId,
    plate: Plate,
    from: &str,
    to: &str,
    set_by: AgentId,
) -> Result<(), StoreError> {
    // Taken under the row's lock, so the times of one agent's changes never go backwards
    // on one clock; the history is ordered by id, which is assigned in the same order.
    let now = now_micros();
    db.execute(&Sql::fixed(
        "UPDATE agent_presence SET state = $1, changed_at = $2 \
         WHERE tenant_id = $3 AND agent_id = $4 AND plate = $5",
        [to.into(), now.into(), tenant.0.into(), agent.0.into(), plate.code().into()],
    ))
    .await?;
    db.execute(&Sql::fixed(
        "INSERT INTO presence_history (tenant_id, agent_id, plate, from_state, to_state, set_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [tenant.0.into(), agent.0.into(), plate.code().into(), from.into(), to.into(), set_by.0.into(), now.into()],
    ))
    .await?;
    Ok(())
}
