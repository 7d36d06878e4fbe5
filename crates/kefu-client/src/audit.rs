//! The audit log, a kefu extension: `GET /api/v1/audit_logs.json`, administrators.

use kefu_api::{AuditLog, AuditLogList};

use crate::agents::{Order, push_page};
use crate::{Client, Query, Result};

/// The audit endpoint: `client.audit()`.
pub struct Audit<'c>(pub(crate) &'c Client);

/// Filters: one agent's writes, a time range; newest first unless `created_order` is asc.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub s_id: Option<String>,
    pub created_start: Option<String>,
    pub created_end: Option<String>,
    pub created_order: Option<Order>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl AuditQuery {
    fn query(&self) -> Query {
        let mut query = Query::new();
        if let Some(s_id) = &self.s_id {
            query.push(("sId", s_id.clone()));
        }
        if let Some(start) = &self.created_start {
            query.push(("created_start", start.clone()));
        }
        if let Some(end) = &self.created_end {
            query.push(("created_end", end.clone()));
        }
        if let Some(order) = self.created_order {
            query.push(("created_order", order.as_str().to_owned()));
        }
        push_page(&mut query, self.page, self.per_page);
        query
    }
}

impl Audit<'_> {
    pub async fn list(&self, query: &AuditQuery) -> Result<AuditLogList> {
        self.0.get(self.0.api(&["audit_logs.json"]), &query.query()).await
    }

    pub async fn list_all(&self, query: &AuditQuery) -> Result<Vec<AuditLog>> {
        let first = self.list(query).await?;
        self.0.collect_pages(first).await
    }
}
