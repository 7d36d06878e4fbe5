//! Group commit for sign-ins (see the engine's `batcher.rs`): a morning's check-ins arrive in bursts, and
//! each must be on disk before its 200. Concurrent sign-ins are inserted with one
//! multi-row INSERT, counted with one upsert per count table, and read back with one
//! SELECT, in one transaction.

use std::collections::HashMap;

use kefu_domain::signin::NewSignIn;
use kefu_domain::{AgentId, TenantId};

use super::{SIGNIN_COLUMNS, SIGNIN_FROM, SignInRecord, insert_signins, signin_from_row};
use crate::StoreError;
use crate::engine::{Batcher, Db, OpFuture, Sql, WriteQueue};

/// Sign-ins committed together at most.
const MAX_BATCH: usize = 512;
/// Sign-ins waiting at most; beyond, callers wait for room.
const QUEUE_DEPTH: usize = 8192;

pub(crate) struct SignInItem {
    tenant: TenantId,
    agent: AgentId,
    sign_in: NewSignIn,
}

pub(crate) type SignInQueue = Batcher<SignInItem, SignInRecord>;

pub(crate) fn start(write_queue: WriteQueue) -> SignInQueue {
    Batcher::start(write_queue, MAX_BATCH, QUEUE_DEPTH, write_batch)
}

pub(crate) fn item(tenant: TenantId, agent: AgentId, sign_in: NewSignIn) -> SignInItem {
    SignInItem { tenant, agent, sign_in }
}

/// Writes the batch's sign-ins tenant by tenant; returns their records in order.
fn write_batch<'c>(db: &'c mut Db, items: &'c [SignInItem]) -> OpFuture<'c, Vec<SignInRecord>> {
    Box::pin(async move {
        let mut by_tenant: HashMap<TenantId, Vec<usize>> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            by_tenant.entry(item.tenant).or_default().push(index);
        }
        let mut records: Vec<Option<SignInRecord>> = (0..items.len()).map(|_| None).collect();
        for (tenant, indices) in by_tenant {
            let rows: Vec<(AgentId, &NewSignIn)> =
                indices.iter().map(|&i| (items[i].agent, &items[i].sign_in)).collect();
            let ids = insert_signins(db, tenant, &rows).await?;
            // By id; the unary `+` keeps SQLite from walking a tenant_id index instead (it
            // may, before statistics exist, and that reads every sign-in of the tenant).
            let mut select = Sql::new(&format!("SELECT {SIGNIN_COLUMNS} {SIGNIN_FROM} WHERE s.id IN ("));
            select.bind_list(ids.iter().copied()).push(") AND +s.tenant_id = ").bind(tenant.0);
            let mut by_id: HashMap<i64, SignInRecord> = HashMap::with_capacity(ids.len());
            for record in db.rows(&select, signin_from_row).await? {
                by_id.insert(record.id, record);
            }
            for (index, id) in indices.into_iter().zip(ids) {
                records[index] = by_id.remove(&id);
            }
        }
        records.into_iter().map(|r| r.ok_or(StoreError::NotFound)).collect()
    })
}
