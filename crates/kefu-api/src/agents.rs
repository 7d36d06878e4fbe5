//! Agents (客服): `support` objects and their envelopes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One agent, in the order and spelling of the seed's responses. Numeric fields are
/// strings, as the hosted service returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Support {
    /// The agent's id, a positive integer as a string.
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "356789")]
    pub s_id: String,
    /// The agent's resource: `…/api/v1/supports/{sId}.json`.
    #[schema(example = "https://kefu.example.com/api/v1/supports/356789.json")]
    pub url: String,
    /// The login (sign-in account), unique across all companies.
    #[serde(rename = "sPassportName")]
    #[schema(example = "zhangsan")]
    pub passport_name: String,
    /// Comma-separated support-group ids, ascending; empty for none.
    #[serde(rename = "groupId")]
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "123,234")]
    pub group_id: String,
    /// The job number (工号), unique in the company.
    #[serde(rename = "sNum")]
    #[schema(example = "001")]
    pub job_number: String,
    #[schema(example = "张三")]
    pub name: String,
    /// "1" female, "2" male — the hosted API's spelling.
    #[schema(pattern = "^[12]$", example = "2")]
    pub gnder: String,
    pub email: String,
    pub fixnumber: String,
    pub mobile: String,
    #[serde(rename = "QQ")]
    pub qq: String,
    /// "1" administrator, "0" agent.
    #[serde(rename = "isAdmin")]
    #[schema(pattern = "^[01]$", example = "0")]
    pub is_admin: String,
    /// "1" active, "0" in the recycle bin.
    #[serde(rename = "isStat")]
    #[schema(pattern = "^[01]$", example = "1")]
    pub is_stat: String,
    /// When the agent was created, in the company's time zone.
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
    /// A kefu addition: the last change, as `sort_by=updateDT` orders by it.
    #[serde(rename = "updateDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub update_dt: String,
    pub custom_fields: Vec<CustomFieldValue>,
}

/// One custom field value: `{"key":"field_1","value":…}`; the value is a string, or a
/// list for attachments and cascades.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomFieldValue {
    #[schema(pattern = "^field_[1-9][0-9]*$", example = "field_1")]
    pub key: String,
    #[schema(schema_with = crate::schema::text_or_list)]
    pub value: serde_json::Value,
}

/// `{"support":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportEnvelope {
    pub support: Support,
}

/// `GET /supports.json`: the developer guide's list envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportList {
    pub supports: Vec<Support>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// `GET /supportgroups/supports/search.json`: as the seed's real response shows it,
/// `count` is a string and missing page links are empty strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportSearchPage {
    pub supports: Vec<Support>,
    /// The number of matches, as a string (`"0"`).
    #[schema(pattern = "^[0-9]+$", example = "1")]
    pub count: String,
    /// `""` on the first page.
    pub previous_page: String,
    /// `""` on the last page.
    pub next_page: String,
}

/// `GET /supports/show_many.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportShowMany {
    pub supports: Vec<Support>,
}

/// `PUT /servicers/{sId}.json`'s answer: `{"support":{"sId":"…","isStat":"1"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportStatus {
    #[serde(rename = "sId")]
    #[schema(pattern = r"^[1-9][0-9]*$")]
    pub s_id: String,
    #[serde(rename = "isStat")]
    #[schema(pattern = "^[01]$")]
    pub is_stat: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportStatusEnvelope {
    pub support: SupportStatus,
}
