//! Support groups (客服分组), a kefu extension in the API's conventions. The name is
//! `sgName` on the wire, as the hosted service spells it (docs/compat.md).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportGroup {
    #[serde(rename = "groupId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub group_id: String,
    /// The group's name, unique in the company (the hosted service's `sgName`).
    #[serde(rename = "sgName")]
    #[schema(example = "售后组")]
    pub name: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
}

/// `{"supportgroup":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportGroupEnvelope {
    pub supportgroup: SupportGroup,
}

/// `GET /supportgroups.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportGroupList {
    pub supportgroups: Vec<SupportGroup>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// A support group's name (unique in the company) as `sgName`; `groupId` and `createDT`
/// sent back are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportGroupInput {
    #[serde(rename = "sgName")]
    #[schema(schema_with = crate::schema::group_name)]
    pub name: String,
    /// Deprecated: kefu's old spelling of `sgName`, still accepted in its place (both
    /// together must agree).
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::group_name_alias)]
    pub old_name: Option<String>,
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub group_id: Option<serde_json::Value>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub create_dt: Option<serde_json::Value>,
}

impl SupportGroupInput {
    pub fn named(name: impl Into<String>) -> Self {
        SupportGroupInput { name: name.into(), old_name: None, group_id: None, create_dt: None }
    }
}

/// `{"supportgroup":{"sgName":"…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportGroupBody {
    pub supportgroup: SupportGroupInput,
}

crate::schema::request_shapes!(SupportGroupInput);
