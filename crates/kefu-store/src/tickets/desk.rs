//! The console desk's counts (工单 views): for every status, how many of the tickets a
//! caller may see there are, and how many of them are the caller's, their groups' or
//! unassigned — one grouped query over the tickets, not one list per view.

use kefu_domain::{AgentId, GroupId, TenantId};

use super::{TicketListFilter, where_clause};
use crate::engine::{Cost, Sql};
use crate::{Store, StoreError};

/// The counts of one status among the tickets a filter selects. The three views' counts are
/// summed over the rows by the reader (an administrator's desk carries them on one row).
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
        if filter == &TicketListFilter::default() {
            return self.company_desk_counts(tenant, agent, groups).await;
        }
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

    /// The counts over every live ticket of the company (an administrator's desk), without
    /// reading them all: per status from the kept counters (`ticket_id_counts`), and the
    /// three views from their partial indexes (`tickets_by_servicer`, `tickets_by_group`),
    /// each an index-only range. The views' numbers go on the first status's row (their
    /// sums are what the desk shows).
    async fn company_desk_counts(
        &self,
        tenant: TenantId,
        agent: AgentId,
        groups: &[GroupId],
    ) -> Result<Vec<DeskCounts>, StoreError> {
        let statuses = self.ticket_status_counts(tenant).await?;
        let count = |sql: &mut Sql, view: i64, condition: &str| {
            sql.push(&format!(
                "SELECT CAST({view} AS BIGINT) AS v, COUNT(*) AS n FROM tickets WHERE is_deleted = 0 AND tenant_id = "
            ));
            sql.bind(tenant.0).push(condition);
        };
        let mut sql = Sql::new("");
        count(&mut sql, 1, " AND servicer_id = ");
        sql.bind(agent.0).push(" UNION ALL ");
        count(&mut sql, 2, " AND servicer_id IS NULL");
        if !groups.is_empty() {
            sql.push(" UNION ALL ");
            count(&mut sql, 3, " AND servicer_group_id IN (");
            sql.bind_list(groups.iter().map(|g| g.0)).push(")");
        }
        let views = self.read(Cost::Scan).rows(&sql, |row| Ok((row.int("v")?, row.int("n")?.max(0) as u64))).await?;
        let view = |v: i64| views.iter().find(|(k, _)| *k == v).map_or(0, |(_, n)| *n);
        let mut rows: Vec<DeskCounts> =
            statuses.into_iter().map(|(status, all)| DeskCounts { status, all, ..DeskCounts::default() }).collect();
        if rows.is_empty() {
            rows.push(DeskCounts::default());
        }
        if let Some(first) = rows.first_mut() {
            first.mine = view(1);
            first.unassigned = view(2);
            first.my_groups = view(3);
        }
        Ok(rows)
    }
}
