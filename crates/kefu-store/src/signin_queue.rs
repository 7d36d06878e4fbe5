//! Group commit for sign-ins. A morning's check-ins arrive in bursts, and each must be on
//! disk before its 200; committing them one by one costs one fsync each. Instead each
//! sign-in is handed to one writer task, which commits everything that queued up while the
//! previous commit was syncing in a single transaction — one fsync for many sign-ins, each
//! still answered only after its commit.
//!
//! A batch that fails (say, one sign-in's agent was deleted meanwhile) is retried one
//! sign-in at a time, so one bad row never fails its neighbours.

use std::collections::HashMap;

use kefu_domain::signin::NewSignIn;
use kefu_domain::{AgentId, TenantId};
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use crate::connect::begin_write;
use crate::signins::{SIGNIN_COLUMNS, SIGNIN_FROM, SignInRecord, insert_signins, signin_from_row};
use crate::sql::Sql;
use crate::{Backend, StoreError};

/// Sign-ins committed together at most (one multi-row INSERT chunk each 400).
const MAX_BATCH: usize = 512;
/// Sign-ins waiting at most; beyond, callers wait for room (back-pressure).
const QUEUE_DEPTH: usize = 8192;

struct Request {
    tenant: TenantId,
    agent: AgentId,
    sign_in: NewSignIn,
    reply: oneshot::Sender<Result<SignInRecord, StoreError>>,
}

/// The sending side; the writer task ends when every clone of it is dropped.
#[derive(Clone)]
pub(crate) struct SignInQueue {
    sender: mpsc::Sender<Request>,
}

impl SignInQueue {
    /// Starts the writer task on the current runtime.
    pub(crate) fn start(pool: AnyPool, backend: Backend) -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(write_batches(pool, backend, receiver));
        SignInQueue { sender }
    }

    /// Queues a sign-in and waits until it is committed.
    pub(crate) async fn submit(
        &self,
        tenant: TenantId,
        agent: AgentId,
        sign_in: NewSignIn,
    ) -> Result<SignInRecord, StoreError> {
        let (reply, answer) = oneshot::channel();
        let closed = || StoreError::Unavailable("the sign-in writer has stopped".to_owned());
        self.sender.send(Request { tenant, agent, sign_in, reply }).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn write_batches(pool: AnyPool, backend: Backend, mut receiver: mpsc::Receiver<Request>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let requests = std::mem::take(&mut batch);
        match commit(&pool, backend, &requests).await {
            Ok(records) => {
                for (request, record) in requests.into_iter().zip(records) {
                    let _ = request.reply.send(record.ok_or(StoreError::NotFound));
                }
            }
            Err(error) if requests.len() == 1 => {
                if let Some(request) = requests.into_iter().next() {
                    let _ = request.reply.send(Err(error));
                }
            }
            Err(_) => {
                for request in requests {
                    let outcome = commit(&pool, backend, std::slice::from_ref(&request))
                        .await
                        .and_then(|records| records.into_iter().next().flatten().ok_or(StoreError::NotFound));
                    let _ = request.reply.send(outcome);
                }
            }
        }
    }
}

/// Writes the requests in one transaction; returns their records in the requests' order.
async fn commit(
    pool: &AnyPool,
    backend: Backend,
    requests: &[Request],
) -> Result<Vec<Option<SignInRecord>>, StoreError> {
    let mut by_tenant: HashMap<TenantId, Vec<usize>> = HashMap::new();
    for (index, request) in requests.iter().enumerate() {
        by_tenant.entry(request.tenant).or_default().push(index);
    }
    let mut tx = begin_write(pool, backend).await?;
    let mut records: Vec<Option<SignInRecord>> = vec![None; requests.len()];
    for (tenant, indices) in by_tenant {
        let rows: Vec<(AgentId, &NewSignIn)> =
            indices.iter().map(|&i| (requests[i].agent, &requests[i].sign_in)).collect();
        let ids = insert_signins(&mut tx, tenant, &rows).await?;
        let mut select = Sql::new(&format!("SELECT {SIGNIN_COLUMNS} {SIGNIN_FROM} WHERE s.tenant_id = "));
        select.bind(tenant.0).push(" AND s.id IN (").bind_list(ids.iter().copied()).push(")");
        let mut by_id: HashMap<i64, SignInRecord> = HashMap::with_capacity(ids.len());
        for row in select.query().fetch_all(&mut *tx).await? {
            let record = signin_from_row(&row)?;
            by_id.insert(record.id, record);
        }
        for (index, id) in indices.into_iter().zip(ids) {
            records[index] = by_id.remove(&id);
        }
    }
    tx.commit().await?;
    Ok(records)
}
