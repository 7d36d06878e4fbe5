//! Reads the console needs that no API endpoint makes in one query: the roster of a
//! tenant's agents (optionally of one support group) and, for a plate, each agent's state
//! and call-center permission — the presence board, read in one indexed query per poll.

use kefu_domain::agent::AgentStatus;
use kefu_domain::presence::{Module, OFFLINE_STATE, Permission, Plate};
use kefu_domain::{AgentId, GroupId, TenantId};

use crate::engine::{Columns, Cost, Sql};
use crate::{Store, StoreError};

/// Which agents a roster holds. Deleted agents never appear.
#[derive(Debug, Clone, Copy, Default)]
pub struct RosterFilter {
    /// Only members of this group.
    pub group: Option<GroupId>,
    /// Only this agent.
    pub agent: Option<AgentId>,
    /// Hidden agents (the recycle bin) too.
    pub include_hidden: bool,
}

/// An agent as a roster lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub id: AgentId,
    pub name: String,
    pub passport_name: String,
    pub job_number: String,
    pub status: AgentStatus,
}

/// One line of the presence board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardEntry {
    pub agent: RosterEntry,
    /// The state in the plate (the offline state if never set).
    pub state: String,
    /// When it was last set, UTC microseconds; None if never.
    pub changed_at: Option<i64>,
    pub call_center: Permission,
}

const ROSTER_COLUMNS: &str = "a.id, a.name, a.passport_name, a.job_number, a.status";

fn push_filter(sql: &mut Sql, tenant: TenantId, filter: RosterFilter) {
    sql.push(" WHERE a.tenant_id = ").bind(tenant.0);
    // `status <> 2` always: it lets SQLite use the partial indexes of live agents.
    sql.push(if filter.include_hidden { " AND a.status <> 2" } else { " AND a.status <> 2 AND a.status = 1" });
    if let Some(agent) = filter.agent {
        sql.push(" AND a.id = ").bind(agent.0);
    }
    if let Some(group) = filter.group {
        sql.push(" AND EXISTS (SELECT 1 FROM agent_groups g WHERE g.tenant_id = a.tenant_id AND g.agent_id = a.id");
        sql.push(" AND g.group_id = ").bind(group.0).push(")");
    }
}

fn roster_entry(row: &dyn Columns) -> Result<RosterEntry, StoreError> {
    Ok(RosterEntry {
        id: AgentId(row.int("id")?),
        name: row.text("name")?,
        passport_name: row.text("passport_name")?,
        job_number: row.text("job_number")?,
        status: AgentStatus::from_code(row.int("status")?),
    })
}

impl Store {
    /// The tenant's agents by sId, at most `limit`.
    pub async fn roster(
        &self,
        tenant: TenantId,
        filter: RosterFilter,
        limit: usize,
    ) -> Result<Vec<RosterEntry>, StoreError> {
        let mut sql = Sql::new(&format!("SELECT {ROSTER_COLUMNS} FROM agents a"));
        push_filter(&mut sql, tenant, filter);
        sql.push(" ORDER BY a.id LIMIT ").bind(i64::try_from(limit).unwrap_or(i64::MAX));
        self.read(Cost::Scan).rows(&sql, roster_entry).await
    }

    /// Each agent's state in `plate` and call-center permission, by sId, at most `limit`.
    pub async fn presence_board(
        &self,
        tenant: TenantId,
        plate: Plate,
        filter: RosterFilter,
        limit: usize,
    ) -> Result<Vec<BoardEntry>, StoreError> {
        let mut sql = Sql::new(&format!(
            "SELECT {ROSTER_COLUMNS}, p.state, p.changed_at, m.enabled FROM agents a \
             LEFT JOIN agent_presence p ON p.tenant_id = a.tenant_id AND p.agent_id = a.id AND p.plate = "
        ));
        sql.bind(plate.code());
        sql.push(" LEFT JOIN agent_permissions m ON m.tenant_id = a.tenant_id AND m.agent_id = a.id AND m.module = ");
        sql.bind(Module::CallCenter.code());
        push_filter(&mut sql, tenant, filter);
        sql.push(" ORDER BY a.id LIMIT ").bind(i64::try_from(limit).unwrap_or(i64::MAX));
        self.read(Cost::Scan)
            .rows(&sql, |row| {
                Ok(BoardEntry {
                    agent: roster_entry(row)?,
                    state: row.opt_text("state")?.unwrap_or_else(|| OFFLINE_STATE.to_owned()),
                    changed_at: row.opt_int("changed_at")?,
                    call_center: row
                        .opt_int("enabled")?
                        .map_or(Permission::DEFAULT, |on| Permission::from_enabled(on == 1)),
                })
            })
            .await
    }
}
