//! The append-only audit log of writes.

use kefu_domain::search::SortOrder;
use kefu_domain::{AgentId, TenantId};

use crate::engine::{Batcher, Columns, Cost, Db, OpFuture, Sql, WriteQueue};
use crate::{Page, Store, StoreError, Window};

/// One audited write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub tenant_id: TenantId,
    pub agent_id: AgentId,
    /// UTC microseconds.
    pub at: i64,
    pub method: String,
    /// Path and query string, e.g. `/api/v1/schedules.json?dutyId=…`.
    pub path: String,
    pub status: u16,
    pub address: String,
}

/// An entry as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub entry: AuditEntry,
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub agent: Option<AgentId>,
    /// Inclusive, UTC microseconds.
    pub from: Option<i64>,
    /// Exclusive, UTC microseconds.
    pub until: Option<i64>,
}

fn record_from_row(row: &dyn Columns) -> Result<AuditRecord, StoreError> {
    Ok(AuditRecord {
        id: row.int("id")?,
        entry: AuditEntry {
            tenant_id: TenantId(row.int("tenant_id")?),
            agent_id: AgentId(row.int("agent_id")?),
            at: row.int("at")?,
            method: row.text("method")?,
            path: row.text("path")?,
            status: u16::try_from(row.int("status")?).unwrap_or(0),
            address: row.text("address")?,
        },
    })
}

/// Audit entries committed together at most, and waiting at most.
const MAX_BATCH: usize = 512;
const QUEUE_DEPTH: usize = 8192;
/// Rows per INSERT statement (seven parameters each).
const ROWS_PER_INSERT: usize = 128;

pub(crate) type AuditQueue = Batcher<AuditEntry, ()>;

pub(crate) fn start(write_queue: WriteQueue) -> AuditQueue {
    Batcher::start(write_queue, MAX_BATCH, QUEUE_DEPTH, write_batch)
}

fn write_batch<'c>(db: &'c mut Db, entries: &'c [AuditEntry]) -> OpFuture<'c, Vec<()>> {
    Box::pin(async move {
        for chunk in entries.chunks(ROWS_PER_INSERT) {
            let mut sql =
                Sql::new("INSERT INTO audit_logs (tenant_id, agent_id, at, method, path, status, address) VALUES ");
            for (i, entry) in chunk.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" });
                sql.bind(entry.tenant_id.0).push(", ").bind(entry.agent_id.0).push(", ").bind(entry.at).push(", ");
                sql.bind(entry.method.as_str()).push(", ").bind(entry.path.as_str()).push(", ");
                sql.bind(i64::from(entry.status)).push(", ").bind(entry.address.as_str()).push(")");
            }
            db.execute(&sql).await?;
        }
        Ok(vec![(); entries.len()])
    })
}

impl Store {
    /// Appends an entry, committed together with the entries of concurrent requests.
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.audit.submit(entry.clone()).await
    }

    pub async fn list_audit(
        &self,
        tenant: TenantId,
        filter: &AuditFilter,
        order: SortOrder,
        window: Window,
    ) -> Result<Page<AuditRecord>, StoreError> {
        let conditions = |sql: &mut Sql| {
            sql.push("tenant_id = ").bind(tenant.0);
            if let Some(agent) = filter.agent {
                sql.push(" AND agent_id = ").bind(agent.0);
            }
            if let Some(from) = filter.from {
                sql.push(" AND at >= ").bind(from);
            }
            if let Some(until) = filter.until {
                sql.push(" AND at < ").bind(until);
            }
        };
        let mut counting = Sql::new("SELECT COUNT(*) AS n FROM audit_logs WHERE ");
        conditions(&mut counting);
        let total = self.read(Cost::Scan).count(&counting).await?;
        let mut listing =
            Sql::new("SELECT id, tenant_id, agent_id, at, method, path, status, address FROM audit_logs WHERE ");
        conditions(&mut listing);
        listing.push(match order {
            SortOrder::Asc => " ORDER BY at ASC, id ASC",
            SortOrder::Desc => " ORDER BY at DESC, id DESC",
        });
        listing.window(window);
        Ok(Page { rows: self.read(Cost::Scan).rows(&listing, record_from_row).await?, total })
    }
}
