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

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// The writable members of a `support` object: a new agent's (`sPassportName` and `sNum`
/// required; without `password`, the company's default agent password is set), or a
/// change's (what is set changes, the rest stays). An agent who is not an administrator may
/// change only their own record, and not `isAdmin`, `groupId` or `sNum`. Numbers are strings
/// as the API answers them (whole numbers are accepted too): `gnder` "1" female / "2" male,
/// `isAdmin` "0"/"1", `groupId` "3,5".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportFields {
    /// The login; fixed once created (a change may send it back unchanged).
    #[serde(rename = "sPassportName", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::passport_name)]
    pub passport_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::password)]
    pub password: Option<String>,
    /// Comma-separated support-group ids; `""` for none.
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub group_id: Option<String>,
    #[serde(rename = "sNum", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::job_number)]
    pub job_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::agent_name)]
    pub name: Option<String>,
    /// "1" female (the default), "2" male.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::gender)]
    pub gnder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::email)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::fixnumber)]
    pub fixnumber: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub mobile: Option<String>,
    #[serde(rename = "QQ", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub qq: Option<String>,
    /// "1" administrator, "0" agent (the default).
    #[serde(rename = "isAdmin", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub is_admin: Option<String>,
    /// A new agent gets a value for every required field; a change merges by key, and a
    /// required field cannot be cleared (`""`, `null` or `[]` clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
}

impl SupportFields {
    /// A new agent's two required members: login and job number.
    pub fn new(passport_name: impl Into<String>, job_number: impl Into<String>) -> Self {
        SupportFields {
            passport_name: Some(passport_name.into()),
            job_number: Some(job_number.into()),
            ..SupportFields::default()
        }
    }

    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    pub fn mobile(mut self, mobile: impl Into<String>) -> Self {
        self.mobile = Some(mobile.into());
        self
    }

    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// "1" female, "2" male.
    pub fn gnder(mut self, gnder: impl Into<String>) -> Self {
        self.gnder = Some(gnder.into());
        self
    }

    pub fn admin(mut self, is_admin: bool) -> Self {
        self.is_admin = Some(if is_admin { "1" } else { "0" }.to_owned());
        self
    }

    /// Comma-separated group ids, `""` for none.
    pub fn groups(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    pub fn custom_field(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.custom_fields.get_or_insert_with(Vec::new).push(CustomFieldValue { key: key.into(), value });
        self
    }
}

/// The members of a `support` object the server sets. A client that sends one back (a GET,
/// edited, PUT back) is fine as long as it is unchanged; a new agent has none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportServerSet {
    #[serde(rename = "sId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub s_id: Option<String>,
    /// Only this agent's own URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub url: Option<String>,
    /// Hide or restore with `PUT /api/v1/servicers/{sId}.json`.
    #[serde(rename = "isStat", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub is_stat: Option<String>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub create_dt: Option<String>,
    /// Ignored.
    #[serde(rename = "updateDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub update_dt: Option<serde_json::Value>,
}

/// The agent to create: [`SupportFields`], `sPassportName` and `sNum` required.
pub struct SupportCreate;

impl utoipa::PartialSchema for SupportCreate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::requiring::<SupportFields>(
            &["sPassportName", "sNum"],
            "The agent to create. Without `password`, the company's default agent password is set; every required custom field must get a value.",
        )
    }
}

impl ToSchema for SupportCreate {}

/// A change of an agent: [`SupportFields`] (what is left out stays) and the server-set
/// [`SupportServerSet`] members, which may be sent back only unchanged.
pub struct SupportUpdate;

impl utoipa::PartialSchema for SupportUpdate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::merged::<SupportFields, SupportServerSet>(
            "The changes: members left out stay as they are. The server-set members may be sent back only unchanged (a GET, edited, PUT back).",
        )
    }
}

impl ToSchema for SupportUpdate {}

/// `isStat`: "0" hides the agent in the recycle bin, "1" restores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Visibility {
    #[serde(rename = "isStat")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub is_stat: String,
}

/// `{"support":{…}}` to create an agent.
#[derive(ToSchema)]
pub struct SupportCreateBody {
    pub support: SupportCreate,
}

/// `{"support":{…}}` to change an agent.
#[derive(ToSchema)]
pub struct SupportUpdateBody {
    pub support: SupportUpdate,
}

/// `{"support":{"isStat":"0"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VisibilityBody {
    pub support: Visibility,
}

crate::schema::request_shapes!(SupportFields, SupportServerSet, SupportUpdate, Visibility);
