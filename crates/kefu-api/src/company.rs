//! The caller's company account (公司): its settings, a kefu extension in the API's
//! conventions (the hosted service sets them in its back office).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /api/v1/company.json`. The default agent password itself is never shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanySettings {
    #[schema(example = "帮我吧科技")]
    pub name: String,
    /// The IANA zone every datetime of the company is read and shown in.
    #[serde(rename = "timeZone")]
    #[schema(example = "Asia/Shanghai")]
    pub time_zone: String,
    /// `"1"` when agents created without a password get the company's default one.
    #[serde(rename = "hasDefaultPassword")]
    #[schema(pattern = r"^[01]$", example = "1")]
    pub has_default_password: String,
}

/// `{"company":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanySettingsEnvelope {
    pub company: CompanySettings,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// The company's settings to change; members left out stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyInput {
    /// Read-only: may be sent back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub name: Option<String>,
    /// An IANA time zone.
    #[serde(rename = "timeZone", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text, example = "Asia/Shanghai")]
    pub time_zone: Option<String>,
    /// The password agents created without one receive. Never shown.
    #[serde(rename = "defaultPassword", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::password, example = "welcome-123")]
    pub default_password: Option<String>,
    /// Read-only: may be sent back unchanged.
    #[serde(rename = "hasDefaultPassword", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub has_default_password: Option<String>,
}

/// `{"company":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyBody {
    pub company: CompanyInput,
}

crate::schema::request_shapes!(CompanyInput);
