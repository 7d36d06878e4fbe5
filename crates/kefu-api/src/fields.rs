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

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// A definition to create (`title` and `type` required) or change (only what is set; the
/// type cannot change). The settings of other types are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::field_title)]
    pub title: Option<String>,
    /// dropdown, text, textarea, integer, decimal, checkbox, date, regexp, attachment,
    /// multiselect or cascade.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub field_type: Option<String>,
    /// "1" when every new agent must have a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub required: Option<String>,
    /// The choices of a dropdown or multiselect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::string_list)]
    pub options: Option<Vec<String>>,
    /// A regexp field's pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pattern: Option<String>,
    /// A decimal field's places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub decimal_places: Option<u32>,
    /// A cascade's option tree: `[{"name":"北京市","children":[…]}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::cascade_tree)]
    pub cascade: Option<serde_json::Value>,
}

impl SupportFieldInput {
    pub fn new(title: impl Into<String>, field_type: impl Into<String>) -> Self {
        SupportFieldInput {
            title: Some(title.into()),
            field_type: Some(field_type.into()),
            ..SupportFieldInput::default()
        }
    }
}

/// What a GET shows of a definition that a change may send back: the key only unchanged,
/// the times ignored. A new definition has none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportFieldServerSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub key: Option<serde_json::Value>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub create_dt: Option<serde_json::Value>,
    #[serde(rename = "updateDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub update_dt: Option<serde_json::Value>,
}

/// A definition to create: [`SupportFieldInput`], `title` and `type` required.
pub struct SupportFieldCreate;

impl utoipa::PartialSchema for SupportFieldCreate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::requiring::<SupportFieldInput>(
            &["title", "type"],
            "A custom field definition to create; the server assigns its key.",
        )
    }
}

impl ToSchema for SupportFieldCreate {}

/// A change of a definition: [`SupportFieldInput`] and [`SupportFieldServerSet`].
pub struct SupportFieldUpdate;

impl utoipa::PartialSchema for SupportFieldUpdate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::merged::<SupportFieldInput, SupportFieldServerSet>(
            "Changes to a definition; what is left out stays. The type cannot change; the key may be sent back unchanged.",
        )
    }
}

impl ToSchema for SupportFieldUpdate {}

/// `{"support_field":{…}}` to define a field.
#[derive(ToSchema)]
pub struct SupportFieldCreateBody {
    pub support_field: SupportFieldCreate,
}

/// `{"support_field":{…}}` to change one.
#[derive(ToSchema)]
pub struct SupportFieldUpdateBody {
    pub support_field: SupportFieldUpdate,
}

crate::schema::request_shapes!(SupportFieldInput, SupportFieldServerSet);
