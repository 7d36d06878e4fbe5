//! The audit log (a kefu extension).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One write: who (`sId`), what (`method`, `path`), when (`createDT`), from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditLog {
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub id: String,
    /// Who made the write.
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub s_id: String,
    #[schema(example = "PUT")]
    pub method: String,
    /// The path and query string (never the body).
    #[schema(example = "/api/v1/supports/2.json")]
    pub path: String,
    /// The HTTP status of the answer.
    #[schema(pattern = "^[0-9]{3}$", example = "200")]
    pub status: String,
    /// The client's IP address.
    #[schema(example = "127.0.0.1")]
    pub address: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
}

/// `GET /api/v1/audit_logs.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditLogList {
    pub audit_logs: Vec<AuditLog>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}
