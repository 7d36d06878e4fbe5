//! `Requestid` (idempotent writes): a request's id is reserved by a unique insert before it
//! runs — the primary key decides between concurrent requests on every instance — and its
//! answer is stored when it finishes; a repeat reads the stored row.

use kefu_domain::limits::REQUEST_ID_RETENTION_SECONDS;
use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Columns, Sql};
use crate::{Store, StoreError};

/// What identifies a request for its id: who sent it and a hash of what it asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    pub tenant_id: TenantId,
    pub request_id: String,
    pub agent_id: AgentId,
    pub method: String,
    pub path: String,
    /// A hash of method, path, body (and the agent): equal for a repeat of the request.
    pub request_hash: String,
}

/// A remembered request: its answer once it finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestIdRecord {
    pub request_hash: String,
    /// UTC microseconds of the reservation.
    pub created_at: i64,
    /// None while the first request runs.
    pub status: Option<u16>,
    pub location: Option<String>,
    /// None while running, and for answers that carried a secret (never stored).
    pub answer: Option<String>,
}

/// The outcome of reserving an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The id is this request's: run it, then [`Store::finish_request_id`].
    Reserved,
    /// The id was already taken: what is remembered of that request.
    Seen(RequestIdRecord),
}

/// The answer to store: status, `Location`, and the body (None for a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAnswer {
    pub status: u16,
    pub location: Option<String>,
    pub body: Option<String>,
}

fn record_from_row(row: &dyn Columns) -> Result<RequestIdRecord, StoreError> {
    Ok(RequestIdRecord {
        request_hash: row.text("request_hash")?,
        created_at: row.int("created_at")?,
        status: row.opt_int("status")?.map(|status| u16::try_from(status).unwrap_or(500)),
        location: row.opt_text("location")?,
        answer: row.opt_text("answer")?,
    })
}

impl Store {
    /// Reserves `key.request_id` for this request, purging every tenant's expired ids on the
    /// way (an indexed range, usually empty). `replacing` takes over a row that was seen at
    /// that instant (an expired or abandoned one): it is deleted only if it is still that
    /// row, so of two requests taking over the same row one wins.
    pub async fn reserve_request_id(
        &self,
        key: &RequestKey,
        now: i64,
        replacing: Option<i64>,
    ) -> Result<Reservation, StoreError> {
        let key = key.clone();
        self.write(move |db| {
            Box::pin(async move {
                let cutoff = now - REQUEST_ID_RETENTION_SECONDS * 1_000_000;
                db.execute(&Sql::fixed("DELETE FROM request_ids WHERE created_at < $1", [cutoff.into()])).await?;
                if let Some(seen_at) = replacing {
                    let mut stale = Sql::new("DELETE FROM request_ids WHERE tenant_id = ");
                    stale.bind(key.tenant_id.0).push(" AND request_id = ").bind(key.request_id.as_str());
                    stale.push(" AND created_at = ").bind(seen_at);
                    db.execute(&stale).await?;
                }
                let mut insert = Sql::new(
                    "INSERT INTO request_ids (tenant_id, request_id, agent_id, method, path, request_hash, created_at) VALUES (",
                );
                insert.bind(key.tenant_id.0).push(", ").bind(key.request_id.as_str()).push(", ").bind(key.agent_id.0);
                insert.push(", ").bind(key.method.as_str()).push(", ").bind(key.path.as_str()).push(", ");
                insert.bind(key.request_hash.as_str()).push(", ").bind(now).push(") ON CONFLICT DO NOTHING");
                if db.execute(&insert).await? == 1 {
                    return Ok(Commit(Reservation::Reserved));
                }
                let mut seen = Sql::new(
                    "SELECT request_hash, created_at, status, location, answer FROM request_ids WHERE tenant_id = ",
                );
                seen.bind(key.tenant_id.0).push(" AND request_id = ").bind(key.request_id.as_str());
                let record = db.first(&seen, record_from_row).await?.ok_or(StoreError::NotFound)?;
                Ok(Commit(Reservation::Seen(record)))
            })
        })
        .await
    }

    /// Stores the answer of a reserved request.
    pub async fn finish_request_id(
        &self,
        tenant: TenantId,
        request_id: &str,
        answer: &RequestAnswer,
    ) -> Result<(), StoreError> {
        let mut sql = Sql::new("UPDATE request_ids SET status = ");
        sql.bind(i64::from(answer.status)).push(", location = ").bind(answer.location.clone());
        sql.push(", answer = ").bind(answer.body.clone()).push(" WHERE tenant_id = ").bind(tenant.0);
        sql.push(" AND request_id = ").bind(request_id);
        self.write_statement(sql).await.map(|_| ())
    }

    /// Forgets a reservation whose request failed (it changed nothing): a retry runs anew.
    pub async fn release_request_id(&self, tenant: TenantId, request_id: &str) -> Result<(), StoreError> {
        let mut sql = Sql::new("DELETE FROM request_ids WHERE tenant_id = ");
        sql.bind(tenant.0).push(" AND request_id = ").bind(request_id).push(" AND status IS NULL");
        self.write_statement(sql).await.map(|_| ())
    }
}
