//! Support groups (客服分组), a kefu extension in the API's conventions.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportGroup {
    #[serde(rename = "groupId")]
    pub group_id: String,
    pub name: String,
    #[serde(rename = "createDT")]
    pub create_dt: String,
}

/// `{"supportgroup":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportGroupEnvelope {
    pub supportgroup: SupportGroup,
}

/// `GET /supportgroups.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportGroupList {
    pub supportgroups: Vec<SupportGroup>,
    pub count: u64,
    pub next_page: Option<String>,
    pub previous_page: Option<String>,
}
