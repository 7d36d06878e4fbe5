//! The audit log, a kefu extension: `GET /api/v1/audit_logs.json`, administrators.

use kefu_api::{AuditLog, AuditLogList};

use crate::{ActivityQuery, Client, Result};

/// The audit log's filters: one agent's writes (`s_id`), a time range; newest first unless
/// `created_order` is asc.
pub type AuditQuery = ActivityQuery;

/// The audit endpoint: `client.audit()`.
pub struct Audit<'c>(pub(crate) &'c Client);

impl Audit<'_> {
    pub async fn list(&self, query: &AuditQuery) -> Result<AuditLogList> {
        self.0.get(self.0.api(&["audit_logs.json"]), &query.query()).await
    }

    pub async fn list_all(&self, query: &AuditQuery) -> Result<Vec<AuditLog>> {
        let first = self.list(query).await?;
        self.0.collect_pages(first).await
    }
}
