//! `GET /tickets.json`: pages of tickets. The plain list of an administrator (every live or
//! every deleted ticket, or those of one status, by id either way) finds its page from
//! `ticket_id_counts`, as the agent list does from `agent_id_counts`: page 5,000 costs what
//! page 1 does. Filtered, ordered otherwise or seen by an agent, it counts and skips.

use kefu_domain::TenantId;
use kefu_domain::search::SortOrder;

use super::record::ticket_from_row;
use super::{TicketListFilter, TicketOrder, TicketRecord, attach_details, prefixed_columns, where_clause};
use crate::engine::{Cost, Counted, Db, IdBlock, Sql, id_blocks, locate, push_from_block};
use crate::{Page, Store, StoreError, Window};

impl Store {
    /// A page of tickets: the filter, the order, the window, and how many match in all.
    pub async fn list_tickets(
        &self,
        tenant: TenantId,
        filter: &TicketListFilter,
        order: TicketOrder,
        descending: bool,
        window: Window,
    ) -> Result<Page<TicketRecord>, StoreError> {
        let counted =
            TicketListFilter { deleted: filter.deleted, status: filter.status, ..TicketListFilter::default() };
        let plain = order == TicketOrder::Id && *filter == counted;
        let direction = if descending { SortOrder::Desc } else { SortOrder::Asc };
        let mut sql = Sql::new(&format!("SELECT {} FROM tickets t WHERE ", prefixed_columns()));
        where_clause(&mut sql, tenant, filter);
        // Counts, location and rows from one snapshot; the counted page is a bounded read.
        let mut snapshot = self.read(if plain { Cost::Point } else { Cost::Scan }).snapshot().await?;
        let reads = &mut snapshot.db;
        let (total, window) = if plain {
            let blocks = ticket_blocks(reads, tenant, filter).await?;
            let total = blocks.iter().map(Counted::rows).sum();
            let Some((block, before)) = locate(&blocks, direction, window.offset) else {
                snapshot.finish().await?;
                return Ok(Page { rows: Vec::new(), total });
            };
            push_from_block(&mut sql, "t.id", block, direction);
            (total, Window { limit: window.limit, offset: before })
        } else {
            let mut counting = Sql::new("SELECT COUNT(*) AS n FROM tickets t WHERE ");
            where_clause(&mut counting, tenant, filter);
            (reads.count(&counting).await?, window)
        };
        let keyword = if descending { "DESC" } else { "ASC" };
        let column = match order {
            TicketOrder::Id => None,
            TicketOrder::Created => Some("t.created_at"),
            TicketOrder::Updated => Some("t.updated_at"),
            TicketOrder::Status => Some("t.status"),
        };
        sql.push(" ORDER BY ");
        if let Some(column) = column {
            sql.push(&format!("{column} {keyword}, "));
        }
        sql.push(&format!("t.id {keyword}")).window(window);
        let mut rows = reads.rows(&sql, ticket_from_row).await?;
        attach_details(reads, tenant, &mut rows).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }
}

/// The tenant's live (or deleted) tickets, of one status if asked, per block of ids.
async fn ticket_blocks(
    reads: &mut Db,
    tenant: TenantId,
    filter: &TicketListFilter,
) -> Result<Vec<IdBlock>, StoreError> {
    let mut sql = Sql::new("SELECT id_block, CAST(SUM(n) AS BIGINT) AS n FROM ticket_id_counts WHERE tenant_id = ");
    sql.bind(tenant.0).push(" AND is_deleted = ").bind(i64::from(filter.deleted));
    if let Some(status) = filter.status {
        sql.push(" AND status = ").bind(status);
    }
    sql.push(" GROUP BY id_block ORDER BY id_block");
    id_blocks(reads, &sql).await
}
