//! Agents (客服): `support` objects and their envelopes.

use serde::{Deserialize, Serialize};

/// One agent, in the order and spelling of the seed's responses. Numeric fields are
/// strings, as the hosted service returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Support {
    #[serde(rename = "sId")]
    pub s_id: String,
    pub url: String,
    #[serde(rename = "sPassportName")]
    pub passport_name: String,
    /// Comma-separated support-group ids, ascending; empty for none.
    #[serde(rename = "groupId")]
    pub group_id: String,
    #[serde(rename = "sNum")]
    pub job_number: String,
    pub name: String,
    /// "1" female, "2" male — the hosted API's spelling.
    pub gnder: String,
    pub email: String,
    pub fixnumber: String,
    pub mobile: String,
    #[serde(rename = "QQ")]
    pub qq: String,
    #[serde(rename = "isAdmin")]
    pub is_admin: String,
    /// "1" active, "0" in the recycle bin.
    #[serde(rename = "isStat")]
    pub is_stat: String,
    #[serde(rename = "createDT")]
    pub create_dt: String,
    /// A kefu addition: the last change, as `sort_by=updateDT` orders by it.
    #[serde(rename = "updateDT")]
    pub update_dt: String,
    pub custom_fields: Vec<CustomFieldValue>,
}

/// One custom field value: `{"key":"field_1","value":…}`; the value is a string, or a
/// list for attachments and cascades.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomFieldValue {
    pub key: String,
    pub value: serde_json::Value,
}

/// `{"support":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportEnvelope {
    pub support: Support,
}

/// `GET /supports.json`: the developer guide's list envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportList {
    pub supports: Vec<Support>,
    pub count: u64,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
}

/// `GET /supportgroups/supports/search.json`: as the seed's real response shows it,
/// `count` is a string and missing page links are empty strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportSearchPage {
    pub supports: Vec<Support>,
    pub count: String,
    pub previous_page: String,
    pub next_page: String,
}

/// `GET /supports/show_many.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportShowMany {
    pub supports: Vec<Support>,
}

/// `PUT /servicers/{sId}.json`'s answer: `{"support":{"sId":"…","isStat":"1"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportStatus {
    #[serde(rename = "sId")]
    pub s_id: String,
    #[serde(rename = "isStat")]
    pub is_stat: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportStatusEnvelope {
    pub support: SupportStatus,
}
