//! The reads companies and contacts share: a page (a count and a window of rows) and a
//! few by id, each in one snapshot with the rows' children attached.

use kefu_domain::TenantId;

use crate::engine::{Columns, Cost, Db, OpFuture, Sql};
use crate::{Page, Store, StoreError, Window};

/// A customer record kind: its table, its columns, and how its children are attached.
pub(crate) trait CustomerRecord: Sized + Send {
    const TABLE: &'static str;
    const COLUMNS: &'static str;

    fn decode(row: &dyn Columns) -> Result<Self, StoreError>;

    fn id(&self) -> i64;

    /// Fills in the records' children (a few queries for all of them).
    fn attach<'a>(db: &'a mut Db, tenant: TenantId, records: &'a mut [Self]) -> OpFuture<'a, ()>;
}

impl Store {
    /// The records `conditions` select (the text after `WHERE`, the tenant's condition
    /// included): how many, and those of the window in the order `order` pushes.
    pub(crate) async fn customer_page<R: CustomerRecord>(
        &self,
        tenant: TenantId,
        conditions: impl Fn(&mut Sql),
        order: impl Fn(&mut Sql),
        window: Window,
    ) -> Result<Page<R>, StoreError> {
        let select = |what: &str| {
            let mut sql = Sql::new(&format!("SELECT {what} FROM {} WHERE ", R::TABLE));
            conditions(&mut sql);
            sql
        };
        let counting = select("COUNT(*) AS n");
        let mut listing = select(R::COLUMNS);
        order(&mut listing);
        listing.window(window);
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let total = snapshot.db.count(&counting).await?;
        let mut rows = snapshot.db.rows(&listing, R::decode).await?;
        R::attach(&mut snapshot.db, tenant, &mut rows).await?;
        snapshot.finish().await?;
        Ok(Page { rows, total })
    }

    /// The tenant's live records among `ids`, in the order asked (unknown ones left out).
    pub(crate) async fn customers_by_id<R: CustomerRecord>(
        &self,
        tenant: TenantId,
        ids: &[i64],
    ) -> Result<Vec<R>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("SELECT {} FROM {} WHERE tenant_id = ", R::COLUMNS, R::TABLE));
        sql.bind(tenant.0).push(" AND is_deleted = 0 AND id IN (").bind_list(ids.iter().copied()).push(")");
        let mut snapshot = self.read(Cost::Scan).snapshot().await?;
        let mut found = snapshot.db.rows(&sql, R::decode).await?;
        found.sort_by_key(|record| ids.iter().position(|id| *id == record.id()));
        R::attach(&mut snapshot.db, tenant, &mut found).await?;
        snapshot.finish().await?;
        Ok(found)
    }
}
