//! The auto-close scan: a company's solved tickets whose `solveDT` is its number of days
//! old become 5 (closed automatically). Several instances may scan one PostgreSQL database
//! at once: the tickets are claimed with row locks that skip what another instance holds
//! (`FOR UPDATE SKIP LOCKED`), and the update re-checks `status = 4`, so none is closed
//! twice. On SQLite the one writer thread serializes the scans.

use kefu_domain::ticket::history::HistoryAction;
use kefu_domain::time::now_micros;
use kefu_domain::{TenantId, TicketId};

use super::writes::{append_event, move_count};
use crate::engine::Outcome::Commit;
use crate::engine::{Cost, Sql};
use crate::{Backend, Store, StoreError};

impl Store {
    /// The companies whose solved tickets close themselves, with their number of days.
    pub async fn auto_close_tenants(&self) -> Result<Vec<(TenantId, i64)>, StoreError> {
        let sql = Sql::new("SELECT id, auto_close_days FROM tenants WHERE auto_close_days > 0 ORDER BY id");
        self.read(Cost::Scan).rows(&sql, |row| Ok((TenantId(row.int("id")?), row.int("auto_close_days")?))).await
    }

    /// Closes at most `limit` of the tenant's tickets solved at or before `solved_before`,
    /// oldest first, each with its history entry; answers how many it closed.
    pub async fn auto_close_solved(&self, tenant: TenantId, solved_before: i64, limit: i64) -> Result<u64, StoreError> {
        let locking = self.backend() == Backend::Postgres;
        self.write(move |db| {
            Box::pin(async move {
                // `status = 4` literally: the partial index tickets_solved.
                let mut claim = Sql::new("SELECT id, is_deleted FROM tickets WHERE status = 4 AND tenant_id = ");
                claim.bind(tenant.0).push(" AND solved_at <= ").bind(solved_before);
                claim.push(" ORDER BY solved_at, id LIMIT ").bind(limit);
                if locking {
                    claim.push(" FOR UPDATE SKIP LOCKED");
                }
                let due = db.rows(&claim, |row| Ok((TicketId(row.int("id")?), row.int("is_deleted")? != 0))).await?;
                let now = now_micros();
                let mut closed = 0;
                for (id, deleted) in due {
                    let mut close = Sql::new("UPDATE tickets SET status = 5, closed_at = ");
                    close.bind(now).push(", updated_at = ").bind(now);
                    close.push(" WHERE tenant_id = ").bind(tenant.0).push(" AND id = ").bind(id.0);
                    close.push(" AND status = 4");
                    if db.execute(&close).await? == 0 {
                        continue;
                    }
                    move_count(db, tenant, id, Some((4, deleted)), Some((5, deleted)), 1).await?;
                    let action = HistoryAction::ClosedAutomatically;
                    append_event(db, tenant, id, None, action, "ticketStatus", "4", "5", now).await?;
                    closed += 1;
                }
                Ok(Commit(closed))
            })
        })
        .await
    }
}
