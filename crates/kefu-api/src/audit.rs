//! The audit log (a kefu extension).

use serde::{Deserialize, Serialize};

/// One write: who (`sId`), what (`method`, `path`), when (`createDT`), from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    pub id: String,
    #[serde(rename = "sId")]
    pub s_id: String,
    pub method: String,
    pub path: String,
    pub status: String,
    pub address: String,
    #[serde(rename = "createDT")]
    pub create_dt: String,
}

/// `GET /api/v1/audit_logs.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLogList {
    pub audit_logs: Vec<AuditLog>,
    pub count: u64,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
}
