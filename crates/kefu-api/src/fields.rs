//! Custom field definitions (a kefu extension in the API's conventions).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `{"key":"field_1","title":"…","type":"dropdown","required":"0",…}`; the settings of
/// the field's type are present, the others absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportField {
    #[schema(pattern = "^field_[1-9][0-9]*$", example = "field_1")]
    pub key: String,
    #[schema(example = "所在城市")]
    pub title: String,
    #[serde(rename = "type")]
    #[schema(
        pattern = "^(dropdown|text|textarea|integer|decimal|checkbox|date|regexp|attachment|multiselect|cascade)$"
    )]
    pub field_type: String,
    /// "1" when every new agent must have a value.
    #[schema(pattern = "^[01]$")]
    pub required: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_places: Option<u32>,
    /// The option tree: `[{"name":"北京市","children":[…]}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::cascade_tree)]
    pub cascade: Option<serde_json::Value>,
    #[serde(rename = "createDT")]
    pub create_dt: String,
    #[serde(rename = "updateDT")]
    pub update_dt: String,
}

/// `{"support_field":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportFieldEnvelope {
    pub support_field: SupportField,
}

/// `GET /support_fields.json`: every definition, in key order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupportFieldList {
    pub support_fields: Vec<SupportField>,
}
