//! The console desk's counts (工单 views): for every status, how many of the tickets a
//! caller may see there are, and how many of them are the caller's, their groups' or
//! unassigned — one grouped query over the tickets, not one list per view.

use kefu_domain::{AgentId, GroupId, TenantId};

use super::{TicketListFilter, where_clause};
use crate::engine::{Cost, Sql};
use crate::{Store, StoreError};

/// The counts of one status among the tickets a filter selects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeskCounts {
    pub status: i64,
    pub all: u64,
    /// Assigned to the agent asked about.
    pub mine: u64,
    /// Assigned to one of the groups asked about.
    pub my_groups: u64,
    pub unassigned: u64,
}

impl Store {
    /// Per status (ascending; statuses without tickets left out), the live tickets
    /// `filter` selects, and among them those assigned to `agent`, to one of `groups`, or
    /// to nobody.
    pub async fn ticket_desk_counts(
        &self,
        tenant: TenantId,
        filter: &TicketListFilter,
        agent: AgentId,
        groups: &[GroupId],
    ) -> Result<Vec<DeskCounts>, StoreError> {
        let mut sql = Sql::new("SELECT t.status AS status, COUNT(*) AS n, CAST(SUM(CASE WHEN t.servicer_id = ");
        sql.bind(agent.0).push(" THEN 1 ELSE 0 END) AS BIGINT) AS mine, ");
        if groups.is_empty() {
            sql.push("0 AS grouped, ");
        } else {
            sql.push("CAST(SUM(CASE WHEN t.servicer_group_id IN (").bind_list(groups.iter().map(|g| g.0));
            sql.push(") THEN 1 ELSE 0 END) AS BIGINT) AS grouped, ");
        }
        sql.push("CAST(SUM(CASE WHEN t.servicer_id IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unassigned ");
        sql.push("FROM tickets t WHERE ");
        where_clause(&mut sql, tenant, filter);
        sql.push(" GROUP BY t.status ORDER BY t.status");
        let count =
            |row: &dyn crate::engine::Columns, column: &str| Ok::<u64, StoreError>(row.int(column)?.max(0) as u64);
        self.read(Cost::Scan)
            .rows(&sql, |row| {
                Ok(DeskCounts {
                    status: row.int("status")?,
                    all: count(row, "n")?,
                    mine: count(row, "mine")?,
                    my_groups: count(row, "grouped")?,
                    unassigned: count(row, "unassigned")?,
                })
            })
            .await
    }
}
