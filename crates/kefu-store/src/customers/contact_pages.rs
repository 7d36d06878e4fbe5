//! `GET /users.json` and a company's contacts: pages of contacts. The plain list (every
//! contact, live, deleted or both, by id) finds its page from `contact_id_counts`, as the
//! agent list does from `agent_id_counts`: page 5,000 costs what page 1 does. Filtered or
//! ordered otherwise, it counts and skips.

use kefu_domain::search::SortOrder;
use kefu_domain::{CompanyId, TenantId};

use super::contacts::{COLUMNS, ContactRecord, attach, decode};
use super::{CustomerListFilter, CustomerOrder, push_list_conditions, push_order};
use crate::engine::{Cost, Counted, Db, IdBlock, Sql, id_blocks, locate, push_from_block};
use crate::{Page, Store, StoreError, Window};

impl Store {
    /// A page of the tenant's contacts (of one company with `company`) and how many match.
    pub async fn list_contacts(
        &self,
        tenant: TenantId,
        company: Option<CompanyId>,
        filter: &CustomerListFilter,
        order: CustomerOrder,
        window: Window,
    ) -> Result<Page<ContactRecord>, StoreError> {
        let conditions = |sql: &mut Sql| {
            push_list_conditions(sql, tenant, filter);
            if let Some(company) = company {
                sql.push(" AND company_id = ").bind(company.0);
            }
        };
        let plain = company.is_none()
            && order == CustomerOrder::IdAscending
            && filter.created_from.is_none()
            && filter.created_until.is_none()
            && filter.updated_from.is_none()
            && filter.updated_until.is_none();
        // Counts, location and rows from one snapshot; the counted page is a bounded read.
        let mut snapshot = self.read(if plain { Cost::Point } else { Cost::Scan }).snapshot().await?;
        let reads = &mut snapshot.db;
        let mut listing = Sql::new(&format!("SELECT {COLUMNS} FROM contacts WHERE "));
        conditions(&mut listing);
        let total = if plain {
            let blocks = contact_blocks(reads, tenant, filter).await?;
            let total = blocks.iter().map(Counted::rows).sum();
            let Some((block, before)) = locate(&blocks, SortOrder::Asc, window.offset) else {
                snapshot.finish().await?;
                return Ok(Page { rows: Vec::new(), total });
            };
            push_from_block(&mut listing, "id", block, SortOrder::Asc);
            push_order(&mut listing, order);
            listing.window(Window { limit: window.limit, offset: before });
            total
        } else {
            let mut counting = Sql::new("SELECT COUNT(*) AS n FROM contacts WHERE ");
            conditions(&mut counting);
            push_order(&mut listing, order);
            listing.window(window);
            reads.count(&counting).await?
        };
        let mut rows = reads.rows(&listing, decode).await?;
        attach(reads, tenant, &mut rows).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }
}

/// The tenant's contacts per block of ids (live, deleted or both, as the filter says).
async fn contact_blocks(
    reads: &mut Db,
    tenant: TenantId,
    filter: &CustomerListFilter,
) -> Result<Vec<IdBlock>, StoreError> {
    let mut sql = Sql::new("SELECT id_block, CAST(SUM(n) AS BIGINT) AS n FROM contact_id_counts WHERE tenant_id = ");
    sql.bind(tenant.0);
    if filter.only_deleted {
        sql.push(" AND is_deleted <> 0");
    } else if !filter.with_deleted {
        sql.push(" AND is_deleted = 0");
    }
    sql.push(" GROUP BY id_block ORDER BY id_block");
    id_blocks(reads, &sql).await
}
